"""A linear query adapter: the question's vector moved toward the reports' wording.

Staff ask in their own words ("do kids get talked to when they come back from running
off?") what the reports say in theirs ("return home interviews are not consistently
offered"). A small sentence model puts such pairs further apart than the report's other
paragraphs on the same topic. The adapter is one square matrix ``A`` fitted on gold
question/paragraph pairs of the dev splits: a question's vector ``q`` is searched as
``normalise(q + A q)``. The index (paragraph, chunk and sentence vectors) is unchanged,
so an adapter can be fitted, swapped or switched off without rebuilding; this is the
"embedding adapter" of retrieval practice (a linear map on the query side only, fitted
contrastively, as in Chroma's 2024 technical report on embedding adapters and in
sentence-transformers' ``Dense`` adapters).

The fit (:func:`fit_adapter`) is contrastive and listwise, one question at a time over the
report(s) its question is routed to: a softmax over the cosines (times ``TEMPERATURE``) of
every chunk of those reports, whose target spreads evenly over the chunks of the gold
paragraphs, and the same over every sentence, whose target is the sentences holding a gold
answer. An L2 penalty on ``A`` (``L2``) keeps the map near the identity. Regularisation and
the held-out check are by report: :func:`grouped_folds` leaves every question of a report
out together, so the figures (`qa fit-adapter --folds`) are those of reports the fit never
saw. Fitting needs torch (installed with sentence-transformers); applying it needs NumPy.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import QAError

log = logging.getLogger(__name__)

DEFAULT_ADAPTER = Path(__file__).with_name("query_adapter.npz")
# The fit's settings. L2 was chosen by grouped cross-validation over reports on the dev
# splits (`qa fit-adapter --folds 5`, eval/README.md "Query adapter"); TEMPERATURE is the
# usual contrastive scale for unit vectors (cosine x 20), STEPS and LEARNING_RATE the
# fewest Adam steps after which the training loss no longer moves.
L2 = 0.03
TEMPERATURE = 20.0
STEPS = 150
LEARNING_RATE = 0.01


class AdapterFileError(QAError):
    """The query adapter file cannot be read, or is not an adapter."""


@dataclass(frozen=True)
class QueryAdapter:
    matrix: np.ndarray  # (dim, dim) float32: A of normalise(q + A q)
    model: str  # the embedding model whose vectors it was fitted on
    note: str = ""

    @property
    def dimension(self) -> int:
        return int(self.matrix.shape[0])

    def apply(self, vector: np.ndarray) -> np.ndarray:
        moved = vector + self.matrix @ vector
        norm = float(np.linalg.norm(moved))
        return (moved / norm).astype(np.float32) if norm > 0 else vector

    def save(self, path: Path = DEFAULT_ADAPTER) -> None:
        meta = json.dumps({"model": self.model, "note": self.note})
        with open(path, "wb") as handle:
            np.savez_compressed(handle, matrix=self.matrix.astype(np.float32), meta=np.array(meta))

    @classmethod
    def load(cls, path: Path) -> QueryAdapter:
        try:
            with np.load(path, allow_pickle=False) as data:
                matrix = np.asarray(data["matrix"], dtype=np.float32)
                meta = json.loads(str(data["meta"]))
        except FileNotFoundError as exc:
            raise AdapterFileError(f"no query adapter at {path}") from exc
        except Exception as exc:  # a zip, key or JSON error: not an adapter file
            raise AdapterFileError(
                f"{path} is not a query adapter (`qa fit-adapter` writes one): {exc}"
            ) from exc
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise AdapterFileError(f"{path}: the adapter's matrix is not square: {matrix.shape}")
        if not np.isfinite(matrix).all():
            raise AdapterFileError(f"{path}: the adapter's matrix holds NaN or infinity")
        return cls(matrix, str(meta.get("model", "")), str(meta.get("note", "")))


def adapter_for(path: Path | None, model: str, dimension: int) -> QueryAdapter | None:
    """The adapter at ``path`` if it was fitted on ``model``'s vectors, else None (logged):
    another model's vectors live in another space, where the map means nothing."""
    if path is None:
        return None
    adapter = QueryAdapter.load(path)
    if adapter.model != model or adapter.dimension != dimension:
        log.warning(
            "query adapter %s was fitted on %s (%d dimensions), not %s (%d): not used",
            path,
            adapter.model,
            adapter.dimension,
            model,
            dimension,
        )
        return None
    return adapter


@dataclass(frozen=True)
class AdapterExample:
    """One gold question with the candidates of the report(s) it is routed to."""

    group: str  # its report: questions of one report are held out together
    query: np.ndarray  # (dim,) the question's vector, unadapted
    chunks: np.ndarray  # (n, dim) every chunk vector of the routed reports
    chunk_units: np.ndarray  # (n,) the unit row of each chunk
    gold_units: frozenset[int]  # unit rows of the gold paragraphs
    sentences: np.ndarray  # (m, dim) every sentence vector of the routed reports
    gold_sentences: np.ndarray  # (m,) bool: the sentence holds a gold answer


def fit_adapter(
    examples: Sequence[AdapterExample],
    l2: float = L2,
    steps: int = STEPS,
    learning_rate: float = LEARNING_RATE,
    temperature: float = TEMPERATURE,
) -> np.ndarray:
    """A (dim, dim) matrix minimising the mean of each example's two listwise losses
    (chunks, sentences) plus ``l2`` |A|^2 (see the module docstring)."""
    import torch

    if not examples:
        raise ValueError("no gold question to fit the adapter on")
    # Questions over the same report share its candidate vectors (the same array): one
    # matrix product per report and kind rather than one per question.
    batches: dict[tuple[int, int], tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]] = {}
    for example in examples:
        on_chunks = np.isin(example.chunk_units, list(example.gold_units))
        for kind, (vectors, gold) in enumerate(
            ((example.chunks, on_chunks), (example.sentences, example.gold_sentences))
        ):
            if gold.any():
                entry = batches.setdefault((kind, id(vectors)), (vectors, [], []))
                entry[1].append(example.query)
                entry[2].append(gold.astype(np.float32) / gold.sum())
    tensors = [
        (
            torch.from_numpy(np.stack(queries)),
            torch.from_numpy(vectors),
            torch.from_numpy(np.stack(targets)),
        )
        for vectors, queries, targets in batches.values()
    ]
    lists = sum(len(queries) for _, queries, _ in batches.values())
    dim = examples[0].query.shape[0]
    matrix = torch.zeros(dim, dim, requires_grad=True)
    optimiser = torch.optim.Adam([matrix], lr=learning_rate)
    for _ in range(steps):
        optimiser.zero_grad()
        total = torch.zeros(())
        for asked, candidates, wanted in tensors:
            moved = torch.nn.functional.normalize(asked + asked @ matrix.T, dim=1)
            logits = temperature * (moved @ candidates.T)
            total = total + (torch.logsumexp(logits, 1) - (wanted * logits).sum(1)).sum()
        loss = total / lists + l2 * (matrix * matrix).sum()
        loss.backward()
        optimiser.step()
    return matrix.detach().numpy().astype(np.float32)


def grouped_folds(examples: Sequence[AdapterExample], folds: int) -> list[int]:
    """Each example's fold, by its report (a stable hash): a report's questions are held
    out together, so a fold's figures are those of reports the fit never saw."""
    return [zlib.crc32(e.group.encode()) % folds for e in examples]


def retrieval_figures(
    examples: Sequence[AdapterExample], matrix: np.ndarray | None
) -> dict[str, float]:
    """Over ``examples``: the gold paragraph's rank among the routed reports' paragraphs
    (by their best chunk's cosine) and the first answer sentence's rank among their
    sentences, with the query adapted by ``matrix`` (None: as it is)."""
    ranks, sentence_ranks = [], []
    for example in examples:
        query = example.query if matrix is None else QueryAdapter(matrix, "").apply(example.query)
        best: dict[int, float] = {}
        for unit, score in zip(
            example.chunk_units.tolist(), (example.chunks @ query).tolist(), strict=True
        ):
            best[unit] = max(best.get(unit, -2.0), score)
        order = sorted(best, key=lambda u: -best[u])
        ranks.append(min(order.index(u) for u in example.gold_units if u in best) + 1)
        if example.gold_sentences.any():
            gold = example.gold_sentences[np.argsort(-(example.sentences @ query))]
            sentence_ranks.append(int(np.argmax(gold)) + 1)
    ranks_a, sentences_a = np.array(ranks), np.array(sentence_ranks or [0])
    return {
        "questions": len(ranks),
        "paragraph_recall@1": float(np.mean(ranks_a == 1)),
        "paragraph_recall@5": float(np.mean(ranks_a <= 5)),
        "paragraph_mrr": float(np.mean(1.0 / ranks_a)),
        "sentence_recall@1": float(np.mean(sentences_a == 1)),
        "sentence_recall@5": float(np.mean(sentences_a <= 5)),
    }

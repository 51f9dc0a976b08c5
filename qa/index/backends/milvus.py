"""The Milvus store: each build is four collections, switched in by one Milvus alias.

For deployments past one machine (docs/milvus.md): the same code talks to Milvus Lite (a
``.db`` path: an embedded engine, for tests and trials) and to a Milvus server or cluster
(``http://host:19530``), through pymilvus. ``QA_MILVUS_URI`` chooses it.

A build ``B`` of alias ``qa`` (``QA_MILVUS_COLLECTION``) writes::

    qa_B_units      one row per unit: row number, doc, file hash, the Unit record (JSON),
                    ``terms`` (the unit's BM25 text as the project's own stems, see below)
                    and ``sparse``, filled by Milvus' BM25 function from ``terms``
    qa_B_chunks     one row per chunk: row, unit row, file hash, embed text, record, vector
    qa_B_sentences  one row per sentence: row, unit row, file hash, span, vector
    qa_B_meta       the manifest, document records, acronyms and the BM25 term table

``qa_B_meta`` is written last and the alias ``qa`` is then pointed at it (``alter_alias``,
atomic in Milvus): a build that dies before leaves the old alias serving, and its
collections are dropped by the next build. Readers resolve the alias once and then use
the concrete collection names, so a build switched in under a running query never
mixes two builds; a running server notices the new alias as it notices a new
``CURRENT`` file.

BM25: Milvus' own analyzers differ from the project's tokeniser (Milvus Lite's standard
analyzer has no stemmer and no stop words; a Milvus server's can stem, with other stop
words). So ``terms`` holds the text already tokenised by :func:`qa.text.terms.stems`
(Snowball stems, bm25s's English stop words removed), which Milvus' standard analyzer
splits back into the same terms: the same vocabulary as the embedded bm25s index, with
k1 and b set to bm25s's. docs/milvus.md measures what the raw-text analyzer would change.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import numpy as np

from qa.index import store
from qa.index.backends.base import (
    BuildWriter,
    IndexStore,
    NoPreviousVectors,
    Part,
    PreviousVectors,
    batched,
)
from qa.index.bulk import VECTORS
from qa.index.errors import IndexCorrupt, IndexError_, IndexNotBuilt
from qa.index.lexical import lexical_text
from qa.index.manifest import Manifest
from qa.index.searchindex import SearchIndex, assemble, check_manifest
from qa.settings import Settings
from qa.text.terms import stems

KINDS = ("units", "chunks", "sentences", "meta")
VARCHAR_MAX = 65_535  # Milvus' longest VARCHAR, in bytes
INSERT_ROWS = 256  # rows per insert call: 256 units of 64 KB stay under gRPC's 64 MB
PAGE_ROWS = 4_096  # rows per query when loading (Milvus caps one query at 16,384)
SEARCH_LIMIT = 16_384  # Milvus' largest top-k
META_PIECE_CHARS = 16_000  # a JSON value is split into pieces of at most 64,000 bytes
# bm25s's defaults (BM25(k1=1.5, b=0.75), Lucene's idf), so both stores score alike.
BM25_K1 = 1.5
BM25_B = 0.75
# HNSW like the embedded store's (qa/index/dense.py), for QA_FAISS_INDEX=hnsw.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 1024
CONNECT_TIMEOUT_S = 10.0

_BUILD_NAME = re.compile(r"^(?P<alias>.+)_(?P<build>\d{8}T\d{6}_\d{6})_(?P<kind>[a-z]+)$")


class MilvusUnavailable(IndexError_):
    """Milvus cannot be reached, or refused a request."""


def build_name(build_id: str) -> str:
    """A build id as Milvus allows in a collection name (letters, digits, underscores;
    ids are made so, older ones had a "-")."""
    return build_id.replace("-", "_")


class MilvusStore(IndexStore):
    name = "milvus"

    def __init__(self, client: Any, uri: str, alias: str):
        self.client = client
        self.closed = False
        self.uri = uri
        self.alias = alias

    @classmethod
    def connect(cls, uri: str, token: str | None = None, alias: str = "qa") -> MilvusStore:
        """A store on the Milvus at ``uri``: a ``.db`` path (Milvus Lite) or a server URL."""
        try:
            from pymilvus import MilvusClient
        except ImportError:
            raise MilvusUnavailable(
                "QA_MILVUS_URI is set but pymilvus is not installed; "
                'pip install -e ".[milvus]" (or unset QA_MILVUS_URI)'
            ) from None
        remote = re.match(r"^(https?|tcp|grpc)://", uri) is not None
        if not remote:
            if not uri.endswith(".db"):
                raise MilvusUnavailable(
                    f"QA_MILVUS_URI={uri!r} is neither a server URL (http://host:19530) nor a "
                    "Milvus Lite file ending in .db"
                )
            Path(uri).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
            # Milvus Lite runs its gRPC server in this process; pymilvus asks it for a
            # timestamp it does not implement (while waiting for an index) and handles
            # the answer, but grpc logs each such call with a traceback on stderr.
            logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
        try:
            client = MilvusClient(uri=uri, token=token or "", timeout=CONNECT_TIMEOUT_S)
            client.list_aliases()  # a first round trip: fail here, clearly, if unreachable
        except Exception as exc:  # pymilvus raises several unrelated types
            raise MilvusUnavailable(
                f"cannot reach Milvus at {uri} ({_reason(exc)}); check QA_MILVUS_URI and "
                "QA_MILVUS_TOKEN"
            ) from None
        return cls(client, uri, alias)

    # -- names ---------------------------------------------------------------------------

    def collection(self, build: str, kind: str) -> str:
        return f"{self.alias}_{build}_{kind}"

    def where(self) -> str:
        return f"milvus at {self.uri} (alias {self.alias})"

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise MilvusUnavailable(
                f"Milvus at {self.uri}: {what} failed ({_reason(exc)})"
            ) from None

    # -- which build is live -------------------------------------------------------------

    def current_build(self) -> str | None:
        try:
            # Listed first: describing a missing alias makes pymilvus log a traceback.
            if self.alias not in self.client.list_aliases().get("aliases", []):
                return None
            described = self.client.describe_alias(self.alias)
        except Exception:
            return None  # no alias yet (or Milvus away: the server keeps what it serves)
        name = described.get("collection_name", "") if described else ""
        match = _BUILD_NAME.match(name)
        return match["build"] if match and match["kind"] == "meta" else None

    def build_lock(self, wait: bool = False) -> AbstractContextManager[None]:
        # Milvus has no lock to take: builds are serialised by the machine that runs them
        # (one build host or CI job per alias, docs/milvus.md), with the same lock file as
        # the embedded store in a folder beside the Milvus Lite file or in the temp dir.
        if re.match(r"^(https?|tcp|grpc)://", self.uri):
            import tempfile

            folder = Path(tempfile.gettempdir()) / f"qa-milvus-{self.alias}"
        else:
            folder = Path(self.uri).expanduser().resolve().with_suffix(".lock.d")
        return store.IndexRoot(folder).build_lock(wait=wait)

    def builds(self) -> dict[str, set[str]]:
        """{build: kinds present} of this alias' collections."""
        out: dict[str, set[str]] = {}
        for name in self._call("list_collections", self.client.list_collections):
            match = _BUILD_NAME.match(name)
            if match and match["alias"] == self.alias and match["kind"] in KINDS:
                out.setdefault(match["build"], set()).add(match["kind"])
        return out

    def prune(self, keep: str | None = None) -> None:
        """Drop unfinished builds (no meta collection) and all finished ones but the live
        build and the newest before it (the embedded store keeps as many)."""
        live = self.current_build()
        finished = []
        for build, kinds in sorted(self.builds().items()):
            if build in (live, keep):
                continue
            if "meta" in kinds:
                finished.append(build)
            else:
                self._drop(build)
        for build in finished[: max(0, len(finished) - (store.KEEP_BUILDS - 1))]:
            self._drop(build)

    def remove(self) -> None:
        """Drop the alias and every build of it (`qa bench --stores` cleans up so)."""
        if not self._alias_missing():
            self._call("drop_alias", self.client.drop_alias, self.alias)
        for build in self.builds():
            self._drop(build)

    def _alias_missing(self) -> bool:
        try:
            return self.alias not in self.client.list_aliases().get("aliases", [])
        except Exception:
            return True

    def _drop(self, build: str) -> None:
        for kind in KINDS:
            name = self.collection(build, kind)
            try:
                if self.client.has_collection(name):
                    self.client.drop_collection(name)
            except Exception:
                logging.getLogger(__name__).warning("could not drop %s", name)

    # -- reading -------------------------------------------------------------------------

    def load(self, settings: Settings, check_corpus: bool = True) -> SearchIndex:
        build = self.current_build()
        if build is None:
            raise IndexNotBuilt(f"no index in {self.where()}; run `qa build`")
        names = {kind: self.collection(build, kind) for kind in KINDS}
        for name in names.values():
            self.ensure_loaded(name)
        manifest = self._manifest(names["meta"])
        # Replicas of `qa serve` need no corpus: the corpus is compared when it is here.
        check_manifest(manifest, settings, check_corpus and settings.corpus_dir.exists())
        try:
            units = [
                store.unit_from_record(json.loads(r["record"]))
                for r in self._rows(names["units"], ["record"], manifest.counts.units)
            ]
            chunk_units = [
                int(r["unit_row"])
                for r in self._rows(names["chunks"], ["unit_row"], manifest.counts.chunks)
            ]
            # Spans only: vectors are fetched for the few sentences an answer reads.
            sentences = self._rows(
                names["sentences"],
                ["unit_row", "char_start", "char_end"],
                manifest.counts.sentences,
            )
            documents = self._meta_json(names["meta"], "documents")
            acronyms = self._meta_json(names["meta"], "acronyms")
            df = self._meta_json(names["meta"], "df")
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexCorrupt(
                f"index in {self.where()} is damaged ({exc}); run `qa build`"
            ) from exc
        dim = manifest.model.dimension
        sentence_vectors = MilvusVectors(self, names["sentences"], len(sentences), dim)
        chunk_unit = np.asarray(chunk_units, dtype=np.int64)
        return assemble(
            location=f"{self.where()}: {names['meta']}",
            manifest=manifest,
            units=units,
            chunk_units=chunk_units,
            dense=MilvusChunks(self, names["chunks"], chunk_unit, manifest.faiss.get("type", "")),
            sentence_units=[int(s["unit_row"]) for s in sentences],
            sentence_spans=[(int(s["char_start"]), int(s["char_end"])) for s in sentences],
            sentence_vectors=sentence_vectors,
            lexical=MilvusLexical(self, names["units"], df["terms"], int(df["units"])),
            documents=documents,
            acronyms=acronyms,
        )

    def ensure_loaded(self, name: str) -> None:
        """Collections are searchable only when loaded into memory; a restarted Milvus
        Lite, or an operator, may have released them (loading a loaded one is a no-op)."""
        self._call(f"loading {name}", self.client.load_collection, name)

    def _manifest(self, meta: str) -> Manifest:
        record = self._meta_json(meta, "manifest")
        if not isinstance(record, dict):
            raise IndexCorrupt(f"index manifest in {meta} is not an object; run `qa build`")
        return Manifest.from_dict(record, f"{self.where()}: {meta}")

    def _meta_json(self, meta: str, key: str) -> Any:
        rows = self._call(
            f"reading {key} from {meta}",
            self.client.query,
            meta,
            filter=f'key like "{key}/%"',
            output_fields=["key", "value"],
            limit=SEARCH_LIMIT,
        )
        if not rows:
            raise IndexCorrupt(f"{meta} has no {key}; run `qa build`")
        return json.loads("".join(r["value"] for r in sorted(rows, key=lambda r: r["key"])))

    def _rows(self, collection: str, fields: list[str], count: int) -> list[dict]:
        """Every row of ``collection`` in row order, a page at a time."""
        out: list[dict] = []
        for start in range(0, count, PAGE_ROWS):
            out.extend(
                self._call(
                    f"reading {collection}",
                    self.client.query,
                    collection,
                    filter=f"row >= {start} and row < {start + PAGE_ROWS}",
                    output_fields=["row", *fields],
                    limit=PAGE_ROWS,
                )
            )
        out.sort(key=lambda r: r["row"])
        if [r["row"] for r in out] != list(range(count)):
            raise IndexCorrupt(
                f"{collection} holds {len(out)} rows, its manifest says {count}; run `qa build`"
            )
        return out

    def previous_vectors(self, settings: Settings, chunking: dict[str, int]) -> PreviousVectors:
        build = self.current_build()
        if build is None:
            return NoPreviousVectors()
        try:
            for kind in KINDS:
                self.ensure_loaded(self.collection(build, kind))
            manifest = self._manifest(self.collection(build, "meta"))
        except IndexError_:
            return NoPreviousVectors()  # an unreadable old build only means nothing is reused
        if (
            manifest.mismatch(
                settings.model, settings.encoding, chunking, VECTORS[settings.embed_backend]
            )
            is not None
        ):
            return NoPreviousVectors()
        return _CollectionVectors(self, build)

    # -- writing -------------------------------------------------------------------------

    def begin(self, build_id: str, dimension: int, settings: Settings) -> BuildWriter:
        self.prune()  # leftovers of interrupted builds
        return _CollectionWriter(self, build_name(build_id), dimension, settings.faiss_index)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.client.close()
        except Exception:  # already gone with the server: nothing left to release
            pass


class MilvusChunks:
    """Dense search over a build's chunks collection (inner product = cosine)."""

    def __init__(self, milvus: MilvusStore, collection: str, chunk_unit: np.ndarray, kind: str):
        self.milvus = milvus
        self.collection = collection
        self.chunk_unit = chunk_unit
        self.params: dict[str, Any] = {"metric_type": "IP"}
        if kind == "hnsw":
            self.params["params"] = {"ef": HNSW_EF_SEARCH}

    def search(
        self, vector: np.ndarray, k: int, units: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        where = ""
        if units is not None:
            allowed = np.flatnonzero(units)
            if not len(allowed):
                return np.zeros(0, np.float32), np.zeros(0, np.int64)
            where = f"unit_row in {allowed.tolist()}"
            # Every allowed chunk, as the embedded store scores them all under a filter.
            k = max(k, int(units[self.chunk_unit].sum()))
        hits = self.milvus._call(
            f"searching {self.collection}",
            self.milvus.client.search,
            self.collection,
            data=[np.asarray(vector, dtype=np.float32).tolist()],
            anns_field="vector",
            limit=max(1, min(k, SEARCH_LIMIT)),
            filter=where,
            search_params=self.params,
            output_fields=["row"],
        )[0]
        scores = np.asarray([h["distance"] for h in hits], dtype=np.float32)
        rows = np.asarray([h["entity"]["row"] for h in hits], dtype=np.int64)
        return scores, rows


class MilvusVectors:
    """A collection's vectors by row, fetched when asked for (the answerer reads those of
    the sentences of a few passages per question), with the most recent kept: a replica
    holds no vector table in memory, however large the corpus."""

    CACHE_ROWS = 50_000  # 75 MB of 384-dim vectors; dropped whole when full

    def __init__(self, milvus: MilvusStore, collection: str, rows: int, dim: int):
        self.milvus = milvus
        self.collection = collection
        self.shape = (rows, dim)
        self._cache: dict[int, np.ndarray] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: Any) -> np.ndarray:
        if isinstance(rows, int | np.integer):
            return self._fetch([int(rows)])[0]
        return self._fetch(np.asarray(rows, dtype=np.int64).reshape(-1).tolist())

    def _fetch(self, rows: list[int]) -> np.ndarray:
        with self._lock:
            cached = dict(self._cache)
        missing = sorted({r for r in rows if r not in cached})
        for batch in batched(missing, PAGE_ROWS):
            found = self.milvus._call(
                f"reading {self.collection}",
                self.milvus.client.query,
                self.collection,
                filter=f"row in {batch}",
                output_fields=["row", "vector"],
                limit=len(batch),
            )
            for r in found:
                cached[int(r["row"])] = np.asarray(r["vector"], dtype=np.float32)
        if any(r not in cached for r in rows):
            raise IndexCorrupt(f"{self.collection} lacks rows it should hold; run `qa build`")
        if missing:
            with self._lock:
                if len(self._cache) + len(missing) > self.CACHE_ROWS:
                    self._cache.clear()
                self._cache.update({r: cached[r] for r in missing})
        if not rows:
            return np.zeros((0, self.shape[1]), dtype=np.float32)
        return np.vstack([cached[r] for r in rows])


class MilvusLexical:
    """BM25 over a build's units collection (Milvus' BM25 function on the stemmed text),
    with the idf table the build recorded (Milvus does not hand out its statistics)."""

    def __init__(self, milvus: MilvusStore, collection: str, df: dict[str, int], units: int):
        self.milvus = milvus
        self.collection = collection
        self._idf = {term: _lucene_idf(units, n) for term, n in df.items()}
        self._idf[""] = _lucene_idf(units, 0)

    def query_terms(self, query: str) -> list[str]:
        return stems([query])[0]

    def idf(self) -> dict[str, float]:
        return dict(self._idf)

    def top(self, query: str, depth: int, units: np.ndarray | None = None) -> dict[int, float]:
        where = ""
        if units is not None:
            allowed = np.flatnonzero(units)
            if not len(allowed):
                return {}
            where = f"row in {allowed.tolist()}"
        return self._search(query, depth, where)

    def scores_for(self, query: str, rows: list[int]) -> dict[int, float]:
        if not rows:
            return {}
        found = self._search(query, len(rows), f"row in {sorted(rows)}")
        return {row: found.get(row, 0.0) for row in rows}

    def _search(self, query: str, limit: int, where: str) -> dict[int, float]:
        terms = self.query_terms(query)
        if not terms or limit < 1:
            return {}
        hits = self.milvus._call(
            f"BM25 search in {self.collection}",
            self.milvus.client.search,
            self.collection,
            data=[" ".join(terms)],
            anns_field="sparse",
            limit=min(limit, SEARCH_LIMIT),
            filter=where,
            search_params={"metric_type": "BM25"},
            output_fields=["row"],
        )[0]
        # A Milvus server reports the BM25 score, Milvus Lite its negation (a distance):
        # the score is never negative, so its absolute value is the score in both. Milvus
        # keeps the classic (k1 + 1) factor in the term weight, which bm25s's Lucene
        # variant drops: dividing by it gives bm25s's scores (measured equal to 1e-4 in
        # tests/index/test_stores.py), so Passage.lexical means the same in both stores.
        found = {int(h["entity"]["row"]): abs(float(h["distance"])) / (BM25_K1 + 1.0) for h in hits}
        return {row: score for row, score in found.items() if score > 0}


def _lucene_idf(n: int, df: int) -> float:
    """Lucene's BM25 idf, as bm25s and Milvus score with (see LexicalIndex.idf)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class _CollectionVectors:
    """The live build's vectors of one report at a time, by its file hash (a query per
    report: memory bounded by the report, not the corpus)."""

    def __init__(self, milvus: MilvusStore, build: str):
        self.milvus = milvus
        self.build = build

    def _query(self, kind: str, sha256: str, fields: list[str]) -> list[dict]:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            return []
        try:
            return self.milvus.client.query(
                self.milvus.collection(self.build, kind),
                filter=f'sha256 == "{sha256}"',
                output_fields=fields,
                limit=SEARCH_LIMIT,
            )
        except Exception:
            return []  # the old build went away: its report is embedded again

    def chunks(self, sha256: str) -> dict[str, np.ndarray]:
        return {
            r["embed_text"]: np.asarray(r["vector"], dtype=np.float32)
            for r in self._query("chunks", sha256, ["embed_text", "vector"])
        }

    def sentences(self, sha256: str) -> dict[str, np.ndarray]:
        texts = {
            int(r["row"]): json.loads(r["record"])["text"]
            for r in self._query("units", sha256, ["row", "record"])
        }
        out = {}
        for r in self._query("sentences", sha256, ["unit_row", "char_start", "char_end", "vector"]):
            text = texts.get(int(r["unit_row"]))
            if text is not None:
                out[text[r["char_start"] : r["char_end"]]] = np.asarray(r["vector"], np.float32)
        return out


class _CollectionWriter(BuildWriter):
    """Creates the build's collections, inserts each part as it comes (a few hundred
    rows per call), and switches the alias after the meta collection is complete."""

    def __init__(self, milvus: MilvusStore, build: str, dimension: int, faiss_type: str):
        self.milvus = milvus
        self.build = build
        self.dimension = dimension
        self.faiss_type = faiss_type
        self.rows = {"units": 0, "chunks": 0, "sentences": 0}
        self.df: Counter[str] = Counter()  # units containing each term, for idf
        for kind in ("units", "chunks", "sentences"):
            self._create(kind)

    def name(self, kind: str) -> str:
        return self.milvus.collection(self.build, kind)

    def _create(self, kind: str) -> None:
        from pymilvus import DataType, Function, FunctionType

        client = self.milvus.client
        schema = client.create_schema(auto_id=False)
        index = client.prepare_index_params()
        if kind == "meta":
            schema.add_field("key", DataType.VARCHAR, max_length=256, is_primary=True)
            schema.add_field("value", DataType.VARCHAR, max_length=VARCHAR_MAX)
            # Milvus wants a vector field in every collection; this one is never searched.
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=2)
            index.add_index(field_name="vector", index_type="FLAT", metric_type="L2")
        else:
            schema.add_field("row", DataType.INT64, is_primary=True)
            schema.add_field("sha256", DataType.VARCHAR, max_length=64)
        if kind == "units":
            schema.add_field("doc", DataType.VARCHAR, max_length=1024)
            schema.add_field("record", DataType.VARCHAR, max_length=VARCHAR_MAX)
            schema.add_field(
                "terms",
                DataType.VARCHAR,
                max_length=VARCHAR_MAX,
                enable_analyzer=True,
                analyzer_params={"tokenizer": "standard"},
            )
            schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_function(
                Function(
                    name="bm25",
                    function_type=FunctionType.BM25,
                    input_field_names=["terms"],
                    output_field_names=["sparse"],
                )
            )
            index.add_index(
                field_name="sparse",
                index_type="SPARSE_INVERTED_INDEX",
                metric_type="BM25",
                params={"bm25_k1": BM25_K1, "bm25_b": BM25_B},
            )
        if kind in ("chunks", "sentences"):
            schema.add_field("unit_row", DataType.INT64)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dimension)
        if kind == "chunks":
            schema.add_field("embed_text", DataType.VARCHAR, max_length=VARCHAR_MAX)
            schema.add_field("record", DataType.VARCHAR, max_length=VARCHAR_MAX)
            if self.faiss_type == "hnsw":
                index.add_index(
                    field_name="vector",
                    index_type="HNSW",
                    metric_type="IP",
                    params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION},
                )
            else:
                index.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        if kind == "sentences":
            schema.add_field("char_start", DataType.INT64)
            schema.add_field("char_end", DataType.INT64)
            # Read back whole, never searched; FLAT costs nothing to build.
            index.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        self.milvus._call(
            f"creating {self.name(kind)}",
            client.create_collection,
            self.name(kind),
            schema=schema,
            index_params=index,
        )

    def _insert(self, kind: str, rows: list[dict]) -> None:
        for batch in batched(rows, INSERT_ROWS):
            self.milvus._call(
                f"inserting into {self.name(kind)}",
                self.milvus.client.insert,
                self.name(kind),
                batch,
            )

    def add(self, part: Part) -> None:
        first_unit = self.rows["units"]
        unit_rows = {(u.doc, u.unit): first_unit + i for i, u in enumerate(part.units)}
        units = []
        for i, unit in enumerate(part.units):
            terms = stems([lexical_text(unit)])[0]
            self.df.update(set(terms))
            units.append(
                {
                    "row": first_unit + i,
                    "sha256": part.unit_sha[unit.doc],
                    "doc": unit.doc,
                    "record": _fits(json.dumps(unit.to_record(), ensure_ascii=False), unit),
                    "terms": _fits(" ".join(terms), unit),
                }
            )
        self._insert("units", units)
        first = self.rows["chunks"]
        self._insert(
            "chunks",
            [
                {
                    "row": first + i,
                    "sha256": part.unit_sha[c.doc],
                    "unit_row": unit_rows[(c.doc, c.unit)],
                    "vector": v.tolist(),
                    "embed_text": _fits(c.embed_text, c),
                    "record": json.dumps(c.position()),
                }
                for i, (c, v) in enumerate(zip(part.chunks, part.chunk_vectors, strict=True))
            ],
        )
        first_s = self.rows["sentences"]
        self._insert(
            "sentences",
            [
                {
                    "row": first_s + i,
                    "sha256": part.unit_sha[d],
                    "unit_row": unit_rows[(d, u)],
                    "char_start": s,
                    "char_end": e,
                    "vector": v.tolist(),
                }
                for i, ((d, u, s, e), v) in enumerate(
                    zip(part.sentences, part.sentence_vectors, strict=True)
                )
            ],
        )
        self.rows["units"] += len(part.units)
        self.rows["chunks"] += len(part.chunks)
        self.rows["sentences"] += len(part.sentences)

    def publish(self, documents: list[dict], acronyms: list[dict], manifest: Manifest) -> str:
        client = self.milvus.client
        for kind in ("units", "chunks", "sentences"):
            self.milvus._call(f"flushing {self.name(kind)}", client.flush, self.name(kind))
        counts = manifest.counts
        expected = {"units": counts.units, "chunks": counts.chunks, "sentences": counts.sentences}
        if self.rows != expected:
            raise IndexCorrupt(f"build wrote {self.rows}, its manifest says {expected}")
        self._create("meta")
        values = {
            "manifest": manifest.sealed(),
            "documents": documents,
            "acronyms": acronyms,
            "df": {"units": self.rows["units"], "terms": dict(self.df)},
        }
        self._insert(
            "meta",
            [
                {"key": f"{key}/{i:06d}", "value": piece, "vector": [0.0, 0.0]}
                for key, value in values.items()
                for i, piece in enumerate(_pieces(json.dumps(value, ensure_ascii=False)))
            ],
        )
        meta = self.name("meta")
        self.milvus._call(f"flushing {meta}", client.flush, meta)
        # The one switch: the alias moves to the complete build (atomic in Milvus).
        if self.milvus._alias_missing():
            self.milvus._call("create_alias", client.create_alias, meta, self.milvus.alias)
        else:
            self.milvus._call("alter_alias", client.alter_alias, meta, self.milvus.alias)
        self.milvus.prune(keep=self.build)
        return f"{self.milvus.where()} -> {self.milvus.collection(self.build, '*')}"

    def abandon(self) -> None:
        self.milvus._drop(self.build)


def _fits(text: str, owner: object) -> str:
    if len(text.encode("utf-8")) > VARCHAR_MAX:
        raise IndexError_(
            f"{owner!r:.80} is longer than Milvus' {VARCHAR_MAX}-byte text limit; "
            "use the embedded store for this corpus, or shorten the unit"
        )
    return text


def _pieces(text: str) -> Iterator[str]:
    for start in range(0, max(len(text), 1), META_PIECE_CHARS):
        yield text[start : start + META_PIECE_CHARS]


def _reason(exc: Exception) -> str:
    # pymilvus' exceptions carry the server's words in .message; str() wraps them in a repr.
    message = str(getattr(exc, "message", "") or exc).strip() or type(exc).__name__
    return message.splitlines()[0][:200]

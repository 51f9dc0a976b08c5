"""Every candidate sentence the answerer scored for each question of the ten dev splits,
with its features and whether it holds a gold answer (round 10). Writes
EXP_OUT/dev_cands.pkl for `fit_loso.py` and `why_fallback.py`.

    .venv/bin/python eval/experiments/collect_dev.py

Needs the indexes `dev_splits.py` reads (`make eval-real`, `make eval-fresh`)."""

import pickle
import re
from pathlib import Path

from _candidates import asked_with_candidates, unit_of
from _paths import OUT, ROOT
from dev_splits import SPLITS

from qa.evaluation.gold import load_gold
from qa.evaluation.metrics import answer_hit
from qa.pipeline import QAService
from qa.settings import Settings


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower().replace("\u2019", "'")


rows = []
for (corpus, index), golds in SPLITS.items():
    service = QAService.load(Settings(corpus_dir=Path(ROOT, corpus), index_dir=Path(ROOT, index)))
    for gold in golds:
        for item in load_gold([Path(ROOT, "eval/gold", f"{gold}.jsonl")]):
            answer, seen = asked_with_candidates(service, item.question)
            cands = []
            for c in seen[-1] if seen else []:
                unit = unit_of(service, c)
                cands.append(
                    dict(
                        row=c.row,
                        text=c.text,
                        score=c.score,
                        f=dict(c.features),
                        doc=unit.doc,
                        para=unit.paragraph,
                        unit_text=unit.text,
                        hit=any(normal(g) in normal(c.text) for g in item.answers),
                    )
                )
            rows.append(
                dict(
                    split=gold,
                    id=item.id,
                    q=item.question,
                    kind=item.kind,
                    answerable=item.answerable,
                    abstained=answer.abstained,
                    hit=item.answerable
                    and not answer.abstained
                    and answer_hit(answer.answer, item.answers),
                    cands=cands,
                )
            )
        print(gold, "collected", flush=True)
pickle.dump(rows, open(Path(OUT, "dev_cands.pkl"), "wb"))

"""Collect every candidate sentence for each gold question (scratch experiment)."""

import pickle
import sys
from dataclasses import replace
from pathlib import Path

from _candidates import asked_with_candidates, unit_of
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.answering.calibration import FALLBACK
from qa.evaluation.gold import load_gold
from qa.evaluation.metrics import answer_hit
from qa.pipeline import QAService
from qa.settings import Settings

out = []
emb = None
for corpus, index, golds in [
    (ROOT + "/corpus", ROOT + "/index", ["lancashire-dev", "lancashire-test"]),
    (ROOT + "/data/real-corpus", ROOT + "/data/real-index", ["real-dev", "real-test"]),
]:
    s = Settings(corpus_dir=Path(corpus), index_dir=Path(index))
    svc = QAService.load(s, calibration=replace(FALLBACK, threshold=0.0), embedder=emb)
    emb = svc.embedder
    for g in golds:
        for item in load_gold([Path(f"{ROOT}/eval/gold/{g}.jsonl")]):
            ans, seen = asked_with_candidates(svc, item.question)
            cands = []
            for cs in seen[:1]:
                for c in cs:
                    unit = unit_of(svc, c)
                    cands.append(
                        dict(
                            row=c.row,
                            text=c.text,
                            score=c.score,
                            rank=c.passage_rank,
                            features=c.features,
                            typed=c.typed,
                            hit=bool(item.answerable and answer_hit(c.text, item.answers)),
                            doc=unit.doc,
                            unit=unit.unit,
                            para_text=unit.text,
                        )
                    )
            out.append(
                dict(
                    split=g,
                    id=item.id,
                    question=item.question,
                    kind=item.kind,
                    qkind=svc.classify(item.question).kind,
                    answerable=item.answerable,
                    answers=item.answers,
                    gold_paras=list(item.paragraphs or []),
                    doc=getattr(item, "doc", None),
                    answer=ans.answer,
                    abstained=ans.abstained,
                    hit=bool(
                        item.answerable
                        and not ans.abstained
                        and answer_hit(ans.answer, item.answers)
                    ),
                    evidence=ans.evidence,
                    cands=cands,
                )
            )
        print(g, len(out), file=sys.stderr)
pickle.dump(out, open(OUT + "/cands.pkl", "wb"))

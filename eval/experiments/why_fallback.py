"""A why-question whose best sentence's paragraph states no cause, answered instead from
the best close sentence (at least half the best's score) of a paragraph that does (round
10, not built), from EXP_OUT/dev_cands.pkl (`collect_dev.py`).

    .venv/bin/python eval/experiments/why_fallback.py

Prints each such dev question: how it is answered now, and the fallback sentence, if any,
with whether it holds a gold answer."""

import pickle
from pathlib import Path

from _paths import OUT

from qa.answering.answerer import _CAUSAL
from qa.answering.question import limit_of

for q in pickle.load(open(Path(OUT, "dev_cands.pkl"), "rb")):
    if limit_of(q["q"]) != "reason" or not q["cands"]:
        continue
    best = q["cands"][0]
    if _CAUSAL.search(best["unit_text"]):
        continue
    fallback = next(
        (
            c
            for c in q["cands"]
            if c["score"] >= 0.5 * best["score"] and _CAUSAL.search(c["unit_text"])
        ),
        None,
    )
    if not q["answerable"]:
        now = "unanswerable, abstained" if q["abstained"] else "unanswerable, ANSWERED"
    else:
        now = "hit" if q["hit"] else "abstained" if q["abstained"] else "miss"
    said = "none" if fallback is None else f"holds a gold answer: {fallback['hit']}"
    print(f"{q['id']:18} now {now:24} fallback {said}")

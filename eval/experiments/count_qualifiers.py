"""Experiment: a count's qualifier words required in its answer sentence (not adopted).

For every count question ("How many ...?") of the gold files given, the answer the
system gives now, and the idf-weighted share of the question's words other than the
counted noun and the council's name ("arrived", "inappropriate", "after turning 18")
that its answer sentence and its paragraph hold. A floor on the sentence's share would
abstain on the close-topic counts (lines marked UNANS) but also on right counts (HIT).

    QA_CORPUS_DIR=data/all-corpus QA_INDEX_DIR=data/all-index HF_HUB_OFFLINE=1 \\
        .venv/bin/python eval/experiments/count_qualifiers.py eval/gold/fresh2-dev.jsonl ...
"""

import sys
from pathlib import Path

from _paths import ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.evaluation import metrics
from qa.evaluation.gold import load_gold
from qa.pipeline import QAService, Scope
from qa.settings import Settings
from qa.text.terms import prefix_stem, stems

service = QAService.load(Settings())
weights = service.answerer.weights
for item in load_gold([Path(p) for p in sys.argv[1:]]):
    question = service.classify(item.question)
    if not question.counted:
        continue
    answer = service.ask(item.question)
    kind = "ANS" if item.answerable else "UNANS"
    if answer.abstained:
        print("ABST", kind, item.question[:80])
        continue
    text = item.question
    for council in service.route(item.question, Scope()).named():
        text = service.router.without_council(text, council) or text
    counted = set(question.counted)
    rest = [t for t in weights.terms(text) if prefix_stem(t) not in counted]
    cited = answer.citations[0]
    paragraph = service.index.units[service.index.unit_rows[(cited.doc, cited.unit)]].text
    sentence = weights.coverage_in(rest, set(stems([answer.answer])[0])) if rest else 1.0
    whole = weights.coverage_in(rest, set(stems([paragraph])[0])) if rest else 1.0
    hit = item.answerable and metrics.answer_hit(answer.answer, item.answers)
    mark = "HIT " if hit else ("UNANS" if not item.answerable else "MISS")
    print(mark, f"sentence {sentence:.2f} paragraph {whole:.2f}", rest, "|", item.question[:70])

"""How many gold questions the spelling corrector reads differently from a corrector that
knows only the corpus's own words (the one before real words, council names and
contractions were protected). Prints each changed question, as each corrector reads it,
then the count. The README's "Spelling slips" figure."""

import json
import os

from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.pipeline import QAService
from qa.retrieval.spelling import SpellingCorrector
from qa.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SPLITS = [
    ({}, ["lancashire-dev", "lancashire-test"]),
    ({"corpus_dir": "data/real-corpus", "index_dir": "data/real-index"}, ["real-dev", "real-test"]),
]
changed = total = 0
for where, golds in SPLITS:
    service = QAService.load(Settings(**where))
    now = service.retriever.speller
    corpus_only = SpellingCorrector(now.counts)
    for gold in golds:
        for line in open(f"{ROOT}/eval/gold/{gold}.jsonl"):
            question = json.loads(line)["question"]
            total += 1
            before, after = corpus_only.correct(question), now.correct(question)
            if before != after:
                changed += 1
                print(f"{gold} | {before} | {after}")
print(f"{changed} of {total} gold questions read differently")

"""The real-report regression gate, on a sample: the real gold questions about the
reports named in eval/real-sample.txt (one of each format from each split), over an index
of those reports built with the real model, may not fall more than 0.05 below
eval/baseline-real-sample.json (recorded by `eval/real-sample.sh --record`). The full
real figures come from `make eval-real`, too slow for CI."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.evaluation.test_eval_harness import ROOT, _qa
from tests.fakes import REPORTS, needs_real_reports

pytestmark = [pytest.mark.integration, needs_real_reports]
SAMPLE = ROOT / "eval" / "real-sample.txt"
BASELINE = ROOT / "eval" / "baseline-real-sample.json"


def _sample() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in SAMPLE.read_text().splitlines())
    return [line for line in lines if line]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory, embedder):
    from qa.index.build import build_index
    from qa.ingest.corpus import load_corpus
    from qa.settings import Settings
    from qa.text.tokens import load_encoding

    root = tmp_path_factory.mktemp("real-sample")
    corpus = root / "corpus"
    corpus.mkdir()
    for doc in _sample():
        shutil.copy(REPORTS / f"{doc}.pdf", corpus)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    build_index(settings, load_corpus(corpus), embedder, load_encoding(settings.encoding), False)
    return settings


def test_the_sample_covers_every_format_and_both_splits():
    docs = _sample()
    years = {int(doc.rsplit("-", 1)[1]) for doc in docs}
    assert min(years) <= 2013 and any(2014 <= y <= 2017 for y in years) and max(years) >= 2018
    gold = {
        split: {
            json.loads(line).get("doc") for line in open(ROOT / f"eval/gold/real-{split}.jsonl")
        }
        for split in ("dev", "test")
    }
    assert all(any(doc in gold[split] for doc in docs) for split in gold)


def test_real_sample_gate_against_the_committed_baseline(sample_index):
    result = _qa(
        sample_index, "eval", "--no-ablations",
        "--gold", str(ROOT / "eval/gold/real-dev.jsonl"),
        "--gold", str(ROOT / "eval/gold/real-test.jsonl"),
        "--only-docs", f"@{SAMPLE}",
        "--baseline", str(BASELINE), "--margin", "0.05", "--informal",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Compared with the baseline" in result.stdout
    assert "informal answer_hit" in result.stdout  # the informal variant is gated too


def test_only_docs_naming_no_gold_report_is_a_clear_error(sample_index):
    result = _qa(
        sample_index, "eval", "--no-ablations",
        "--gold", str(ROOT / "eval/gold/real-dev.jsonl"), "--only-docs", "no-such-report",
    )  # fmt: skip
    assert result.returncode == 2
    assert "no gold question is about" in result.stderr

"""Own-words share of the gold questions.

For every answerable gold question that names paragraphs, compute the share of its
content words that also occur in the text of its gold paragraph(s); the question is
"own words" when that share is below 0.5 (it is phrased mostly in words the paragraph
does not use). Words are lower-cased runs of letters/digits, reduced by simple suffix
stripping (see ``stem``); function words (``STOP``) are dropped from the question. Words
that name the council, or the year, are dropped too (they are how staff point at a report,
not the report's wording of the fact).

Paragraph texts come only from the CLI contract, ``qa paragraphs --json`` (one call per
corpus: the command parses the whole corpus whether or not ``--doc`` is given, so one
call without ``--doc`` is as cheap as one with it). Seed files (``lancashire-*``) are read
over the default corpus; the real files over ``QA_CORPUS_DIR`` /work/main/data/real-corpus
and ``QA_INDEX_DIR`` /work/main/data/real-index (read only, nothing is built).

Usage (from the repository root)::

    .venv/bin/python eval/gold/wording.py              # table per file and overall
    .venv/bin/python eval/gold/wording.py --list FILE  # also each question's share

It prints per file: questions, answerable questions with paragraphs, the own-words count
and share of those, the questions of kind ``paraphrase`` and the share of ALL questions
that are own words (by the measure) and that are own words or unanswerable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "gold"
QA = ROOT / ".venv" / "bin" / "qa"
REAL_CORPUS = os.environ.get("REAL_CORPUS", "/work/main/data/real-corpus")
REAL_INDEX = os.environ.get("REAL_INDEX", "/work/main/data/real-index")
THRESHOLD = 0.5

# function words only: articles, pronouns, auxiliaries, prepositions, conjunctions,
# question words
STOP = set(
    """
a an the and or but nor so yet if then than that this these those there here
i me my we us our you your he him his she her it its they them their
is am are was were be been being do does did done doing have has had having
will would shall should can could may might must
of in on at to for from by with without about into onto over under as up down out off
what which who whom whose when where why how
not no any some all each every much many more most such
r u ur s t
""".split()
)


def stem(w: str) -> str:
    for suf in ("ingly", "edly", "ings", "ies", "ied", "ing", "ers", "ed", "es", "ly", "er", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            if suf in ("ies", "ied"):
                w += "y"
            break
    return w


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("'s", "")
    return re.findall(r"[a-z0-9]+", text)


def paragraphs(real: bool) -> dict[tuple[str, int], str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    if real:
        env.update(QA_CORPUS_DIR=REAL_CORPUS, QA_INDEX_DIR=REAL_INDEX)
    out = subprocess.run(
        [str(QA), "paragraphs", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    texts: dict[tuple[str, int], str] = {}
    for line in out.splitlines():
        u = json.loads(line)
        if u.get("paragraph") is not None:
            texts[(u["doc"], int(u["paragraph"]))] = u["text"]
    return texts


def share(question: str, text: str, skip: set[str]) -> float | None:
    para = {stem(w) for w in words(text)}
    q = [stem(w) for w in words(question) if w not in STOP and w not in skip]
    if not q:
        return None
    return sum(w in para for w in q) / len(q)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", help="print each question's share for this file name")
    args = ap.parse_args()
    files = sorted(GOLD.glob("*.jsonl"))
    cache: dict[bool, dict] = {}
    tot = defaultdict(int)
    print(
        f"{'file':24} {'qs':>4} {'ans+para':>8} {'own':>4} {'own%':>6} {'paraphr':>7} "
        f"{'own/all':>7} {'own+unans/all':>13}"
    )
    for f in files:
        real = f.name.startswith("real-")
        if real not in cache:
            cache[real] = paragraphs(real)
        texts = cache[real]
        n = ap_n = own = para_kind = unans = 0
        for line in f.read_text().splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            n += 1
            para_kind += q.get("kind") == "paraphrase"
            if not q.get("answers"):
                unans += 1
                continue
            if not q.get("paragraphs"):
                continue
            text = " ".join(texts.get((q["doc"], p), "") for p in q["paragraphs"])
            if not text:
                print(
                    f"warning: {f.name} {q['id']}: no text for {q['paragraphs']}", file=sys.stderr
                )
                continue
            skip = (
                set(words(q.get("council") or ""))
                | set(words(q["doc"] or ""))
                | {"lancashire", "ofsted"}
            )
            s = share(q["question"], text, skip)
            if s is None:
                continue
            ap_n += 1
            own += s < THRESHOLD
            if args.list == f.name:
                print(f"  {q['id']:16} {s:.2f} {q.get('kind', ''):12} {q['question']}")
        for k, v in (("n", n), ("ap", ap_n), ("own", own), ("para", para_kind), ("unans", unans)):
            tot[k] += v
        print(
            f"{f.name:24} {n:4} {ap_n:8} {own:4} {own / max(ap_n, 1):6.1%} {para_kind:7} "
            f"{own / max(n, 1):7.1%} {(own + unans) / max(n, 1):13.1%}"
        )
    print(
        f"{'overall':24} {tot['n']:4} {tot['ap']:8} {tot['own']:4} "
        f"{tot['own'] / max(tot['ap'], 1):6.1%} {tot['para']:7} "
        f"{tot['own'] / max(tot['n'], 1):7.1%} "
        f"{(tot['own'] + tot['unans']) / max(tot['n'], 1):13.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingestion survey: every report of a folder parsed, and the ones worth a look listed.

For each PDF (default ``../shared/reports``): numbered paragraphs, gaps in their numbering,
judgement-table findings, whether an overall judgement was found, and the parser's
warnings. Prints only the reports with a gap, a warning, no findings or no overall
judgement, then a count. Argument: the folder (optional).

Then the audit of docs/pdf-readers.md: front pages without a council; judgement rows
whose area ends in a word that cannot end one ("... who need help and") or holds a
letter set apart ("l Experiences ... care eavers"); a word with a doubled opening
("prprotection"); and the numbered paragraphs whose text does not end a sentence (a
heading's words run on, or a paragraph cut in two), with a count over all paragraphs.
"""

import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.ingest.corpus import load_document

FOLDER = Path(sys.argv[1] if len(sys.argv) > 1 else Path(ROOT).parent / "shared" / "reports")


_END = re.compile(r"[.?!:;)\u201d\u2019\"']$")
_CUT_AREA = re.compile(r"\b(?:and|of|who|need|with|the)$|^[a-z] ")
_DOUBLED = re.compile(r"\b([a-z]{2,3})\1[a-z]{3,}")
_WORDS_DOUBLED_IN_ENGLISH = {"vivid", "mementoes", "rereferred", "rereferral", "rereferrals"}


def audit(path: Path) -> tuple[str, list[str], int, int]:
    """(report, findings of the audit, numbered paragraphs, those not ending a sentence)."""
    doc = load_document(path, path.stem)
    notes = []
    if not doc.council:
        notes.append("no council on the front page")
    elif doc.council.lower().startswith("inspection"):
        notes.append(f"council read as {doc.council!r}")
    notes += [f"judgement area {f.area!r}" for f in doc.findings if _CUT_AREA.search(f.area)]
    paragraphs = [u for u in doc.units if u.kind == "paragraph"]
    for unit in doc.units:
        for text in (unit.text, unit.section or ""):
            for word in _DOUBLED.finditer(text.lower()):
                if word.group(0) not in _WORDS_DOUBLED_IN_ENGLISH:
                    notes.append(f"{unit.unit}: doubled {word.group(0)!r}")
    open_ended = [u for u in paragraphs if not _END.search(u.text.rstrip())]
    return path.stem, notes, len(paragraphs), len(open_ended)


def survey(path: Path) -> tuple[str, str | None]:
    doc = load_document(path, path.stem)
    numbers = [u.paragraph for u in doc.units if u.kind == "paragraph" and u.paragraph]
    gaps = [b for a, b in zip(numbers, numbers[1:]) if b != a + 1]
    overall = any(f.area.lower().startswith("overall") for f in doc.findings)
    problems = []
    if gaps:
        problems.append(f"numbering jumps at {gaps[:5]}")
    if not doc.findings:
        problems.append("no findings")
    elif not overall:
        problems.append("no overall judgement")
    problems += [w.message for w in doc.warnings]
    line = f"{len(numbers)} paragraphs, {len(doc.findings)} findings: " + "; ".join(problems)
    return path.stem, line if problems else None


if __name__ == "__main__":
    paths = sorted(FOLDER.glob("*.pdf"))
    with ProcessPoolExecutor(2) as pool:
        flagged = [(stem, line) for stem, line in pool.map(survey, paths) if line]
    for stem, line in flagged:
        print(f"{stem}: {line}")
    print(f"{len(flagged)} of {len(paths)} reports flagged")
    with ProcessPoolExecutor(2) as pool:
        audited = list(pool.map(audit, paths))
    for stem, notes, _, _ in audited:
        for note in notes:
            print(f"{stem}: {note}")
    total = sum(n for _, _, n, _ in audited)
    open_ended = sum(k for _, _, _, k in audited)
    print(
        f"audit: {sum(len(n) for _, n, _, _ in audited)} findings; {open_ended} of {total} "
        "numbered paragraphs do not end a sentence"
    )

"""Ingestion survey: every report of a folder parsed, and the ones worth a look listed.

For each PDF (default ``../shared/reports``): numbered paragraphs, gaps in their numbering,
judgement-table findings, whether an overall judgement was found, and the parser's
warnings. Prints only the reports with a gap, a warning, no findings or no overall
judgement, then a count. Argument: the folder (optional).
"""

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.ingest.corpus import load_document

FOLDER = Path(sys.argv[1] if len(sys.argv) > 1 else Path(ROOT).parent / "shared" / "reports")


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

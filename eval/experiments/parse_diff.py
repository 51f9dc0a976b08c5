"""Two parses of every report compared: what a parser change altered, unit by unit.

    cd eval/experiments
    python parse_diff.py dump data/before.json     # at the parent commit
    python parse_diff.py dump data/after.json      # at the change
    python parse_diff.py diff data/before.json data/after.json

``dump`` parses every PDF of a folder (default ``../shared/reports``; a third argument
names another) and writes each report's units (id, kind, grade, text) and judgement table.
``diff`` prints the reports whose units or tables differ, each changed unit's text
around the first difference, then how many units of how many reports changed and
whether any report's unit count or judgement table did. The README's "22 units of 18 of
the 99 reports" (a grade word that ends a sentence on its own line) is this diff at
commit 3f3ceec against its parent.
"""

import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _paths import ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.ingest.corpus import load_document


def _units(path: Path):
    doc = load_document(path)
    units = [(u.unit, u.kind, u.grade.label if u.grade else None, u.text) for u in doc.units]
    return path.stem, units, [(f.area, f.grade.label) for f in doc.findings]


def dump(out: Path, folder: Path) -> None:
    with ProcessPoolExecutor() as pool:
        parsed = {
            stem: [units, table]
            for stem, units, table in pool.map(_units, sorted(folder.glob("*.pdf")))
        }
    out.write_text(json.dumps(parsed), encoding="utf-8")
    print(f"{len(parsed)} reports -> {out}")


def diff(before: dict, after: dict) -> None:
    changed_units, changed_reports, shape = 0, 0, []
    for stem in sorted(before):
        (units_a, table_a), (units_b, table_b) = before[stem], after.get(stem, [[], []])
        if [units_a, table_a] == [units_b, table_b]:
            continue
        changed_reports += 1
        if len(units_a) != len(units_b) or table_a != table_b:
            shape.append(stem)
        print(f"== {stem}")
        for a, b in zip(units_a, units_b):
            if a == b:
                continue
            changed_units += 1
            at = next(
                (i for i, (x, y) in enumerate(zip(a[3], b[3])) if x != y), min(len(a[3]), len(b[3]))
            )
            print(
                f"   {a[0]}: {a[3][max(0, at - 60) : at + 40]!r} -> {b[3][max(0, at - 60) : at + 40]!r}"
            )
    print(
        f"{changed_units} units of {changed_reports} reports changed; "
        f"unit count or judgement table changed in: {', '.join(shape) or 'none'}"
    )


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        folder = (
            Path(sys.argv[3]) if len(sys.argv) > 3 else Path(ROOT).parent / "shared" / "reports"
        )
        dump(Path(sys.argv[2]), folder)
    else:
        load = lambda p: json.loads(Path(p).read_text(encoding="utf-8"))  # noqa: E731
        diff(load(sys.argv[2]), load(sys.argv[3]))

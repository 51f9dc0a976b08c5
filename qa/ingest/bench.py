"""Speed and accuracy of PDF ingestion over real reports.

``python -m qa.ingest.bench [--reports DIR] [--fixtures DIR] [--libs pypdfium2,pdfplumber]
[--limit N] [--workers N]`` prints, for each candidate library, the time per report and in
total (read only for the candidates; read + parse for the chosen reader), then the accuracy
of the parse against hand-checked fixtures (``<doc-id>.json``), tune and heldout side by
side: paragraph number + first words, last words, page, section, grade, and front matter
(lead inspector, inspection dates, publication date and council).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from qa.models import Document, Unit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REPORTS = Path(os.environ.get("QA_REPORTS_DIR") or ROOT.parent / "shared" / "reports")
DEFAULT_FIXTURES = ROOT / "tests" / "fixtures" / "reports"


# ---------------------------------------------------------------------------------------
# Reading


def parse_pdf_file(path: str) -> tuple[str, float, Document | None, str | None]:
    """Read + parse one report with the chosen reader: (path, seconds, doc, error)."""
    from qa.ingest.corpus import load_document

    start = time.perf_counter()
    try:
        doc = load_document(Path(path))
        return path, time.perf_counter() - start, doc, None
    except Exception as exc:  # noqa: BLE001 - a bench reports failures, it does not stop
        return path, time.perf_counter() - start, None, str(exc)


def _read_pdfplumber(path: str) -> int:
    import pdfplumber

    words = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words += len(page.extract_words(extra_attrs=["size", "fontname"]))
    return words


def _read_pypdfium2(path: str) -> int:
    from qa.ingest.pdfreader import read_pdf

    return sum(len(p.lines) for p in read_pdf(path).pages)


def _timed(args: tuple[str, str]) -> tuple[str, float, str | None]:
    lib, path = args
    start = time.perf_counter()
    try:
        {"pdfplumber": _read_pdfplumber, "pypdfium2": _read_pypdfium2}[lib](path)
        return path, time.perf_counter() - start, None
    except Exception as exc:  # noqa: BLE001
        return path, time.perf_counter() - start, str(exc)


def parse_all(paths: list[Path], workers: int = 2) -> tuple[dict[str, Document], dict, float]:
    """Parse every report, in parallel across files. Returns (docs by id, times, wall)."""
    start = time.perf_counter()
    docs: dict[str, Document] = {}
    times: dict[str, float] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for path, seconds, doc, error in pool.map(parse_pdf_file, [str(p) for p in paths]):
            times[Path(path).stem] = seconds
            if doc is not None:
                docs[doc.id] = doc
            else:
                print(f"  {Path(path).name}: {error}", file=sys.stderr)
    return docs, times, time.perf_counter() - start


def time_library(lib: str, paths: list[Path], workers: int = 2) -> tuple[dict, float]:
    start = time.perf_counter()
    times = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for path, seconds, _error in pool.map(_timed, [(lib, str(p)) for p in paths]):
            times[Path(path).stem] = seconds
    return times, time.perf_counter() - start


# ---------------------------------------------------------------------------------------
# Accuracy


def norm(text: str | None) -> str:
    """Lower case, ASCII dashes and quotes, no bullets, single spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e]", '"', text)
    text = text.replace("\u2022", " ")
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _section_ok(unit_section: str | None, part: str | None, expected: str | None) -> bool:
    if expected is None:
        return unit_section is None
    want = norm(expected)
    return norm(unit_section) == want or norm(part) == want


def compare(doc: Document, fixture: dict) -> dict[str, list[bool]]:
    """Per check, one bool per reference paragraph (front matter: one per report)."""
    result: dict[str, list[bool]] = {
        k: [] for k in ("number+first", "last", "page", "section", "grade", "front")
    }
    by_number: dict[int, Unit] = {}
    unit: Unit | None
    for unit in doc.units:
        if unit.kind == "paragraph" and unit.paragraph is not None:
            by_number.setdefault(unit.paragraph, unit)
    for ref in fixture.get("paragraphs", []):
        unit = by_number.get(ref["number"])
        text = norm(unit.text) if unit else ""
        result["number+first"].append(
            unit is not None and text.startswith(norm(ref["first_words"]))
        )
        result["last"].append(
            unit is not None and text.rstrip(" .").endswith(norm(ref["last_words"]).rstrip(" ."))
        )
        result["page"].append(unit is not None and unit.page == ref["page"])
        result["section"].append(
            unit is not None and _section_ok(unit.section, unit.part, ref.get("section"))
        )
        want = ref.get("grade")
        got = unit.grade if unit else None
        if want is None:
            result["grade"].append(unit is not None and got is None)
        else:
            from qa.ingest.reports import grade_from_text

            result["grade"].append(got is not None and got.number == grade_from_text(want).number)
    front = fixture.get("front", {})
    unit = next((u for u in doc.units if u.kind == "frontmatter"), None)
    ok = unit is not None
    for key in ("lead_inspector", "inspection_dates", "published"):
        if front.get(key):
            ok = ok and norm(front[key]) in norm(unit.text if unit else "")
    if front.get("council"):
        # The council's name exactly as the front page prints it, without "Council".
        ok = ok and norm(front["council"]) == norm(doc.council or "")
    result["front"].append(ok)
    return result


def accuracy(docs: dict[str, Document], fixtures: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """{split: {check: (right, total)}} over the fixtures whose report was parsed."""
    table: dict[str, dict[str, list[int]]] = {}
    for path in sorted(fixtures.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        doc = docs.get(fixture["doc"])
        if doc is None:
            continue
        split = table.setdefault(fixture.get("split", "tune"), {})
        for check, values in compare(doc, fixture).items():
            right_total = split.setdefault(check, [0, 0])
            right_total[0] += sum(values)
            right_total[1] += len(values)
    return {s: {c: (v[0], v[1]) for c, v in checks.items()} for s, checks in table.items()}


def failures(docs: dict[str, Document], fixtures: Path, split: str = "tune") -> list[str]:
    """What went wrong, one line per failed check (for tuning: tune split only)."""
    lines = []
    for path in sorted(fixtures.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        doc = docs.get(fixture["doc"])
        if doc is None or fixture.get("split") != split:
            continue
        units = {u.paragraph: u for u in doc.units if u.kind == "paragraph"}
        for ref in fixture["paragraphs"]:
            unit = units.get(ref["number"])
            one = {
                k: v[0]
                for k, v in compare(doc, {**fixture, "paragraphs": [ref]}).items()
                if k != "front"
            }
            for check, ok in one.items():
                if not ok:
                    got = {
                        "number+first": unit.text[:60] if unit else None,
                        "last": unit.text[-70:] if unit else None,
                        "page": unit.page if unit else None,
                        "section": (unit.part, unit.section) if unit else None,
                        "grade": unit.grade if unit else None,
                    }[check]
                    want = {
                        "number+first": ref["first_words"],
                        "last": ref["last_words"],
                        "page": ref["page"],
                        "section": ref["section"],
                        "grade": ref["grade"],
                    }[check]
                    lines.append(f"{doc.id} p{ref['number']} {check}: got {got!r} want {want!r}")
        if not compare(doc, fixture)["front"][0]:
            front = next((u.text for u in doc.units if u.kind == "frontmatter"), None)
            lines.append(f"{doc.id} front: got {front!r} want {fixture['front']!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.ingest.bench", description=__doc__)
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS)
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--libs", default="pypdfium2", help="comma list: pypdfium2,pdfplumber")
    parser.add_argument("--limit", type=int, default=0, help="only the first N reports")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--failures", action="store_true", help="list failed tune checks")
    parser.add_argument("--quiet", action="store_true", help="no per-report lines")
    args = parser.parse_args(argv)
    paths = sorted(args.reports.glob("*.pdf"))
    if args.limit:
        paths = paths[: args.limit]
    for lib in [x for x in args.libs.split(",") if x and x != "pypdfium2"]:
        times, wall = time_library(lib, paths, args.workers)
        print(
            f"== {lib} (read only): {len(paths)} reports, {wall:.1f} s wall, "
            f"{sum(times.values()):.1f} s CPU in workers"
        )
        if not args.quiet:
            for name, seconds in times.items():
                print(f"  {seconds:7.2f} s  {name}")
    docs, times, wall = parse_all(paths, args.workers)
    print(
        f"== pypdfium2 (read + parse, chosen): {len(paths)} reports, {wall:.1f} s wall, "
        f"{sum(times.values()):.1f} s in workers, {len(docs)} parsed"
    )
    if not args.quiet:
        for name, seconds in times.items():
            doc = docs.get(re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
            count = len([u for u in doc.units if u.kind == "paragraph"]) if doc else 0
            print(f"  {seconds:7.2f} s  {count:4d} paragraphs  {name}")
    table = accuracy(docs, args.fixtures)
    checks = ["number+first", "last", "page", "section", "grade", "front"]
    splits = [s for s in ("tune", "heldout") if s in table]
    print("== accuracy against " + str(args.fixtures))
    print(f"  {'check':14}" + "".join(f"{s:>22}" for s in splits))
    for check in checks:
        cells = []
        for split in splits:
            right, total = table[split].get(check, (0, 0))
            cells.append(f"{right}/{total} = {100 * right / total:5.1f}%" if total else "-")
        print(f"  {check:14}" + "".join(f"{c:>22}" for c in cells))
    if args.failures:
        for line in failures(docs, args.fixtures):
            print("  FAIL " + line)
    return 0


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    raise SystemExit(main())

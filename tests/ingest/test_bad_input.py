"""Bad input gets a clear warning or error naming the file, and loses nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.errors import CorpusError
from qa.ingest.corpus import load_corpus, load_document

SMALL_REPORT = """Small report

Contents

Findings\t2

Findings

1. The service is good overall.

2. Staff are well trained.

3. Records are kept well.
"""


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_empty_file_is_an_error_naming_it(tmp_path):
    path = _write(tmp_path, "empty.txt", b"  \n\n")
    with pytest.raises(CorpusError, match="empty.txt: file is empty"):
        load_document(path)


def test_binary_file_is_an_error_naming_it(tmp_path):
    path = _write(tmp_path, "image.txt", bytes(range(256)) * 4)
    with pytest.raises(CorpusError, match="image.txt: looks like a binary file"):
        load_document(path)


def test_broken_pdf_is_an_error_naming_it(tmp_path):
    path = _write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF garbage")
    with pytest.raises(CorpusError, match="broken.pdf"):
        load_document(path)


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    text = SMALL_REPORT.replace("well trained", "well trained \u2013 \u00a3300 \u2019s")
    path = _write(tmp_path, "cp.txt", text.encode("cp1252"))
    doc = load_document(path)
    assert "well trained \u2013 \u00a3300 \u2019s" in doc.unit_by_paragraph(2).text
    [warning] = doc.warnings
    assert warning.file.endswith("cp.txt") and warning.line == 11
    assert "cp1252" in warning.message


def test_bom_is_dropped(tmp_path):
    path = _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + SMALL_REPORT.encode())
    doc = load_document(path)
    assert doc.title == "Small report"
    assert doc.warnings == ()


def test_control_characters_are_removed_with_a_warning(tmp_path):
    text = SMALL_REPORT.replace("Staff are", "Staff\x07 are\x1b")
    doc = load_document(_write(tmp_path, "ctl.txt", text.encode()))
    assert doc.unit_by_paragraph(2).text == "Staff are well trained."
    [warning] = doc.warnings
    assert warning.line == 11 and "control character" in warning.message


def test_duplicate_and_backwards_numbers_are_warned_and_kept(tmp_path):
    text = SMALL_REPORT + "\n2. A second paragraph two.\n\n5. Five.\n\n4. Four, late.\n"
    doc = load_document(_write(tmp_path, "dup.txt", text.encode()))
    messages = [(w.file.endswith("dup.txt"), w.line, w.message) for w in doc.warnings]
    assert messages == [
        (True, 15, "duplicate paragraph number 2 (expected 4)"),
        (True, 17, "paragraph number jumps to 5; paragraph(s) 4 not found"),
        (True, 19, "backwards paragraph number 4 (expected 6)"),
    ]
    ids = [u.unit for u in doc.paragraphs]
    assert ids == ["p1", "p2", "p3", "p2-2", "p5", "p4"]


def test_gap_in_numbering_is_warned(tmp_path):
    text = SMALL_REPORT + "\n6. Six.\n"
    doc = load_document(_write(tmp_path, "gap.txt", text.encode()))
    assert any("paragraph(s) 4-5 not found" in w.message for w in doc.warnings)


def test_one_bad_file_does_not_lose_the_others(tmp_path, seed_path):
    _write(tmp_path, "a-empty.txt", b"")
    _write(tmp_path, "b-binary.txt", b"\x00\x01\x02" * 100)
    _write(tmp_path, "c-broken.pdf", b"%PDF-1.7 not really")
    _write(tmp_path, "seed.txt", seed_path.read_bytes())
    _write(tmp_path, "notes.md", b"# Notes\n\nSome notes about the service.\n")
    _write(tmp_path, "ignored.docx", b"PK\x03\x04")
    corpus = load_corpus(tmp_path)
    assert sorted(d.id for d in corpus.documents) == ["notes", "seed"]
    failed = sorted(Path(e.file).name for e in corpus.errors)
    assert failed == ["a-empty.txt", "b-binary.txt", "c-broken.pdf"]
    assert len(corpus.get("seed").paragraphs) == 156


def test_same_id_from_two_files_is_disambiguated(tmp_path):
    _write(tmp_path, "report.txt", SMALL_REPORT.encode())
    _write(tmp_path, "report.md", SMALL_REPORT.encode())
    corpus = load_corpus(tmp_path)
    assert sorted(d.id for d in corpus.documents) == ["report", "report-txt"]
    assert any("taken" in w.message for w in corpus.warnings)


def test_missing_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_pdf_library_noise_never_reaches_stderr(tmp_path):
    """pypdf logs "EOF marker not found" through logging's last-resort handler (stderr)
    when nothing is configured, as in `qa build`; a subprocess sees what a user would."""
    import subprocess
    import sys

    from tests.ingest.pdfmaker import build_pdf

    path = tmp_path / "cut.pdf"
    build_pdf("Some text on a page that is long enough to read.", path)
    path.write_bytes(path.read_bytes()[:-7])  # the end-of-file marker cut off
    code = (
        "import sys; from pathlib import Path; from qa.ingest.sources import read_source\n"
        "try:\n    read_source(Path(sys.argv[1]))\n"
        "except Exception as exc:\n    print('error:', exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    assert "cut.pdf" in done.stdout  # our own message names the file
    assert done.stderr == ""


def test_parallel_reading_gives_what_reading_one_by_one_gives(tmp_path):
    import shutil

    from qa.ingest.corpus import PARALLEL_FROM, load_corpus
    from tests.conftest import SEED

    for i in range(PARALLEL_FROM):
        shutil.copy(SEED, tmp_path / f"report-{i}.txt")
    shutil.copy(SEED, tmp_path / "report-0.md")  # same id: the later file (.txt) is renamed
    (tmp_path / "empty.txt").write_text("")
    one, many = load_corpus(tmp_path, workers=1), load_corpus(tmp_path, workers=2)
    assert [d.id for d in many.documents] == [d.id for d in one.documents]
    assert [d.id for d in many.documents][:2] == ["report-0", "report-0-txt"]
    assert all(u.doc == "report-0-txt" for u in many.documents[1].units)
    assert many.documents == one.documents
    assert [str(e) for e in many.errors] == [str(e) for e in one.errors] != []
    assert [str(w) for w in many.warnings] == [str(w) for w in one.warnings]

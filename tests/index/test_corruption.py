"""Every kind of index file, damaged every way an operator meets (a flipped bit, a
truncated copy, an emptied file, a deleted one), is refused on load with a message that
names the file and says to run `qa build`: never a traceback, never a silent load.
The manifest itself and the CURRENT pointer are damaged too (fake embedder)."""

from __future__ import annotations

import shutil

import pytest

from qa.index.backends import load_index
from qa.index.manifest import Manifest
from qa.index.store import IndexCorrupt, IndexError_, IndexRoot
from qa.settings import Settings
from tests.conftest import SEED
from tests.fakes import fake_index


def _flip(data: bytes) -> bytes:
    out = bytearray(data)
    out[len(out) // 2] ^= 0x01
    return bytes(out)


DAMAGE = {
    "flipped bit": _flip,
    "truncated": lambda data: data[: len(data) // 2],
    "emptied": lambda data: b"",
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    settings, _ = fake_index(tmp_path_factory.mktemp("pristine"), [SEED])
    return settings


@pytest.fixture()
def copy(pristine, tmp_path):
    """A private copy of the built index, to damage."""
    shutil.copytree(pristine.index_dir, tmp_path / "index")
    settings = Settings(
        corpus_dir=pristine.corpus_dir, index_dir=tmp_path / "index", data_dir=tmp_path / "data"
    )
    return settings, IndexRoot(settings.index_dir).current()


def test_every_file_type_every_damage_is_refused_by_name(copy):
    settings, folder = copy
    names = sorted(Manifest.read(folder).files)
    # Every kind of file the build writes is covered: tables, vectors, FAISS, BM25, JSON.
    suffixes = {name.rsplit(".", 1)[-1] for name in names}
    assert {"jsonl", "npy", "faiss", "json"} <= suffixes
    assert any(name.startswith("lexical/") for name in names)
    tried = 0
    for name in names:
        original = (folder / name).read_bytes()
        for how, damage in DAMAGE.items():
            if damage(original) == original:
                continue  # an empty file cannot be emptied
            (folder / name).write_bytes(damage(original))
            with pytest.raises(IndexCorrupt) as refused:
                load_index(settings)
            message = str(refused.value)
            assert name in message and "qa build" in message, (name, how, message)
            tried += 1
        (folder / name).unlink()
        with pytest.raises(IndexCorrupt, match=rf"{name} is missing.*qa build"):
            load_index(settings)
        (folder / name).write_bytes(original)
        load_index(settings)  # restored: loads again
    assert tried >= 3 * len(names) - 2


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_a_damaged_manifest_is_refused(copy, how):
    settings, folder = copy
    path = folder / "manifest.json"
    path.write_bytes(DAMAGE[how](path.read_bytes()))
    with pytest.raises(IndexError_, match="qa build"):
        load_index(settings)


def test_a_current_pointer_to_nothing_says_what_to_run(copy):
    settings, _ = copy
    (settings.index_dir / "CURRENT").write_text("no-such-build\n")
    with pytest.raises(IndexError_, match="qa build"):
        load_index(settings)
    (settings.index_dir / "CURRENT").write_bytes(b"\x00\xff garbage")
    with pytest.raises(IndexError_, match="qa build"):
        load_index(settings)

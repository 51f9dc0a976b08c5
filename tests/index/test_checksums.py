"""An index that cannot lie: every file's size and checksum, and the manifest's own, are
checked on load (fake embedder, real index on disk)."""

from __future__ import annotations

import json

import pytest

from qa.index.backends import load_index
from qa.index.store import IndexCorrupt, IndexRoot
from tests.conftest import SEED
from tests.fakes import fake_index


@pytest.fixture()
def built(tmp_path):
    settings, _ = fake_index(tmp_path, [SEED])
    return settings, IndexRoot(settings.index_dir).current()


def test_a_clean_build_loads_and_lists_every_file(built):
    settings, folder = built
    index = load_index(settings)
    assert {"units.jsonl", "chunks.npy", "dense.faiss", "sentences.npy"} <= set(
        index.manifest.files
    )
    assert any(name.startswith("lexical/") for name in index.manifest.files)


@pytest.mark.parametrize("name", ["chunks.npy", "dense.faiss", "units.jsonl"])
def test_a_flipped_bit_is_refused(built, name):
    settings, folder = built
    data = bytearray((folder / name).read_bytes())
    data[len(data) // 2] ^= 0x01  # same size, one bit different
    (folder / name).write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match=rf"{name} changed since the build.*qa build"):
        load_index(settings)


def test_a_missing_file_is_refused(built):
    settings, folder = built
    (folder / "acronyms.json").unlink()
    with pytest.raises(IndexCorrupt, match="acronyms.json is missing"):
        load_index(settings)


def test_a_hand_edited_manifest_is_refused(built):
    settings, folder = built
    record = json.loads((folder / "manifest.json").read_text())
    record["counts"]["units"] += 1
    (folder / "manifest.json").write_text(json.dumps(record))
    with pytest.raises(IndexCorrupt, match="was edited"):
        load_index(settings)

"""tiktoken's real rank files from a registry package: the expected hashes are tiktoken's
own, the conversion is exact, a wrong file is refused, and the installed ranks encode
as the published encodings do."""

from __future__ import annotations

import hashlib
import inspect
import io
import json
import re
import tarfile

import pytest

from qa.text.ranks import EXPECTED_SHA256, RanksError, install, ranks_dir, to_tiktoken
from qa.text.tokens import load_encoding


def test_expected_hashes_are_tiktokens_own():
    from tiktoken_ext import openai_public

    for name, digest in EXPECTED_SHA256.items():
        source = inspect.getsource(getattr(openai_public, name))
        assert re.search(rf'expected_hash="{digest}"', source), name


def _js(ranks: dict[bytes, int]) -> str:
    """A js-tiktoken ranks module: runs of consecutive ranks on one line."""
    import base64

    tokens = sorted(ranks, key=ranks.get)
    line = "! 0 " + " ".join(base64.b64encode(t).decode() for t in tokens)
    return "export default " + json.dumps({"pat_str": "x", "bpe_ranks": line}) + ";"


def test_conversion_writes_tiktokens_format_by_rank():
    js = 'export default {"bpe_ranks":"! 0 YQ== Yg==\\n! 2 YWI="};'
    assert to_tiktoken(js) == b"YQ== 0\nYg== 1\nYWI= 2\n"
    with pytest.raises(RanksError):
        to_tiktoken("export default 42;")


def test_a_package_with_other_ranks_is_refused_and_nothing_written(tmp_path):
    tgz = tmp_path / "js-tiktoken.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        for name in EXPECTED_SHA256:
            data = _js({b"a": 0, b"b": 1}).encode()
            info = tarfile.TarInfo(f"package/dist/ranks/{name}.js")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(RanksError, match="tiktoken expects"):
        install(tgz, tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.tiktoken"))


installed = pytest.mark.skipif(
    not (ranks_dir() / "cl100k_base.tiktoken").exists(),
    reason="rank files not installed (make tiktoken)",
)


@installed
@pytest.mark.parametrize(
    ("name", "ids"), [("cl100k_base", [15339, 1917]), ("o200k_base", [24912, 2375])]
)
def test_installed_ranks_are_the_real_encodings(name, ids):
    path = ranks_dir() / f"{name}.tiktoken"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == EXPECTED_SHA256[name]
    loaded = load_encoding(name)
    assert (loaded.used, loaded.source) == (name, "package")
    # "hello world" as tiktoken's published encodings encode it.
    assert loaded.encoding.encode_ordinary("hello world") == ids


@installed
def test_a_tampered_rank_file_is_not_used(tmp_path, monkeypatch):
    good = (ranks_dir() / "cl100k_base.tiktoken").read_bytes()
    (tmp_path / "cl100k_base.tiktoken").write_bytes(good.replace(b" 0\n", b" 1\n", 1))
    monkeypatch.setenv("QA_TIKTOKEN_DIR", str(tmp_path))
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    assert load_encoding("cl100k_base").source == "offline-fallback"

"""tiktoken's real rank files, taken from a registry package and checked, for machines
that cannot download them (tiktoken fetches them from openaipublic.blob.core.windows.net
on first use, which an air-gapped intranet cannot reach).

The source is the npm package ``js-tiktoken`` (MIT), which ships the same ranks as
JavaScript modules (``dist/ranks/<name>.js``: ``bpe_ranks`` lines of ``! <first rank>
<base64 token> ...``). :func:`to_tiktoken` writes them back in tiktoken's own format
(``<base64 token> <rank>`` per line, by rank), which reproduces the published file byte
for byte, and :func:`install` keeps a file only if its sha256 is the one tiktoken itself
expects (:data:`EXPECTED_SHA256`, copied from tiktoken's source). ``make tiktoken`` runs
it (``npm pack js-tiktoken``, then ``qa tokens import``); :mod:`qa.text.tokens` loads the
files from :func:`ranks_dir`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import tarfile
from pathlib import Path

from qa.errors import QAError

# From tiktoken_ext/openai_public.py (tiktoken 0.7 to 0.14): the ``expected_hash`` each
# encoding's constructor passes to load_tiktoken_bpe. tests/text/test_ranks.py checks
# them against the installed tiktoken's source.
EXPECTED_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
JS_TIKTOKEN = "js-tiktoken@1.0.21"


class RanksError(QAError):
    """A rank file that cannot be read, or is not the one tiktoken expects."""


def ranks_dir() -> Path:
    """Where the checked rank files live: ``$QA_TIKTOKEN_DIR``, else ``share/tiktoken``
    in the Python environment (the virtual environment `make setup` builds), so every
    process of that environment finds them whatever its working folder."""
    configured = os.environ.get("QA_TIKTOKEN_DIR")
    return Path(configured) if configured else Path(sys.prefix) / "share" / "tiktoken"


def to_tiktoken(js_module: str) -> bytes:
    """A js-tiktoken ranks module -> the ``.tiktoken`` file it was made from."""
    match = re.search(r"\{.*\}", js_module, re.S)
    if match is None:
        raise RanksError("not a js-tiktoken ranks module (no JSON object)")
    try:
        ranks = json.loads(match.group(0))["bpe_ranks"]
    except (ValueError, KeyError) as exc:
        raise RanksError(f"not a js-tiktoken ranks module ({exc})") from exc
    by_rank: dict[int, str] = {}
    for line in ranks.split("\n"):
        if not line:
            continue
        _, first, *tokens = line.split(" ")
        for offset, token in enumerate(tokens):
            by_rank[int(first) + offset] = token
    return "".join(f"{by_rank[rank]} {rank}\n" for rank in sorted(by_rank)).encode()


def install(source: Path, dest: Path | None = None) -> dict[str, Path]:
    """Write every encoding of :data:`EXPECTED_SHA256` found in ``source`` (the npm
    tarball or its unpacked folder) to ``dest`` as ``<name>.tiktoken``, each checked
    against its expected sha256 before it is kept."""
    dest = dest or ranks_dir()
    modules = _modules(source)
    missing = sorted(set(EXPECTED_SHA256) - set(modules))
    if missing:
        raise RanksError(f"{source}: no ranks for {', '.join(missing)}")
    dest.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, text in modules.items():
        data = to_tiktoken(text)
        digest = hashlib.sha256(data).hexdigest()
        if digest != EXPECTED_SHA256[name]:
            raise RanksError(
                f"{source}: {name} ranks have sha256 {digest}, tiktoken expects "
                f"{EXPECTED_SHA256[name]}; not installed"
            )
        path = dest / f"{name}.tiktoken"
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        written[name] = path
    return written


def _modules(source: Path) -> dict[str, str]:
    wanted = {f"package/dist/ranks/{name}.js": name for name in EXPECTED_SHA256}
    if source.is_dir():
        root = source if (source / "package").is_dir() else source.parent
        return {
            name: (root / member).read_text(encoding="utf-8")
            for member, name in wanted.items()
            if (root / member).is_file()
        }
    try:
        with tarfile.open(source) as tar:
            found = {}
            for member in tar.getmembers():
                if member.name in wanted and member.isfile():
                    handle = tar.extractfile(member)
                    if handle is not None:
                        text = io.TextIOWrapper(handle, encoding="utf-8").read()
                        found[wanted[member.name]] = text
            return found
    except (OSError, tarfile.TarError) as exc:
        raise RanksError(f"{source}: not a readable npm package ({exc})") from exc

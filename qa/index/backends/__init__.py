"""Index stores: the embedded files (default) or Milvus, chosen by ``QA_MILVUS_URI``."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from qa.index.backends.base import IndexStore
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.index.searchindex import SearchIndex


def open_store(settings: Settings) -> IndexStore:
    """The store the settings name: Milvus when ``milvus_uri`` is set, else ``index_dir``."""
    if settings.milvus_uri:
        from qa.index.backends.milvus import MilvusStore

        return MilvusStore.connect(
            settings.milvus_uri, settings.milvus_token, settings.milvus_collection
        )
    from qa.index.backends.embedded import EmbeddedStore

    return EmbeddedStore(settings.index_dir)


def load_index(settings: Settings, check_corpus: bool = True) -> SearchIndex:
    """The live build of the configured store, checked against the settings.

    The store's connection (a Milvus client) lives exactly as long as the index that
    reads through it: it is closed when a refused load fails and, after the server swaps
    in a new build, when the last request using the old index lets it go. Without this
    every reload left one client open."""
    index_store = open_store(settings)
    try:
        index = index_store.load(settings, check_corpus)
    except BaseException:
        index_store.close()
        raise
    weakref.finalize(index, index_store.close)
    return index

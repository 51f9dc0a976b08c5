"""Index stores: the embedded files (default) or Milvus, chosen by ``QA_MILVUS_URI``."""

from __future__ import annotations

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
    """The live build of the configured store, checked against the settings."""
    return open_store(settings).load(settings, check_corpus)

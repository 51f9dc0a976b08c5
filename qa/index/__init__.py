"""Stage 2, indexing: Units -> chunks -> embeddings -> FAISS + BM25 on disk, and loading it back."""

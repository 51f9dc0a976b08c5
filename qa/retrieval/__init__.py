"""Stage 3, retrieval: a question -> ranked paragraphs (dense + lexical, fused)."""

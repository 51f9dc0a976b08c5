"""Text handling shared by every stage: normalisation, sentences, token counts, terms."""

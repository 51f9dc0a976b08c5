"""Stage 4, answering: ranked paragraphs -> an extractive, cited answer or an abstention."""

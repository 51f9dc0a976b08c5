"""report-qa: answers questions about numbered inspection reports, citing paragraphs."""

__version__ = "0.1.0"

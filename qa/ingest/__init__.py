"""Stage 1, ingestion: report files -> Documents of citable Units."""

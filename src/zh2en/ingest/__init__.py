"""zh2en.ingest package."""

"""zh2en.report package."""

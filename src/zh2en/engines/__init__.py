"""zh2en.engines package."""

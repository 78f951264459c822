"""zh2en.stages package."""

"""zh2en.checks package."""

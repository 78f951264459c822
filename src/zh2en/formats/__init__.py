"""zh2en.formats package."""

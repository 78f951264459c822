"""zh2en.glossary package."""

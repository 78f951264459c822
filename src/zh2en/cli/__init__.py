"""The command-line interface: a thin typed shell over the library (one module per group)."""

"""The jiuzhu command-line interface (Click)."""

"""Files in and out: reading users' tables, writing results atomically, provenance."""

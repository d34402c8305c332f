"""Rules as data: building blocks, TOML-stated rules, jurisdiction files, chains, duties, cases."""

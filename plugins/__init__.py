"""Built-in jurisdiction plugins, one module per jurisdiction, registered by entry point."""

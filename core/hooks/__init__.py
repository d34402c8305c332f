"""Hooks: the specifications, what a plugin answers, calling and checking the answers, discovery."""

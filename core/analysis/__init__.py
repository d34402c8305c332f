"""Analyses over evaluations: comparison, gaps, roll-ups, sweeps, compliance."""

"""How many generated cases the property-based suites ran (reported at the end of the run)."""

GENERATED_CASES: dict[str, int] = {}


def count_case(suite: str) -> None:
    """Called once per generated example."""
    GENERATED_CASES[suite] = GENERATED_CASES.get(suite, 0) + 1

"""Sweeps: the same units evaluated once per value (or combination of values) of declared
parameters, to see how totals move and which units change at each step.

Every point is one batch evaluation in this process, through one Evaluation, so a
level whose parameters a point leaves alone is not asked again.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from attrs import frozen

from jiuzhu.core.rules.chain import Chain, resolve_override_name
from jiuzhu.core.model.errors import ParameterError
from jiuzhu.core.lazy import np
from jiuzhu.core.combine.results import StaffingResult
from jiuzhu.core.model.table import UNIT_LEVELS, Table

#: More points than this is refused: a sweep is for seeing a trend, not for brute force.
MAX_POINTS = 1000


@frozen
class Axis:
    """One swept parameter (as written: a bare name or ``CODE.name``) and its values in order."""

    name: str
    values: tuple


def parse_axis(text: str) -> Axis:
    """``NAME=START:STOP:STEP`` (STOP included when a step lands on it) or ``NAME=A,B,C``."""
    name, sep, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not name or not spec:
        raise ParameterError(f"{text!r}: write PARAM=START:STOP:STEP (as in township_dibao_per_staff_minimum="
                             "800:1500:100) or PARAM=A,B,C")
    if ":" not in spec:
        from jiuzhu.core.profiles import parse_value

        return Axis(name, tuple(parse_value(v.strip()) for v in spec.split(",") if v.strip()))
    parts = spec.split(":")
    try:
        start, stop, step = (Decimal(p.strip()) for p in parts) if len(parts) == 3 else (None,) * 3
    except InvalidOperation:
        start = None
    if start is None:
        raise ParameterError(f"{text!r}: START:STOP:STEP must be three numbers")
    if step == 0 or (stop - start) * step < 0:
        raise ParameterError(f"{text!r}: the step must be non-zero and lead from {start} to {stop}")
    count = int((stop - start) / step) + 1
    if count > MAX_POINTS:
        raise ParameterError(f"{text!r}: {count:,} values; at most {MAX_POINTS:,} points per sweep")
    values = [start + step * i for i in range(count)]
    return Axis(name, tuple(int(v) if v == v.to_integral_value() else float(v) for v in values))


def check_axes(axes: Sequence[Axis], levels) -> list[str]:
    """Each axis's ``CODE.name`` as the chain resolves it; a value of the wrong kind (a
    fraction for a whole-number parameter) is refused here, a value out of the declared
    range when the point's chain is built."""
    qualified = []
    for axis in axes:
        j, pname = resolve_override_name(levels, axis.name)
        default = j.parameters[pname].value
        for v in axis.values:
            if isinstance(default, int) and not isinstance(default, bool) and isinstance(v, float):
                raise ParameterError(f"{j.code}.{pname} takes a whole number, not {v}")
        qualified.append(f"{j.code}.{pname}")
    if len(set(qualified)) < len(qualified):
        raise ParameterError("a parameter is swept twice: give each once")
    return qualified


@frozen(eq=False)
class Point:
    """One point of a sweep: its parameter values and its staffing totals."""

    values: dict[str, Any]
    roles: dict[str, int]  # total minimum staff per role
    levels: dict[str, int]  # total minimum staff per unit level
    total: int
    changed: np.ndarray  # positions of the units whose answer differs from the previous point's


def _answer(result: StaffingResult) -> np.ndarray:
    """Every role's minimum and maximum per unit, stacked: what "the answer changed" compares."""
    rows = [col for o in result.roles for col in (np.where(o.covered, o.minimum, -1),
                                                    np.where(o.covered, o.maximum, -1))]
    return np.stack(rows) if rows else np.zeros((0, len(result.units)), dtype=np.int64)


def grid_chains(axes: Sequence[Axis], chain_for: Callable[[Mapping[str, Any]], Chain]) -> list[tuple[dict, Chain]]:
    """Every combination of the axes' values (the last axis varying fastest) with its chain,
    built by ``chain_for(overrides)``, which refuses a value outside a parameter's declared
    range: all are built, so all are checked, before anything is evaluated."""
    grid = list(itertools.product(*(axis.values for axis in axes)))
    if len(grid) > MAX_POINTS:
        raise ParameterError(f"{len(grid):,} points; at most {MAX_POINTS:,} per sweep")
    names = [axis.name for axis in axes]
    return [(values, chain_for(values)) for values in (dict(zip(names, point)) for point in grid)]


def sweep(units: Table, points: Sequence[tuple[dict, Chain]],
          evaluate: Callable[[Table, Chain], StaffingResult]) -> list[Point]:
    """Evaluate ``units`` at each of :func:`grid_chains`' points, in order."""
    masks = {level: units.level_mask(level) for level in UNIT_LEVELS}
    done, previous = [], None
    for values, chain in points:
        result = evaluate(units, chain)
        per_unit = np.zeros(len(units), dtype=np.int64)
        roles = {}
        for o in result.roles:
            stated = np.where(o.covered & (o.minimum >= 0), o.minimum, 0)
            roles[o.role] = int(stated.sum())
            per_unit += stated
        answer = _answer(result)
        if previous is None or previous.shape != answer.shape:
            changed = np.zeros(0, dtype=np.int64) if previous is None else np.arange(len(units))
        else:
            changed = np.flatnonzero((previous != answer).any(axis=0))
        previous = answer
        done.append(Point(values, roles,
                          {level: int(per_unit[mask].sum()) for level, mask in masks.items() if mask.any()},
                          int(per_unit.sum()), changed))
    return done

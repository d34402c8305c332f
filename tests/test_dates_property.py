"""Value histories, generated: on every day exactly the entry that covers it answers, a
start day and an until day both included, and no day falls between two entries."""

from __future__ import annotations

import datetime as dt
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from casecount import count_case
from jiuzhu.core.rules.jurisdiction_file import parse_jurisdiction

BOUNDED = settings(max_examples=150, deadline=None, derandomize=True, database=None)
HEADER = ('code = "520000"\nname_zh = "贵州省"\nname_en = "Guizhou"\nlevel = "province"\n'
          '[[documents]]\nid = "n"\ntitle = "t"\nissuer = "i"\ndate = "2015-01-01"\nstatus = "in_force"\n')
BASE = dt.date(2016, 1, 1)


@st.composite
def histories(draw):
    """Distinct start offsets (days after BASE), sorted, each with a value; the last may end."""
    starts = sorted(draw(st.sets(st.integers(0, 3000), min_size=1, max_size=6)))
    last_until = draw(st.one_of(st.none(), st.integers(0, 400)))
    return starts, last_until


@BOUNDED
@given(histories(), st.integers(-30, 3500))
def test_the_entry_covering_a_day_answers(history, offset):
    count_case("value histories")
    starts, last_until = history
    entries = [f"{{ from = {BASE + dt.timedelta(days=s)}, value = {k} }}" for k, s in enumerate(starts)]
    final_until = None
    if last_until is not None:
        final_until = BASE + dt.timedelta(days=starts[-1] + last_until)
        entries[-1] = entries[-1].replace(" }", f", until = {final_until} }}")
    text = HEADER + f'[parameters.p]\nclause = "一"\nvalues = [{", ".join(entries)}]\n'
    param = parse_jurisdiction(tomllib.loads(text), "g.toml").parameters.by_name["p"]
    day = BASE + dt.timedelta(days=offset)
    got = param.on(day)
    started = [k for k, s in enumerate(starts) if BASE + dt.timedelta(days=s) <= day]
    if not started or (final_until is not None and day > final_until):
        assert got is None
    else:
        assert got is not None and got.value == started[-1]
    # the boundaries: each start day answers with its own value, the day before with the previous one
    for k, s in enumerate(starts):
        start = BASE + dt.timedelta(days=s)
        assert param.on(start).value == k
        before = param.on(start - dt.timedelta(days=1))
        assert (before is None) if k == 0 else (before.value == k - 1)
    if final_until is not None:
        assert param.on(final_until).value == len(starts) - 1 and param.on(final_until + dt.timedelta(days=1)) is None

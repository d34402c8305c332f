"""The public API for jurisdiction plugin authors: everything a plugin may import.

Built-in plugins and the packages ``jiuzhu new-jurisdiction`` writes import from here and
nowhere else in jiuzhu (a test holds them to it). What is not listed in ``__all__`` (all
of ``jiuzhu.core``) may change without notice::

    from jiuzhu.plugin import REVIEW, StaffingRule, blocks, declare, hookimpl

What it holds:

- ``hookimpl``: marks a function as the implementation of a hook (see ``jiuzhu.core.hooks.specs``
  for what each hook receives and returns).
- Declaration: ``load_jurisdiction`` (a TOML file to a :class:`Jurisdiction`), ``declare``
  (the ``jiuzhu_jurisdiction`` hook for a TOML file), ``declarative_hooks`` (the hooks for
  the ``[[rules]]`` a TOML file states), ``declare_builtin`` and ``builtin_rules`` (for
  jiuzhu's own plugins: the declaration and the ``[[rules]]`` of a shipped TOML file).
- Answers: ``StaffingRule``, ``Condition``, ``Duty``, ``Deduction``, ``Factor``,
  ``FundRule``, ``ScoringRule``; the condition statuses ``PASS``, ``FAIL``, ``REVIEW``,
  ``ASSESS``, ``MISSING``.
- Rule building blocks: ``blocks`` (``per_ratio``, ``base_plus_per``, ``banded``,
  ``condition``, ``judgement``, ``descending_ranks``…), with ``condition`` and
  ``judgement`` also by name.
- Field readers: ``fields`` (``yes_no``, ``number``, ``choice``, ``education``), each
  returning ``(value, known)`` columns and naming the row and column of a bad cell;
  ``vocabulary``: the documents' Chinese words for fields with a fixed set of values.
- Subjects: ``Subject`` and ``Field`` declare the eligibility subjects a plugin checks,
  their fields and sample file; ``subjects_hook(subjects)`` makes the ``jiuzhu_subjects``
  hook from them, ``declare_subjects(path)`` from the ``[subjects.NAME]`` tables of a TOML file.
- Values a hook receives: ``Table``, ``Chain``, ``Jurisdiction``, ``Citation``.
- Errors: ``InputError`` (a bad cell in the user's data, raised from a hook),
  ``JiuzhuError``.
- ``np``: numpy, imported on first use, so loading a plugin never pays for it.
"""

from __future__ import annotations

from jiuzhu.core.rules import blocks
from jiuzhu.core.io import fields
from jiuzhu.core.model import vocabulary
from jiuzhu.core.hooks.answers import (
    ASSESS,
    FAIL,
    MISSING,
    PASS,
    REVIEW,
    Condition,
    Deduction,
    Duty,
    Factor,
    FundRule,
    ScoringRule,
    StaffingRule,
)
from jiuzhu.core.rules.blocks import condition, judgement
from jiuzhu.core.rules.chain import Chain
from jiuzhu.core.rules.declarative import builtin_rules, declarative_hooks
from jiuzhu.core.model.errors import InputError, JiuzhuError
from jiuzhu.core.rules.jurisdiction_file import declare, declare_builtin, load_jurisdiction
from jiuzhu.core.lazy import np
from jiuzhu.core.model import Citation, Jurisdiction
from jiuzhu.core.rules.subjects import Field, Subject, subjects_hook
from jiuzhu.core.model.table import Table

__all__ = [
    "hookimpl",
    # declaring a jurisdiction
    "load_jurisdiction", "declare", "declare_builtin", "declarative_hooks", "builtin_rules",
    # answers and statuses
    "StaffingRule", "Condition", "Duty", "Deduction", "Factor", "FundRule", "ScoringRule",
    "PASS", "FAIL", "REVIEW", "ASSESS", "MISSING",
    # rule building blocks and field readers
    "blocks", "condition", "judgement", "fields", "vocabulary",
    # eligibility subjects (the jiuzhu_subjects hook)
    "Subject", "Field", "subjects_hook", "declare_subjects",
    # what hooks receive
    "Table", "Chain", "Jurisdiction", "Citation",
    # errors
    "InputError", "JiuzhuError",
    "np",
]


def declare_subjects(path):
    """The ``jiuzhu_subjects`` hook for the ``[subjects.NAME]`` tables of the TOML file at
    ``path`` (a sample file named there sits beside it)::

        jiuzhu_subjects = declare_subjects(files(__package__) / "520000.toml")
    """
    from jiuzhu.core.rules.jurisdiction_file import read_toml
    from jiuzhu.core.rules.subjects import subjects_from_toml, subjects_hook

    data, source = read_toml(path)
    return subjects_hook(subjects_from_toml(data, path.parent, source))


def __getattr__(name: str):
    if name == "hookimpl":  # one marker object, shared with ``jiuzhu.hookimpl``
        import jiuzhu

        return jiuzhu.hookimpl
    raise AttributeError(f"module 'jiuzhu.plugin' has no attribute {name!r}")

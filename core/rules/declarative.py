"""Rules stated in a jurisdiction's TOML file alone, using the rule building blocks.

A ``[[rules]]`` entry names a rule family, a shape from :mod:`jiuzhu.core.rules.blocks` and the
parameters (by name, so profile overrides apply) it takes::

    [[rules]]
    family = "staffing"
    role = "township_staff"
    level = "township"                 # the units it covers
    clause = "三(一)"
    quote = "…"
    maximum = { shape = "fixed", value = "max_staff" }      # optional

    [rules.minimum]                    # a longer shape as a sub-table of this rule
    shape = "base_plus_per"
    input = "population"
    threshold = "pop_threshold"
    base = "base_staff"
    per = "per_people"
    rounding = "rounding_minimum"

    [[rules]]
    family = "fund_floor"
    level = "township"
    clause = "三(九)"
    floor = { shape = "banded", input = "population", bounds = ["band_1"], values = ["floor_1", "floor_2"] }

    [[rules]]
    family = "eligibility"
    subject = "xieliyuan_candidate"
    condition = "age"
    clause = "二(二)"
    check = { shape = "range", field = "age", min = "age_min", max = "age_max" }
    in_principle = false                # true: a failure needs review instead of refusal

Shapes for numbers: ``fixed``, ``per_ratio``, ``base_plus_per``, ``threshold_ratio`` (a
base up to a threshold, one per ``per`` above it), ``banded``. A rule that rounds a ratio
by a parameter marked ``interpretation`` or ``assumption`` flags the rows where rounding
changed the number. Shapes for checks: ``range``, ``at_least`` (a number),
``education_at_least``, ``yes``, ``no``, ``any_yes`` (``fields``), ``only_if`` (where
``field`` is yes, ``requires`` must be), ``one_of``, ``assess`` (a judgement for a person: no
field). A ``banded`` shape's ``boundary`` is ``lower``, ``upper`` or a parameter holding one
(where the text leaves the boundary open). An eligibility rule names a ``condition``, or a
``duty`` (``applies = { shape = "always" }``, or ``{ shape = "when", yes = [fields],
no = [fields] }``: where every ``yes`` field is yes and no ``no`` field is).

A rule cites its ``clause`` and ``quote``, or ``cite = "PARAMETER"`` to take both from a
parameter; ``maximum_cite`` does the same for a staffing maximum. A ``note`` may name
parameters in braces (``"{hired} in all"``): the profile's value is filled in; so may a
``description`` and a ``reason``. A rule no
shape covers needs a Python hook (see docs/adding-a-jurisdiction.md).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from attrs import frozen

from jiuzhu.core.lazy import np

from jiuzhu.core.model.errors import JurisdictionFileError

NUMBER_SHAPES = {"fixed": ("value",), "per_ratio": ("input", "per", "rounding"),
                 "base_plus_per": ("input", "threshold", "base", "per", "rounding"),
                 "threshold_ratio": ("input", "threshold", "base", "per", "rounding"),
                 "banded": ("input", "bounds", "values")}
CHECK_SHAPES = {"range": ("field", "min", "max"), "at_least": ("field", "min"),
                "education_at_least": ("field", "min"), "yes": ("field",), "no": ("field",),
                "any_yes": ("fields",), "only_if": ("field", "requires"), "one_of": ("field", "values"),
                "assess": ()}
DUTY_SHAPES = {"always": (), "when": ()}
FAMILIES = ("staffing", "fund_floor", "eligibility")
UNIT_INPUTS = ("population", "dibao_count")
#: Arguments that name a column or a literal, not a parameter.
_LITERAL_ARGS = ("shape", "input", "field", "fields", "yes", "no", "requires")


def _where(source: str, i: int) -> str:
    return f"{source} [[rules]] #{i + 1}"


def _note_names(note: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(note) if name]


def validate_rules(rules: list[Mapping[str, Any]], parameters: Mapping[str, Any], source: str) -> None:
    """Every rule names a known family and shape, and every parameter it names is declared."""
    for i, rule in enumerate(rules):
        where = _where(source, i)
        family = rule.get("family")
        if family not in FAMILIES:
            raise JurisdictionFileError(f"{where}: 'family' must be one of {', '.join(FAMILIES)}, not {family!r}")
        for key in ("cite", "maximum_cite"):
            if key in rule and rule[key] not in parameters:
                raise JurisdictionFileError(f"{where}: {key!r} names parameter {rule[key]!r}, which [parameters] "
                                            "does not declare")
        if not (rule.get("clause") or rule.get("cite")):
            raise JurisdictionFileError(f"{where}: a rule needs the 'clause' it rests on (or 'cite' = a parameter)")
        for name in [n for key in ("note", "description", "reason") for n in _note_names(rule.get(key, ""))]:
            if name not in parameters:
                raise JurisdictionFileError(f"{where}: a text names parameter {{{name}}}, which [parameters] does "
                                            "not declare")
        duty = family == "eligibility" and "duty" in rule
        specs = {"staffing": ("minimum", "maximum"), "fund_floor": ("floor",),
                 "eligibility": ("applies",) if duty else ("check",)}[family]
        if family == "staffing" and "role" not in rule:
            raise JurisdictionFileError(f"{where}: a staffing rule needs a 'role'")
        if family == "eligibility" and not (rule.get("subject") and (rule.get("condition") or duty)):
            raise JurisdictionFileError(f"{where}: an eligibility rule needs 'subject' and 'condition' (or 'duty')")
        if family in ("staffing", "fund_floor") and rule.get("level") not in ("county", "township", "village"):
            raise JurisdictionFileError(f"{where}: 'level' must be county, township or village")
        if not any(k in rule for k in specs):
            raise JurisdictionFileError(f"{where}: needs {' or '.join(repr(k) for k in specs)}")
        for key in specs:
            if key not in rule:
                continue
            spec = rule[key]
            shapes = DUTY_SHAPES if duty else CHECK_SHAPES if family == "eligibility" else NUMBER_SHAPES
            shape = spec.get("shape") if isinstance(spec, dict) else None
            if shape not in shapes:
                raise JurisdictionFileError(f"{where}: {key}.shape must be one of {', '.join(shapes)}, not {shape!r}")
            for arg in shapes[shape]:
                if arg not in spec and not (arg == "rounding" and shape in ("per_ratio", "base_plus_per",
                                                                            "threshold_ratio")):
                    raise JurisdictionFileError(f"{where}: {key} ({shape}) needs {arg!r}")
            for arg, value in spec.items():
                if arg in _LITERAL_ARGS or (arg == "values" and shape == "one_of") or (
                        arg == "boundary" and value in ("lower", "upper")):
                    continue
                for name in value if isinstance(value, list) else [value]:
                    if name not in parameters:
                        raise JurisdictionFileError(f"{where}: {key}.{arg} names parameter {name!r}, which "
                                                    "[parameters] does not declare")
            if family != "eligibility" and spec.get("input", "population") not in UNIT_INPUTS:
                raise JurisdictionFileError(f"{where}: {key}.input must be one of {', '.join(UNIT_INPUTS)}")


def _number(spec: Mapping[str, Any], units, rows, p) -> tuple[np.ndarray, np.ndarray]:
    """The shape's values on ``rows`` of ``units``, and where a rounding the text leaves open
    (a rounding parameter marked interpretation or assumption) changed the number."""
    from jiuzhu.core.rules import blocks

    shape = spec["shape"]
    n = int(np.count_nonzero(rows))
    exact = np.zeros(n, dtype=bool)
    if shape == "fixed":
        return np.full(n, p.value(spec["value"]), dtype=np.asarray(p.value(spec["value"])).dtype), exact
    values = np.asarray(units[spec["input"]])[rows]
    if shape == "banded":
        boundary = spec.get("boundary", "lower")
        boundary = boundary if boundary in ("lower", "upper") else p.value(boundary)  # a parameter: an open reading
        return blocks.banded(values, [p.value(b) for b in spec["bounds"]], [p.value(v) for v in spec["values"]],
                             boundary), exact
    rounding = p.value(spec["rounding"]) if "rounding" in spec else "ceil"
    open_reading = "rounding" in spec and (p[spec["rounding"]].interpretation or p[spec["rounding"]].assumption)
    per = p.value(spec["per"])
    if shape == "per_ratio":
        out, counted = blocks.per_ratio(values, per, rounding), values
    elif shape == "base_plus_per":
        threshold = p.value(spec["threshold"])
        out = blocks.base_plus_per(values, threshold, p.value(spec["base"]), per, rounding)
        counted = np.maximum(np.asarray(values, dtype=np.int64) - threshold, 0)
    else:  # threshold_ratio
        above = np.asarray(values) > p.value(spec["threshold"])
        out = np.where(above, blocks.per_ratio(values, per, rounding), p.value(spec["base"]))
        counted = np.where(above, values, 0)
    return out, (blocks.is_inexact(counted, per) if open_reading else exact)


def _citation(rule: Mapping[str, Any], j, key: str = "cite"):
    if key in rule:
        return j.parameters[rule[key]].citation
    return j.citation(rule["clause"], rule.get("quote", ""))


def _note(rule: Mapping[str, Any], p, key: str = "note", default: str = "") -> str:
    """The rule's text under ``key`` with the parameters it names in braces filled in."""
    note = rule.get(key, default)
    text = note.format(**{name: p.value(name) for name in _note_names(note)}) if note else ""
    if text and rule.get(f"{key}_zh"):  # the file's own Chinese for it (description_zh, reason_zh, note_zh)
        from jiuzhu.core.i18n import learn

        zh = rule[f"{key}_zh"]
        learn(text, zh.format(**{name: p.value(name) for name in _note_names(zh)}))
    return text


def _check(rule: Mapping[str, Any], records, j):
    from jiuzhu.core.io import fields
    from jiuzhu.core.hooks.answers import REVIEW, Duty
    from jiuzhu.core.rules.blocks import condition, judgement

    p = j.parameters
    cite = _citation(rule, j)
    if "duty" in rule:
        spec = rule["applies"]
        applies = np.ones(len(records), bool)
        for name in spec.get("yes", ()):
            applies &= fields.yes_no(records, name)[0]
        for name in spec.get("no", ()):
            value, known = fields.yes_no(records, name)
            applies &= ~value  # blank: not known to be, so the duty still applies
        return Duty(rule["duty"], _note(rule, p, "description", rule["duty"]), cite, applies)
    spec = rule["check"]
    shape = spec["shape"]
    description = _note(rule, p, "description", f"{rule['condition']} ({shape} on {spec.get('field', '')})")
    reason = _note(rule, p, "reason", f"fails: {description}")
    if shape == "assess":
        return judgement(rule["condition"], description, cite, len(records))
    if shape in ("range", "at_least"):
        value, known = fields.number(records, spec["field"])
        lo = p.value(spec["min"])
        ok = value >= lo
        if shape == "range":
            hi = p.value(spec["max"])
            ok &= value <= hi
            if "reason" not in rule:  # per record: "age 51 above 50"
                # Worded only where the record does not pass (the only rows whose reason is read).
                reason = np.full(len(records), None, dtype=object)
                outside = np.flatnonzero(~ok)
                # Worded once per distinct value (a million candidates have a few dozen ages).
                values, which = np.unique(np.nan_to_num(value[outside]), return_inverse=True)
                words = np.array([f"{spec['field']} {v:g} above {hi}" if v > hi else f"{spec['field']} {v:g} below {lo}"
                                  for v in values] + [None], dtype=object)
                reason[outside] = words[np.asarray(which).reshape(-1)]
    elif shape == "education_at_least":
        value, known = fields.education(records, spec["field"])
        ok = value >= fields.EDUCATION_LEVELS[p.value(spec["min"])]
    elif shape in ("yes", "no"):
        value, known = fields.yes_no(records, spec["field"])
        ok = value if shape == "yes" else ~value
    elif shape == "only_if":  # where the field is yes, the required one must be too
        value, known_value = fields.yes_no(records, spec["field"])
        required, known_required = fields.yes_no(records, spec["requires"])
        ok = ~value | required
        known = known_value & (~value | known_required)
    elif shape == "any_yes":
        columns = [fields.yes_no(records, f) for f in spec["fields"]]
        ok = np.logical_or.reduce([v for v, _ in columns])
        known = np.logical_or.reduce([k for _, k in columns])
    else:
        value, known = fields.choice(records, spec["field"])
        ok = np.isin(value, list(spec["values"]))
    return condition(rule["condition"], description, cite, passes=ok, known=known,
                     when_failing=REVIEW if rule.get("in_principle") else None, reason=reason)


@frozen(eq=False)
class StatedRules:
    """A jurisdiction's ``[[rules]]``, validated, turned into answers on request."""

    code: str
    rules: tuple

    def of(self, family: str) -> list:
        return [r for r in self.rules if r["family"] == family]

    def staffing(self, units, j) -> list:
        from jiuzhu.core.rules import blocks
        from jiuzhu.core.hooks.answers import StaffingRule

        out = []
        for r in self.of("staffing"):
            applies = units.level_mask(r["level"])
            bounds, inexact = {}, np.zeros(int(np.count_nonzero(applies)), dtype=bool)
            for key in ("minimum", "maximum"):
                if key in r:
                    values, flags = _number(r[key], units, applies, j.parameters)
                    bounds[key] = blocks.on_rows(applies, np.asarray(values, dtype=np.int64))
                    inexact |= flags
            out.append(StaffingRule(
                role=r["role"], citation=_citation(r, j), applies=applies,
                minimum=bounds.get("minimum"), maximum=bounds.get("maximum"),
                assumption=blocks.on_rows(applies, inexact) if inexact.any() else False,
                restricts_maximum=bool(r.get("restricts_maximum", False)),
                max_citation=_citation(r, j, "maximum_cite") if "maximum_cite" in r else None,
                note=_note(r, j.parameters)))
        return out

    def fund_floors(self, units, j):
        """A :class:`FundRule` with each unit's floor and, per unit, the citation of the rule
        that set it (None when no ``fund_floor`` rule is stated)."""
        from jiuzhu.core.hooks.answers import FundRule

        stated = self.of("fund_floor")
        if not stated:
            return None
        floors = np.full(len(units), -1, dtype=np.int64)
        citations = np.full(len(units), None, dtype=object)
        for r in stated:
            mask = units.level_mask(r["level"])
            values = _number(r["floor"], units, mask, j.parameters)[0]
            floors[mask] = values
            citations[mask] = _citation(r, j)
            if r["floor"]["shape"] == "banded":  # each band cites its own amount's words
                for name in r["floor"]["values"]:
                    band = mask.copy()
                    band[mask] = values == j.parameters.value(name)
                    citations[band] = j.parameters[name].citation
        first = _citation(stated[0], j)
        return FundRule(citation=first, floors=floors, floor_citation=first, floor_citations=citations,
                        note="; ".join(n for r in stated if (n := _note(r, j.parameters))))

    def checks(self, subject: str, records, j) -> list:
        return [_check(r, records, j) for r in self.of("eligibility") if r["subject"] == subject]


def stated_rules(data: Mapping[str, Any], parameters: Mapping[str, Any], code: str, source: str) -> StatedRules:
    rules = data.get("rules", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise JurisdictionFileError(f"{source}: 'rules' must be [[rules]] tables")
    validate_rules(rules, parameters, source)
    return StatedRules(code, tuple(rules))


@lru_cache(maxsize=None)
def builtin_rules(code: str) -> StatedRules:
    """The ``[[rules]]`` of a jurisdiction file shipped in ``jiuzhu.jurisdictions`` (read once)."""
    from jiuzhu.core.rules.jurisdiction_file import builtin_file

    data, source, declared = builtin_file(code)
    return stated_rules(data, declared.parameters, declared.code, source)


def declarative_hooks(path) -> dict[str, Any]:
    """Hook implementations for the jurisdiction and the ``[[rules]]`` of the TOML file at ``path``.

    Returns ``{hook name: implementation}``; assign them at module level in a plugin module,
    and replace any one with a Python function of your own for a rule no shape covers.
    """
    from jiuzhu import hookimpl
    from jiuzhu.core.rules.jurisdiction_file import parse_jurisdiction, read_toml

    data, source = read_toml(path)  # read and parsed once: the declaration and the rules
    declared = parse_jurisdiction(data, source)
    stated = stated_rules(data, declared.parameters, declared.code, source)
    code = declared.code

    @hookimpl
    def jiuzhu_jurisdiction():
        return declared

    hooks: dict[str, Any] = {"jiuzhu_jurisdiction": jiuzhu_jurisdiction}
    if "subjects" in data:  # [subjects.NAME]: subjects of its own, their fields and sample file
        from jiuzhu.core.rules.subjects import subjects_from_toml, subjects_hook

        hooks["jiuzhu_subjects"] = subjects_hook(subjects_from_toml(data, path.parent, source))

    if stated.of("staffing"):
        @hookimpl
        def jiuzhu_staffing_rule(units, chain):
            return stated.staffing(units, chain[code])
        hooks["jiuzhu_staffing_rule"] = jiuzhu_staffing_rule

    if stated.of("fund_floor"):
        @hookimpl
        def jiuzhu_fund_factor_weighting(units, chain):
            return stated.fund_floors(units, chain[code])
        hooks["jiuzhu_fund_factor_weighting"] = jiuzhu_fund_factor_weighting

    if stated.of("eligibility"):
        @hookimpl
        def jiuzhu_eligibility_check(subject, records, chain):
            return stated.checks(subject, records, chain[code]) or None
        hooks["jiuzhu_eligibility_check"] = jiuzhu_eligibility_check
    return hooks


class DeclarativePlugin:
    """A plugin object made from a TOML file alone (what a TOML-only entry point loads)."""

    def __init__(self, path):
        for name, hook in declarative_hooks(path).items():
            setattr(self, name, hook)
        self.__name__ = f"toml:{getattr(path, 'name', path)}"

    def __repr__(self) -> str:
        return f"<DeclarativePlugin {self.__name__}>"

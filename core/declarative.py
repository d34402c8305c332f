"""Rules stated in a jurisdiction's TOML file alone, using the rule building blocks.

A ``[[rules]]`` entry names a rule family, a shape from :mod:`jiuzhu.core.blocks` and the
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

Shapes for numbers: ``fixed``, ``per_ratio``, ``base_plus_per``, ``banded``. Shapes for
checks: ``range``, ``at_least`` (a number), ``education_at_least``, ``yes``, ``no``,
``one_of``. A rule no shape covers needs a Python hook (see docs/adding-a-jurisdiction.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jiuzhu.core.lazy import np

from jiuzhu.core.errors import JurisdictionFileError

NUMBER_SHAPES = {"fixed": ("value",), "per_ratio": ("input", "per", "rounding"),
                 "base_plus_per": ("input", "threshold", "base", "per", "rounding"),
                 "banded": ("input", "bounds", "values")}
CHECK_SHAPES = {"range": ("field", "min", "max"), "at_least": ("field", "min"),
                "education_at_least": ("field", "min"), "yes": ("field",), "no": ("field",),
                "one_of": ("field", "values")}
FAMILIES = ("staffing", "fund_floor", "eligibility")
UNIT_INPUTS = ("population", "dibao_count")


def _where(source: str, i: int) -> str:
    return f"{source} [[rules]] #{i + 1}"


def validate_rules(rules: list[Mapping[str, Any]], parameters: Mapping[str, Any], source: str) -> None:
    """Every rule names a known family and shape, and every parameter it names is declared."""
    for i, rule in enumerate(rules):
        where = _where(source, i)
        family = rule.get("family")
        if family not in FAMILIES:
            raise JurisdictionFileError(f"{where}: 'family' must be one of {', '.join(FAMILIES)}, not {family!r}")
        if not rule.get("clause"):
            raise JurisdictionFileError(f"{where}: a rule needs the 'clause' it rests on")
        specs = {"staffing": ("minimum", "maximum"), "fund_floor": ("floor",), "eligibility": ("check",)}[family]
        if family == "staffing" and "role" not in rule:
            raise JurisdictionFileError(f"{where}: a staffing rule needs a 'role'")
        if family == "eligibility" and not (rule.get("subject") and rule.get("condition")):
            raise JurisdictionFileError(f"{where}: an eligibility rule needs 'subject' and 'condition'")
        if family in ("staffing", "fund_floor") and rule.get("level") not in ("county", "township", "village"):
            raise JurisdictionFileError(f"{where}: 'level' must be county, township or village")
        if not any(k in rule for k in specs):
            raise JurisdictionFileError(f"{where}: needs {' or '.join(repr(k) for k in specs)}")
        for key in specs:
            if key not in rule:
                continue
            spec = rule[key]
            shapes = CHECK_SHAPES if family == "eligibility" else NUMBER_SHAPES
            shape = spec.get("shape") if isinstance(spec, dict) else None
            if shape not in shapes:
                raise JurisdictionFileError(f"{where}: {key}.shape must be one of {', '.join(shapes)}, not {shape!r}")
            for arg in shapes[shape]:
                if arg not in spec and not (arg == "rounding" and shape in ("per_ratio", "base_plus_per")):
                    raise JurisdictionFileError(f"{where}: {key} ({shape}) needs {arg!r}")
            for arg, value in spec.items():
                if arg in ("shape", "input", "field", "boundary"):
                    continue
                names = value if isinstance(value, list) else [value]
                for name in names:
                    if arg == "values" and shape == "one_of":
                        continue
                    if name not in parameters:
                        raise JurisdictionFileError(f"{where}: {key}.{arg} names parameter {name!r}, which "
                                                    "[parameters] does not declare")
            if family != "eligibility" and spec.get("input", "population") not in UNIT_INPUTS:
                raise JurisdictionFileError(f"{where}: {key}.input must be one of {', '.join(UNIT_INPUTS)}")


def _number(spec: Mapping[str, Any], units, p) -> np.ndarray:
    from jiuzhu.core import blocks

    shape = spec["shape"]
    n = len(units)
    if shape == "fixed":
        return blocks.fixed(n, p.value(spec["value"]))
    values = units[spec["input"]]
    rounding = p.value(spec["rounding"]) if "rounding" in spec else "ceil"
    if shape == "per_ratio":
        return blocks.per_ratio(values, p.value(spec["per"]), rounding)
    if shape == "base_plus_per":
        return blocks.base_plus_per(values, p.value(spec["threshold"]), p.value(spec["base"]), p.value(spec["per"]),
                                    rounding)
    return blocks.banded(values, [p.value(b) for b in spec["bounds"]], [p.value(v) for v in spec["values"]],
                         spec.get("boundary", "lower"))


def _check(rule: Mapping[str, Any], records, j):
    from jiuzhu.core import fields
    from jiuzhu.core.answers import REVIEW
    from jiuzhu.core.blocks import condition

    spec, p = rule["check"], j.parameters
    shape, field = spec["shape"], spec["field"]
    if shape in ("range", "at_least"):
        value, known = fields.number(records, field)
        ok = value >= p.value(spec["min"])
        if shape == "range":
            ok &= value <= p.value(spec["max"])
    elif shape == "education_at_least":
        value, known = fields.education(records, field)
        ok = value >= fields.EDUCATION_LEVELS[p.value(spec["min"])]
    elif shape in ("yes", "no"):
        value, known = fields.yes_no(records, field)
        ok = value if shape == "yes" else ~value
    else:
        value, known = fields.choice(records, field)
        ok = np.isin(value, list(spec["values"]))
    description = rule.get("description", f"{rule['condition']} ({shape} on {field})")
    return condition(rule["condition"], description, j.citation(rule["clause"], rule.get("quote", "")),
                     passes=ok, known=known, when_failing=REVIEW if rule.get("in_principle") else None,
                     reason=rule.get("reason", f"fails: {description}"))


def declarative_hooks(path) -> dict[str, Any]:
    """Hook implementations for the jurisdiction and the ``[[rules]]`` of the TOML file at ``path``.

    Returns ``{hook name: implementation}``; assign them at module level in a plugin module,
    and replace any one with a Python function of your own for a rule no shape covers.
    """
    from jiuzhu import hookimpl
    from jiuzhu.core.answers import FundRule, StaffingRule
    from jiuzhu.core.jurisdiction_file import parse_jurisdiction, read_toml

    data, source = read_toml(path)  # read and parsed once: the declaration and the rules
    declared = parse_jurisdiction(data, source)
    rules = data.get("rules", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise JurisdictionFileError(f"{source}: 'rules' must be [[rules]] tables")
    validate_rules(rules, declared.parameters, source)
    code = declared.code
    by_family = {f: [r for r in rules if r["family"] == f] for f in FAMILIES}

    @hookimpl
    def jiuzhu_jurisdiction():
        return declared

    hooks: dict[str, Any] = {"jiuzhu_jurisdiction": jiuzhu_jurisdiction}
    if "subjects" in data:  # [subjects.NAME]: subjects of its own, their fields and sample file
        from jiuzhu.core.subjects import subjects_from_toml, subjects_hook

        hooks["jiuzhu_subjects"] = subjects_hook(subjects_from_toml(data, path.parent, source))

    if by_family["staffing"]:
        @hookimpl
        def jiuzhu_staffing_rule(units, chain):
            j = chain[code]
            out = []
            for r in by_family["staffing"]:
                out.append(StaffingRule(
                    role=r["role"], citation=j.citation(r["clause"], r.get("quote", "")),
                    applies=units.level_mask(r["level"]),
                    minimum=_number(r["minimum"], units, j.parameters) if "minimum" in r else None,
                    maximum=_number(r["maximum"], units, j.parameters) if "maximum" in r else None,
                    restricts_maximum=bool(r.get("restricts_maximum", False)), note=r.get("note", "")))
            return out
        hooks["jiuzhu_staffing_rule"] = jiuzhu_staffing_rule

    if by_family["fund_floor"]:
        @hookimpl
        def jiuzhu_fund_factor_weighting(units, chain):
            j = chain[code]
            floors = np.full(len(units), -1, dtype=np.int64)
            cite = None
            for r in by_family["fund_floor"]:
                mask = units.level_mask(r["level"])
                floors = np.where(mask, _number(r["floor"], units, j.parameters), floors)
                cite = j.citation(r["clause"], r.get("quote", ""))
            return FundRule(citation=cite, floors=floors, floor_citation=cite)
        hooks["jiuzhu_fund_factor_weighting"] = jiuzhu_fund_factor_weighting

    if by_family["eligibility"]:
        @hookimpl
        def jiuzhu_eligibility_check(subject, records, chain):
            j = chain[code]
            mine = [r for r in by_family["eligibility"] if r["subject"] == subject]
            return [_check(r, records, j) for r in mine] or None
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

"""The files ``jiuzhu new-jurisdiction`` writes: a complete, installable plugin package."""

from __future__ import annotations

from jiuzhu import __version__


def files_for(code: str, name_zh: str, name_en: str, slug: str, parent: str | None, level: str) -> dict[str, str]:
    package = f"jiuzhu_{slug}"
    dist = f"jiuzhu-{slug.replace('_', '-')}"
    parent_line = f'parent = "{parent}"\n' if parent else "# parent = \"CODE\"  (the modelled jurisdiction above, if any)\n"
    return {
        "pyproject.toml": f'''[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "jiuzhu rules for {name_en} ({name_zh}, {code})"
requires-python = ">=3.11"
dependencies = ["jiuzhu>={__version__.split('+')[0]}"]

[project.optional-dependencies]
test = ["pytest>=8"]

# jiuzhu finds jurisdictions through this entry-point group: name = the GB/T 2260 code.
# A jurisdiction stated in its TOML file alone can point at the file instead (its name
# must read as a dotted Python name, e.g. jurisdiction.toml):
#   {code} = "{package}:jurisdiction.toml"
[project.entry-points.jiuzhu]
{code} = "{package}.plugin"

[tool.setuptools]
packages = ["{package}"]

[tool.setuptools.package-data]
{package} = ["*.toml"]
''',
        f"{package}/__init__.py": f'"""jiuzhu plugin: {name_en} ({name_zh}, {code})."""\n',
        f"{package}/{code}.toml": f'''# {name_zh} {name_en}: metadata, source documents, parameters and rules.
# Every number is a parameter with the clause it rests on; rules name parameters, so a
# profile override changes the answer. See docs/adding-a-jurisdiction.md in jiuzhu.
code = "{code}"
name_zh = "{name_zh}"
name_en = "{name_en}"
level = "{level}"
{parent_line}
[[documents]]
id = "main"
title = "FILL IN: the document's full title"
issuer = "FILL IN: the issuing office"
date = "FILL IN: YYYY-MM-DD"
status = "in_force"        # in_force | draft | repealed

# EXAMPLE, to replace: a township floor of 2 staff, flagged as an assumption until a clause
# of the document supports it.
[parameters.township_base_staff]
value = 2
minimum = 0
unit = "persons"
assumption = true
description = "EXAMPLE: replace with the document's number and its clause"

[[rules]]
family = "staffing"
role = "township_staff"
level = "township"
clause = "EXAMPLE"
quote = "replace with the words of the clause"
minimum = {{ shape = "fixed", value = "township_base_staff" }}
''',
        f"{package}/plugin.py": f'''"""{name_en} ({code}): hook implementations.

The rules stated in {code}.toml ([[rules]]) become hooks here. For a rule no shape covers,
replace or add a hook with a Python function of your own, for example:

    from jiuzhu import hookimpl

    @hookimpl
    def jiuzhu_deduction_rule(subject, incidents, chain):
        j = chain["{code}"]          # j.parameters holds {code}.toml's numbers
        ...                          # return [Deduction(...)] or None (not regulated here)
"""

from importlib.resources import files

from jiuzhu.core.declarative import declarative_hooks

# jiuzhu_jurisdiction, and one hook per rule family the TOML file states.
globals().update(declarative_hooks(files(__package__) / "{code}.toml"))
''',
        "tests/test_conformance.py": f'''"""The plugin contract, checked by jiuzhu's conformance suite, and the example rule."""

from jiuzhu.core.evaluate import staffing
from jiuzhu.core.readers import units_from_rows
from jiuzhu.testing import assert_conformant


def test_conformance():
    assert_conformant("{code}")


def test_township_floor():
    result = staffing(units_from_rows([{{"code": "t", "level": "township", "population": 1000,
                                        "dibao_count": 10}}]), "{code}")
    answer = next(r for r in result.records() if r["jurisdiction"] == "{code}")
    assert answer["minimum"] == 2
''',
        "README.md": f'''# {dist}

jiuzhu rules for {name_zh} {name_en} ({code}){f", under {parent}" if parent else ""}.

```sh
pip install -e '.[test]' && pytest        # the conformance suite and this package's tests
jiuzhu show {code}                         # parameters, clauses, who answers what
jiuzhu compare --jurisdictions {code},530000
```

Fill in `{package}/{code}.toml` from the document: its title, issuer and date; each number
as a parameter with `clause` and `quote` (or `assumption = true` where the text gives
none); each rule as a `[[rules]]` entry using a shape (`fixed`, `per_ratio`,
`base_plus_per`, `banded`; checks: `range`, `at_least`, `education_at_least`, `yes`, `no`,
`one_of`). A rule no shape covers is a Python hook in `{package}/plugin.py`.
''',
    }

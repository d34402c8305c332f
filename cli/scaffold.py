"""The files ``jiuzhu new-jurisdiction`` writes: a complete, installable plugin package.

What the user typed (names, codes) lands only as data: in TOML through tomli-w, and as
text in the README. The Python files hold no user text but the six-digit code and the
package name made of ``[a-z0-9_]``, both checked here again, so nothing typed can run.
"""

from __future__ import annotations

import re

import tomli_w

from jiuzhu import __version__


def _toml(value: str) -> str:
    """``value`` as a TOML string literal (quotes, backslashes and the like escaped)."""
    return tomli_w.dumps({"v": value}).partition("=")[2].strip()


def files_for(code: str, name_zh: str, name_en: str, slug: str, parent: str | None, level: str) -> dict[str, str]:
    for value in (code, parent or "000000"):
        if not re.fullmatch(r"[0-9]{6}", value, re.ASCII):
            raise ValueError(f"not a six-digit code: {value!r}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", slug, re.ASCII):
        raise ValueError(f"not a package name: {slug!r}")
    package = f"jiuzhu_{slug}"
    dist = f"jiuzhu-{slug.replace('_', '-')}"
    parent_line = f"parent = {_toml(parent)}\n" if parent else "# parent = \"CODE\"  (the modelled jurisdiction above, if any)\n"
    return {
        "pyproject.toml": f'''[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = {_toml(f"jiuzhu rules for {name_en} ({name_zh}, {code})")}
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
        f"{package}/__init__.py": f'"""jiuzhu plugin for the jurisdiction {code} (see {code}.toml)."""\n',
        f"{package}/{code}.toml": f'''# The jurisdiction's metadata, source documents, parameters and rules.
# Every number is a parameter with the clause it rests on; rules name parameters, so a
# profile override changes the answer. See docs/adding-a-jurisdiction.md in jiuzhu.
code = "{code}"
name_zh = {_toml(name_zh)}
name_en = {_toml(name_en)}
level = {_toml(level)}
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
        f"{package}/{code}.cases.toml": f'''# Test cases for {code}: an input, the answer the document requires, and the clause
# quoted. `jiuzhu test {code}` runs them; for every number write a case on it and one on
# each side; for every list, one case it names and one it does not. See
# docs/adding-a-jurisdiction.md in jiuzhu, and the built-ins' cases as examples.
jurisdiction = "{code}"

[[cases]]
name = "EXAMPLE: a township has at least 2 staff"
command = "staffing"
input = {{ level = "township", population = 1000 }}
expect = {{ role = "township_staff", minimum = 2 }}
clause = "EXAMPLE"
quote = "replace with the words of the clause"
''',
        f"{package}/plugin.py": f'''"""Hook implementations for the jurisdiction {code}.

The rules stated in {code}.toml ([[rules]]) become hooks here. For a rule no shape covers,
replace or add a hook with a Python function of your own, importing what it needs from
jiuzhu.plugin (the plugin API: nothing else in jiuzhu is promised to stay), for example:

    from jiuzhu.plugin import Deduction, hookimpl

    @hookimpl
    def jiuzhu_deduction_rule(subject, incidents, chain):
        j = chain["{code}"]          # j.parameters holds {code}.toml's numbers
        ...                          # return [Deduction(...)] or None (not regulated here)
"""

from importlib.resources import files

from jiuzhu.plugin import declarative_hooks

# jiuzhu_jurisdiction, and one hook per rule family the TOML file states.
globals().update(declarative_hooks(files(__package__) / "{code}.toml"))
''',
        "tests/test_conformance.py": f'''"""The plugin contract, checked by jiuzhu's conformance suite, and the example rule
through the installed ``jiuzhu`` command."""

import json
import subprocess
import sys

from jiuzhu.testing import assert_conformant

CODE = "{code}"


def test_conformance():
    assert_conformant(CODE)


def test_township_floor(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,level,population,dibao_count\\n{code}001,township,1000,10\\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "jiuzhu", "staffing", str(units), "-j", CODE, "--format", "json"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    answer = next(r for r in json.loads(run.stdout) if r["jurisdiction"] == CODE)
    assert answer["minimum"] == 2


def test_cases():
    """{code}.cases.toml, run as policy staff run it."""
    run = subprocess.run([sys.executable, "-m", "jiuzhu", "test", CODE], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
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
`one_of`). A rule no shape covers is a Python hook in `{package}/plugin.py`, importing
from `jiuzhu.plugin` only.
''',
    }

"""What a command imports before it does any work: ``jiuzhu --help`` lists the commands
without importing them, and listing jurisdictions never pays for numpy, pyarrow, the web
server or Excel. Structural checks in real processes; the start-up times themselves are
measured in benchmarks/startup.py, never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from jiuzhu.cli.main import COMMANDS, cli

HEAVY = ("numpy", "pyarrow", "starlette", "openpyxl", "uvicorn", "jinja2", "pygal")

#: Runs the jiuzhu entry point in this process with argv, then prints which of HEAVY and
#: which jiuzhu.cli modules it imported (as JSON on the last line of stderr).
PROBE = """
import atexit, json, sys
sys.argv = ["jiuzhu", *json.loads(sys.argv[1])]
from jiuzhu.cli.main import main
heavy = {heavy!r}
# main() ends the process itself (running exit handlers first, as a normal exit does).
atexit.register(lambda: print(json.dumps({{"heavy": sorted(m for m in heavy if m in sys.modules),
                "cli": sorted(m for m in sys.modules if m.startswith("jiuzhu.cli."))}}), file=sys.stderr))
main()
"""


def imported(*args: str, env=None) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), json.dumps(args)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_short_help_is_the_commands_own(name):
    """The short help ``jiuzhu --help`` lists without importing a command is the first
    sentence of that command's docstring, so the table in cli/main.py cannot drift."""
    command = cli.get_command(None, name)
    assert command is not None and command.name == name and not command.hidden
    assert COMMANDS[name][2] == command.get_short_help_str(limit=10_000), (
        f"update {name!r} in COMMANDS (cli/main.py) to the first sentence of its docstring")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_help_lists_the_same_commands_whether_they_are_imported_or_not(lang):
    load_all = ("import sys; from jiuzhu.cli.main import cli, main; "
                "[cli.get_command(None, n) for n in cli.list_commands(None)]; "
                f"sys.argv = ['jiuzhu', '--lang', '{lang}', '--help']; main()")
    lazy = subprocess.run([sys.executable, "-c", load_all.replace("[cli.get_command(None, n) for n in "
                                                                  "cli.list_commands(None)]; ", "")],
                          capture_output=True, text=True, encoding="utf-8")
    loaded = subprocess.run([sys.executable, "-c", load_all], capture_output=True, text=True, encoding="utf-8")
    assert lazy.returncode == loaded.returncode == 0, lazy.stderr + loaded.stderr
    assert "staffing" in lazy.stdout and "new-jurisdiction" in lazy.stdout
    assert lazy.stdout == loaded.stdout


def test_help_imports_no_command_module():
    seen = imported("--help")
    assert seen["heavy"] == []
    assert seen["cli"] == ["jiuzhu.cli.context", "jiuzhu.cli.main"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_commands_help_imports_nothing_heavy(name):
    """``jiuzhu COMMAND --help`` imports that command's module, not numpy, the web server or Excel."""
    seen = imported(name, "--help")
    assert seen["heavy"] == []
    assert f"jiuzhu.cli.{COMMANDS[name][0]}" in seen["cli"]


@pytest.mark.parametrize("args", [("jurisdictions",), ("--lang", "zh", "jurisdictions"), ("show", "530323")])
def test_listing_jurisdictions_imports_no_numpy_pyarrow_web_or_excel(args):
    assert imported(*args)["heavy"] == []


def test_explaining_a_unit_of_a_small_file_imports_no_pyarrow():
    """A file of a few units is read row by row: pyarrow's import costs more than it saves."""
    assert "pyarrow" not in imported("explain", "-j", "530323")["heavy"]


def test_a_command_imports_only_its_own_module():
    assert "jiuzhu.cli.rules" not in imported("jurisdictions")["cli"]

"""Eligibility subjects are registered by the plugins that check them, not listed in the
CLI: ``jiuzhu check``'s choices, ``--fields``, the Chinese headers a file may use and the
warning about a column no rule reads all come from the declarations, a third-party
subject included."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import run_json
from fakedist import fake_distribution, jurisdiction_toml
from jiuzhu.cli.main import cli
from jiuzhu.core.evaluate import check, default_registry
from jiuzhu.core.model.table import Table

JIUZHU = str(Path(sys.executable).with_name("jiuzhu"))
BUILTIN_SUBJECTS = {"xieliyuan_candidate", "contractor", "purchase_item", "dispatched_worker", "worker_task",
                    "fund_use", "purchaser", "household", "case", "evaluation", "civil_affairs_staff"}


def test_check_lists_the_declared_subjects(runner):
    listed = {s["subject"]: s for s in run_json(runner, ["check", "--format", "json"])}
    assert set(listed) >= BUILTIN_SUBJECTS
    assert all(s["description"] and s["sample"] for s in listed.values())


@pytest.mark.parametrize("subject", sorted(BUILTIN_SUBJECTS))
def test_every_builtin_subject_runs_on_its_bundled_sample(runner, subject):
    """``jiuzhu check SUBJECT`` with no file: the sample, under a jurisdiction that checks it."""
    registry = default_registry()
    code = next(c for c, r in sorted(registry.plugins.items()) if subject in {s.name for s in r.subjects})
    res = runner.invoke(cli, ["check", subject, "-j", code, "--format", "json"])
    assert res.exit_code == 0, res.output
    records = json.loads(res.stdout)
    assert records and {r["outcome"] for r in records} - {"not_regulated"}
    assert "no file given: using the bundled sample" in res.stderr or "未指定文件" in res.stderr
    assert "is not a field of" not in res.stderr and "不是核查字段" not in res.stderr  # a sample uses declared columns


def test_fields_lists_a_subject_s_columns(runner):
    fields = {f["field"]: f for f in run_json(runner, ["check", "contractor", "--fields", "--format", "json"])}
    assert fields["kind"]["type"] == "choice" and fields["kind"]["name_zh"] == "类型"
    assert "社会组织" in fields["kind"]["values"]["social_organisation"]
    assert fields["banned"] == {"field": "banned", "name_zh": "禁入", "type": "yes_no", "aliases": [], "values": {},
                                "description": fields["banned"]["description"]}
    text = runner.invoke(cli, ["--lang", "en", "check", "contractor", "--fields"]).output
    assert "shell_company" in text and "皮包公司" in text and "contractors.csv" in text


def test_an_unknown_subject_names_the_declared_ones(runner):
    res = runner.invoke(cli, ["check", "volunteer"])
    assert res.exit_code == 2 and "unknown subject 'volunteer'" in res.output and "xieliyuan_candidate" in res.output


def test_chinese_headers_and_an_unknown_column(runner, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("姓名,年龄,文化程度,身体健康,遵纪守法,兼职,籍贯\n张三,40,高中,是,是,否,云南\n", encoding="utf-8")
    res = runner.invoke(cli, ["--lang", "en", "check", "xieliyuan_candidate", str(path), "-j", "530000",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["outcome"] == "eligible"
    assert "column '籍贯' is not a field of xieliyuan_candidate; no rule reads it" in res.stderr


def _fields_read(subject: str, code: str, registry, monkeypatch) -> set[str]:
    seen: set[str] = set()
    get, getitem = Table.get, Table.__getitem__
    monkeypatch.setattr(Table, "get", lambda self, name, default=None: (seen.add(name), get(self, name, default))[1])
    monkeypatch.setattr(Table, "__getitem__", lambda self, name: (seen.add(name), getitem(self, name))[1])
    check(subject, Table({"id": np.array(["x"], dtype=object)}, "t"), code, registry=registry)
    monkeypatch.undo()
    return seen


@pytest.mark.parametrize("code", ["530000", "530323", "220000", "640100", "520402"])
def test_declarations_name_every_field_the_rules_read(code, monkeypatch):
    """What a built-in plugin reads for a subject is declared (fields it reads whatever the
    subject, before looking at it, are not a subject's)."""
    registry = default_registry()
    subjects = registry.subjects()
    always = _fields_read("no_such_subject", code, registry, monkeypatch)
    for subject in sorted({s.name for c in registry.chain(code).codes for s in registry.plugins[c].subjects}):
        read = _fields_read(subject, code, registry, monkeypatch) - always
        declared = {f.name for f in subjects[subject].all_fields()}
        assert read <= declared, (subject, read - declared)


THIRD_PARTY_TOML = jurisdiction_toml("530398", "530000") + '''
[parameters.volunteer_min_age]
value = 18
clause = "一"

[[rules]]
family = "eligibility"
subject = "volunteer"
condition = "adult"
clause = "一"
check = { shape = "at_least", field = "age", min = "volunteer_min_age" }

[subjects.volunteer]
name_zh = "志愿者"
description = "People volunteering for village social-assistance work (志愿者)"
sample = "volunteers.csv"

[[subjects.volunteer.fields]]
name = "age"
type = "number"
name_zh = "年龄"
description = "age in years"

[[subjects.volunteer.fields]]
name = "role"
type = "choice"
name_zh = "岗位"
aliases = ["志愿岗位"]
values = { visitor = ["探访员", "探访"], clerk = "文员" }
description = "what the volunteer does"
'''

PY_SUBJECT_PLUGIN = '''
from importlib.resources import files
from jiuzhu.plugin import Field, Subject, condition, fields, hookimpl, load_jurisdiction, np, subjects_hook

jiuzhu_jurisdiction = hookimpl(lambda: load_jurisdiction(files(__package__) / "jurisdiction.toml"))
jiuzhu_jurisdiction.__name__ = "jiuzhu_jurisdiction"

jiuzhu_subjects = subjects_hook([Subject(
    "mentor", "Mentors of new assistants (导师)", (Field("years", "number", "年限", description="years in the post"),),
    "导师", files(__package__) / "mentors.csv")])


@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    if subject != "mentor":
        return None
    j = chain["530397"]
    years, known = fields.number(records, "years")
    return [condition("experienced", "three years in the post", j.citation("一", "三年以上"), passes=years >= 3,
                      known=known, reason="under three years")]
'''


@pytest.fixture
def third_party(tmp_path):
    """A TOML-only plugin and a Python plugin, each declaring a subject of its own."""
    root = fake_distribution(tmp_path / "site", "jiuzhu-volunteers", {"530398": "jiuzhu_volunteers:jurisdiction.toml"}, {
        "jiuzhu_volunteers/__init__.py": "",
        "jiuzhu_volunteers/jurisdiction.toml": THIRD_PARTY_TOML,
        "jiuzhu_volunteers/volunteers.csv": "name,年龄,岗位\n甲,17,探访员\n乙,30,文员\n"})
    fake_distribution(root, "jiuzhu-mentors", {"530397": "jiuzhu_mentors.plugin"}, {
        "jiuzhu_mentors/__init__.py": "",
        "jiuzhu_mentors/jurisdiction.toml": jurisdiction_toml("530397", "530000"),
        "jiuzhu_mentors/plugin.py": PY_SUBJECT_PLUGIN,
        "jiuzhu_mentors/mentors.csv": "name,years\n丙,5\n丁,1\n"})
    return root


def jiuzhu(root, *args):
    env = {**os.environ, "PYTHONPATH": str(root), "JIUZHU_LANG": "en"}
    proc = subprocess.run([JIUZHU, *args], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "not loaded" not in proc.stderr, proc.stderr
    return proc


def test_a_third_party_subject_is_checked_and_listed(third_party, tmp_path):
    listed = {s["subject"] for s in json.loads(jiuzhu(third_party, "check", "--format", "json").stdout)}
    assert {"volunteer", "mentor"} <= listed and BUILTIN_SUBJECTS <= listed
    plugins = {p["name"]: p for p in json.loads(jiuzhu(third_party, "plugins", "--format", "json").stdout)}
    assert plugins["530398"]["subjects"] == ["volunteer"] and plugins["530397"]["subjects"] == ["mentor"]

    fields = {f["field"]: f for f in json.loads(jiuzhu(third_party, "check", "volunteer", "--fields", "--format",
                                                       "json").stdout)}
    assert fields["role"]["values"] == {"visitor": ["探访员", "探访"], "clerk": ["文员"]}
    assert fields["role"]["aliases"] == ["志愿岗位"] and fields["age"]["name_zh"] == "年龄"

    people = tmp_path / "people.csv"
    people.write_text("name,年龄,hobby\n戊,16,chess\n己,40,go\n", encoding="utf-8")
    proc = jiuzhu(third_party, "check", "volunteer", str(people), "-j", "530398", "--format", "json")
    assert [r["outcome"] for r in json.loads(proc.stdout)] == ["not_eligible", "eligible"]
    assert "column 'hobby' is not a field of volunteer" in proc.stderr

    sample = jiuzhu(third_party, "check", "volunteer", "-j", "530398", "--format", "json")
    assert [r["outcome"] for r in json.loads(sample.stdout)] == ["not_eligible", "eligible"]
    assert "volunteers.csv" in sample.stderr

    mentors = jiuzhu(third_party, "check", "mentor", "-j", "530397", "--format", "json")
    assert [r["outcome"] for r in json.loads(mentors.stdout)] == ["eligible", "not_eligible"]
    assert "years" in jiuzhu(third_party, "check", "mentor", "--fields").stdout


def test_conformance_needs_a_subject_s_sample(third_party, monkeypatch):
    """A declared subject whose sample file is missing fails the plugin's conformance suite."""
    from importlib.metadata import EntryPoint

    from jiuzhu.core.hooks.registry import load_plugins
    from jiuzhu.testing import conformance_problems

    monkeypatch.syspath_prepend(str(third_party))
    builtins = [EntryPoint(c, f"jiuzhu.plugins.{m}", "jiuzhu") for c, m in (("530000", "yunnan"),)]
    registry = load_plugins(builtins + [EntryPoint("530398", "jiuzhu_volunteers:jurisdiction.toml", "jiuzhu")])
    assert conformance_problems("530398", registry) == []
    (third_party / "jiuzhu_volunteers" / "volunteers.csv").unlink()
    registry = load_plugins(builtins + [EntryPoint("530398", "jiuzhu_volunteers:jurisdiction.toml", "jiuzhu")])
    assert any(p.startswith("subject volunteer: its sample volunteers.csv does not check")
               for p in conformance_problems("530398", registry))


def test_the_guide_s_subject_declares(tmp_path):
    """docs/adding-a-jurisdiction.md: its [subjects.…] snippet, through declare_subjects."""
    import re

    from jiuzhu.plugin import declare_subjects

    guide = (Path(__file__).parent.parent / "docs" / "adding-a-jurisdiction.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", guide, re.S) if "[subjects." in b]
    (tmp_path / "520000.toml").write_text(block, encoding="utf-8")
    (subject,) = declare_subjects(tmp_path / "520000.toml")()
    assert subject.name == "volunteer" and subject.sample == tmp_path / "volunteers.csv"
    assert subject.headers()["志愿岗位"] == "role" and subject.field_named("role").words()["探访"] == "visitor"


@pytest.mark.parametrize("mutation, said", [
    (('type = "number"', 'type = "integer"'), "type must be one of"),
    (('description = "People', 'descr = "People'), "unknown key(s) descr"),
    (('description = "People volunteering for village social-assistance work (志愿者)"', 'description = ""'),
     "needs a one-line description"),
    (('name = "age"', 'name = "Age!"'), "must be lower-case ASCII"),
    (('name_zh = "年龄"', 'chinese = "年龄"'), "unknown field key(s) chinese"),
])
def test_a_malformed_subject_is_named_at_load(tmp_path, mutation, said):
    from jiuzhu.core.model.errors import JurisdictionFileError
    from jiuzhu.core.rules.jurisdiction_file import read_toml
    from jiuzhu.core.rules.subjects import subjects_from_toml

    path = tmp_path / "j.toml"
    path.write_text(THIRD_PARTY_TOML.replace(*mutation, 1), encoding="utf-8")
    data, source = read_toml(path)
    with pytest.raises(JurisdictionFileError, match=r"\[subjects.volunteer\]: .*" + re.escape(said)):
        subjects_from_toml(data, tmp_path, source)


def builtin_declarations():
    """The subjects jiuzhu's own plugins declare (whatever else is installed)."""
    from jiuzhu.core.hooks.registry import BUILTIN_DISTRIBUTION
    from jiuzhu.core.rules.subjects import gather

    return gather(s for r in default_registry().plugins.values() if r.distribution == BUILTIN_DISTRIBUTION
                  for s in r.subjects)


def test_the_subjects_reference_comes_from_the_declarations():
    """docs/subjects.md is generated from what the built-in plugins declare. When a
    declaration changes, regenerate it: python tests/test_subjects.py"""
    from jiuzhu.cli.subjects import subjects_markdown

    page = Path(__file__).parent.parent / "docs" / "subjects.md"
    assert page.read_text(encoding="utf-8") == subjects_markdown(builtin_declarations()), \
        "docs/subjects.md is out of date: run python tests/test_subjects.py"


if __name__ == "__main__":  # regenerate docs/subjects.md from the declarations
    from jiuzhu.cli.subjects import subjects_markdown

    (Path(__file__).parent.parent / "docs" / "subjects.md").write_text(
        subjects_markdown(builtin_declarations()), encoding="utf-8")

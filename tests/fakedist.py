"""Fake installed distributions: a ``NAME.dist-info`` folder with entry points, beside the
modules it names, in a folder put on the path (``sys.path`` or ``PYTHONPATH``). jiuzhu
discovers them exactly as it discovers a package installed with pip, without pip."""

from __future__ import annotations

import textwrap
from pathlib import Path

JURISDICTION_TOML = '''
code = "{code}"
name_zh = "测试{code}"
name_en = "Test {code}"
level = "{level}"
{parent}
[[documents]]
id = "d"
title = "测试文件"
issuer = "测试"
date = "2020-01-01"
status = "in_force"

[parameters.village_floor]
value = 2
clause = "一"
'''


def jurisdiction_toml(code: str, parent: str | None = None) -> str:
    return JURISDICTION_TOML.format(code=code, level="county" if parent else "province",
                                    parent=f'parent = "{parent}"' if parent else "")


def fake_distribution(root: Path, name: str, entry_points: dict[str, str], files: dict[str, str]) -> Path:
    """Write distribution ``name`` (version 0.1) with ``entry_points`` (code → value) in the
    group ``jiuzhu`` and ``files`` (relative path → text) under ``root``; return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    info = root / f"{name.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[jiuzhu]\n" + "".join(f"{code} = {value}\n" for code, value in entry_points.items()), encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def toml_plugin(root: Path, dist: str, package: str, code: str, parent: str | None = None, *,
                toml: str | None = None) -> Path:
    """A TOML-only plugin (``CODE = "package:jurisdiction.toml"``)."""
    return fake_distribution(root, dist, {code: f"{package}:jurisdiction.toml"},
                             {f"{package}/__init__.py": "",
                              f"{package}/jurisdiction.toml": toml or jurisdiction_toml(code, parent)})

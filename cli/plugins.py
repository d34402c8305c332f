"""``jiuzhu plugins`` (what is installed) and ``jiuzhu new-jurisdiction`` (a ready plugin package)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import click
from jiuzhu.cli.context import pass_app
from jiuzhu.cli.output import deliver, output_options, render_table, to_json


@click.command()
@output_options
@pass_app
def plugins(app, fmt, output):
    """List every jurisdiction plugin: distribution, version, jurisdiction, the hooks it
    implements and the eligibility subjects it declares (JSON: ``subjects``), any plugin that failed to load, with why, and any you blocked
    (``jiuzhu --block NAME`` or ``$JIUZHU_BLOCK``).

    \b
    Example:
      jiuzhu plugins --format json
    """
    registry = app.registry
    records = [{"name": r.name, "distribution": r.distribution, "version": r.version,
                "jurisdiction": r.jurisdiction.code, "name_en": r.jurisdiction.name_en,
                "hooks": r.hooks(), "subjects": [s.name for s in r.subjects], "status": "loaded", "error": None}
               for r in registry.plugins.values()]
    records += [{"name": f.name, "distribution": f.distribution, "version": None, "jurisdiction": None,
                 "name_en": None, "hooks": [], "subjects": [], "status": "failed", "error": f.reason}
                for f in registry.failures]
    records += [{"name": b.name, "distribution": b.distribution, "version": None, "jurisdiction": None,
                 "name_en": None, "hooks": [], "subjects": [], "status": "blocked", "error": None}
                for b in registry.blocked]
    if fmt == "json":
        deliver(to_json(records), output)
        return
    rows = [[r["name"], r["distribution"], r["version"] or "", r["name_en"] or "",
             {"loaded": ", ".join(h.removeprefix("jiuzhu_") for h in r["hooks"]), "blocked": "BLOCKED (--block)",
              "failed": f"FAILED: {r['error']}"}[r["status"]]] for r in records]
    deliver(render_table(rows, ["entry point 入口", "distribution 发行包", "version 版本", "jurisdiction 辖区",
                                "hooks / error 钩子"]), output)


NAME_MAX = 60  # characters: the longest official names (自治州, 自治县) are far shorter


def _slug(name_en: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        raise click.BadParameter("must start with a letter (it names the package)", param_hint="--name-en")
    return slug


def _name(value: str, option: str) -> str:
    """A jurisdiction name: one line of at most NAME_MAX characters (it is shown in every table)."""
    value = value.strip()
    if not value:
        raise click.BadParameter("must not be empty / 不能为空", param_hint=option)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
        raise click.BadParameter("must be one line, without control characters / 名称须为一行", param_hint=option)
    if len(value) > NAME_MAX:
        raise click.BadParameter(f"at most {NAME_MAX} characters, not {len(value)} / 名称过长", param_hint=option)
    return value


def _code(value: str, option: str) -> str:
    from jiuzhu.core.model import is_code

    if not is_code(value):
        raise click.BadParameter(f"{value!r} is not a six-digit GB/T 2260 code in ASCII digits 0-9 "
                                 "/ 须为六位半角数字行政区划代码", param_hint=option)
    return value


@click.command("new-jurisdiction")
@click.argument("code")
@click.option("--name-zh", required=True, help="Chinese name, e.g. 贵州省.")
@click.option("--name-en", required=True, help="English name, e.g. Guizhou (also names the package).")
@click.option("--parent", default=None, metavar="CODE", help="The modelled jurisdiction above it, if any.")
@click.option("--level", type=click.Choice(["province", "prefecture", "county"]), default=None,
              help="Default: county when --parent is given, else province.")
@click.option("--directory", "-d", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the package (default: ./jiuzhu-NAME).")
@pass_app
def new_jurisdiction(app, code, name_zh, name_en, parent, level, directory):
    """Write a ready plugin package for a new jurisdiction: pyproject with the entry point,
    the TOML file with its parameters and rules to fill in, a plugin module, a test that
    runs the conformance suite, and a README. It installs and passes its tests as written.

    \b
    Example:
      jiuzhu new-jurisdiction 520000 --name-zh 贵州省 --name-en Guizhou
      pip install ./jiuzhu-guizhou && jiuzhu jurisdictions
    """
    from jiuzhu.cli.scaffold import files_for
    from jiuzhu.core.io.atomic import write_text_atomically

    code = _code(code, "CODE")
    name_zh, name_en = _name(name_zh, "--name-zh"), _name(name_en, "--name-en")
    if parent is not None:
        app.registry.tree[_code(parent, "--parent")]  # an unknown parent is refused with the known codes
    if code in app.registry.plugins:
        raise click.ClickException(f"jurisdiction {code} is already provided by "
                                   f"{app.registry.plugins[code].distribution}; choose another code")
    slug = _slug(name_en)
    directory = directory or Path(f"jiuzhu-{slug.replace('_', '-')}")
    if directory.exists() and not directory.is_dir():
        raise click.ClickException(f"{directory} exists and is not a folder; choose another --directory")
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} exists and is not empty; choose another --directory")
    level = level or ("county" if parent else "province")
    written = []
    for relative, text in files_for(code, name_zh, name_en, slug, parent, level).items():
        path = directory / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(path, text)
        except OSError as exc:
            raise click.ClickException(f"cannot write {path}: {exc.strerror or exc} / 无法写入"
                                       + (f" (wrote so far: {', '.join(written)})" if written else "")) from None
        written.append(relative)
    click.echo(f"wrote {directory}/: " + ", ".join(written))
    click.echo(f"next: fill in jiuzhu_{slug}/{code}.toml from the document, then\n"
               f"  pip install -e '{directory}[test]' && pytest {directory}")

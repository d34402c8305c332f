"""The ``jiuzhu`` command: a Click group whose subcommands live in modules by subject.

Heavy modules (numpy, the plugins) are imported inside the commands that need them, so
``jiuzhu --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click
from jiuzhu.cli.context import AppContext


class JiuzhuGroup(click.Group):
    """Turns a :class:`~jiuzhu.core.errors.JiuzhuError` into one message and exit status 1."""

    def invoke(self, ctx: click.Context):
        from jiuzhu.core.errors import JiuzhuError

        try:
            return super().invoke(ctx)
        except JiuzhuError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=JiuzhuGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jiuzhu", prog_name="jiuzhu")
@click.option("--strict-plugins", is_flag=True, help="Fail when any plugin fails to load (for plugin authors).")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), envvar="JIUZHU_CONFIG", default=None,
              help="The profile file (default: $JIUZHU_CONFIG, else profiles.toml in your config folder).")
@click.option("--lang", type=click.Choice(["both", "zh", "en"]), envvar="JIUZHU_LANG", default="both",
              show_default=True, help="Language of table labels: Chinese and English, or one of them.")
@click.option("--encoding", envvar="JIUZHU_ENCODING", default=None, metavar="NAME",
              help="Encoding of CSV input (e.g. gbk). Default: UTF-8 (with or without BOM), else GB18030, said.")
@click.option("--sheet", envvar="JIUZHU_SHEET", default=None, metavar="NAME|N",
              help="The workbook sheet to read (name or number). Default: the first sheet holding a header.")
@click.pass_context
def cli(ctx: click.Context, strict_plugins: bool, config: Path | None, lang: str, encoding: str | None,
        sheet: str | None) -> None:
    """jiuzhu (救助): China's local social-assistance rules as cited, comparable code.

    Every answer names the jurisdiction and clause it rests on. Run a command with no file
    to see it on the bundled sample data.

    \b
    Examples:
      jiuzhu jurisdictions
      jiuzhu use 530323 && jiuzhu staffing
      jiuzhu compare units.csv --jurisdictions all --chart totals.svg
    """
    ctx.obj = AppContext(strict_plugins=strict_plugins, config=config, lang=lang, encoding=encoding, sheet=sheet)


def _register() -> None:
    from jiuzhu.cli import compare, explain, jurisdictions, plugins, profiles, rules

    for command in (jurisdictions.jurisdictions, jurisdictions.show, profiles.use, profiles.profile,
                    rules.staffing, rules.check, rules.deduct, rules.allocate, rules.score,
                    compare.compare, explain.diff, explain.explain, plugins.plugins,
                    plugins.new_jurisdiction):
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="jiuzhu")

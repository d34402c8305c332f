"""The ``jiuzhu`` command: a Click group whose subcommands live in modules by subject.

Every process pays for what it imports before it does any work, so a command's module is
imported only when that command runs or shows its help (click's lazy-group pattern):
``jiuzhu --help`` lists the commands from :data:`COMMANDS` and imports none of them.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import NoReturn

import click
from jiuzhu.cli.context import AppContext

#: name → (module in jiuzhu.cli, attribute, short help). The short help is the first sentence
#: of the command's docstring, as ``jiuzhu --help`` shows it; tests/test_startup.py holds it
#: to the docstring, so change both together.
COMMANDS = {
    "allocate": ("rules", "allocate",
                 "Funds per unit: the floor the chain sets (Yinchuan's township working funds) and, with --pool "
                 "and factor columns, each unit's factor-method share."),
    "check": ("rules", "check",
              "Eligibility of each record: eligible, not eligible, needs review, or not regulated (no level of "
              "the chain states anything on SUBJECT), with every failed condition, what a person must still "
              "assess, duties, and the clauses."),
    "compare": ("compare", "compare",
                "Run the same units through several jurisdictions' staffing rules, side by side."),
    "comply": ("duties", "comply",
               "Whether each unit has done each duty of its level: met, overdue, not yet due, or no evidence "
               "given, as of --as-of (default today), with the clause."),
    "deduct": ("rules", "deduct",
               "Deduction per incident record: the range the rule allows, or the amount for a chosen "
               "multiplier, with the clause and any other remedies."),
    "diff": ("explain", "diff", "Why CODE_A and CODE_B differ: not the outputs but the rules."),
    "duties": ("duties", "duties",
               "Every duty and deadline the chain places on a level, with when it is next due and the clause."),
    "explain": ("explain", "explain",
                "Explain one answer: the chain consulted, which level answered each rule, the clause and quote, "
                "and the parameters read (overrides and assumptions marked)."),
    "gap": ("gap", "gap",
            "Shortfall or surplus of staff per unit and role: required minimum, permitted maximum, current "
            "staff, and the clause; with monthly costs, the yearly cost of closing each shortfall (your figure, "
            "not the law's)."),
    "jurisdictions": ("jurisdictions", "jurisdictions",
                      "List the installed jurisdictions as a tree, with what each regulates."),
    "new-jurisdiction": ("plugins", "new_jurisdiction",
                         "Write a ready plugin package for a new jurisdiction: pyproject with the entry point, the "
                         "TOML file with its parameters and rules to fill in, a plugin module, a test that runs "
                         "the conformance suite, and a README."),
    "plugins": ("plugins", "plugins",
                "List every jurisdiction plugin: distribution, version, jurisdiction, the hooks it implements "
                "and the eligibility subjects it declares (JSON: ``subjects``), any plugin that failed to load, "
                "with why, and any you blocked (``jiuzhu --block NAME`` or ``$JIUZHU_BLOCK``)."),
    "profile": ("profiles", "profile",
                "Show the active profile, or manage profiles: set, unset, list, switch, delete, reset."),
    "score": ("rules", "score", "Pilot scoring: each row's score, rank and award with the rule behind it."),
    "serve": ("serve", "serve",
              "Start the web app (规则 rules, 测算 run a file, 对比 compare, 配置 profiles) and the JSON API "
              "(/docs, /openapi.json) on one local server."),
    "show": ("jurisdictions", "show",
             "Show one jurisdiction: its documents, its parameters with their clauses (the interpretation "
             "register marked), and which level of its chain answers each rule family."),
    "site": ("serve", "site",
             "The rules pages (规则: the jurisdiction tree, every jurisdiction's documents and parameters with "
             "their clauses, every pair's diff) as static HTML for an intranet with no server: the same pages "
             "``jiuzhu serve`` shows."),
    "staffing": ("rules", "staffing", "Required staff per unit and role, with the clause that binds."),
    "sweep": ("sweep", "sweep", "Staffing totals at each value of one or two declared parameters."),
    "test": ("cases", "test",
             "Run test cases: every installed jurisdiction's CODE.cases.toml, those of the codes given, or the "
             "case FILEs given."),
    "use": ("profiles", "use", "Switch the active profile to jurisdiction CODE."),
}


class UserError(click.ClickException):
    """One message, no traceback, in the run's language (错误 / Error). ``zh``: the Chinese
    text the error was raised with, used before any catalog translation."""

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh

    def show(self, file=None) -> None:
        from jiuzhu.core.i18n import language, say, translate

        prefix = "错误：" if language() == "zh" else "Error: "  # "Error: " stays what scripts look for
        text = say(self.zh, self.format_message()) if self.zh else translate(self.format_message())
        click.echo(prefix + text, err=True)


class ChineseUsageError(click.UsageError):
    """A usage error for a Chinese reader: the usage line, then 错误： and the message (exit 2)."""

    def show(self, file=None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True)
            click.echo(f"帮助：{self.ctx.command_path} --help", err=True)
        click.echo(f"错误：{self.format_message()}", err=True)


def _option_names(command: click.Command, ctx: click.Context) -> set[str]:
    """Every option spelling ``command`` (and, for a group, any of its subcommands) defines itself."""
    names = {name for param in command.get_params(ctx) for name in (*param.opts, *param.secondary_opts)}
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            names |= _option_names(sub, ctx)
    return names


def group_options_anywhere(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """The group's own options (``--lang``, ``--sheet``, ``--encoding``, ``--config``…) moved to the front,
    wherever the user typed them (before ``--``), unless the invoked subcommand defines that option itself.

    Users put them after the subcommand as often as before it (``jiuzhu staffing roster.xlsx --sheet 名册``).
    """
    takes_value = {}
    for param in group.get_params(ctx):
        if isinstance(param, click.Option) and not param.is_eager:
            for name in param.opts:
                takes_value[name] = not (param.is_flag or param.count)
    front, rest, i = [], [], 0
    # Group options typed before the subcommand stay where they are.
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        name = args[i].partition("=")[0]
        front.append(args[i])
        if takes_value.get(name) and "=" not in args[i] and i + 1 < len(args):
            front.append(args[i + 1])
            i += 1
        i += 1
    if i >= len(args) or args[i] == "--":
        return args
    command = group.get_command(ctx, args[i])
    own = _option_names(command, ctx) if command else set()
    movable = {name: value for name, value in takes_value.items() if name not in own}
    moved = []
    rest.append(args[i])
    i += 1
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.partition("=")[0]
        if name in movable:
            moved.append(arg)
            if movable[name] and "=" not in arg and i + 1 < len(args):
                moved.append(args[i + 1])
                i += 1
        else:
            rest.append(arg)
        i += 1
    return front + moved + rest


class JiuzhuGroup(click.Group):
    """Turns a :class:`~jiuzhu.core.model.errors.JiuzhuError` into one message and exit status 1."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = group_options_anywhere(self, ctx, args)
        # --help is eager: it prints before --lang is processed, so note the language here.
        for i, arg in enumerate(args):
            if arg == "--":
                break
            if arg == "--lang" or arg.startswith("--lang="):
                ctx.meta["jiuzhu.help_lang"] = arg.partition("=")[2] or (args[i + 1] if i + 1 < len(args) else "")
        return super().parse_args(ctx, args)

    def _help_in_chinese(self, ctx: click.Context) -> bool:
        from jiuzhu.core.i18n import language_from_environment

        return (ctx.meta.get("jiuzhu.help_lang") or language_from_environment()) == "zh"

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self._help_in_chinese(ctx):
            return super().format_help_text(ctx, formatter)
        from jiuzhu.core.i18n import HELP_ZH

        formatter.write_paragraph()
        with formatter.indentation():
            for paragraph in HELP_ZH.split("\n\n"):
                formatter.write_text(paragraph)
                formatter.write_paragraph()
            formatter.write_text("例如：")
            for example in ("jiuzhu jurisdictions", "jiuzhu use 530323 && jiuzhu staffing",
                            "jiuzhu compare units.csv --jurisdictions all --chart totals.svg"):
                formatter.write_text("  " + example)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self._help_in_chinese(ctx):
            return super().format_options(ctx, formatter)
        from jiuzhu.core.i18n import OPTIONS_ZH

        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record:
                long = next((o for o in param.opts if o.startswith("--")), "")
                rows.append((record[0], OPTIONS_ZH.get(long, record[1])))
        with formatter.section("选项"):
            formatter.write_dl(rows)
        self.format_commands(ctx, formatter)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command, its module imported now (once) if it has not been."""
        if name not in self.commands and name in COMMANDS:
            module, attribute, _short = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(f"jiuzhu.cli.{module}"), attribute), name)
        return self.commands.get(name)

    def _listed(self) -> list[tuple[str, click.Command]]:
        """Each command to list in the group's help: the loaded ones as they are, the others as a
        stand-in holding the short help from COMMANDS (so listing them imports nothing)."""
        listed = [(name, self.commands.get(name) or click.Command(name, help=COMMANDS[name][2]))
                  for name in self.list_commands(None)]
        return [(name, command) for name, command in listed if not command.hidden]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed = self._listed()
        if not listed:
            return
        if not self._help_in_chinese(ctx):
            # click's own layout (Group.format_commands), from the stand-ins.
            limit = formatter.width - 6 - max(len(name) for name, _ in listed)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in listed])
            return
        from jiuzhu.core.i18n import COMMANDS_ZH

        rows = [(name, COMMANDS_ZH.get(name) or command.get_short_help_str(60)) for name, command in listed]
        with formatter.section("命令"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        from jiuzhu.core.model.errors import JiuzhuError

        try:
            return super().invoke(ctx)
        except JiuzhuError as exc:
            chinese = getattr(exc, "chinese", None)
            raise UserError(str(exc), chinese() if chinese else None) from None
        except click.UsageError as exc:
            from jiuzhu.core.i18n import language, translate

            if language() == "zh":
                raise ChineseUsageError(translate(exc.format_message()), exc.ctx) from None
            raise
        except click.ClickException as exc:
            if type(exc) is click.ClickException:  # a command's own refusal: the same one message as UserError
                raise UserError(exc.message) from None
            raise


@click.group(cls=JiuzhuGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jiuzhu", prog_name="jiuzhu")
@click.option("--strict-plugins", is_flag=True, help="Fail when any plugin fails to load (for plugin authors).")
@click.option("--block", "block", multiple=True, envvar="JIUZHU_BLOCK", metavar="NAME",
              help="Never load this plugin: an entry-point name (its code) or a distribution name. Repeatable; "
                   "$JIUZHU_BLOCK takes names separated by spaces or commas.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), envvar="JIUZHU_CONFIG", default=None,
              help="The profile file (default: $JIUZHU_CONFIG, else profiles.toml in your config folder).")
@click.option("--lang", type=click.Choice(["both", "zh", "en"]), default=None,
              help="Language of what you read (tables, outcomes, reasons, errors), anywhere on the line. "
                   "Default: $JIUZHU_LANG, else zh under a Chinese locale (LANG=zh_CN.UTF-8), else both.")
@click.option("--encoding", envvar="JIUZHU_ENCODING", default=None, metavar="NAME",
              help="Encoding of CSV input (e.g. gbk). Default: UTF-8 (with or without BOM), else GB18030, said.")
@click.option("--sheet", envvar="JIUZHU_SHEET", default=None, metavar="NAME|N",
              help="The workbook sheet to read (name or number). Default: the first sheet holding a header.")
@click.pass_context
def cli(ctx: click.Context, strict_plugins: bool, block: tuple[str, ...], config: Path | None, lang: str,
        encoding: str | None, sheet: str | None) -> None:
    """jiuzhu (救助): China's local social-assistance rules as cited, comparable code.

    Every answer names the jurisdiction and clause it rests on. Run a command with no file
    to see it on the bundled sample data.

    \b
    Examples:
      jiuzhu jurisdictions
      jiuzhu use 530323 && jiuzhu staffing
      jiuzhu compare units.csv --jurisdictions all --chart totals.svg
    """
    from jiuzhu.core.i18n import language_from_environment, use_language

    if ctx.invoked_subcommand != "serve":  # a long-running server gives freed memory back
        from jiuzhu.core.memory import fewer_collections, keep_freed_memory

        keep_freed_memory()  # before any command allocates its columns
        fewer_collections()
    lang = lang or language_from_environment()
    use_language(lang)
    ctx.obj = AppContext(strict_plugins=strict_plugins, config=config, lang=lang, encoding=encoding,
                         block=block, sheet=sheet)


def main() -> None:
    # numpy's OpenBLAS starts a thread per core at import that spins waiting for work
    # (~0.1 s of a core); jiuzhu does no linear algebra, and a national comparison reads on
    # the second core meanwhile. A user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # pyarrow's allocator (mimalloc) hands memory a batch freed back to the system after
    # 10 ms, and the next batch faults it in again, page by page: staffing's 0.5 GB of JSON
    # ran 0.9-1.8 s so, 0.9-1.0 s when idle memory is kept for a second (read when pyarrow
    # loads, so set before any command imports it). A user's own setting wins.
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", "1000")
    if sys.stdout is None:  # started with standard output closed (>&-): what it would show goes nowhere
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process's life)
    from jiuzhu.core.hooks.interrupts import record_user_interrupts

    record_user_interrupts()
    try:
        cli(prog_name="jiuzhu")
        status = 0
    except SystemExit as exc:  # click's standalone mode ends every command so
        status = exc.code
    exit_now(status)


def exit_now(status: int | str | None) -> NoReturn:
    """End the process as the interpreter would, less its teardown.

    Once a command has answered, the interpreter would spend ~40 ms (a national comparison)
    freeing every column and module one by one: memory the operating system takes back at
    once when the process ends. Everything a normal exit does for the user still happens,
    in the same order: other threads are joined (thread pools' too), exit handlers run,
    and the standard streams are flushed. A status that is not a number (a message) and an
    interpreter without ``threading._shutdown`` take the ordinary exit."""
    import atexit
    import threading

    shutdown = getattr(threading, "_shutdown", None)
    if not (status is None or isinstance(status, int)) or shutdown is None:
        sys.exit(status)
    shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the descriptor closed (cron, 2>&-): nothing to flush
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that closed the pipe (| head) is not an error here
            pass
    os._exit(status or 0)

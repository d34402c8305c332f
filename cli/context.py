"""What every command shares: the plugin registry (loaded once, only when needed), the
profile store's path, and which chain a command runs under."""

from __future__ import annotations

import os
from pathlib import Path

import click

DEFAULT_JURISDICTION = "530000"


class AppContext:
    """Passed as ``ctx.obj``; builds the registry on first use and reports plugin failures once."""

    def __init__(self, strict_plugins: bool = False, config: Path | None = None, lang: str = "both",
                 encoding: str | None = None, block: tuple[str, ...] = (), sheet: str | None = None):
        self.strict_plugins = strict_plugins
        self.block = block
        self.encoding = encoding
        self.sheet = sheet
        self.lang = lang
        self.config = config
        self._registry = None
        #: ``--as-of`` (None: today) and ``--in-force-only``, set by :func:`as_of_options`.
        self.as_of = None
        self.in_force_only = False

    @property
    def registry(self):
        if self._registry is None:
            from jiuzhu.core.hooks.registry import blocked_names, load_plugins

            self._registry = load_plugins(strict=self.strict_plugins, block=blocked_names(self.block))
            for blocked in self._registry.blocked:
                click.echo(f"note: plugin {blocked.name} ({blocked.distribution}) blocked (--block / JIUZHU_BLOCK); "
                           "not loaded", err=True)
            for failure in self._registry.failures:
                from jiuzhu.cli.output import note

                note(f"warning: plugin {failure.name} ({failure.distribution}) not loaded: {failure.reason}")
        return self._registry

    def store(self):
        from jiuzhu.core.profiles import Store

        return Store.load(self.config)

    def profile_for(self, code: str | None, profile_name: str | None):
        """The profile a command runs under, by precedence.

        ``--jurisdiction CODE`` (plain rules, no overrides) > ``--profile NAME`` >
        ``$JIUZHU_JURISDICTION`` (plain) > the active profile > 530000 (plain).
        """
        from jiuzhu.core.profiles import PLAIN, Profile

        if code:
            return Profile(PLAIN, code)
        if profile_name:
            return self.store().get(profile_name)
        env = os.environ.get("JIUZHU_JURISDICTION")
        if env:
            return Profile(PLAIN, env)
        active = self.store().current()
        return active or Profile(PLAIN, DEFAULT_JURISDICTION)

    def chain(self, code: str, overrides=None):
        """The chain to ``code`` as of ``--as-of`` (default today), drafts left out with ``--in-force-only``."""
        return self.registry.chain(code, overrides, self.as_of, self.in_force_only)

    def chain_for(self, code: str | None, profile_name: str | None, announce: bool = True):
        """``(profile, chain)``; says on standard error which profile, chain and overrides apply,
        and which levels are not in force on the day asked."""
        profile = self.profile_for(code, profile_name)
        chain = self.chain(profile.jurisdiction, profile.overrides)
        if announce:
            from jiuzhu.cli.output import note

            day = f" as of {chain.as_of} 截至{chain.as_of}" if self.as_of else ""
            note(f"{profile.describe()}; chain 适用层级: "
                 f"{' → '.join(f'{j.code} {j.name_zh} {j.name_en}' for j in chain)}{day}")
            for line in chain.dormant_notes():
                note(f"note: {line}")
            for j in chain:
                if j.is_draft and j.code not in chain.dormant:
                    note(f"note: {j.code} {j.name_en}'s document is a draft for comment (征求意见稿), no legal force")
        return profile, chain


def _set_as_of(ctx: click.Context, _param, value):
    if value is not None:
        from jiuzhu.core.model.dates import parse_date
        from jiuzhu.core.model.errors import JiuzhuError

        try:
            ctx.find_object(AppContext).as_of = parse_date(value, "--as-of")
        except JiuzhuError as exc:
            raise click.BadParameter(str(exc).removeprefix("--as-of: "), param_hint="--as-of") from None


def _set_in_force_only(ctx: click.Context, _param, value):
    if value:
        ctx.find_object(AppContext).in_force_only = True


def as_of_options(func):
    """``--as-of DATE`` and ``--in-force-only``: the day the rules are read as of, and
    whether drafts answer. Shared by every command that reads rules."""
    func = click.option("--in-force-only", is_flag=True, expose_value=False, callback=_set_in_force_only,
                        help="Leave out levels whose document is a draft for comment (征求意见稿): they answer "
                             "nothing.")(func)
    return click.option("--as-of", metavar="DATE", expose_value=False, callback=_set_as_of,
                        help="Read the rules as they stood on DATE (YYYY-MM-DD; default today): a level whose "
                             "document is not in force that day answers nothing, said on stderr.")(func)


pass_app = click.make_pass_decorator(AppContext)

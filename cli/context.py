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
                 encoding: str | None = None, sheet: str | None = None):
        self.strict_plugins = strict_plugins
        self.encoding = encoding
        self.sheet = sheet
        self.lang = lang
        self.config = config
        self._registry = None

    @property
    def registry(self):
        if self._registry is None:
            from jiuzhu.core.registry import load_plugins

            self._registry = load_plugins(strict=self.strict_plugins)
            for failure in self._registry.failures:
                click.echo(f"warning: plugin {failure.name} ({failure.distribution}) not loaded: {failure.reason}",
                           err=True)
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

    def chain_for(self, code: str | None, profile_name: str | None, announce: bool = True):
        """``(profile, chain)``; says on standard error which profile, chain and overrides apply."""
        profile = self.profile_for(code, profile_name)
        chain = self.registry.chain(profile.jurisdiction, profile.overrides)
        if announce:
            click.echo(f"{profile.describe()}; chain 适用层级: "
                       f"{' → '.join(f'{j.code} {j.name_zh} {j.name_en}' for j in chain)}", err=True)
            for j in chain:
                if j.is_draft:
                    click.echo(f"note: {j.code} {j.name_en}'s document is a draft for comment (征求意见稿), "
                               "no legal force", err=True)
        return profile, chain


pass_app = click.make_pass_decorator(AppContext)

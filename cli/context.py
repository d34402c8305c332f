"""What every command shares: the plugin registry, loaded once and only when needed."""

from __future__ import annotations

import click


class AppContext:
    """Passed as ``ctx.obj``; builds the registry on first use and reports plugin failures once."""

    def __init__(self, strict_plugins: bool = False):
        self.strict_plugins = strict_plugins
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


pass_app = click.make_pass_decorator(AppContext)

"""``jiuzhu use CODE`` and ``jiuzhu profile …``: switching and managing jurisdiction profiles.

All writes go through :mod:`jiuzhu.core.profiles` (locked, atomic, with a backup).
"""

from __future__ import annotations

import click
from jiuzhu.cli.context import pass_app
from jiuzhu.cli.output import emit, localise, render_table, to_json
from jiuzhu.core.i18n import say, translate


def switched(store, registry, code: str, name: str | None, dropped: list[str],
             spared: list | None = None):
    """The store with profile ``name`` switched to ``code`` and made active; overrides that do not
    apply to ``code``'s chain are dropped and their names appended to ``dropped``.

    Without ``name`` a saved named profile is never repointed: if the active one is named and on
    another jurisdiction, the "default" profile is switched instead and the named one is appended
    to ``spared`` (the caller says so). ``--profile NAME`` is the explicit way to repoint it.
    """
    from jiuzhu.core.model.errors import ParameterError
    from jiuzhu.core.profiles import DEFAULT_PROFILE, Profile, check_name

    spared = [] if spared is None else spared
    active = store.current()
    if name is None and active is not None and active.name != DEFAULT_PROFILE:
        if active.jurisdiction == code:
            return store
        spared.append(active)
    target = check_name(name or (store.active if not spared else None) or DEFAULT_PROFILE)
    old = store.profiles.get(target)
    kept = {}
    for key, value in (old.overrides if old else {}).items():
        try:
            registry.chain(code, {key: value})
            kept[key] = value
        except ParameterError:
            dropped.append(key)
    return store.with_profile(Profile(target, code, kept, old.costs if old else {}), activate=True)


def with_override(store, registry, name: str, value):
    """The store with the active profile overriding ``name`` (CODE.name, or a bare name found
    up the chain) by ``value``, checked against what the jurisdiction declares."""
    from jiuzhu.core.rules.chain import resolve_override_name

    current = store.require_current()
    j, pname = resolve_override_name(registry.tree.path(current.jurisdiction), name)
    key = f"{j.code}.{pname}"
    overrides = {**current.overrides, key: value}
    chain = registry.chain(current.jurisdiction, overrides)  # checks type and range
    overrides[key] = chain[j.code].parameters.value(pname)
    return store.with_overrides(overrides)


def without_override(store, name: str):
    """The store with the active profile's override of ``name`` removed (a ProfileError if none)."""
    from jiuzhu.core.profiles import ProfileError

    current = store.require_current()
    keys = [k for k in current.overrides if k == name or k.split(".", 1)[-1] == name]
    if not keys:
        raise ProfileError(f"{current.name} has no override {name!r}; it has: "
                           f"{', '.join(current.overrides) or 'none'}")
    return store.with_overrides({k: v for k, v in current.overrides.items() if k not in keys})


@click.command()
@click.argument("code")
@click.option("--profile", "-p", "name", default=None, metavar="NAME",
              help="Switch this named profile (created if new) instead of the active one.")
@pass_app
def use(app, code, name):
    """Switch the active profile to jurisdiction CODE.

    Overrides that do not apply to CODE's chain are dropped, and the command says which.

    \b
    Example:
      jiuzhu use 530323 --profile shizong-2019
    """
    from jiuzhu.core.profiles import update

    chain = app.registry.chain(code)  # an unknown code is refused before anything is written
    dropped: list[str] = []
    spared: list = []
    store = update(app.config, lambda store: switched(store, app.registry, code, name, dropped, spared))
    click.echo(translate(f"active: {store.current().describe()}"))
    click.echo(f"{localise('chain 适用层级')}: {' → '.join(f'{j.code} {j.name_zh} {j.name_en}' for j in chain)}")
    for kept in spared:
        click.echo(say(f"配置 {kept.name} 未改动（仍为 {kept.jurisdiction}）；已切换到默认配置 {store.active}（{code}）。"
                       f"要改 {kept.name} 本身：jiuzhu use {code} --profile {kept.name}",
                       f"profile {kept.name} is left as it was (still {kept.jurisdiction}); switched to the default "
                       f"profile {store.active} ({code}). To repoint {kept.name} itself: "
                       f"jiuzhu use {code} --profile {kept.name}"), err=True)
    if dropped:
        click.echo(say(f"配置 {store.active} 改到 {code} 后，删去了不适用于 {code} 的参数调整：{'、'.join(dropped)}",
                       f"profile {store.active}: dropped overrides that do not apply to {code}: "
                       f"{', '.join(dropped)}"), err=True)


@click.group(invoke_without_command=True)
@click.pass_context
def profile(ctx):
    """Show the active profile, or manage profiles: set, unset, list, switch, delete, reset.

    \b
    Example:
      jiuzhu profile set rounding_minimum floor
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(show_profile)


@profile.command("show")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def show_profile(app, fmt):
    """Show the active profile: its jurisdiction, overrides and the file it lives in."""
    store = app.store()
    current = store.current()
    if fmt == "json":
        emit(to_json([{"path": str(store.path), "active": store.active,
                       "jurisdiction": current.jurisdiction if current else None,
                       "overrides": dict(current.overrides) if current else {}}]), None)
        return
    click.echo(say(f"配置文件：{store.path}", f"profile file: {store.path}"))
    if current is None:
        click.echo(say("未启用配置：命令按 --jurisdiction、$JIUZHU_JURISDICTION 或 530000 运行；`jiuzhu use CODE` 可设置。",
                       "no active profile: commands use --jurisdiction, $JIUZHU_JURISDICTION or 530000. "
                       "`jiuzhu use CODE` sets one."))
        return
    click.echo(translate(current.describe()))


@profile.command("set")
@click.argument("name")
@click.argument("value")
@pass_app
def set_override(app, name, value):
    """Override parameter NAME (CODE.name, or a bare name found up the chain) with VALUE.

    The value is checked against what the jurisdiction declares: an unknown name, a wrong
    type or a value out of range is refused, naming the parameter and what is allowed.

    cost.ROLE YUAN sets a monthly cost per person for `jiuzhu gap` instead: your figure,
    not a parameter of any document.

    \b
    Example:
      jiuzhu profile set 530000.rounding_minimum floor
      jiuzhu profile set cost.township_staff 4000
    """
    from jiuzhu.core.profiles import parse_value, update

    if name.startswith("cost."):
        _set_cost(app, name.removeprefix("cost."), value)
        return
    parsed = parse_value(value)
    store = update(app.config, lambda store: with_override(store, app.registry, name, parsed))
    click.echo(translate(f"set; {store.current().describe()}"))


def _set_cost(app, role: str, value: str | None) -> None:
    """Set (or, with ``value`` None, remove) the active profile's monthly cost of ``role``."""
    from jiuzhu.core.analysis.gap import ROLE_ALIASES
    from jiuzhu.core.profiles import ProfileError, update
    from jiuzhu.core.io.readers import parse_number
    from jiuzhu.core.model.roles import ROLES

    role = ROLE_ALIASES.get(role, role)
    if value is not None and role not in ROLES:
        raise ProfileError(f"no role {role!r}; roles: {', '.join(ROLES)}")
    try:
        amount = None if value is None else parse_number(value)
    except ValueError as exc:
        raise ProfileError(f"cost.{role}: {exc}") from None

    def change(store):
        current = store.require_current()
        if amount is None and role not in current.costs:
            raise ProfileError(f"{current.name} has no cost for {role!r}; it has: {', '.join(current.costs) or 'none'}")
        costs = {k: v for k, v in current.costs.items() if k != role}
        if amount is not None:
            costs[role] = amount
        return store.with_costs(costs)

    store = update(app.config, change)
    click.echo(translate(f"{'set' if amount is not None else 'unset'}; {store.current().describe()}"))


@profile.command("unset")
@click.argument("name")
@pass_app
def unset_override(app, name):
    """Remove the override of parameter NAME from the active profile."""
    from jiuzhu.core.profiles import update

    if name.startswith("cost."):
        _set_cost(app, name.removeprefix("cost."), None)
        return
    store = update(app.config, lambda store: without_override(store, name))
    click.echo(translate(f"unset; {store.current().describe()}"))


@profile.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def list_profiles(app, fmt):
    """List saved profiles; the active one is marked with *."""
    store = app.store()
    records = [{"name": p.name, "active": p.name == store.active, "jurisdiction": p.jurisdiction,
                "overrides": dict(p.overrides)} for p in store.profiles.values()]
    if fmt == "json":
        emit(to_json(records), None)
        return
    rows = [["*" if r["active"] else "", r["name"], r["jurisdiction"],
             ", ".join(f"{k}={v!r}" for k, v in r["overrides"].items())] for r in records]
    emit(render_table(rows, ["", "name 名称", "jurisdiction 辖区", "overrides 调整参数"]), None)


@profile.command("switch")
@click.argument("name")
@pass_app
def switch(app, name):
    """Make the saved profile NAME the active one."""
    from attrs import evolve
    from jiuzhu.core.profiles import update

    def change(store):
        store.get(name)
        return evolve(store, active=name)

    store = update(app.config, change)
    click.echo(f"active: {store.current().describe()}")


@profile.command("delete")
@click.argument("name")
@pass_app
def delete(app, name):
    """Delete the saved profile NAME."""
    from jiuzhu.core.profiles import update

    update(app.config, lambda store: store.without(name))
    click.echo(translate(f"deleted profile {name}"))


@profile.command("reset")
@click.confirmation_option(prompt="Replace the profile file with an empty one (the old one is kept as .bak)?")
@pass_app
def reset(app):
    """Start an empty profile file; an unreadable old one is kept beside it as .bak."""
    from jiuzhu.core.profiles import Store, default_path, locked

    with locked(app.config) as path:
        Store(path or default_path(), None, {}).save()
    click.echo(translate(f"reset {path}"))

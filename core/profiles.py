"""The profile store: the only place that writes jiuzhu's configuration.

One TOML file holds named profiles (a jurisdiction plus parameter overrides) and which
one is active::

    active = "shizong-2019"

    [profiles.shizong-2019]
    jurisdiction = "530323"

    [profiles.shizong-2019.overrides]
    "530000.rounding_minimum" = "floor"

Where: ``--config PATH``, else ``$JIUZHU_CONFIG``, else ``profiles.toml`` in the user's
config folder. Every change is read-modify-write under a lock (two processes never lose
an update), written to a temporary file beside it and moved into place (a crash leaves
the old file or the new one), and the previous file is kept as ``profiles.toml.bak``.
An unreadable file is reported with its path and never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import tomli
from attrs import evolve, field, frozen

from jiuzhu.core.model.errors import JiuzhuError

ENV_VAR = "JIUZHU_CONFIG"
DEFAULT_PROFILE = "default"
PLAIN = "(none)"  # the name of an unsaved profile: a jurisdiction's plain rules, no overrides
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class ProfileError(JiuzhuError):
    """A profile operation that cannot be done; says why and what to do."""


def check_name(name: str) -> str:
    """Profile names are plain words: letters, digits, '.', '_', '-' (no paths)."""
    if not _NAME.match(name) or name in (".", ".."):
        raise ProfileError(f"profile name {name!r} is not allowed: use letters, digits, '.', '_' or '-' "
                           "(at most 64, starting with a letter or digit)")
    return name


def default_path() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    from platformdirs import user_config_dir  # the core takes no click; the same folders click names

    return Path(user_config_dir("jiuzhu", appauthor=False, roaming=True)) / "profiles.toml"


@frozen
class Profile:
    """A named jurisdiction with parameter overrides (``CODE.name`` → value)."""

    name: str
    jurisdiction: str
    overrides: Mapping[str, Any] = field(factory=dict)
    #: Monthly cost per person by role (yuan), for ``jiuzhu gap``: the user's figures, not a
    #: parameter of any document, so kept apart from the overrides (``profile set cost.ROLE``).
    costs: Mapping[str, float] = field(factory=dict)

    def describe(self) -> str:
        if self.name == PLAIN:
            return f"no profile: the plain rules of {self.jurisdiction}"
        extra = ", ".join(f"{k}={v!r}" for k, v in sorted(self.overrides.items()))
        costs = ", ".join(f"{k}={v:g}" for k, v in sorted(self.costs.items()))
        return (f"profile {self.name} ({self.jurisdiction})" + (f", overrides: {extra}" if extra else ", no overrides")
                + (f"; monthly costs (your input): {costs}" if costs else ""))


@frozen
class Store:
    """The profiles in one file; operations return a new Store, ``save`` writes it."""

    path: Path
    active: str | None
    profiles: Mapping[str, Profile]

    # -- reading -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> Store:
        path = Path(path) if path else default_path()
        if not path.exists():
            return cls(path, None, {})
        try:
            data = tomli.loads(path.read_text(encoding="utf-8"))
        except RecursionError:  # tomli refuses deep nesting so: a hostile file gets one message
            raise ProfileError(f"{path}: the profile file cannot be read (nested too deeply). It was left as it "
                               f"is; move it away (a backup may be at {path}.bak) or run `jiuzhu profile reset`") from None
        except (tomli.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ProfileError(f"{path}: the profile file cannot be read ({exc}). It was left as it is; move it "
                               f"away (a backup may be at {path}.bak) or run `jiuzhu profile reset`") from None
        def broken(what: str) -> ProfileError:
            return ProfileError(f"{path}: {what}. It was left as it is; fix it or move it away (a backup may be at "
                                f"{path}.bak), or run `jiuzhu profile reset`")

        tables = data.get("profiles", {})
        if not isinstance(tables, dict):
            raise broken("'profiles' must be a table of [profiles.NAME] sections")
        profiles = {}
        for name, body in tables.items():
            if not isinstance(body, dict) or not isinstance(body.get("jurisdiction"), str):
                raise broken(f'[profiles.{name}] needs a jurisdiction = "CODE" line')
            overrides = body.get("overrides", {})
            if not isinstance(overrides, dict) or any(isinstance(v, dict) for v in overrides.values()):
                raise broken(f"[profiles.{name}.overrides] must map parameter names to values")
            costs = body.get("costs", {})
            if not isinstance(costs, dict) or any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0
                                                  for v in costs.values()):
                raise broken(f"[profiles.{name}.costs] must map roles to monthly yuan (numbers, not negative)")
            profiles[name] = Profile(name, body["jurisdiction"], dict(overrides), {k: float(v) for k, v in costs.items()})
        active = data.get("active")
        if active is not None and not isinstance(active, str):
            raise broken("'active' must be a profile name")
        return cls(path, active if active in profiles else None, profiles)

    def current(self) -> Profile | None:
        return self.profiles.get(self.active) if self.active else None

    def require_current(self) -> Profile:
        """The active profile, or a ProfileError saying how to make one."""
        current = self.current()
        if current is None:
            raise ProfileError("no active profile: run `jiuzhu use CODE` first")
        return current

    def get(self, name: str) -> Profile:
        if name not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none yet (`jiuzhu use CODE` makes one)"
            raise ProfileError(f"no profile named {name!r}; profiles: {known}")
        return self.profiles[name]

    # -- changing (pure) -----------------------------------------------------------------
    def with_profile(self, profile: Profile, activate: bool = False) -> Store:
        check_name(profile.name)
        profiles = {**self.profiles, profile.name: profile}
        return evolve(self, profiles=profiles, active=profile.name if activate or self.active is None else self.active)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Store:
        """The active profile with its overrides replaced."""
        return self.with_profile(evolve(self.require_current(), overrides=dict(overrides)))

    def with_costs(self, costs: Mapping[str, float]) -> Store:
        """The active profile with its monthly costs per role replaced."""
        return self.with_profile(evolve(self.require_current(), costs=dict(costs)))

    def without(self, name: str) -> Store:
        self.get(name)
        profiles = {k: v for k, v in self.profiles.items() if k != name}
        return evolve(self, profiles=profiles, active=None if self.active == name else self.active)

    # -- writing -------------------------------------------------------------------------
    def to_toml(self) -> str:
        import tomli_w

        data: dict[str, Any] = {}
        if self.active:
            data["active"] = self.active
        data["profiles"] = {p.name: {"jurisdiction": p.jurisdiction, "overrides": dict(p.overrides),
                                     **({"costs": dict(p.costs)} if p.costs else {})}
                            for p in self.profiles.values()}
        return tomli_w.dumps(data)

    def save(self) -> None:
        """Write atomically, keeping the previous file as a ``.bak`` beside it."""
        from jiuzhu.core.io.atomic import write_text_atomically

        self.path.parent.mkdir(parents=True, exist_ok=True)

        def keep_backup() -> None:
            if self.path.exists():
                shutil.copy2(self.path, self.path.with_name(self.path.name + ".bak"))

        write_text_atomically(self.path, self.to_toml(), before_replace=keep_backup)


@contextlib.contextmanager
def locked(path: Path | None = None) -> Iterator[Path]:
    """Hold the store's lock for a read-modify-write (``profiles.toml.lock``, through
    ``filelock``: an OS lock on Linux, macOS and Windows alike)."""
    from filelock import FileLock, Timeout

    path = Path(path) if path else default_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path.with_name(path.name + ".lock"), timeout=60)
        lock.acquire()
    except Timeout:
        raise ProfileError(f"another jiuzhu is changing {path} (its lock was held for a minute); try again") from None
    except OSError as exc:
        raise ProfileError(f"cannot use the profile folder {path.parent}: {exc.strerror or exc}") from None
    try:
        yield path
    finally:
        lock.release()


def update(path: Path | None, change) -> Store:
    """Apply ``change(store) -> store`` under the lock and save; returns the saved store."""
    with locked(path) as p:
        new = change(Store.load(p))
        try:
            new.save()
        except OSError as exc:
            raise ProfileError(f"cannot write {p}: {exc.strerror or exc}; the previous profile file is unchanged") \
                from None
        return new


def parse_value(text: str) -> Any:
    """A command-line value as TOML reads it (3, 0.5, true, "ceil"), else as plain text."""
    try:
        return tomli.loads(f"v = {text}")["v"]
    except (tomli.TOMLDecodeError, RecursionError):
        return text

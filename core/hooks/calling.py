"""Calling a hook on every plugin of a chain, and checking what each returns.

Each implementation is called on its own so a failure names its plugin and hook, and the
answers are returned keyed by jurisdiction: the combiner orders them by chain depth, so
nothing depends on pluggy's call order. Every answer is checked where it is returned
(:mod:`jiuzhu.core.hooks.validation`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

from jiuzhu.core.model.errors import JiuzhuError, ParameterOutOfForce, PluginError
from jiuzhu.core.hooks.interrupts import describe, is_plugin_fault, watching_interrupts
from jiuzhu.core.hooks.validation import BadAnswer, valid_answer


def call_level(impl: pluggy.HookImpl, hook_name: str, kwargs: dict[str, Any], module: str,
               distribution: str | None) -> Any:
    """One plugin's checked answer (``None``: not regulated here); a failure or a bad answer
    is a PluginError naming the plugin, its module and distribution, and the hook."""
    with watching_interrupts() as watch:
        try:
            # The same argument selection pluggy itself makes: an implementation may take
            # fewer arguments than the spec.
            answer = impl.function(*(kwargs[name] for name in impl.argnames))
        except JiuzhuError:
            raise  # a data error the plugin found (InputError) already says what and where
        except BaseException as exc:  # sys.exit() in a hook is the plugin's failure, not jiuzhu's exit
            if not is_plugin_fault(exc, watch):
                raise  # the user's own Ctrl-C
            raise PluginError(f"failed in {hook_name}: {describe(exc)}", plugin=impl.plugin_name,
                              module=module, distribution=distribution) from exc
    try:
        return valid_answer(hook_name, answer, kwargs, impl.plugin_name)
    except BadAnswer as exc:
        raise PluginError(f"returned a bad answer (答案不合规) from {hook_name}: {exc}", plugin=impl.plugin_name,
                          module=module, distribution=distribution) from None


def call_chain(pm: pluggy.PluginManager, hook_name: str, distributions: dict[str, str] | None = None,
               answer: Callable[..., Any] = call_level, **kwargs: Any) -> dict[str, Any]:
    """``{plugin name: answer}`` for every plugin implementing ``hook_name`` (``None`` answers dropped).

    ``distributions`` (plugin name → distribution and version) makes failures name them;
    ``answer`` (default :func:`call_level`) gets each level's answer, so an evaluation can
    put its cache in front of the call.
    """
    answers = {}
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        plugin = pm.get_plugin(impl.plugin_name)
        try:
            reply = answer(impl, hook_name, kwargs, getattr(plugin, "__name__", type(plugin).__name__),
                           (distributions or {}).get(impl.plugin_name))
        except ParameterOutOfForce as exc:
            # A number with no dated value that day silences this rule of this level only
            # (an ended parameter must not stop every calculation); the chain says so.
            kwargs["chain"].lapsed[f"{impl.plugin_name} {hook_name}"] = str(exc)
            continue
        if reply is not None:
            answers[impl.plugin_name] = reply
    return answers

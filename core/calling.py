"""Calling a hook on every plugin of a chain, and checking what each returns.

Each implementation is called on its own so a failure names its plugin and hook, and the
answers are returned keyed by jurisdiction: the combiner orders them by chain depth, so
nothing depends on pluggy's call order.
"""

from __future__ import annotations

from typing import Any

import pluggy

from jiuzhu.core.errors import JiuzhuError, PluginError
from jiuzhu.core.interrupts import describe, is_plugin_fault, watching_interrupts
from jiuzhu.core.validation import BadAnswer, valid_answer


def _level_key(chain, code: str) -> str:
    """What a level's answer may depend on: its own and its ancestors' parameter values
    (as text, since values may be lists)."""
    return repr(chain.parameter_values(up_to=code))


def call_chain(pm: pluggy.PluginManager, hook_name: str, cache: dict | None = None,
               distributions: dict[str, str] | None = None, **kwargs: Any) -> dict[str, Any]:
    """``{plugin name: answer}`` for every plugin implementing ``hook_name`` (``None`` answers dropped).

    With ``cache`` (a dict the caller keeps for one batch, as ``compare`` does), a level's
    answer is reused when the same level, with the same parameters up its chain, is asked
    about the same tables again: Yunnan heads both its own chain and Shizong's. Plugins
    read their own and their ancestors' parameters only, never a descendant's.
    ``distributions`` (plugin name → distribution and version) makes failures name them.
    """
    caller = getattr(pm.hook, hook_name)
    answers = {}
    for impl in caller.get_hookimpls():
        dist = pm.get_plugin(impl.plugin_name)
        key = None
        if cache is not None and "chain" in kwargs:
            key = (impl.plugin_name, hook_name, tuple((k, id(v)) for k, v in sorted(kwargs.items()) if k != "chain"),
                   _level_key(kwargs["chain"], impl.plugin_name))
            if key in cache:
                if cache[key] is not None:
                    answers[impl.plugin_name] = cache[key]
                continue
        module = getattr(dist, "__name__", type(dist).__name__)
        distribution = (distributions or {}).get(impl.plugin_name)
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
            answer = valid_answer(hook_name, answer, kwargs, impl.plugin_name)
        except BadAnswer as exc:
            raise PluginError(f"returned a bad answer (答案不合规) from {hook_name}: {exc}", plugin=impl.plugin_name,
                              module=module, distribution=distribution) from None
        if key is not None:
            cache[key] = answer
        if answer is not None:
            answers[impl.plugin_name] = answer
    return answers

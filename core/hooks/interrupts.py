"""Telling a plugin's ``SystemExit``/``KeyboardInterrupt`` from the user's own Ctrl-C.

A plugin that calls ``sys.exit()`` or raises ``KeyboardInterrupt`` must be isolated like
any other failing plugin; a Ctrl-C the user types must still abort. While plugin code runs
inside :func:`watching_interrupts`, SIGINT is routed through a handler that records it
before raising as usual, so :func:`is_plugin_fault` can tell the two apart.

For the whole run, the command line also records every Ctrl-C
(:func:`record_user_interrupts`), so that one some code caught and dropped still stops the
run before it writes the next batch or replaces the user's file (:func:`stop_if_interrupted`).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager


#: Set once the user's Ctrl-C reaches this process (see :func:`record_user_interrupts`).
_INTERRUPTED = threading.Event()


def record_user_interrupts() -> None:
    """For the rest of the run, a Ctrl-C is recorded as well as raised, so that one which
    code swallowed still stops the run at its next batch or file (:func:`stop_if_interrupted`).

    Python raises KeyboardInterrupt wherever the main thread happens to be: inside a
    finaliser or an import a library makes for itself it is printed as "Exception ignored"
    and lost, and the run went on to write its file as if nothing was typed (8 of 40
    Ctrl-Cs during ``staffing --format json --output``). Such a one is now recorded and not
    printed. The command line calls this once, before any command runs."""
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.default_int_handler:
        return  # ignored (nohup, a background job), or an embedding program's own handler

    def handler(signum, frame):
        _INTERRUPTED.set()
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:
        return
    hook = sys.unraisablehook

    def unraisable(info) -> None:
        if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
            return  # recorded by the handler: the run stops at its next step, without this trace
        hook(info)

    sys.unraisablehook = unraisable


def stop_if_interrupted() -> None:
    """Raise KeyboardInterrupt if the user's Ctrl-C reached the process, caught or not."""
    if _INTERRUPTED.is_set():
        raise KeyboardInterrupt


class InterruptWatch:
    """Whether the user pressed Ctrl-C while plugin code ran."""

    def __init__(self) -> None:
        self.user_interrupted = False


@contextmanager
def watching_interrupts() -> Iterator[InterruptWatch]:
    watch = InterruptWatch()
    # Signals reach the main thread only: in any other thread a KeyboardInterrupt was raised
    # by code, never typed, and no handler can (or need) be installed.
    if threading.current_thread() is not threading.main_thread():
        yield watch
        return
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum, frame):
        if previous is signal.SIG_IGN:
            return
        watch.user_interrupted = True
        if callable(previous):
            previous(signum, frame)
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:  # an embedding interpreter that forbids it: every Ctrl-C stays the user's
        watch.user_interrupted = True
        yield watch
        return
    try:
        yield watch
    finally:
        signal.signal(signal.SIGINT, previous)


def is_plugin_fault(exc: BaseException, watch: InterruptWatch) -> bool:
    """True when ``exc``, raised by plugin code, is the plugin's failure to isolate (not the
    user's Ctrl-C, nor a SIGTERM that arrived while the plugin ran)."""
    from jiuzhu.core.model.errors import Terminated

    if isinstance(exc, Terminated):
        return False
    if isinstance(exc, KeyboardInterrupt):
        return not watch.user_interrupted
    return isinstance(exc, (Exception, SystemExit))


def describe(exc: BaseException) -> str:
    """``SystemExit``/``KeyboardInterrupt`` said as what the plugin did; others as type and message."""
    if isinstance(exc, SystemExit):
        return f"called sys.exit({exc.code!r}) (SystemExit)"
    if isinstance(exc, KeyboardInterrupt):
        return "raised KeyboardInterrupt itself (not a Ctrl-C from you)"
    return f"{type(exc).__name__}: {exc}"

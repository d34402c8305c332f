"""Work started on a second thread now and waited for later: the reading that overlaps
imports and plugin loading at start-up, and the batch read while the last one is answered.

A module of its own, importing nothing but ``threading``: a command starts its reading
before it imports anything heavier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


def in_background(fn: Callable, *args) -> Callable[[], object]:
    """Start ``fn(*args)`` on a daemon thread now; return ``result()``, which waits for it and
    returns its value or raises its error. A daemon, so a run stopped by Ctrl-C, SIGTERM or
    an error ends without waiting for a read that may never end (a FIFO, a terminal, a
    stalled network mount)."""
    box: dict = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # raised on the caller's thread, when it asks
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="jiuzhu-background", daemon=True).start()

    def result() -> object:
        done.wait()
        if "error" in box:
            raise box["error"]
        return box["value"]

    return result

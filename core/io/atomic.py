"""Writing a file so that a crash leaves the old one or the new one, never half of either.

The new file is written as ``part`` in a private folder beside the target, named
``.NAME.jiuzhu-PID-RANDOM.tmp``: SIGINT and SIGTERM remove it, and a later write to the
same folder removes the ones a killed run (SIGKILL, power loss) left behind, once their
process is gone. The finished file gets the mode a plain ``open()`` would give it (the
umask's), or keeps the mode of the file it replaces.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from jiuzhu.core.hooks.interrupts import stop_if_interrupted

_MARK = ".jiuzhu-"
_SUFFIX = ".tmp"
#: The file's name inside its temporary folder.
_PART = "part"
#: A temp file younger than this is never taken for stale (its writer may be starting up).
_STALE_AFTER_S = 60


def _umask_mode() -> int:
    """0o666 less the process umask (read without a window where it is changed: os.umask
    is per process, so it is read and put back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _process_gone(pid: int) -> bool:
    if os.name != "posix":
        return False  # Windows: no safe liveness probe without a dependency; age decides alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Remove jiuzhu's own temp files (and the folders holding them) in ``folder`` whose
    writer is gone; return them."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and _MARK in name and name.endswith(_SUFFIX)):
            continue
        pid_text = name.rsplit(_MARK, 1)[1].split("-", 1)[0]
        if not pid_text.isdigit():
            continue
        try:
            is_file, is_folder = entry.is_file(follow_symlinks=False), entry.is_dir(follow_symlinks=False)
            age = now - _last_written(entry.path) if is_folder else now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if not (is_file or is_folder):
            continue
        pid = int(pid_text)
        stale = (pid != os.getpid() and _process_gone(pid) and age > _STALE_AFTER_S) or age > 24 * 3600 * 7
        if stale:
            with contextlib.suppress(OSError):
                if is_folder:
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _last_written(folder: str) -> float:
    """When a temporary folder or the file being written in it last changed: a folder's own
    time is set when the file is made, and a long run must not look stale while it writes."""
    times = [os.stat(folder, follow_symlinks=False).st_mtime]
    with os.scandir(folder) as entries:
        times += [e.stat(follow_symlinks=False).st_mtime for e in entries]
    return max(times)


@contextlib.contextmanager
def _removed_on_signals(tmp: str) -> Iterator[None]:
    """SIGTERM ends the program through SystemExit (so ``finally`` blocks run and the temp
    file goes); SIGINT already raises KeyboardInterrupt. Only the main thread sets handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum, _frame):
        from jiuzhu.core.model.errors import Terminated

        raise Terminated(128 + signum)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def replacing(path: str | Path, before_replace: Callable[[], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; when the block ends normally, move it over
    ``path`` (``before_replace`` runs first, e.g. to keep a backup). On any failure, SIGINT
    or SIGTERM the temporary file is removed and ``path`` is left as it was."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    remove_stale_temp_files(folder)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = _umask_mode()
    # A private folder (made atomically, 0700) holding a name not yet taken, rather than an
    # empty file: every writer opens its path with truncation, and truncating an existing
    # file makes ext4 write all of it out on close (auto_da_alloc), in the writer's time:
    # 0.15-0.2 s for staffing's 0.5 GB JSON. A new file is written out in the background.
    holder = tempfile.mkdtemp(prefix=f".{path.name}{_MARK}{os.getpid()}-", suffix=_SUFFIX, dir=folder)
    # A short name, not the target's: the path stays within Windows' 260 characters as long as
    # the old temporary file's did, and half a result is never found as ``*.csv``.
    tmp = os.path.join(holder, _PART)
    try:
        with _removed_on_signals(tmp):
            yield Path(tmp)
            if not os.path.exists(tmp):  # a writer that had nothing to write: an empty file
                open(tmp, "xb").close()  # noqa: SIM115
            os.chmod(tmp, mode)
            stop_if_interrupted()  # a Ctrl-C some code swallowed: the user's file stays as it was
            if before_replace is not None:
                before_replace()
            os.replace(tmp, path)
    finally:
        shutil.rmtree(holder, ignore_errors=True)  # the new file, unless it replaced the old one


def write_text_atomically(path: str | Path, text: str, before_replace: Callable[[], None] | None = None) -> None:
    """``text`` to ``path`` as UTF-8, flushed to disk before it replaces the old file."""
    with replacing(path, before_replace) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())

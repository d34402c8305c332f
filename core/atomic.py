"""Writing a file so that a crash leaves the old one or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: str | Path, before_replace: Callable[[], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; when the block ends normally, move it over
    ``path`` (``before_replace`` runs first, e.g. to keep a backup). On any failure the
    temporary file is removed and ``path`` is left as it was."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        yield Path(tmp)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text_atomically(path: str | Path, text: str, before_replace: Callable[[], None] | None = None) -> None:
    """``text`` to ``path`` as UTF-8, flushed to disk before it replaces the old file."""
    with replacing(path, before_replace) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())

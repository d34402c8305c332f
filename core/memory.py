"""Keeping freed memory for reuse during a large vectorised run.

glibc returns every large block (over 128 KiB: any column of a national file) to the
operating system when numpy frees it, so the next column of the same size is paid for
again in page faults. A national comparison allocates hundreds of such columns; keeping
freed memory in the process for reuse cuts its wall time by about a fifth (staffing's JSON
on the national file: 1.5 s to 1.05 s). The command line asks for it before every command
but ``serve`` (a long-running server gives memory back). Other C libraries (macOS, musl)
are left alone.
"""

from __future__ import annotations

_DONE = False


def keep_freed_memory() -> bool:
    """Ask glibc to reuse freed large blocks instead of unmapping them; True if it took."""
    global _DONE
    if _DONE:
        return True
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        ok = libc.mallopt(m_mmap_threshold, 256 << 20) and libc.mallopt(m_trim_threshold, 1 << 30)
    except (OSError, AttributeError):
        return False
    _DONE = bool(ok)
    return _DONE


#: The cycle collector's thresholds for a command's run (Python 3.11's own: 700, 10, 10).
RUN_GC_THRESHOLDS = (100_000, 50, 50)


def fewer_collections() -> None:
    """Let the cycle collector run rarely: a command makes its objects once (modules,
    classes, plugins) and the process ends soon after, yet at Python's thresholds the
    collector walked the growing heap again and again during the imports: ~7 ms of a 0.19 s
    start (alternating runs). Cycles are still collected, a hundred thousand allocations
    apart. Not for ``serve``: a server keeps Python's own rhythm."""
    import gc

    gc.set_threshold(*RUN_GC_THRESHOLDS)

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

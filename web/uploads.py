"""What a request brings to read: an uploaded file, JSON records, or the bundled sample.

The readers take a path, so the bytes are written into a private temporary folder (mode
0700) that is removed when the request ends. The client's file name is only shown, never
used as a path: the staged file is named ``input`` plus an allowed suffix.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from attrs import frozen

from jiuzhu.core.model.errors import InputError

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls")
JSON_SOURCE = "JSON records"


@frozen
class Upload:
    """The input of one request: ``name`` as shown to the user, and its bytes (``None``: the
    bundled sample ``sample``)."""

    name: str
    data: bytes | None = None
    sample: Any = None  # a file name under jiuzhu/samples, or a subject's sample (a Traversable)
    kind: str | None = None  # the suffix to stage under, when the name has none

    @property
    def suffix(self) -> str:
        return self.kind or Path(self.name).suffix.lower()


def readers_read(suffix: str) -> bool:
    """Whether the installed readers declare ``suffix`` (their ``*_SUFFIXES`` tuples), for the
    kinds a plain-text reading would misread (workbooks)."""
    from jiuzhu.core.io import readers

    return any(suffix in value for key, value in vars(readers).items()
               if key.endswith("SUFFIXES") and isinstance(value, tuple))


def file_upload(name: str, data: bytes) -> Upload:
    """An uploaded file; refuses a type the readers do not read (named by its suffix only)."""
    shown = Path(name.replace("\\", "/")).name or "upload"
    suffix = Path(shown).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"cannot read this kind of file; upload one of {', '.join(SUFFIXES)}", file=shown)
    if suffix == ".xls" and not readers_read(".xls"):
        raise InputError("this version does not read .xls (Excel 97–2003) workbooks; save the sheet as .xlsx "
                         "or CSV UTF-8 / 请另存为 .xlsx 或 CSV", file=shown)
    return Upload(shown, data)


def records_upload(records) -> Upload:
    """JSON records (a list of objects) as the CSV the readers read: one column per key, in
    order of first appearance; a nested value is refused naming the record and key."""
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError("'records' must be a list of objects, one per row", file=JSON_SOURCE)
    header: dict[str, None] = {}
    for number, record in enumerate(records, start=2):
        for key, value in record.items():
            if isinstance(value, (dict, list)):
                raise InputError("a value must be a number, text, true/false or null", file=JSON_SOURCE,
                                 row=number, column=str(key))
            header.setdefault(str(key), None)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        writer.writerow(["" if record.get(k) is None else _text(record.get(k)) for k in header])
    return Upload(JSON_SOURCE, buf.getvalue().encode("utf-8"), kind=".csv")


def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def sample_upload(sample) -> Upload:
    return Upload(f"bundled sample {getattr(sample, 'name', sample)}", None, sample)


@contextmanager
def staged(upload: Upload) -> Iterator[Path]:
    """A path holding the upload's bytes, inside a private folder removed on exit."""
    if upload.sample is not None:
        sample = files("jiuzhu.samples") / upload.sample if isinstance(upload.sample, str) else upload.sample
        with as_file(sample) as path:
            yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="jiuzhu-upload-") as folder:
        path = Path(folder) / ("input" + upload.suffix)
        path.write_bytes(upload.data)
        yield path


def shown(message: str, path: Path, upload: Upload) -> str:
    """A reader's message with the staged path replaced by the name the user knows."""
    return message.replace(str(path), upload.name)

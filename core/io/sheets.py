"""A user's file as sheets of text cells, each row with its number in the file.

Reads CSV and tab-separated text (UTF-8, GBK/GB18030, UTF-16 "Unicode text" from Excel),
``.xlsx`` (openpyxl's parser, XML through defusedxml, sizes bounded, ``<dimension>`` not
trusted) and ``.xls`` (xlrd). Nothing in a file is evaluated or run. A file jiuzhu cannot
read is one :class:`~jiuzhu.core.model.errors.InputError`, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections.abc import Iterator
from pathlib import Path

from attrs import frozen

from jiuzhu.core.model.errors import InputError

XLSX_SUFFIXES = (".xlsx", ".xlsm")
XLS_SUFFIXES = (".xls",)
TSV_SUFFIXES = (".tsv", ".tab", ".txt")

#: Bounds on a workbook, so a hostile file ends in a message, not in all the machine's memory.
#: A national roster (half a million villages) stays well inside them.
MAX_PART_BYTES = 512 * 2**20  # one decompressed part of a .xlsx (a sheet's XML)
MAX_STRINGS_BYTES = 128 * 2**20  # the shared-strings part, held in memory whole
MAX_CELLS = 4_000_000  # filled cells read from one sheet
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
#: A header line longer than this is not a header (a 100 MB "line" is refused, not parsed).
MAX_HEADER_CHARS = 1_000_000


@frozen
class Sheet:
    """One sheet: its name (None for text files) and its non-empty rows as ``(row number, cells)``."""

    name: str | None
    rows: list


@frozen
class Decoded:
    """A file's text and the encoding it was read with (``guessed``: not said by the user)."""

    text: str
    encoding: str
    guessed: bool = False


def _unknown_encoding(encoding: str, source: str) -> InputError:
    return InputError(f"unknown encoding {encoding!r} (try utf-8, gbk, gb18030 or utf-16)",
                      zh=f"未知编码 {encoding!r}（可用 utf-8、gbk、gb18030 或 utf-16）", file=source)


def check_encoding(encoding: str | None, source: str) -> str | None:
    """The encoding's name if Python has a *text* codec by that name (rot13 is not one)."""
    if not encoding:
        return None
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise _unknown_encoding(encoding, source) from None
    if not getattr(info, "_is_text_encoding", True):
        raise _unknown_encoding(encoding, source)
    return info.name


def decode(raw: bytes, source: str, encoding: str | None = None) -> Decoded:
    """Text from bytes: the ``encoding`` asked for, else by byte-order mark (UTF-8, UTF-16),
    else UTF-8, else GB18030 (which reads GBK and GB2312, what Excel writes on a
    Chinese-language Windows machine), said as a guess."""
    name = check_encoding(encoding, source)
    if name:
        try:
            return Decoded(raw.decode(name), name)
        except UnicodeError as exc:
            start = getattr(exc, "start", 0)
            raise InputError(f"the file is not valid {encoding} text (byte {start})",
                             zh=f"文件不是有效的 {encoding} 文本（第 {start} 字节）", file=source) from None
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(raw[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"the file starts as UTF-8 but byte {exc.start + 3} is not UTF-8",
                             zh=f"文件以 UTF-8 开头，但第 {exc.start + 3} 字节不是 UTF-8", file=source) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:  # Excel's "Unicode text" export: UTF-16 with a byte-order mark, tab-separated
            return Decoded(raw.decode("utf-16"), "utf-16", guessed=True)
        except UnicodeDecodeError as exc:
            raise InputError(f"the file starts as UTF-16 but byte {exc.start} is not UTF-16",
                             zh=f"文件以 UTF-16 开头，但第 {exc.start} 字节不是 UTF-16", file=source) from None
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("gb18030"), "gb18030", guessed=True)
    except UnicodeDecodeError as exc:
        raise InputError(f"the file is neither UTF-8 nor GBK/GB18030 text (byte {exc.start}); save it as "
                         "CSV UTF-8, or name its encoding with --encoding",
                         zh=f"文件既不是 UTF-8 也不是 GBK/GB18030 文本（第 {exc.start} 字节）；请另存为"
                            "“CSV UTF-8”，或用 --encoding 指明编码", file=source) from None


def cannot_read(path, exc: OSError) -> InputError:
    return InputError(f"cannot read the file: {exc.strerror or exc}", zh=f"无法读取文件：{exc.strerror or exc}",
                      file=str(path))


def read_text(path: str | Path, encoding: str | None = None) -> Decoded:
    """A user's file as text, decoded as :func:`decode` says, or an InputError."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise cannot_read(path, exc) from None
    return decode(raw, str(path), encoding)


def _delimiter(text: str, suffix: str) -> str:
    """Tab for .tsv/.txt files and for text whose first line has tabs and no commas."""
    first = text[:4096].lstrip("\ufeff").split("\n", 1)[0]
    if suffix in TSV_SUFFIXES and "\t" in first:
        return "\t"
    return "\t" if first.count("\t") > first.count(",") else ","


def text_sheet(path: str | Path, encoding: str | None = None) -> tuple[Sheet, tuple[str, ...]]:
    """A CSV or tab-separated text file as one sheet, and what the reader guessed."""
    source = str(path)
    decoded = read_text(path, encoding)
    notes = []
    if decoded.guessed:
        notes.append(f"read as {decoded.encoding.upper()}: the file is not UTF-8 (--encoding chooses another)"
                     f" / 按 {decoded.encoding.upper()} 编码读取")
    delimiter = _delimiter(decoded.text, Path(path).suffix.lower())
    if delimiter == "\t":
        notes.append("read as tab-separated text / 按制表符分隔读取")
    csv.field_size_limit(MAX_HEADER_CHARS)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            if any(cell.strip() for cell in row):
                rows.append((number, row))
    except csv.Error as exc:
        raise InputError(f"not readable as CSV: {exc}", zh=f"无法按 CSV 读取：{exc}", file=source,
                         row=reader.line_num) from None
    return Sheet(None, rows), tuple(notes)


def _cell_text(value, source: str, row: int, column: int) -> str:
    """A workbook cell as text; whole floats without ".0" (a code typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            from openpyxl.utils import get_column_letter

            raise InputError(f"cell {get_column_letter(column)}{row} holds {value}, not a number",
                             zh=f"单元格 {get_column_letter(column)}{row} 的值为 {value}，不是数字",
                             file=source, row=row)
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _bad_workbook(source: str, reason: object) -> InputError:
    return InputError(f"not a readable .xlsx workbook ({reason}); open it in Excel and save it again",
                      zh=f"不是可读的 .xlsx 工作簿（{reason}）；请用 Excel 打开后重新保存", file=source)


def _too_big(source: str, what: str, zh: str) -> InputError:
    return InputError(f"the workbook is too large to read safely: {what}; save the sheet as CSV UTF-8",
                      zh=f"工作簿过大，无法安全读取：{zh}；请将该表另存为“CSV UTF-8”", file=source)


def _xlsx_rows(book, sheet, source: str) -> list:
    """Every filled row of a read-only openpyxl sheet, in row order, whatever ``<dimension>`` says
    and in whatever order the file lists them. Empty rows are not materialised."""
    from openpyxl.worksheet._reader import WorkSheetParser

    info = book._archive.getinfo(sheet._worksheet_path)
    if info.file_size > MAX_PART_BYTES:
        raise _too_big(source, f"sheet {sheet.title!r} unpacks to {info.file_size:,} bytes",
                       f"工作表 {sheet.title!r} 解压后达 {info.file_size:,} 字节")
    rows: dict[int, dict[int, str]] = {}
    cells = 0
    with book._archive.open(sheet._worksheet_path) as handle:
        parser = WorkSheetParser(handle, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for _index, row in parser.parse():
            for cell in row:
                value = cell["value"]
                if value is None or value == "":
                    continue
                r, c = cell["row"], cell["column"]
                if c > MAX_COLUMNS or r < 1 or c < 1:
                    raise _bad_workbook(source, f"a cell at row {r}, column {c} is outside a sheet")
                cells += 1
                if cells > MAX_CELLS:
                    raise _too_big(source, f"more than {MAX_CELLS:,} filled cells",
                                   f"超过 {MAX_CELLS:,} 个非空单元格")
                rows.setdefault(r, {})[c] = _cell_text(value, source, r, c)
    out = []
    for r in sorted(rows):
        filled = rows[r]
        width = max(filled)
        out.append((r, [filled.get(c, "") for c in range(1, width + 1)]))
    return out


def _xlsx_sheets(path: Path) -> Iterator[Sheet]:
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl import DEFUSEDXML, load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    source = str(path)
    if not DEFUSEDXML:
        raise InputError("reading .xlsx needs defusedxml (pip install defusedxml); OPENPYXL_DEFUSEDXML "
                         "must not be False", zh="读取 .xlsx 需要 defusedxml", file=source)
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                limit = MAX_STRINGS_BYTES if info.filename.lower().endswith("sharedstrings.xml") else MAX_PART_BYTES
                if info.file_size > limit:
                    raise _too_big(source, f"{info.filename} unpacks to {info.file_size:,} bytes",
                                   f"{info.filename} 解压后达 {info.file_size:,} 字节")
    except OSError as exc:
        raise cannot_read(path, exc) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise _bad_workbook(source, exc) from None
    # defusedxml refuses DTDs and entities (billion laughs); expat refuses undefined entities
    # and truncated XML; the rest are malformed parts (a shared string that does not exist…).
    failures = (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, ParseError, KeyError,
                IndexError, ValueError, TypeError, AttributeError, OverflowError)
    try:
        from defusedxml import DefusedXmlException

        failures += (DefusedXmlException,)
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise cannot_read(path, exc) from None
    except failures as exc:
        raise _bad_workbook(source, _reason(exc)) from None
    try:
        for sheet in book.worksheets:
            if not hasattr(sheet, "_worksheet_path"):
                continue  # a chart sheet
            try:
                yield Sheet(sheet.title, _xlsx_rows(book, sheet, source))
            except failures as exc:
                raise _bad_workbook(source, f"sheet {sheet.title!r}: {_reason(exc)}") from None
    finally:
        book.close()


def _reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
        return "it declares XML entities or a DTD, which a workbook never needs"
    if isinstance(exc, IndexError):
        return "a cell refers to a shared string that does not exist"
    return str(exc) or name


def _xls_sheets(path: Path) -> Iterator[Sheet]:
    import xlrd

    source = str(path)
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except OSError as exc:
        raise cannot_read(path, exc) from None
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, AssertionError, IndexError, ValueError, KeyError,
            struct_error()) as exc:
        raise InputError(f"not a readable .xls workbook ({exc}); open it in Excel and save it again",
                         zh=f"不是可读的 .xls 工作簿（{exc}）；请用 Excel 打开后重新保存", file=source) from None
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows * max(sheet.ncols, 1) > MAX_CELLS * 4:
                raise _too_big(source, f"sheet {sheet.name!r} has {sheet.nrows:,} rows",
                               f"工作表 {sheet.name!r} 有 {sheet.nrows:,} 行")
            rows = []
            for r in range(sheet.nrows):
                cells = [_xls_cell(book, cell, source, r + 1, c + 1) for c, cell in enumerate(sheet.row(r))]
                if any(c.strip() for c in cells):
                    rows.append((r + 1, cells))
            yield Sheet(sheet.name, rows)
            book.unload_sheet(index)
    finally:
        book.release_resources()


def struct_error():
    import struct

    return struct.error


def _xls_cell(book, cell, source: str, row: int, column: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode).isoformat()
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "yes" if cell.value else "no"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    return _cell_text(cell.value if cell.value != "" else None, source, row, column)


def sheets(path: str | Path, encoding: str | None = None) -> tuple[Iterator[Sheet], tuple[str, ...]]:
    """The sheets of a file (one for text files; read lazily for workbooks) and notes."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES or suffix in XLS_SUFFIXES:
        if not path.is_file():
            try:
                path.read_bytes()
            except OSError as exc:
                raise cannot_read(path, exc) from None
        if suffix in XLS_SUFFIXES:
            return _xls_sheets(path), ()
        return _xlsx_sheets(path), ()
    sheet, notes = text_sheet(path, encoding)
    return iter([sheet]), notes

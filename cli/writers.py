"""File writers for a :class:`~jiuzhu.cli.output.Report`: CSV and Parquet by pyarrow from
columns, JSON from records, and the two reports a person hands up: an .xlsx workbook with
a 说明 (about) sheet and a printable one-page .html report with its chart."""

from __future__ import annotations

import contextlib
import errno
import html
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import click

from jiuzhu.cli.labels import word
from jiuzhu.core.lazy import np

#: Excel's last row, less the header.
XLSX_MAX_ROWS = 1_048_575
NUMBER_FORMATS = {"int": "0", "amount": "#,##0.00", "ratio": "0.0000", "float": "General"}
ARROW_TYPES = {"code": "string", "text": "string", "int": "int64", "amount": "float64", "ratio": "float64",
               "float": "float64", "bool": "bool_"}


def _pa():
    import pyarrow

    return pyarrow


def arrow_column(values: Any, kind: str):
    """One column as an arrow array of its kind's type; numpy ints use -1 for no value,
    numpy floats NaN, lists None."""
    pa = _pa()
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    if kind == "list":
        return pa.array([None if v is None else [str(x) for x in v] for v in values], pa.list_(pa.string()))
    typ = getattr(pa, ARROW_TYPES.get(kind, "string"))()
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "i" and kind in ("int", "amount", "ratio", "float"):
            return pa.array(values, mask=values < 0).cast(typ)
        if values.dtype.kind == "f":
            return pa.array(values, mask=np.isnan(values)).cast(typ)
        if values.dtype.kind == "b":
            return pa.array(values).cast(typ)
        try:  # text columns convert in C when every cell is already text (or None)
            return pa.array(values, typ, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            values = values.tolist()
    if kind in ("code", "text"):
        values = [None if v is None else str(v) for v in values]
    return pa.array(values, typ)


def arrow_table(columns: Mapping[str, Any], kinds: Mapping[str, str]):
    """The report's columns as one arrow table (column order kept)."""
    pa = _pa()
    if isinstance(columns, pa.Table):
        return columns
    return pa.table({name: arrow_column(values, kinds.get(name, "text")) for name, values in columns.items()})


def column_records(columns) -> Iterable[dict[str, Any]]:
    """The rows of the columns as records (JSON of a report with no records of its own)."""
    table = arrow_table(columns, {}) if not hasattr(columns, "to_batches") else columns
    for batch in table.to_batches(max_chunksize=10_000):
        yield from batch.to_pylist()


def _csv_ready(table):
    """Lists joined with "; " (CSV has no lists); text made safe for spreadsheets."""
    pa = _pa()
    import pyarrow.compute as pc

    from jiuzhu.core.io.columnar import inert_table

    for i, name in enumerate(table.column_names):
        column = table.column(i)
        if pa.types.is_list(column.type):
            table = table.set_column(i, name, pc.binary_join(column, "; "))
    return inert_table(table)


def csv_bytes(table) -> bytes:
    """CSV for standard output (no BOM: a pipe is read by programs)."""
    pa = _pa()
    import pyarrow.csv as pcsv

    sink = pa.BufferOutputStream()
    pcsv.write_csv(_csv_ready(table), sink, write_options=pcsv.WriteOptions(quoting_style="needed"))
    return sink.getvalue().to_pybytes()


def write_csv(table, path: Path) -> None:
    write_batches([table], path, "csv")


def write_parquet(table, path: Path) -> None:
    write_batches([table], path, "parquet")


def write_batches(tables: Iterable, path: Path, fmt: str, bom: bool = True) -> None:
    """Arrow tables of the same columns (a file's records, a batch at a time) into one CSV
    (text made safe for spreadsheets) or Parquet file: the same CSV bytes as one table."""
    from jiuzhu.core.io.columnar import arrow_writer

    with open(path, "wb") as handle, arrow_writer(handle, fmt == "parquet", bom,
                                                  None if fmt == "parquet" else _csv_ready) as write:
        for table in tables:
            write(table)


@contextlib.contextmanager
def stdout_errors() -> Iterator[None]:
    """Writing to standard output: a failure other than a closed pipe (a full disk behind
    ``> FILE``) is one message, not a traceback. A closed pipe (``| head``) is left to
    click, which ends the run 1 and says nothing."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        from jiuzhu.cli.main import UserError

        why = exc.strerror or str(exc)
        raise UserError(f"cannot write standard output: {why}", zh=f"无法写入标准输出：{why}") from None


def stdout_bytes(data) -> None:
    """Bytes on standard output, after any text already written to it, every one written
    or an error raised (:func:`~jiuzhu.core.io.columnar.write_whole`)."""
    from jiuzhu.core.io.columnar import write_whole

    with stdout_errors():
        sys.stdout.flush()  # text still held by the text layer goes first
        write_whole(sys.stdout.buffer, data)
        sys.stdout.flush()


def stdout_text(text: str) -> None:
    """Text on standard output, every byte of it (a table through ``| head`` ended 0 with
    part of it written). A terminal gets it through click.echo, which Windows' console
    needs for Chinese; a pipe or file in standard output's own encoding."""
    stream = sys.stdout
    if getattr(stream, "buffer", None) is None or stream.isatty():
        click.echo(text, nl=False)
        return
    stdout_bytes(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))


def file_to_stdout(path: Path) -> None:
    """A finished output file's bytes on standard output (:func:`stdout_bytes`): output
    streamed in batches is written to a temporary file first, so a bad cell in the last
    batch prints nothing."""
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            stdout_bytes(block)


#: What follows each record of a JSON text array (:attr:`Report.json_text` is asked for
#: records ending so): a JSON array's comma and line break, or JSON Lines' line break.
JSON_ENDS = {"json": ",\n", "jsonl": "\n"}


def write_json_arrays(handle, arrays: Iterable, lines: bool) -> None:
    """JSON text arrays (one record each, each ending in its ``JSON_ENDS`` separator) as a
    JSON array, one record per line, or as JSON Lines: the bytes go from arrow's buffers to
    the file as they are, an array at a time, on a second thread while the next array is
    built (both release the GIL), with one array waiting. In a JSON array the last
    record's comma is left out."""
    from jiuzhu.core.io.columnar import behind, write_whole

    first = True
    held = b"" if lines else JSON_ENDS["json"].encode()

    def write(before: bytes, data) -> None:
        write_whole(handle, before)  # apart: joining them would copy the array's bytes
        write_whole(handle, data)

    with behind(write) as put:
        for array in arrays:
            if len(array) == 0:
                continue
            offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset: array.offset + len(array) + 1]
            data = memoryview(array.buffers()[2])[int(offsets[0]):int(offsets[-1]) - len(held)]
            # A JSON array's separator is written before the next array, not after the last record.
            put(b"" if lines else b"[\n" if first else held, data)
            first = False
    if not lines:
        write_whole(handle, b"[]\n" if first else b"\n]\n")


def write_text_chunks(path: Path, chunks: Iterable[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for chunk in chunks:
            handle.write(chunk)


def about_rows(app, runs, record: dict | None, report, table, lang: str) -> list[tuple[str, str]]:
    """The 说明 (about) sheet: what a superior asks of a report: command, chain, documents
    and their status, citations, overrides, version, input file and hash, time."""
    from jiuzhu import __version__
    from jiuzhu.core.i18n import translate

    rows: list[tuple[str, str]] = []
    if record is not None:
        rows.append((word("command", lang), " ".join(record["command"])))
    for profile, chain in runs or []:
        rows.append((word("chain", lang), f"{translate(profile.describe(), lang)}: "
                     + " → ".join(f"{j.code} {j.name_zh} {j.name_en}" for j in chain)))
        for j in chain:
            for d in j.documents:
                status = word("draft_no_force" if d.is_draft else d.status, lang) if d.status in (
                    "draft", "in_force", "repealed") else d.status
                rows.append((word("documents", lang), f"{j.code} {j.name_zh}: {d.cited_title}"
                             f"（{d.issuer}，{d.date}；{status}）"))
        overrides = "; ".join(f"{k} = {v}" for k, v in profile.overrides.items()) or word("none", lang)
        rows.append((word("overrides", lang), overrides))
        if getattr(profile, "costs", None):
            rows.append((word("costs", lang), "; ".join(f"{k} = {v:g}" for k, v in profile.costs.items())))
    for citation in _citations(report, table):
        rows.append((word("citations", lang), citation))
    rows.append((word("version", lang), __version__))
    if record is not None and record.get("input"):
        rows.append((word("input", lang), record["input"]["path"]))
        rows.append((word("input_hash", lang), record["input"]["sha256"]))
    if record is not None:
        rows.append((word("created", lang), record["created"]))
    return rows


def _citations(report, table) -> list[str]:
    """Distinct clauses the result rests on: the report's own list, else its jurisdiction,
    document and clause columns."""
    if report.citations is not None:
        return report.citations()
    names = table.column_names
    if "jurisdiction" not in names or "clause" not in names:
        return []
    keys = ["jurisdiction", "document", "clause"] if "document" in names else ["jurisdiction", "clause"]
    distinct = table.select(keys).group_by(keys).aggregate([]).to_pylist()
    out = sorted({" ".join(str(r[k]) for k in keys if r[k]) for r in distinct if r["jurisdiction"]})
    return out


#: Columns of words jiuzhu wrote (outcomes, reasons): shown in the reader's language.
WORDED = frozenset({"outcome", "failed", "needs_review", "to_assess", "duties", "shortfalls", "remedies", "conflict"})


def worded(key: str, value: Any, lang: str) -> Any:
    """``value`` of column ``key`` in the reader's language where jiuzhu wrote its words."""
    if key not in WORDED or value is None:
        return value
    from jiuzhu.core.i18n import translate

    if isinstance(value, list):
        return [translate(str(v), lang) for v in value]
    return translate(value, lang) if isinstance(value, str) else value


def report_word(key: str, value: Any, lang: str) -> Any:
    """A key a person reads as a word (层级 ``county``, 岗位 ``township_case_worker``) in the
    reader's language, for a report; data files (csv, json, parquet) keep the keys."""
    if not isinstance(value, str):
        return value
    if key == "level":
        from jiuzhu.core.i18n import translate

        return translate(value, "zh" if lang != "en" else "en")
    if key == "role":
        from jiuzhu.core.model.roles import role_label

        return role_label(value, "zh" if lang != "en" else "en")
    return worded(key, value, lang)


def _cell_text(value: Any, kind: str, lang: str) -> Any:
    """A cell's value for the workbook: numbers stay numbers, lists are joined with 、,
    yes/no are words."""
    if value is None:
        return None
    if kind == "list" or isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if kind in ("code", "text"):
        return str(value)
    if isinstance(value, float) and value != value:
        return None
    return value


def _xlsx_text(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _fitted_width(texts: Iterable[str]) -> float:
    from jiuzhu.cli.output import display_width

    return min(60, max((display_width(t) for t in texts), default=4) + 2)


def write_xlsx(path: Path, report, table, about: list[tuple[str, str]], lang: str) -> None:
    """The result as a workbook for a report: Chinese headers (per ``--lang``), codes as
    text, numbers as numbers, yuan with 2 decimals, fitted widths, a frozen header row,
    and a 说明 sheet. Text is stored as text (never a formula); characters XML forbids
    become U+FFFD."""
    import click
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from jiuzhu.cli.output import header_for

    if table.num_rows > XLSX_MAX_ROWS:
        raise click.ClickException(f"{table.num_rows:,} rows do not fit in an .xlsx sheet ({XLSX_MAX_ROWS:,} at "
                                   "most): write .csv or .parquet instead")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(word(report.command, lang).split(" ")[0][:31] if report.command in _COMMANDS
                              else report.command[:31])
    keys = table.column_names
    kinds = [report.kinds.get(k, "text") for k in keys]
    headers = [header_for(report, k, lang) for k in keys]
    sample = table.slice(0, 500)
    for i, (key, kind, header) in enumerate(zip(keys, kinds, headers), start=1):
        values = sample.column(key).to_pylist()
        texts = [header] + [_shown(_cell_text(v, kind, lang), kind) for v in values]
        sheet.column_dimensions[get_column_letter(i)].width = _fitted_width(texts)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(value: str):
        cell = WriteOnlyCell(sheet, value=_xlsx_text(value))
        cell.data_type = "s"  # never a formula, whatever it starts with
        return cell

    header_cells = []
    for header in headers:
        cell = text_cell(header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    formats = [NUMBER_FORMATS.get(k) for k in kinds]
    for batch in table.to_batches(max_chunksize=10_000):
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for values in zip(*columns):
            row = []
            for key, value, kind, number_format in zip(keys, values, kinds, formats):
                value = _cell_text(report_word(key, value, lang), kind, lang)
                if isinstance(value, str):
                    row.append(text_cell(value))
                elif value is None:
                    row.append(None)
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    if number_format:
                        cell.number_format = number_format
                    row.append(cell)
            sheet.append(row)
    info = book.create_sheet(word("about_sheet", lang).split(" ")[0])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 100
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, value in about:
        first, second = text_cell(label), text_cell(value)
        first.font = bold
        second.alignment = wrap
        info.append([first, second])
    book.save(path)


_COMMANDS = ("staffing", "check", "deduct", "allocate", "score", "compare", "gap", "sweep")


def _shown(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "amount" and isinstance(value, (int, float)):
        return f"{value:,.2f}"
    return str(value)


PAGE_CSS = """
@page { size: A4 landscape; margin: 10mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "WenQuanYi Micro Hei", "SimHei", "Heiti SC", sans-serif; margin: 12px; color: #111; }
h1 { font-size: 18px; margin: 0 0 4px; }
.draft { border: 2px solid #b00; color: #b00; padding: 4px 8px; margin: 6px 0; font-weight: bold; }
.chart { width: 100%; height: 380px; }
table { border-collapse: collapse; font-size: 10px; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #999; padding: 2px 4px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.about td:first-child { white-space: nowrap; font-weight: bold; }
.note { font-size: 10px; color: #444; }
pre { font-family: inherit; font-size: 11px; white-space: pre-wrap; margin: 4px 0; }
@media print { .chart { height: 260px; } }
"""


def write_html(path: Path, report, table, about: list[tuple[str, str]], lang: str) -> None:
    """A printable one-page report: title, the draft mark, the chart (ECharts, inlined: no
    internet), the first rows of the table, the lines under it, and the 说明 block."""
    from jiuzhu.cli.charts import chart_block
    from jiuzhu.cli.output import HTML_ROWS, _entry_key, _table_entries, _table_rows, display_value, header_for

    esc = html.escape
    title = word(report.command, lang) if report.command in _COMMANDS else report.command
    drafts = [value for label, value in about if "征求意见稿" in value or "draft for comment" in value]
    entries = _table_entries(report, table)
    keys = [_entry_key(e) for e in entries]
    rows = _table_rows(report, table, entries, HTML_ROWS)
    numeric = [isinstance(e, str) and report.kinds.get(e) in ("int", "amount", "ratio", "float") for e in entries]
    parts = ["<!doctype html>", f'<html lang="{"en" if lang == "en" else "zh"}"><head><meta charset="utf-8">',
             f"<title>jiuzhu {esc(title)}</title><style>{PAGE_CSS}</style></head><body>",
             f"<h1>jiuzhu · {esc(title)}</h1>"]
    for value in drafts:
        parts.append(f'<div class="draft">{esc(word("draft", lang))}: {esc(value)}</div>')
    chart = report.chart() if report.chart is not None else None
    if chart is not None:
        parts.append(chart_block(chart, lang))
    parts.append("<table><thead><tr>" + "".join(f"<th>{esc(header_for(report, k, lang))}</th>" for k in keys)
                 + "</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f'<td class="n">{esc(c)}</td>' if n else f"<td>{esc(c)}</td>"
                                      for c, n in zip(row, numeric)) + "</tr>")
    parts.append("</tbody></table>")
    total = table.num_rows if report.rows is None else report.rows
    if total > HTML_ROWS:
        parts.append(f'<p class="note">{esc(word("rows_shown", lang, shown=HTML_ROWS, n=f"{total:,}"))}</p>')
    if report.after is not None:
        after = report.after(table)
        if after:
            parts.append(f"<pre>{esc(chr(10).join(after))}</pre>")
    parts.append(f'<table class="about"><caption>{esc(word("about_sheet", lang))}</caption>')
    for label, value in about:
        parts.append(f"<tr><td>{esc(label)}</td><td>{esc(display_value(value))}</td></tr>")
    parts.append("</table></body></html>\n")
    Path(path).write_text("\n".join(parts), encoding="utf-8")



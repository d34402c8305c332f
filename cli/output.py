"""One way to write results: a table for people, or a file for machines or for a report.

``output_options`` adds ``--format``, ``--output`` and ``--wide`` to a command. Without
``--format`` the output file's extension decides (.json, .jsonl, .csv, .parquet, .xlsx,
.html; anything else, or standard output, gets the table). A command hands its result
over as a :class:`Report` (columns for files, records for JSON, a table for people) to
:func:`deliver_report`; text-only commands use :func:`emit` / :func:`deliver`. Files are
written beside the target and moved into place (:mod:`jiuzhu.core.io.atomic`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import click
from attrs import field, frozen
from jiuzhu.cli.labels import column_label, word

FORMATS = ("table", "json", "jsonl", "csv", "parquet", "xlsx", "html")
TEXT_FORMATS = ("table", "json", "csv")
BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
             ".pq": "parquet", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}
#: Rows of a table a person reads on a terminal or in a report; files hold them all.
TABLE_ROWS = 1000
HTML_ROWS = 60


def resolved_format(fmt: str | None, output: Path | None) -> str:
    """``--format`` if given, else the output file's extension, else ``table``."""
    if fmt:
        return fmt
    if output is not None:
        return BY_SUFFIX.get(output.suffix.lower(), "table")
    return "table"


def output_options(func: Callable | None = None, *, formats: tuple[str, ...] = TEXT_FORMATS) -> Callable:
    """``--format``, ``--output FILE`` and ``--wide`` for a command that writes ``formats``.

    The command receives ``fmt`` already resolved (from the extension when not given); a
    format the command cannot write is refused, never replaced by another."""
    if func is None:
        return functools.partial(output_options, formats=formats)

    @functools.wraps(func)
    def wrapper(*args, fmt, output, wide, **kwargs):
        if output is not None and str(output) == "-":  # the usual spelling of standard output
            output = None
        chosen = resolved_format(fmt, output)
        if chosen not in formats:
            how = f"--format {fmt}" if fmt else f"the extension {output.suffix}"
            raise click.UsageError(f"this command writes {', '.join(formats)}; {how} asks for {chosen}")
        ctx = click.get_current_context()
        ctx.meta["jiuzhu.format"] = chosen
        ctx.meta["jiuzhu.wide"] = wide
        ctx.meta["jiuzhu.to_file"] = output is not None  # notes unfolded from the start (see terminal_width)
        return func(*args, fmt=chosen, output=output, **kwargs)

    wrapper = click.option("--wide", is_flag=True, default=False,
                           help="Tables: show every character of every cell (default: fit the terminal width, "
                                "$COLUMNS).")(wrapper)
    wrapper = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
                           default=None,
                           help="Write to FILE (atomically) instead of standard output ('-': standard output); its "
                                "extension picks the format (.xlsx/.html reports, .csv, .json, .jsonl, "
                                ".parquet).")(wrapper)
    return click.option("--format", "fmt", type=click.Choice(formats), default=None,
                        help=f"{'|'.join(formats)}: overrides the output file's extension. Default: by the "
                             "extension, else table.")(wrapper)


def require_format(fmt: str, allowed: tuple[str, ...], what: str) -> None:
    """Refuse a format that ``what`` (an option) cannot write, rather than write another."""
    if fmt not in allowed:
        raise click.UsageError(f"{what} writes {', '.join(allowed)}, not {fmt} ({what} 仅支持 {', '.join(allowed)})")


def _meta(key: str, default=None):
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(key, default) if ctx else default


def in_command_context(fn: Callable) -> Callable:
    """``fn`` to be run on another thread as part of this command: click keeps its context
    per thread, and what a reading thread says must follow the command's ``--wide`` and
    writing-a-file rules like the rest of its notes."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return fn

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with ctx.scope(cleanup=False):
            return fn(*args, **kwargs)

    return run


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def current_lang() -> str:
    """``both``, ``zh`` or ``en``: the run's language (``--lang``, else the environment)."""
    from jiuzhu.core.i18n import language

    return language()


def localise(text: str, lang: str | None = None) -> str:
    """A bilingual label "english 中文" in the chosen language ("both" keeps it whole)."""
    lang = lang or current_lang()
    if lang == "both":
        return text
    cut = next((i for i, ch in enumerate(text) if unicodedata.east_asian_width(ch) in "WF"), None)
    if cut is None or cut == 0:
        return text
    return text[:cut].strip() if lang == "en" else text[cut:].strip()


def terminal_width() -> int | None:
    """Columns a table may take: $COLUMNS, else the terminal's; None (no limit) with
    ``--wide``, when writing a file, or when standard output is not a terminal."""
    if _meta("jiuzhu.wide", False) or _meta("jiuzhu.to_file", False):
        return None
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def _said_elided() -> None:
    ctx = click.get_current_context(silent=True)
    if ctx is not None and not ctx.meta.get("jiuzhu.elided"):
        ctx.meta["jiuzhu.elided"] = True
        note(word("elided", current_lang()))


def elide(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, ending in … when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    _said_elided()
    return "".join(out) + "…"


def wrap(line: str, width: int | None, indent: int = 4) -> list[str]:
    """A line of text for people folded at ``width`` columns (None: as is), at a space
    where there is one; continuation lines indented."""
    if width is None or display_width(line) <= width:
        return [line]
    lead = " " * min(indent + len(line) - len(line.lstrip(" ")), width // 2)
    out, current = [], ""
    for ch in line:
        if display_width(current + ch) > width:
            cut = current.rfind(" ", len(lead) + 1)
            if cut > len(current) // 2 and ch != " ":
                out.append(current[:cut].rstrip())
                current = lead + current[cut + 1:]
            else:
                out.append(current.rstrip())
                current = lead
            if ch == " ":
                continue
        current += ch
    out.append(current.rstrip())
    return out


def fit_text(text: str) -> str:
    """Free text for people, each line folded to the terminal width."""
    width = terminal_width()
    if width is None:
        return text
    lines = text.split("\n")
    return "\n".join(part for line in lines for part in wrap(line, width))


def _fit_widths(natural: list[int], floors: list[int], width: int) -> list[int]:
    """Column widths summing (with two-space gaps) to at most ``width``: the widest text
    column gives way first, none below its floor."""
    widths = list(natural)
    budget = width - 2 * (len(widths) - 1)
    while sum(widths) > budget:
        i = max(range(len(widths)), key=lambda k: widths[k] - floors[k])
        if widths[i] <= floors[i]:
            break
        widths[i] -= 1
    return widths


def _short_header(header: str) -> str:
    """A bilingual header's Chinese alone ("代码 code" → "代码"), for a table that must fit."""
    has_cjk = any(unicodedata.east_asian_width(ch) in "WF" for ch in header)
    if not has_cjk or " " not in header:
        return header
    return " ".join(w for w in header.split(" ") if any(unicodedata.east_asian_width(ch) in "WF" for ch in w))


def _whole(cells: list[str]) -> bool:
    """A column of codes or numbers: never cut (a cut code or number misleads)."""
    return all((c.isascii() or c == "—") and " " not in c.strip() for c in cells)


def render_table(rows: list[list[str]], headers: list[str], width: int | None | bool = True) -> str:
    """Rows under headers, columns aligned; fitted to the terminal width (``width=True``),
    a given width, or not at all (``None``): bilingual headers keep their Chinese, then
    long text cells are cut with … (codes and numbers never are)."""
    from jiuzhu.core.i18n import translate

    headers = [localise(h) for h in headers]
    rows = [[translate(_plain(c)) for c in row] for row in rows]  # outcomes and reasons in the reader's language
    limit = terminal_width() if width is True else width

    def natural_widths(heads):
        widths = [display_width(h) for h in heads]
        for row in rows:
            widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
        return widths

    natural = natural_widths(headers)
    total = sum(natural) + 2 * (len(natural) - 1)
    if limit is not None and total > limit:
        headers = [_short_header(h) for h in headers]
        natural = natural_widths(headers)
    widths = natural
    if limit is not None and sum(natural) + 2 * (len(natural) - 1) > limit:
        columns = list(zip(*rows)) if rows else [() for _ in headers]
        # Codes and numbers are never cut, but their header may be (县级民政部门… over a column of 5s).
        floors = [min(n, max([4, *map(display_width, col)])) if _whole(list(col)) else min(n, max(display_width(h), 6))
                  for n, h, col in zip(natural, headers, columns)]
        if sum(floors) + 2 * (len(floors) - 1) > limit:  # still too wide: text may cut into its header too
            floors = [f if _whole(list(col)) else min(n, 4) for f, n, col in zip(floors, natural, columns)]
        widths = _fit_widths(natural, floors, limit)

    def line(cells):
        return "  ".join(_pad(elide(c, w), w) for c, w in zip(cells, widths)).rstrip()

    lines = [line(headers), "  ".join("-" * w for w in widths)]
    lines.extend(line(row) for row in rows)
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> str:
    """A cell for people: never a Python repr (lists joined with 、, no line breaks)."""
    if isinstance(value, str):
        text = value
    else:
        text = display_value(value)
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def display_value(value: Any, kind: str = "", lang: str | None = None) -> str:
    """A value as a person reads it: — for none, lists joined with 、, yes/no, floats at
    their unit's precision (yuan: 2 decimals; shares: 4; else up to 6 significant digits)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return word("yes" if value else "no", lang or current_lang())
    if isinstance(value, (list, tuple)):
        return "、".join(display_value(v, kind, lang) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}: {display_value(v, '', lang)}" for k, v in value.items())
    if isinstance(value, float):
        if value != value:
            return "—"
        if kind == "amount":
            return f"{value:,.2f}"
        if kind == "ratio":
            return f"{value:.4f}"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    return str(value)


def parameter_value(value: Any, unit: str = "") -> str:
    """A parameter's value at its unit's precision: yuan to the fen, shares to 4 places,
    lists joined with 、."""
    if isinstance(value, float) and not isinstance(value, bool):
        if "yuan" in unit:
            return f"{value:,.2f}"
        if "share" in unit:
            return f"{value:.4f}".rstrip("0").rstrip(".")
    return display_value(value, "amount" if "yuan" in unit and isinstance(value, float) else "")


def rows_as(fmt: str, rows: list[list[Any]], headers: list[str]) -> str:
    """Rows as CSV (``--format csv``) or as a table for people (anything else)."""
    return to_csv(rows, headers) if fmt == "csv" else render_table([[_plain(c) for c in r] for r in rows], headers)


def json_lines(records: Iterable[dict[str, Any]]) -> Iterable[str]:
    """Each record as one line of JSON, by the C encoder (no indentation: ``indent`` would
    drop into CPython's pure-Python encoder)."""
    from json.encoder import c_encode_basestring, c_make_encoder

    if c_make_encoder is None or c_encode_basestring is None:  # no C accelerator: the same, slower
        encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
        yield from map(encode, records)
        return
    # One C encoder for every record (JSONEncoder.encode builds a new one per call); no
    # circular-reference markers: records are trees.
    encoder = c_make_encoder(None, None, c_encode_basestring, None, ": ", ", ", False, False, False)
    join = "".join
    for record in records:
        yield join(encoder(record, 0))


def json_array(records: Iterable[dict[str, Any]], batch: int = 2000) -> Iterable[str]:
    """A JSON array, one record per line, streamed in chunks of ``batch`` records."""
    from itertools import islice

    lines = json_lines(records)
    first = next(lines, None)
    if first is None:
        yield "[]\n"
        return
    yield "[\n" + first
    while True:
        chunk = list(islice(lines, batch))
        if not chunk:
            break
        yield ",\n" + ",\n".join(chunk)
    yield "\n]\n"


def to_json(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json_array(records))


def safe_cell(value: Any) -> Any:
    """A text cell made safe for a spreadsheet (see :func:`jiuzhu.core.io.columnar.inert_text`).
    Numbers are left alone (a negative number is a number, not a formula)."""
    from jiuzhu.core.io.columnar import inert_text

    return inert_text(value) if isinstance(value, str) else value


def to_csv(rows: Iterable[list[Any]], headers: list[str]) -> str:
    """CSV text; text cells that a spreadsheet would run as formulas are neutralised, and
    a cell with a line break is quoted."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return buf.getvalue()


def refuse_same_as_input(output: Path | None, source) -> None:
    """``--output`` naming the input file would destroy it: refused before anything is written."""
    path = getattr(source, "path", None)
    if output is None or path is None:
        return
    try:
        same = Path(output).resolve() == Path(path).resolve() or (
            Path(output).exists() and os.path.samefile(output, path))
    except OSError:
        same = False
    if same:
        raise click.UsageError(f"--output {output} is the input file; choose another name "
                               f"(--output 与输入文件相同，请换一个文件名)")


def provenance_path(output: Path) -> Path:
    """``FILE.provenance.json``, beside the result ``FILE`` it describes."""
    return Path(str(output) + ".provenance.json")


def without_stale_provenance(output: Path) -> None:
    """Remove the provenance beside ``output``, just before a new result replaces it: it
    describes the old result. Should the run stop (Ctrl-C, a full disk) before the new
    provenance is written, the result then stands with none, never beside another run's."""
    try:
        os.unlink(provenance_path(output))
    except FileNotFoundError:
        pass


def write_output(output: Path, write: Callable[[Path], Any]) -> Any:
    """``write(tmp)`` (its value returned), then ``tmp`` replaces ``output`` atomically with
    the old provenance gone; a failure to write is one message naming the file."""
    from jiuzhu.core.io.atomic import replacing

    try:
        with replacing(output, lambda: without_stale_provenance(output)) as tmp:
            written = write(tmp)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    note(f"wrote {output}")
    return written


def emit(text: str, output: Path | None) -> None:
    """``text`` to standard output, or atomically to ``output`` (CSV files get a BOM, so
    Excel opens them as UTF-8)."""
    if output is None:
        from jiuzhu.cli.writers import stdout_text

        stdout_text(text)
        return
    bom = "\ufeff" if _meta("jiuzhu.format") == "csv" else ""

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(bom + text)

    write_output(output, write)


def deliver(text: str, output: Path | None, app=None, runs=None, source=None) -> None:
    """Emit ``text``; with ``--output``, also write ``FILE.provenance.json`` beside it.

    ``runs`` are the (profile, chain) pairs the result was computed under and ``source``
    the :class:`Source` it was read from.
    """
    refuse_same_as_input(output, source)
    note_lapsed(runs)
    emit(text, output)
    deliver_provenance(output, app, runs, source)


def note_lapsed(runs) -> None:
    """Say which rules answered nothing because a number they read had no value on the day asked."""
    for _profile, chain in runs or ():
        for where, why in getattr(chain, "lapsed", {}).items():
            note(f"note: {where.replace('jiuzhu_', '')} answers nothing on {chain.as_of} 该规则于该日不适用: {why}")


def provenance_record(app, runs, source) -> dict | None:
    if app is None or runs is None:
        return None
    from jiuzhu.core.io.provenance import provenance

    return provenance(app.registry, runs, source.path if source else None, source.label if source else None,
                      source.sha256() if source else None, ["jiuzhu", *sys.argv[1:]])


def deliver_provenance(output: Path | None, app, runs, source, record: dict | None = None) -> None:
    """Write ``FILE.provenance.json`` beside a result written to ``output``."""
    if output is None or app is None or runs is None:
        return
    from jiuzhu.core.io.atomic import write_text_atomically

    record = record or provenance_record(app, runs, source)
    sidecar = provenance_path(output)
    try:
        write_text_atomically(sidecar, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {sidecar}: {exc.strerror or exc}") from None


def note(message: str) -> None:
    """A line for people, on standard error so piped output stays clean, in the run's language."""
    from jiuzhu.core.i18n import translate

    click.echo(fit_text(translate(message)), err=True)


#: What a column holds, for tables and reports: code (text that looks like a number), text,
#: int, amount (yuan), ratio, float, bool, list (of text).
KINDS = ("code", "text", "int", "amount", "ratio", "float", "bool", "list")


@frozen(kw_only=True)
class Report:
    """A command's result, ready for every format.

    ``columns()`` gives the data (stable English keys; arrow arrays, numpy arrays or lists,
    None for no value) for CSV, Parquet, .xlsx and the tables; ``records()`` the JSON
    records (the command's contract; default: the columns' rows). ``table`` names the
    columns a person reads, ``after`` the lines under the table, ``chart`` the chart of the
    .html report."""

    command: str
    columns: Callable[[], Mapping[str, Any]]
    kinds: Mapping[str, str]
    table: tuple  # column keys, or (header key, row → text)
    records: Callable[[], Iterable[dict[str, Any]]] | None = None
    after: Callable[[Any], list[str]] | None = None  # the arrow table → lines under the table
    chart: Callable[[], Any] | None = None
    headers: Mapping[str, str] = field(factory=dict)  # column → a table header other than the catalog's
    display: Mapping[str, Callable[[Any], str]] = field(factory=dict)  # column → how a person reads a value
    citations: Callable[[], list[str]] | None = None
    #: For a view built from its first rows only (a person reads no more): how many there are.
    rows: int | None = None
    #: The records as JSON text already (arrow string arrays, one record each), built per
    #: column, each record followed by the separator it is given (``writers.JSON_ENDS``):
    #: written straight from their buffers, with no Python object per record.
    json_text: Callable[[str], Iterable] | None = None
    #: The columns a batch of records at a time (a file read in batches): CSV and Parquet
    #: are written batch by batch, so memory holds one batch.
    column_batches: Callable[[], Iterable[Mapping[str, Any]]] | None = None


def _entry_key(entry) -> str:
    return entry if isinstance(entry, str) else entry[0]


def _table_entries(report: "Report", table) -> list:
    """The table's entries: a column key, or (header key, row → text) for a shown-only cell."""
    return [e for e in report.table if not isinstance(e, str) or e in table.column_names]


def _table_rows(report: "Report", table, entries, limit: int | None) -> list[list[str]]:
    from jiuzhu.cli.writers import worded

    lang = current_lang()
    shown = table.slice(0, limit) if limit is not None else table
    out = []
    for row in shown.to_pylist():  # only the rows a person reads
        cells = []
        for entry in entries:
            if isinstance(entry, str):
                value = worded(entry, row[entry], lang)
                cells.append(report.display[entry](value) if entry in report.display
                             else display_value(value, report.kinds.get(entry, ""), lang))
            else:
                cells.append(entry[1](row))
        out.append(cells)
    return out


def header_for(report: "Report", key: str, lang: str) -> str:
    return report.headers.get(key) or column_label(key, lang)


def report_text(report: Report, table=None) -> str:
    """The table a person reads (the first :data:`TABLE_ROWS` rows), then the lines after it."""
    from jiuzhu.cli.writers import arrow_table

    table = arrow_table(report.columns(), report.kinds) if table is None else table
    lang = current_lang()
    entries = _table_entries(report, table)
    rows = _table_rows(report, table, entries, TABLE_ROWS)
    text = render_table(rows, [header_for(report, _entry_key(e), lang) for e in entries])
    total = table.num_rows if report.rows is None else report.rows
    if total > TABLE_ROWS:
        text += word("more_rows", lang, n=f"{total - TABLE_ROWS:,}") + "\n"
    if report.after is not None:
        after = report.after(table)
        if after:
            from jiuzhu.core.i18n import translate_lines

            text += fit_text(translate_lines("\n".join(after))) + "\n"
    return text


def deliver_report(report: Report, fmt: str, output: Path | None, app=None, runs=None, source=None) -> None:
    """Write ``report`` in ``fmt`` to ``output`` (or standard output), with provenance beside a file."""
    from jiuzhu.cli import writers

    refuse_same_as_input(output, source)
    note_lapsed(runs)
    if fmt == "table":
        emit(report_text(report), output)
    elif fmt in ("json", "jsonl") and report.json_text is not None:
        arrays = report.json_text(writers.JSON_ENDS[fmt])
        try:
            if output is None:
                with writers.stdout_errors():
                    writers.write_json_arrays(sys.stdout.buffer, arrays, fmt == "jsonl")
                    sys.stdout.flush()
            else:
                def write(tmp: Path) -> None:
                    with open(tmp, "wb") as handle:
                        writers.write_json_arrays(handle, arrays, fmt == "jsonl")

                write_output(output, write)
        except ValueError as exc:  # NaN or inf has no JSON spelling (as the encoder refuses it)
            raise click.ClickException(f"a value has no JSON spelling (NaN or infinity): {exc}") from None
    elif fmt in ("json", "jsonl"):
        records = report.records() if report.records is not None else writers.column_records(report.columns())
        chunks = json_array(records) if fmt == "json" else (line + "\n" for line in json_lines(records))
        try:
            if output is None:
                for chunk in chunks:
                    writers.stdout_text(chunk)
            else:
                write_output(output, lambda tmp: writers.write_text_chunks(tmp, chunks))
        except ValueError as exc:  # allow_nan=False: NaN or inf has no JSON spelling
            raise click.ClickException(f"a value has no JSON spelling (NaN or infinity): {exc}") from None
    elif report.column_batches is not None and fmt in ("csv", "parquet"):
        tables = (writers.arrow_table(columns, report.kinds) for columns in report.column_batches())
        if output is None and fmt == "parquet":
            raise click.UsageError(f"--format {fmt} writes a file: add --output FILE")
        if output is None:
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                tmp = Path(folder) / "out.csv"
                writers.write_batches(tables, tmp, fmt, bom=False)
                writers.file_to_stdout(tmp)
        else:
            write_output(output, lambda tmp: writers.write_batches(tables, tmp, fmt))
    else:
        table = writers.arrow_table(report.columns(), report.kinds)
        if fmt == "csv":
            if output is None:
                writers.stdout_bytes(writers.csv_bytes(table))
            else:
                write_output(output, lambda tmp: writers.write_csv(table, tmp))
        elif output is None:
            raise click.UsageError(f"--format {fmt} writes a file: add --output FILE")
        elif fmt == "parquet":
            write_output(output, lambda tmp: writers.write_parquet(table, tmp))
        else:
            record = provenance_record(app, runs, source)
            about = writers.about_rows(app, runs, record, report, table, current_lang())
            if fmt == "xlsx":
                write_output(output, lambda tmp: writers.write_xlsx(tmp, report, table, about, current_lang()))
            else:
                write_output(output, lambda tmp: writers.write_html(tmp, report, table, about, current_lang()))
    deliver_provenance(output, app, runs, source)

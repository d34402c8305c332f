"""One way to write results: a readable table, JSON or CSV, to standard output or a file.

``output_options`` adds ``--format`` and ``--output`` to a command; ``emit`` writes. A file
is written to a temporary file beside it and then moved into place, so a failure never
leaves a user's file half-written.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

FORMATS = ("table", "json", "csv")


def output_options(func: Callable) -> Callable:
    """``--format table|json|csv`` and ``--output FILE`` for a command."""
    func = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Write to FILE (atomically) instead of standard output.")(func)
    func = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="table for people; json (an array of records) or csv for machines.")(func)
    return func


def _format_is_csv() -> bool:
    """Whether the running command was given ``--format csv``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.params.get("fmt") == "csv")


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def current_lang() -> str:
    """``both`` (default), ``zh`` or ``en``: set by ``jiuzhu --lang``."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx else None
    return getattr(obj, "lang", "both")


def localise(text: str, lang: str | None = None) -> str:
    """A bilingual label "english 中文" in the chosen language ("both" keeps it whole)."""
    lang = lang or current_lang()
    if lang == "both":
        return text
    cut = next((i for i, ch in enumerate(text) if unicodedata.east_asian_width(ch) in "WF"), None)
    if cut is None or cut == 0:
        return text
    return text[:cut].strip() if lang == "en" else text[cut:].strip()


def render_table(rows: list[list[str]], headers: list[str]) -> str:
    from jiuzhu.core.i18n import translate

    headers = [localise(h) for h in headers]
    rows = [[translate(c) for c in row] for row in rows]  # outcomes and reasons in the reader's language
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows)
    return "\n".join(lines) + "\n"


def rows_as(fmt: str, rows: list[list[Any]], headers: list[str]) -> str:
    """Rows as CSV (``--format csv``) or as a table for people (anything else)."""
    return to_csv(rows, headers) if fmt == "csv" else render_table([[str(c) for c in r] for r in rows], headers)


def to_json(records: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"


#: A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made inert with a leading quote.
    Numbers are left alone (a negative number is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: Iterable[list[Any]], headers: list[str]) -> str:
    """CSV text; text cells that a spreadsheet would run as formulas are neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return buf.getvalue()


XLSX_SUFFIXES = (".xlsx",)


def csv_to_xlsx(text: str, path: Path) -> None:
    """Write CSV text as an .xlsx workbook (numbers as numbers, formula-like text inert), atomically."""
    from jiuzhu.core.atomic import replacing
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("jiuzhu")
    for row in csv.reader(io.StringIO(text)):
        sheet.append([_xlsx_value(c) for c in row])
    with replacing(path) as tmp:
        book.save(tmp)


def _xlsx_value(cell: str):
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        return float(cell) if cell.strip() not in ("", "nan", "inf", "-inf") else cell
    except ValueError:
        # Already neutralised by to_csv; a string is never written as a formula by openpyxl
        # unless it starts with "=", which safe_cell has quoted.
        return safe_cell(cell)


def emit(text: str, output: Path | None) -> None:
    """``text`` to standard output, or atomically to ``output`` (.xlsx from CSV text)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from jiuzhu.core.atomic import write_text_atomically  # only commands that write files pay for it

    try:
        if output.suffix.lower() in XLSX_SUFFIXES:
            if not _format_is_csv():
                raise click.UsageError("an .xlsx output takes --format csv")
            csv_to_xlsx(text, output)
        else:
            write_text_atomically(output, text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    note(f"wrote {output}")


def deliver(text: str, output: Path | None, app=None, runs=None, source=None) -> None:
    """Emit ``text``; with ``--output``, also write ``FILE.provenance.json`` beside it.

    ``runs`` are the (profile, chain) pairs the result was computed under and ``source``
    the :class:`Source` it was read from.
    """
    emit(text, output)
    deliver_provenance(output, app, runs, source)


def deliver_provenance(output: Path | None, app, runs, source) -> None:
    """Write ``FILE.provenance.json`` beside a result written to ``output``."""
    if output is None or app is None or runs is None:
        return
    from jiuzhu.core.atomic import write_text_atomically
    from jiuzhu.core.provenance import provenance

    record = provenance(app.registry, runs, source.path if source else None, source.label if source else None,
                        source.sha256() if source else None)
    sidecar = Path(str(output) + ".provenance.json")
    try:
        write_text_atomically(sidecar, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {sidecar}: {exc.strerror or exc}") from None


def note(message: str) -> None:
    """A line for people, on standard error so piped output stays clean, in the run's language."""
    from jiuzhu.core.i18n import translate

    click.echo(translate(message), err=True)

"""What the web tests share: an app on a private profile file, sample paths, hostile files."""

from __future__ import annotations

import io
import warnings
import zipfile
from importlib.resources import files
from pathlib import Path

SAMPLES = Path(str(files("jiuzhu.samples")))
UNITS = SAMPLES / "units.csv"
XSS_NAMES = ('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>')


def client(tmp_path: Path, **settings):
    """A Starlette TestClient on a fresh app whose profiles live in ``tmp_path``."""
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from starlette.testclient import TestClient

    from jiuzhu.web.app import Settings, create_app

    return TestClient(create_app(Settings(config=tmp_path / "profiles.toml", **settings)))


def units_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def sample_rows() -> list[list]:
    import csv

    with open(UNITS, encoding="utf-8") as handle:
        return [row for row in csv.reader(handle)]


def xss_units_csv() -> bytes:
    rows = ["code,name,level,population,dibao_count",
            f'530323100,"{XSS_NAMES[0].replace(chr(34), chr(34) * 2)}",township,62000,4000',
            f'530323101,"{XSS_NAMES[1].replace(chr(34), chr(34) * 2)}",township,31000,2000']
    return ("\n".join(rows) + "\n").encode("utf-8")


def entity_bomb_xlsx() -> bytes:
    """A workbook whose sheet XML is a billion-laughs entity expansion."""
    good = units_xlsx([["code", "level", "population", "dibao_count"], ["1", "county", 1, 1]])
    entities = "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lololololololololololol">' + entities +
            ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        for item in source.infolist():
            data = source.read(item.filename)
            book.writestr(item, bomb.encode() if item.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()

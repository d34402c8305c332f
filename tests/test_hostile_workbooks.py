"""Hostile .xlsx files each end in one message, in a real process, within 10 s and 500 MB
(issue 13: a 5 KB file with one row at r=1000000 drove memory past 3 GB; malformed parts
gave tracebacks)."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile

import pytest

SHEET = "xl/worksheets/sheet1.xml"
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>level</t></is>'
              '</c><c r="C1" t="inlineStr"><is><t>population</t></is></c><c r="D1" t="inlineStr"><is>'
              '<t>dibao_count</t></is></c></row>')


def base(path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["code", "level", "population", "dibao_count"])
    book.active.append(["530323", "county", 1, 1])
    book.save(path)
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rebuild(path, parts, sheet_xml=None, extra=None):
    if sheet_xml is not None:
        parts[SHEET] = sheet_xml.encode("utf-8") if isinstance(sheet_xml, str) else sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        if extra:
            extra(z)


def sheet(rows: str) -> str:
    return f"{HEAD}<sheetData>{rows}</sheetData></worksheet>"


def far_row(path, parts):
    rebuild(path, parts, sheet('<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'))


def strings_bomb(path, parts):
    parts.pop("xl/sharedStrings.xml", None)
    types = parts["[Content_Types].xml"].decode()
    if "sharedStrings" not in types:
        parts["[Content_Types].xml"] = types.replace(
            "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    if "sharedStrings" not in rels:
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>').encode()

    def bomb(z):
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                      b"<si><t>")
            chunk = b"a" * (1 << 20)
            for _ in range(300):  # 300 MB of one string, a few hundred KB compressed
                out.write(chunk)
            out.write(b"</t></si></sst>")

    rebuild(path, parts, extra=bomb)


def laughs(path, parts):
    dtd = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    xml = sheet(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol3;</t></is></c></row>')
    rebuild(path, parts, xml.replace("<worksheet", dtd + "<worksheet", 1))


def undefined_entity(path, parts):
    rebuild(path, parts, sheet(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>&nope;</t></is></c></row>'))


def truncated(path, parts):
    rebuild(path, parts, sheet(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>5303')[:-40])


def string_index(path, parts):
    rebuild(path, parts, sheet(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>99999</v></c></row>'))


def nan_cell(path, parts):
    rebuild(path, parts, sheet(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>530323</t></is></c>'
                                            '<c r="B2" t="inlineStr"><is><t>county</t></is></c>'
                                            '<c r="C2"><v>NaN</v></c><c r="D2"><v>1</v></c></row>'))


HOSTILE = [far_row, strings_bomb, laughs, undefined_entity, truncated, string_index, nan_cell]

MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
run = subprocess.run([sys.executable, "-m", "jiuzhu", "staffing", sys.argv[1], "-j", "530323"],
                     capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(run.returncode, round(time.monotonic() - start, 2), peak)
sys.stderr.write(run.stderr)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="peak memory is measured with resource (POSIX)")
@pytest.mark.parametrize("make", HOSTILE, ids=[f.__name__ for f in HOSTILE])
def test_a_hostile_workbook_is_one_message_quickly_and_in_bounded_memory(tmp_path, make):
    path = tmp_path / "hostile.xlsx"
    make(path, base(tmp_path / "base.xlsx"))
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=60)
    code, seconds, peak_mb = run.stdout.split()
    errors = [line for line in run.stderr.splitlines() if line.startswith(("Error: ", "错误："))]
    assert code == "1" and len(errors) == 1 and "Traceback" not in run.stderr, run.stderr
    assert str(path) in errors[0]
    assert float(seconds) < 10 and time.monotonic() - started < 20
    assert int(peak_mb) < 500, f"peak {peak_mb} MB"

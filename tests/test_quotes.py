"""Every quote a built-in jurisdiction cites occurs, word for word, in its own document;
the plugins hold logic only (no quote, no rule number)."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

DOCUMENTS = Path(__file__).with_name("documents")
JURISDICTIONS = files("jiuzhu.jurisdictions")
CODES = ["530000", "530323", "220000", "640100", "520402"]


def _document(code: str) -> str:
    data = tomllib.loads((JURISDICTIONS / f"{code}.toml").read_text(encoding="utf-8"))
    return (DOCUMENTS / data["documents"][0]["file"]).read_text(encoding="utf-8")


def _quotes(code: str) -> list[tuple[str, str]]:
    """(where, quote, code of the document it quotes) for every quote of the jurisdiction file
    and its cases file (a case citing "530000 二(一)" quotes 530000's document)."""
    out = []
    data = tomllib.loads((JURISDICTIONS / f"{code}.toml").read_text(encoding="utf-8"))
    for name, p in data.get("parameters", {}).items():
        if p.get("quote"):
            out.append((f"[parameters.{name}]", p["quote"], code))
        for value in p.get("value") if isinstance(p.get("value"), list) else ():
            if isinstance(value, str) and re.search(r"[\u4e00-\u9fff]{4}", value):
                out.append((f"[parameters.{name}] value", value, code))  # a list of the document's own words
    for table in ("rules", "duties"):
        for i, entry in enumerate(data.get(table, []), start=1):
            if entry.get("quote"):
                out.append((f"[[{table}]] #{i}", entry["quote"], code))
    cases = JURISDICTIONS / f"{code}.cases.toml"
    if cases.is_file():
        for i, case in enumerate(tomllib.loads(cases.read_text(encoding="utf-8")).get("cases", []), start=1):
            if case.get("quote"):
                cited = case.get("clause", "").split()
                source = cited[0] if len(cited) > 1 and cited[0] in CODES else code
                out.append((f"{code}.cases.toml case {i}", case["quote"], source))
    return out


def _occurs(quote: str, text: str) -> bool:
    """Word for word; an elision (…) may stand for text between pieces that occur in order."""
    at = 0
    for piece in quote.split("…"):
        if not piece:
            continue
        at = text.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


@pytest.mark.parametrize("code", CODES)
def test_every_quote_is_in_its_own_document(code):
    quotes = _quotes(code)
    assert len(quotes) > 5
    missing = [f"{where}: {quote}" for where, quote, source in quotes if not _occurs(quote, _document(source))]
    assert not missing, "not in the document, word for word:\n" + "\n".join(missing)


def test_a_quote_from_another_document_is_caught():
    """Issue 12: Shizong's text says 社会救助职责 and 购买社会服务救助服务的经费, not Yunnan's words."""
    shizong = _document("530323")
    assert not _occurs("不得要求社会力量派遣的工作人员从事社会救助工作职责以外的其他工作", shizong)
    assert _occurs("不得要求社会力量派遣的工作人员从事社会救助职责以外的其他工作", shizong)
    assert not _occurs("单一来源等方式", _document("220000"))


RULE_PLUGINS = ["yunnan", "shizong", "jilin", "yinchuan", "xixiu", "shared"]
#: Numbers a plugin's logic may hold: none of them is a rule's number.
LOGIC_NUMBERS = {0, 1, 2, 100}


def _strings_and_numbers(source: str):
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            yield node


@pytest.mark.parametrize("module", RULE_PLUGINS)
def test_plugins_hold_no_quote_and_no_rule_number(module):
    """Issue 12: every number, list and quote a rule uses lives in the jurisdiction's TOML."""
    source = (files("jiuzhu.plugins") / f"{module}.py").read_text(encoding="utf-8")
    texts = [_document(code) for code in CODES]
    for node in _strings_and_numbers(source):
        if isinstance(node.value, str):
            for run in re.findall(r"[\u4e00-\u9fff]{4,}", node.value):
                assert not any(run in t for t in texts), f"{module}.py line {node.lineno} quotes {run!r}"
        elif isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            assert node.value in LOGIC_NUMBERS, f"{module}.py line {node.lineno} holds the number {node.value}"

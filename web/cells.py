"""Records as the pages show them: a cell's text, the citations behind a row."""

from __future__ import annotations

from typing import Any

from jiuzhu.web.labels import value_label


def cell(value: Any, lang: str, words: bool = True) -> str:
    """One record value as text for a person (lists joined with 、, floats without noise);
    ``words``: known words (levels, outcomes) in the page's language, else as written (a
    parameter's value, which an override must repeat)."""
    yes, no = ("yes", "no") if lang == "en" else ("是", "否")
    if value is None:
        return "—"
    if isinstance(value, bool):
        return (yes if value else no) if words else str(value).lower()
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value_label(value, lang) if words else value
    if isinstance(value, dict):
        if "clause" in value:
            return f"{value.get('jurisdiction', '')} {value.get('clause', '')}".strip()
        return "；".join(f"{k}: {cell(v, lang, words)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(_item(v, lang, words) for v in value) or "—"
    return str(value)


def _item(value: Any, lang: str, words: bool) -> str:
    if isinstance(value, dict):
        for key in ("reason", "description", "condition"):
            if key in value:
                return value_label(str(value[key]), lang)  # a reason in the page's language
    return cell(value, lang, words)


def citations(value: Any) -> list[dict]:
    """Every citation (a dict with a quote) inside a record, once each, in order."""
    found: list[dict] = []

    def walk(v):
        if isinstance(v, dict):
            if "quote" in v and "clause" in v:
                if v not in found:
                    found.append(v)
                return
            for item in v.values():
                walk(item)
        elif isinstance(v, (list, tuple)):
            for item in v:
                walk(item)

    walk(value)
    return found


#: Shown in each row's explanation instead of a column of their own.
IN_EXPLANATION = ("sources", "factors", "subject")


def columns(records: list[dict]) -> list[str]:
    """The keys of the records shown as columns, in first-seen order."""
    keys: dict[str, None] = {}
    for r in records:
        for k in r:
            if k not in IN_EXPLANATION:
                keys.setdefault(k, None)
    return list(keys)

"""The same units through several jurisdictions' chains, side by side, with a summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from attrs import frozen

from jiuzhu.core.chain import Chain
from jiuzhu.core.results import StaffingResult
from jiuzhu.core.table import UNIT_LEVELS, Table


@frozen(eq=False)
class Comparison:
    """One staffing result per profile (jurisdiction chain), in the order asked."""

    units: Table
    results: tuple[StaffingResult, ...]

    @property
    def codes(self) -> list[str]:
        return [r.profile for r in self.results]

    def records(self):
        """The staffing contract's records, each with ``profile``: the jurisdiction applied."""
        for result in self.results:
            for record in result.records():
                yield {**record, "profile": result.profile}

    def unit_totals(self) -> dict[str, dict[str, tuple[int | None, int | None]]]:
        """``{profile: {unit code: (total minimum, total maximum or None)}}`` over the roles covering the unit."""
        out: dict[str, dict[str, tuple[int | None, int | None]]] = {}
        for result in self.results:
            totals: dict[str, list] = {}
            for r in result.records():
                lo, hi = totals.setdefault(r["code"], [None, 0])
                if r["minimum"] is not None:
                    lo = (lo or 0) + r["minimum"]
                    hi = None if (hi is None or r["maximum"] is None) else hi + r["maximum"]
                elif r["role"] is None:
                    hi = None
                totals[r["code"]] = [lo, hi if lo is not None else None]
            out[result.profile] = {code: (v[0], v[1]) for code, v in totals.items()}
        return out

    def summary(self) -> dict[str, Any]:
        """Totals per jurisdiction; strictest and most lenient per unit level; the units differing most."""
        totals = self.unit_totals()
        levels = {str(c): str(lv) for c, lv in zip(self.units["code"], self.units["level"])}
        per_profile = {p: sum(lo or 0 for lo, _ in t.values()) for p, t in totals.items()}
        by_level = {}
        for level in UNIT_LEVELS:
            sums = {p: sum(lo for c, (lo, _) in t.items() if levels.get(c) == level and lo is not None)
                    for p, t in totals.items()
                    if any(levels.get(c) == level and lo is not None for c, (lo, _) in t.items())}
            if sums:
                by_level[level] = {"totals": sums, "strictest": max(sums, key=sums.get),
                                   "most_lenient": min(sums, key=sums.get),
                                   "not_regulated": [p for p in totals if p not in sums]}
        spreads = []
        for code in dict.fromkeys(str(c) for c in self.units["code"]):
            values = {p: t.get(code, (None, None))[0] for p, t in totals.items()}
            known = {p: v for p, v in values.items() if v is not None}
            if len(known) >= 2 and max(known.values()) > min(known.values()):
                hi, lo = max(known, key=known.get), min(known, key=known.get)
                spreads.append({"code": code, "level": levels[code], "spread": known[hi] - known[lo],
                                "highest": hi, "lowest": lo, "minimums": values})
        spreads.sort(key=lambda s: -s["spread"])
        return {"totals": per_profile, "by_level": by_level, "differ_most": spreads[:5]}


def compare(units: Table, chains: Sequence[Chain], evaluate: Callable[[Table, Chain], StaffingResult],
            progress: Callable[[int, int, Chain], None] | None = None) -> Comparison:
    results = []
    for i, chain in enumerate(chains, start=1):
        if progress:
            progress(i, len(chains), chain)
        results.append(evaluate(units, chain))
    return Comparison(units, tuple(results))


def totals_chart_svg(totals: dict[str, int], labels: dict[str, str], title: str) -> str:
    """A bar chart of total minimum staff per jurisdiction, as a standalone SVG."""
    width, bar_h, gap, left = 640, 28, 12, 190
    height = 60 + len(totals) * (bar_h + gap)
    peak = max(totals.values(), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="13">',
             f'<text x="10" y="24" font-size="16" font-weight="bold">{_esc(title)}</text>']
    for i, (code, total) in enumerate(totals.items()):
        y = 44 + i * (bar_h + gap)
        w = int((width - left - 80) * total / peak)
        parts.append(f'<text x="10" y="{y + 19}">{_esc(labels.get(code, code))}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="#3b6ea5"/>')
        parts.append(f'<text x="{left + w + 6}" y="{y + 19}">{total}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_document(path_suffix: str, svg: str, title: str) -> str:
    if path_suffix == ".svg":
        return svg
    return (f"<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{_esc(title)}</title></head>"
            f"<body>\n{svg}</body></html>\n")


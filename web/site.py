"""``jiuzhu site build``: the 规则 pages rendered by the same templates as static files."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path


def build_site(registry, folder: Path) -> int:
    """Write index.html, CODE.html per jurisdiction and diff-A-B.html per pair; returns the
    number of pages. Each file is written atomically."""
    from jiuzhu.core.io.atomic import write_text_atomically
    from jiuzhu.web.pages import Links, diff_context, jurisdiction_context, render, tree_context

    links = Links(static_site=True)
    folder.mkdir(parents=True, exist_ok=True)
    tree = tree_context(registry)
    pages = {"index.html": render("rules.html", None, links=links, **tree)}
    codes = [record["code"] for _, record in tree["tree"]]
    for code in codes:
        pages[f"{code}.html"] = render("jurisdiction.html", None, links=links, **jurisdiction_context(registry, code))
    for a in codes:
        for b in codes:
            if a < b:
                pages[f"diff-{a}-{b}.html"] = render("diff.html", None, links=links, **tree,
                                                     **diff_context(registry, a, b))
    for name, html in pages.items():
        write_text_atomically(folder / name, html)
    static = folder / "static"
    static.mkdir(exist_ok=True)
    for asset in ("app.css", "app.js"):
        with as_file(files("jiuzhu.web") / "static" / asset) as source:
            shutil.copyfile(source, static / asset)
    return len(pages)

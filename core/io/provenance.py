"""Provenance of a result written to a file: enough to reproduce and audit it later.

``FILE.provenance.json`` beside the result names the jiuzhu version, each plugin's
distribution and version, the profile(s) and overrides, a hash of every parameter used,
and the input file's hash.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jiuzhu import __version__
from jiuzhu.core.rules.chain import Chain


def parameters_hash(chain: Chain) -> str:
    """sha256 of the chain's parameter values (overrides applied), stable across runs."""
    data = chain.parameter_values()
    return "sha256:" + hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def file_hash(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def provenance(registry, runs: list[tuple[Any, Chain]], input_path: str | Path | None,
               input_label: str | None = None, input_sha256: str | None = None,
               command: list[str] | None = None) -> dict[str, Any]:
    """The record for ``runs``: (profile, chain) pairs the result was computed under;
    ``command`` is the command line as the caller (the CLI) knows it."""
    plugins = {}
    for _profile, chain in runs:
        for code in chain.codes:
            rec = registry.plugins[code]
            plugins[code] = {"jurisdiction": code, "distribution": rec.distribution, "version": rec.version,
                             "module": rec.name, "documents": [d.title for d in rec.jurisdiction.documents]}
    return {
        "jiuzhu_version": __version__,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": list(command or []),
        "input": None if input_path is None else {"path": input_label or str(input_path),
                                                   "sha256": input_sha256 or file_hash(input_path)},
        "profiles": [{"name": profile.name, "jurisdiction": profile.jurisdiction,
                      "overrides": dict(profile.overrides), "chain": list(chain.codes),
                      "parameters_hash": parameters_hash(chain),
                      # the user's monthly costs per role (jiuzhu gap), not parameters of any document
                      **({"costs": dict(profile.costs)} if getattr(profile, "costs", None) else {})}
                     for profile, chain in runs],
        "plugins": list(plugins.values()),
    }

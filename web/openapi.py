"""The API's OpenAPI 3.0 document, written as data (a test holds it to the app's routes)."""

from __future__ import annotations

from typing import Any

from jiuzhu import __version__

_ERROR = {"description": "One message, with the file, row, column and field it concerns",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_RUN_PARAMS = [
    {"name": "jurisdiction", "in": "query", "schema": {"type": "string"}, "example": "530323",
     "description": "Run the plain rules of this jurisdiction's chain (no overrides)."},
    {"name": "profile", "in": "query", "schema": {"type": "string"},
     "description": "Run under this saved profile (its jurisdiction and overrides). Neither: the active profile."},
]
_BODY = {
    "description": "A file (multipart field `file`: .csv, .xlsx, .xls) or JSON records; none: the bundled sample.",
    "required": False,
    "content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}}}},
        "application/json": {"schema": {"type": "object", "properties": {
            "records": {"type": "array", "items": {"type": "object"}}}},
            "example": {"records": [{"code": "530323100", "level": "township", "population": 62000,
                                     "dibao_count": 4000}]}},
    },
}


def _run(summary: str, extra: list | None = None) -> dict[str, Any]:
    return {"post": {"summary": summary, "parameters": _RUN_PARAMS + (extra or []), "requestBody": _BODY,
                     "responses": {"200": {"description": "The CLI's `--format json` records, with notes",
                                           "content": {"application/json": {
                                               "schema": {"$ref": "#/components/schemas/Answer"}}}},
                                   "400": _ERROR, "401": _ERROR, "404": _ERROR, "413": _ERROR}}}


def _get(summary: str, parameters: list) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": parameters,
                    "responses": {"200": {"description": "As `jiuzhu … --format json` prints it",
                                          "content": {"application/json": {"schema": {}}}},
                                  "401": _ERROR, "404": _ERROR}}}


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def schema(subjects: list[str]) -> dict[str, Any]:
    """The document, with the check subjects the installed plugins declare."""
    SUBJECTS = subjects  # noqa: N806

    return {
        "openapi": "3.0.3",
        "info": {"title": "jiuzhu (救助)", "version": __version__,
                 "description": "China's local social-assistance rules as cited, comparable code. Every answer "
                                "names the level that gave it and its clause. The records equal those of "
                                "`jiuzhu FAMILY FILE --format json`."},
        "paths": {
            "/api/jurisdictions": _get("Every jurisdiction, in tree order (`jiuzhu jurisdictions`)", []),
            "/api/jurisdictions/{code}": _get("One jurisdiction: documents, parameters with clauses, the levels "
                                              "answering each family (`jiuzhu show CODE`)", [_path("code")]),
            "/api/diff/{a}/{b}": _get("Why two jurisdictions' rules differ (`jiuzhu diff A B`)",
                                      [_path("a"), _path("b")]),
            "/api/staffing": _run("Required staff per unit and role (`jiuzhu staffing`)"),
            "/api/check/{subject}": _run("Eligibility of each record (`jiuzhu check SUBJECT`)", [
                {"name": "subject", "in": "path", "required": True,
                 "schema": {"type": "string", "enum": list(SUBJECTS)}}]),
            "/api/deduct": _run("Deduction per incident (`jiuzhu deduct`)", [
                {"name": "subject", "in": "query",
                 "schema": {"type": "string", "enum": ["contractor_payment", "target_score"]}}]),
            "/api/allocate": _run("Fund floors and factor-method shares (`jiuzhu allocate`)", [
                {"name": "pool", "in": "query", "schema": {"type": "number", "minimum": 0}}]),
            "/api/score": _run("Pilot scoring (`jiuzhu score`)"),
            "/api/explain": _run("Who answered what for one unit or record (`jiuzhu explain`)", [
                {"name": "family", "in": "query", "schema": {"type": "string", "enum": [
                    "staffing", "check", "deduct", "allocate", "score"]}},
                {"name": "unit", "in": "query", "schema": {"type": "string"}},
                {"name": "pool", "in": "query", "schema": {"type": "number", "minimum": 0}},
                {"name": "subject", "in": "query", "schema": {"type": "string",
                                                              "enum": list(SUBJECTS) + ["contractor_payment",
                                                                                        "target_score"]}},
                {"name": "row", "in": "query", "schema": {"type": "integer", "minimum": 1}}]),
            "/api/compare": {"post": {
                "summary": "The same units through several jurisdictions (`jiuzhu compare`)",
                "parameters": [{"name": "jurisdictions", "in": "query", "schema": {"type": "string"},
                                "example": "530323,220000", "description": "Comma-separated codes; default all"}],
                "requestBody": _BODY,
                "responses": {"200": {"description": "records (each with `profile`), summary, units, jurisdictions",
                                      "content": {"application/json": {"schema": {}}}},
                              "400": _ERROR, "401": _ERROR, "404": _ERROR, "413": _ERROR}}},
        },
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}, "schemas": {
            "Error": {"type": "object", "properties": {
                "message": {"type": "string"}, "detail": {"type": "string", "nullable": True},
                "file": {"type": "string", "nullable": True}, "row": {"type": "integer", "nullable": True},
                "column": {"type": "string", "nullable": True}, "field": {"type": "string", "nullable": True}}},
            "Answer": {"type": "object", "properties": {
                "records": {"type": "array", "items": {"type": "object"}},
                "notes": {"type": "array", "items": {"type": "string"}},
                "profile": {"type": "object"}, "chain": {"type": "array", "items": {"type": "object"}}}},
        }},
        "security": [{}, {"token": []}],
    }

"""The JSON API: the CLI's ``--format json`` answers over HTTP."""

from __future__ import annotations

import json
from functools import partial

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jiuzhu.core.model.errors import InputError
from jiuzhu.web import runs
from jiuzhu.web.uploads import Upload, file_upload, records_upload, sample_upload


def json_response(body, status: int = 200) -> Response:
    """JSON as the CLI writes it (``jiuzhu.cli.output.to_json``), so the bytes match too."""
    from jiuzhu.cli.output import to_json

    text = to_json(body) if isinstance(body, list) else json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    return Response(text, status, media_type="application/json")


async def read_input(request: Request, sample: str | None) -> Upload:
    """The request's file (multipart ``file``), JSON records (``{"records": [...]}`` or a bare
    list), or, with no body, the bundled sample the CLI would use."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        async with request.form(max_files=1, max_fields=20) as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise InputError("the form has no file: send it as the multipart field 'file'")
            return file_upload(upload.filename or "upload", await upload.read())
    body = await request.body()
    if body.strip():
        if kind not in ("application/json", ""):
            raise InputError(f"send multipart/form-data with a 'file', or application/json records (got {kind})")
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise InputError(f"the body is not JSON: {exc}", file="request body") from None
        return records_upload(data.get("records") if isinstance(data, dict) else data)
    if sample is None:
        raise InputError("there is no bundled sample for this; send a file or records")
    return sample_upload(sample)


def _question(request: Request, family: str) -> runs.Question:
    pool = request.query_params.get("pool")
    try:
        pool_value = float(pool) if pool not in (None, "") else None
    except ValueError:
        raise InputError(f"pool {pool!r} is not a number of yuan") from None
    return runs.check_question(runs.Question(family, request.path_params.get("subject")
                                             or request.query_params.get("subject") or None, pool_value),
                               request.app.state.jiuzhu.registry)


def profile_of(request: Request):
    return request.app.state.jiuzhu.profile_for(request.query_params.get("jurisdiction") or None,
                                                request.query_params.get("profile") or None)


async def run_family(request: Request) -> Response:
    family = request.path_params.get("family", "check")
    question = _question(request, family)
    state = request.app.state.jiuzhu
    upload = await read_input(request, runs.sample_for(question, state.registry))
    answer = await state.work(partial(runs.evaluate, question, upload, profile_of(request), state.registry,
                                      state.settings.max_rows))
    return json_response(answer.envelope())


async def explain(request: Request) -> Response:
    """``jiuzhu explain``: ``?family=`` (default: check with ``?subject=``, else staffing), ``?unit=``
    for staffing and allocate, ``?row=`` for the others."""
    state = request.app.state.jiuzhu
    subject = request.query_params.get("subject") or None
    family = request.query_params.get("family") or ("check" if subject else "staffing")
    question = _question(request, family)
    row_text = request.query_params.get("row") or "1"
    if not row_text.isdigit() or int(row_text) < 1:
        raise InputError(f"row {row_text!r}: give a record number, 1 for the first")
    upload = await read_input(request, runs.sample_for(question, state.registry))
    answer = await state.work(partial(runs.explain, question, upload, profile_of(request), state.registry,
                                      request.query_params.get("unit") or None, int(row_text),
                                      state.settings.max_rows))
    return json_response(answer.envelope())


async def compare(request: Request) -> Response:
    text = request.query_params.get("jurisdictions", "all").strip()
    codes = [] if text in ("", "all") else [c.strip() for c in text.split(",") if c.strip()]
    upload = await read_input(request, "units.csv")
    state = request.app.state.jiuzhu
    job = partial(runs.compare, upload, codes, state.registry, state.settings.max_rows)
    return json_response(await state.work(job))


async def jurisdictions(request: Request) -> Response:
    from jiuzhu.cli.jurisdictions import jurisdiction_records

    return json_response(jurisdiction_records(request.app.state.jiuzhu.registry))


async def jurisdiction(request: Request) -> Response:
    from jiuzhu.cli.jurisdictions import jurisdiction_detail

    registry = request.app.state.jiuzhu.registry
    return json_response(jurisdiction_detail(registry, registry.chain(request.path_params["code"])))


async def diff(request: Request) -> Response:
    from jiuzhu.core.rules.diff import diff as rules_diff

    return json_response(rules_diff(request.app.state.jiuzhu.registry, request.path_params["a"],
                                    request.path_params["b"]))


async def openapi(request: Request) -> Response:
    from jiuzhu.web.openapi import schema

    return JSONResponse(schema(sorted(request.app.state.jiuzhu.registry.subjects())))


ROUTES = [
    Route("/api/jurisdictions", jurisdictions),
    Route("/api/jurisdictions/{code}", jurisdiction),
    Route("/api/diff/{a}/{b}", diff),
    Route("/api/explain", explain, methods=["POST"]),
    Route("/api/compare", compare, methods=["POST"]),
    Route("/api/check/{subject}", run_family, methods=["POST"]),
    Route("/api/{family}", run_family, methods=["POST"]),
    Route("/openapi.json", openapi),
]

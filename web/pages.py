"""The web app's pages: 规则 (rules), 测算 (run a file), 对比 (compare), 配置 (profiles).

Server-rendered with Jinja2 (autoescape on: every unit name, file name and plugin text is
escaped); a small script of our own adds sorting, filtering and the chart. The same rules
templates render the static site (``jiuzhu site build``).
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from jiuzhu.web import runs
from jiuzhu.web.cells import cell, citations, columns
from jiuzhu.web.labels import family_label, key_label, pick, value_label
from jiuzhu.web.security import csrf_ok, csrf_token, remember_csrf
from jiuzhu.web.uploads import Upload, file_upload, sample_upload

LANG_COOKIE = "jiuzhu_lang"
EXPLAIN_LIMIT = 200  # rows explained inline; beyond, the API's /api/explain answers one at a time


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("jiuzhu.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(cell=cell, key_label=key_label, value_label=value_label, family_label=family_label,
                       citations=citations, zip=zip)
    return env


class Links:
    """Where the pages link: the live server, or the files of the static site."""

    def __init__(self, static_site: bool = False):
        self.static_site = static_site

    def home(self) -> str:
        return "index.html" if self.static_site else "/"

    def rules(self, code: str) -> str:
        return f"{code}.html" if self.static_site else f"/rules/{code}"

    def diff(self, a: str, b: str) -> str:
        return f"diff-{a}-{b}.html" if self.static_site else f"/diff?a={a}&b={b}"

    def asset(self, path: str) -> str:
        return f"static/{path}" if self.static_site else f"/static/{path}"


def lang_of(request: Request | None) -> str:
    if request is None:
        return "zh"
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return "en" if asked == "en" else "zh"


def render(name: str, request: Request | None, status: int = 200, *, links: Links | None = None,
           lang: str | None = None, **context: Any) -> str | HTMLResponse:
    """Render template ``name``; for a request, an HTML response (language and CSRF cookies set)."""
    lang = lang or lang_of(request)
    token = csrf_token(request) if request is not None else ""

    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    from jiuzhu.core.model.roles import role_label

    html = environment().get_template(name).render(
        t=t, lang=lang, role_name=lambda role: role_label(role, "en" if lang == "en" else "zh"),
        links=links or Links(), csrf=token, path=request.url.path if request else "",
        static_site=request is None, **context)
    if request is None:
        return html
    response = HTMLResponse(html, status)
    remember_csrf(response, token)
    if request.query_params.get("lang") in ("zh", "en"):
        response.set_cookie(LANG_COOKIE, request.query_params["lang"], samesite="strict", path="/")
    return response


def error_page(request: Request, body: dict, status: int) -> Response:
    return render("error.html", request, status, error=body)


# -- 规则 ------------------------------------------------------------------------------------
def tree_context(registry) -> dict[str, Any]:
    from jiuzhu.cli.jurisdictions import jurisdiction_records, tree_order

    depths = [depth for depth, _ in tree_order(registry)]
    return {"tree": list(zip(depths, jurisdiction_records(registry)))}


def jurisdiction_context(registry, code: str) -> dict[str, Any]:
    from jiuzhu.cli.jurisdictions import jurisdiction_detail

    chain = registry.chain(code)
    detail = jurisdiction_detail(registry, chain)
    return {"j": detail, "chain": runs.chain_record(chain)}


def diff_context(registry, a: str, b: str) -> dict[str, Any]:
    from jiuzhu.core.rules.diff import diff as rules_diff

    names = {r["code"]: r for _, r in tree_context(registry)["tree"]}
    return {"d": rules_diff(registry, a, b), "a": a, "b": b, "names": names}


async def rules_index(request: Request) -> Response:
    return render("rules.html", request, **tree_context(request.app.state.jiuzhu.registry))


async def rules_page(request: Request) -> Response:
    return render("jurisdiction.html", request,
                  **jurisdiction_context(request.app.state.jiuzhu.registry, request.path_params["code"]))


async def diff_page(request: Request) -> Response:
    registry = request.app.state.jiuzhu.registry
    a, b = request.query_params.get("a"), request.query_params.get("b")
    context = tree_context(registry)
    if a and b:
        context.update(diff_context(registry, a, b))
    return render("diff.html", request, **context)


# -- 测算 ------------------------------------------------------------------------------------
def questions(registry) -> list[str]:
    """The form's choices: every family, each check subject the installed plugins declare."""
    return ["staffing", *(f"check:{s}" for s in registry.subjects()), "deduct:contractor_payment",
            "deduct:target_score", "allocate", "score"]


def question_label(q: str, lang: str) -> str:
    family, _, subject = q.partition(":")
    label = family_label(family, lang)
    return f"{label} · {subject}" if subject else label


def _question(form, registry) -> runs.Question:
    family, _, subject = str(form.get("question") or "staffing").partition(":")
    pool = str(form.get("pool") or "").strip()
    try:
        pool_value = float(pool) if pool else None
    except ValueError:
        from jiuzhu.core.model.errors import InputError

        raise InputError(f"pool {pool!r} is not a number of yuan") from None
    return runs.check_question(runs.Question(family, subject or None, pool_value), registry)


def _target(form) -> tuple[str | None, str | None]:
    """``(jurisdiction, profile)`` from the form's choice: ``j:CODE``, ``p:NAME`` or the active one."""
    kind, _, value = str(form.get("target") or "").partition(":")
    return (value or None, None) if kind == "j" else (None, value or None) if kind == "p" else (None, None)


async def _form_upload(form, question: runs.Question, registry) -> Upload:
    upload = form.get("file")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        return file_upload(upload.filename, await upload.read())
    sample = runs.sample_for(question, registry)
    if sample is None:
        from jiuzhu.core.model.errors import InputError

        raise InputError("there is no bundled sample for this subject; choose a file")
    return sample_upload(sample)


def form_choices(state) -> dict[str, Any]:
    from jiuzhu.cli.jurisdictions import jurisdiction_records

    store = None
    try:
        store = state.store()
    except Exception:  # a broken profile file is shown on the 配置 page, not here
        pass
    from jiuzhu.web.uploads import readers_read

    kinds = ".csv、.xlsx" + ("、.xls" if readers_read(".xls") else "")
    return {"jurisdictions": jurisdiction_records(state.registry), "kinds": kinds,
            "profiles": sorted(store.profiles) if store else [],
            "active": store.active if store else None, "questions": questions(state.registry),
            "question_label": question_label}


def explanations(question: runs.Question, answer: runs.Answer, registry) -> dict[int, dict]:
    """Result row → the CLI's ``explain`` answer shown beside it (the first
    :data:`EXPLAIN_LIMIT` rows). Staffing and funds are explained per unit; the other
    families per input record (scoring answers each record once per answering level)."""
    table, done, out = answer.table, {}, {}
    first: dict[str, int] = {}
    if question.family in ("staffing", "allocate"):
        for i, code in enumerate(table["code"]):
            first.setdefault(str(code), i)
    for n, record in enumerate(answer.records[:EXPLAIN_LIMIT]):
        index = first.get(str(record.get("code"))) if first else n % max(len(table), 1)
        if index is None or index >= len(table):
            continue
        if index not in done:
            done[index] = runs.explanation(question, table, index, answer.chain, registry)
        out[n] = done[index]
    return out


def _run_job(question, upload, profile, registry, max_rows):
    answer = runs.evaluate(question, upload, profile, registry, max_rows)
    return answer, explanations(question, answer, registry)


async def run_page(request: Request) -> Response:
    state = request.app.state.jiuzhu
    context = form_choices(state)
    if request.method == "GET":
        return render("run.html", request, **context, chosen={})
    async with request.form(max_files=1, max_fields=20) as form:
        chosen = {k: v for k, v in form.items() if isinstance(v, str)}
        try:
            question = _question(form, state.registry)
            profile = state.profile_for(*_target(form))
            upload = await _form_upload(form, question, state.registry)
            answer, explained = await state.work(partial(_run_job, question, upload, profile, state.registry,
                                                         state.settings.max_rows))
            context.update(answer=answer, explained=explained, question=question, upload=upload,
                           keys=columns(answer.records), explain_limit=EXPLAIN_LIMIT)
        except Exception as exc:
            context.update(error=_error(exc))
    fragment = request.headers.get("x-jiuzhu-fragment") == "1"
    return render("run_results.html" if fragment else "run.html", request, **context, chosen=chosen)


def _error(exc: Exception) -> dict:
    from jiuzhu.web.errors import error_body, status_of

    if status_of(exc) == 500 and not hasattr(exc, "plugin"):
        raise exc
    return error_body(exc)


def _cli_args(question: runs.Question, form) -> tuple[list[str], list[str]]:
    """The CLI command and options that answer ``question`` under the form's target."""
    code, name = _target(form)
    options = ["-j", code] if code else ["-p", name] if name else []
    if question.family == "check":
        return ["check", question.subject], options
    if question.family == "deduct":
        return ["deduct"], options + ["--subject", question.subject or "contractor_payment"]
    if question.family == "allocate" and question.pool is not None:
        return ["allocate"], options + ["--pool", repr(question.pool)]
    return [question.family], options


async def run_download(request: Request) -> Response:
    """The CLI's ``.xlsx`` (or its provenance) for the form's file and question."""
    from jiuzhu.web.downloads import cli_output

    state = request.app.state.jiuzhu
    want_provenance = request.url.path.endswith(".json")
    async with request.form(max_files=1, max_fields=20) as form:
        question = _question(form, state.registry)
        state.profile_for(*_target(form))  # an unknown code or profile is refused first
        upload = await _form_upload(form, question, state.registry)
        command, options = _cli_args(question, form)
    book, provenance = await state.work(partial(cli_output, command, upload, options, state.settings.config))
    return _attachment(book, provenance, want_provenance, f"jiuzhu-{question.family}")


def _attachment(book: bytes, provenance: bytes, want_provenance: bool, stem: str) -> Response:
    if want_provenance:
        return Response(provenance, media_type="application/json",
                        headers={"content-disposition": f'attachment; filename="{stem}.xlsx.provenance.json"'})
    return Response(book, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"content-disposition": f'attachment; filename="{stem}.xlsx"'})


# -- 对比 ------------------------------------------------------------------------------------
def _codes(form, registry) -> list[str]:
    codes = [str(c) for c in form.getlist("jurisdictions") if str(c).strip()]
    return codes or list(registry.tree.codes())


async def compare_page(request: Request) -> Response:
    state = request.app.state.jiuzhu
    context = form_choices(state)
    if request.method == "GET":
        return render("compare.html", request, **context, picked=[r["code"] for r in context["jurisdictions"]])
    async with request.form(max_files=1, max_fields=50) as form:
        picked = _codes(form, state.registry)
        try:
            upload = await _form_upload(form, runs.Question("compare"), state.registry)
            result = await state.work(partial(runs.compare, upload, picked, state.registry,
                                              state.settings.max_rows))
            context.update(result=result, upload=upload, chart=chart_data(result, lang_of(request)))
        except Exception as exc:
            context.update(error=_error(exc))
    fragment = request.headers.get("x-jiuzhu-fragment") == "1"
    return render("compare_results.html" if fragment else "compare.html", request, **context, picked=picked)


def chart_data(result: dict, lang: str) -> dict[str, Any]:
    """What the ECharts bar chart draws: per unit level, each jurisdiction's total minimum
    staff (no bar where a jurisdiction does not regulate that level), the draft mark in the
    labels, and a source line."""
    draft = pick(("（征求意见稿）", " (draft for comment)"), lang)
    names = [(j["name_en"] if lang == "en" else j["name_zh"]) + (draft if j["draft"] else "")
             for j in result["jurisdictions"]]
    codes = [j["code"] for j in result["jurisdictions"]]
    series = [{"name": value_label(level, lang),
               "data": [info["totals"].get(code) for code in codes]}
              for level, info in result["summary"]["by_level"].items()]
    return {"categories": [f"{c} {n}" for c, n in zip(codes, names)], "series": series,
            "title": pick(("各地最低配备人数（按层级）", "Minimum staff by unit level"), lang),
            "source": pick(("来源：各地文件，jiuzhu 测算", "Source: each jurisdiction's documents, computed by jiuzhu"),
                           lang)}


async def compare_download(request: Request) -> Response:
    from jiuzhu.web.downloads import cli_output

    state = request.app.state.jiuzhu
    async with request.form(max_files=1, max_fields=50) as form:
        codes = _codes(form, state.registry)
        upload = await _form_upload(form, runs.Question("compare"), state.registry)
    book, provenance = await state.work(partial(cli_output, ["compare"], upload,
                                                ["-J", ",".join(codes)], state.settings.config))
    return _attachment(book, provenance, request.url.path.endswith(".json"), "jiuzhu-compare")


# -- 配置 ------------------------------------------------------------------------------------
async def profiles_page(request: Request) -> Response:
    state = request.app.state.jiuzhu
    message = error = None
    if request.method == "POST":
        async with request.form(max_files=0, max_fields=20) as form:
            if not csrf_ok(request, form):
                return render("error.html", request, 403, error={
                    "message": "this form has expired or came from another site; reload the page and try again",
                    "file": None, "row": None, "column": None, "field": None})
            try:
                message = await state.work(partial(change_profiles, state, request.path_params["action"],
                                                   {k: str(v) for k, v in form.items()}))
            except Exception as exc:
                error = _error(exc)
    context: dict[str, Any] = {"message": message, "error": error}
    try:
        store = state.store()
        current = store.current()
        context.update(store=store, current=current)
        if current is not None:
            chain = state.registry.chain(current.jurisdiction, current.overrides)
            context["parameters"] = [{"key": f"{j.code}.{p.name}", "value": p.value, "unit": p.unit,
                                      "clause": p.citation.clause, "overridden": p.overridden}
                                     for j in chain for p in j.parameters.values()]
    except Exception as exc:
        context["error"] = context["error"] or _error(exc)
    from jiuzhu.cli.jurisdictions import jurisdiction_records

    context["jurisdictions"] = jurisdiction_records(state.registry)
    return render("profiles.html", request, **context)


def change_profiles(state, action: str, form: dict[str, str]) -> str:
    """One change to the profile store, through the CLI's own functions (locked, atomic)."""
    from attrs import evolve

    from jiuzhu.cli.profiles import switched, with_override, without_override
    from jiuzhu.core.profiles import parse_value, update

    registry, path = state.registry, state.settings.config
    if action == "use":
        code = form.get("jurisdiction", "").strip()
        registry.chain(code)  # an unknown code is refused before anything is written
        dropped: list[str] = []
        store = update(path, lambda s: switched(s, registry, code, form.get("name", "").strip() or None, dropped))
        extra = f"; dropped overrides that do not apply: {', '.join(dropped)}" if dropped else ""
        return f"active: {store.current().describe()}{extra}"
    if action == "switch":
        name = form.get("name", "")
        store = update(path, lambda s: (s.get(name), evolve(s, active=name))[1])
        return f"active: {store.current().describe()}"
    if action == "set":
        value = parse_value(form.get("value", ""))
        store = update(path, lambda s: with_override(s, registry, form.get("name", "").strip(), value))
        return f"set; {store.current().describe()}"
    if action == "unset":
        store = update(path, lambda s: without_override(s, form.get("name", "").strip()))
        return f"unset; {store.current().describe()}"
    raise LookupError(f"no profile action {action!r}")


async def docs_page(request: Request) -> Response:
    return render("docs.html", request)


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


async def home(request: Request) -> Response:
    return RedirectResponse("/rules" + (f"?{request.url.query}" if request.url.query else ""), 302)


ROUTES = [
    Route("/", home),
    Route("/favicon.ico", favicon),
    Route("/rules", rules_index),
    Route("/rules/{code}", rules_page),
    Route("/diff", diff_page),
    Route("/run", run_page, methods=["GET", "POST"]),
    Route("/run/download.xlsx", run_download, methods=["POST"]),
    Route("/run/provenance.json", run_download, methods=["POST"]),
    Route("/compare", compare_page, methods=["GET", "POST"]),
    Route("/compare/download.xlsx", compare_download, methods=["POST"]),
    Route("/compare/provenance.json", compare_download, methods=["POST"]),
    Route("/profiles", profiles_page),
    Route("/profiles/{action}", profiles_page, methods=["POST"]),
    Route("/docs", docs_page),
]

"""The ASGI application behind ``jiuzhu serve``: Starlette routes for the pages and the API,
the guard (token, upload bound, security headers), and a bounded pool of worker threads
that evaluations run on, so the event loop keeps serving while a large file is evaluated."""

from __future__ import annotations

import logging
from pathlib import Path

import anyio
from attrs import frozen
from starlette.applications import Starlette
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from jiuzhu.web.errors import error_body, status_of
from jiuzhu.web.security import Guard

log = logging.getLogger("jiuzhu.web")
MB = 1_000_000


@frozen
class Settings:
    """How the server runs: the profile file (``None``: as the CLI finds it), the access token
    (``None``: loopback only, no token), the upload bound in bytes, the rows one request
    evaluates, and how many evaluations run at once."""

    config: Path | None = None
    token: str | None = None
    max_upload: int = 50 * MB
    max_rows: int = 100_000  # rows one request evaluates (jiuzhu.web.runs.MAX_ROWS)
    workers: int = 4
    strict_plugins: bool = False


class State:
    """What every request shares: the plugin registry (loaded once), profile lookup as the
    CLI does it, and the worker pool."""

    def __init__(self, settings: Settings):
        from jiuzhu.cli.context import AppContext

        self.settings = settings
        self.context = AppContext(strict_plugins=settings.strict_plugins, config=settings.config)
        self.registry = self.context.registry
        self.limiter = anyio.CapacityLimiter(settings.workers)

    def profile_for(self, code: str | None, name: str | None):
        """The profile a request runs under: ``?jurisdiction=`` (plain rules), ``?profile=``, else
        the active profile, else 530000 (as the CLI's ``--jurisdiction``/``--profile``)."""
        profile = self.context.profile_for(code, name)
        self.registry.tree[profile.jurisdiction]  # an unknown code is a 404 before any reading
        return profile

    def store(self):
        return self.context.store()

    async def work(self, job):
        """Run ``job()`` on a worker thread, at most ``workers`` at once."""
        return await anyio.to_thread.run_sync(job, limiter=self.limiter)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json" or \
        "application/json" in request.headers.get("accept", "")


async def _on_error(request: Request, exc: Exception) -> Response:
    status = status_of(exc)
    if status == 500:
        log.exception("error serving %s", request.url.path, exc_info=exc)
    body = error_body(exc)
    if _wants_json(request):
        from jiuzhu.web.api import json_response

        return json_response(body, status)
    from jiuzhu.web.pages import error_page

    return error_page(request, body, status)


def create_app(settings: Settings | None = None) -> Starlette:
    """The web app and API for ``settings``."""
    from swagger_ui_bundle import swagger_ui_path

    from jiuzhu.web import api, pages

    settings = settings or Settings()
    # Uploads stay in memory up to the bound (the bound and the worker count bound memory),
    # instead of spilling to a shared temporary folder.
    MultiPartParser.spool_max_size = settings.max_upload
    static = StaticFiles(packages=[("jiuzhu.web", "static"), ("jiuzhu", "static")])
    routes = [*pages.ROUTES, *api.ROUTES,
              Mount("/static", static, name="static"),
              Mount("/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")]
    import click

    from jiuzhu.core.model.errors import JiuzhuError
    from jiuzhu.web.security import TooLarge

    handlers = {kind: _on_error for kind in (JiuzhuError, click.ClickException, LookupError, TooLarge)}
    app = Starlette(routes=routes, exception_handlers={**handlers, 404: _not_found, 405: _not_found})
    app.state.jiuzhu = State(settings)
    app.add_middleware(Guard, token=settings.token, limit=settings.max_upload)
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    message = "no such page" if status == 404 else "method not allowed here"
    body = {"message": message, "detail": None, "file": None, "row": None, "column": None, "field": None}
    if _wants_json(request):
        from jiuzhu.web.api import json_response

        return json_response(body, status)
    from jiuzhu.web.pages import error_page

    return error_page(request, body, status)

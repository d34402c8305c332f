"""Safe by default: the access token for non-loopback binds, the upload bound, security
headers (a Content-Security-Policy that allows no inline script) and CSRF tokens.

Pure ASGI middleware, so a request over the bound is refused before its body is read.
"""

from __future__ import annotations

import hmac
import json
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"cross-origin-opener-policy", b"same-origin")]
TOKEN_COOKIE = "jiuzhu_token"
CSRF_COOKIE = "jiuzhu_csrf"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


class TooLarge(Exception):
    """A request body over the upload bound."""

    def __init__(self, limit: int):
        super().__init__(f"the upload is larger than the limit of {limit / 1_000_000:g} MB "
                         "(jiuzhu serve --max-upload-mb changes it)")
        self.limit = limit


def _cookies(scope) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no token
                pass
    return {k: m.value for k, m in jar.items()}


def _header(scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


async def _send_json(send, status: int, body: dict, extra: list | None = None) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(data)).encode())] + HEADERS + (extra or [])})
    await send({"type": "http.response.body", "body": data})


class Guard:
    """Adds the security headers; with a ``token``, refuses (401) a request that carries
    neither ``Authorization: Bearer TOKEN``, the token cookie, nor ``?token=`` (which sets the
    cookie, so a browser opened on the printed address keeps working); refuses (413) a body
    over ``limit`` bytes, by its Content-Length or as it streams in."""

    def __init__(self, app, token: str | None, limit: int):
        self.app, self.token, self.limit = app, token, limit

    def _presented(self, scope) -> tuple[str | None, bool]:
        auth = _header(scope, b"authorization") or ""
        if auth.lower().startswith("bearer "):
            return auth[7:].strip(), False
        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        if query:
            return query[0], True
        return _cookies(scope).get(TOKEN_COOKIE), False

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        set_cookie = []
        if self.token is not None:
            presented, from_query = self._presented(scope)
            if presented is None or not hmac.compare_digest(presented.encode(), self.token.encode()):
                return await _send_json(send, 401, {
                    "message": "a valid access token is needed: open the address jiuzhu serve printed "
                               "(…/?token=…), or send Authorization: Bearer TOKEN",
                    "file": None, "row": None, "column": None, "field": None},
                    [(b"www-authenticate", b'Bearer realm="jiuzhu"')])
            if from_query:
                set_cookie = [(b"set-cookie", f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; "
                                              "SameSite=Strict".encode())]
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await _send_json(send, 413, {"message": str(TooLarge(self.limit)), "file": None, "row": None,
                                                "column": None, "field": None})
        received = 0

        async def bounded_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge(self.limit)
            return message

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + \
                    [h for h in HEADERS if h[0] not in names] + set_cookie
            await send(message)

        await self.app(scope, bounded_receive, with_headers)


def csrf_token(request) -> str:
    """The browser's CSRF token (from its cookie, or a new one the page sets)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


def csrf_ok(request, form) -> bool:
    """A form that changes something carries the token its page was given (double-submit:
    the cookie is SameSite=Strict, so another site's form cannot send it)."""
    cookie, field = request.cookies.get(CSRF_COOKIE), form.get("csrf")
    return bool(cookie and isinstance(field, str) and hmac.compare_digest(cookie.encode(), field.encode()))


def remember_csrf(response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")

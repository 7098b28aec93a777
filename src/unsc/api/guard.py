"""The request guard: who may send a body, how large, and how deeply nested, decided
before the body is read.

FastAPI reads and parses a request body before it runs the dependencies that check the
API key, so without this an unauthenticated client could make the server read and parse
any amount of JSON (a 46 MB body took a server from 252 to 875 MB before its 401), and
malformed JSON without a key was answered 422 instead of 401. This ASGI middleware runs
first, in this order:

1. **Key first.** Every API path (anything but ``/healthz``, ``/readyz``, the UI, static files and
   the docs, which follow ``api_docs``) needs a valid key *before* a byte of the body is
   read: 401 otherwise. The principal is handed to the route (no second lookup).
   The OpenRefine reconciliation paths (``/reconcile...``) also take the key as an
   ``api_key`` query parameter, as their manifest declares, because OpenRefine cannot
   send headers; their manifest itself (a bare GET of the service URL) is public.
   UI form posts need a live session the same way (except the login form).
2. **Size.** A declared ``Content-Length`` over the limit is refused with 413 at once; a
   body without one is counted as it streams and refused when it passes the limit. The
   limit is ``api_max_body_bytes`` (list uploads: ``max_list_bytes``).
3. **Depth.** A JSON body nested deeper than ``api_max_json_depth`` is refused with 422
   before any parser recurses into it (checked in linear time, no recursion).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import numpy as np
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, RedirectResponse, Response

from unsc import settings
from unsc.compliance.keys import authenticate
from unsc.errors import AuthError, InputError, LimitError, PayloadTooLargeError, UnscError

__all__ = ["LARGE_BODY_PATHS", "RequestGuard", "json_depth", "needs_key"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC_PATHS = frozenset({"/", "/healthz", "/readyz", "/favicon.ico"})
DOC_PATHS = frozenset({"/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"})
LARGE_BODY_PATHS: dict[str, str] = {"/lists/load": "max_list_bytes"}
"""Paths that accept file uploads, with the setting bounding their body instead of
``api_max_body_bytes`` (plus room for the multipart envelope)."""
_UI_OPEN = frozenset({"/ui/login"})
_MULTIPART_SLACK = 1 << 20
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _reconcile_manifest(scope: Scope) -> bool:
    """A bare GET of a reconciliation service URL: its manifest, which OpenRefine reads
    before it knows it needs a key."""
    path = str(scope["path"]).rstrip("/")
    parts = path.split("/")
    if scope["method"] != "GET" or parts[1:2] != ["reconcile"] or len(parts) > 3:
        return False
    from urllib.parse import parse_qs

    asked = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1"))
    return not ({"queries", "extend"} & set(asked))


def _query_key(scope: Scope) -> str | None:
    """The ``api_key`` query parameter, on the reconciliation paths only."""
    if not str(scope["path"]).startswith("/reconcile"):
        return None
    from urllib.parse import parse_qs

    found = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1")).get("api_key")
    return found[0].strip() if found and found[0].strip() else None


def needs_key(path: str) -> bool:
    """Whether ``path`` is an API path (everything outside the UI, static files, docs and
    the public ``/healthz`` and ``/readyz``)."""
    return not (path in PUBLIC_PATHS or path in DOC_PATHS or path == "/ui"
                or path.startswith(("/ui/", "/static/")))


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it.

    String contents are dropped first (escaped backslashes, then escaped quotes, then
    every other quote-delimited stretch), so brackets inside strings do not count; what
    is left is reduced to its brackets and the depth is the running sum's maximum. All in
    C-speed bytes and numpy operations, so a 2 MB body costs milliseconds, however hostile.
    """
    text = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(text.split(b'"')[::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int32)
    return int(np.cumsum(steps).max())


def _limit(path: str) -> int:
    setting = LARGE_BODY_PATHS.get(path)
    if setting is not None:
        return int(settings.get(setting)) + _MULTIPART_SLACK
    return int(settings.get("api_max_body_bytes"))


def _error(exc: UnscError) -> Response:
    headers = {"WWW-Authenticate": "ApiKey"} if type(exc) is AuthError else {}
    body = {**exc.to_dict(), "detail": exc.message}
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


def _key(headers: Headers) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() in ("apikey", "bearer") and value.strip():
        return value.strip()
    return None


class RequestGuard:
    """ASGI middleware applying the three checks above to every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self._admit(scope)
            receive = await self._bounded(scope, receive)
        except UnscError as exc:
            await _error(exc)(scope, receive, send)
            return
        except _Login as login:
            await RedirectResponse(login.target, status_code=303)(scope, receive, send)
            return
        if isinstance(receive, _Counted):
            send = receive.guard_send(send)
        await self.app(scope, receive, send)

    async def _admit(self, scope: Scope) -> None:
        path, headers = str(scope["path"]), Headers(scope=scope)
        if needs_key(path) and not _reconcile_manifest(scope):
            key = _key(headers) or _query_key(scope)
            principal = await run_in_threadpool(authenticate, key)
            scope.setdefault("state", {})["unsc_principal"] = principal
        elif (path.startswith("/ui/") and scope["method"] == "POST"
              and path not in _UI_OPEN):
            from unsc.web.security import SESSION_COOKIE, read_session

            cookies = _cookies(headers)
            try:
                await run_in_threadpool(read_session, cookies.get(SESSION_COOKIE))
            except AuthError:
                if path == "/ui/logout":  # nothing to end: let the page answer
                    return
                raise _Login("/ui/login") from None

    async def _bounded(self, scope: Scope, receive: Receive) -> Receive:
        headers = Headers(scope=scope)
        limit = _limit(str(scope["path"]))
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise InputError(f"Content-Length {declared!r} is not a byte count")
            if int(declared) > limit:
                raise _too_large(int(declared), limit)
        if str(scope["path"]) in LARGE_BODY_PATHS:
            return _Counted(receive, limit)
        body = await _read(receive, limit)
        if "json" in headers.get("content-type", "") and body:
            depth, most = json_depth(body), int(settings.get("api_max_json_depth"))
            if depth > most:
                raise LimitError(f"the JSON body nests {depth} levels deep; at most {most} "
                                 "are accepted (setting api_max_json_depth)")
        return _replay(body, receive)


class _Login(Exception):
    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def _too_large(size: int, limit: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(f"the request body is {size} bytes; at most {limit} are "
                                "accepted (setting api_max_body_bytes)")


def _cookies(headers: Headers) -> dict[str, str]:
    from http.cookies import SimpleCookie

    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no session
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


async def _read(receive: Receive, limit: int) -> bytes:
    """The whole body, or PayloadTooLargeError as soon as it passes ``limit`` (the rest is
    never read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            raise PayloadTooLargeError(f"the request body is over {limit} bytes (setting "
                                       "api_max_body_bytes)")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class _Counted:
    """Stream an upload, but end it as a disconnect once it passes ``limit`` (nothing more
    is read, the route fails to parse it and loads nothing), and answer 413 instead of
    whatever the route then says."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive, self.limit, self.size = receive, limit, 0

    async def __call__(self) -> Message:
        if self.size > self.limit:
            return {"type": "http.disconnect"}
        message = await self.receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                return {"type": "http.disconnect"}
        return message

    def guard_send(self, send: Send) -> Send:
        replaced = False

        async def guarded(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start" and self.size > self.limit:
                replaced = True
                response = _error(_too_large(self.size, self.limit))
                await send({"type": "http.response.start", "status": response.status_code,
                            "headers": response.raw_headers})
                await send({"type": "http.response.body", "body": response.body})
            if not replaced:
                await send(message)

        return guarded

"""Fetching a published schedule from its URL: conditional, bounded, and said in one line.

httpx (with TLS verified) makes the requests; it loads at the first fetch, never on the
start path. httpx has neither an overall deadline nor a size cap (encode/httpx#1450), so
both are enforced here: the whole fetch ends within `FetchLimits.total_seconds`, and the
body is streamed and its decoded bytes counted, so that a gzip bomb, small on the wire,
is refused at the cap like any other large body.

A copy is unchanged when the server answers 304 to If-None-Match / If-Modified-Since, or
when the body's hash is the last one's: servers get ETags wrong (pretalx compares a
quoted one with an unquoted one; some send none), and a schedule's `version` may not
rise when a hand-kept feed changes.

Every failure is a `FetchError`: one line naming the URL and what went wrong.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import threading
import zlib
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from agenda_tui import __version__
from agenda_tui.agenda_source import Validators as Validators
from agenda_tui.agenda_source import is_url as is_url
from agenda_tui.errors import AgendaError, one_line
from agenda_tui.files import DEFAULT_MAX_SIZE
from agenda_tui.text import clean

if TYPE_CHECKING:
    import httpx

SCHEMES = ("http", "https")
T = TypeVar("T")


def is_web_page(body: bytes) -> bool:
    """Whether a body is an HTML page (a login or error page served with status 200)
    rather than a schedule."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<html" in head and b"<schedule" not in head)


WEB_PAGE = "the server sent a web page (HTML), not a schedule"


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class FetchError(AgendaError):
    """A fetch that failed: the copy held before stays as it was."""


@dataclass(frozen=True)
class FetchLimits:
    connect_seconds: float = 5.0
    total_seconds: float = 30.0
    max_size: int = DEFAULT_MAX_SIZE
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    """A fetch's answer: a new body, or `body` None when the copy held is still current."""

    body: bytes | None
    validators: Validators
    status: int

    @property
    def unchanged(self) -> bool:
        return self.body is None


def shown_url(url: str) -> str:
    """The URL for messages: one line, and no password (`user:***@host`)."""
    text = clean(url)
    scheme, separator, rest = text.partition("://")
    authority, slash, path = rest.partition("/")
    if separator and "@" in authority:
        user, _, host = authority.rpartition("@")
        if ":" in user:
            authority = f"{user.split(':', 1)[0]}:***@{host}"
    return f"{scheme}{separator}{authority}{slash}{path}" if separator else text


def fetch(url: str, previous: Validators | None = None, limits: FetchLimits | None = None) -> Fetched:
    """GET `url` under `limits`; unchanged (body None) when the server or the body's
    hash says the copy `previous` describes is current. FetchError on any failure."""
    import asyncio

    loop = asyncio.new_event_loop()
    # Name lookups run in the loop's executor. One of daemon threads, never waited for:
    # a lookup that hangs past the deadline is left behind, and holds up no exit.
    loop.set_default_executor(_DaemonThreads())
    try:
        return loop.run_until_complete(_fetch(url.strip(), previous or Validators(),
                                              limits or FetchLimits()))
    except FetchError:
        raise
    except Exception as error:  # whatever the network stack raised: one line, never a traceback
        raise FetchError(f"{shown_url(url)}: {_why(error)}") from None
    finally:
        with contextlib.suppress(Exception):
            loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


class _DaemonThreads(concurrent.futures.ThreadPoolExecutor):
    """Runs each call on a daemon thread of its own; shutting down waits for none. (A
    ThreadPoolExecutor only by name, which asyncio requires: none of its threads start.)"""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:
                with contextlib.suppress(concurrent.futures.InvalidStateError):  # given up on
                    future.set_exception(error)
            else:
                with contextlib.suppress(concurrent.futures.InvalidStateError):
                    future.set_result(result)

        threading.Thread(target=run, daemon=True, name="agenda-tui-fetch").start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


async def _fetch(url: str, previous: Validators, limits: FetchLimits) -> Fetched:
    import asyncio

    import httpx

    # Only the encodings decoded here, under the size cap (see _capped_body).
    headers = {"User-Agent": f"agenda-tui/{__version__}", "Accept-Encoding": "gzip, deflate"}
    if previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    timeout = httpx.Timeout(limits.total_seconds, connect=min(limits.connect_seconds, limits.total_seconds))
    try:
        async with asyncio.timeout(limits.total_seconds), httpx.AsyncClient(
                timeout=timeout, follow_redirects=False, verify=True) as client:
            target = httpx.URL(url)
            _check_scheme(url, target, "")
            for _ in range(limits.max_redirects + 1):
                async with client.stream("GET", target, headers=headers) as response:
                    if response.is_redirect and "location" in response.headers:
                        location = response.headers["location"]
                        target = response.url.join(location)
                        _check_scheme(url, target, f"redirected to {clean(location)}: ")
                        continue
                    return await _answer(url, response, previous, limits)
            raise FetchError(f"{shown_url(url)}: more than {limits.max_redirects} redirects")
    except TimeoutError:
        raise FetchError(f"{shown_url(url)}: no complete answer within {limits.total_seconds:g} s") from None


def _check_scheme(url: str, target: httpx.URL, where: str) -> None:
    if target.scheme not in SCHEMES:
        raise FetchError(f"{shown_url(url)}: {where}only http and https are fetched")


async def _answer(url: str, response: httpx.Response, previous: Validators,
                  limits: FetchLimits) -> Fetched:
    if response.status_code == 304 and (previous.etag or previous.last_modified):
        return Fetched(None, previous, 304)
    if not 200 <= response.status_code < 300 or response.status_code == 204:
        raise FetchError(f"{shown_url(url)}: the server answered {response.status_code} "
                         f"{clean(response.reason_phrase)}".rstrip())
    body = await _capped_body(url, response, limits.max_size)
    validators = Validators(_header(response, "etag"), _header(response, "last-modified"),
                            body_hash(bytes(body)))
    if previous.body_hash is not None and validators.body_hash == previous.body_hash:
        return Fetched(None, validators, response.status_code)
    return Fetched(bytes(body), validators, response.status_code)


def _header(response: httpx.Response, name: str) -> str | None:
    """A validator to send back: only one that can be sent (printable ASCII), or none."""
    value = response.headers.get(name)
    return value if value and value.isascii() and value.isprintable() else None


async def _capped_body(url: str, response: httpx.Response, limit: int) -> bytes:
    """The decoded body, read as it arrives: decoded here, at most `limit` + 1 bytes at a
    time, so that a small compressed body that expands without end stops at the cap."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 32)  # a gzip or zlib header, either
    elif encoding in ("", "identity"):
        decoder = None
    else:
        raise FetchError(f"{shown_url(url)}: the body is in an encoding not asked for ({clean(encoding)})")
    declared = response.headers.get("content-length", "")
    if decoder is None and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{shown_url(url)}: {_too_large(limit)}")
    body = bytearray()

    def add(data: bytes) -> None:
        body.extend(data)
        if len(body) > limit:
            raise FetchError(f"{shown_url(url)}: {_too_large(limit)}")

    try:
        raw = cast(AsyncGenerator[bytes, None], response.aiter_raw())
        async with contextlib.aclosing(raw) as chunks:  # closed when it stops early
            async for chunk in chunks:
                if decoder is None:
                    add(chunk)
                    continue
                add(decoder.decompress(chunk, limit - len(body) + 1))
                while decoder.unconsumed_tail or (decoder.eof and decoder.unused_data):
                    if decoder.eof:  # a gzip body may be several members, one after another
                        rest, decoder = decoder.unused_data, zlib.decompressobj(zlib.MAX_WBITS | 32)
                        add(decoder.decompress(rest, limit - len(body) + 1))
                    else:
                        add(decoder.decompress(decoder.unconsumed_tail, limit - len(body) + 1))
        if decoder is not None:
            add(decoder.flush())
            if not decoder.eof:
                raise FetchError(f"{shown_url(url)}: the compressed body ends before its end")
    except zlib.error as error:
        raise FetchError(f"{shown_url(url)}: the body cannot be decoded ({error})") from None
    return bytes(body)


def _too_large(limit: int) -> str:
    return f"the body is larger than {limit:,} bytes (import it with a larger --max-size to accept it)"


def _why(error: BaseException) -> str:
    """What went wrong, for people: httpx's message, or the errors' own names."""
    import httpx

    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]  # anyio's task groups wrap what went wrong
    if isinstance(error, httpx.ConnectTimeout):
        return "could not connect in time"
    if isinstance(error, httpx.TimeoutException):
        return "the server stopped answering"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"the connection broke off before the end of the answer ({one_line(str(error))})"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {one_line(str(error)) or 'refused'}"
    if isinstance(error, httpx.DecodingError):
        return f"the body cannot be decoded: {one_line(str(error))}"
    if isinstance(error, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return f"not a URL that can be fetched: {one_line(str(error))}"
    text = one_line(str(error))
    return f"{type(error).__name__}: {text}" if text else type(error).__name__

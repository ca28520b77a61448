"""A real HTTP server on 127.0.0.1, in a thread, serving schedules the way servers do,
right and wrong: versions, 304s, wrong or missing ETags, error pages, slow, huge and
compressed bodies, dropped connections and redirects."""

from __future__ import annotations

import gzip
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    # pretalx's mistake: it compares If-None-Match with the ETag without its quotes.
    etag_compared_unquoted: bool = False
    gzip: bool = False
    gzip_members: int = 1  # a gzip body in this many members, one after another
    chunk_seconds: float = 0.0  # a pause before each chunk of 1 kB: a slow body
    drop_after: int | None = None  # close the connection after this many bytes of the body
    location: str | None = None  # answer 302 to there
    length: bool = True  # send Content-Length


@dataclass
class ScheduleServer:
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for asked, headers in self.requests if asked == path]


def _handler(server_state: ScheduleServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            headers = {key.lower(): value for key, value in self.headers.items()}
            server_state.requests.append((self.path, headers))
            route = server_state.routes.get(self.path)
            if route is None:
                self._send(404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"})
                return
            if route.location is not None:
                self._send(302, b"", {"Location": route.location})
                return
            asked = headers.get("if-none-match")
            if route.etag and asked:
                current = route.etag.strip('"') if route.etag_compared_unquoted else route.etag
                if asked == current:
                    self._send(304, b"", {"ETag": route.etag})
                    return
            if (route.last_modified and headers.get("if-modified-since") == route.last_modified
                    and not route.etag):
                self._send(304, b"", {"Last-Modified": route.last_modified})
                return
            extra = {}
            body = route.body
            if route.gzip:
                size = -(-len(body) // route.gzip_members)
                body = b"".join(gzip.compress(body[start:start + size])
                                for start in range(0, len(body), size))
                extra["Content-Encoding"] = "gzip"
            if route.etag:
                extra["ETag"] = route.etag
            if route.last_modified:
                extra["Last-Modified"] = route.last_modified
            self._send(route.status, body, extra, route)

        def _send(self, status: int, body: bytes, headers: dict[str, str],
                  route: Route | None = None) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if route is None or route.length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            if status == 304:
                return
            sent = 0
            for start in range(0, len(body), 1024):
                if route is not None and route.chunk_seconds:
                    time.sleep(route.chunk_seconds)
                chunk = body[start:start + 1024]
                drop_after = route.drop_after if route is not None else None
                if drop_after is not None and sent + len(chunk) > drop_after:
                    self.wfile.write(chunk[:drop_after - sent])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                try:
                    self.wfile.write(chunk)
                except OSError:  # the client gave up (a timeout, the size cap)
                    return
                sent += len(chunk)
            if route is not None and not route.length:
                self.close_connection = True

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up mid-body (a deadline, the size cap): expected here


@pytest.fixture
def schedule_server() -> Iterator[ScheduleServer]:
    state = ScheduleServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


# A schedule in versions: the small frab file, then the same changed as feeds change.
FRAB_V1 = (Path(__file__).resolve().parent / "data" / "import" / "frab-small.xml").read_bytes()
KEYNOTE = "3f1e0a6c-0000-4000-8000-000000000001"
SOLDERING = "3f1e0a6c-0000-4000-8000-000000000003"
PANEL = "3f1e0a6c-0000-4000-8000-000000000005"
_PANEL_EVENT = re.compile(rb'\s*<event guid="3f1e0a6c-0000-4000-8000-000000000005".*?</event>', re.S)


def frab_v2() -> bytes:
    """The keynote retitled, the soldering workshop two hours later, the panel cancelled."""
    text = FRAB_V1.replace(b"<title>Opening Keynote</title>", b"<title>Opening Keynote: Why Tiny</title>")
    text = text.replace(b"<date>2024-03-09T14:00:00+01:00</date>\n        <start>14:00</start>",
                        b"<date>2024-03-09T16:00:00+01:00</date>\n        <start>16:00</start>")
    changed = _PANEL_EVENT.sub(b"", text, count=1)
    assert changed != text and b"16:00" in changed and b"Why Tiny" in changed
    return changed


def frab_panel_broken() -> bytes:
    """Version 2, but the panel is still there, with a start no reader takes."""
    text = frab_v2().replace(b"</room>\n  </day>\n</schedule>", b"")
    panel = _PANEL_EVENT.search(FRAB_V1)
    assert panel is not None
    broken = panel.group(0).replace(b"<start>15:00</start>", b"<start>15:99</start>").replace(
        b"<date>2024-03-10T15:00:00+01:00</date>", b"<date>2024-03-10T15:99:00+01:00</date>")
    return text + broken + b"\n    </room>\n  </day>\n</schedule>\n"


def frab_v2_soldering_broken() -> bytes:
    """Version 2 (the panel cancelled), with the soldering workshop's date unreadable."""
    broken = frab_v2().replace(b"<date>2024-03-09T16:00:00+01:00</date>",
                               b"<date>2024-03-09T16:99:00+01:00</date>")
    assert broken != frab_v2()
    return broken

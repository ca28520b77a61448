"""fetch.py against a real HTTP server on 127.0.0.1: conditional requests, ETags servers
get wrong, and every way a fetch fails, each in one line."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from agenda_tui.fetch import FetchError, FetchLimits, Validators, body_hash, fetch, is_url
from tests.schedule_server import FRAB_V1, Route, frab_v2

FAST = FetchLimits(connect_seconds=2, total_seconds=5, max_size=1_000_000)


def one_line(error: pytest.ExceptionInfo[FetchError]) -> str:
    lines = error.value.lines()
    assert len(lines) == 1 and "Traceback" not in lines[0]
    return lines[0]


def test_urls_are_told_from_files():
    assert is_url("https://fosdem.org/2025/schedule/xml") and is_url(" HTTP://x.example/a")
    assert not is_url("schedule.xml") and not is_url("file:///etc/passwd") and not is_url("ftp://x/y")


def test_a_first_fetch_gives_the_body_and_what_identifies_it(schedule_server):
    stamp = "Sat, 09 Mar 2024 08:00:00 GMT"
    schedule_server.routes["/s.xml"] = Route(FRAB_V1, etag='"v1"', last_modified=stamp)
    fetched = fetch(schedule_server.url("/s.xml"), limits=FAST)
    assert fetched.body == FRAB_V1
    assert fetched.validators == Validators('"v1"', stamp, body_hash(FRAB_V1))
    assert "if-none-match" not in schedule_server.requests_to("/s.xml")[0]


def test_an_etag_sent_back_gets_a_304_which_is_unchanged(schedule_server):
    schedule_server.routes["/s.xml"] = Route(FRAB_V1, etag='"v1"')
    first = fetch(schedule_server.url("/s.xml"), limits=FAST)
    again = fetch(schedule_server.url("/s.xml"), first.validators, FAST)
    assert again.unchanged and again.status == 304 and again.validators == first.validators
    assert schedule_server.requests_to("/s.xml")[1]["if-none-match"] == '"v1"'


def test_last_modified_alone_is_sent_back_as_if_modified_since(schedule_server):
    stamp = "Sat, 09 Mar 2024 08:00:00 GMT"
    schedule_server.routes["/s.xml"] = Route(FRAB_V1, last_modified=stamp)
    first = fetch(schedule_server.url("/s.xml"), limits=FAST)
    again = fetch(schedule_server.url("/s.xml"), first.validators, FAST)
    assert again.unchanged and again.status == 304
    assert schedule_server.requests_to("/s.xml")[1]["if-modified-since"] == stamp


def test_a_wrong_etag_or_none_still_finds_the_same_body_unchanged(schedule_server):
    # pretalx compares the quoted ETag with an unquoted one: never a 304.
    schedule_server.routes["/pretalx.json"] = Route(FRAB_V1, etag='"abc"', etag_compared_unquoted=True)
    schedule_server.routes["/plain.xml"] = Route(FRAB_V1)
    for path in ("/pretalx.json", "/plain.xml"):
        first = fetch(schedule_server.url(path), limits=FAST)
        again = fetch(schedule_server.url(path), first.validators, FAST)
        assert again.status == 200 and again.unchanged, path
    schedule_server.routes["/plain.xml"] = Route(frab_v2())
    changed = fetch(schedule_server.url("/plain.xml"), Validators(body_hash=body_hash(FRAB_V1)), FAST)
    assert changed.body == frab_v2()


def test_a_gzip_body_is_decoded(schedule_server):
    schedule_server.routes["/s.xml"] = Route(FRAB_V1, gzip=True)
    assert fetch(schedule_server.url("/s.xml"), limits=FAST).body == FRAB_V1
    assert "gzip" in schedule_server.requests_to("/s.xml")[0]["accept-encoding"]


@pytest.mark.parametrize(("route", "expected"), [
    (Route(b"<html><body>Server error</body></html>", status=500), "the server answered 500"),
    (Route(b"", status=404), "the server answered 404"),
    (Route(b"x" * 2_000_000), "larger than 1,000,000 bytes"),
    # A gzip bomb: 60 kB on the wire, 60 MB decoded; refused at the cap, not decoded whole.
    (Route(b"\0" * 60_000_000, gzip=True), "larger than 1,000,000 bytes"),
    (Route(FRAB_V1, drop_after=500), "broke off before the end"),
    (Route(location="file:///etc/passwd"), "redirected to file:///etc/passwd: only http and https"),
    (Route(location="/loop"), "more than 5 redirects"),
])
def test_every_failure_is_one_line_naming_the_url(schedule_server, route, expected):
    schedule_server.routes["/s"] = route
    schedule_server.routes["/loop"] = Route(location="/loop")
    with pytest.raises(FetchError) as error:
        fetch(schedule_server.url("/s"), limits=FAST)
    line = one_line(error)
    assert line.startswith(schedule_server.url("/s") + ": ") and expected in line, line


def test_a_redirect_to_http_is_followed(schedule_server):
    schedule_server.routes["/old"] = Route(location="/new.xml")
    schedule_server.routes["/new.xml"] = Route(FRAB_V1)
    assert fetch(schedule_server.url("/old"), limits=FAST).body == FRAB_V1


def test_a_slow_body_ends_at_the_overall_deadline(schedule_server):
    # Each chunk comes well within any read timeout; the whole would take 20 s.
    schedule_server.routes["/slow"] = Route(FRAB_V1 * 4, chunk_seconds=1.0)
    limits = FetchLimits(connect_seconds=1, total_seconds=1.5, max_size=1_000_000)
    with pytest.raises(FetchError) as error:
        fetch(schedule_server.url("/slow"), limits=limits)
    assert "no complete answer within 1.5 s" in one_line(error)


def test_a_refused_connection_is_one_line():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as error:
        fetch(f"http://127.0.0.1:{port}/s.xml", limits=FAST)
    assert "cannot connect" in one_line(error)


def test_httpx_is_not_loaded_until_a_fetch():
    code = ("import sys; from agenda_tui import cli, cli_import, refresh, agenda_source; "
            "import agenda_tui.tui.app; print('httpx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_command_that_fetches_nothing_loads_neither_httpx_nor_ssl():
    code = ("import sys; from agenda_tui.cli import main\n"
            "try:\n    main(['list'])\nexcept SystemExit:\n    pass\n"
            "print('httpx' in sys.modules, 'ssl' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "False False"



def test_tls_is_verified(tmp_path):
    """An https server whose certificate no authority signed is refused."""
    import shutil
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: it makes the self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(FRAB_V1)))
            self.end_headers()
            self.wfile.write(FRAB_V1)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.handle_error = lambda request, address: None  # the refused handshake
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(FetchError) as error:
            fetch(f"https://127.0.0.1:{httpd.server_address[1]}/s.xml", limits=FAST)
        assert "CERTIFICATE_VERIFY_FAILED" in one_line(error)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_gzip_body_of_several_members_is_decoded_whole(schedule_server):
    schedule_server.routes["/s.xml"] = Route(FRAB_V1, gzip=True, gzip_members=3)
    assert fetch(schedule_server.url("/s.xml"), limits=FAST).body == FRAB_V1


def test_a_validator_that_cannot_be_sent_back_is_not_kept(schedule_server):
    schedule_server.routes["/s.xml"] = Route(FRAB_V1, etag='"café"')
    first = fetch(schedule_server.url("/s.xml"), limits=FAST)
    assert first.validators.etag is None and first.validators.body_hash == body_hash(FRAB_V1)
    assert fetch(schedule_server.url("/s.xml"), first.validators, FAST).unchanged


def test_a_password_in_the_url_is_never_shown(schedule_server):
    url = schedule_server.url("/nowhere").replace("http://", "http://ada:s3cret@")
    with pytest.raises(FetchError) as error:
        fetch(url, limits=FAST)
    line = one_line(error)
    assert "s3cret" not in line and "ada:***@127.0.0.1" in line and "404" in line


def test_a_bad_port_is_one_plain_line():
    with pytest.raises(FetchError) as error:
        fetch("http://127.0.0.1:99999/s.xml", limits=FAST)
    line = one_line(error)
    assert "Group" not in line and "port" in line.lower()


def test_a_name_lookup_that_hangs_is_left_behind_at_the_deadline(monkeypatch):
    """The deadline covers the name lookup, and the fetch does not wait for the thread
    that is still looking up when it gives up."""
    import threading

    release = threading.Event()
    still_looking, looked_up = [], []

    def hanging_lookup(*args, **kwargs):
        still_looking.append(True)
        release.wait(20)
        looked_up.append(True)
        raise socket.gaierror("released")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    try:
        with pytest.raises(FetchError) as error:
            fetch("http://schedule.example/s.xml",
                  limits=FetchLimits(connect_seconds=0.3, total_seconds=0.5))
        assert still_looking and not looked_up  # it returned while the lookup hung
        assert "schedule.example" in one_line(error)
    finally:
        release.set()

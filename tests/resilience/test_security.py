"""The API key stays secret, TLS and redirects are safe, path values cannot change the route.

Every check is made at a real server: what ``FakePinecone`` (or a second
server, or a TLS front) received, not what the SDK meant to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import select
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from pinecone_backups import (
    API_VERSION,
    APIConnectionError,
    AsyncClient,
    AuthenticationError,
    Client,
    ConfigurationError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    PineconeBackupsError,
    ServerError,
    UnexpectedStatusError,
)
from pinecone_backups._cli import main as cli_main
from pinecone_backups.testing import FakePinecone, Fault
from tests.conftest import FAST_BACKOFF

MakeClient = Callable[..., Client]


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def assert_no_key(key: str, *texts: str) -> None:
    for text in texts:
        assert key not in text, f"the API key leaked into: {text[:300]!r}"


def assert_error_hides_key(error: BaseException, key: str) -> None:
    for link in _chain(error):
        assert_no_key(key, str(link), repr(link))


# --- repr, exceptions, logs ---------------------------------------------------------------


def test_repr_of_clients_never_shows_the_key(fake: FakePinecone) -> None:
    with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        assert_no_key(fake.api_key, repr(client), str(client))
        assert fake.base_url in repr(client)

    async def async_repr() -> str:
        async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
            return repr(client) + str(client)

    assert_no_key(fake.api_key, asyncio.run(async_repr()))


def test_debug_logs_of_every_logger_never_show_the_key(
    fake: FakePinecone, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # root: httpx and httpcore included
    fake.seed("idx", 30)
    fake.inject(Fault.server_error(503))
    fake.inject(Fault.dropped())
    fake.inject(Fault.rate_limited(retry_after="0"))
    client = make_client(max_retries=3)

    backups = list(client.iter_backups("idx", page_size=10))

    assert len(backups) == 30
    assert len(caplog.records) > 10  # the request lines and the retries were logged
    assert_no_key(fake.api_key, caplog.text, *(r.getMessage() for r in caplog.records))


# A server (or proxy) that reflects the request's key back in what it sends.
def _echo_faults(key: str) -> dict[str, Fault]:
    return {
        "json-error-message": Fault.json(
            {"status": 401, "error": {"code": "UNAUTHENTICATED", "message": f"bad key {key}"}}, 401
        ),
        "text-401": Fault.plain_text_401(f"Invalid API Key: {key}"),
        "html-502": Fault(
            status=502, body=f"<html>key={key}</html>".encode(), content_type="text/html"
        ),
        "non-json-200": Fault(body=f"<html>hello {key}</html>".encode(), content_type="text/html"),
        "redirect-location": Fault.redirect(f"https://elsewhere.example/?k={key}"),
        "pagination-object": Fault.json({"data": [], "pagination": {"next": [key]}}),
    }


@pytest.mark.parametrize(
    "case",
    [
        "json-error-message",
        "text-401",
        "html-502",
        "non-json-200",
        "redirect-location",
        "pagination-object",
    ],
)
def test_key_echoed_by_the_server_is_redacted_from_errors(
    fake: FakePinecone, make_client: MakeClient, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.inject(_echo_faults(fake.api_key)[case])

    with pytest.raises(PineconeBackupsError) as caught:
        make_client(max_retries=0).list_backups("idx")

    assert_error_hides_key(caught.value, fake.api_key)
    # httpcore's own DEBUG trace prints the raw response headers the server sent
    # (a Location echoing the key among them): that is not the SDK quoting it.
    assert_no_key(
        fake.api_key, *(r.getMessage() for r in caplog.records if r.name != "httpcore.http11")
    )


def test_key_echoed_in_a_backup_field_stays_out_of_strict_errors(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.add_backup("idx", dimension=f"echo {fake.api_key}")

    with pytest.raises(MalformedResponseError) as caught:
        make_client(max_retries=0, strict=True).list_backups("idx")

    assert_error_hides_key(caught.value, fake.api_key)


def test_key_echoed_in_a_backup_field_stays_out_of_lenient_warnings(
    fake: FakePinecone, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.add_backup("idx", description=[fake.api_key])

    backup = make_client(max_retries=0).list_backups("idx").backups[0]

    assert backup.description is None
    assert any("'description'" in r.getMessage() for r in caplog.records)
    assert_no_key(fake.api_key, caplog.text)


def test_wrong_key_never_appears_in_the_authentication_error(
    fake: FakePinecone, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "pcsk_wrong_" + "z" * 20
    fake.add_index("idx")

    with pytest.raises(AuthenticationError) as caught:
        make_client(api_key=wrong).list_backups("idx")

    assert_error_hides_key(caught.value, wrong)
    assert_no_key(wrong, caplog.text)


# --- the command line -----------------------------------------------------------------------


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli_main(argv, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("fault", "argv", "expected_status"),
    [
        (None, ["list", "idx"], 0),
        (None, ["list", "idx", "--all", "--json"], 0),
        (None, ["describe", "bk-0"], 0),
        (None, ["describe", "bk-0", "--json"], 0),
        (None, ["list", "missing-index"], 1),
        ("rate-limited", ["list", "idx"], 1),
        ("html-502", ["describe", "bk-0"], 1),
        ("echo-401", ["list", "idx"], 1),
        ("echo-200", ["list", "idx", "--all"], 1),
        ("dropped", ["describe", "bk-0"], 1),
    ],
)
def test_cli_output_never_shows_the_key(
    fake: FakePinecone,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fault: str | None,
    argv: list[str],
    expected_status: int,
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("PINECONE_API_KEY", fake.api_key)
    fake.seed("idx", 15)
    fake.add_backup("idx", backup_id="bk-0")
    key = fake.api_key
    faults = {
        "rate-limited": Fault.rate_limited(retry_after="0"),
        "html-502": Fault.html(502),
        "echo-401": Fault.plain_text_401(f"Invalid API Key {key}"),
        "echo-200": Fault(body=f"<p>{key}</p>".encode()),
        "dropped": Fault.dropped(),
    }
    if fault is not None:
        fake.inject(faults[fault])

    status, out, err = _run_cli(["--base-url", fake.base_url, "--max-retries", "0", *argv])

    assert status == expected_status, err
    assert (out if expected_status == 0 else err).strip()
    assert_no_key(key, out, err, caplog.text)
    assert all(r.headers["api-key"] == key for r in fake.requests)  # the key was used


def test_cli_refuses_plain_http_to_a_remote_host_without_showing_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "pcsk_cli_secret_123")

    status, out, err = _run_cli(["--base-url", "http://api.pinecone.io", "list", "idx"])

    assert status == 1
    assert "http" in err
    assert_no_key("pcsk_cli_secret_123", out, err)


# --- plain http is refused for a remote host -------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://api.pinecone.io",
        "http://10.0.0.5:8080",
        "http://192.168.1.1",
        "http://[2001:db8::1]:80",
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io",
        "HTTP://API.PINECONE.IO",
    ],
)
def test_plain_http_to_a_host_that_is_not_loopback_is_refused(url: str) -> None:
    for client_class in (Client, AsyncClient):
        with pytest.raises(ConfigurationError) as caught:
            client_class(api_key="pcsk_secret_value", base_url=url)
        assert "http" in str(caught.value)
        assert_error_hides_key(caught.value, "pcsk_secret_value")


def test_plain_http_from_the_environment_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", "http://api.pinecone.io")

    with pytest.raises(ConfigurationError):
        Client(api_key="k")


@pytest.mark.parametrize(
    "url", ["http://api.pinecone.io", "http://10.0.0.5:8080", "http://[2001:db8::1]"]
)
def test_plain_http_to_a_remote_host_is_allowed_only_when_asked(url: str) -> None:
    with Client(api_key="k", base_url=url, allow_insecure_http=True) as client:
        assert client.base_url.startswith("http://")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1234",
        "http://127.8.9.10",
        "http://localhost:8080",
        "http://[::1]:9000",
        "https://api.pinecone.io",
        "https://10.0.0.5",
    ],
)
def test_https_and_loopback_http_are_accepted(url: str) -> None:
    with Client(api_key="k", base_url=url) as client:
        assert client.base_url


# --- TLS --------------------------------------------------------------------------------------

# A self-signed certificate for 127.0.0.1 / localhost, valid 2000-2100 (test use only).
_TEST_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXF8sKQF7+yft9t8V
bqPMF8cMBpOH5lEugUYYx4RDknChRANCAAQUjRjsBlXlLNPcPQp0YFi6fR51g+Vh
TYRl/Dw3oHeWZUVbrcBTc5PKIQjVXaJfuCBwCHt4BJb6J8S6kZ2l9k6u
-----END PRIVATE KEY-----
"""
_TEST_CERT = """-----BEGIN CERTIFICATE-----
MIIBjDCCATKgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAkxMjcuMC4w
LjEwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBSNGOwGVeUs09w9
CnRgWLp9HnWD5WFNhGX8PDegd5ZlRVutwFNzk8ohCNVdol+4IHAIe3gElvonxLqR
naX2Tq6jczBxMBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAPBgNVHRMBAf8E
BTADAQH/MA4GA1UdDwEB/wQEAwIChDATBgNVHSUEDDAKBggrBgEFBQcDATAdBgNV
HQ4EFgQUHGLPUgbzVXHfWezTmiv//22tIl8wCgYIKoZIzj0EAwIDSAAwRQIhAOvM
54GNDj4eHufF1s2m/el4u69etdBQXpOAr+qIBSAKAiAeNC5H2khSn3CILHzptTT5
tcV34wtNV+B8UKav4JW/ag==
-----END CERTIFICATE-----
"""


class TlsFront:
    """A TLS server on 127.0.0.1 that relays decrypted bytes to ``FakePinecone``."""

    def __init__(self, target: FakePinecone, cert_dir: Path) -> None:
        cert, key = cert_dir / "cert.pem", cert_dir / "key.pem"
        cert.write_text(_TEST_CERT)
        key.write_text(_TEST_KEY)
        self.cafile = str(cert)
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(cert, key)
        self._target = int(target.base_url.rsplit(":", 1)[1])
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.failed_handshakes = 0
        self.decrypted_bytes = 0
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            tls = self._context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            self.failed_handshakes += 1
            conn.close()
            return
        with tls, socket.create_connection(("127.0.0.1", self._target)) as upstream:
            self._relay(tls, upstream)

    def _relay(self, tls: ssl.SSLSocket, upstream: socket.socket) -> None:
        while not self._closed:
            ready = [tls] if tls.pending() else select.select([tls, upstream], [], [], 0.5)[0]
            for source in ready:
                try:
                    data = source.recv(65536)
                except (ssl.SSLError, OSError):
                    return
                if not data:
                    return
                if source is tls:
                    self.decrypted_bytes += len(data)
                    upstream.sendall(data)
                else:
                    tls.sendall(data)

    def close(self) -> None:
        self._closed = True
        self._listener.close()


@pytest.fixture
def tls_front(fake: FakePinecone, tmp_path: Path) -> Iterator[TlsFront]:
    front = TlsFront(fake, tmp_path)
    yield front
    front.close()


def test_tls_certificates_are_verified_by_default(fake: FakePinecone, tls_front: TlsFront) -> None:
    fake.add_index("idx")
    client = Client(api_key=fake.api_key, base_url=tls_front.base_url, max_retries=0)
    with client, pytest.raises(APIConnectionError) as caught:
        client.list_backups("idx")

    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert tls_front.decrypted_bytes == 0  # the key never left the client
    assert fake.requests == []


def test_user_http_client_with_a_custom_ca_keeps_auth_version_and_retries(
    fake: FakePinecone, tls_front: TlsFront
) -> None:
    fake.seed("idx", 5)
    fake.inject(Fault.server_error(503, times=2))
    context = ssl.create_default_context(cafile=tls_front.cafile)
    with httpx.Client(verify=context, headers={"X-Trace": "t-1"}) as http:
        client = Client(
            api_key=fake.api_key,
            base_url=tls_front.base_url,
            http_client=http,
            backoff=FAST_BACKOFF,
            max_retries=2,
        )
        page = client.list_backups("idx")
        client.close()
        assert not http.is_closed  # a client passed in is the user's to close

    assert len(page.backups) == 5
    assert len(fake.requests) == 3
    for request in fake.requests:
        assert request.headers["api-key"] == fake.api_key
        assert request.headers["x-pinecone-api-version"] == API_VERSION
        assert request.headers["x-trace"] == "t-1"


def test_user_http_client_default_headers_cannot_replace_the_key_or_version(
    fake: FakePinecone,
) -> None:
    fake.seed("idx", 2)
    headers = {"Api-Key": "some-other-key", "X-Pinecone-Api-Version": "2020-01"}
    with httpx.Client(headers=headers, follow_redirects=True) as http:
        client = Client(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
        assert len(client.list_backups("idx").backups) == 2

    assert fake.requests[0].headers["api-key"] == fake.api_key
    assert fake.requests[0].headers["x-pinecone-api-version"] == API_VERSION


def test_async_user_http_client_keeps_auth_version_and_retries(fake: FakePinecone) -> None:
    fake.seed("idx", 3)
    fake.inject(Fault.dropped())

    async def scenario() -> int:
        async with httpx.AsyncClient(headers={"X-Trace": "a"}) as http:
            client = AsyncClient(
                api_key=fake.api_key, base_url=fake.base_url, http_client=http, backoff=FAST_BACKOFF
            )
            page = await client.list_backups("idx")
            await client.close()
            assert not http.is_closed
            return len(page.backups)

    assert asyncio.run(scenario()) == 3
    assert len(fake.requests) == 2
    assert all(r.headers["api-key"] == fake.api_key for r in fake.requests)
    assert all(r.headers["x-pinecone-api-version"] == API_VERSION for r in fake.requests)


# --- redirects ----------------------------------------------------------------------------------


@pytest.fixture
def elsewhere() -> Iterator[FakePinecone]:
    """A second server, standing for another host a redirect points to."""
    with FakePinecone() as other:
        other.seed("idx", 3)
        yield other


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("operation", ["list", "describe"])
def test_redirect_is_not_followed_and_the_key_never_reaches_the_other_host(
    fake: FakePinecone,
    elsewhere: FakePinecone,
    make_client: MakeClient,
    status: int,
    operation: str,
) -> None:
    path = "/indexes/idx/backups" if operation == "list" else "/backups/bk-0"
    fake.inject(Fault.redirect(elsewhere.base_url + path, status=status, times=5))
    client = make_client(max_retries=3)

    with pytest.raises(UnexpectedStatusError) as caught:
        client.list_backups("idx") if operation == "list" else client.describe_backup("bk-0")

    assert caught.value.status_code == status
    assert caught.value.attempts == 1
    assert "not followed" in str(caught.value)
    assert len(fake.requests) == 1
    assert elsewhere.requests == []


def test_redirect_is_not_followed_even_by_a_user_client_that_follows_redirects(
    fake: FakePinecone, elsewhere: FakePinecone
) -> None:
    fake.inject(Fault.redirect(elsewhere.base_url + "/indexes/idx/backups", status=307))
    with httpx.Client(follow_redirects=True) as http:
        client = Client(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
        with pytest.raises(UnexpectedStatusError):
            client.list_backups("idx")

    assert elsewhere.requests == []


def test_async_redirect_is_not_followed(fake: FakePinecone, elsewhere: FakePinecone) -> None:
    fake.inject(Fault.redirect(elsewhere.base_url + "/backups/x", status=302))

    async def scenario() -> BaseException | None:
        async with httpx.AsyncClient(follow_redirects=True) as http:
            client = AsyncClient(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
            try:
                await client.describe_backup("x")
            except UnexpectedStatusError as exc:
                return exc
        return None

    assert isinstance(asyncio.run(scenario()), UnexpectedStatusError)
    assert elsewhere.requests == []


def test_walk_stops_at_a_redirect_without_visiting_the_other_host(
    fake: FakePinecone, elsewhere: FakePinecone, make_client: MakeClient
) -> None:
    fake.seed("idx", 25)
    client = make_client()
    pages = client.iter_backup_pages("idx", page_size=10)
    next(pages)
    fake.inject(Fault.redirect(elsewhere.base_url + "/indexes/idx/backups"))

    with pytest.raises(UnexpectedStatusError):
        next(pages)

    assert elsewhere.requests == []


# --- path values ----------------------------------------------------------------------------------

PATH_VALUES = {
    "../backups/x": "..%2Fbackups%2Fx",
    "a/b": "a%2Fb",
    "a?b#c": "a%3Fb%23c",
    "with space": "with%20space",
    "ünïcødé": "%C3%BCn%C3%AFc%C3%B8d%C3%A9",
    "%2e%2e": "%252e%252e",
    "a/../b": "a%2F..%2Fb",
    "..\\x": "..%5Cx",
    "...": "...",
    ".env": ".env",
    "x;y=1&z": "x%3By%3D1%26z",
    "tab\there": "tab%09here",
}


@pytest.mark.parametrize("value", list(PATH_VALUES))
def test_index_name_reaches_the_server_as_one_encoded_segment(
    fake: FakePinecone, make_client: MakeClient, value: str
) -> None:
    fake.add_backup(value, backup_id="in-" + value)
    fake.add_backup("x", backup_id="decoy")  # what "../backups/x" must not reach

    page = make_client().list_backups(value)

    [request] = fake.requests
    assert request.path == f"/indexes/{PATH_VALUES[value]}/backups"
    assert request.path == f"/indexes/{quote(value, safe='')}/backups"
    assert request.query == {}
    assert [b.backup_id for b in page] == ["in-" + value]
    assert page.backups[0].source_index_name == value


@pytest.mark.parametrize("value", list(PATH_VALUES))
def test_backup_id_reaches_the_server_as_one_encoded_segment(
    fake: FakePinecone, make_client: MakeClient, value: str
) -> None:
    fake.add_backup("idx", backup_id=value)

    backup = make_client().describe_backup(value)

    [request] = fake.requests
    assert request.path == f"/backups/{PATH_VALUES[value]}"
    assert request.query == {}
    assert backup.backup_id == value


def test_traversal_in_an_unknown_index_name_stays_a_not_found_for_that_name(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.add_backup("x", backup_id="bk-x")  # GET /backups/x would describe... nothing; list x would

    with pytest.raises(NotFoundError) as caught:
        make_client().list_backups("../indexes/x")

    assert fake.requests[0].path == "/indexes/..%2Findexes%2Fx/backups"
    assert "../indexes/x" in caught.value.message


@pytest.mark.parametrize("value", [".", ".."])
def test_dot_segments_are_refused_before_any_request(
    fake: FakePinecone, make_client: MakeClient, value: str
) -> None:
    client = make_client()
    calls: list[Callable[[], Any]] = [
        lambda: client.list_backups(value),
        lambda: client.describe_backup(value),
        lambda: client.iter_backups(value),
        lambda: client.iter_backup_pages(value),
    ]
    for call in calls:
        with pytest.raises(InvalidArgumentError):
            call()

    async def async_calls() -> int:
        refused = 0
        async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as aclient:
            for coroutine in (aclient.list_backups, aclient.describe_backup):
                with contextlib.suppress(InvalidArgumentError):
                    await coroutine(value)
                    continue
                refused += 1
        return refused

    assert asyncio.run(async_calls()) == 2
    assert fake.requests == []


def test_server_error_for_an_encoded_name_is_still_typed(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.inject(Fault.server_error(500, path_prefix="/indexes/a%2Fb/"))

    with pytest.raises(ServerError):
        make_client(max_retries=0).list_backups("a/b")

    assert fake.requests[0].path == "/indexes/a%2Fb/backups"

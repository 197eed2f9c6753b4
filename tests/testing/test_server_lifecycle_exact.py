"""The fake server's settings, thread, address and connection counts, and its error report."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from pinecone_backups._config import API_VERSION
from pinecone_backups.testing import FakePinecone, Fault
from tests.testing.wire import closed_by_server, connect, exchange, request

LIST = "/indexes/idx/backups"


def test_a_random_api_key_is_the_prefix_and_16_hex_digits() -> None:
    assert re.fullmatch(r"fake-pinecone-[0-9a-f]{16}", FakePinecone().api_key)
    assert FakePinecone(api_key="").api_key == ""  # an empty key is still a given key


def test_the_defaults_of_a_new_fake() -> None:
    fake = FakePinecone()
    assert (fake.host, fake.port, fake.latency) == ("127.0.0.1", 0, 0.0)
    assert fake.api_version == API_VERSION
    assert (fake.requests, fake.repeat_tokens, fake.last_page_pagination) == ([], False, "null")
    assert fake.connections_opened == 0


def test_the_server_runs_in_a_daemon_thread_named_after_its_port(fake: FakePinecone) -> None:
    port = int(fake.base_url.rsplit(":", 1)[1])
    (thread,) = [t for t in threading.enumerate() if t.name == f"FakePinecone:{port}"]
    assert thread.daemon
    assert thread.is_alive()
    fake.stop()
    assert not thread.is_alive()


def test_a_given_port_and_host_are_listened_on() -> None:
    with FakePinecone() as first:
        port = int(first.base_url.rsplit(":", 1)[1])
    # The port is free again (the server socket reuses addresses): take it explicitly.
    with FakePinecone(port=port, host="localhost") as second:
        assert second.base_url == f"http://127.0.0.1:{port}"
        assert exchange(second, request("GET", "/x")).status_line == "HTTP/1.1 404 Not Found"


def test_listening_on_every_interface_names_loopback_in_the_base_url() -> None:
    with FakePinecone(host="0.0.0.0") as fake:
        assert re.fullmatch(r"http://127\.0\.0\.1:[0-9]+", fake.base_url)
        assert exchange(fake, request("GET", "/x")).status_line == "HTTP/1.1 404 Not Found"


def test_a_restarted_fake_counts_connections_from_zero_again(
    good_headers: dict[str, str], make_client: Callable[..., httpx.Client]
) -> None:
    fake = FakePinecone(api_key="test-key")
    fake.add_index("idx")
    for run in range(2):
        fake.start()
        try:
            assert fake.connections_opened == 0
            for _ in range(2):
                with make_client(base_url=fake.base_url, headers=good_headers) as http:
                    assert http.get(LIST).status_code == 200
            assert fake.connections_opened == 2
        finally:
            fake.stop()
        assert fake.connections_opened == 2
        assert [r.connection_id for r in fake.requests] == [1, 2] * (run + 1)


def test_stop_closes_a_connection_waiting_for_its_next_request(fake: FakePinecone) -> None:
    fake.add_index("idx")
    with connect(fake) as sock:
        sock.sendall(request("GET", LIST))
        sock.recv(65536)
        fake.stop()
        assert closed_by_server(sock)


def test_latency_and_version_can_change_while_serving(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_index("idx")
    fake.api_version = "1999-01"
    assert client.get(LIST).status_code == 400
    fake.api_version = API_VERSION
    fake.latency = 0.2
    started = time.monotonic()
    assert client.get(LIST).status_code == 200
    assert time.monotonic() - started >= 0.2  # a lower bound only


@pytest.fixture
def stderr_of_threads(capsys: pytest.CaptureFixture[str]) -> Callable[[], str]:
    """What every thread, the server's included, wrote to stderr since the test began."""
    capsys.readouterr()
    return lambda: capsys.readouterr().err


def test_a_handler_failure_is_reported_with_the_client_address_and_the_connection_closed(
    fake: FakePinecone, stderr_of_threads: Callable[[], str]
) -> None:
    fake.inject(Fault(status=500, body={1, 2}))  # a set: JSON cannot encode it
    with connect(fake) as sock:
        client_port = sock.getsockname()[1]
        sock.sendall(request("GET", LIST))
        assert closed_by_server(sock)
    report = stderr_of_threads()
    assert f"processing of request from ('127.0.0.1', {client_port})" in report
    assert "TypeError: Object of type set is not JSON serializable" in report


def test_a_backup_made_under_another_time_zone_is_stamped_in_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Etc/GMT+5")  # five hours behind UTC, no summer time
    time.tzset()
    try:
        before = datetime.now(UTC)
        backup = FakePinecone().add_backup("idx")
        after = datetime.now(UTC)
    finally:
        monkeypatch.undo()
        time.tzset()
    created = datetime.strptime(str(backup["created_at"]), "%Y-%m-%dT%H:%M:%S.%fZ")
    assert before <= created.replace(tzinfo=UTC) <= after
    assert str(backup["name"]) == f"idx-backup-{created:%Y%m%d%H%M%S%f}"


def test_a_socket_error_in_a_handler_is_not_reported(
    fake: FakePinecone, stderr_of_threads: Callable[[], str]
) -> None:
    fake.add_index("idx")
    fake.inject(Fault.slow(0.1))
    with connect(fake) as sock:
        # Reset the connection (SO_LINGER 0) before the slow answer is written.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.sendall(request("GET", LIST))
    with connect(fake) as sock:  # served after the first, on another thread
        sock.sendall(request("GET", LIST))
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 OK")
    # Time for the slow handler to write to the reset connection and fail (a busy
    # machine may need longer; then this test checks less, it does not fail).
    time.sleep(0.6)
    assert stderr_of_threads() == ""


def test_a_connection_closed_by_stop_ends_its_handler_without_a_report(
    fake: FakePinecone, stderr_of_threads: Callable[[], str]
) -> None:
    fake.add_index("idx")
    before = set(threading.enumerate())
    with connect(fake) as sock:
        sock.sendall(request("GET", LIST))
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 OK")
        handlers = set(threading.enumerate()) - before
        assert len(handlers) == 1
        fake.stop()  # forgets the connection, then its handler ends
        assert closed_by_server(sock)
    for handler in handlers:
        handler.join(timeout=5)
        assert not handler.is_alive()
    assert stderr_of_threads() == ""

"""``pinecone-backups fake-server`` run in-process: its output, its options and its stop.

The server runs in ``main`` on the test's main thread (the only one that may
install signal handlers), a helper thread plays the user: it waits for the
export lines, lists backups over loopback, and sends the signal, once the
command's own handler is in place. Every wait is bounded. The same command as
a real process: ``test_fake_server_process.py``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import socket
import threading
import time
from collections.abc import Callable

import pytest

from pinecone_backups import Client
from pinecone_backups._cli import main

START_TIMEOUT = 30.0


class Lines(io.StringIO):
    """stdout shared with the helper thread."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def write(self, text: str, /) -> int:
        with self.lock:
            return super().write(text)

    def text(self) -> str:
        with self.lock:
            return self.getvalue()


def _exports(text: str) -> dict[str, str]:
    return dict(
        line.removeprefix("export ").split("=", 1)
        for line in text.splitlines()
        if line.startswith("export ")
    )


def serve_in_process(
    argv: list[str], signum: int, use: Callable[[dict[str, str]], object]
) -> tuple[int, str, str, list[object]]:
    """Run ``fake-server argv``; ``use(exports)`` runs against it, then ``signum`` stops it."""
    out, err = Lines(), io.StringIO()
    before = signal.getsignal(signum)
    results: list[object] = []
    returned = threading.Event()  # the command ended: stop waiting for it

    def user() -> None:
        deadline = time.monotonic() + START_TIMEOUT
        try:
            while not out.text():
                assert not returned.is_set(), "fake-server ended without its export lines"
                assert time.monotonic() < deadline, "fake-server printed nothing"
                time.sleep(0.01)
            # The command writes its lines in one call: all of them are there now.
            results.append(use(_exports(out.text())))
        except BaseException as exc:  # reported by the test, after the server stopped
            results.append(exc)
        finally:
            # Signal only once the command's handler replaced the one before it
            # (else the signal would reach pytest itself).
            while (
                signal.getsignal(signum) is before
                and not returned.is_set()
                and time.monotonic() < deadline
            ):
                time.sleep(0.01)
            if signal.getsignal(signum) is not before:
                os.kill(os.getpid(), signum)

    helper = threading.Thread(target=user, daemon=True)
    helper.start()
    try:
        status = main(["fake-server", *argv], out=out, err=err)
    finally:
        returned.set()
    helper.join(START_TIMEOUT)
    assert signal.getsignal(signum) is before, "the command left its signal handler behind"
    return status, out.text(), err.getvalue(), results


def _list(exports: dict[str, str], index: str) -> int:
    client = Client(
        api_key=exports["PINECONE_API_KEY"], base_url=exports["PINECONE_CONTROLLER_HOST"]
    )
    with client:
        return len(client.list_backups(index, limit=100).backups)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_fake_server_prints_sourceable_lines_serves_and_stops_on_a_signal(signum: int) -> None:
    status, out, err, results = serve_in_process(
        ["--port", "0", "--seed", "idx=12", "--seed", "e=0"],
        signum,
        lambda env: (_list(env, "idx"), _list(env, "e")),
    )
    assert results == [(12, 0)]
    assert status == 0
    lines = out.splitlines()
    url = _exports(out)["PINECONE_CONTROLLER_HOST"]
    assert lines[0] == (f"# fake Pinecone (API 2025-10) on {url}; stop it with Ctrl-C or SIGTERM")
    assert lines[1] == "# idx: 12 backups, e: 0 backups"
    assert lines[2] == f"export PINECONE_CONTROLLER_HOST={url}"
    assert lines[3].startswith("export PINECONE_API_KEY=fake-pinecone-")
    assert len(lines) == 4
    assert err == f"fake Pinecone stopped ({signal.Signals(signum).name}) after 2 requests\n"


def test_fake_server_takes_the_port_host_key_and_default_seed_given() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, out, err, results = serve_in_process(
        ["--port", str(port), "--host", "localhost", "--api-key", "my-fake-key"],
        signal.SIGTERM,
        lambda env: _list(env, "docs-example"),
    )
    assert (status, results) == (0, [100])
    assert _exports(out) == {
        "PINECONE_CONTROLLER_HOST": f"http://127.0.0.1:{port}",  # localhost, resolved
        "PINECONE_API_KEY": "my-fake-key",
    }
    assert out.splitlines()[1] == "# docs-example: 250 backups"
    assert err == "fake Pinecone stopped (SIGTERM) after 1 requests\n"


def test_fake_server_names_an_index_with_odd_characters_printably() -> None:
    status, out, _, _ = serve_in_process(["--seed", "a=b=1"], signal.SIGINT, lambda env: None)
    assert status == 0
    assert out.splitlines()[1] == "# a=b: 1 backups"  # the last '=' splits the count off


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_without_port_it_listens_on_a_free_port_the_system_picks() -> None:
    status, out, _, results = serve_in_process(
        ["--seed", "idx=3"], signal.SIGTERM, lambda env: _list(env, "idx")
    )
    assert (status, results) == (0, [3])
    url = _exports(out)["PINECONE_CONTROLLER_HOST"]
    assert url.startswith("http://127.0.0.1:")
    assert _port(url) >= 1024  # an ephemeral port, not a fixed low one


def test_fake_server_listens_on_the_loopback_address_given() -> None:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.2", 0))  # all of 127/8 is loopback on Linux, not on macOS
        except OSError:
            pytest.skip("127.0.0.2 is not a local address here")
    status, out, _, results = serve_in_process(
        ["--host", "127.0.0.2", "--seed", "idx=2"], signal.SIGINT, lambda env: _list(env, "idx")
    )
    assert (status, results) == (0, [2])
    assert _exports(out)["PINECONE_CONTROLLER_HOST"].startswith("http://127.0.0.2:")


@pytest.mark.parametrize("port", [0, 65535], ids=["any-port", "the-highest-port"])
def test_a_taken_port_exits_1_with_one_line_giving_the_systems_reason(port: int) -> None:
    with socket.socket() as taken:
        with contextlib.suppress(OSError):  # else another program holds it, as bad
            taken.bind(("127.0.0.1", port))
            taken.listen()
            port = taken.getsockname()[1]
        # In the stopping helper: a command that wrongly served elsewhere stops at once.
        status, out, err, _ = serve_in_process(["--port", str(port)], signal.SIGINT, len)
    assert (status, out) == (1, "")
    assert err == f"error: cannot listen on 127.0.0.1:{port}: {os.strerror(errno.EADDRINUSE)}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--port", "70000"],
            "argument --port: must be from 0 (any free port) to 65535, not 70000",
        ),
        (
            ["--port", "65536"],
            "argument --port: must be from 0 (any free port) to 65535, not 65536",
        ),
        (["--port", "-1"], "argument --port: must be from 0 (any free port) to 65535, not -1"),
        (["--port", "eighty"], "argument --port: must be a whole number, not 'eighty'"),
        (
            ["--seed", "idx"],
            "argument --seed: must be INDEX=COUNT, such as docs-example=25, not 'idx'",
        ),
        (
            ["--seed", "=3"],
            "argument --seed: must be INDEX=COUNT, such as docs-example=25, not '=3'",
        ),
        (["--seed", "idx=-1"], "argument --seed: COUNT must be 0 or more, not -1"),
        (["--seed", "idx=x"], "argument --seed: must be a whole number, not 'x'"),
        (
            ["--host", "::1"],
            "argument --host: must be an IPv4 address (127.0.0.1, 0.0.0.0) or localhost, not '::1'",
        ),
        (["--api-key", "has space"], "argument --api-key: must be printable ASCII without spaces"),
        (["--api-key", "clé"], "argument --api-key: must be printable ASCII without spaces"),
        (["--api-key", "tab\tkey"], "argument --api-key: must be printable ASCII without spaces"),
        (["--api-key", ""], "argument --api-key: must be printable ASCII without spaces"),
    ],
)
def test_bad_fake_server_options_exit_2_naming_the_option(argv: list[str], message: str) -> None:
    # In serve_in_process: a command that wrongly starts serving is stopped, not waited on.
    status, out, err, _ = serve_in_process(argv, signal.SIGINT, lambda env: None)
    assert (status, out) == (2, "")
    assert err.splitlines()[-1].endswith(message)

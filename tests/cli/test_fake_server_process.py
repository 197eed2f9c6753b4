"""``pinecone-backups fake-server`` and ``python -m pinecone_backups.testing`` as real processes."""

from __future__ import annotations

import json
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.cli.conftest import run_cli, run_module, subprocess_env
from tests.conftest import ROOT

START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0


@dataclass
class Served:
    process: subprocess.Popen[str]
    lines: list[str]
    url: str
    key: str


def _read_lines(stream: object, into: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)
    into.put(None)


@contextmanager
def serving(*module_and_args: str) -> Iterator[Served]:
    """Start ``python -m MODULE ARGS``; wait (bounded) for its export lines; always reap it."""
    process = subprocess.Popen(
        [sys.executable, "-m", *module_and_args],
        env=subprocess_env(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        seen: list[str] = []
        while not any(line.startswith("export PINECONE_API_KEY=") for line in seen):
            line = lines.get(timeout=START_TIMEOUT)
            assert line is not None, f"exited early: {process.wait(timeout=STOP_TIMEOUT)}"
            seen.append(line.rstrip("\n"))
        exports = dict(
            line.removeprefix("export ").split("=", 1)
            for line in seen
            if line.startswith("export ")
        )
        yield Served(
            process, seen, exports["PINECONE_CONTROLLER_HOST"], exports["PINECONE_API_KEY"]
        )
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=STOP_TIMEOUT)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def stop(served: Served, signum: int) -> tuple[int, str]:
    served.process.send_signal(signum)
    _, err = served.process.communicate(timeout=STOP_TIMEOUT)
    return served.process.returncode, err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_fake_server_serves_the_cli_and_stops_cleanly_on_a_signal(
    monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    with serving("pinecone_backups", "fake-server", "--seed", "idx=12", "--seed", "e=0") as srv:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", srv.url)
        assert srv.lines[0].startswith(f"# fake Pinecone (API 2025-10) on {srv.url}")
        assert srv.lines[1] == "# idx: 12 backups, e: 0 backups"
        assert all(line.startswith(("#", "export ")) for line in srv.lines)  # sourceable

        monkeypatch.setenv("PINECONE_API_KEY", srv.key)
        monkeypatch.setenv("PINECONE_CONTROLLER_HOST", srv.url)
        status, out, err = run_cli("list", "idx", "--all", "--jsonl")
        assert (status, err) == (0, "")
        assert len(out.splitlines()) == 12
        status, out, _ = run_cli("list", "e", "--json")
        assert json.loads(out) == {"backups": [], "next_token": None}

        returncode, err = stop(srv, signum)
    assert returncode == 0, err
    assert f"stopped ({signal.Signals(signum).name}) after 2 requests" in err
    assert "Traceback" not in err


def test_fake_server_listens_on_the_port_asked_for_and_takes_the_key_given() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serving(
        "pinecone_backups", "fake-server", "--port", str(port), "--api-key", "my-fake-key"
    ) as srv:
        assert srv.url == f"http://127.0.0.1:{port}"
        assert srv.key == "my-fake-key"
        assert srv.lines[1] == "# docs-example: 250 backups"  # the default seed
        done = run_module(
            "describe",
            "missing",
            env={"PINECONE_API_KEY": srv.key, "PINECONE_CONTROLLER_HOST": srv.url},
        )
        assert done.returncode == 1
        assert "HTTP 404" in done.stderr
        assert stop(srv, signal.SIGINT)[0] == 0


def test_python_m_pinecone_backups_testing_is_the_same_server() -> None:
    with serving("pinecone_backups.testing", "--seed", "idx=3") as srv:
        done = run_module(
            "list", "idx", env={"PINECONE_API_KEY": srv.key, "PINECONE_CONTROLLER_HOST": srv.url}
        )
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.splitlines()) == 1 + 3
        assert stop(srv, signal.SIGINT)[0] == 0


def _readme_node_example() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Command line") :]
    match = re.search(r"```js\n(.*?)```", section, re.DOTALL)
    assert match is not None, "README's Command line section has no js example"
    return match.group(1)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_readme_node_example_lists_backups_of_the_fake_server() -> None:
    example = _readme_node_example()
    with serving("pinecone_backups", "fake-server", "--seed", "docs-example=7") as srv:
        done = subprocess.run(
            ["node", "--input-type=module", "-e", example],
            env=subprocess_env({"PINECONE_API_KEY": srv.key, "PINECONE_CONTROLLER_HOST": srv.url}),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert stop(srv, signal.SIGTERM)[0] == 0
    assert done.returncode == 0, done.stderr
    assert len(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-", done.stdout)) == 5

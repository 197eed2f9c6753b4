"""A client used before ``os.fork()`` works in parent and child, each on its own connections.

The server answers each describe with the backup asked for, after a short
pause, so two processes sharing one socket would read each other's answers
(or garble them). Every child ends with ``os._exit`` and is waited for with a
time limit, then killed: a hang fails the test instead of the suite.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time

import httpx
import pytest

from pinecone_backups import AsyncClient, Client, ConfigurationError
from tests.hostile._servers import Conn, RawServer, backup, json_response, target_of

CALLS = 15
CHILD_LIMIT = 30.0


def echo_backup(conn: Conn, head: bytes, number: int) -> bool:
    time.sleep(0.005)
    conn.send(json_response(backup(target_of(head).rsplit("/", 1)[-1])))
    return True


def wait_for_child(pid: int) -> int:
    """The child's exit code; kills it and fails when it runs past ``CHILD_LIMIT``."""
    ends = time.monotonic() + CHILD_LIMIT
    while time.monotonic() < ends:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail(f"the forked child hung for {CHILD_LIMIT} s")


def describe_many(client: Client, prefix: str) -> int:
    """How many of ``CALLS`` describes returned the backup asked for."""
    right = 0
    for i in range(CALLS):
        if client.describe_backup(f"{prefix}-{i}").backup_id == f"{prefix}-{i}":
            right += 1
    return right


def fork_and_run(child: object) -> int:
    """Fork; the child runs ``child()`` (an exit code) and leaves with ``os._exit``."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 70
        try:
            code = child()  # type: ignore[operator]
        finally:
            os._exit(code)
    return pid


def test_a_client_used_before_fork_works_in_parent_and_child() -> None:
    with (
        RawServer(echo_backup) as server,
        Client(api_key="k" * 20, base_url=server.base_url) as client,
    ):
        assert client.describe_backup("warm").backup_id == "warm"  # a pooled connection
        pid = fork_and_run(lambda: 0 if describe_many(client, "child") == CALLS else 1)
        assert describe_many(client, "parent") == CALLS
        assert wait_for_child(pid) == 0
    assert server.connections >= 2  # the child opened its own


def test_forking_while_threads_use_the_client_does_not_hang_the_child() -> None:
    with (
        RawServer(echo_backup) as server,
        Client(api_key="k" * 20, base_url=server.base_url) as client,
    ):
        stop = threading.Event()

        def hammer(name: str) -> None:
            for i in range(500):
                if stop.is_set():
                    return
                client.describe_backup(f"{name}-{i}")

        threads = [threading.Thread(target=hammer, args=(f"t{n}",)) for n in range(3)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(0.05)
            pids = [
                fork_and_run(lambda: 0 if describe_many(client, "child") == CALLS else 1)
                for _ in range(3)
            ]
            assert [wait_for_child(pid) for pid in pids] == [0, 0, 0]
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)


def test_an_async_client_used_before_fork_works_in_parent_and_child() -> None:
    async def describe_many_async(client: AsyncClient, prefix: str) -> int:
        found = [(await client.describe_backup(f"{prefix}-{i}")).backup_id for i in range(CALLS)]
        return sum(1 for i, bid in enumerate(found) if bid == f"{prefix}-{i}")

    with RawServer(echo_backup) as server:
        client = AsyncClient(api_key="k" * 20, base_url=server.base_url)
        loop = asyncio.new_event_loop()
        try:
            assert loop.run_until_complete(client.describe_backup("warm")).backup_id == "warm"
            pid = fork_and_run(
                lambda: 0 if asyncio.run(describe_many_async(client, "child")) == CALLS else 1
            )
            assert loop.run_until_complete(describe_many_async(client, "parent")) == CALLS
            assert wait_for_child(pid) == 0
            loop.run_until_complete(client.close())
        finally:
            loop.close()
    assert server.connections >= 2


_POOL_CLIENT: Client | None = None
"""The client the multiprocessing workers inherit through fork."""


def _describe_in_worker(backup_id: str) -> tuple[str, int]:
    assert _POOL_CLIENT is not None
    return _POOL_CLIENT.describe_backup(backup_id).backup_id, os.getpid()


def test_a_multiprocessing_pool_with_fork_gets_the_right_answers() -> None:
    global _POOL_CLIENT
    with RawServer(echo_backup) as server:
        _POOL_CLIENT = Client(api_key="k" * 20, base_url=server.base_url)
        try:
            assert _POOL_CLIENT.describe_backup("warm").backup_id == "warm"
            asked = [f"bk-{i}" for i in range(40)]
            with multiprocessing.get_context("fork").Pool(4) as pool:
                results = pool.map_async(_describe_in_worker, asked, chunksize=2).get(CHILD_LIMIT)
            assert [bid for bid, _ in results] == asked  # no answer mixed up, none lost
            assert len({pid for _, pid in results} - {os.getpid()}) >= 2
        finally:
            _POOL_CLIENT.close()
            _POOL_CLIENT = None


def test_a_users_http_client_made_before_fork_is_refused_in_the_child() -> None:
    def child_call(client: Client) -> int:
        try:
            client.describe_backup("child")
        except ConfigurationError as exc:
            return 0 if "made before os.fork()" in str(exc) else 2
        return 1  # it used the parent's connections

    with (
        RawServer(echo_backup) as server,
        httpx.Client() as http,
        Client(api_key="k" * 20, base_url=server.base_url, http_client=http) as client,
    ):
        assert client.describe_backup("warm").backup_id == "warm"
        pid = fork_and_run(lambda: child_call(client))
        assert wait_for_child(pid) == 0
        assert client.describe_backup("parent").backup_id == "parent"  # the parent's is fine

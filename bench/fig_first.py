"""Figure 11: a cold interpreter to the first answer, ours vs the official SDK.

Each run is a fresh ``python -c`` that imports the SDK, builds a client and
describes one backup from a ``FakePinecone`` process on loopback, then exits;
the figure is the median wall time of the whole run, the sides alternating.
Raw ``httpx`` doing the same (``get`` + ``json.loads``) is shown for reference.
"""

from __future__ import annotations

import subprocess
import sys
import time

from _common import FakeProcess, Result, check, interleave, median, ratio, spread
from fig_import import _env
from fig_sdk import PINECONE_API_VERSION, first_backup_id, pinecone_available

ROUNDS = 15
INDEX = "bench-index"


def _run(code: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env())
    elapsed = time.perf_counter() - started
    check(done.returncode == 0, f"{code!r} failed: {done.stderr.decode()[-1000:]}")
    return elapsed


def bench_first_answer() -> Result:
    """11. Cold start to the first answer."""
    from pinecone_backups import API_VERSION

    title = "Cold interpreter to the first describe_backup answer (loopback)"
    if not pinecone_available():
        return Result(
            "11", "first-answer", title, "-", "pinecone not installed", "-", "<= 1.0x", None
        )
    with (
        FakeProcess({INDEX: 10}) as ours_server,
        FakeProcess({INDEX: 10}, api_version=PINECONE_API_VERSION) as pc_server,
    ):
        ours_id, pc_id = (
            first_backup_id(ours_server, API_VERSION),
            first_backup_id(pc_server, PINECONE_API_VERSION),
        )
        codes = {
            "ours": (
                "from pinecone_backups import Client\n"
                f"Client(api_key={ours_server.api_key!r}, base_url={ours_server.base_url!r})"
                f".describe_backup({ours_id!r}).status"
            ),
            "pinecone": (
                "from pinecone import Pinecone\n"
                f"Pinecone(api_key={pc_server.api_key!r}, host={pc_server.base_url!r})"
                f".describe_backup(backup_id={pc_id!r}).status"
            ),
            "raw": (
                "import httpx, json\n"
                f"json.loads(httpx.get({ours_server.base_url + '/backups/' + ours_id!r}, "
                f"headers={{'Api-Key': {ours_server.api_key!r}, "
                f"'X-Pinecone-Api-Version': {API_VERSION!r}}}).content)['status']"
            ),
        }
        samples = interleave(
            {name: (lambda c=code: _run(c)) for name, code in codes.items()},
            rounds=ROUNDS,
            warmup=2,
        )
    ms = {name: median(values) * 1000 for name, values in samples.items()}
    r = ratio(ms["ours"], ms["pinecone"])
    return Result(
        number="11",
        name="first-answer",
        title=title,
        value=f"{ms['ours']:.0f} ms",
        baseline=f"{ms['pinecone']:.0f} ms (official pinecone SDK)",
        ratio=f"{r:.2f}x",
        target="<= 1.0x",
        met=r <= 1.0,
        details=[
            f"fresh interpreters, {ROUNDS} interleaved rounds after 2 warm-up rounds; medians: "
            f"ours {spread([v * 1000 for v in samples['ours']])} ms, "
            f"pinecone {spread([v * 1000 for v in samples['pinecone']])} ms",
            f"info: raw httpx get + json.loads: {ms['raw']:.0f} ms "
            f"({ratio(ms['ours'], ms['raw']):.2f}x ours/raw)",
        ],
    )

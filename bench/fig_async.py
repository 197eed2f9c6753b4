"""Figure 7: 200 concurrent describe_backup calls, AsyncClient against raw httpx.AsyncClient.

Each side runs in its own child interpreter (so ``time.process_time`` is the
client's CPU alone, and whether ``sniffio`` is importable is that process's
own state) against a FakePinecone in another process with 50 ms of latency
per request. A child keeps one client (and so its warm pool) for all its
rounds; the figure is the median client CPU per describe.

httpcore 1.0.9 tries ``import sniffio`` several times per request; when it
is not installed (current anyio no longer pulls it in) each failed import
scans ``sys.path``. So the sides are:

* ours: ``AsyncClient`` as installed (no ``sniffio`` unless the environment has it);
* raw+sniffio: ``httpx.AsyncClient`` (the same pool limits as ours) with ``sniffio``
  importable: raw httpx at its best, the baseline (issue 11: at most 1.05x);
* raw: the same without ``sniffio`` (the environment as it is), for reference;
* ours+sniffio: ours with ``sniffio`` importable, for reference.

The ``sniffio`` for the ``+sniffio`` sides is put on the child's path from
``bench/.cache/sniffio`` (installed there with pip on first use), unless the
interpreter has it already. The raw sides do the consumer work ours does:
``json.loads`` of the body, then ``backup_id`` and ``created_at`` as a datetime.

Child usage: ``python bench/fig_async.py '{"side": "ours"|"raw", ...}'``.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from typing import Any

from _common import BENCH, FakeProcess, Result, canned_backups, check, median, ratio, spread

CALLS = 200
ROUNDS = 3
PROCESS_ROUNDS = 2
LATENCY = 0.05
TARGET = 1.05
INDEX = "bench-async"
SNIFFIO_CACHE = BENCH / ".cache" / "sniffio"


def sniffio_path() -> str | None:
    """A directory to put on a child's path so that ``import sniffio`` works.

    "" when this interpreter imports it already; None when it cannot be had.
    """
    if importlib.util.find_spec("sniffio") is not None:
        return ""
    if not (SNIFFIO_CACHE / "sniffio").is_dir():
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--target",
                str(SNIFFIO_CACHE),
                "sniffio",
            ],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0 or not (SNIFFIO_CACHE / "sniffio").is_dir():
            return None
    return str(SNIFFIO_CACHE)


def _child_run(config: dict[str, Any], extra_path: str | None) -> dict[str, Any]:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join([env.get("PYTHONPATH", ""), extra_path]).strip(
            os.pathsep
        )
    done = subprocess.run(
        [sys.executable, str(BENCH / "fig_async.py"), json.dumps(config)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    check(done.returncode == 0, f"fig_async child {config['side']} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench_async() -> Result:
    """7. 200 concurrent describe_backup calls: client CPU per describe."""
    ids = [b["backup_id"] for b in canned_backups(CALLS, INDEX)]
    sniffio = sniffio_path()
    sides: dict[str, tuple[str, str | None]] = {
        "ours": ("ours", None),
        "raw": ("raw", None),
    }
    if sniffio is not None:
        sides |= {"raw+sniffio": ("raw", sniffio), "ours+sniffio": ("ours", sniffio)}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    wall: dict[str, list[float]] = {name: [] for name in sides}
    has_sniffio: dict[str, bool] = {}
    with FakeProcess({INDEX: CALLS}, latency=LATENCY) as fake:
        for index in range(PROCESS_ROUNDS):
            order = list(sides) if index % 2 == 0 else list(sides)[::-1]
            for name in order:
                side, path = sides[name]
                config = {
                    "side": side,
                    "base_url": fake.base_url,
                    "api_key": fake.api_key,
                    "ids": ids,
                    "rounds": ROUNDS,
                }
                out = _child_run(config, path)
                cpu[name] += out["cpu"]
                wall[name] += out["wall"]
                has_sniffio[name] = out["sniffio"]
    per = {name: median(values) / CALLS for name, values in cpu.items()}
    us = 1e6
    baseline_name = "raw+sniffio" if "raw+sniffio" in per else "raw"
    r = ratio(per["ours"], per[baseline_name])
    details = [
        f"each side in its own child ({PROCESS_ROUNDS} children per side, interleaved), "
        f"{ROUNDS} rounds of {CALLS} concurrent describes per child after a warm-up round; "
        f"FakePinecone(latency={LATENCY}) in another process",
        "raw: httpx.AsyncClient with ours's pool limits (_config.MAX_CONNECTIONS, "
        "MAX_KEEPALIVE_CONNECTIONS), json.loads, backup_id, created_at "
        "as datetime",
    ]
    for name in sides:
        details.append(
            f"{name}: CPU {per[name] * us:.0f} us/describe "
            f"({spread([v / CALLS * us for v in cpu[name]])}), "
            f"wall {median(wall[name]) * 1000:.0f} ms/round, "
            f"sniffio importable: {'yes' if has_sniffio[name] else 'no'}"
        )
    if sniffio is None:
        details.append("sniffio could not be installed into bench/.cache: baseline is raw as is")
    return Result(
        number="7",
        name="async",
        title=f"{CALLS} concurrent describe_backup calls (asyncio.gather), client CPU per "
        f"describe, {LATENCY * 1000:.0f} ms latency",
        value=f"{per['ours'] * us:.0f} us/describe (AsyncClient, "
        f"sniffio {'present' if has_sniffio['ours'] else 'absent'})",
        baseline=f"{per[baseline_name] * us:.0f} us/describe ({baseline_name}, same pool limits)",
        ratio=f"{r:.2f}x",
        target=f"<= {TARGET}x",
        met=r <= TARGET if sniffio is not None else None,
        details=details,
    )


# --- the child -----------------------------------------------------------------------


async def _child_async(config: dict[str, Any]) -> tuple[list[float], list[float]]:
    import httpx

    from pinecone_backups import API_VERSION, AsyncClient
    from pinecone_backups import _config as C

    # The same pool as ours: httpx's default (100 connections) makes a
    # 200-call burst open 100 connections at once, past the fake's backlog.
    limits = httpx.Limits(
        max_connections=C.MAX_CONNECTIONS, max_keepalive_connections=C.MAX_KEEPALIVE_CONNECTIONS
    )
    ids: list[str] = config["ids"]
    headers = {
        "Api-Key": config["api_key"],
        "X-Pinecone-Api-Version": API_VERSION,
        "Accept": "application/json",
    }
    async with (
        AsyncClient(api_key=config["api_key"], base_url=config["base_url"]) as ours,
        httpx.AsyncClient(
            base_url=config["base_url"], headers=headers, timeout=30.0, limits=limits
        ) as raw,
    ):

        async def ours_one(backup_id: str) -> tuple[str, datetime | None]:
            backup = await ours.describe_backup(backup_id)
            return backup.backup_id, backup.created_at

        async def raw_one(backup_id: str) -> tuple[str, datetime | None]:
            response = await raw.get(f"/backups/{backup_id}")
            response.raise_for_status()
            body: dict[str, Any] = json.loads(response.content)
            return body["backup_id"], datetime.fromisoformat(body["created_at"])

        one = ours_one if config["side"] == "ours" else raw_one
        cpu, wall = [], []
        for index in range(config["rounds"] + 1):  # round 0 warms the pool up
            started, cpu_started = time.perf_counter(), time.process_time()
            results = await asyncio.gather(*(one(i) for i in ids))
            elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu_started
            check(
                [r[0] for r in results] == ids and all(r[1] for r in results),
                f"{config['side']}: describe_backup returned the wrong backups",
            )
            if index:
                cpu.append(cpu_used)
                wall.append(elapsed)
    return cpu, wall


def _child(config: dict[str, Any]) -> None:
    has_sniffio = importlib.util.find_spec("sniffio") is not None
    cpu, wall = asyncio.run(_child_async(config))
    print(json.dumps({"cpu": cpu, "wall": wall, "sniffio": has_sniffio}))


if __name__ == "__main__":
    _child(json.loads(sys.argv[1]))

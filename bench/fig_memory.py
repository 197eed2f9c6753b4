"""Figure 5: peak memory of a walk of 100,000 backups against a walk of 1,000.

The fake runs in its own process (it holds 100,000 dicts), so only the
client's memory is measured. Each walk runs in a fresh child interpreter:
import, ``Client`` construction and one warm-up request (connection, lazy
imports) come first, then ``tracemalloc`` traces the walk alone; the figure
is its peak of traced Python allocations. The walk reads ``backup_id`` and
``created_at`` of every backup and keeps nothing.

Child usage: ``python bench/fig_memory.py BASE_URL API_KEY INDEX``.
"""

from __future__ import annotations

import json
import sys
import time

from _common import BENCH, FakeProcess, Result, check, run_child

BIG = 100_000
SMALL = 1_000
TARGET_MB = 10.0
MB = 1024 * 1024
MILESTONES = (1_000, 10_000, 30_000, 60_000)
"""Counts at which the big walk also notes its peak so far: a flat curve means no accumulation."""


def bench_memory() -> Result:
    """5. Peak traced memory, 100,000 backups against 1,000."""
    with FakeProcess({"big": BIG, "small": SMALL}) as fake:
        peaks = {}
        for index, expected in (("small", SMALL), ("big", BIG)):
            out = run_child([str(BENCH / "fig_memory.py"), fake.base_url, fake.api_key, index])
            check(
                out["count"] == expected,
                f"walking {index} gave {out['count']} backups, not {expected}",
            )
            peaks[index] = out
    big, small = peaks["big"]["peak"], peaks["small"]["peak"]
    growth = (big - small) / MB
    return Result(
        number="5",
        name="memory",
        title=f"Peak memory walking {BIG:,} backups against {SMALL:,} (tracemalloc, client only)",
        value=f"{big / MB:.2f} MB peak for {BIG:,} backups (+{growth:.2f} MB)",
        baseline=f"{small / MB:.2f} MB peak for {SMALL:,} backups",
        ratio=f"{big / small:.2f}x",
        target=f"<= +{TARGET_MB:.0f} MB",
        met=growth <= TARGET_MB,
        details=[
            "fake in another process; each walk in a fresh child, traced after import, "
            "client construction and one warm-up request",
            f"walk time under tracemalloc: {peaks['small']['seconds']:.2f} s for {SMALL:,}, "
            f"{peaks['big']['seconds']:.2f} s for {BIG:,}",
            "peak so far during the big walk: "
            + ", ".join(
                f"{int(n):,}: {p / MB:.2f} MB" for n, p in peaks["big"]["milestones"].items()
            )
            + f", {BIG:,}: {big / MB:.2f} MB",
        ],
    )


def _child(base_url: str, api_key: str, index: str) -> None:
    import tracemalloc

    from pinecone_backups import Client

    with Client(api_key=api_key, base_url=base_url) as client:
        client.list_backups(index, limit=1)  # warm-up: connection, lazy imports
        tracemalloc.start()
        tracemalloc.reset_peak()
        started = time.perf_counter()
        count = 0
        milestones = {}
        for backup in client.iter_backups(index):
            backup.backup_id  # noqa: B018
            backup.created_at  # noqa: B018
            count += 1
            if count in MILESTONES:
                milestones[count] = tracemalloc.get_traced_memory()[1]
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(json.dumps({"peak": peak, "count": count, "seconds": seconds, "milestones": milestones}))


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2], sys.argv[3])

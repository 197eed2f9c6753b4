"""Benchmarks of issues 4 and 11: each figure against a baseline measured in the same run.

Issue 11 (performance under load) added figure 12 (a walk of 50 indexes x
500 backups at 50 ms latency and concurrency 8, 16 and 32: wall, client CPU,
connections opened, vs raw httpx), figure 13 (bytes per held backup and the
peak holding 100,000, vs pinecone and plain dicts) and made figure 7 the
client CPU per describe of 200 concurrent describes, each side in its own
process with and without ``sniffio``; figures 5 (streaming 100,000 vs 1,000)
and 11 (cold start to the first answer) cover the rest.

Usage::

    nox -s bench                     # every figure, then the summary table
    nox -s bench -- walk memory      # some figures (names or numbers)
    python bench/run.py --list       # the figures

Run directly, ``python bench/run.py [NAME ...]`` uses the working tree
(``pinecone_backups`` and ``generated/``) with whatever httpx the
interpreter has; ``nox -s bench`` installs only the runtime dependencies,
so the import figure sees what a user's environment imports.

Benchmarks never fail on time: a missed target is reported in the table.
The exit status is 1 only when something functionally broke (wrong data, an
error); a figure that broke is reported and the others still run.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Result, reproduce, setup_paths

setup_paths()

import fig_async  # noqa: E402
import fig_cpu  # noqa: E402
import fig_first  # noqa: E402
import fig_held  # noqa: E402
import fig_import  # noqa: E402
import fig_many  # noqa: E402
import fig_memory  # noqa: E402
import fig_sdk  # noqa: E402
import fig_walk  # noqa: E402

FIGURES: dict[str, tuple[str, Callable[[], Result], str]] = {
    "walk": ("1", fig_walk.bench_walk, "requests and wall time of a 2,000-backup walk"),
    "cpu-page": ("2", fig_cpu.bench_cpu_page, "client CPU per 100-backup page"),
    "cpu-describe": ("3", fig_cpu.bench_cpu_describe, "client CPU per describe_backup"),
    "import": ("4", fig_import.bench_import, "import + Client construction"),
    "memory": ("5", fig_memory.bench_memory, "peak memory, 100,000 vs 1,000 backups"),
    "connections": ("6", fig_walk.bench_connections, "connections opened by a 10-page walk"),
    "async": ("7", fig_async.bench_async, "200 concurrent describe_backup, AsyncClient"),
    "sdk-page": ("8", fig_sdk.bench_sdk_page, "CPU per page, every field read, vs pinecone SDK"),
    "sdk-describe": ("9", fig_sdk.bench_sdk_describe, "CPU per describe, every field, vs pinecone"),
    "page-unread": ("10", fig_sdk.bench_page_unread, "CPU per page, fields not read, vs raw httpx"),
    "first-answer": ("11", fig_first.bench_first_answer, "cold start to the first answer"),
    "many": ("12", fig_many.bench_many, "walk of 50 indexes x 500 backups, concurrency 8/16/32"),
    "held": ("13", fig_held.bench_held, "bytes per held backup, 100,000 kept, vs pinecone"),
}


def _select(names: list[str]) -> list[str]:
    if not names:
        return list(FIGURES)
    by_number = {number: name for name, (number, _, _) in FIGURES.items()}
    chosen = []
    for name in names:
        name = by_number.get(name, name)
        if name not in FIGURES:
            raise SystemExit(f"unknown figure {name!r}; choose from: {', '.join(FIGURES)}")
        if name not in chosen:
            chosen.append(name)
    return chosen


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="*", help="names or numbers (default: all)")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    args = parser.parse_args()
    if args.list:
        for name, (number, _, what) in FIGURES.items():
            print(f"{number}  {name:<13} {what}")
        return 0

    import httpx

    print(
        f"pinecone-backups benchmarks: Python {platform.python_version()} "
        f"({sys.executable}), httpx {httpx.__version__}, {platform.machine()}, "
        f"{__import__('os').cpu_count()} CPUs"
    )
    results: list[Result] = []
    broken: list[str] = []
    started = time.perf_counter()
    for name in _select(args.figures):
        number, bench, what = FIGURES[name]
        figure_started = time.perf_counter()
        try:
            result = bench()
        except Exception:
            print(f"\n[{number}] {what}: BROKEN")
            traceback.print_exc()
            print(f"    reproduce: {reproduce(name)}")
            broken.append(name)
            continue
        result.print()
        print(f"    (took {time.perf_counter() - figure_started:.1f} s)")
        results.append(result)

    print(f"\nSummary ({time.perf_counter() - started:.0f} s; targets are reported, not asserted)")
    rows = [["#", "figure", "value", "baseline", "ratio", "target", "met?"]]
    for r in results:
        met = {True: "yes", False: "NO", None: "?"}[r.met]
        rows.append([r.number, r.name, r.value, r.baseline, r.ratio, r.target, met])
    for name in broken:
        rows.append([FIGURES[name][0], name, "BROKEN", "", "", "", "-"])
    print(_table(rows))
    print("\nreproduce one: " + reproduce("<name>") + f"; names: {', '.join(FIGURES)}")
    if broken:
        print(f"\nfunctionally broken: {', '.join(broken)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

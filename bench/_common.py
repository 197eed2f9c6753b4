"""Shared plumbing of the benchmarks: results, statistics, paths, a fake in another process.

Standard library only at import time, so ``bench/run.py`` can set up
``sys.path`` before anything of the SDK is imported.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SOURCE_PATHS = (str(ROOT), str(ROOT / "generated"))


def setup_paths() -> None:
    """Make the working tree importable here and in every child process we start."""
    for path in reversed(SOURCE_PATHS):
        if path not in sys.path:
            sys.path.insert(0, path)
    current = os.environ.get("PYTHONPATH", "")
    parts = [p for p in current.split(os.pathsep) if p and p not in SOURCE_PATHS]
    os.environ["PYTHONPATH"] = os.pathsep.join([*SOURCE_PATHS, *parts])


def reproduce(name: str) -> str:
    """The command that runs one benchmark alone."""
    return f"nox -s bench -- {name}   (or: python bench/run.py {name})"


@dataclass
class Result:
    """One figure: what was measured, against what, and whether the target is met.

    ``met`` is None when the figure could not be judged. Benchmarks never fail
    on time: ``met`` is reported, not asserted.
    """

    number: str
    name: str
    title: str
    value: str
    baseline: str
    ratio: str
    target: str
    met: bool | None
    details: list[str] = field(default_factory=list)

    def print(self) -> None:
        print(f"\n[{self.number}] {self.title}")
        for line in self.details:
            print(f"    {line}")
        verdict = {True: "yes", False: "NO", None: "?"}[self.met]
        print(f"    figure:   {self.value}")
        print(f"    baseline: {self.baseline}")
        print(f"    ratio:    {self.ratio}    target: {self.target}    met: {verdict}")
        print(f"    reproduce: {reproduce(self.name)}")
        sys.stdout.flush()


class BenchFailure(Exception):
    """Something functionally broke (wrong data, an error): the run exits non-zero."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise BenchFailure(message)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    """The interquartile range, to show how noisy a median is."""
    if len(values) < 4:
        return f"min {min(values):.3g} max {max(values):.3g}"
    q = statistics.quantiles(values, n=4)
    return f"IQR {q[0]:.3g}..{q[2]:.3g}"


def interleave(
    sides: dict[str, Callable[[], float]], rounds: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Run each side once per round, alternating the order, after ``warmup`` rounds.

    Each callable returns the figure it measured (CPU seconds, wall seconds, ...).
    """
    names = list(sides)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(warmup + rounds):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            value = sides[name]()
            if index >= warmup:
                samples[name].append(value)
    return samples


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else float("inf")


def canned_backups(count: int, index_name: str = "bench-index") -> list[dict[str, Any]]:
    """``count`` realistic wire backups, as FakePinecone seeds them (deterministic)."""
    from pinecone_backups.testing import FakePinecone

    return FakePinecone(api_key="bench").seed(index_name, count)  # type: ignore[return-value]


def dumps(value: object) -> bytes:
    """Compact JSON, as the API (and FakePinecone) sends it."""
    return json.dumps(value, separators=(",", ":")).encode()


class FakeProcess:
    """A FakePinecone served by another Python process, so its CPU and memory are not ours.

    The child seeds ``{index: count}``, prints one JSON line with its URL and
    API key, and serves until its stdin closes; ``connections_opened()`` asks
    it how many TCP connections it has accepted so far.
    """

    def __init__(
        self, seeds: dict[str, int], latency: float = 0.0, api_version: str | None = None
    ) -> None:
        self.seeds = seeds
        self.latency = latency
        self.api_version = api_version
        self.base_url = ""
        self.api_key = ""
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> FakeProcess:
        self._process = subprocess.Popen(
            [
                sys.executable,
                str(BENCH / "_fake_server.py"),
                json.dumps(
                    {"seeds": self.seeds, "latency": self.latency}
                    | ({"api_version": self.api_version} if self.api_version else {})
                ),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self._process.wait(timeout=10)
            raise BenchFailure(f"the fake server process exited ({self._process.returncode})")
        info = json.loads(line)
        self.base_url, self.api_key = info["base_url"], info["api_key"]
        return self

    def connections_opened(self) -> int:
        """TCP connections the fake has accepted since it started (asked over its stdin)."""
        process = self._process
        assert process is not None
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write("connections\n")
        process.stdin.flush()
        line = process.stdout.readline()
        if not line:
            raise BenchFailure("the fake server process exited")
        count: int = json.loads(line)["connections_opened"]
        return count

    def __exit__(self, *exc: object) -> None:
        process = self._process
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_child(args: list[str], timeout: float = 300) -> dict[str, Any]:
    """Run ``python <args>`` and read the one JSON object it prints last."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise BenchFailure(
            f"child {' '.join(args)} failed ({done.returncode}) after "
            f"{time.perf_counter() - started:.1f} s:\n{done.stderr[-2000:]}"
        )
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise BenchFailure(f"child {' '.join(args)} printed nothing:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result

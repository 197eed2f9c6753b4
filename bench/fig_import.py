"""Figure 4: import plus client construction, in fresh interpreters.

Figure: ``python -c "import pinecone_backups; pinecone_backups.Client(api_key='x')"``.
Baseline: ``python -c "import httpx"``. Both with the same interpreter and
``PYTHONPATH``; the runs alternate (the order flips every round) after
warm-up runs (which also write the ``.pyc`` files); medians of wall time.

Bytecode caching is on for both (``PYTHONDONTWRITEBYTECODE`` is dropped and
``PYTHONPYCACHEPREFIX`` points at a temporary directory the warm-up fills), as
for an installed wheel: otherwise the working tree's modules would be
compiled from source on every run while site-packages has its ``.pyc``.

``-X importtime`` then lists what ``pinecone_backups`` imports beyond what
``httpx`` already imports, by package and by module (median self time of a
few runs), with the module that first pulled each package in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable

from _common import ROOT, Result, check, interleave, median, ratio, spread

TARGET = 1.15
ROUNDS = 21
IMPORTTIME_RUNS = 5

OURS = "import pinecone_backups; pinecone_backups.Client(api_key='x')"
BASELINE = "import httpx"
IMPORT_ONLY = "import pinecone_backups"
HTTPX_CLIENT = "import httpx; httpx.Client()"
# Up to the first request being sent: the generated package, attrs, the pool
# and its SSL context; port 9 on loopback refuses the connection at once.
FIRST_REQUEST = (
    "import pinecone_backups as p\n"
    "c = p.Client(api_key='x', base_url='https://127.0.0.1:9', max_retries=0)\n"
    "try:\n    c.describe_backup('b')\nexcept p.APIConnectionError:\n    pass"
)


_ENV: dict[str, str] = {}


def _env() -> dict[str, str]:
    if not _ENV:
        _ENV.update(os.environ)
        _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        _ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-pycache-")
    return _ENV


def _timed(code: str) -> Callable[[], float]:
    command = [sys.executable, "-c", code]

    def run() -> float:
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, env=_env(), cwd=ROOT)
        elapsed = time.perf_counter() - started
        check(done.returncode == 0, f"{code!r} failed: {done.stderr.decode()[-1000:]}")
        return elapsed

    return run


def _importtime(code: str) -> list[tuple[str, int, int]]:
    """(module, depth, self microseconds) in the order ``-X importtime`` prints them."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env=_env(),
        cwd=ROOT,
    )
    check(done.returncode == 0, f"{code!r} failed under -X importtime: {done.stderr[-1000:]}")
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:") :].split("|", 2)
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((name.strip(), depth, int(self_us)))
    return rows


def _importers(rows: list[tuple[str, int, int]]) -> dict[str, str]:
    """Each module's importer: children are printed before their parent, one level deeper."""
    parents: dict[str, str] = {}
    for position, (name, depth, _) in enumerate(rows):
        for later, later_depth, _ in rows[position + 1 :]:
            if later_depth < depth:
                parents[name] = later
                break
        else:
            parents[name] = "-c"
    return parents


def import_costs() -> list[str]:
    """Lines listing the top import costs of pinecone_backups beyond httpx."""
    ours_runs = [_importtime(OURS) for _ in range(IMPORTTIME_RUNS)]
    httpx_modules = {name for run in (_importtime(BASELINE),) for name, _, _ in run}
    self_times: dict[str, list[int]] = defaultdict(list)
    for run in ours_runs:
        for name, _, self_us in run:
            self_times[name].append(self_us)
    first = ours_runs[0]
    parents = _importers(first)
    extra = {
        name: median(times) / 1000
        for name, times in self_times.items()
        if name not in httpx_modules
    }
    by_package: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for name, ms in extra.items():
        by_package[name.split(".")[0]] += ms
        count[name.split(".")[0]] += 1
    entry: dict[str, str] = {}
    for name, _, _ in sorted((r for r in first if r[0] in extra), key=lambda r: r[1]):
        package = name.split(".")[0]
        if package not in entry:
            importer = parents.get(name, "?")
            entry[package] = importer if importer.split(".")[0] != package else "?"
    lines = [
        f"import costs beyond `import httpx` (-X importtime, median self time of "
        f"{IMPORTTIME_RUNS} runs): {sum(extra.values()):.1f} ms in {len(extra)} modules",
        "  by package (self time summed; first imported by):",
    ]
    for package, ms in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(
            f"    {ms:7.1f} ms  {package:<24} {count[package]:3d} modules  "
            f"<- {entry.get(package, '?')}"
        )
    lines.append("  top modules (self time):")
    for name, ms in sorted(extra.items(), key=lambda kv: -kv[1])[:15]:
        lines.append(f"    {ms:7.1f} ms  {name}  <- {parents.get(name, '?')}")
    return lines


def bench_import() -> Result:
    """4. Import + Client construction against ``import httpx``."""
    samples = interleave(
        {
            "ours": _timed(OURS),
            "baseline": _timed(BASELINE),
            "import_only": _timed(IMPORT_ONLY),
            "httpx_client": _timed(HTTPX_CLIENT),
            "first_request": _timed(FIRST_REQUEST),
        },
        rounds=ROUNDS,
        warmup=2,
    )
    m = {name: median(values) * 1000 for name, values in samples.items()}
    r = ratio(m["ours"], m["baseline"])
    details = [
        f'figure: python -c "{OURS}"; baseline: python -c "{BASELINE}"',
        f"fresh interpreters ({sys.executable}), {ROUNDS} interleaved rounds after 2 warm-up "
        f"rounds; medians of wall time: ours {spread([v * 1000 for v in samples['ours']])} ms, "
        f"baseline {spread([v * 1000 for v in samples['baseline']])} ms",
        f'info: python -c "{IMPORT_ONLY}": {m["import_only"]:.0f} ms '
        f"({ratio(m['import_only'], m['baseline']):.2f}x)",
        f'info: python -c "{HTTPX_CLIENT}": {m["httpx_client"]:.0f} ms '
        f"({ratio(m['httpx_client'], m['baseline']):.2f}x): what an eager httpx.Client "
        "(its SSL context) costs by itself",
        f"info: the same up to the first request sent (the generated package, attrs, the "
        f"pool and its SSL context; a refused connection): {m['first_request']:.0f} ms "
        f"({ratio(m['first_request'], m['baseline']):.2f}x import httpx)",
        *import_costs(),
    ]
    return Result(
        number="4",
        name="import",
        title="Import + Client construction, fresh interpreter",
        value=f"{m['ours']:.0f} ms (import + Client)",
        baseline=f"{m['baseline']:.0f} ms (import httpx)",
        ratio=f"{r:.2f}x",
        target=f"<= {TARGET}x",
        met=r <= TARGET,
        details=details,
    )

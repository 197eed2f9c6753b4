"""``import pinecone_backups`` stays as cheap as importing httpx (the bench measures the time).

What it must not load is checked here, without a clock: the generated package
and attrs load with the first backup, httpcore with the first connection pool.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ("pinecone_backups_api", "attr", "attrs", "httpcore", "h11", "dateutil", "asyncio")


def test_importing_the_sdk_and_building_a_client_loads_none_of_the_heavy_modules() -> None:
    code = (
        "import json, sys, pinecone_backups\n"
        "pinecone_backups.Client(api_key='x')\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "generated")]))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []

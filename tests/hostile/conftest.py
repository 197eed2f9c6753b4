"""Fixtures of the hostile-server suite: the key servers echo, child processes, log capture."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

KEY = "pcsk_" + "7Qx2Lm9Zr4" * 6
"""A key shaped like a real one (long): servers here echo it back."""

CHILD_TIMEOUT = 60.0
"""Seconds a child process may run before the test fails (it is then killed)."""


def run_child(code: str, **env: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; returns the JSON object it prints last.

    The child measures its own peak memory with ``resource.getrusage``.
    """
    environment = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "generated")]),
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    value: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return value


class Records(logging.Handler):
    """Every record of every logger, formatted, for an exact search."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


@pytest.fixture
def all_logs() -> Iterator[Records]:
    """DEBUG on for every logger (root, the SDK's, httpx's and httpcore's), every record kept."""
    handler = Records()
    names = ["", "pinecone_backups", "httpx", "httpcore"]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)

"""A reader that goes away (``| head``): exit 0 quietly; only the real stdout is sent to devnull."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pinecone_backups import _cli
from pinecone_backups._cli import main


class ClosedPipe(io.StringIO):
    """A stdout whose reader has gone: every write fails as a closed pipe does."""

    def write(self, text: str, /) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.fixture
def stdout_fd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Path]]:
    """A file descriptor standing in for the process's stdout (fd 1 stays untouched)."""
    path = tmp_path / "stdout"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    monkeypatch.setattr(_cli, "_stdout_fd", lambda: fd)
    try:
        yield fd, path
    finally:
        os.close(fd)


def test_a_closed_pipe_on_a_given_stream_exits_0_and_leaves_stdout_alone(
    stdout_fd: tuple[int, Path],
) -> None:
    fd, path = stdout_fd
    err = io.StringIO()
    assert main(["demo"], out=ClosedPipe(), err=err) == 0
    assert err.getvalue() == ""
    os.write(fd, b"still stdout")
    assert path.read_bytes() == b"still stdout"


def test_a_closed_pipe_on_stdout_exits_0_and_points_stdout_at_devnull(
    stdout_fd: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    fd, path = stdout_fd
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    err = io.StringIO()
    assert main(["demo"], err=err) == 0
    assert err.getvalue() == ""
    os.write(fd, b"to devnull")
    assert path.read_bytes() == b""

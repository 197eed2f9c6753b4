"""A network operation started when the attempt's deadline has come is refused at once.

The deadline streams (``_transport``) give each read at most the time left; a
read asked for at the deadline's very instant, or after, raises without
touching the socket. The clock is pinned so that the instant is exact.
"""

from __future__ import annotations

import httpcore
import pytest

import pinecone_backups._transport as transport
from pinecone_backups._answer import ATTEMPT_DEADLINE, DEADLINE_PASSED

NOW = 50.0


class PinnedClock:
    @staticmethod
    def monotonic() -> float:
        return NOW


class Recorder(httpcore.NetworkStream):
    """A stream that records the timeout of each read and returns one byte."""

    def __init__(self) -> None:
        self.timeouts: list[float | None] = []

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.timeouts.append(timeout)
        return b"x"


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport, "time", PinnedClock)


def read_with_deadline(deadline: float, timeout: float) -> Recorder:
    inner = Recorder()
    token = ATTEMPT_DEADLINE.set(deadline)
    try:
        transport.DeadlineStream(inner).read(100, timeout)
    finally:
        ATTEMPT_DEADLINE.reset(token)
    return inner


@pytest.mark.parametrize("deadline", [NOW, NOW - 1.0], ids=["at-the-instant", "past"])
def test_a_read_at_or_past_the_deadline_raises_without_reading(deadline: float) -> None:
    with pytest.raises(httpcore.ReadTimeout) as caught:
        read_with_deadline(deadline, 5.0)
    assert str(caught.value) == DEADLINE_PASSED


def test_a_read_before_the_deadline_gets_the_time_left_or_its_own_timeout() -> None:
    assert read_with_deadline(NOW + 0.5, 5.0).timeouts == [0.5]
    assert read_with_deadline(NOW + 9.0, 5.0).timeouts == [5.0]

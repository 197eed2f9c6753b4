"""A retry the call's total_timeout has no room for: the error keeps what the server said.

The note names the wait that did not fit and the time that was left, a
figure between 0 and the budget; a ``Retry-After`` stays on the error.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

import pinecone_backups._base as base_module
from pinecone_backups import Backoff, Client, RateLimitError
from pinecone_backups.testing import FakePinecone, Fault

NOTE = re.compile(
    r"; not retried: the Retry-After wait of 10 s does not fit in the (\S+) s left of the "
    r"call's total_timeout of 0\.5 s$"
)


def test_a_retry_after_that_does_not_fit_stays_on_the_error_with_the_time_left(
    fake: FakePinecone, make_client: Callable[..., Client]
) -> None:
    fake.inject(Fault.rate_limited(retry_after="10"))
    client = make_client(total_timeout=0.5, max_retries=3, backoff=Backoff())  # 60 s cap

    with pytest.raises(RateLimitError) as caught:
        client.describe_backup("bk-1")

    error = caught.value
    assert error.retry_after == 10.0
    assert error.attempts == 1
    note = NOTE.search(str(error))
    assert note is not None, str(error)
    assert 0.0 <= float(note.group(1)) <= 0.5
    assert len(fake.requests) == 1


class FrozenClock:
    """Stands in for ``_base``'s ``time`` module: ``monotonic`` never moves."""

    time = staticmethod(time.time)

    @staticmethod
    def monotonic() -> float:
        return 100.0


def test_a_retry_after_ending_exactly_at_the_budgets_end_is_not_taken(
    fake: FakePinecone, make_client: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base_module, "time", FrozenClock)
    fake.inject(Fault.rate_limited(retry_after="2"))
    client = make_client(total_timeout=2.0, max_retries=3, backoff=Backoff())

    with pytest.raises(RateLimitError) as caught:
        client.describe_backup("bk-1")

    assert str(caught.value).endswith(
        "; not retried: the Retry-After wait of 2 s does not fit in the 2 s left of the "
        "call's total_timeout of 2 s"
    )
    assert len(fake.requests) == 1

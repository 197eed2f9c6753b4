"""A retry the call's total_timeout has no room for: the error keeps what the server said.

The note names the wait that did not fit and the time that was left, a
figure between 0 and the budget; a ``Retry-After`` stays on the error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

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

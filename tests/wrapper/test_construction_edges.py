"""The smallest values the budget and size settings accept, and the exact refusal below them."""

from __future__ import annotations

import pytest

from pinecone_backups import Client, InvalidArgumentError


@pytest.mark.parametrize("value", [0.5, 1e-3])
def test_any_positive_total_timeout_is_accepted(value: float) -> None:
    with Client(api_key="k", base_url="http://127.0.0.1:9", total_timeout=value) as client:
        assert client.total_timeout == value


@pytest.mark.parametrize("value", [0, 0.0, -1])
def test_a_total_timeout_of_zero_or_less_is_refused_saying_what_fits(value: float) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        Client(api_key="k", base_url="http://127.0.0.1:9", total_timeout=value)
    assert str(caught.value) == (
        f"total_timeout must be a number of seconds > 0, or None for no budget, got {value!r}"
    )


def test_a_max_response_size_of_one_byte_is_accepted_and_zero_is_refused() -> None:
    with Client(api_key="k", base_url="http://127.0.0.1:9", max_response_size=1) as client:
        assert client.max_response_size == 1
    with pytest.raises(InvalidArgumentError) as caught:
        Client(api_key="k", base_url="http://127.0.0.1:9", max_response_size=0)
    assert str(caught.value) == "max_response_size must be an int >= 1 (bytes), got 0"

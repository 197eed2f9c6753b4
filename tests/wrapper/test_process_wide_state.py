"""Process-wide state (the log redaction registry, cached values) cannot couple tests."""

from __future__ import annotations

import gc
import logging
import threading

import pytest

from pinecone_backups import Client
from pinecone_backups import _config as C
from pinecone_backups._redact import SECRETS, SecretFilter

LONG_KEY = "pcsk_registry_release_key_42"


def _filtered(message: str) -> str:
    record = logging.LogRecord(C.LOGGER_NAME, logging.INFO, __file__, 1, message, (), None)
    SECRETS.filter(record)
    return record.getMessage()


def test_a_clients_key_is_redacted_in_logs_while_it_lives_and_released_after() -> None:
    client = Client(api_key=LONG_KEY)
    assert _filtered(f"echo {LONG_KEY}!") == "echo ***!"
    client.close()
    del client
    gc.collect()
    assert _filtered(f"echo {LONG_KEY}!") == f"echo {LONG_KEY}!"


def test_a_key_of_exactly_eight_characters_is_redacted_in_logs() -> None:
    with Client(api_key="abcd1234"):
        assert _filtered("echo abcd1234!") == "echo ***!"


class _Owner:
    """Something a key can be registered for (it must be weak-referenceable)."""


def test_a_record_is_kept_when_no_key_is_registered() -> None:
    record = logging.LogRecord(C.LOGGER_NAME, logging.INFO, __file__, 1, "plain %s", ("x",), None)
    assert SecretFilter().filter(record) is True
    assert record.getMessage() == "plain x"


def test_a_record_whose_arguments_do_not_format_is_kept_for_logging_to_report() -> None:
    registry = SecretFilter()
    owner = _Owner()
    registry.register(owner, LONG_KEY)
    record = logging.LogRecord(C.LOGGER_NAME, logging.INFO, __file__, 1, "count %d", ("x",), None)
    assert registry.filter(record) is True
    assert (record.msg, record.args) == ("count %d", ("x",))  # left to logging's own error


@pytest.mark.parametrize("key", ["k", "e", "docs", "backups"])
def test_a_short_key_never_redacts_inside_another_tests_log_lines(key: str) -> None:
    client = Client(api_key=key)
    try:
        assert _filtered("backups listed; Connection refused") == (
            "backups listed; Connection refused"
        )
    finally:
        client.close()


def test_two_clients_with_one_key_keep_it_redacted_until_both_are_gone() -> None:
    first, second = Client(api_key=LONG_KEY), Client(api_key=LONG_KEY)
    del first
    gc.collect()
    assert _filtered(LONG_KEY) == "***"
    second.close()
    del second
    gc.collect()
    assert _filtered(LONG_KEY) == LONG_KEY


def test_the_api_version_cache_holds_the_generated_value() -> None:
    from pinecone_backups_api.models.api_version import ApiVersion

    assert C.api_version() == next(iter(ApiVersion)).value
    assert C.api_version() == C.API_VERSION


def test_a_client_collected_while_the_registry_is_busy_does_not_deadlock() -> None:
    # The garbage collector may run a client's finalizer at any allocation,
    # including one made while the registry holds its lock (mutmut's run hung
    # there). The finalizer must not wait for that lock.
    outcome: list[str] = []

    def collect_under_the_lock() -> None:
        client = Client(api_key=LONG_KEY)
        client.close()
        with SECRETS._lock:
            del client
            gc.collect()
        outcome.append("collected")

    worker = threading.Thread(target=collect_under_the_lock, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert outcome == ["collected"], "the finalizer blocked on the registry's lock"
    assert _filtered(f"echo {LONG_KEY}!") == f"echo {LONG_KEY}!"  # released all the same

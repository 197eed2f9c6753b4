"""Fixtures for the wrapper tests: the spec's pinned version and async client options."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pinecone_backups.testing import FakePinecone
from tests.conftest import ROOT, fast_backoff


@pytest.fixture(scope="session")
def spec_version() -> str:
    """``info.version`` of spec/openapi.yaml, read independently of the SDK."""
    with (ROOT / "spec" / "openapi.yaml").open(encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    version = spec["info"]["version"]
    assert isinstance(version, str)
    return version


@pytest.fixture
def async_options(fake: FakePinecone) -> dict[str, Any]:
    """Keyword arguments for an ``AsyncClient`` against ``fake`` (fast backoff, 5 s timeout)."""
    return {
        "api_key": fake.api_key,
        "base_url": fake.base_url,
        "backoff": fast_backoff(),
        "timeout": 5.0,
    }

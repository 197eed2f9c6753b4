"""The generated request functions, used on their own, cope with what servers send.

The wrapper builds requests with ``build_request_kwargs`` and parses with the
models; these tests call the generated ``sync_detailed`` / ``asyncio_detailed``
directly against ``FakePinecone``: an error answer of any body parses to an
``ErrorResponse`` or to None, never to an exception inside generated code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pinecone_backups_api import Client as GeneratedClient
from pinecone_backups_api.api.backups import describe_backup, list_index_backups
from pinecone_backups_api.models import ApiVersion, BackupList, ErrorResponse

from pinecone_backups import API_VERSION
from pinecone_backups.testing import FakePinecone, Fault

VERSION = ApiVersion(API_VERSION)


@pytest.fixture
def generated(fake: FakePinecone) -> Iterator[GeneratedClient]:
    with GeneratedClient(base_url=fake.base_url, headers={"Api-Key": fake.api_key}) as client:
        yield client


def test_a_page_parses_to_the_generated_backup_list(
    fake: FakePinecone, generated: GeneratedClient
) -> None:
    fake.seed("idx", 12)
    response = list_index_backups.sync_detailed(
        "idx", client=generated, limit=10, x_pinecone_api_version=VERSION
    )
    assert isinstance(response.parsed, BackupList)
    assert len(response.parsed.data) == 10
    assert response.parsed.pagination is not None
    assert fake.requests[-1].query == {"limit": ["10"]}


def test_no_limit_is_sent_unless_given(fake: FakePinecone, generated: GeneratedClient) -> None:
    fake.seed("idx", 3)
    list_index_backups.sync_detailed("idx", client=generated, x_pinecone_api_version=VERSION)
    list_index_backups.sync_detailed(
        "idx", client=generated, pagination_token="t", x_pinecone_api_version=VERSION
    )
    assert [r.query.get("limit") for r in fake.requests] == [None, None]


@pytest.mark.parametrize(
    "fault",
    [
        Fault.plain_text_401(),
        Fault.html(502),
        Fault.html(503),
        Fault.empty(500),
        Fault(status=418, body=b"<teapot/>"),
    ],
    ids=["text-401", "html-502", "html-503", "empty-500", "undocumented-418"],
)
def test_an_error_body_that_is_not_an_error_response_parses_to_none(
    fake: FakePinecone, generated: GeneratedClient, fault: Fault
) -> None:
    fake.add_index("idx")
    fake.inject(fault)
    response = list_index_backups.sync_detailed(
        "idx", client=generated, x_pinecone_api_version=VERSION
    )
    assert response.status_code == fault.status
    assert response.parsed is None


def test_a_json_error_parses_to_the_generated_error_response(
    fake: FakePinecone, generated: GeneratedClient
) -> None:
    response = describe_backup.sync_detailed(
        "no-such-backup", client=generated, x_pinecone_api_version=VERSION
    )
    assert isinstance(response.parsed, ErrorResponse)
    assert response.parsed.status == 404
    assert response.parsed.error.code == "NOT_FOUND"


def test_the_async_functions_cope_the_same_way(fake: FakePinecone) -> None:
    fake.add_index("idx")
    fake.inject(Fault.html(502))

    async def run() -> object:
        async with GeneratedClient(
            base_url=fake.base_url, headers={"Api-Key": fake.api_key}
        ) as client:
            response = await list_index_backups.asyncio_detailed(
                "idx", client=client, x_pinecone_api_version=VERSION
            )
            return response.parsed

    assert asyncio.run(run()) is None

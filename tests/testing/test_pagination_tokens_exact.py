"""The fake's page tokens: what they hold, and that every length of them is read back."""

from __future__ import annotations

import base64

import httpx
import pytest

from pinecone_backups.testing import FakePinecone


def test_a_token_is_unpadded_urlsafe_base64_of_index_page_and_size(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.seed("idx", 30)
    first = client.get("/indexes/idx/backups", params={"limit": 7}).json()
    token = first["pagination"]["next"]
    assert token == base64.urlsafe_b64encode(b'{"i":"idx","p":1,"s":7}').decode().rstrip("=")
    second = client.get("/indexes/idx/backups", params={"paginationToken": token}).json()
    expected = base64.urlsafe_b64encode(b'{"i":"idx","p":2,"s":7}').decode().rstrip("=")
    assert second["pagination"]["next"] == expected


# Index names whose tokens lack 0, 2 and 1 padding characters: each is read back.
@pytest.mark.parametrize(("name", "length"), [("i", 28), ("ix", 30), ("ixx", 31)])
def test_tokens_of_every_length_lead_through_the_index(
    client: httpx.Client, fake: FakePinecone, name: str, length: int
) -> None:
    seeded = [row["backup_id"] for row in fake.seed(name, 5)]
    seen: list[object] = []
    tokens: list[str] = []
    params: dict[str, str | int] = {"limit": 2}
    for _ in range(10):
        response = client.get(f"/indexes/{name}/backups", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        seen.extend(row["backup_id"] for row in page["data"])
        if page["pagination"] is None:
            break
        tokens.append(page["pagination"]["next"])
        params = {"paginationToken": tokens[-1]}
    assert seen == seeded
    assert [len(token) for token in tokens] == [length, length]


def test_stray_characters_in_a_token_are_skipped_but_count_toward_its_padding(
    client: httpx.Client, fake: FakePinecone
) -> None:
    # The token is padded to a multiple of 4 characters counted on the token as
    # sent, then decoded leniently (characters outside base64 are skipped). An "ix"
    # token has 30 characters and needs "==": with three stray characters (33) it
    # gets "===" and still reads; with one (31) it gets a lone "=" and does not.
    fake.seed("ix", 5)
    token = client.get("/indexes/ix/backups", params={"limit": 2}).json()["pagination"]["next"]
    assert len(token) == 30

    def get(value: str) -> httpx.Response:
        return client.get("/indexes/ix/backups", params={"paginationToken": value})

    expected = get(token).json()
    assert [row["name"] for row in expected["data"]] == ["ix-backup-000002", "ix-backup-000003"]
    assert get(token[:10] + "..." + token[10:]).json() == expected
    one_stray = token[:10] + "." + token[10:]
    response = get(one_stray)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == f"Invalid pagination token: {one_stray!r}"

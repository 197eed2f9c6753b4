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

"""What a bad key, base URL or path value is told, word for word, before any request."""

from __future__ import annotations

import pytest

from pinecone_backups import Client, ConfigurationError, InvalidArgumentError

SPACED = (
    "has whitespace, control or non-ASCII characters, which no Pinecone key has; copy it "
    "again without them"
)


def test_a_key_passed_with_a_space_is_refused_naming_api_key() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Client(api_key="pcsk_abc def")
    assert str(caught.value) == f"The Pinecone API key from api_key {SPACED}"


def test_a_key_from_the_environment_with_a_newline_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "pcsk_abcdef\n")
    with pytest.raises(ConfigurationError) as caught:
        Client()
    assert str(caught.value) == (
        f"The Pinecone API key from the PINECONE_API_KEY environment variable {SPACED}"
    )


@pytest.mark.parametrize("base_url", ["", "   ", 7])
def test_an_empty_or_non_str_base_url_is_refused_with_an_example(base_url: object) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Client(api_key="k", base_url=base_url)  # type: ignore[arg-type]
    assert str(caught.value) == "base_url must be a URL such as 'https://api.pinecone.io'"


@pytest.mark.parametrize("base_url", ["ftp://example.com", "https://", "http:///path"])
def test_a_base_url_without_http_or_a_host_is_refused(base_url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Client(api_key="k", base_url=base_url)
    assert str(caught.value) == (
        f"base_url {base_url!r} must be an http(s) URL with a host, such as "
        "'https://api.pinecone.io'"
    )


def test_a_base_url_httpx_cannot_parse_is_refused_quoting_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Client(api_key="k", base_url="http://[::1")
    assert str(caught.value).startswith("base_url 'http://[::1' is not a valid URL: ")


def test_plain_http_to_a_remote_host_is_refused_saying_how_to_allow_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Client(api_key="k", base_url="http://api.example.com")
    assert str(caught.value) == (
        "base_url 'http://api.example.com' is plain http to a host that is not loopback: the "
        "API key would travel unencrypted. Use https, or pass allow_insecure_http=True if you "
        "really mean it"
    )


def test_only_trailing_slashes_are_trimmed_from_a_base_url() -> None:
    with Client(api_key="k", base_url="http://127.0.0.1:9/prefiX//") as client:
        assert client.base_url == "http://127.0.0.1:9/prefiX"


def test_an_index_name_with_a_lone_surrogate_is_refused_before_any_request() -> None:
    with (
        Client(api_key="k", base_url="http://127.0.0.1:9") as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        client.list_backups("idx\ud800")
    assert str(caught.value) == (
        "index_name contains a lone surrogate character, which cannot be sent as UTF-8; pass "
        "the text as a proper Unicode string"
    )

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.backup_list import BackupList
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    index_name: str,
    *,
    limit: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
    x_pinecone_api_version: ApiVersion,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Pinecone-Api-Version"] = str(x_pinecone_api_version)

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["paginationToken"] = pagination_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/indexes/{index_name}/backups".format(
            index_name=quote(str(index_name), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BackupList | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = BackupList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BackupList | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    index_name: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
    x_pinecone_api_version: ApiVersion,
) -> Response[BackupList | ErrorResponse]:
    """List the backups of an index

     Returns the backups that were taken of the given index, one page at a
    time. The first page is asked for with `limit` alone; every later page
    with the `paginationToken` from the previous page's `pagination.next`.
    A token already carries the page size it was minted with, so a request
    that carries a token should not carry a different `limit`.

    Args:
        index_name (str):
        limit (int | Unset):  Default: 10.
        pagination_token (str | Unset):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        index_name=index_name,
        limit=limit,
        pagination_token=pagination_token,
        x_pinecone_api_version=x_pinecone_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    index_name: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
    x_pinecone_api_version: ApiVersion,
) -> BackupList | ErrorResponse | None:
    """List the backups of an index

     Returns the backups that were taken of the given index, one page at a
    time. The first page is asked for with `limit` alone; every later page
    with the `paginationToken` from the previous page's `pagination.next`.
    A token already carries the page size it was minted with, so a request
    that carries a token should not carry a different `limit`.

    Args:
        index_name (str):
        limit (int | Unset):  Default: 10.
        pagination_token (str | Unset):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupList | ErrorResponse
    """

    return sync_detailed(
        index_name=index_name,
        client=client,
        limit=limit,
        pagination_token=pagination_token,
        x_pinecone_api_version=x_pinecone_api_version,
    ).parsed


async def asyncio_detailed(
    index_name: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
    x_pinecone_api_version: ApiVersion,
) -> Response[BackupList | ErrorResponse]:
    """List the backups of an index

     Returns the backups that were taken of the given index, one page at a
    time. The first page is asked for with `limit` alone; every later page
    with the `paginationToken` from the previous page's `pagination.next`.
    A token already carries the page size it was minted with, so a request
    that carries a token should not carry a different `limit`.

    Args:
        index_name (str):
        limit (int | Unset):  Default: 10.
        pagination_token (str | Unset):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupList | ErrorResponse]
    """

    kwargs = _get_kwargs(
        index_name=index_name,
        limit=limit,
        pagination_token=pagination_token,
        x_pinecone_api_version=x_pinecone_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    index_name: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    pagination_token: str | Unset = UNSET,
    x_pinecone_api_version: ApiVersion,
) -> BackupList | ErrorResponse | None:
    """List the backups of an index

     Returns the backups that were taken of the given index, one page at a
    time. The first page is asked for with `limit` alone; every later page
    with the `paginationToken` from the previous page's `pagination.next`.
    A token already carries the page size it was minted with, so a request
    that carries a token should not carry a different `limit`.

    Args:
        index_name (str):
        limit (int | Unset):  Default: 10.
        pagination_token (str | Unset):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupList | ErrorResponse
    """

    return (
        await asyncio_detailed(
            index_name=index_name,
            client=client,
            limit=limit,
            pagination_token=pagination_token,
            x_pinecone_api_version=x_pinecone_api_version,
        )
    ).parsed

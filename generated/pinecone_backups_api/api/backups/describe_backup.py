from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.backup_model import BackupModel
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    backup_id: str,
    *,
    x_pinecone_api_version: ApiVersion,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Pinecone-Api-Version"] = str(x_pinecone_api_version)

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/backups/{backup_id}".format(
            backup_id=quote(str(backup_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BackupModel | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = BackupModel.from_dict(response.json())

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
) -> Response[BackupModel | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    backup_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_pinecone_api_version: ApiVersion,
) -> Response[BackupModel | ErrorResponse]:
    """Describe one backup

     Returns the configuration and status of one backup.

    Args:
        backup_id (str):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupModel | ErrorResponse]
    """

    kwargs = _get_kwargs(
        backup_id=backup_id,
        x_pinecone_api_version=x_pinecone_api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    backup_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_pinecone_api_version: ApiVersion,
) -> BackupModel | ErrorResponse | None:
    """Describe one backup

     Returns the configuration and status of one backup.

    Args:
        backup_id (str):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupModel | ErrorResponse
    """

    return sync_detailed(
        backup_id=backup_id,
        client=client,
        x_pinecone_api_version=x_pinecone_api_version,
    ).parsed


async def asyncio_detailed(
    backup_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_pinecone_api_version: ApiVersion,
) -> Response[BackupModel | ErrorResponse]:
    """Describe one backup

     Returns the configuration and status of one backup.

    Args:
        backup_id (str):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupModel | ErrorResponse]
    """

    kwargs = _get_kwargs(
        backup_id=backup_id,
        x_pinecone_api_version=x_pinecone_api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    backup_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_pinecone_api_version: ApiVersion,
) -> BackupModel | ErrorResponse | None:
    """Describe one backup

     Returns the configuration and status of one backup.

    Args:
        backup_id (str):
        x_pinecone_api_version (ApiVersion): The API version this document is pinned to; equal to
            `info.version`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupModel | ErrorResponse
    """

    return (
        await asyncio_detailed(
            backup_id=backup_id,
            client=client,
            x_pinecone_api_version=x_pinecone_api_version,
        )
    ).parsed

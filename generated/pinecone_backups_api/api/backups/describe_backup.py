from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.api_version import ApiVersion
from ...models.backup_model import BackupModel
from ...models.error_response import ErrorResponse
from ...types import Response


def build_request_kwargs(
    backup_id: str,
    *,
    x_pinecone_api_version: ApiVersion,
) -> dict[str, Any]:
    """The request for this operation as ``httpx.Client.request`` keyword arguments.

    ``method``, ``url`` (relative to the server's base URL, path parameters
    percent-encoded), ``params`` (only the query parameters that are set) and
    ``headers``. Authentication is the caller's to add.
    """
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
        try:
            response_400 = ErrorResponse.from_dict(response.json())

            return response_400

        except ValueError:
            return None
    if response.status_code == 401:
        try:
            response_401 = ErrorResponse.from_dict(response.json())

            return response_401

        except ValueError:
            return None
    if response.status_code == 403:
        try:
            response_403 = ErrorResponse.from_dict(response.json())

            return response_403

        except ValueError:
            return None
    if response.status_code == 404:
        try:
            response_404 = ErrorResponse.from_dict(response.json())

            return response_404

        except ValueError:
            return None
    if response.status_code == 429:
        try:
            response_429 = ErrorResponse.from_dict(response.json())

            return response_429

        except ValueError:
            return None
    if response.status_code == 500:
        try:
            response_500 = ErrorResponse.from_dict(response.json())

            return response_500

        except ValueError:
            return None
    if response.status_code == 502:
        try:
            response_502 = ErrorResponse.from_dict(response.json())

            return response_502

        except ValueError:
            return None
    if response.status_code == 503:
        try:
            response_503 = ErrorResponse.from_dict(response.json())

            return response_503

        except ValueError:
            return None
    if response.status_code == 504:
        try:
            response_504 = ErrorResponse.from_dict(response.json())

            return response_504

        except ValueError:
            return None
    try:
        response_default = ErrorResponse.from_dict(response.json())

        return response_default

    except ValueError:
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

    kwargs = build_request_kwargs(
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

    kwargs = build_request_kwargs(
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

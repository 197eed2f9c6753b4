"""Contains all the data models used in inputs/outputs"""

from .api_version import ApiVersion
from .backup_list import BackupList
from .backup_model import BackupModel
from .error_detail import ErrorDetail
from .error_detail_details import ErrorDetailDetails
from .error_response import ErrorResponse
from .index_tags import IndexTags
from .metadata_field_config import MetadataFieldConfig
from .metadata_schema import MetadataSchema
from .metadata_schema_fields import MetadataSchemaFields
from .pagination_response import PaginationResponse

__all__ = (
    "ApiVersion",
    "BackupList",
    "BackupModel",
    "ErrorDetail",
    "ErrorDetailDetails",
    "ErrorResponse",
    "IndexTags",
    "MetadataFieldConfig",
    "MetadataSchema",
    "MetadataSchemaFields",
    "PaginationResponse",
)

from enum import StrEnum


class ApiVersion(StrEnum):
    VALUE_0 = "2025-10"

    def __str__(self) -> str:
        return str(self.value)

"""The JSON envelope every answer uses: `{"code": 0, "message": "...", "data": ...}`."""

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from photoreel.protocol.errors import ErrorCode

DataT = TypeVar("DataT")


class Envelope(BaseModel, Generic[DataT]):
    """`code` 0 is success; any other code is an error from `ErrorCode`."""

    code: int = 0
    message: str = "success"
    data: DataT | None = None

    @property
    def ok(self) -> bool:
        return self.code == ErrorCode.OK


def error_body(code: int, message: str, data: Any = None) -> dict[str, Any]:
    """An error envelope as a plain dict (for exception handlers and tests)."""
    return {"code": int(code), "message": message, "data": data}

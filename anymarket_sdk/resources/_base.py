"""Base classes of the resource namespaces (``client.products`` and friends)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._client import Anymarket, AsyncAnymarket


class SyncResource:
    def __init__(self, client: Anymarket) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncResource:
    def __init__(self, client: AsyncAnymarket) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

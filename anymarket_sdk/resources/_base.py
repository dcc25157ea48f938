"""Base classes of the resource namespaces (``client.products`` and friends)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from .._client import Anymarket, AsyncAnymarket


class _Coded(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def partner_id(self) -> str | None: ...


C = TypeVar("C", bound=_Coded)


def with_partner_id(items: Iterable[C], partner_id: str) -> C | None:
    """The item whose ``partner_id`` is exactly ``partner_id`` (API filters may be fuzzy)."""
    return next((item for item in items if item.partner_id == partner_id), None)


def same_name(item: _Coded, name: str) -> bool:
    """Names compare case-insensitively, as ANYMARKET's panel does."""
    return item.name.casefold() == name.casefold()


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

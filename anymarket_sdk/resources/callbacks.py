"""``client.callbacks``: callback registrations (``/callbacks``).

A registration tells ANYMARKET where to POST its change notifications; parse what arrives
there with ``anymarket_sdk.webhooks``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from .._client import is_loopback_host
from .._core import (
    ModelDecoder,
    NoContent,
    Operation,
    check_limit,
    check_offset,
    require_text,
    route,
)
from .._pagination import Page, PageDecoder, PageMeta
from ..errors import RequestValidationError
from ..models.callbacks import Callback
from ._base import AsyncResource, SyncResource

_URL_MAX = 255


class _PageOrArray(PageDecoder[Callback]):
    """``GET /callbacks`` is documented only by peers ([sdk]): read a page envelope or, in case
    a tenant answers a bare array, that array as a single complete page."""

    def from_json(self, data: Any, conv: Any, request: httpx.Request | None) -> Page[Callback]:
        if isinstance(data, list):
            items: list[Callback] = conv.structure(data, list[Callback])
            n = len(items)
            return Page(
                items=items, meta=PageMeta(size=n, total_elements=n, total_pages=1, number=1)
            )
        return super().from_json(data, conv, request)


_LIST = route("GET", "/callbacks", _PageOrArray(Callback))
_CREATE = route("POST", "/callbacks", ModelDecoder(Callback))
_GET = route("GET", "/callbacks/{id}", ModelDecoder(Callback))
_UPDATE = route("PUT", "/callbacks/{id}", ModelDecoder(Callback))
_DELETE = route("DELETE", "/callbacks/{id}", NoContent())


def check_callback_url(url: str, field: str = "callback.url") -> str:
    """``url`` must be an absolute https URL of at most 255 characters (http only for
    loopback hosts, for local tests); raises ``RequestValidationError`` otherwise."""
    require_text(field, url, max_len=_URL_MAX)
    if url != url.strip() or any(c.isspace() or ord(c) < 32 for c in url):
        raise RequestValidationError(field, "must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as exc:
        raise RequestValidationError(field, f"is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise RequestValidationError(field, "must be an absolute https:// URL")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise RequestValidationError(
            field,
            "must use https: notifications would travel in clear text "
            "(plain http is accepted only for localhost test servers)",
        )
    return url


def _validate(callback: Callback) -> Callback:
    if not isinstance(callback, Callback):
        raise RequestValidationError(
            "callback", f"expected a Callback, got {type(callback).__name__}"
        )
    check_callback_url(callback.url)
    if callback.token is not None:
        require_text("callback.token", callback.token)
    for name in ("order_active", "product_active", "transmission_active", "question_active"):
        value = getattr(callback, name)
        if value is not None and not isinstance(value, bool):
            raise RequestValidationError(f"callback.{name}", "must be a bool or None")
    return callback


def list_op(*, offset: int = 0, limit: int = 50) -> Operation[Page[Callback]]:
    return _LIST.op(params={"offset": check_offset(offset), "limit": check_limit(limit)})


def get_op(callback_id: int) -> Operation[Callback]:
    return _GET.op({"id": callback_id})


def create_op(callback: Callback) -> Operation[Callback]:
    return _CREATE.op(json=_validate(callback))


def update_op(callback_id: int, callback: Callback) -> Operation[Callback]:
    return _UPDATE.op({"id": callback_id}, json=_validate(callback))


def delete_op(callback_id: int) -> Operation[None]:
    return _DELETE.op({"id": callback_id})


def _same_url(a: str, b: str) -> bool:
    return a.strip().rstrip("/") == b.strip().rstrip("/")


class Callbacks(SyncResource):
    def list(self, *, offset: int = 0, limit: int = 50) -> Page[Callback]:
        """One page of registrations (``limit`` 5..100). This route is used by the official
        Java SDK and other integrations but is missing from the API docs."""
        return self._client.send(list_op(offset=offset, limit=limit))

    def iter(self, *, limit: int = 100, max_items: int | None = None) -> Iterator[Callback]:
        """Every registration, fetched lazily page by page."""
        return self._client.iter_items(list_op(limit=limit), max_items=max_items)

    def get(self, callback_id: int) -> Callback:
        return self._client.send(get_op(callback_id))

    def create(self, callback: Callback) -> Callback:
        """Register a callback URL (201); the URL is validated before sending."""
        return self._client.send(create_op(callback))

    def update(self, callback_id: int, callback: Callback) -> Callback:
        """Replace a registration (PUT): send the URL and every flag you want kept."""
        return self._client.send(update_op(callback_id, callback))

    def delete(self, callback_id: int) -> None:
        self._client.send(delete_op(callback_id))

    def find_by_url(self, url: str) -> Callback | None:
        """The registration for ``url`` (a trailing slash is ignored), or ``None``."""
        require_text("url", url)
        for callback in self._client.iter_items(list_op(limit=100)):
            if _same_url(callback.url, url):
                return callback
        return None


class AsyncCallbacks(AsyncResource):
    async def list(self, *, offset: int = 0, limit: int = 50) -> Page[Callback]:
        """One page of registrations (``limit`` 5..100). This route is used by the official
        Java SDK and other integrations but is missing from the API docs."""
        return await self._client.send(list_op(offset=offset, limit=limit))

    def iter(self, *, limit: int = 100, max_items: int | None = None) -> AsyncIterator[Callback]:
        """Every registration, fetched lazily page by page (``async for``)."""
        return self._client.iter_items(list_op(limit=limit), max_items=max_items)

    async def get(self, callback_id: int) -> Callback:
        return await self._client.send(get_op(callback_id))

    async def create(self, callback: Callback) -> Callback:
        """Register a callback URL (201); the URL is validated before sending."""
        return await self._client.send(create_op(callback))

    async def update(self, callback_id: int, callback: Callback) -> Callback:
        """Replace a registration (PUT): send the URL and every flag you want kept."""
        return await self._client.send(update_op(callback_id, callback))

    async def delete(self, callback_id: int) -> None:
        await self._client.send(delete_op(callback_id))

    async def find_by_url(self, url: str) -> Callback | None:
        """The registration for ``url`` (a trailing slash is ignored), or ``None``."""
        require_text("url", url)
        async for callback in self._client.iter_items(list_op(limit=100)):
            if _same_url(callback.url, url):
                return callback
        return None

"""``client.transmissions``: ``/transmissions`` (listings as sent to the marketplaces).

The id these routes take is the one a transmission feed item or a ``TRANSMISSION``
callback carries; pass it on unchanged (the API docs call it the SKU id, the official Java
SDK passes the listing id: the SDK does not translate it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs
import cattrs
import httpx

from .._core import (
    Decoder,
    ModelDecoder,
    Operation,
    check_limit,
    check_offset,
    route,
)
from .._jsonutil import as_array, as_object
from .._pagination import Page, PageDecoder
from ..errors import RequestValidationError
from ..models.enums import Marketplace
from ..models.transmissions import PublicationStatus, Transmission, TransmissionUpdate
from ._base import AsyncResource, SyncResource
from ._validate import upper_code

T = TypeVar("T")

__all__ = [
    "AsyncTransmissions",
    "Transmissions",
    "get_op",
    "list_for_marketplace_op",
    "list_op",
    "update_op",
]


# --- tolerant decoding ----------------------------------------------------------------------


def _transmission_json(data: Any) -> Any:
    """Rewrite the variants of a transmission's JSON to the documented shape:

    - ``marketplaceStatus`` (official Java SDK) is read as ``marketPlaceStatus`` (API docs);
    - ``sku.variations`` as a ``{"Cor": "Azul"}`` map (the docs' ``VariationValue``
      example) is read as the array of ``{description, type{name}}`` objects the other
      examples show.
    """
    d = as_object(data)
    if d is None:
        return data
    if "marketplaceStatus" in d:
        lower = d["marketplaceStatus"]
        upper = d.get("marketPlaceStatus")
        if upper is None or upper == lower:
            d = {k: v for k, v in d.items() if k != "marketplaceStatus"}
            d["marketPlaceStatus"] = lower
    sku = as_object(d.get("sku"))
    if sku is not None and (mapping := as_object(sku.get("variations"))) is not None:
        variations = [{"description": v, "type": {"name": k}} for k, v in mapping.items()]
        d = {**d, "sku": {**sku, "variations": variations}}
    return d


def _page_json(data: Any) -> Any:
    body = as_object(data)
    items = as_array(body.get("content")) if body is not None else None
    if body is None or items is None:
        return data
    return {**body, "content": [_transmission_json(x) for x in items]}


class _Tolerant(Decoder[T]):
    """Rewrites known variants of the wire shape, then decodes with ``inner``."""

    def __init__(self, inner: Decoder[T], fix: Callable[[Any], Any]) -> None:
        self.model = inner.model
        self.empty_ok = inner.empty_ok
        self._inner = inner
        self._fix = fix

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> T:
        return self._inner.from_json(self._fix(data), conv, request)


_LIST = route("GET", "/transmissions", _Tolerant(PageDecoder(Transmission), _page_json))
_GET = route(
    "GET", "/transmissions/{id}", _Tolerant(ModelDecoder(Transmission), _transmission_json)
)
_UPDATE = route(
    "PUT", "/transmissions/{id}", _Tolerant(ModelDecoder(Transmission), _transmission_json)
)
_BY_MARKETPLACE = route(
    "GET",
    "/transmissions/marketplace/{marketplace}",
    _Tolerant(PageDecoder(Transmission), _page_json),
)


# --- request checks -------------------------------------------------------------------------


def _transmission_id(transmission_id: int | str) -> int | str:
    """The id exactly as the feed or callback gave it (a number, or its digits as text)."""
    if isinstance(transmission_id, bool) or not isinstance(transmission_id, int | str):
        raise RequestValidationError(
            "transmission_id", f"must be an id (int or digits), got {transmission_id!r}"
        )
    if isinstance(transmission_id, str) and not (
        transmission_id.isascii() and transmission_id.isdigit()
    ):
        raise RequestValidationError(
            "transmission_id", f"must be the id from the feed or callback, got {transmission_id!r}"
        )
    if isinstance(transmission_id, int) and transmission_id < 0:
        raise RequestValidationError("transmission_id", f"must not be negative: {transmission_id}")
    return transmission_id


def _validate_update(update: TransmissionUpdate) -> TransmissionUpdate:
    if not isinstance(update, TransmissionUpdate):
        raise RequestValidationError(
            "update", f"expected a TransmissionUpdate, got {type(update).__name__}"
        )
    if update.publication_status is None and update.market_place_status is None:
        if not update.extra:
            raise RequestValidationError(
                "update", "nothing to change: set publication_status or market_place_status"
            )
        return update
    if update.market_place_status is not None and len(update.market_place_status) > 255:
        raise RequestValidationError(
            "update.market_place_status",
            f"at most 255 characters, got {len(update.market_place_status)}",
        )
    if update.publication_status is not None:
        code = upper_code("update.publication_status", update.publication_status)
        update = attrs.evolve(update, publication_status=PublicationStatus(code))
    return update


def _status_filter(statuses: Sequence[PublicationStatus | str]) -> str | None:
    if isinstance(statuses, str):
        raise RequestValidationError(
            "status_filter", "pass a list of publication statuses, not one string"
        )
    codes = [upper_code(f"status_filter[{i}]", s) for i, s in enumerate(statuses)]
    for i, c in enumerate(codes):
        if "," in c:
            raise RequestValidationError(f"status_filter[{i}]", f"must not contain ',': {c!r}")
    return ",".join(codes) or None


# --- operations -----------------------------------------------------------------------------


def list_op(
    *, offset: int = 0, limit: int = 50, sort: str | None = None
) -> Operation[Page[Transmission]]:
    return _LIST.op(
        params={"offset": check_offset(offset), "limit": check_limit(limit), "sort": sort}
    )


def get_op(transmission_id: int | str) -> Operation[Transmission]:
    return _GET.op({"id": _transmission_id(transmission_id)})


def update_op(transmission_id: int | str, update: TransmissionUpdate) -> Operation[Transmission]:
    body = _validate_update(update)
    return _UPDATE.op({"id": _transmission_id(transmission_id)}, json=body)


def list_for_marketplace_op(
    marketplace: Marketplace | str,
    *,
    offset: int = 0,
    limit: int = 50,
    sort: str | None = None,
    status_filter: Sequence[PublicationStatus | str] = (),
) -> Operation[Page[Transmission]]:
    return _BY_MARKETPLACE.op(
        {"marketplace": upper_code("marketplace", marketplace)},
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "sort": sort,
            "statusFilter": _status_filter(status_filter),
        },
    )


# --- resources ------------------------------------------------------------------------------


class Transmissions(SyncResource):
    def list(
        self, *, offset: int = 0, limit: int = 50, sort: str | None = None
    ) -> Page[Transmission]:
        """One page of transmissions to the seller's e-commerce channel (``limit`` 5..100)."""
        return self._client.send(list_op(offset=offset, limit=limit, sort=sort))

    def iter(
        self, *, limit: int = 100, sort: str | None = None, max_items: int | None = None
    ) -> Iterator[Transmission]:
        """Every transmission, lazily."""
        return self._client.iter_items(list_op(limit=limit, sort=sort), max_items=max_items)

    def get(self, transmission_id: int | str) -> Transmission:
        """One transmission; ``transmission_id`` as the feed or callback gave it."""
        return self._client.send(get_op(transmission_id))

    def update(self, transmission_id: int | str, update: TransmissionUpdate) -> Transmission:
        """Report the listing's status back to ANYMARKET (``publicationStatus`` and the
        marketplace's own status text)."""
        return self._client.send(update_op(transmission_id, update))

    def list_for_marketplace(
        self,
        marketplace: Marketplace | str,
        *,
        offset: int = 0,
        limit: int = 50,
        sort: str | None = None,
        status_filter: Sequence[PublicationStatus | str] = (),
    ) -> Page[Transmission]:
        """One page of one marketplace's transmissions, optionally only those whose
        publication status is in ``status_filter``."""
        return self._client.send(
            list_for_marketplace_op(
                marketplace, offset=offset, limit=limit, sort=sort, status_filter=status_filter
            )
        )

    def iter_for_marketplace(
        self,
        marketplace: Marketplace | str,
        *,
        limit: int = 100,
        sort: str | None = None,
        status_filter: Sequence[PublicationStatus | str] = (),
        max_items: int | None = None,
    ) -> Iterator[Transmission]:
        """Every transmission of one marketplace, lazily."""
        op = list_for_marketplace_op(
            marketplace, limit=limit, sort=sort, status_filter=status_filter
        )
        return self._client.iter_items(op, max_items=max_items)


class AsyncTransmissions(AsyncResource):
    async def list(
        self, *, offset: int = 0, limit: int = 50, sort: str | None = None
    ) -> Page[Transmission]:
        """One page of transmissions to the seller's e-commerce channel (``limit`` 5..100)."""
        return await self._client.send(list_op(offset=offset, limit=limit, sort=sort))

    def iter(
        self, *, limit: int = 100, sort: str | None = None, max_items: int | None = None
    ) -> AsyncIterator[Transmission]:
        """Every transmission, lazily (``async for``)."""
        return self._client.iter_items(list_op(limit=limit, sort=sort), max_items=max_items)

    async def get(self, transmission_id: int | str) -> Transmission:
        """One transmission; ``transmission_id`` as the feed or callback gave it."""
        return await self._client.send(get_op(transmission_id))

    async def update(self, transmission_id: int | str, update: TransmissionUpdate) -> Transmission:
        """Report the listing's status back to ANYMARKET (``publicationStatus`` and the
        marketplace's own status text)."""
        return await self._client.send(update_op(transmission_id, update))

    async def list_for_marketplace(
        self,
        marketplace: Marketplace | str,
        *,
        offset: int = 0,
        limit: int = 50,
        sort: str | None = None,
        status_filter: Sequence[PublicationStatus | str] = (),
    ) -> Page[Transmission]:
        """One page of one marketplace's transmissions, optionally only those whose
        publication status is in ``status_filter``."""
        return await self._client.send(
            list_for_marketplace_op(
                marketplace, offset=offset, limit=limit, sort=sort, status_filter=status_filter
            )
        )

    def iter_for_marketplace(
        self,
        marketplace: Marketplace | str,
        *,
        limit: int = 100,
        sort: str | None = None,
        status_filter: Sequence[PublicationStatus | str] = (),
        max_items: int | None = None,
    ) -> AsyncIterator[Transmission]:
        """Every transmission of one marketplace, lazily (``async for``)."""
        op = list_for_marketplace_op(
            marketplace, limit=limit, sort=sort, status_filter=status_filter
        )
        return self._client.iter_items(op, max_items=max_items)

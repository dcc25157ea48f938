"""``client.fulfillment``: fiscal documents of marketplace fulfillment
(``GET /fulfillment/{marketplace}/documents``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

from .._core import Operation, check_limit, check_offset, route
from .._pagination import Page, PageDecoder
from ..errors import RequestValidationError
from ..models.enums import Marketplace
from ..models.logistics import FulfillmentDocument, FulfillmentDocumentType
from ._base import AsyncResource, SyncResource
from ._validate import marketplace_code

__all__ = ["AsyncFulfillment", "Fulfillment", "documents_op"]

_DOCUMENTS = route("GET", "/fulfillment/{marketplace}/documents", PageDecoder(FulfillmentDocument))


def _positive_id(field: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RequestValidationError(field, f"must be a positive id, got {value!r}")
    return value


def _aware(field: str, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise RequestValidationError(field, f"must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise RequestValidationError(
            field, "naive datetime: pass a timezone-aware datetime (ANYMARKET needs the offset)"
        )
    return value


def _doc_type(value: FulfillmentDocumentType | str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError(
            "document_type", f"expected a document type such as SALE, got {value!r}"
        )
    member = FulfillmentDocumentType(value)
    # known types in the documented spelling; unknown ones exactly as given
    return member.value


def documents_op(
    marketplace: Marketplace | str,
    *,
    offset: int = 0,
    limit: int = 50,
    order_id: int | None = None,
    document_id: int | None = None,
    document_type: FulfillmentDocumentType | str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> Operation[Page[FulfillmentDocument]]:
    after = _aware("created_after", created_after)
    before = _aware("created_before", created_before)
    if after is not None and before is not None and after > before:
        raise RequestValidationError("created_after", "is later than created_before")
    return _DOCUMENTS.op(
        {"marketplace": marketplace_code("marketplace", marketplace).value},
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "idOrder": _positive_id("order_id", order_id),
            "idDocument": _positive_id("document_id", document_id),
            "type": _doc_type(document_type),
            "createdAfter": after,
            "createdBefore": before,
        },
    )


class Fulfillment(SyncResource):
    def list(
        self,
        marketplace: Marketplace | str,
        *,
        offset: int = 0,
        limit: int = 50,
        order_id: int | None = None,
        document_id: int | None = None,
        document_type: FulfillmentDocumentType | str | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
    ) -> Page[FulfillmentDocument]:
        """One page of the fiscal documents the marketplace's fulfillment issued
        (``limit`` 5..100), optionally for one order, one document or one type, and
        within a creation window (timezone-aware datetimes)."""
        return self._client.send(
            documents_op(
                marketplace,
                offset=offset,
                limit=limit,
                order_id=order_id,
                document_id=document_id,
                document_type=document_type,
                created_after=created_after,
                created_before=created_before,
            )
        )

    def iter(
        self,
        marketplace: Marketplace | str,
        *,
        limit: int = 100,
        order_id: int | None = None,
        document_id: int | None = None,
        document_type: FulfillmentDocumentType | str | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        max_items: int | None = None,
    ) -> Iterator[FulfillmentDocument]:
        """Every matching document, fetched lazily page by page."""
        op = documents_op(
            marketplace,
            limit=limit,
            order_id=order_id,
            document_id=document_id,
            document_type=document_type,
            created_after=created_after,
            created_before=created_before,
        )
        return self._client.iter_items(op, max_items=max_items)


class AsyncFulfillment(AsyncResource):
    async def list(
        self,
        marketplace: Marketplace | str,
        *,
        offset: int = 0,
        limit: int = 50,
        order_id: int | None = None,
        document_id: int | None = None,
        document_type: FulfillmentDocumentType | str | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
    ) -> Page[FulfillmentDocument]:
        """One page of the fiscal documents the marketplace's fulfillment issued
        (``limit`` 5..100), optionally for one order, one document or one type, and
        within a creation window (timezone-aware datetimes)."""
        return await self._client.send(
            documents_op(
                marketplace,
                offset=offset,
                limit=limit,
                order_id=order_id,
                document_id=document_id,
                document_type=document_type,
                created_after=created_after,
                created_before=created_before,
            )
        )

    def iter(
        self,
        marketplace: Marketplace | str,
        *,
        limit: int = 100,
        order_id: int | None = None,
        document_id: int | None = None,
        document_type: FulfillmentDocumentType | str | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[FulfillmentDocument]:
        """Every matching document, fetched lazily page by page (``async for``)."""
        op = documents_op(
            marketplace,
            limit=limit,
            order_id=order_id,
            document_id=document_id,
            document_type=document_type,
            created_after=created_after,
            created_before=created_before,
        )
        return self._client.iter_items(op, max_items=max_items)

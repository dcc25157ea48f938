"""``client.freight``: freight quotes (``POST /freight/quotes``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import attrs

from .._core import ModelDecoder, Operation, check_positive, require_text, route
from ..errors import RequestValidationError
from ..models.logistics import FreightItem, FreightQuoteRequest, FreightQuoteResult
from ._base import AsyncResource, SyncResource
from ._validate import marketplace_code, normalise_zip_code

__all__ = ["AsyncFreight", "Freight", "quote_op"]

# A quote only reads (nothing is created), so retrying it after a transient failure is safe.
_QUOTE = route("POST", "/freight/quotes", ModelDecoder(FreightQuoteResult), idempotent=True)

MAX_AMOUNT: Final = 1_000_000


def _check_item(i: int, item: FreightItem) -> None:
    field = f"request.products[{i}]"
    if not isinstance(item, FreightItem):
        raise RequestValidationError(field, f"expected a FreightItem, got {type(item).__name__}")
    if not isinstance(item.sku_id, str):
        raise RequestValidationError(f"{field}.sku_id", "must be the item's code as text")
    require_text(f"{field}.sku_id", item.sku_id)
    amount = item.amount
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_AMOUNT:
        raise RequestValidationError(
            f"{field}.amount", f"must be an integer in 0..{MAX_AMOUNT}, got {amount!r}"
        )
    dims = item.dimensions
    if dims is not None:
        for name in ("height", "width", "weight", "length"):
            check_positive(f"{field}.dimensions.{name}", getattr(dims, name), allow_zero=True)


def _validate(request: FreightQuoteRequest) -> FreightQuoteRequest:
    if not isinstance(request, FreightQuoteRequest):
        raise RequestValidationError(
            "request", f"expected a FreightQuoteRequest, got {type(request).__name__}"
        )
    marketplace = marketplace_code("request.marketplace", request.marketplace)
    zip_code = normalise_zip_code("request.zip_code", request.zip_code)
    if not request.products:
        raise RequestValidationError("request.products", "at least one product is required")
    seen: set[str] = set()
    for i, item in enumerate(request.products):
        _check_item(i, item)
        if item.sku_id in seen:
            raise RequestValidationError(
                f"request.products[{i}].sku_id",
                f"{item.sku_id!r} appears twice: send one line with the total amount",
            )
        seen.add(item.sku_id)
    pct = request.additional_percentual
    if pct is not None and (not isinstance(pct, Decimal) or not pct.is_finite()):
        raise RequestValidationError(
            "request.additional_percentual", f"must be a finite Decimal, got {pct!r}"
        )
    timeout = request.timeout_ms
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int) or not 0 <= timeout < 2**31
    ):
        raise RequestValidationError(
            "request.timeout_ms", f"must be a non-negative number of milliseconds, got {timeout!r}"
        )
    if request.account_name is not None:
        require_text("request.account_name", request.account_name)
    account_id = request.account_id
    if account_id is not None and (
        isinstance(account_id, bool) or not isinstance(account_id, int) or account_id <= 0
    ):
        raise RequestValidationError(
            "request.account_id", f"must be a positive account id, got {account_id!r}"
        )
    return attrs.evolve(request, marketplace=marketplace, zip_code=zip_code)


def quote_op(request: FreightQuoteRequest) -> Operation[FreightQuoteResult]:
    return _QUOTE.op(json=_validate(request))


class Freight(SyncResource):
    def quote(self, request: FreightQuoteRequest) -> FreightQuoteResult:
        """Quote the freight of ``request.products`` to ``request.zip_code`` with the
        carriers configured for ``request.marketplace``."""
        return self._client.send(quote_op(request))


class AsyncFreight(AsyncResource):
    async def quote(self, request: FreightQuoteRequest) -> FreightQuoteResult:
        """Quote the freight of ``request.products`` to ``request.zip_code`` with the
        carriers configured for ``request.marketplace``."""
        return await self._client.send(quote_op(request))

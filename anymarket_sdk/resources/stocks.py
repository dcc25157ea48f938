"""``client.stocks``: stock per SKU and warehouse, chunked stock pushes, reservations and
fulfillment stock (``/stocks``, ``/skus/{skuId}/stocks/reservation``,
``/stocks/fulfillment/{marketplace}/{idSku}``).

Bulk pushes (``create``, ``update``, ``update_batch``) validate every item first, then send
one request per chunk and return a ``StockUpdateResult``:

- a 204 (or any 2xx without per-SKU outcomes) means the whole chunk was applied;
- a 2xx body ``{"success": ..., "errors": ...}`` marks only the items it lists under
  ``errors`` as failed;
- a 4xx refusal of a chunk (400, 404, 409, 422, ...) marks every item of that chunk failed
  with the server's message, and the push goes on with the next chunk;
- 401, 403, 408, 429, 5xx and connection errors propagate (after the client's retries) as
  the SDK's typed exceptions. The result so far is attached to the exception:
  ``partial_result(exc)``; its ``pending`` items (the chunk that raised and the chunks never
  sent) are neither succeeded nor failed.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
import cattrs
import httpx

from .. import _converter as cv
from .._core import (
    Decoder,
    ListDecoder,
    Operation,
    Route,
    check_limit,
    check_offset,
    check_positive,
    decode_json,
    require_text,
    route,
)
from .._jsonutil import as_array, as_object
from .._logging import mask
from .._pagination import Page, PageDecoder
from ..errors import AnymarketError, APIStatusError, RequestValidationError
from ..models.enums import Marketplace
from ..models.stock import (
    FulfillmentStock,
    StockBatchEntry,
    StockBatchResponse,
    StockItem,
    StockReservation,
    StockUpdate,
    StockUpdateFailure,
    StockUpdateResult,
)
from ._base import AsyncResource, SyncResource
from ._validate import upper_code

if TYPE_CHECKING:
    from .._client import Anymarket, AsyncAnymarket

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_CHUNK_SIZE",
    "AsyncStocks",
    "Stocks",
    "partial_result",
]

DEFAULT_CHUNK_SIZE: Final = 100
MAX_CHUNK_SIZE: Final = 200
"""ANYMARKET documents at most 200 items per stock request (SPEC PUT /stocks)."""
"""The SDK's upper bound for ``chunk_size``. ANYMARKET documents 200 items per request."""

RESULT_ATTRIBUTE: Final = "stock_update_result"

# --- decoding of push answers -------------------------------------------------------------

_ID_KEYS: Final = ("id", "skuId", "idSku")
_PARTNER_KEYS: Final = ("partnerId", "sku", "skuPartnerId")
_LOCAL_KEYS: Final = ("stockLocalId", "idStockLocal")
_MESSAGE_KEYS: Final = ("message", "error", "msg", "detail", "details", "description")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    return cv.dumps(value).decode()


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.adjusted() < 30
        and value == value.to_integral_value()
    ):
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _first(d: dict[str, Any], keys: Sequence[str]) -> Any:
    return next((d[k] for k in keys if d.get(k) is not None), None)


def _looks_like_entry(d: dict[str, Any]) -> bool:
    """``{"id": 1, "message": "..."}`` describes one SKU; ``{"SKU1": "..."}`` is a map."""
    has_message = any(k in d for k in _MESSAGE_KEYS)
    ids = sum(k in d for k in (*_ID_KEYS, *_PARTNER_KEYS))
    return ids >= 1 and (has_message or ids >= 2)


def _entry_from_object(d: dict[str, Any]) -> StockBatchEntry:
    sku_id = _int(_first(d, _ID_KEYS))
    partner = _text(_first(d, _PARTNER_KEYS))
    known = {*_ID_KEYS, *_PARTNER_KEYS, *_LOCAL_KEYS, *_MESSAGE_KEYS}
    return StockBatchEntry(
        key=partner if partner is not None else (None if sku_id is None else str(sku_id)),
        sku_id=sku_id,
        partner_id=partner,
        stock_local_id=_int(_first(d, _LOCAL_KEYS)),
        message=_text(_first(d, _MESSAGE_KEYS)),
        extra={k: v for k, v in d.items() if k not in known},
    )


def _entry_from_pair(key: str, value: Any) -> StockBatchEntry:
    if (d := as_object(value)) is not None:
        inner = _entry_from_object(d)
        return attrs.evolve(inner, key=key)
    return StockBatchEntry(key=key, message=_text(value))


def _entries(raw: Any) -> list[StockBatchEntry]:
    """Per-SKU entries from a map ``{sku: message}``, a list of such maps, a list of objects
    naming the SKU by id or partnerId, or a list of bare SKU keys."""
    if raw is None:
        return []
    if (d := as_object(raw)) is not None:
        if _looks_like_entry(d):
            return [_entry_from_object(d)]
        return [_entry_from_pair(str(k), v) for k, v in d.items()]
    if (items := as_array(raw)) is not None:
        out: list[StockBatchEntry] = []
        for x in items:
            out.extend(_entries(x) if as_object(x) is not None else [StockBatchEntry(key=_text(x))])
        return out
    return [StockBatchEntry(message=_text(raw))]


class _PushDecoder(Decoder[StockBatchResponse | None]):
    """A stock push answer: ``None`` when the chunk was applied as a whole (204, empty body
    or a body without per-SKU outcomes), else the parsed ``{"success", "errors"}``."""

    empty_ok = True
    model = StockBatchResponse

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> StockBatchResponse | None:
        body = as_object(data)
        if body is None or ("success" not in body and "errors" not in body):
            return None
        return StockBatchResponse(
            success=_entries(body.get("success")),
            errors=_entries(body.get("errors")),
            extra={k: v for k, v in body.items() if k not in ("success", "errors")},
        )

    def __call__(
        self, response: httpx.Response, conv: cattrs.Converter
    ) -> StockBatchResponse | None:
        if not response.content.strip():
            return None
        try:
            data = cv.loads(response.content)
        except ValueError:
            return None  # a 2xx text answer: ANYMARKET accepted the chunk
        return decode_json(self, data, conv, response.request)


_PUSH: Final = _PushDecoder()

_LIST = route("GET", "/stocks", PageDecoder(StockItem))
_CREATE = route("POST", "/stocks", _PUSH)
_UPDATE = route("PUT", "/stocks", _PUSH)
_UPDATE_BATCH = route("PUT", "/stocks/batch", _PUSH)
_RESERVATIONS = route("GET", "/skus/{skuId}/stocks/reservation", ListDecoder(StockReservation))
_FULFILLMENT = route(
    "GET", "/stocks/fulfillment/{marketplace}/{idSku}", ListDecoder(FulfillmentStock)
)

# --- validation ---------------------------------------------------------------------------


def _check_id(field: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RequestValidationError(field, f"must be a positive integer, got {value!r}")


def _check_days(field: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RequestValidationError(field, f"must be an integer >= 0 (days), got {value!r}")


def _check_item(field: str, item: object, *, creating: bool) -> StockUpdate:
    if not isinstance(item, StockUpdate):
        raise RequestValidationError(field, f"expected a StockUpdate, got {type(item).__name__}")
    if item.partner_id is None and item.sku_id is None:
        raise RequestValidationError(
            field, "name the SKU: set partner_id (ERP code), sku_id (ANYMARKET id) or both"
        )
    if item.partner_id is not None:
        if not isinstance(item.partner_id, str):
            raise RequestValidationError(f"{field}.partner_id", "must be a string")
        require_text(f"{field}.partner_id", item.partner_id, max_len=120)
    _check_id(f"{field}.sku_id", item.sku_id)
    _check_id(f"{field}.stock_local_id", item.stock_local_id)
    check_positive(f"{field}.quantity", item.quantity, allow_zero=True)
    check_positive(f"{field}.cost", item.cost, allow_zero=True)
    _check_days(f"{field}.additional_time", item.additional_time)
    if item.sku_location_description is not None and not isinstance(
        item.sku_location_description, str
    ):
        raise RequestValidationError(f"{field}.sku_location_description", "must be a string")
    if creating and item.quantity is None:
        raise RequestValidationError(f"{field}.quantity", "is required to create a stock row")
    if (
        item.quantity is None
        and item.cost is None
        and item.additional_time is None
        and item.sku_location_description is None
    ):
        raise RequestValidationError(
            field, "nothing to change: set quantity, cost, additional_time or location"
        )
    return item


def _keys(item: StockUpdate) -> list[tuple[str, object, int | None]]:
    keys: list[tuple[str, object, int | None]] = []
    if item.partner_id is not None:
        keys.append(("partner_id", item.partner_id, item.stock_local_id))
    if item.sku_id is not None:
        keys.append(("sku_id", item.sku_id, item.stock_local_id))
    return keys


def check_chunk_size(chunk_size: int) -> int:
    if (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, int)
        or not 1 <= chunk_size <= MAX_CHUNK_SIZE
    ):
        raise RequestValidationError(
            "chunk_size", f"must be an integer in 1..{MAX_CHUNK_SIZE}, got {chunk_size!r}"
        )
    return chunk_size


def validate_items(items: Iterable[StockUpdate], *, creating: bool) -> list[StockUpdate]:
    """Check every item (and that no SKU appears twice for one warehouse) before sending."""
    given: object = items
    if isinstance(given, StockUpdate):
        raise RequestValidationError("items", "pass an iterable of StockUpdate (e.g. a list)")
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise RequestValidationError("items", "pass an iterable of StockUpdate")
    checked: list[StockUpdate] = []
    seen: dict[tuple[str, object, int | None], int] = {}
    for i, raw in enumerate(given):
        item = _check_item(f"items[{i}]", raw, creating=creating)
        for key in _keys(item):
            if key in seen:
                where = "the default warehouse" if key[2] is None else f"warehouse {key[2]}"
                raise RequestValidationError(
                    f"items[{i}]",
                    f"same SKU ({key[0]}={key[1]!r}) and {where} as items[{seen[key]}]",
                )
            seen[key] = i
        checked.append(item)
    return checked


# --- chunked pushes: the plan and the tally, shared by both clients -----------------------


@attrs.frozen
class PushChunk:
    """One request of a push: the items (with their input positions) and the operation."""

    positions: tuple[int, ...]
    items: tuple[StockUpdate, ...]
    op: Operation[StockBatchResponse | None]


def push_plan(
    r: Route[StockBatchResponse | None],
    items: Iterable[StockUpdate],
    chunk_size: int,
    *,
    creating: bool = False,
) -> list[PushChunk]:
    """Validate everything, then split into one operation per chunk (pure, no I/O)."""
    check_chunk_size(chunk_size)
    checked = validate_items(items, creating=creating)
    plan: list[PushChunk] = []
    for start in range(0, len(checked), chunk_size):
        part = tuple(checked[start : start + chunk_size])
        positions = tuple(range(start, start + len(part)))
        plan.append(PushChunk(positions=positions, items=part, op=r.op(json=list(part))))
    return plan


def create_plan(items: Iterable[StockUpdate], chunk_size: int) -> list[PushChunk]:
    return push_plan(_CREATE, items, chunk_size, creating=True)


def update_plan(items: Iterable[StockUpdate], chunk_size: int) -> list[PushChunk]:
    return push_plan(_UPDATE, items, chunk_size)


def update_batch_plan(items: Iterable[StockUpdate], chunk_size: int) -> list[PushChunk]:
    return push_plan(_UPDATE_BATCH, items, chunk_size)


def _matches(entry: StockBatchEntry, item: StockUpdate) -> bool:
    hit = (
        (entry.sku_id is not None and entry.sku_id == item.sku_id)
        or (entry.partner_id is not None and entry.partner_id == item.partner_id)
        or (
            entry.key is not None
            and (
                entry.key == item.partner_id
                or (item.sku_id is not None and entry.key == str(item.sku_id))
            )
        )
    )
    if hit and entry.stock_local_id is not None and item.stock_local_id is not None:
        return entry.stock_local_id == item.stock_local_id
    return hit


def _chunk_refused(exc: APIStatusError) -> bool:
    """A 4xx about the chunk's data; 401/403 (credentials), 408 and 429 (the server is not
    taking requests) are not about the data and stop the push."""
    return 400 <= exc.status_code < 500 and exc.status_code not in (401, 403, 408, 429)


def _refusal_message(exc: APIStatusError) -> str:
    msg = exc.server_message
    if msg is None:
        return str(exc)
    if exc.field_errors:
        msg += " (" + "; ".join(f"{e.field}: {e.message}" for e in exc.field_errors) + ")"
    return mask(msg)


class PushTally:
    """Collects the outcome of each chunk; the sync and async loops only send."""

    def __init__(self, plan: Sequence[PushChunk]) -> None:
        self._plan = plan
        self._done = 0
        self._succeeded: list[StockUpdate] = []
        self._failed: list[StockUpdateFailure] = []
        self._unmatched: list[StockBatchEntry] = []

    def answered(self, chunk: PushChunk, response: httpx.Response) -> None:
        body = _PUSH(response, cv.DEFAULT_CONVERTER)
        self._done += 1
        errors = body.errors if body is not None else []
        used: set[int] = set()
        for pos, item in zip(chunk.positions, chunk.items, strict=True):
            entry = next((i for i, e in enumerate(errors) if _matches(e, item)), None)
            if entry is None:
                self._succeeded.append(item)
                continue
            used.add(entry)
            self._failed.append(
                StockUpdateFailure(
                    item=item,
                    index=pos,
                    message=errors[entry].message,
                    status_code=response.status_code,
                )
            )
        self._unmatched.extend(e for i, e in enumerate(errors) if i not in used)

    def refused(self, chunk: PushChunk, exc: APIStatusError) -> None:
        self._done += 1
        message = _refusal_message(exc)
        self._failed.extend(
            StockUpdateFailure(item=item, index=pos, message=message, status_code=exc.status_code)
            for pos, item in zip(chunk.positions, chunk.items, strict=True)
        )

    def result(self) -> StockUpdateResult:
        pending = [item for chunk in self._plan[self._done :] for item in chunk.items]
        return StockUpdateResult(
            succeeded=list(self._succeeded),
            failed=sorted(self._failed, key=lambda f: f.index),
            requests=self._done,
            pending=pending,
            unmatched_errors=list(self._unmatched),
        )

    def stop(self, exc: AnymarketError) -> None:
        """Attach the result so far to the exception that ends the push."""
        result = self.result()
        setattr(exc, RESULT_ATTRIBUTE, result)
        exc.add_note(
            f"stock push stopped after {result.requests} of {len(self._plan)} request(s): "
            f"{len(result.succeeded)} succeeded, {len(result.failed)} failed, "
            f"{len(result.pending)} pending (see anymarket_sdk.resources.stocks.partial_result)"
        )


def partial_result(exc: BaseException) -> StockUpdateResult | None:
    """The ``StockUpdateResult`` of a push that ``exc`` interrupted, or ``None``.

    ::

        try:
            result = am.stocks.update(items)
        except AnymarketError as exc:
            done = partial_result(exc)  # succeeded / failed so far, pending = not applied
            raise
    """
    result = getattr(exc, RESULT_ATTRIBUTE, None)
    return result if isinstance(result, StockUpdateResult) else None


def run_push(client: Anymarket, plan: Sequence[PushChunk]) -> StockUpdateResult:
    tally = PushTally(plan)
    for chunk in plan:
        try:
            response = client.send_raw(chunk.op)
        except APIStatusError as exc:
            if not _chunk_refused(exc):
                tally.stop(exc)
                raise
            tally.refused(chunk, exc)
        except AnymarketError as exc:
            tally.stop(exc)
            raise
        else:
            tally.answered(chunk, response)
    return tally.result()


async def run_push_async(client: AsyncAnymarket, plan: Sequence[PushChunk]) -> StockUpdateResult:
    tally = PushTally(plan)
    for chunk in plan:
        try:
            response = await client.send_raw(chunk.op)
        except APIStatusError as exc:
            if not _chunk_refused(exc):
                tally.stop(exc)
                raise
            tally.refused(chunk, exc)
        except AnymarketError as exc:
            tally.stop(exc)
            raise
        else:
            tally.answered(chunk, response)
    return tally.result()


# --- reads --------------------------------------------------------------------------------

_SORT_DIRECTIONS: Final = frozenset({"ASC", "DESC"})


def _sort_direction(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).upper()
    if text not in _SORT_DIRECTIONS:
        raise RequestValidationError("sort_direction", f"must be ASC or DESC, got {value!r}")
    return text


def list_op(
    *,
    offset: int = 0,
    limit: int = 50,
    sku_id: int | None = None,
    stock_local_id: int | None = None,
    partner_id: str | None = None,
    sort: str | None = None,
    sort_direction: str | None = None,
    has_reservation: bool | None = None,
) -> Operation[Page[StockItem]]:
    _check_id("sku_id", sku_id)
    _check_id("stock_local_id", stock_local_id)
    if partner_id is not None:
        require_text("partner_id", partner_id)
    return _LIST.op(
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "idSku": sku_id,
            "idStockLocal": stock_local_id,
            "sku": partner_id,
            "sort": sort,
            "sortDirection": _sort_direction(sort_direction),
            "hasReservation": has_reservation,
        }
    )


def reservations_op(sku_id: int) -> Operation[list[StockReservation]]:
    _check_id("sku_id", sku_id)
    return _RESERVATIONS.op({"skuId": sku_id})


def fulfillment_op(
    marketplace: Marketplace | str, sku_id: int
) -> Operation[list[FulfillmentStock]]:
    _check_id("sku_id", sku_id)
    return _FULFILLMENT.op({"marketplace": upper_code("marketplace", marketplace), "idSku": sku_id})


def _rows_of(rows: Iterable[StockItem], partner_id: str) -> builtins.list[StockItem]:
    """Rows of exactly this SKU (the ``sku`` filter may match loosely)."""
    return [r for r in rows if r.partner_id in (None, partner_id)]


class Stocks(SyncResource):
    def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        sku_id: int | None = None,
        stock_local_id: int | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
        sort_direction: str | None = None,
        has_reservation: bool | None = None,
    ) -> Page[StockItem]:
        """One page of stock rows (one per SKU and warehouse; ``limit`` 5..100).

        Filters: ``sku_id`` (ANYMARKET SKU id), ``stock_local_id`` (warehouse),
        ``partner_id`` (the SKU's ERP code), ``has_reservation``; ``sort_direction`` is ASC
        or DESC."""
        return self._client.send(
            list_op(
                offset=offset,
                limit=limit,
                sku_id=sku_id,
                stock_local_id=stock_local_id,
                partner_id=partner_id,
                sort=sort,
                sort_direction=sort_direction,
                has_reservation=has_reservation,
            )
        )

    def iter(
        self,
        *,
        limit: int = 100,
        sku_id: int | None = None,
        stock_local_id: int | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
        sort_direction: str | None = None,
        has_reservation: bool | None = None,
        max_items: int | None = None,
    ) -> Iterator[StockItem]:
        """Every stock row matching the filters, fetched lazily page by page."""
        op = list_op(
            limit=limit,
            sku_id=sku_id,
            stock_local_id=stock_local_id,
            partner_id=partner_id,
            sort=sort,
            sort_direction=sort_direction,
            has_reservation=has_reservation,
        )
        return self._client.iter_items(op, max_items=max_items)

    def for_sku(self, partner_id: str) -> builtins.list[StockItem]:
        """Every stock row (one per warehouse) of the SKU with this ERP code."""
        return _rows_of(self.iter(partner_id=partner_id), partner_id)

    def create(
        self, items: Iterable[StockUpdate], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> StockUpdateResult:
        """Create stock rows (``POST /stocks``; ``quantity`` required), ``chunk_size`` items
        per request."""
        return run_push(self._client, create_plan(items, chunk_size))

    def update(
        self, items: Iterable[StockUpdate], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> StockUpdateResult:
        """Set quantity, cost, crossdocking or location (``PUT /stocks``), ``chunk_size``
        items per request. Values are absolute, so re-sending is safe."""
        return run_push(self._client, update_plan(items, chunk_size))

    def update_batch(
        self, items: Iterable[StockUpdate], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> StockUpdateResult:
        """Like ``update`` through ``PUT /stocks/batch``, which reports per-SKU outcomes."""
        return run_push(self._client, update_batch_plan(items, chunk_size))

    def reservations(self, sku_id: int) -> builtins.list[StockReservation]:
        """Stock held by marketplace orders for this SKU (ANYMARKET SKU id)."""
        return self._client.send(reservations_op(sku_id))

    def fulfillment(
        self, marketplace: Marketplace | str, sku_id: int
    ) -> builtins.list[FulfillmentStock]:
        """The SKU's stock in the marketplace's own distribution centres (read-only)."""
        return self._client.send(fulfillment_op(marketplace, sku_id))


class AsyncStocks(AsyncResource):
    async def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        sku_id: int | None = None,
        stock_local_id: int | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
        sort_direction: str | None = None,
        has_reservation: bool | None = None,
    ) -> Page[StockItem]:
        """One page of stock rows (one per SKU and warehouse; ``limit`` 5..100).

        Filters: ``sku_id`` (ANYMARKET SKU id), ``stock_local_id`` (warehouse),
        ``partner_id`` (the SKU's ERP code), ``has_reservation``; ``sort_direction`` is ASC
        or DESC."""
        return await self._client.send(
            list_op(
                offset=offset,
                limit=limit,
                sku_id=sku_id,
                stock_local_id=stock_local_id,
                partner_id=partner_id,
                sort=sort,
                sort_direction=sort_direction,
                has_reservation=has_reservation,
            )
        )

    def iter(
        self,
        *,
        limit: int = 100,
        sku_id: int | None = None,
        stock_local_id: int | None = None,
        partner_id: str | None = None,
        sort: str | None = None,
        sort_direction: str | None = None,
        has_reservation: bool | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[StockItem]:
        """Every stock row matching the filters, fetched lazily page by page (``async for``)."""
        op = list_op(
            limit=limit,
            sku_id=sku_id,
            stock_local_id=stock_local_id,
            partner_id=partner_id,
            sort=sort,
            sort_direction=sort_direction,
            has_reservation=has_reservation,
        )
        return self._client.iter_items(op, max_items=max_items)

    async def for_sku(self, partner_id: str) -> builtins.list[StockItem]:
        """Every stock row (one per warehouse) of the SKU with this ERP code."""
        return _rows_of([r async for r in self.iter(partner_id=partner_id)], partner_id)

    async def create(
        self, items: Iterable[StockUpdate], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> StockUpdateResult:
        """Create stock rows (``POST /stocks``; ``quantity`` required), ``chunk_size`` items
        per request."""
        return await run_push_async(self._client, create_plan(items, chunk_size))

    async def update(
        self, items: Iterable[StockUpdate], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> StockUpdateResult:
        """Set quantity, cost, crossdocking or location (``PUT /stocks``), ``chunk_size``
        items per request. Values are absolute, so re-sending is safe."""
        return await run_push_async(self._client, update_plan(items, chunk_size))

    async def update_batch(
        self, items: Iterable[StockUpdate], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> StockUpdateResult:
        """Like ``update`` through ``PUT /stocks/batch``, which reports per-SKU outcomes."""
        return await run_push_async(self._client, update_batch_plan(items, chunk_size))

    async def reservations(self, sku_id: int) -> builtins.list[StockReservation]:
        """Stock held by marketplace orders for this SKU (ANYMARKET SKU id)."""
        return await self._client.send(reservations_op(sku_id))

    async def fulfillment(
        self, marketplace: Marketplace | str, sku_id: int
    ) -> builtins.list[FulfillmentStock]:
        """The SKU's stock in the marketplace's own distribution centres (read-only)."""
        return await self._client.send(fulfillment_op(marketplace, sku_id))

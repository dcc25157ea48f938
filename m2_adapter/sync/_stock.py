"""The stock and price push: M2 balances and price tables -> ANYMARKET, changes only.

``push_stock_and_prices(ctx)`` / ``await async_push_stock_and_prices(ctx)``:

1. compute the desired stock of every SKU per warehouse (``map_stock``: available balance,
   fulfillment and inactive warehouses left out) and the desired prices by each product's
   price mode (``map_prices``): ``SKU`` -> the SKU's price, ``SKU_MARKETPLACE`` -> each
   listing's price, ``COST`` -> the ``cost`` of the SKU's stock rows;
2. keep only the SKUs of the published catalogue (the ledger's id map, filled by
   ``sync_catalogue``); the others are skipped (``NOT_IN_CATALOGUE``);
3. diff against the ledger's snapshots (``stock_delta`` / ``price_delta``): only records
   that changed since ANYMARKET last accepted them, or whose last push failed, are sent;
4. send: stock in chunks (``client.stocks.update``), SKU prices by merge-patch
   (``client.skus.merge_patch``), listing prices in bulk (``client.ads.update_prices``);
5. record in the ledger what ANYMARKET accepted (``record_pushed``) and mark what it refused
   or never confirmed (``mark_failed``): those are sent again by the next run.

A re-run with no change sends no request. ``dry_run`` reports what would be sent and sends
nothing (no ledger writes either).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from anymarket_sdk import AnymarketError, NotFoundError
from anymarket_sdk.models import (
    AdPrice,
    DefinitionPriceScope,
    PriceTarget,
    SkuLookup,
    SkuMarketplace,
    SkuPatch,
    price_target,
)
from anymarket_sdk.models.ads import PriceUpdateReport
from anymarket_sdk.models.stock import StockUpdate, StockUpdateResult
from anymarket_sdk.resources.ads import DEFAULT_PRICE_CHUNK
from anymarket_sdk.resources.stocks import MAX_CHUNK_SIZE, partial_result
from m2_adapter.ledger import CatalogueEntry, CatalogueKind, PriceRecord, StockRecord
from m2_adapter.m2 import PriceEntry, StockBalance, Warehouse
from m2_adapter.mapping import (
    Held,
    MappingReport,
    PartnerIdError,
    PriceUpdates,
    Skipped,
    SkipReason,
    decode_partner_id,
    encode_partner_id,
    map_prices,
    map_stock,
    select_prices,
)

from ._catalogue import _FATAL, Flow, adrive, call, drive
from ._context import AsyncSyncContext, SyncContext
from ._reports import Failure, RequestTally, masked_message, plural

__all__ = [
    "LISTINGS_CHECKPOINT_PREFIX",
    "StockPriceReport",
    "async_push_stock_and_prices",
    "push_stock_and_prices",
]

LISTINGS_CHECKPOINT_PREFIX: Final = "listings:"
"""Ledger checkpoint ``listings:<partnerId>``: the SKU's listing ids (JSON), read once from
ANYMARKET for the ``SKU_MARKETPLACE`` price mode."""


# --- the report --------------------------------------------------------------------------------


def _failures(value: Iterable[Failure]) -> tuple[Failure, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class StockPriceReport:
    """What one stock and price push did (or, with ``dry_run``, would do).

    ``stock_*`` count stock records (one SKU in one warehouse, with its cost in the ``COST``
    price mode), ``prices_*`` price records (a SKU's price, or one listing's): ``considered``
    (desired this run), ``sent`` (changed or failing before), ``succeeded``, ``failed``
    (retried next run). ``mapping`` holds what was held or skipped and why; ``failures`` the
    reasons of what failed (masked); ``requests`` the requests sent to ANYMARKET.
    """

    dry_run: bool = False
    stock_considered: int = 0
    stock_sent: int = 0
    stock_succeeded: int = 0
    stock_failed: int = 0
    prices_considered: int = 0
    prices_sent: int = 0
    prices_succeeded: int = 0
    prices_failed: int = 0
    mapping: MappingReport = attrs.field(factory=MappingReport)
    failures: tuple[Failure, ...] = attrs.field(default=(), converter=_failures)
    requests: int = 0

    @property
    def records_considered(self) -> int:
        return self.stock_considered + self.prices_considered

    @property
    def records_sent(self) -> int:
        return self.stock_sent + self.prices_sent

    @property
    def records_succeeded(self) -> int:
        return self.stock_succeeded + self.prices_succeeded

    @property
    def records_failed(self) -> int:
        return self.stock_failed + self.prices_failed

    @property
    def held(self) -> tuple[Held, ...]:
        return self.mapping.held

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        return self.mapping.skipped

    @property
    def ok(self) -> bool:
        """Everything sent succeeded and nothing was held."""
        return not self.records_failed and not self.failures and not self.mapping.held

    def summary(self) -> str:
        """One line for a log."""
        sent = "would send" if self.dry_run else "sent"
        return (
            f"stock and prices{' (dry run)' if self.dry_run else ''}: "
            f"stock {self.stock_considered} considered, {sent} {self.stock_sent}, "
            f"{self.stock_succeeded} ok, {self.stock_failed} failed; "
            f"prices {self.prices_considered} considered, {sent} {self.prices_sent}, "
            f"{self.prices_succeeded} ok, {self.prices_failed} failed; "
            f"{len(self.mapping.held)} held, {len(self.mapping.skipped)} skipped; "
            f"{plural(self.requests, 'request')}"
        )


# --- pure pieces -------------------------------------------------------------------------------


def _code_of(partner_id: str) -> str:
    try:
        return decode_partner_id(partner_id)
    except PartnerIdError:
        return partner_id


def _partner_id(code: str) -> str | None:
    try:
        return encode_partner_id(code)
    except PartnerIdError:
        return None


def stock_records(updates: Iterable[StockUpdate]) -> list[StockRecord]:
    """``map_stock``'s updates as ledger records."""
    return [
        StockRecord(
            sku_partner_id=u.partner_id,
            quantity=u.quantity if u.quantity is not None else Decimal(0),
            stock_local_id=u.stock_local_id,
            cost=u.cost,
            additional_time=u.additional_time,
        )
        for u in updates
        if u.partner_id is not None
    ]


def stock_update(record: StockRecord) -> StockUpdate:
    """A ledger record as the stock push sends it."""
    return StockUpdate(
        partner_id=record.sku_partner_id,
        quantity=record.quantity,
        cost=record.cost,
        additional_time=record.additional_time,
        stock_local_id=record.stock_local_id,
    )


def price_records(updates: PriceUpdates, ad_owner: Mapping[int, str]) -> list[PriceRecord]:
    """``map_prices``'s SKU and listing prices as ledger records (costs ride on the stock
    records). ``ad_owner`` maps a listing id to its SKU's partnerId."""
    out = [
        PriceRecord(
            sku_partner_id=p.partner_id,
            target=PriceTarget.SKU_PRICE,
            price=p.price,
            sell_price=p.sell_price,
        )
        for p in updates.sku_prices
    ]
    out.extend(
        PriceRecord(
            sku_partner_id=ad_owner[a.id],
            target=PriceTarget.AD_PRICE,
            price=a.price,
            sell_price=a.discount_price,
            ad_id=a.id,
        )
        for a in updates.ad_prices
        if a.id in ad_owner
    )
    return out


def _listing_mode_codes(
    codes: Iterable[str],
    default: DefinitionPriceScope,
    modes: Mapping[str, DefinitionPriceScope | str],
) -> list[str]:
    out: list[str] = []
    for code in codes:
        try:
            target = price_target(modes.get(code, default))
        except ValueError:
            continue
        if target is PriceTarget.AD_PRICE:
            out.append(code)
    return out


def _not_in_catalogue(subjects: Iterable[str], what: str) -> list[Skipped]:
    return [
        Skipped(
            reason=SkipReason.NOT_IN_CATALOGUE,
            subject=s,
            path="item_code",
            detail=f"{what}: the SKU is not in the published catalogue (ledger id map)",
        )
        for s in subjects
    ]


def _chunks(values: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


# --- the run ---------------------------------------------------------------------------------


@attrs.define
class _Tally:
    considered: int = 0
    sent: int = 0
    succeeded: int = 0
    failed: int = 0


class _PushRun:
    def __init__(
        self,
        ctx: SyncContext | AsyncSyncContext,
        *,
        chunk_size: int,
        dry_run: bool,
        price_modes: Mapping[str, DefinitionPriceScope | str] | None,
        listings: Mapping[str, Sequence[int]] | None,
    ) -> None:
        if isinstance(chunk_size, bool) or not 1 <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError(f"chunk_size must be in 1..{MAX_CHUNK_SIZE}, got {chunk_size!r}")
        self.ctx = ctx
        self.config = ctx.config
        self.chunk_size = chunk_size
        self.dry_run = dry_run
        self.price_modes = dict(price_modes or {})
        self.listings = listings
        self.requests = RequestTally()
        self.stock = _Tally()
        self.prices = _Tally()
        self.failures: list[Failure] = []

    def fail(
        self, subject: str, error: BaseException | str, *, code: str = "request_failed"
    ) -> None:
        self.failures.append(Failure.of(subject, error, code=code))

    def body(self) -> Flow[StockPriceReport]:
        run_id: str | None = None
        if not self.dry_run:
            run_id = yield call("ledger", "start_run", "stock_prices")
        try:
            report = yield from self._body()
        except Exception as exc:
            if run_id is not None:
                yield call("ledger", "finish_run", run_id, ok=False, error=masked_message(exc))
            raise
        if run_id is not None:
            yield call(
                "ledger",
                "finish_run",
                run_id,
                ok=report.ok,
                counters={
                    "stock_sent": report.stock_sent,
                    "stock_failed": report.stock_failed,
                    "prices_sent": report.prices_sent,
                    "prices_failed": report.prices_failed,
                    "requests": report.requests,
                },
            )
        return report

    def _body(self) -> Flow[StockPriceReport]:
        config = self.config
        balances: list[StockBalance] = yield call("source", "stock_balances")
        warehouses: list[Warehouse] = yield call("source", "warehouses")
        entries: list[PriceEntry] = yield call(
            "source", "price_entries", table_id=config.price_table_id
        )
        now = self.ctx.now()

        # the published catalogue: SKUs in the ledger's id map
        codes = {b.item_code for b in balances} | {e.item_code for e in entries}
        known: dict[str, CatalogueEntry] = yield call(
            "ledger", "find_ids", CatalogueKind.SKU, sorted(codes)
        )

        # prices, by mode (listings looked up for the SKU_MARKETPLACE mode)
        selected = select_prices(entries, now=now, config=config)
        priced = [c for c in (selected.value or {}) if c in known]
        listing_codes = _listing_mode_codes(priced, config.price_mode, self.price_modes)
        listings = yield from self._listings(listing_codes)
        mapped_prices = map_prices(
            [e for e in entries if e.item_code in known],
            now=now,
            config=config,
            price_modes=self.price_modes,
            listings=listings,
        )
        updates = mapped_prices.value or PriceUpdates()
        ad_owner = {
            ad_id: pid
            for code, ids in listings.items()
            if (pid := _partner_id(code)) is not None
            for ad_id in ids
        }
        mapped_stock = map_stock(
            balances, config=config, warehouses=warehouses, costs=updates.costs, codes=known
        )
        stock = stock_records(mapped_stock.value or ())
        prices = price_records(updates, ad_owner)
        with_stock = {r.sku_partner_id for r in stock}
        for u in updates.stock_costs:
            if u.partner_id is not None and u.partner_id not in with_stock:
                self.fail(
                    u.partner_id,
                    "COST price mode: the SKU has no stock row in a mapped warehouse to carry "
                    "its cost",
                    code="cost_without_stock",
                )
        unpriced = sorted(c for c in (selected.value or {}) if c not in known)
        mapping = mapped_stock.report.merge(mapped_prices.report).merge(
            MappingReport(skipped=_not_in_catalogue(unpriced, "price"))
        )
        self.stock.considered = len(stock)
        self.prices.considered = len(prices)

        # only what changed, or failed before
        stock_changed: list[StockRecord] = yield call("ledger", "stock_delta", stock)
        price_changed: list[PriceRecord] = yield call("ledger", "price_delta", prices)
        self.stock.sent = len(stock_changed)
        self.prices.sent = len(price_changed)
        if not self.dry_run:
            yield from self._push_stock(stock_changed)
            yield from self._push_sku_prices(
                [r for r in price_changed if r.target is PriceTarget.SKU_PRICE], known
            )
            yield from self._push_ad_prices(
                [r for r in price_changed if r.target is PriceTarget.AD_PRICE]
            )
        return StockPriceReport(
            dry_run=self.dry_run,
            stock_considered=self.stock.considered,
            stock_sent=self.stock.sent,
            stock_succeeded=self.stock.succeeded,
            stock_failed=self.stock.failed,
            prices_considered=self.prices.considered,
            prices_sent=self.prices.sent,
            prices_succeeded=self.prices.succeeded,
            prices_failed=self.prices.failed,
            mapping=mapping,
            failures=self.failures,
            requests=self.requests.total,
        )

    # -- listings (SKU_MARKETPLACE) --

    def _listings(self, codes: Collection[str]) -> Flow[dict[str, list[int]]]:
        """Listing ids per item code: given by the caller, else the ledger's cache, else
        read from ANYMARKET (and cached when the SKU has any)."""
        if self.listings is not None:
            return {c: list(self.listings.get(c, ())) for c in codes}
        out: dict[str, list[int]] = {}
        for code in codes:
            pid = _partner_id(code)
            if pid is None:
                continue
            cached: str | None = yield call(
                "ledger", "checkpoint", LISTINGS_CHECKPOINT_PREFIX + pid
            )
            if cached:
                try:
                    out[code] = [int(x) for x in json.loads(cached)]
                    continue
                except (ValueError, TypeError):
                    pass
            self.requests.read()
            try:
                ads: list[SkuMarketplace] = yield call("client.ads", "for_sku_partner_id", pid)
            except AnymarketError as exc:
                if isinstance(exc, _FATAL):
                    raise
                self.fail(pid, exc)
                continue
            ids = [a.id for a in ads if a.id is not None]
            out[code] = ids
            if ids and not self.dry_run:
                yield call(
                    "ledger", "set_checkpoint", LISTINGS_CHECKPOINT_PREFIX + pid, json.dumps(ids)
                )
        return out

    # -- stock --

    def _push_stock(self, records: list[StockRecord]) -> Flow[None]:
        if not records:
            return
        by_key = {(r.sku_partner_id, r.stock_local_id): r for r in records}

        def record_of(u: StockUpdate) -> StockRecord:
            return by_key[(u.partner_id or "", u.stock_local_id)]

        error: AnymarketError | None = None
        try:
            result: StockUpdateResult = yield call(
                "client.stocks",
                "update",
                [stock_update(r) for r in records],
                chunk_size=self.chunk_size,
            )
        except AnymarketError as exc:
            error = exc
            result = partial_result(exc) or StockUpdateResult(
                pending=[stock_update(r) for r in records]
            )
            self.requests.write(result.requests + 1)
        else:
            self.requests.write(result.requests)
        accepted = [record_of(u) for u in result.succeeded]
        if accepted:
            yield call("ledger", "record_pushed", accepted)
        self.stock.succeeded += len(accepted)
        for failure in result.failed:
            record = record_of(failure.item)
            message = failure.message or f"refused with HTTP {failure.status_code}"
            yield call("ledger", "mark_failed", record, masked_message(message))
            self.fail(_subject(record), message)
        self.stock.failed += len(result.failed)
        if error is not None:
            pending = [record_of(u) for u in result.pending]
            if pending:
                yield call(
                    "ledger", "mark_failed", pending, f"not confirmed: {masked_message(error)}"
                )
                self.fail(f"{plural(len(pending), 'stock record')}", error)
            self.stock.failed += len(pending)
            if isinstance(error, _FATAL):
                raise error

    # -- SKU prices (mode SKU) --

    def _push_sku_prices(
        self, records: list[PriceRecord], known: Mapping[str, CatalogueEntry]
    ) -> Flow[None]:
        if not records:
            return
        parents = sorted(
            {
                e.parent_key
                for r in records
                if (e := known.get(_code_of(r.sku_partner_id))) and e.parent_key
            }
        )
        products: dict[str, CatalogueEntry] = yield call(
            "ledger", "find_ids", CatalogueKind.PRODUCT, parents
        )
        accepted: list[PriceRecord] = []
        for n, record in enumerate(records):
            ids = yield from self._sku_ids(record.sku_partner_id, known, products)
            if ids is not None:
                product_id, sku_id = ids
                self.requests.write()
                patch = SkuPatch(price=record.price, sell_price=record.sell_price)
                try:
                    yield call("client.skus", "merge_patch", product_id, sku_id, patch)
                    accepted.append(record)
                except AnymarketError as exc:
                    if isinstance(exc, NotFoundError):
                        yield call(
                            "ledger",
                            "forget_id",
                            CatalogueKind.SKU,
                            _code_of(record.sku_partner_id),
                        )
                    yield from self._price_failed([record], exc)
                    if isinstance(exc, _FATAL):
                        yield from self._record_prices(accepted)
                        rest = records[n + 1 :]
                        if rest:
                            yield call(
                                "ledger", "mark_failed", rest, f"not sent: {masked_message(exc)}"
                            )
                            self.prices.failed += len(rest)
                        raise
            else:
                yield from self._price_failed([record], "the SKU was not found in ANYMARKET")
            if len(accepted) >= self.chunk_size:
                yield from self._record_prices(accepted)
                accepted = []
        yield from self._record_prices(accepted)

    def _sku_ids(
        self,
        partner_id: str,
        known: Mapping[str, CatalogueEntry],
        products: Mapping[str, CatalogueEntry],
    ) -> Flow[tuple[int, int] | None]:
        entry = known.get(_code_of(partner_id))
        product = products.get(entry.parent_key) if entry and entry.parent_key else None
        if entry is not None and product is not None:
            return product.anymarket_id, entry.anymarket_id
        self.requests.read()
        found: SkuLookup | None = yield call("client.skus", "find_by_partner_id", partner_id)
        if found is None or found.product.id is None or found.sku.id is None:
            return None
        return found.product.id, found.sku.id

    def _record_prices(self, records: list[PriceRecord]) -> Flow[None]:
        if records:
            yield call("ledger", "record_pushed", records)
            self.prices.succeeded += len(records)

    def _price_failed(self, records: list[PriceRecord], error: BaseException | str) -> Flow[None]:
        message = masked_message(
            error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        )
        yield call("ledger", "mark_failed", records, message)
        self.prices.failed += len(records)
        for r in records:
            self.fail(_subject(r), error)

    # -- listing prices (mode SKU_MARKETPLACE) --

    def _push_ad_prices(self, records: list[PriceRecord]) -> Flow[None]:
        if not records:
            return
        by_ad = {r.ad_id: r for r in records if r.ad_id is not None}
        prices = [
            AdPrice(id=r.ad_id, price=r.price, discount_price=r.sell_price or r.price)
            for r in records
            if r.ad_id is not None
        ]
        size = min(self.chunk_size, DEFAULT_PRICE_CHUNK)
        for part in _chunks(prices, size):
            self.requests.write()
            try:
                report: PriceUpdateReport = yield call(
                    "client.ads", "update_prices", list(part), chunk_size=size
                )
            except AnymarketError as exc:
                yield from self._price_failed([by_ad[p.id] for p in part], exc)
                if isinstance(exc, _FATAL):
                    raise
                continue
            yield from self._record_prices([by_ad[i] for i in report.accepted_ids if i in by_ad])
            for result in report.failures:
                if result.id in by_ad:
                    yield from self._price_failed([by_ad[result.id]], result.error_msg or "refused")


def _subject(record: StockRecord | PriceRecord) -> str:
    if isinstance(record, StockRecord):
        where = (
            "default warehouse"
            if record.stock_local_id is None
            else f"warehouse {record.stock_local_id}"
        )
        return f"{record.sku_partner_id} @ {where}"
    target = f"listing {record.ad_id}" if record.ad_id is not None else record.target.value
    return f"{record.sku_partner_id} ({target})"


def push_stock_and_prices(
    ctx: SyncContext,
    *,
    chunk_size: int = 100,
    dry_run: bool = False,
    price_modes: Mapping[str, DefinitionPriceScope | str] | None = None,
    listings: Mapping[str, Sequence[int]] | None = None,
) -> StockPriceReport:
    """Push the stock and prices that changed since ANYMARKET last accepted them.

    ``chunk_size``: stock records (and listing prices) per request, 1-200. ``price_modes``:
    item code -> price mode, for products whose mode differs from ``ctx.config.price_mode``.
    ``listings``: item code -> listing ids for the ``SKU_MARKETPLACE`` mode (default: read
    from ANYMARKET once per SKU and cached in the ledger). Failures are reported, marked in
    the ledger and retried by the next run; authentication, permission and rate-limit errors
    are raised after the ledger is brought up to date.
    """
    run = _PushRun(
        ctx, chunk_size=chunk_size, dry_run=dry_run, price_modes=price_modes, listings=listings
    )
    return drive(ctx, run.body())


async def async_push_stock_and_prices(
    ctx: AsyncSyncContext,
    *,
    chunk_size: int = 100,
    dry_run: bool = False,
    price_modes: Mapping[str, DefinitionPriceScope | str] | None = None,
    listings: Mapping[str, Sequence[int]] | None = None,
) -> StockPriceReport:
    """``push_stock_and_prices`` for an ``AsyncSyncContext``."""
    run = _PushRun(
        ctx, chunk_size=chunk_size, dry_run=dry_run, price_modes=price_modes, listings=listings
    )
    return await adrive(ctx, run.body())

"""M2 price-table entries -> ANYMARKET prices, by each product's price mode (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from anymarket_sdk.models import AdPrice, DefinitionPriceScope, PriceTarget, price_target
from anymarket_sdk.models.stock import StockUpdate
from m2_adapter.m2 import PriceEntry

from ._codec import PartnerIdError, decode_partner_id, encode_partner_id
from ._config import MappingConfig
from ._report import HoldReason, MappingResult, ReportBuilder, SkipReason, WarningCode

__all__ = ["ItemPrice", "PriceUpdates", "SkuPrice", "map_prices", "select_prices"]


@attrs.frozen(kw_only=True)
class ItemPrice:
    """The price of one M2 item in effect on a given day.

    ``price`` is the list price ("preço de"); ``sell_price`` the selling price ("preço
    por"): the entry's promotional price, or the list price when there is none.
    """

    code: str
    price: Decimal
    sell_price: Decimal
    table_id: int
    valid_from: date | None = None
    valid_to: date | None = None


@attrs.frozen(kw_only=True)
class SkuPrice:
    """Prices of one SKU for the ``SKU`` price mode (``Sku.price`` / ``Sku.sell_price``)."""

    partner_id: str
    price: Decimal
    sell_price: Decimal


def _sku_prices(value: Iterable[SkuPrice]) -> tuple[SkuPrice, ...]:
    return tuple(value)


def _ad_prices(value: Iterable[AdPrice]) -> tuple[AdPrice, ...]:
    return tuple(value)


def _stock_costs(value: Iterable[StockUpdate]) -> tuple[StockUpdate, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class PriceUpdates:
    """Where each price goes, by ``anymarket_sdk.models.price_target`` of the mode:

    - ``sku_prices`` (mode ``SKU``): ``price``/``sell_price`` of the SKU (``client.skus``);
    - ``ad_prices`` (mode ``SKU_MARKETPLACE``): one ``AdPrice`` per listing id
      (``client.ads.update_prices``), ``price`` the list price and ``discount_price`` the
      selling price;
    - ``stock_costs`` (mode ``COST``): ``StockUpdate(partner_id, cost)`` (``client.stocks``),
      the cost being the selling price: ANYMARKET multiplies it by the product's
      ``priceFactor``, so keep the factor at 1 for M2's price to be the selling price.
    """

    sku_prices: tuple[SkuPrice, ...] = attrs.field(default=(), converter=_sku_prices)
    ad_prices: tuple[AdPrice, ...] = attrs.field(default=(), converter=_ad_prices)
    stock_costs: tuple[StockUpdate, ...] = attrs.field(default=(), converter=_stock_costs)

    @property
    def costs(self) -> dict[str, Decimal]:
        """Item code -> cost, for ``map_stock(costs=...)`` (mode ``COST`` only)."""
        return {
            decode_partner_id(u.partner_id): u.cost
            for u in self.stock_costs
            if u.partner_id is not None and u.cost is not None
        }


def _specificity(entry: PriceEntry) -> tuple[date, date]:
    """The most specific entry wins: the latest start, then the earliest end."""
    return (entry.valid_from or date.min, _negated(entry.valid_to))


def _negated(day: date | None) -> date:
    # sort key: an earlier end is "larger" (more specific); open-ended is the least specific
    if day is None:
        return date.min
    return date.fromordinal(date.max.toordinal() - day.toordinal() + 1)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")


def select_prices(
    entries: Iterable[PriceEntry], *, now: datetime, config: MappingConfig
) -> MappingResult[dict[str, ItemPrice]]:
    """The price of each item in effect on ``now``'s date in the M2 zone (``config.zone``).

    Only entries of ``config.price_table_id`` count (of every table when it is ``None``).
    Among an item's entries valid that day the most specific wins (latest ``valid_from``,
    then earliest ``valid_to``; warned as ``PRICE_OVERLAP``). Skipped: ``PRICE_NOT_IN_EFFECT``.
    Held: ``PRICE_AMBIGUOUS`` (two tables, none configured), ``PRICE_INVALID`` (a price of
    zero, or a promotional price above the list price).
    """
    _require_aware(now)
    rb = ReportBuilder()
    day = now.astimezone(config.tz).date()
    by_code: dict[str, list[PriceEntry]] = {}
    for entry in entries:
        if config.price_table_id is None or entry.table_id == config.price_table_id:
            by_code.setdefault(entry.item_code, []).append(entry)
    out: dict[str, ItemPrice] = {}
    for code, candidates in by_code.items():
        valid = [e for e in candidates if e.is_valid_on(day)]
        if not valid:
            rb.skip(
                SkipReason.PRICE_NOT_IN_EFFECT,
                code,
                "valid_from",
                f"none of its {len(candidates)} price entries is valid on {day.isoformat()}",
            )
            continue
        tables = sorted({e.table_id for e in valid})
        if len(tables) > 1:
            rb.hold(
                HoldReason.PRICE_AMBIGUOUS,
                code,
                "table_id",
                f"price tables {', '.join(map(str, tables))} all price it on {day.isoformat()}; "
                "set price_table_id",
            )
            continue
        entry = max(valid, key=_specificity)
        if len(valid) > 1:
            rb.warn(
                WarningCode.PRICE_OVERLAP,
                code,
                "valid_from",
                f"{len(valid)} entries are valid on {day.isoformat()}: the one from "
                f"{entry.valid_from or 'the start'} to {entry.valid_to or 'no end'} was used",
            )
        sell = entry.promotional_price if entry.promotional_price is not None else entry.price
        if entry.price <= 0 or sell <= 0:
            rb.hold(HoldReason.PRICE_INVALID, code, "price", "a price must be above zero")
            continue
        if sell > entry.price:
            rb.hold(
                HoldReason.PRICE_INVALID,
                code,
                "promotional_price",
                f"promotional price {sell} is above the list price {entry.price}",
            )
            continue
        out[code] = ItemPrice(
            code=code,
            price=entry.price,
            sell_price=sell,
            table_id=entry.table_id,
            valid_from=entry.valid_from,
            valid_to=entry.valid_to,
        )
    return rb.result(out)


def map_prices(
    entries: Iterable[PriceEntry],
    *,
    now: datetime,
    config: MappingConfig,
    price_modes: Mapping[str, DefinitionPriceScope | str] | None = None,
    listings: Mapping[str, Sequence[int]] | None = None,
) -> MappingResult[PriceUpdates]:
    """Prices in effect on ``now`` (see ``select_prices``), routed by each item's price mode:
    ``price_modes[code]`` when given (e.g. read from the ANYMARKET product), else
    ``config.price_mode``. ``listings`` maps an item code to its listing (ad) ids, needed
    for the ``SKU_MARKETPLACE`` mode (an item without listings is skipped, ``NO_LISTING``).
    Held: ``PRICE_MODE_UNKNOWN``, ``PARTNER_ID_INVALID`` and the holds of ``select_prices``.
    """
    selected = select_prices(entries, now=now, config=config)
    rb = ReportBuilder()
    modes = price_modes or {}
    ads_of = listings or {}
    sku_prices: list[SkuPrice] = []
    ad_prices: list[AdPrice] = []
    stock_costs: list[StockUpdate] = []
    for code, price in (selected.value or {}).items():
        mode = modes.get(code, config.price_mode)
        try:
            target = price_target(mode)
        except ValueError:
            rb.hold(
                HoldReason.PRICE_MODE_UNKNOWN,
                code,
                "definition_price_scope",
                f"price mode {getattr(mode, 'value', mode)!r} is not SKU, SKU_MARKETPLACE or COST",
            )
            continue
        try:
            partner_id = encode_partner_id(code)
        except PartnerIdError as exc:
            rb.hold(HoldReason.PARTNER_ID_INVALID, code, "item_code", str(exc))
            continue
        if target is PriceTarget.STOCK_COST:
            stock_costs.append(StockUpdate(partner_id=partner_id, cost=price.sell_price))
        elif target is PriceTarget.SKU_PRICE:
            sku_prices.append(
                SkuPrice(partner_id=partner_id, price=price.price, sell_price=price.sell_price)
            )
        else:
            ids = ads_of.get(code) or ()
            if not ids:
                rb.skip(
                    SkipReason.NO_LISTING,
                    code,
                    "listings",
                    "price mode SKU_MARKETPLACE and the SKU has no listing yet",
                )
                continue
            ad_prices.extend(
                AdPrice(id=ad_id, price=price.price, discount_price=price.sell_price)
                for ad_id in ids
            )
    updates = PriceUpdates(sku_prices=sku_prices, ad_prices=ad_prices, stock_costs=stock_costs)
    return MappingResult(value=updates, report=selected.report.merge(rb.report()))

"""M2 stock balances -> ANYMARKET stock updates per warehouse (pure)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from decimal import ROUND_FLOOR, Decimal

from anymarket_sdk.models.stock import StockUpdate
from m2_adapter.m2 import StockBalance, Warehouse

from ._codec import PartnerIdError, encode_partner_id
from ._config import MappingConfig
from ._report import HoldReason, MappingResult, ReportBuilder, SkipReason, WarningCode

__all__ = ["map_stock"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def map_stock(
    balances: Iterable[StockBalance],
    *,
    config: MappingConfig,
    warehouses: Iterable[Warehouse] = (),
    costs: Mapping[str, Decimal] | None = None,
    codes: Collection[str] | None = None,
) -> MappingResult[tuple[StockUpdate, ...]]:
    """The available balance of each item per ANYMARKET warehouse, as ``StockUpdate`` items.

    - The quantity is ``StockBalance.available_quantity`` (``SALDODISPONIVEL``, or physical
      minus reserved); a negative balance is sent as 0 and a fractional one floored to whole
      units (both warned), per M2 warehouse, before warehouses sharing one ``stockLocalId``
      are summed.
    - Fulfillment warehouses (``config.fulfillment_warehouses`` or ``Warehouse.fulfillment``)
      are skipped (``FULFILLMENT_WAREHOUSE``): the marketplace controls that stock. Inactive
      warehouses are skipped too (``WAREHOUSE_INACTIVE``). One entry per warehouse.
    - A warehouse missing from ``config.warehouse_map`` is held (``WAREHOUSE_UNMAPPED``, one
      entry per warehouse): nothing is sent to ANYMARKET's default warehouse by accident.
    - ``costs`` (item code -> cost, e.g. ``PriceUpdates.costs`` for the ``COST`` price mode)
      adds ``cost`` to the item's rows. ``codes``, when given, limits the push to those item
      codes (others skipped, ``NOT_IN_CATALOGUE``).
    """
    rb = ReportBuilder()
    by_id = {w.warehouse_id: w for w in warehouses}
    fulfillment = set(config.fulfillment_warehouses)
    fulfillment.update(w.warehouse_id for w in by_id.values() if w.fulfillment)
    cost_of = costs or {}
    totals: dict[tuple[str, int], Decimal] = {}
    code_of: dict[str, str] = {}
    skipped_wh: dict[tuple[int, bool], int] = {}  # (warehouse, is fulfillment) -> balances
    unmapped: dict[int, int] = {}
    for b in balances:
        subject = f"{b.item_code}@{b.warehouse_id}"
        warehouse = by_id.get(b.warehouse_id)
        if b.warehouse_id in fulfillment or (warehouse is not None and warehouse.active is False):
            key = (b.warehouse_id, b.warehouse_id in fulfillment)
            skipped_wh[key] = skipped_wh.get(key, 0) + 1
            continue
        if codes is not None and b.item_code not in codes:
            rb.skip(
                SkipReason.NOT_IN_CATALOGUE,
                subject,
                "item_code",
                "the item is not among the published codes",
            )
            continue
        local = config.warehouse_map.get(b.warehouse_id)
        if local is None:
            unmapped[b.warehouse_id] = unmapped.get(b.warehouse_id, 0) + 1
            continue
        try:
            partner_id = encode_partner_id(b.item_code)
        except PartnerIdError as exc:
            rb.hold(HoldReason.PARTNER_ID_INVALID, subject, "item_code", str(exc))
            continue
        quantity = b.available_quantity
        if quantity < 0:
            rb.warn(
                WarningCode.QUANTITY_NEGATIVE,
                subject,
                "available",
                f"available balance {quantity} sent as 0",
            )
            quantity = Decimal(0)
        whole = quantity.to_integral_value(rounding=ROUND_FLOOR)
        if whole != quantity:
            rb.warn(
                WarningCode.QUANTITY_FRACTIONAL,
                subject,
                "available",
                f"available balance {quantity} floored to {whole}",
            )
        key2 = (partner_id, local)
        totals[key2] = totals.get(key2, Decimal(0)) + whole
        code_of[partner_id] = b.item_code
    for (warehouse_id, is_ff), count in skipped_wh.items():
        name = by_id[warehouse_id].name if warehouse_id in by_id else None
        label = f"warehouse {warehouse_id}" + (f" ({name})" if name else "")
        if is_ff:
            rb.skip(
                SkipReason.FULFILLMENT_WAREHOUSE,
                label,
                "warehouse_id",
                f"{_plural(count, 'balance')} of marketplace-held stock, never pushed",
            )
        else:
            rb.skip(
                SkipReason.WAREHOUSE_INACTIVE,
                label,
                "warehouse_id",
                f"{_plural(count, 'balance')} in an inactive warehouse",
            )
    for warehouse_id, count in unmapped.items():
        name = by_id[warehouse_id].name if warehouse_id in by_id else None
        rb.hold(
            HoldReason.WAREHOUSE_UNMAPPED,
            f"warehouse {warehouse_id}" + (f" ({name})" if name else ""),
            "warehouse_id",
            f"{_plural(count, 'balance')} held: no ANYMARKET stockLocalId in warehouse_map",
        )
    updates = tuple(
        StockUpdate(
            partner_id=partner_id,
            quantity=quantity,
            cost=cost_of.get(code_of[partner_id]),
            stock_local_id=local,
        )
        for (partner_id, local), quantity in totals.items()
    )
    return rb.result(updates)

"""Pure M2 <-> ANYMARKET transformations, each with a report of what was held and why.

No I/O, no clients, no clocks: every function takes its inputs, a ``MappingConfig`` and (for
anything dated) ``now``, and returns a ``MappingResult`` (``value``, ``report``, ``ok``,
``held_reason``). Every input ends mapped, held with a ``HoldReason``, skipped with a
``SkipReason``, or mapped with a ``MappingWarning``.

- Catalogue: ``map_catalogue`` (items -> ``Product`` with ``Sku``), partnerIds through the
  reversible codec ``encode_partner_id`` / ``decode_partner_id``.
- Stock: ``map_stock`` (balances -> ``StockUpdate`` per ``stockLocalId``).
- Prices: ``select_prices`` and ``map_prices`` (price entries -> SKU prices, listing prices
  or stock costs by the price mode).
- Orders: ``route_order`` and ``map_order`` (ANYMARKET ``Order`` -> M2 ``SalesOrder`` and an
  ``OrderDecision``).
- Send-back: ``map_invoice``, ``map_shipment``, ``map_delivery``.

See ``docs/mapping.md``.
"""

from ._catalogue import TITLE_MAX_LENGTH, CatalogueMapping, map_catalogue
from ._codec import (
    PARTNER_ID_ESCAPE,
    PARTNER_ID_MAX_LENGTH,
    PARTNER_ID_SAFE_CHARACTERS,
    PartnerIdError,
    decode_partner_id,
    encode_partner_id,
    is_partner_id,
)
from ._config import (
    ByCodePrefix,
    ByVariationParent,
    ChannelRoute,
    GroupingRule,
    IntermediaryInfo,
    LengthUnit,
    MappingConfig,
    SalesChannel,
    Standalone,
    WeightUnit,
    normalise_marketplace,
)
from ._orders import (
    GATEWAY_FEE_COLUMN,
    SALES_CHANNEL_COLUMN,
    OrderAction,
    OrderDecision,
    OrderMapping,
    is_fulfillment_order,
    map_order,
    route_order,
)
from ._prices import ItemPrice, PriceUpdates, SkuPrice, map_prices, select_prices
from ._report import (
    Held,
    HoldReason,
    MappingHeldError,
    MappingReport,
    MappingResult,
    MappingWarning,
    Skipped,
    SkipReason,
    WarningCode,
)
from ._sendback import map_delivery, map_invoice, map_shipment
from ._stock import map_stock

__all__ = [
    "GATEWAY_FEE_COLUMN",
    "PARTNER_ID_ESCAPE",
    "PARTNER_ID_MAX_LENGTH",
    "PARTNER_ID_SAFE_CHARACTERS",
    "SALES_CHANNEL_COLUMN",
    "TITLE_MAX_LENGTH",
    "ByCodePrefix",
    "ByVariationParent",
    "CatalogueMapping",
    "ChannelRoute",
    "GroupingRule",
    "Held",
    "HoldReason",
    "IntermediaryInfo",
    "ItemPrice",
    "LengthUnit",
    "MappingConfig",
    "MappingHeldError",
    "MappingReport",
    "MappingResult",
    "MappingWarning",
    "OrderAction",
    "OrderDecision",
    "OrderMapping",
    "PartnerIdError",
    "PriceUpdates",
    "SalesChannel",
    "SkipReason",
    "Skipped",
    "SkuPrice",
    "Standalone",
    "WarningCode",
    "WeightUnit",
    "decode_partner_id",
    "encode_partner_id",
    "is_fulfillment_order",
    "is_partner_id",
    "map_catalogue",
    "map_delivery",
    "map_invoice",
    "map_order",
    "map_prices",
    "map_shipment",
    "map_stock",
    "normalise_marketplace",
    "route_order",
    "select_prices",
]


def _present_as_public() -> None:
    """Tracebacks and reprs read ``m2_adapter.mapping.X``, not the private module."""
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type) and obj.__module__.startswith("m2_adapter.mapping."):
            obj.__module__ = "m2_adapter.mapping"


_present_as_public()

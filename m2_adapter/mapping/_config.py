"""The configuration of the mapping layer: one frozen ``MappingConfig`` per ANYMARKET account.

Nothing in it is read from the environment or from files: the host builds it (from its own
settings) and passes it to every mapping function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

import attrs

from anymarket_sdk.models import DefinitionPriceScope
from m2_adapter.br import BrValidationError, parse_cnpj
from m2_adapter.m2 import Item, ItemVariation, resolve_zone

__all__ = [
    "ByCodePrefix",
    "ByVariationParent",
    "ChannelRoute",
    "GroupingRule",
    "IntermediaryInfo",
    "LengthUnit",
    "MappingConfig",
    "SalesChannel",
    "Standalone",
    "WeightUnit",
    "normalise_marketplace",
]


# --- units -----------------------------------------------------------------------------------


class LengthUnit(StrEnum):
    """The unit M2 dimensions are stored in (ANYMARKET wants centimetres)."""

    MM = "mm"
    CM = "cm"
    M = "m"

    @property
    def to_cm(self) -> Decimal:
        return _TO_CM[self]


class WeightUnit(StrEnum):
    """The unit M2 weights are stored in (M2 ``PESOBRUTO`` is kg; ANYMARKET wants kg)."""

    G = "g"
    KG = "kg"

    @property
    def to_kg(self) -> Decimal:
        return _TO_KG[self]


_TO_CM: Final = {
    LengthUnit.MM: Decimal("0.1"),
    LengthUnit.CM: Decimal(1),
    LengthUnit.M: Decimal(100),
}
_TO_KG: Final = {WeightUnit.G: Decimal("0.001"), WeightUnit.KG: Decimal(1)}


# --- grouping rules ----------------------------------------------------------------------------


@attrs.frozen
class ByVariationParent:
    """Variations are grouped under the parent code of their ``ItemVariation`` row (the M2
    *grade*); an item without such a row is a product with one SKU. The parent item itself
    is a template: it gives the product its data and is not sold as a SKU."""

    def group_key(self, item: Item, variation: ItemVariation | None) -> str:
        return variation.parent_code if variation is not None else item.code


@attrs.frozen
class ByCodePrefix:
    """Items whose codes share their first ``length`` characters form one product (the
    Protheus rule: the first 6 characters of ``B1_COD``). An item whose code *is* the prefix
    is the group's template. Variation values still come from ``ItemVariation`` rows."""

    length: int = attrs.field(validator=attrs.validators.gt(0))

    def group_key(self, item: Item, variation: ItemVariation | None) -> str:
        return item.code[: self.length]


@attrs.frozen
class Standalone:
    """No grouping: every item is a product with one SKU."""

    def group_key(self, item: Item, variation: ItemVariation | None) -> str:
        return item.code


GroupingRule = ByVariationParent | ByCodePrefix | Standalone
"""How M2 items are grouped into ANYMARKET products."""


# --- channels --------------------------------------------------------------------------------


def normalise_marketplace(marketplace: object) -> str:
    """A marketplace code as compared by the configuration: stripped, upper case."""
    value: Any = getattr(marketplace, "value", marketplace)
    return str(value).strip().upper()


def _account_key(account: str | None) -> str | None:
    if account is None:
        return None
    key = account.strip().casefold()
    return key or None


@attrs.frozen(kw_only=True)
class SalesChannel:
    """An M2 sales channel orders are written to, with the company, branch and warehouse
    the M2 order uses. For a fulfillment channel, ``warehouse_id`` is the marketplace's
    warehouse in M2 (e.g. the "ML Full" almoxarifado), if M2 books against one."""

    code: str = attrs.field(validator=attrs.validators.min_len(1))
    company_id: int | None = None
    branch_id: int | None = None
    warehouse_id: int | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class ChannelRoute:
    """Orders of ``marketplace`` (and ``account``: ``None`` means any account of it) with
    this ``fulfillment`` flag go to ``channel``."""

    marketplace: str = attrs.field(converter=normalise_marketplace)
    channel: SalesChannel
    account: str | None = None
    fulfillment: bool = False

    @property
    def key(self) -> tuple[str, str | None, bool]:
        return (self.marketplace, _account_key(self.account), self.fulfillment)


@attrs.frozen(kw_only=True)
class IntermediaryInfo:
    """The marketplace's CNPJ (and name) for the NF-e ``infIntermed`` group, used when an
    order does not carry ``documentIntermediator``."""

    cnpj: str = attrs.field(converter=parse_cnpj)
    name: str | None = None


# --- the configuration -------------------------------------------------------------------------


def _int_map(value: Mapping[int, int]) -> dict[int, int]:
    return dict(value)


def _no_ints() -> dict[int, int]:
    return {}


def _no_intermediaries() -> dict[str, IntermediaryInfo]:
    return {}


def _no_warehouses() -> frozenset[int]:
    return frozenset()


def _int_set(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _routes(value: Iterable[ChannelRoute]) -> tuple[ChannelRoute, ...]:
    return tuple(value)


def _intermediaries(value: Mapping[str, IntermediaryInfo]) -> dict[str, IntermediaryInfo]:
    return {normalise_marketplace(k): v for k, v in value.items()}


def _scope(value: DefinitionPriceScope | str) -> DefinitionPriceScope:
    scope = DefinitionPriceScope(str(getattr(value, "value", value)).strip().upper())
    if not scope.is_known:
        raise ValueError(f"price_mode must be SKU, SKU_MARKETPLACE or COST, got {value!r}")
    return scope


def _decimal(value: Decimal | int | str) -> Decimal:
    return Decimal(value)


def _zone(_inst: object, _attribute: attrs.Attribute[Any], value: str) -> None:
    resolve_zone(value)


@attrs.frozen(kw_only=True)
class MappingConfig:
    """How M2 data maps to one ANYMARKET account. Every field has a safe default except the
    maps, which start empty (an unmapped value is held, never guessed).

    Channels (orders):

    - ``channel_routes``: (marketplace, account, fulfillment) -> M2 ``SalesChannel``. An exact
      account match wins over a route with ``account=None``. Fulfillment orders use only
      routes with ``fulfillment=True``, and a channel used by a fulfillment route may not be
      used by a normal one (fulfillment orders always land in their own channel).
    - ``intermediaries``: marketplace -> ``IntermediaryInfo``, the NF-e intermediary when the
      order does not name one.

    Stock:

    - ``warehouse_map``: M2 warehouse id (``IDALMOX``) -> ANYMARKET ``stockLocalId``. Several M2
      warehouses may share one ``stockLocalId`` (their balances are summed).
    - ``fulfillment_warehouses``: M2 warehouse ids holding marketplace stock (besides those
      flagged ``Warehouse.fulfillment``); never pushed, and never in ``warehouse_map``.

    Catalogue:

    - ``grouping``: ``ByVariationParent()`` (default), ``ByCodePrefix(length)`` or
      ``Standalone()``.
    - ``category_map`` (M2 item group ``IDGRUPOITEM`` -> ANYMARKET category id) with
      ``default_category_id``; ``brand_map`` (M2 ``IDMARCA`` -> ANYMARKET brand id) with
      ``default_brand_id``. ANYMARKET requires both on a product.
    - ``default_origin``: the ICMS origin (0-8) of items that carry none (0 = national).
    - ``dimension_unit`` / ``weight_unit``: the units of the M2 export (default cm and kg;
      ANYMARKET takes cm and kg).
    - ``warranty_months``: the product ``warrantyTime`` (ANYMARKET requires it on create).
    - ``auto_create_listings``: ``allowAutomaticSkuMarketplaceCreation`` (default ``False``).

    Prices:

    - ``price_mode``: the products' ``definitionPriceScope`` (default ``SKU``), and the mode
      prices are mapped with unless a per-item mode is given.
    - ``price_factor``: the product ``priceFactor`` (default 1; with mode ``COST`` the price is
      cost x factor).
    - ``price_table_id``: the M2 price table to read (``None``: any table, but an item priced
      by two tables at once is held).
    - ``zone``: the IANA zone of M2 dates (price validity days), default
      ``America/Sao_Paulo``.
    """

    channel_routes: tuple[ChannelRoute, ...] = attrs.field(default=(), converter=_routes)
    intermediaries: dict[str, IntermediaryInfo] = attrs.field(
        factory=_no_intermediaries, converter=_intermediaries
    )
    warehouse_map: dict[int, int] = attrs.field(factory=_no_ints, converter=_int_map)
    fulfillment_warehouses: frozenset[int] = attrs.field(factory=_no_warehouses, converter=_int_set)
    grouping: GroupingRule = attrs.field(factory=ByVariationParent)
    category_map: dict[int, int] = attrs.field(factory=_no_ints, converter=_int_map)
    default_category_id: int | None = None
    brand_map: dict[int, int] = attrs.field(factory=_no_ints, converter=_int_map)
    default_brand_id: int | None = None
    default_origin: int = attrs.field(
        default=0, validator=[attrs.validators.ge(0), attrs.validators.le(8)]
    )
    dimension_unit: LengthUnit = LengthUnit.CM
    weight_unit: WeightUnit = WeightUnit.KG
    warranty_months: int | None = None
    auto_create_listings: bool = False
    price_mode: DefinitionPriceScope = attrs.field(
        default=DefinitionPriceScope.SKU, converter=_scope
    )
    price_factor: Decimal = attrs.field(default=Decimal(1), converter=_decimal)
    price_table_id: int | None = None
    zone: str = attrs.field(default="America/Sao_Paulo", validator=_zone)
    _route_index: dict[tuple[str, str | None, bool], ChannelRoute] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        index: dict[tuple[str, str | None, bool], ChannelRoute] = {}
        for route in self.channel_routes:
            if route.key in index:
                raise ValueError(
                    f"two channel routes for marketplace {route.marketplace}, account "
                    f"{route.account!r}, fulfillment={route.fulfillment}"
                )
            index[route.key] = route
        ff_codes = {r.channel.code for r in self.channel_routes if r.fulfillment}
        own_codes = {r.channel.code for r in self.channel_routes if not r.fulfillment}
        if shared := sorted(ff_codes & own_codes):
            raise ValueError(
                f"sales channel(s) {', '.join(shared)} serve fulfillment and normal orders: "
                "fulfillment orders must have their own channel"
            )
        if mapped := sorted(self.fulfillment_warehouses & self.warehouse_map.keys()):
            raise ValueError(
                f"warehouse(s) {', '.join(map(str, mapped))} are fulfillment warehouses: "
                "their stock is never pushed, so they cannot be in warehouse_map"
            )
        if self.price_factor <= 0:
            raise ValueError("price_factor must be positive")
        object.__setattr__(self, "_route_index", index)

    @property
    def tz(self) -> ZoneInfo:
        """The M2 zone as a ``ZoneInfo``."""
        return ZoneInfo(self.zone)

    def route_for(
        self, marketplace: object, account: str | None, *, fulfillment: bool
    ) -> ChannelRoute | None:
        """The route for an order: exact account first, then the marketplace's catch-all."""
        mp = normalise_marketplace(marketplace)
        acc = _account_key(account)
        if acc is not None:
            exact = self._route_index.get((mp, acc, fulfillment))
            if exact is not None:
                return exact
        return self._route_index.get((mp, None, fulfillment))

    def category_for(self, group_id: int | None) -> int | None:
        """The ANYMARKET category of an M2 item group (or the default)."""
        if group_id is not None and group_id in self.category_map:
            return self.category_map[group_id]
        return self.default_category_id

    def brand_for(self, brand_id: int | None) -> int | None:
        """The ANYMARKET brand of an M2 brand (or the default)."""
        if brand_id is not None and brand_id in self.brand_map:
            return self.brand_map[brand_id]
        return self.default_brand_id


def check_cnpj(value: str) -> str | None:
    """``value`` as a valid CNPJ, or ``None`` (never raises)."""
    try:
        return parse_cnpj(value)
    except BrValidationError:
        return None

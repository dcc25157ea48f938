"""Listings ("anúncios"): a SKU published on one marketplace account (``/skus/.../marketplaces``),
their prices, and SKU export files (``/skus/exports``).

ANYMARKET calls a listing a *SKU-marketplace*. Its ``fields`` map carries the marketplace
options (title, template, discount, Mercado Livre listing type, ...) and every value in it is a
**string** on the wire, numbers and booleans included (``"HAS_DISCOUNT": "true"``,
``"priceFactor": "1.000000"``). :class:`AdFields` reads that map with types and builds one from
typed values; the raw map is always kept as it came.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum
from typing import Any, Final

import attrs

from ..types import OpenStrEnum
from ._base import dict_field, extra_field, list_field
from .enums import DefinitionPriceScope, Marketplace, PublicationStatus
from .products import Product
from .skus import Sku

__all__ = [
    "AdFieldKey",
    "AdFields",
    "AdMessage",
    "AdOrigin",
    "AdPatch",
    "AdPrice",
    "AdPriceResult",
    "AvailableStock",
    "DiscountType",
    "ExportStatus",
    "FieldValue",
    "ListingType",
    "MarketplacePriceError",
    "MarketplacePriceResult",
    "NewAd",
    "PriceTarget",
    "PriceUpdateReport",
    "PublicationStatus",
    "SkuExport",
    "SkuMarketplace",
    "field_text",
    "is_automatic_pricing",
    "price_target",
]


# --- enums --------------------------------------------------------------------------------


class AdOrigin(OpenStrEnum):
    """How the listing came to exist: bound to an existing one, created, or matched."""

    BIND = "BIND"
    CREATE = "CREATE"
    MATCH = "MATCH"


class ExportStatus(OpenStrEnum):
    """Processing state of a SKU export file."""

    WAITING = "WAITING"
    PROCESSING = "PROCESSING"
    FINISHED = "FINISHED"
    FINISHED_WITHOUT_DATA = "FINISHED_WITHOUT_DATA"
    ERROR = "ERROR"

    @property
    def is_done(self) -> bool:
        """True when ANYMARKET will not change the export any more."""
        return self in (
            ExportStatus.FINISHED,
            ExportStatus.FINISHED_WITHOUT_DATA,
            ExportStatus.ERROR,
        )


class DiscountType(OpenStrEnum):
    """``fields.DISCOUNT_TYPE``: ``DISCOUNT_VALUE`` is a percentage or an amount."""

    PERCENT = "PERCENT"
    VALUE = "VALUE"


class ListingType(OpenStrEnum):
    """Mercado Livre listing types (``fields.listing_type_id``, lower-case on the wire)."""

    FREE = "free"
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"
    GOLD_SPECIAL = "gold_special"
    GOLD_PRO = "gold_pro"
    GOLD_PREMIUM = "gold_premium"


class AdFieldKey(StrEnum):
    """The documented keys of a listing's ``fields`` map (the wire spelling varies by key).

    Handy for JSON-patch paths: ``f"/fields/{AdFieldKey.TITLE}"``.
    """

    # every marketplace
    TITLE = "title"
    TEMPLATE = "template"
    PRICE_FACTOR = "priceFactor"
    DISCOUNT_TYPE = "DISCOUNT_TYPE"
    DISCOUNT_VALUE = "DISCOUNT_VALUE"
    HAS_DISCOUNT = "HAS_DISCOUNT"
    EAN = "EAN"
    WARRANTY_TIME = "warranty_time"
    MEASUREMENT_CHART_ID = "measurement_chart_id"
    HAS_FULFILLMENT = "HAS_FULFILLMENT"
    IS_MAIN_SKU = "is_main_sku"
    # B2W
    CONCAT_ATTRIBUTES = "CONCAT_ATTRIBUTES"
    DELIVERY_TYPE = "delivery_type"
    SHIPMENT = "SHIPMENT"
    CROSS_DOCKING = "crossDocking"
    CUSTOM_DESCRIPTION = "CUSTOM_DESCRIPTION"
    # CNOVA
    MANUFACTURING_TIME = "MANUFACTURING_TIME"
    # Walmart, Mercado Livre
    VALUE = "VALUE"
    PERCENT = "PERCENT"
    # Mercado Livre (some also Amazon)
    BUYING_MODE = "buying_mode"
    CATEGORY_WITH_VARIATION = "category_with_variation"
    CONDITION = "condition"
    FREE_SHIPPING = "free_shipping"
    LISTING_TYPE_ID = "listing_type_id"
    SHIPPING_LOCAL_PICK_UP = "shipping_local_pick_up"
    SHIPPING_MODE = "shipping_mode"
    OFFICIAL_STORE_ID = "official_store_id"
    ML_CHANNELS = "ml_channels"
    # Via
    IS_MATCH = "is_match"


# --- fields: strings on the wire, typed in Python -----------------------------------------

FieldValue = str | bool | int | Decimal | Enum
"""What :meth:`AdFields.build` accepts for a value (floats are refused: use Decimal)."""


def field_text(key: str, value: FieldValue) -> str:
    """The wire text of one ``fields`` value: booleans as ``"true"``/``"false"``, Decimals in
    plain notation (``Decimal("1.5E+1")`` -> ``"15"``), enums as their value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"fields[{key!r}]: {value} is not a finite number")
        return format(value, "f")
    raise TypeError(
        f"fields[{key!r}]: expected str, bool, int, Decimal or an enum, got {type(value).__name__}"
    )


def _bool(key: str, text: str) -> bool:
    low = text.strip().lower()
    if low == "true":
        return True
    if low == "false":
        return False
    raise ValueError(f"fields[{key!r}] is not a boolean: {text!r}")


def _decimal(key: str, text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"fields[{key!r}] is not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"fields[{key!r}] is not a finite number: {text!r}")
    return value


def _int(key: str, text: str) -> int:
    value = _decimal(key, text)
    if value != value.to_integral_value():
        raise ValueError(f"fields[{key!r}] is not an integer: {text!r}")
    return int(value)


def _empty_fields() -> dict[str, str]:
    return {}


@attrs.frozen(eq=False)
class AdFields(Mapping[str, str]):
    """A typed, read-only view of a listing's ``fields`` map.

    ``AdFields(ad.fields).has_discount`` converts ``"true"`` to ``True``; the view is also the
    raw mapping (``view["title"]``, ``dict(view)``), so nothing the API sent is lost. Each
    accessor returns ``None`` when the key is absent or empty, and raises ``ValueError``
    (naming the key) when the text cannot be read as the documented type: the raw text stays
    reachable through the mapping. Get one from :attr:`SkuMarketplace.typed_fields`.

    Build a map for a request with :meth:`build`.
    """

    raw: Mapping[str, str] = attrs.field(factory=_empty_fields)

    # -- Mapping protocol (the raw strings) ---------------------------------------------------

    def __getitem__(self, key: str) -> str:
        return self.raw[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def _text(self, key: str) -> str | None:
        text = self.raw.get(key)
        return text if text is not None and text.strip() else None

    def _as_bool(self, key: str) -> bool | None:
        text = self._text(key)
        return None if text is None else _bool(key, text)

    def _as_decimal(self, key: str) -> Decimal | None:
        text = self._text(key)
        return None if text is None else _decimal(key, text)

    def _as_int(self, key: str) -> int | None:
        text = self._text(key)
        return None if text is None else _int(key, text)

    # -- every marketplace -------------------------------------------------------------------

    @property
    def title(self) -> str | None:
        """The listing title (<= 255 characters)."""
        return self._text(AdFieldKey.TITLE)

    @property
    def template(self) -> int | None:
        """Id of the ANYMARKET description template."""
        return self._as_int(AdFieldKey.TEMPLATE)

    @property
    def price_factor(self) -> Decimal | None:
        """The listing's markup, e.g. ``Decimal("1.000000")``."""
        return self._as_decimal(AdFieldKey.PRICE_FACTOR)

    @property
    def discount_type(self) -> DiscountType | None:
        text = self._text(AdFieldKey.DISCOUNT_TYPE)
        return None if text is None else DiscountType(text)

    @property
    def discount_value(self) -> Decimal | None:
        return self._as_decimal(AdFieldKey.DISCOUNT_VALUE)

    @property
    def has_discount(self) -> bool | None:
        return self._as_bool(AdFieldKey.HAS_DISCOUNT)

    @property
    def ean(self) -> str | None:
        return self._text(AdFieldKey.EAN)

    @property
    def warranty_time(self) -> int | None:
        return self._as_int(AdFieldKey.WARRANTY_TIME)

    @property
    def measurement_chart_id(self) -> str | None:
        return self._text(AdFieldKey.MEASUREMENT_CHART_ID)

    @property
    def has_fulfillment(self) -> bool | None:
        """The listing is stocked in the marketplace's fulfillment centre."""
        return self._as_bool(AdFieldKey.HAS_FULFILLMENT)

    @property
    def is_main_sku(self) -> bool | None:
        return self._as_bool(AdFieldKey.IS_MAIN_SKU)

    # -- B2W / CNOVA / Walmart ---------------------------------------------------------------

    @property
    def cross_docking(self) -> int | None:
        """B2W: crossdocking days."""
        return self._as_int(AdFieldKey.CROSS_DOCKING)

    @property
    def manufacturing_time(self) -> int | None:
        """CNOVA: manufacturing time."""
        return self._as_int(AdFieldKey.MANUFACTURING_TIME)

    # -- Mercado Livre (some also Amazon) ----------------------------------------------------

    @property
    def listing_type_id(self) -> ListingType | None:
        text = self._text(AdFieldKey.LISTING_TYPE_ID)
        return None if text is None else ListingType(text)

    @property
    def buying_mode(self) -> str | None:
        """``buy_it_now`` or ``auction``."""
        return self._text(AdFieldKey.BUYING_MODE)

    @property
    def condition(self) -> str | None:
        """Item condition, e.g. ``"NEW"`` (Mercado Livre, Amazon)."""
        return self._text(AdFieldKey.CONDITION)

    @property
    def free_shipping(self) -> bool | None:
        return self._as_bool(AdFieldKey.FREE_SHIPPING)

    @property
    def shipping_local_pick_up(self) -> bool | None:
        return self._as_bool(AdFieldKey.SHIPPING_LOCAL_PICK_UP)

    @property
    def shipping_mode(self) -> str | None:
        """``me1``, ``me2`` or the id of an ANYMARKET freight table (Mercado Livre, Amazon)."""
        return self._text(AdFieldKey.SHIPPING_MODE)

    @property
    def official_store_id(self) -> str | None:
        return self._text(AdFieldKey.OFFICIAL_STORE_ID)

    @property
    def ml_channels(self) -> str | None:
        """``marketplace`` or ``mshops``."""
        return self._text(AdFieldKey.ML_CHANNELS)

    @property
    def is_match(self) -> bool | None:
        """Via: the listing matches an existing catalogue offer."""
        return self._as_bool(AdFieldKey.IS_MATCH)

    def listing_price(self, listing_type: ListingType | str) -> Decimal | None:
        """Mercado Livre: the price for one listing type (``<type>_price``)."""
        return self._as_decimal(f"{_text_of(listing_type)}_price")

    def listing_price_factor(self, listing_type: ListingType | str) -> Decimal | None:
        """Mercado Livre: the markup for one listing type (``<type>_price_factor``)."""
        return self._as_decimal(f"{_text_of(listing_type)}_price_factor")

    # -- building ------------------------------------------------------------------------------

    @staticmethod
    def build(
        base: Mapping[str, str] | None = None,
        /,
        *,
        title: str | None = None,
        template: int | None = None,
        price_factor: Decimal | None = None,
        discount_type: DiscountType | str | None = None,
        discount_value: Decimal | None = None,
        has_discount: bool | None = None,
        ean: str | None = None,
        warranty_time: int | None = None,
        measurement_chart_id: str | None = None,
        has_fulfillment: bool | None = None,
        is_main_sku: bool | None = None,
        cross_docking: int | None = None,
        manufacturing_time: int | None = None,
        listing_type_id: ListingType | str | None = None,
        buying_mode: str | None = None,
        condition: str | None = None,
        free_shipping: bool | None = None,
        shipping_local_pick_up: bool | None = None,
        shipping_mode: str | None = None,
        official_store_id: str | None = None,
        ml_channels: str | None = None,
        is_match: bool | None = None,
        extra: Mapping[str, FieldValue] | None = None,
    ) -> dict[str, str]:
        """A ``fields`` map of strings from typed values.

        ``base`` (e.g. ``ad.fields``) is copied first, then every argument that is not
        ``None`` is written under its documented key; ``extra`` adds any other key (values
        converted the same way). Booleans become ``"true"``/``"false"``, Decimals plain
        text (``Decimal("1.50")`` -> ``"1.50"``). Floats are refused (use Decimal).
        """
        out: dict[str, str] = dict(base or {})
        typed: dict[str, FieldValue | None] = {
            AdFieldKey.TITLE: title,
            AdFieldKey.TEMPLATE: template,
            AdFieldKey.PRICE_FACTOR: price_factor,
            AdFieldKey.DISCOUNT_TYPE: discount_type,
            AdFieldKey.DISCOUNT_VALUE: discount_value,
            AdFieldKey.HAS_DISCOUNT: has_discount,
            AdFieldKey.EAN: ean,
            AdFieldKey.WARRANTY_TIME: warranty_time,
            AdFieldKey.MEASUREMENT_CHART_ID: measurement_chart_id,
            AdFieldKey.HAS_FULFILLMENT: has_fulfillment,
            AdFieldKey.IS_MAIN_SKU: is_main_sku,
            AdFieldKey.CROSS_DOCKING: cross_docking,
            AdFieldKey.MANUFACTURING_TIME: manufacturing_time,
            AdFieldKey.LISTING_TYPE_ID: listing_type_id,
            AdFieldKey.BUYING_MODE: buying_mode,
            AdFieldKey.CONDITION: condition,
            AdFieldKey.FREE_SHIPPING: free_shipping,
            AdFieldKey.SHIPPING_LOCAL_PICK_UP: shipping_local_pick_up,
            AdFieldKey.SHIPPING_MODE: shipping_mode,
            AdFieldKey.OFFICIAL_STORE_ID: official_store_id,
            AdFieldKey.ML_CHANNELS: ml_channels,
            AdFieldKey.IS_MATCH: is_match,
        }
        for key, value in typed.items():
            if value is not None:
                out[str(key)] = field_text(key, value)
        for key, value in (extra or {}).items():
            out[str(key)] = field_text(key, value)
        return out


def _text_of(value: Enum | str) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


# --- the listing --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AvailableStock:
    """Stock as the listing sees it (``availableStock``, or one ``availableStocks[]`` entry per
    warehouse). ``cost`` is the average stock cost that drives the price in COST mode."""

    amount: Decimal | None = None
    available_amount: Decimal | None = None
    cost: Decimal | None = None
    physical_amount: Decimal | None = None
    total_reservation: Decimal | None = None
    reserved_pending: Decimal | None = None
    reserved_paid: Decimal | None = None
    total_in_invoiced_status: Decimal | None = None
    stock_local: str | None = None
    stock_local_id: int | None = None
    additional_time: int | None = None
    total_reservation_in_account: Decimal | None = None
    reserved_pending_in_account: Decimal | None = None
    reserved_paid_in_account: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class AdMessage:
    """``skuMarketPlaceMessage``: the last message about the listing (e.g. a rejection)."""

    message: str | None = None
    key: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SkuMarketplace:
    """A listing ("anúncio"): one SKU on one marketplace account.

    Identity: ``id`` (ANYMARKET's listing id), ``account_name``/``id_account``,
    ``marketplace``, ``id_in_marketplace`` and ``marketplace_item_code`` (the marketplace's
    codes), ``index`` (position among the SKU's listings on that marketplace).

    Status: ``publication_status`` (ANYMARKET's view, :class:`PublicationStatus`),
    ``marketplace_status`` (the marketplace's own text), ``transmission_status`` and
    ``error_msg`` (the last sync), ``message``.

    Prices: ``price`` is the list price ("preço de"), ``discount_price`` the selling price
    ("preço por"), ``price_factor`` the listing's markup. They can be written only when the
    product's price mode is ``SKU_MARKETPLACE`` (see :func:`price_target`).

    ``fields`` holds the marketplace options as strings (read them with ``typed_fields``);
    ``attributes`` binds variation types/values to the marketplace's codes
    (``{"63000": "71994"}`` on Mercado Livre). While ``warnings`` is not empty, ANYMARKET
    syncs only price, stock and status. ``sku`` comes back with ``return_type="SKU_COMPLETE"``.
    """

    id: int | None = None
    account_name: str | None = None
    id_account: int | None = None
    marketplace: Marketplace | None = attrs.field(default=None, metadata={"wire": "marketPlace"})
    id_in_marketplace: str | None = None
    marketplace_item_code: str | None = None
    index: int | None = None
    publication_status: PublicationStatus | None = None
    marketplace_status: str | None = None
    transmission_status: str | None = None
    error_msg: str | None = None
    price: Decimal | None = None
    price_factor: Decimal | None = None
    discount_price: Decimal | None = None
    permalink: str | None = None
    sku_in_marketplace: str | None = None
    fields: dict[str, str] = dict_field()
    attributes: dict[str, str] = dict_field()
    warnings: list[str] = list_field()
    available_stock: AvailableStock | None = None
    available_stocks: list[AvailableStock] = list_field()
    message: AdMessage | None = attrs.field(
        default=None, metadata={"wire": "skuMarketPlaceMessage"}
    )
    origin: AdOrigin | None = None
    id_campaign: int | None = None
    sku: Sku | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def typed_fields(self) -> AdFields:
        """``fields`` read with types (the raw map stays in ``fields``)."""
        return AdFields(self.fields)

    @property
    def has_warnings(self) -> bool:
        """Open product issues: only price, stock and status are synced until they are fixed."""
        return bool(self.warnings)


# --- requests -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class NewAd:
    """``POST /skus/{skuId}/marketplaces``: create a listing, or bind an existing marketplace
    listing by setting ``sku_in_marketplace`` (and ``id_in_marketplace``).

    ``price`` and ``discount_price`` are required by the API; what it does with them depends
    on the product's price mode. ``fields`` is required too (may be empty): build it with
    :meth:`AdFields.build`.
    """

    marketplace: Marketplace | str = attrs.field(metadata={"wire": "marketPlace"})
    price: Decimal
    discount_price: Decimal
    fields: dict[str, str]
    account_name: str | None = None
    id_in_marketplace: str | None = None
    permalink: str | None = None
    sku_in_marketplace: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class AdPatch:
    """A merge-patch (RFC 7386) of a listing: only the fields set (not ``None``) are sent.
    ``fields`` is merged key by key into the listing's map."""

    price: Decimal | None = None
    discount_price: Decimal | None = None
    price_factor: Decimal | None = None
    publication_status: PublicationStatus | None = None
    marketplace_status: str | None = None
    permalink: str | None = None
    sku_in_marketplace: str | None = None
    fields: dict[str, str] | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class AdPrice:
    """One item of ``PUT /skus/marketplaces/prices``: new prices of one listing (by its id)."""

    id: int
    price: Decimal
    discount_price: Decimal


@attrs.frozen(kw_only=True)
class AdPriceResult:
    """One item of the bulk price answer. ``error_msg`` is empty when the listing was accepted."""

    id: int | None = None
    error_msg: str | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def ok(self) -> bool:
        return not (self.error_msg and self.error_msg.strip())


@attrs.frozen(kw_only=True)
class PriceUpdateReport:
    """What a bulk price update did, listing by listing.

    ANYMARKET answers ``[{id, errorMsg}]``; whether it lists every listing or only the
    rejected ones is not documented, so a requested id counts as accepted unless a result with
    an error names it.
    """

    requested: list[int] = list_field()
    results: list[AdPriceResult] = list_field()

    @property
    def failures(self) -> list[AdPriceResult]:
        """The results that carry an error message."""
        return [r for r in self.results if not r.ok]

    @property
    def failed_ids(self) -> list[int]:
        return [r.id for r in self.failures if r.id is not None]

    @property
    def accepted_ids(self) -> list[int]:
        """Requested ids no error names, in request order."""
        failed = set(self.failed_ids)
        return [i for i in self.requested if i not in failed]

    @property
    def ok(self) -> bool:
        return not self.failures

    def error_for(self, ad_id: int) -> str | None:
        """The error message for one listing, or ``None`` when it was accepted."""
        return next((r.error_msg for r in self.failures if r.id == ad_id), None)


@attrs.frozen(kw_only=True)
class MarketplacePriceError:
    """One rejected listing of ``POST /skus/{skuId}/updatePrice/{marketPlace}``: ``key`` names
    the listing, ``value`` is the message."""

    key: str | None = None
    value: str | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def message(self) -> str | None:
        return self.value


@attrs.frozen(kw_only=True)
class MarketplacePriceResult:
    """The answer of ``POST /skus/{skuId}/updatePrice/{marketPlace}`` (empty ``errors`` when
    every listing took the new prices)."""

    errors: list[MarketplacePriceError] = list_field()
    extra: dict[str, Any] = extra_field()

    @property
    def ok(self) -> bool:
        return not self.errors


# --- SKU exports ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SkuExport:
    """A file listing the SKUs with price, stock and crossdocking time (``/skus/exports``).

    ``url`` is the download link once ``status`` is FINISHED; ``marketplace`` is the filter
    the export was asked with. The export's documented status key is ``FileExportStatus``
    (sic); ``fileExportStatus`` and ``status`` are read too.
    """

    document_id: str | None = None
    url: str | None = None
    date_time: datetime | None = None
    lines_processed: int | None = None
    count_lines: int | None = None
    status: ExportStatus | None = attrs.field(default=None, metadata={"wire": "FileExportStatus"})
    marketplace: Marketplace | None = attrs.field(default=None, metadata={"wire": "marketPlace"})
    extra: dict[str, Any] = extra_field()


# --- price modes --------------------------------------------------------------------------


class PriceTarget(StrEnum):
    """Where a product's selling prices are written, by its price mode
    (``Product.definition_price_scope``). The value names the client resource to use.

    - ``STOCK_COST`` (mode ``COST``, "automatic, by cost"): write the stock ``cost`` through
      ``client.stocks``; ANYMARKET computes every price as cost x ``price_factor``. Listing
      prices cannot be set directly (``POST updatePrice`` refuses these listings).
    - ``SKU_PRICE`` (mode ``SKU``, "manual, per SKU"): write ``price``/``sell_price`` on the
      SKU through ``client.skus``.
    - ``AD_PRICE`` (mode ``SKU_MARKETPLACE``, "manual, per listing"): write ``price``/
      ``discount_price`` per listing through ``client.ads`` (``update_prices`` in bulk,
      ``update_price`` per SKU and marketplace, or ``update``/``merge_patch``).
    """

    STOCK_COST = "stocks"
    SKU_PRICE = "skus"
    AD_PRICE = "ads"


_TARGETS: Final = {
    DefinitionPriceScope.COST: PriceTarget.STOCK_COST,
    DefinitionPriceScope.SKU: PriceTarget.SKU_PRICE,
    DefinitionPriceScope.SKU_MARKETPLACE: PriceTarget.AD_PRICE,
}


def _scope_of(scope: DefinitionPriceScope | str | Product | None) -> DefinitionPriceScope | None:
    if isinstance(scope, Product):
        scope = scope.definition_price_scope
    if scope is None:
        return None
    return DefinitionPriceScope(scope.value if isinstance(scope, Enum) else str(scope).upper())


def price_target(scope: DefinitionPriceScope | str | Product) -> PriceTarget:
    """Which call sets the selling price for a product with this price mode.

    Accepts the scope itself or a :class:`Product` (its ``definition_price_scope``)::

        >>> price_target(DefinitionPriceScope.SKU_MARKETPLACE)
        <PriceTarget.AD_PRICE: 'ads'>

    Raises ``ValueError`` when the mode is missing or not one this version knows.
    """
    known = _scope_of(scope)
    target = _TARGETS.get(known) if known is not None else None
    if target is None:
        raise ValueError(f"unknown or missing price mode (definition_price_scope): {scope!r}")
    return target


def is_automatic_pricing(scope: DefinitionPriceScope | str | Product | None) -> bool:
    """True for the ``COST`` mode, where ANYMARKET computes prices from the stock cost and
    listing prices cannot be written (``None`` or an unknown mode gives ``False``)."""
    return _scope_of(scope) == DefinitionPriceScope.COST

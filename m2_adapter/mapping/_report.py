"""What a mapping decided about everything it was given: mapped, held, skipped or warned.

Every mapping returns a ``MappingResult``: the mapped value (or ``None`` when the whole input
was held) and a ``MappingReport`` listing

- ``held``: inputs that cannot be mapped *now* and need a fix in M2 data or in the
  configuration (an unmapped warehouse, an unknown SKU, a buyer with a placeholder CPF). A
  held input is never half-mapped: a held order produces no order at all;
- ``skipped``: inputs left out on purpose by a rule (a blocked item, a fulfillment
  warehouse, a price not in effect today). Nothing needs fixing;
- ``warnings``: the input was mapped, but a value was dropped, defaulted or adjusted (an
  invalid EAN omitted, a fractional stock floored).

Each entry names its ``subject`` (an item code, an order id, ...), the ``path`` of the field
concerned inside the input (Python attribute names, e.g. ``items[1].sku.partner_id``) and a
machine-readable code (``HoldReason``, ``SkipReason``, ``WarningCode``). Messages never carry
personal data (documents, e-mails, phones).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Generic, TypeVar

import attrs

__all__ = [
    "Held",
    "HoldReason",
    "MappingHeldError",
    "MappingReport",
    "MappingResult",
    "MappingWarning",
    "SkipReason",
    "Skipped",
    "WarningCode",
]

T = TypeVar("T")


class HoldReason(StrEnum):
    """Why an input was held (it needs a data or configuration fix, then a retry)."""

    # catalogue
    PARTNER_ID_INVALID = "partner_id_invalid"
    """The item code is empty or its partnerId would exceed 120 characters."""
    PARTNER_ID_CONFLICT = "partner_id_conflict"
    """Two items have the same code, or codes that differ only in letter case."""
    CATEGORY_UNMAPPED = "category_unmapped"
    """No ANYMARKET category for the item group and no default category."""
    BRAND_UNMAPPED = "brand_unmapped"
    """No ANYMARKET brand for the item brand and no default brand."""
    VARIATIONS_INVALID = "variations_invalid"
    """A product with several SKUs whose variation values are missing, of different types,
    or repeated."""
    # stock
    WAREHOUSE_UNMAPPED = "warehouse_unmapped"
    """The M2 warehouse has no ANYMARKET ``stockLocalId`` in the configuration."""
    # prices
    PRICE_INVALID = "price_invalid"
    """The list price is zero, or the promotional price is above the list price."""
    PRICE_AMBIGUOUS = "price_ambiguous"
    """Several price tables price the item today and no table is configured."""
    PRICE_MODE_UNKNOWN = "price_mode_unknown"
    """The product's price mode (``definitionPriceScope``) is not one this version knows."""
    # orders
    ORDER_INCOMPLETE = "order_incomplete"
    """The order lacks its id, marketplace, creation date or items."""
    ORDER_STATUS_UNKNOWN = "order_status_unknown"
    """The ANYMARKET status is missing or not one this version knows."""
    CHANNEL_UNMAPPED = "channel_unmapped"
    """No M2 sales channel for (marketplace, account, fulfillment)."""
    UNKNOWN_SKU = "unknown_sku"
    """A line's SKU partnerId is missing, not produced by the codec, or not an M2 item."""
    ITEM_INVALID = "item_invalid"
    """A line has no positive quantity or no unit price."""
    AMOUNT_INVALID = "amount_invalid"
    """A negative freight, discount, interest, line discount or payment value."""
    BUYER_NAME_MISSING = "buyer_name_missing"
    BUYER_DOCUMENT_PLACEHOLDER = "buyer_document_placeholder"
    """A CPF/CNPJ of one repeated digit (``000.000.000-00``): ANYMARKET's default value."""
    BUYER_DOCUMENT_MASKED = "buyer_document_masked"
    """The marketplace hid part of the document (``***``); it may arrive after payment."""
    BUYER_DOCUMENT_INVALID = "buyer_document_invalid"
    """A missing CPF/CNPJ, or one with the wrong length or check digits."""
    ADDRESS_INVALID = "address_invalid"
    """No delivery address, or one without street/city, a valid UF or a valid CEP."""
    INTERMEDIARY_INVALID = "intermediary_invalid"
    """``documentIntermediator`` is not a valid CNPJ."""
    # send-back
    INVOICE_INVALID = "invoice_invalid"
    """Bad access key, series/number not matching the key, bad CFOP, wrong issuer."""
    TRACKING_INCOMPLETE = "tracking_incomplete"
    """No tracking number or carrier."""
    DATE_IN_FUTURE = "date_in_future"
    """An issue, ship or delivery date later than ``now``."""


class SkipReason(StrEnum):
    """Why an input was left out on purpose (nothing to fix)."""

    ITEM_BLOCKED = "item_blocked"
    """The item is not *Liberado* in M2."""
    ITEM_INACTIVE = "item_inactive"
    """The item is not active in M2."""
    ITEM_STATUS_UNKNOWN = "item_status_unknown"
    """The export did not say whether the item is active and released."""
    PARENT_NOT_PUBLISHABLE = "parent_not_publishable"
    """The variation's parent (template) item is blocked or inactive."""
    NO_PUBLISHABLE_VARIANT = "no_publishable_variant"
    """A template item none of whose variations can be published."""
    FULFILLMENT_WAREHOUSE = "fulfillment_warehouse"
    """Stock held by the marketplace (Full/FBA): never pushed."""
    WAREHOUSE_INACTIVE = "warehouse_inactive"
    NOT_IN_CATALOGUE = "not_in_catalogue"
    """A balance of an item that is not among the published codes."""
    PRICE_NOT_IN_EFFECT = "price_not_in_effect"
    """No entry of the item's prices is valid on ``now``'s date."""
    NO_LISTING = "no_listing"
    """Price mode per listing, but the SKU has no listing yet."""
    NO_PUSHBACK = "no_pushback"
    """A fulfillment or cancelled order: ANYMARKET gets no invoice/tracking from the ERP."""


class WarningCode(StrEnum):
    """What was adjusted while mapping."""

    EAN_INVALID = "ean_invalid"
    EAN_TOO_LONG = "ean_too_long"
    NCM_INVALID = "ncm_invalid"
    NCM_FROM_FISCAL_CLASS = "ncm_from_fiscal_class"
    ORIGIN_DEFAULTED = "origin_defaulted"
    WEIGHT_MISSING = "weight_missing"
    DIMENSIONS_MISSING = "dimensions_missing"
    TITLE_TRUNCATED = "title_truncated"
    IMAGE_DROPPED = "image_dropped"
    PARENT_MISSING = "parent_missing"
    VARIATION_IGNORED = "variation_ignored"
    QUANTITY_NEGATIVE = "quantity_negative"
    QUANTITY_FRACTIONAL = "quantity_fractional"
    PRICE_OVERLAP = "price_overlap"
    FULFILLMENT_FROM_METADATA = "fulfillment_from_metadata"
    FOREIGN_DOCUMENT = "foreign_document"
    DOCUMENT_TYPE_MISMATCH = "document_type_mismatch"
    DOCUMENT_DROPPED = "document_dropped"
    PHONE_DROPPED = "phone_dropped"
    ADDRESS_DROPPED = "address_dropped"
    CEP_UF_MISMATCH = "cep_uf_mismatch"
    INTERMEDIARY_MISSING = "intermediary_missing"
    INTERMEDIARY_FROM_CONFIG = "intermediary_from_config"
    INSTITUTION_DROPPED = "institution_dropped"
    PAYMENT_DROPPED = "payment_dropped"
    TOTALS_MISMATCH = "totals_mismatch"
    ITEM_NOT_PUBLISHED = "item_not_published"
    KIT_COMPONENT = "kit_component"
    MARKETPLACE_NUMBER_MISSING = "marketplace_number_missing"
    NFCE_MODEL = "nfce_model"
    KEY_MONTH_MISMATCH = "key_month_mismatch"
    CARRIER_DOCUMENT_DROPPED = "carrier_document_dropped"
    URL_DROPPED = "url_dropped"
    ESTIMATE_DROPPED = "estimate_dropped"
    DATE_DROPPED = "date_dropped"


@attrs.frozen(kw_only=True)
class Held:
    """An input that could not be mapped (see ``HoldReason``)."""

    reason: HoldReason
    subject: str
    path: str
    detail: str


@attrs.frozen(kw_only=True)
class Skipped:
    """An input left out on purpose (see ``SkipReason``)."""

    reason: SkipReason
    subject: str
    path: str
    detail: str


@attrs.frozen(kw_only=True)
class MappingWarning:
    """A value dropped, defaulted or adjusted while the input was mapped."""

    code: WarningCode
    subject: str
    path: str
    message: str


def _held_tuple(values: Iterable[Held]) -> tuple[Held, ...]:
    return tuple(values)


def _skipped_tuple(values: Iterable[Skipped]) -> tuple[Skipped, ...]:
    return tuple(values)


def _warning_tuple(values: Iterable[MappingWarning]) -> tuple[MappingWarning, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class MappingReport:
    """Held inputs, skipped inputs and warnings of one mapping, in the order met."""

    held: tuple[Held, ...] = attrs.field(default=(), converter=_held_tuple)
    skipped: tuple[Skipped, ...] = attrs.field(default=(), converter=_skipped_tuple)
    warnings: tuple[MappingWarning, ...] = attrs.field(default=(), converter=_warning_tuple)

    @property
    def clean(self) -> bool:
        """Nothing held, skipped or warned about."""
        return not (self.held or self.skipped or self.warnings)

    def held_for(self, subject: str) -> tuple[Held, ...]:
        """The holds of one subject (an item code, an order id...)."""
        return tuple(h for h in self.held if h.subject == subject)

    def merge(self, other: MappingReport) -> MappingReport:
        """Both reports, this one's entries first."""
        return MappingReport(
            held=self.held + other.held,
            skipped=self.skipped + other.skipped,
            warnings=self.warnings + other.warnings,
        )


class MappingHeldError(Exception):
    """``MappingResult.unwrap()`` on a result that was held or produced nothing."""

    def __init__(self, report: MappingReport) -> None:
        reasons = ", ".join(sorted({h.reason.value for h in report.held})) or "nothing mapped"
        super().__init__(f"mapping held: {reasons}")
        self.report = report


@attrs.frozen(kw_only=True)
class MappingResult(Generic[T]):
    """A mapped value and its report.

    ``value`` is ``None`` when the whole input was held or skipped (an order, an invoice);
    batch mappings (catalogue, stock, prices) always return a value and hold entries one by
    one. ``ok`` is true when there is a value and nothing was held.
    """

    value: T | None
    report: MappingReport = attrs.field(factory=MappingReport)

    @property
    def ok(self) -> bool:
        return self.value is not None and not self.report.held

    @property
    def held_reason(self) -> HoldReason | None:
        """The first hold's reason (``None`` when nothing was held)."""
        return self.report.held[0].reason if self.report.held else None

    @property
    def held(self) -> tuple[Held, ...]:
        return self.report.held

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        return self.report.skipped

    @property
    def warnings(self) -> tuple[MappingWarning, ...]:
        return self.report.warnings

    def unwrap(self) -> T:
        """The value; ``MappingHeldError`` when there is none or something was held."""
        if self.value is None or self.report.held:
            raise MappingHeldError(self.report)
        return self.value


class ReportBuilder:
    """Collects a report while a mapping runs (internal; the result is frozen)."""

    __slots__ = ("held", "skipped", "warnings")

    def __init__(self) -> None:
        self.held: list[Held] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[MappingWarning] = []

    def hold(self, reason: HoldReason, subject: str, path: str, detail: str) -> None:
        self.held.append(Held(reason=reason, subject=subject, path=path, detail=detail))

    def skip(self, reason: SkipReason, subject: str, path: str, detail: str) -> None:
        self.skipped.append(Skipped(reason=reason, subject=subject, path=path, detail=detail))

    def warn(self, code: WarningCode, subject: str, path: str, message: str) -> None:
        self.warnings.append(MappingWarning(code=code, subject=subject, path=path, message=message))

    def report(self) -> MappingReport:
        return MappingReport(held=self.held, skipped=self.skipped, warnings=self.warnings)

    def result(self, value: T | None) -> MappingResult[T]:
        return MappingResult(value=value, report=self.report())

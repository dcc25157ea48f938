"""The values the ledger takes and returns (attrs, frozen, keyword-only) and its enums."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

import attrs

from anymarket_sdk.models import PriceTarget

__all__ = [
    "CatalogueEntry",
    "CatalogueKind",
    "OrderEntry",
    "OrderState",
    "PriceRecord",
    "PushFailure",
    "Reservation",
    "ReserveOutcome",
    "RunEntry",
    "RunOutcome",
    "SnapshotRecord",
    "StockRecord",
    "TransitionRecord",
    "TransitionState",
    "WorkItem",
    "WorkState",
]


# --- validators ---------------------------------------------------------------------------


def _text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


def _finite(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{attribute.name} must be a finite Decimal, got {value!r}")


def _optional_finite(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _finite(inst, attribute, value)


def _positive_id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{attribute.name} must be a positive int, got {value!r}")


def _non_negative(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name} must be an int >= 0, got {value!r}")


# --- snapshots ------------------------------------------------------------------------------


DEFAULT_STOCK_LOCAL: Final = 0
"""How ``stock_local_id=None`` (ANYMARKET's default warehouse) is keyed in the ledger."""


@attrs.frozen(kw_only=True)
class StockRecord:
    """The stock of one SKU in one warehouse: a desired state to push, or the last pushed one.

    ``stock_local_id`` ``None`` is ANYMARKET's default warehouse. ``cost`` and
    ``additional_time`` ``None`` mean "not managed by us": they compare equal to ``None``
    only, like any value.
    """

    sku_partner_id: str = attrs.field(validator=_text)
    quantity: Decimal = attrs.field(validator=_finite)
    stock_local_id: int | None = attrs.field(default=None, validator=_positive_id)
    cost: Decimal | None = attrs.field(default=None, validator=_optional_finite)
    additional_time: int | None = attrs.field(default=None, validator=_non_negative)

    @property
    def key(self) -> tuple[str, int]:
        """(sku_partner_id, stock_local_id or 0): one snapshot row per key."""
        return (self.sku_partner_id, self.stock_local_id or DEFAULT_STOCK_LOCAL)


_TARGET_KEYS: Final = {
    PriceTarget.SKU_PRICE: "sku",
    PriceTarget.STOCK_COST: "stock_cost",
    PriceTarget.AD_PRICE: "ad",
}


@attrs.frozen(kw_only=True)
class PriceRecord:
    """A selling price of one SKU, per target (``anymarket_sdk.models.PriceTarget``):

    - ``SKU_PRICE``: the SKU's ``price`` and ``sell_price``;
    - ``AD_PRICE``: one listing's ``price`` and ``discount_price`` (``sell_price`` here);
      ``ad_id`` names the listing and is required;
    - ``STOCK_COST``: the cost ANYMARKET derives prices from (``price`` is the cost).
    """

    sku_partner_id: str = attrs.field(validator=_text)
    target: PriceTarget = attrs.field(validator=attrs.validators.instance_of(PriceTarget))
    price: Decimal = attrs.field(validator=_finite)
    sell_price: Decimal | None = attrs.field(default=None, validator=_optional_finite)
    ad_id: int | None = attrs.field(default=None, validator=_positive_id)

    def __attrs_post_init__(self) -> None:
        target_key(self.target, self.ad_id)  # validates the pair

    @property
    def target_key(self) -> str:
        """``"sku"``, ``"stock_cost"`` or ``"ad:<ad_id>"``: the stored target column."""
        return target_key(self.target, self.ad_id)

    @property
    def key(self) -> tuple[str, str]:
        """(sku_partner_id, target_key): one snapshot row per key."""
        return (self.sku_partner_id, self.target_key)


SnapshotRecord = StockRecord | PriceRecord


def target_key(target: PriceTarget, ad_id: int | None = None) -> str:
    """The stored key of a price target (``ad_id`` only and always for ``AD_PRICE``)."""
    if not isinstance(target, PriceTarget):
        raise TypeError(f"target must be a PriceTarget, got {target!r}")
    if (target is PriceTarget.AD_PRICE) != (ad_id is not None):
        raise ValueError("ad_id is required for AD_PRICE and only for AD_PRICE")
    base = _TARGET_KEYS[target]
    return base if ad_id is None else f"{base}:{ad_id}"


def parse_target_key(key: str) -> tuple[PriceTarget, int | None]:
    base, _, ref = key.partition(":")
    for target, name in _TARGET_KEYS.items():
        if name == base:
            return target, int(ref) if ref else None
    raise ValueError(f"unknown price target key {key!r}")


@attrs.frozen(kw_only=True)
class PushFailure:
    """A stock or price push that failed and is retried by the next delta.

    ``target`` is ``None`` for a stock row (``stock_local_id`` names the warehouse, ``None``
    the default one) and set for a price (``ad_id`` for a listing price).
    """

    sku_partner_id: str
    reason: str
    failures: int
    failed_at: datetime
    stock_local_id: int | None = None
    target: PriceTarget | None = None
    ad_id: int | None = None


# --- catalogue ------------------------------------------------------------------------------


class CatalogueKind(StrEnum):
    """What an id map entry maps. ``local_key`` per kind (a convention, not enforced):

    - ``PRODUCT``: the M2 parent item code -> ANYMARKET product id;
    - ``SKU``: the M2 item code -> ANYMARKET SKU id (``partner_id`` the SKU's partnerId);
    - ``BRAND`` / ``CATEGORY``: the M2 id or name -> ANYMARKET id;
    - ``VARIATION_TYPE``: the attribute name -> ANYMARKET variation type id;
    - ``VARIATION_VALUE``: ``"<type>/<value>"`` -> ANYMARKET variation value id
      (``parent_key`` the type).

    ``PRODUCT`` and ``SKU`` ids belong to one M2 code each; a brand, category or variation id
    may be the target of several M2 names.
    """

    PRODUCT = "product"
    SKU = "sku"
    BRAND = "brand"
    CATEGORY = "category"
    VARIATION_TYPE = "variation_type"
    VARIATION_VALUE = "variation_value"

    @property
    def exclusive(self) -> bool:
        """Whether an ANYMARKET id of this kind maps back to a single M2 code."""
        return self in (CatalogueKind.PRODUCT, CatalogueKind.SKU)


@attrs.frozen(kw_only=True)
class CatalogueEntry:
    """One M2 code (``local_key``) and the ANYMARKET id it was created as or matched to."""

    kind: CatalogueKind
    local_key: str
    anymarket_id: int
    partner_id: str | None = None
    name: str | None = None
    parent_key: str | None = None
    updated_at: datetime | None = attrs.field(default=None, eq=False)


# --- orders ---------------------------------------------------------------------------------


class OrderState(StrEnum):
    """Where an ANYMARKET order is in the intake flow.

    ``RECEIVED`` -> ``IMPORTED`` (the M2 sink has it) -> ``PARTNER_ID_WRITTEN`` (the M2
    number is on the ANYMARKET order) -> ``ACKED`` (every feed item seen for it is
    acknowledged: done). A new feed item for an imported order makes it ``UPDATED`` (import
    again, the sink is idempotent). ``HELD`` (with a reason) waits for a person;
    ``CANCELED`` is final.
    """

    RECEIVED = "received"
    HELD = "held"
    IMPORTED = "imported"
    PARTNER_ID_WRITTEN = "partner_id_written"
    ACKED = "acked"
    UPDATED = "updated"
    CANCELED = "canceled"


@attrs.frozen(kw_only=True)
class OrderEntry:
    """An ANYMARKET order as the ledger knows it.

    ``reason`` is why it is ``HELD`` or ``CANCELED``; ``held_from`` the state a release
    returns to; ``pending_tokens`` the feed tokens seen and not yet acknowledged (oldest
    first); ``partner_id_written`` whether the M2 number was ever written back.
    """

    anymarket_order_id: str
    state: OrderState
    m2_order_number: str | None = None
    reason: str | None = None
    held_from: OrderState | None = None
    partner_id_written: bool = False
    pending_tokens: tuple[str, ...] = ()
    created_at: datetime
    updated_at: datetime


# --- transitions ----------------------------------------------------------------------------


class TransitionState(StrEnum):
    RESERVED = "reserved"
    """About to be sent (or sent by a process that died before recording it)."""
    SENT = "sent"
    """ANYMARKET accepted it."""


@attrs.frozen(kw_only=True)
class TransitionRecord:
    """One (order, target status) send-back: its payload fingerprint and state."""

    anymarket_order_id: str
    status: str
    fingerprint: str
    state: TransitionState
    reserved_at: datetime
    sent_at: datetime | None = None


class ReserveOutcome(StrEnum):
    GO = "go"
    """Reserved for this caller: send it, then ``record_sent`` (or ``abandon_transition``)."""
    ALREADY_SENT = "already_sent"
    """ANYMARKET accepted it before: never send again."""
    IN_DOUBT = "in_doubt"
    """A reservation exists without a confirmation (a process died mid-send, or another
    worker is sending): read the order from ANYMARKET, then ``record_sent`` or
    ``abandon_transition``."""


@attrs.frozen(kw_only=True)
class Reservation:
    """The answer of ``reserve_transition``: what to do, and the stored record."""

    outcome: ReserveOutcome
    record: TransitionRecord

    @property
    def go(self) -> bool:
        """True when this caller must send the transition now."""
        return self.outcome is ReserveOutcome.GO


# --- work queue -----------------------------------------------------------------------------


class WorkState(StrEnum):
    READY = "ready"
    CLAIMED = "claimed"
    DONE = "done"
    DEAD = "dead"


@attrs.frozen(kw_only=True)
class WorkItem:
    """One unit of pending work, unique by (queue, key).

    ``attempts`` counts claims; ``revision`` grows whenever a new payload arrives (a claim
    completed on an older revision goes back to ``READY``).
    """

    queue: str
    key: str
    payload: str
    state: WorkState
    attempts: int
    revision: int
    next_attempt_at: datetime
    claimed_by: str | None = None
    lease_until: datetime | None = None
    last_error: str | None = None
    created_at: datetime
    updated_at: datetime


# --- run log --------------------------------------------------------------------------------


class RunOutcome(StrEnum):
    RUNNING = "running"
    """Started and not finished: still running, or the process died."""
    OK = "ok"
    FAILED = "failed"


@attrs.frozen(kw_only=True)
class RunEntry:
    """One flow run: when, how it ended, and its counters."""

    run_id: str
    flow: str
    outcome: RunOutcome
    started_at: datetime
    finished_at: datetime | None = None
    counters: dict[str, int] = attrs.field(factory=dict[str, int])
    error: str | None = None

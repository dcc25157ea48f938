"""Promotions (``/promotions``): ANYMARKET price rules.

A rule has ``actions`` (how prices change) and ``conditions`` (which listings it applies
to). A condition value can be narrowed by sub-conditions, which nest.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from ..types import OpenStrEnum
from ._base import extra_field, list_field

__all__ = [
    "Promotion",
    "PromotionAction",
    "PromotionActionType",
    "PromotionActionValue",
    "PromotionCondition",
    "PromotionConditionType",
    "PromotionConditionValue",
    "PromotionStatus",
    "PromotionSubCondition",
    "PromotionSubConditionType",
    "PromotionSubConditionValue",
]


class PromotionStatus(OpenStrEnum):
    UNSCHEDULED = "UNSCHEDULED"
    SCHEDULED = "SCHEDULED"
    APPLIED = "APPLIED"
    FINALIZED = "FINALIZED"


class PromotionActionType(OpenStrEnum):
    """``PERCENT_VALUE``/``FIXED_VALUE`` discount by a percentage or an amount;
    ``ADD_PERCENT_VALUE``/``ADD_VALUE`` raise the price instead."""

    PERCENT_VALUE = "PERCENT_VALUE"
    FIXED_VALUE = "FIXED_VALUE"
    ADD_VALUE = "ADD_VALUE"
    ADD_PERCENT_VALUE = "ADD_PERCENT_VALUE"


class PromotionConditionType(OpenStrEnum):
    PRODUCT = "PRODUCT"
    CATEGORY = "CATEGORY"
    MARKETPLACE = "MARKETPLACE"
    BRAND = "BRAND"


class PromotionSubConditionType(OpenStrEnum):
    LISTING_TYPE = "LISTING_TYPE"
    CONDITION = "CONDITION"
    SHIPPING_MODE = "SHIPPING_MODE"
    ACCOUNT = "ACCOUNT"
    OFFICIAL_STORE = "OFFICIAL_STORE"


@attrs.frozen(kw_only=True)
class PromotionActionValue:
    id: int | None = None
    value: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PromotionAction:
    id: int | None = None
    type: PromotionActionType | None = None
    values: list[PromotionActionValue] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PromotionSubConditionValue:
    id: int | None = None
    value: str | None = None
    description: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PromotionSubCondition:
    """A refinement of a condition value (e.g. listing type ``gold_pro``); sub-conditions
    nest through ``children_sub_conditions``."""

    id: int | None = None
    subcondition_type: PromotionSubConditionType | None = None
    values: list[PromotionSubConditionValue] = list_field()
    children_sub_conditions: list[PromotionSubCondition] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PromotionConditionValue:
    id: int | None = None
    value: str | None = None
    sub_conditions: list[PromotionSubCondition] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PromotionCondition:
    id: int | None = None
    type: PromotionConditionType | None = None
    values: list[PromotionConditionValue] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Promotion:
    """A price rule. ``initial_date``/``final_date`` are aware datetimes; ``active`` says
    whether the rule is switched on, ``status`` where it is in its schedule."""

    id: int
    description: str | None = None
    initial_date: datetime | None = None
    final_date: datetime | None = None
    active: bool | None = None
    deleted: bool | None = None
    status: PromotionStatus | None = None
    actions: list[PromotionAction] = list_field()
    conditions: list[PromotionCondition] = list_field()
    extra: dict[str, Any] = extra_field()

"""Campaigns (``/campaigns``): marketplace promotional campaigns a seller takes part in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ..types import OpenStrEnum
from ._base import extra_field, list_field
from .enums import Marketplace

__all__ = ["Campaign", "CampaignEnvelope", "CampaignStatus"]


class CampaignStatus(OpenStrEnum):
    SCHEDULED = "SCHEDULED"
    ACTIVE = "ACTIVE"
    FINALIZED = "FINALIZED"


@attrs.frozen(kw_only=True)
class Campaign:
    """A campaign of one marketplace account. ``initial_date``/``final_date`` are aware
    datetimes (ANYMARKET sends UTC, ``2022-09-03T09:32:42.041Z``). ``id_account`` is text
    (the Java SDK reads it as a number; both decode)."""

    id: int
    title: str | None = None
    description: str | None = None
    id_account: str | None = None
    account_name: str | None = None
    marketplace: Marketplace | None = None
    status: CampaignStatus | None = None
    initial_date: datetime | None = None
    final_date: datetime | None = None
    products_count: int | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class CampaignEnvelope:
    """The wire shape of ``GET /campaigns`` (not the usual page envelope): ``start`` is the
    offset, ``page_size`` the limit, ``count`` the total number of campaigns. The client
    turns it into an ``anymarket_sdk.Page``."""

    page_size: int | None = None
    count: int | None = None
    start: int | None = None
    values: list[Campaign] = list_field()
    extra: dict[str, Any] = extra_field()

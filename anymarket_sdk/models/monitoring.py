"""Monitorings (``/monitorings``): integration errors shown in the seller's ANYMARKET panel,
and messages to an order's buyer (``/messages/order/{id}``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

import attrs

from ..types import OpenStrEnum
from ._base import extra_field, read_only

__all__ = ["BuyerMessage", "Monitoring", "MonitoringStatus", "MonitoringType"]


class MonitoringType(OpenStrEnum):
    """How serious the reported problem is."""

    ALERT = "ALERT"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    CRITICAL_ERROR = "CRITICAL_ERROR"


class MonitoringStatus(OpenStrEnum):
    """Where the integrator stands on the problem. The API docs also spell ``CONCLUDED`` as
    ``CONCLUED`` in one place; both read as ``CONCLUDED``."""

    PENDING = "PENDING"
    RETRYING = "RETRYING"
    CANCELLED = "CANCELLED"
    CONCLUDED = "CONCLUDED"

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if isinstance(value, str) and value.strip().upper() == "CONCLUED":
            return cls("CONCLUDED")
        return super()._missing_(value)


@attrs.frozen(kw_only=True)
class Monitoring:
    """One monitoring record: a problem of the integration, shown in ANYMARKET's panel.

    - ``partner_id``: your own id for the record (e.g. the id in your error log);
    - ``origin``: the integrator's name, as the seller should read it in the panel;
    - ``message`` (<= 500 characters) and ``details`` (<= 4000): what went wrong. The SDK
      masks CPF/CNPJ numbers, e-mail addresses and phone numbers in both before sending;
    - ``created_at``: when it happened (timezone-aware; required when sending);
    - ``retry_callback_url``: an URL of your API that ANYMARKET can call to retry.
    """

    partner_id: str
    origin: str
    message: str
    created_at: datetime | None = None
    details: str | None = None
    type: MonitoringType | None = None
    status: MonitoringStatus | None = None
    retry_callback_url: str | None = attrs.field(
        default=None, metadata={"wire": "retryCallbackURL"}
    )
    id: int | None = read_only()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class BuyerMessage:
    """A message to the buyer of an order, as ANYMARKET acknowledged it."""

    message: str | None = None
    extra: dict[str, Any] = extra_field()

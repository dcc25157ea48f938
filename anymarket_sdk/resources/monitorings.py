"""``client.monitorings``: report integration problems into the seller's ANYMARKET panel
(``POST /monitorings``).

``message`` and ``details`` are free text that ANYMARKET shows to people and stores: before
sending, the SDK masks CPF/CNPJ numbers, e-mail addresses and phone numbers in them with
``anymarket_sdk.mask`` (keeping the last two characters of numbers).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final, TypeVar
from urllib.parse import urlsplit

import attrs

from .._core import ModelDecoder, Operation, require_text, route
from .._logging import mask
from ..errors import RequestValidationError
from ..models.monitoring import Monitoring, MonitoringStatus, MonitoringType
from ._base import AsyncResource, SyncResource

__all__ = ["AsyncMonitorings", "Monitorings", "create_op"]

_CREATE = route("POST", "/monitorings", ModelDecoder(Monitoring))

MAX_MESSAGE: Final = 500
MAX_DETAILS: Final = 4000


E = TypeVar("E", MonitoringType, MonitoringStatus)


def _enum(field: str, cls: type[E], value: E | str | None) -> E | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        names = ", ".join(m.value for m in cls)
        raise RequestValidationError(field, f"expected one of {names}, got {value!r}")
    return cls(value)


def _text(field: str, value: str) -> None:
    if not isinstance(value, str):
        raise RequestValidationError(field, f"must be text, got {type(value).__name__}")
    require_text(field, value)


def _masked(field: str, value: str, max_len: int) -> str:
    """``value`` with personal data masked; the length limit applies to what is sent."""
    _text(field, value)
    masked = mask(value)
    if len(masked) > max_len:
        raise RequestValidationError(field, f"at most {max_len} characters, got {len(masked)}")
    return masked


def _validate(monitoring: Monitoring) -> Monitoring:
    if not isinstance(monitoring, Monitoring):
        raise RequestValidationError(
            "monitoring", f"expected a Monitoring, got {type(monitoring).__name__}"
        )
    _text("monitoring.partner_id", monitoring.partner_id)
    _text("monitoring.origin", monitoring.origin)
    message = _masked("monitoring.message", monitoring.message, MAX_MESSAGE)
    details = monitoring.details
    if details is not None:
        details = _masked("monitoring.details", details, MAX_DETAILS)
    created = monitoring.created_at
    if created is None:
        raise RequestValidationError("monitoring.created_at", "is required")
    if not isinstance(created, datetime):
        raise RequestValidationError(
            "monitoring.created_at", f"must be a datetime, got {type(created).__name__}"
        )
    if created.tzinfo is None or created.utcoffset() is None:
        raise RequestValidationError(
            "monitoring.created_at",
            "naive datetime: pass a timezone-aware datetime (ANYMARKET needs the offset)",
        )
    url = monitoring.retry_callback_url
    if url is not None:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise RequestValidationError(
                "monitoring.retry_callback_url", f"must be an absolute http(s) URL, got {url!r}"
            )
    return attrs.evolve(
        monitoring,
        message=message,
        details=details,
        type=_enum("monitoring.type", MonitoringType, monitoring.type),
        status=_enum("monitoring.status", MonitoringStatus, monitoring.status),
    )


def create_op(monitoring: Monitoring) -> Operation[Monitoring]:
    return _CREATE.op(json=_validate(monitoring))


def _record(
    now: float,
    *,
    partner_id: str,
    origin: str,
    message: str,
    details: str | None,
    type: MonitoringType | str | None,
    status: MonitoringStatus | str | None,
    created_at: datetime | None,
    retry_callback_url: str | None,
) -> Monitoring:
    return Monitoring(
        partner_id=partner_id,
        origin=origin,
        message=message,
        details=details,
        type=_enum("type", MonitoringType, type),
        status=_enum("status", MonitoringStatus, status),
        created_at=created_at if created_at is not None else datetime.fromtimestamp(now, UTC),
        retry_callback_url=retry_callback_url,
    )


class Monitorings(SyncResource):
    def create(self, monitoring: Monitoring) -> Monitoring:
        """Record a problem of the integration in the seller's panel (personal data in
        ``message``/``details`` is masked before sending)."""
        return self._client.send(create_op(monitoring))

    def report(
        self,
        partner_id: str,
        origin: str,
        message: str,
        *,
        details: str | None = None,
        type: MonitoringType | str | None = MonitoringType.INTERNAL_ERROR,
        status: MonitoringStatus | str | None = MonitoringStatus.PENDING,
        created_at: datetime | None = None,
        retry_callback_url: str | None = None,
    ) -> Monitoring:
        """``create`` in one call: ``created_at`` defaults to now (UTC), ``type`` to
        ``INTERNAL_ERROR`` and ``status`` to ``PENDING``."""
        record = _record(
            self._client.clock.time(),
            partner_id=partner_id,
            origin=origin,
            message=message,
            details=details,
            type=type,
            status=status,
            created_at=created_at,
            retry_callback_url=retry_callback_url,
        )
        return self._client.send(create_op(record))


class AsyncMonitorings(AsyncResource):
    async def create(self, monitoring: Monitoring) -> Monitoring:
        """Record a problem of the integration in the seller's panel (personal data in
        ``message``/``details`` is masked before sending)."""
        return await self._client.send(create_op(monitoring))

    async def report(
        self,
        partner_id: str,
        origin: str,
        message: str,
        *,
        details: str | None = None,
        type: MonitoringType | str | None = MonitoringType.INTERNAL_ERROR,
        status: MonitoringStatus | str | None = MonitoringStatus.PENDING,
        created_at: datetime | None = None,
        retry_callback_url: str | None = None,
    ) -> Monitoring:
        """``create`` in one call: ``created_at`` defaults to now (UTC), ``type`` to
        ``INTERNAL_ERROR`` and ``status`` to ``PENDING``."""
        record = _record(
            self._client.clock.time(),
            partner_id=partner_id,
            origin=origin,
            message=message,
            details=details,
            type=type,
            status=status,
            created_at=created_at,
            retry_callback_url=retry_callback_url,
        )
        return await self._client.send(create_op(record))

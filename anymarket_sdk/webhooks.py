"""Receiving ANYMARKET notifications (callbacks) in your own web endpoint.

When something changes, ANYMARKET POSTs a small JSON body to the URL registered with
``client.callbacks.create`` (or in the panel's parameters page)::

    {"type": "ORDER", "content": {"id": "10", "oi": "99999."}}

The body carries no data and no signature. What to do with it:

1. ``parse_notification(body, expected_oi=...)``: reject malformed bodies
   (``InvalidNotification``, answer 400) and notifications for another account
   (``WrongAccount``; ``oi`` is the only thing a receiver can check; ``"99999."`` and
   ``"99999"`` are the same account);
2. ``Deduplicator.seen(notification)``: ANYMARKET may deliver the same notification more than
   once; skip repeats within a short window;
3. enqueue the notification and answer 200 at once. ANYMARKET tries 3 times at regular
   intervals, then gives up and leaves the change to the feed (``client.order_feed``), so a slow
   or failing endpoint only delays things;
4. in the worker, fetch the resource by id with your own client (``client.orders.get(
   notification.resource_id)``): a forged notification can at most trigger a fetch. The
   handler must be idempotent.

Running ``client.order_feed.consume`` on a schedule as well catches whatever the callbacks
missed (an endpoint that was down, a skipped duplicate). This module needs no web framework:
pass it the raw request body (bytes or text) or an already parsed JSON object.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from ._clock import Clock, SystemClock
from .errors import AnymarketError
from .types import OpenStrEnum

__all__ = [
    "MAX_BODY_BYTES",
    "Deduplicator",
    "InvalidNotification",
    "Notification",
    "NotificationContent",
    "NotificationEvent",
    "NotificationType",
    "WrongAccount",
    "check_account",
    "normalise_oi",
    "parse_notification",
]

MAX_BODY_BYTES: Final = 64 * 1024
"""Bodies above this size are rejected unparsed (a real notification is under 200 bytes)."""


class InvalidNotification(AnymarketError, ValueError):  # noqa: N818 - reads as a verdict
    """The body is not an ANYMARKET notification (answer 400). The message says what is
    wrong and never quotes the body."""


class WrongAccount(AnymarketError):  # noqa: N818 - reads as a verdict
    """The notification names another ANYMARKET account (``content.oi``), or none.

    ``oi`` is the value received (``None`` when absent). The expected account is not in the
    message, so echoing the message to the caller reveals nothing.
    """

    def __init__(self, message: str, *, oi: str | None) -> None:
        super().__init__(message)
        self.oi = oi


class NotificationType(OpenStrEnum):
    """What changed. Unknown types are kept (``is_known`` is False)."""

    ORDER = "ORDER"
    PRODUCT = "PRODUCT"
    TRANSMISSION = "TRANSMISSION"
    """A SKU with an active ad (``id`` is the SKU id)."""
    INBOUND_NFE = "INBOUND_NFE"
    QUESTION = "QUESTION"
    """Listed by the official Java SDK only."""


class NotificationEvent(OpenStrEnum):
    """The optional ``event`` of a notification (official Java SDK; not in the API docs)."""

    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    CANCELED = "CANCELED"
    CONCLUDED = "CONCLUDED"
    DELIVERY_ISSUE = "DELIVERY_ISSUE"
    INVOICED = "INVOICED"
    PAID_WAITING_DELIVERY = "PAID_WAITING_DELIVERY"
    PAID_WAITING_SHIP = "PAID_WAITING_SHIP"
    PENDING = "PENDING"
    TRACK_DELAY = "TRACK_DELAY"
    DELIVERY_DELAY = "DELIVERY_DELAY"
    DUPLICATE_PURCHASE = "DUPLICATE_PURCHASE"
    SKU_BLOCK = "SKU_BLOCK"
    OPEN_SAC = "OPEN_SAC"
    ORDER_NOT_DELIVERED = "ORDER_NOT_DELIVERED"
    TRACK_BLOCK = "TRACK_BLOCK"
    NOT_DELIVERED = "NOT_DELIVERED"
    TRACKING = "TRACKING"
    ERROR = "ERROR"


def _new_dict() -> dict[str, Any]:
    return {}


@attrs.frozen(kw_only=True)
class NotificationContent:
    """``content``: the id of what changed (always a string) and the seller account ``oi``."""

    id: str
    oi: str | None = None
    extra: dict[str, Any] = attrs.field(factory=_new_dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Notification:
    """One parsed notification. Fields the SDK does not know are kept in ``extra``."""

    type: NotificationType
    content: NotificationContent
    event: NotificationEvent | None = None
    extra: dict[str, Any] = attrs.field(factory=_new_dict, eq=False, repr=False)

    @property
    def id(self) -> str:
        """``content.id``, as sent (a string)."""
        return self.content.id

    @property
    def resource_id(self) -> int | None:
        """``content.id`` as an integer (the ANYMARKET id to fetch), or ``None`` if it is not
        a plain number."""
        text = self.content.id
        return int(text) if text.isascii() and text.isdigit() else None

    @property
    def oi(self) -> str | None:
        """``content.oi``, as sent (e.g. ``"99999."``)."""
        return self.content.oi

    @property
    def account(self) -> str | None:
        """``content.oi`` normalised (``normalise_oi``), for comparisons and tenant look-ups."""
        return None if self.content.oi is None else normalise_oi(self.content.oi)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies a repeat: type, id, account and event."""
        return (
            str(self.type.value),
            self.content.id,
            self.account or "",
            "" if self.event is None else str(self.event.value),
        )


def normalise_oi(oi: str) -> str:
    """The account id without surrounding spaces and trailing dots: ANYMARKET writes
    ``"99999."`` where the panel shows ``99999``."""
    return oi.strip().rstrip(".").strip()


def _load(body: bytes | bytearray | str | Mapping[str, Any], max_bytes: int) -> Any:
    if isinstance(body, Mapping):
        return body
    if isinstance(body, bytes | bytearray):
        if len(body) > max_bytes:
            raise InvalidNotification(f"notification body too large ({len(body)} bytes)")
        try:
            text = bytes(body).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidNotification("notification body is not UTF-8 text") from None
    elif isinstance(body, str):
        text = body
        if len(text) > max_bytes:
            raise InvalidNotification(f"notification body too large ({len(text)} characters)")
    else:
        raise InvalidNotification(
            f"notification body must be bytes, str or a mapping, got {type(body).__name__}"
        )
    if not text.strip():
        raise InvalidNotification("notification body is empty")
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidNotification("notification body is nested too deeply") from None
    except ValueError as exc:
        raise InvalidNotification(f"notification body is not valid JSON ({exc})") from None


def _text_or_number(value: object, where: str, *, required: bool) -> str | None:
    if value is None and not required:
        return None
    if isinstance(value, str):
        if not value.strip():
            raise InvalidNotification(f"{where} is empty")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None:
        raise InvalidNotification(f"{where} is missing")
    raise InvalidNotification(f"{where} must be a string, got {type(value).__name__}")


def parse_notification(
    body: bytes | bytearray | str | Mapping[str, Any],
    *,
    expected_oi: str | Iterable[str] | None = None,
    max_bytes: int = MAX_BODY_BYTES,
) -> Notification:
    """Parse and check one notification body.

    ``body`` is the raw request body (bytes or str) or the already decoded JSON object.
    Raises ``InvalidNotification`` when it is not JSON or lacks ``type``, ``content`` or
    ``content.id`` (or they have the wrong type); with ``expected_oi`` (one account or several)
    raises ``WrongAccount`` unless ``content.oi`` names one of them (see ``check_account``).
    Unknown types are kept (``NotificationType.is_known``); an ``event`` that is not a string
    is ignored (kept in ``extra``), since the field is undocumented.
    """
    data = _load(body, max_bytes)
    if not isinstance(data, Mapping):
        raise InvalidNotification(
            f"notification body must be a JSON object, got {type(data).__name__}"
        )
    raw: Mapping[Any, Any] = data  # pyright: ignore[reportUnknownVariableType]
    if "type" not in raw:
        raise InvalidNotification("notification has no 'type'")
    kind = raw["type"]
    if not isinstance(kind, str) or not kind.strip():
        raise InvalidNotification("notification 'type' must be a non-empty string")
    content = raw.get("content")
    if content is None:
        raise InvalidNotification("notification has no 'content'")
    if not isinstance(content, Mapping):
        raise InvalidNotification(
            f"notification 'content' must be an object, got {type(content).__name__}"
        )
    c: Mapping[Any, Any] = content  # pyright: ignore[reportUnknownVariableType]
    resource_id = _text_or_number(c.get("id"), "notification 'content.id'", required=True)
    assert resource_id is not None
    oi = _text_or_number(c.get("oi"), "notification 'content.oi'", required=False)
    event_raw = raw.get("event")
    event = NotificationEvent(event_raw) if isinstance(event_raw, str) and event_raw else None
    extra = {str(k): v for k, v in raw.items() if k not in ("type", "content", "event")}
    if event is None and event_raw is not None:
        extra["event"] = event_raw
    notification = Notification(
        type=NotificationType(kind),
        content=NotificationContent(
            id=resource_id,
            oi=oi,
            extra={str(k): v for k, v in c.items() if k not in ("id", "oi")},
        ),
        event=event,
        extra=extra,
    )
    if expected_oi is not None:
        check_account(notification, expected_oi)
    return notification


def check_account(notification: Notification, expected_oi: str | Iterable[str]) -> Notification:
    """Return ``notification`` when its ``content.oi`` names one of the expected accounts
    (compared with ``normalise_oi``: ``"99999."`` equals ``"99999"``); raise
    ``WrongAccount`` otherwise, including when the notification carries no ``oi``."""
    expected = [expected_oi] if isinstance(expected_oi, str) else list(expected_oi)
    accounts = {normalise_oi(e) for e in expected if isinstance(e, str)} - {""}
    if not accounts:
        raise ValueError("expected_oi must name at least one account")
    got = notification.account
    if not got:
        raise WrongAccount("notification carries no account (content.oi)", oi=notification.oi)
    if got not in accounts:
        raise WrongAccount(
            f"notification is for another ANYMARKET account (oi {notification.oi!r})",
            oi=notification.oi,
        )
    return notification


class Deduplicator:
    """Remembers notifications for ``window_seconds`` so repeats can be skipped.

    ``seen(n)`` answers ``True`` when a notification with the same ``key`` (type, id, account,
    event) was first seen less than ``window_seconds`` ago, and otherwise records it and
    answers ``False``. The window runs from the first sighting (repeats do not extend it).
    Memory is bounded: expired keys are dropped on every call and at most ``max_keys`` are
    kept (oldest dropped first). Safe to share between threads.

    Keep the window short: a second, real change of the same resource inside the window is
    skipped too. That is harmless when the worker fetches the resource after the window has
    started, and the feed is the safety net for the rest.
    """

    def __init__(
        self,
        window_seconds: float = 30.0,
        *,
        clock: Clock | None = None,
        max_keys: int = 10_000,
    ) -> None:
        if isinstance(window_seconds, bool) or not window_seconds > 0:
            raise ValueError(f"window_seconds must be > 0, got {window_seconds!r}")
        if isinstance(max_keys, bool) or not isinstance(max_keys, int) or max_keys < 1:
            raise ValueError(f"max_keys must be a positive integer, got {max_keys!r}")
        self.window_seconds = float(window_seconds)
        self.max_keys = max_keys
        self._clock: Clock = clock or SystemClock()
        self._keys: OrderedDict[tuple[str, ...], float] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        cutoff = now - self.window_seconds
        keys = self._keys
        while keys:
            oldest = next(iter(keys.values()))
            if oldest > cutoff:
                break
            keys.popitem(last=False)

    def seen(self, notification: Notification) -> bool:
        """``True`` for a repeat inside the window; otherwise remember it and ``False``."""
        key = notification.key
        with self._lock:
            now = self._clock.monotonic()
            self._expire(now)
            if key in self._keys:
                return True
            self._keys[key] = now
            while len(self._keys) > self.max_keys:
                self._keys.popitem(last=False)
            return False

    def forget(self, notification: Notification) -> None:
        """Drop ``notification`` so its next delivery is processed (e.g. enqueueing failed)."""
        with self._lock:
            self._keys.pop(notification.key, None)

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock.monotonic())
            return len(self._keys)

    def __repr__(self) -> str:
        return f"Deduplicator(window_seconds={self.window_seconds}, keys={len(self._keys)})"

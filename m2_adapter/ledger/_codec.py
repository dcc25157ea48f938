"""How values are written to the ledger's columns, the same way on every backend.

- Datetimes are stored as UTC text of fixed width (``2026-05-09T07:35:25.000000+00:00``), so
  comparing the text compares the instants (``next_attempt_at <= ?``) on any database.
  Naive datetimes are refused.
- Decimals are stored as canonical text (``Decimal("10.50")`` and ``Decimal("10.5")`` are
  both ``"10.5"``), so "did the value change?" is a text comparison and never a float one.
- ``fingerprint`` hashes a payload canonically (sorted keys, canonical decimals).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast

import attrs

__all__ = [
    "decimal_text",
    "decode_time",
    "encode_time",
    "fingerprint",
    "name_key",
    "system_now",
    "text_decimal",
]


def system_now() -> datetime:
    """The default clock of a ledger: the current UTC time."""
    return datetime.now(UTC)


def check_aware(value: datetime, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value


def encode_time(value: datetime, what: str = "datetime") -> str:
    """Fixed-width UTC text: lexical order is chronological order."""
    utc = check_aware(value, what).astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def decode_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def decode_opt_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def now_text(now: Callable[[], datetime]) -> str:
    return encode_time(now(), "now()")


def decimal_text(value: Decimal) -> str:
    """Canonical text of a finite decimal: no exponent, no trailing zeros, no ``-0``."""
    if not value.is_finite():
        raise ValueError(f"not a finite decimal: {value}")
    if value == 0:
        return "0"
    text = format(value, "f")  # never normalize(): it rounds to the context precision
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def opt_decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def text_decimal(text: str) -> Decimal:
    return Decimal(text)


def opt_text_decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def name_key(name: str) -> str:
    """What a name is looked up by: whitespace collapsed, case folded."""
    return " ".join(name.split()).casefold()


def _json_default(value: object) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": decimal_text(value)}
    if isinstance(value, datetime):
        return {"$datetime": encode_time(value) if value.tzinfo else value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        members: list[object] = list(value)  # pyright: ignore[reportUnknownArgumentType]
        return sorted(members, key=repr)
    if attrs.has(type(value)):
        return attrs.asdict(cast("attrs.AttrsInstance", value), recurse=False)
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")


def fingerprint(payload: object) -> str:
    """A stable hash of what was sent: ``"sha256:<hex>"``.

    Bytes and text are hashed as they are; anything else (mappings, lists, attrs models,
    decimals, datetimes, enums) as canonical JSON with sorted keys, so two equal payloads
    built in a different order have the same fingerprint.
    """
    if isinstance(payload, bytes | bytearray):
        data = bytes(payload)
    elif isinstance(payload, str):
        data = payload.encode()
    else:
        data = json.dumps(
            payload,
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=_json_default,
        ).encode()
    return "sha256:" + hashlib.sha256(data).hexdigest()

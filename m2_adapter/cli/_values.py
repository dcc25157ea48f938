"""Command-line values: aware ISO datetimes, counts, rates, sink specs."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

__all__ = ["aware_datetime", "count", "fault_rate", "sink_path"]


def aware_datetime(text: str) -> datetime:
    """An ISO 8601 datetime with its UTC offset (``2026-03-01T00:00:00-03:00``, ``...Z``)."""
    value = text.strip()
    if value.endswith(("z", "Z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO 8601 date and time with its offset, "
            f"e.g. 2026-03-01T00:00:00-03:00; got {text!r}"
        ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset: write it as e.g. {parsed.isoformat()}-03:00 or "
            f"{parsed.isoformat()}Z (the flows never guess a zone)"
        )
    return parsed


def count(text: str, *, minimum: int = 0, maximum: int = 1_000_000) -> int:
    """A whole number minimum..maximum."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not minimum <= value <= maximum:
        raise argparse.ArgumentTypeError(f"expected {minimum}..{maximum:,}, got {value}")
    return value


def fault_rate(text: str) -> float:
    """A probability 0 <= rate < 0.5 (beyond that, retries cannot be expected to win)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as 0.1, got {text!r}") from None
    if not 0 <= value < 0.5:
        raise argparse.ArgumentTypeError(f"expected a rate 0 <= RATE < 0.5, got {value}")
    return value


def sink_path(text: str) -> Path:
    """``sqlite:PATH`` -> ``PATH`` (the only sink kind the command line knows)."""
    kind, sep, rest = text.partition(":")
    if not sep or kind.strip().lower() != "sqlite" or not rest.strip():
        raise argparse.ArgumentTypeError(
            f"expected sqlite:PATH (e.g. sqlite:/var/lib/m2/orders.db), got {text!r}"
        )
    return Path(rest.strip())

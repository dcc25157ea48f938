"""When to retry, and how long to wait: one pure function shared by both clients."""

from __future__ import annotations

import email.utils
import math
from collections.abc import Mapping
from typing import Final

import attrs
import httpx

__all__ = ["RetryPolicy", "parse_retry_after", "retry_delay"]

# Failures where the request certainly did not reach the server: safe to retry any method.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Statuses that mean "not processed": safe to retry any method.
_ALWAYS_RETRY_STATUS: Final = frozenset({408, 429})


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How the clients retry.

    - ``max_retries``: retries after the first attempt (0 disables retrying).
    - Backoff without ``Retry-After``: ``min(initial_delay * 2**n, max_delay)`` minus up to
      ``jitter`` of it at random.
    - ``max_retry_after``: the longest server-requested wait the client will sleep through; a
      longer ``Retry-After`` raises ``RateLimitError`` (with ``retry_after``) at once.
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 120.0
    jitter: float = attrs.field(
        default=0.25,
        validator=attrs.validators.and_(attrs.validators.ge(0.0), attrs.validators.le(1.0)),
    )


def parse_retry_after(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to wait from ``Retry-After`` (delta-seconds or HTTP date); ``now`` is epoch."""
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - now
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def _backoff(policy: RetryPolicy, attempt: int, rand: float) -> float:
    base = min(policy.initial_delay * 2.0**attempt, policy.max_delay)
    return base * (1.0 - policy.jitter * rand)


def retry_delay(
    policy: RetryPolicy,
    *,
    idempotent: bool,
    attempt: int,
    status: int | None = None,
    retry_after: float | None = None,
    error: BaseException | None = None,
    rand: float = 0.0,
) -> float | None:
    """Seconds to wait before retrying, or ``None`` to give up.

    ``attempt`` counts retries already made (0 after the first failure). Pass either the
    response ``status`` (with its parsed ``retry_after``) or the transport ``error``.
    ``rand`` in [0, 1) drives the jitter, so the function stays pure.

    Retried: connection failures before sending, 408 and 429, for every method; 5xx, read
    timeouts and other transport failures only for idempotent routes (a POST that may have
    created something is never sent twice).
    """
    if attempt >= policy.max_retries:
        return None
    if error is not None:
        if isinstance(error, _NOT_SENT) or (idempotent and isinstance(error, httpx.TransportError)):
            return _backoff(policy, attempt, rand)
        return None
    if status is None:
        return None
    if status in _ALWAYS_RETRY_STATUS or (idempotent and status >= 500):
        if retry_after is not None:
            return retry_after if retry_after <= policy.max_retry_after else None
        return _backoff(policy, attempt, rand)
    return None

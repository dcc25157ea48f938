"""Client-side rate limiting: ANYMARKET allows 5,000 requests/hour per token and answers 429
past it, so a bulk job should slow down instead of being refused."""

from __future__ import annotations

import hashlib
import threading

from ._clock import Clock, SystemClock

__all__ = ["RateLimiter"]


class RateLimiter:
    """A token bucket that never lets more than ``requests`` through in any ``per`` seconds.

    The bucket holds ``burst`` tokens and refills at ``(requests - burst) / per`` tokens per
    second, so even a caller that drains the burst and then runs flat out stays within the
    budget over any window of ``per`` seconds.

    One limiter belongs to one token. Share it explicitly between every client (sync or async,
    any thread) that uses the same token::

        limiter = RateLimiter()
        a = Anymarket(token=t, environment=env, rate_limiter=limiter)
        b = AsyncAnymarket(token=t, environment=env, rate_limiter=limiter)

    Waiting happens outside the lock; each caller reserves its slot first, so waits are fair
    (first come, first served).
    """

    def __init__(
        self,
        *,
        requests: int = 5000,
        per: float = 3600.0,
        burst: int = 100,
        clock: Clock | None = None,
    ) -> None:
        if requests <= 0 or per <= 0:
            raise ValueError("requests and per must be positive")
        if not 1 <= burst < requests:
            raise ValueError(f"burst must be in 1..{requests - 1}, got {burst}")
        self.requests = requests
        self.per = per
        self.burst = burst
        self.rate = (requests - burst) / per
        self.clock: Clock = clock or SystemClock()
        self._tokens = float(burst)
        self._updated = self.clock.monotonic()
        self._lock = threading.Lock()
        self._owner: str | None = None

    def bind(self, token: str) -> None:
        """Tie the limiter to one token (clients call this); a second token is refused."""
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            if self._owner is None:
                self._owner = digest
            elif self._owner != digest:
                raise ValueError(
                    "this RateLimiter already serves another token; ANYMARKET's budget is per "
                    "token, so give each token its own limiter"
                )

    def reserve(self) -> float:
        """Take one slot; return the seconds the caller must wait before sending."""
        with self._lock:
            now = self.clock.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def acquire(self) -> float:
        """Wait (blocking) for a slot; returns the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            self.clock.sleep(wait)
        return wait

    async def acquire_async(self) -> float:
        """Wait (without blocking the event loop) for a slot; returns the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            await self.clock.asleep(wait)
        return wait

    @property
    def available(self) -> float:
        """Tokens in the bucket now (negative when callers are queued)."""
        with self._lock:
            now = self.clock.monotonic()
            return min(self.burst, self._tokens + (now - self._updated) * self.rate)

    def __repr__(self) -> str:
        return f"RateLimiter(requests={self.requests}, per={self.per}, burst={self.burst})"

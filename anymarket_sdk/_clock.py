"""Time, injectable: the clients and the rate limiter read and wait through a ``Clock`` so
tests can run retries and rate limiting without sleeping (see ``anymarket_sdk.testing``)."""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

import anyio  # a dependency of httpx, so always present

__all__ = ["Clock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    def monotonic(self) -> float: ...
    def time(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...
    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock: ``time.monotonic``, ``time.sleep`` and ``anyio.sleep``."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"

"""A clock for tests: sleeping advances virtual time instantly and is recorded."""

from __future__ import annotations


class ManualClock:
    """Implements ``anymarket_sdk.Clock`` without real waiting.

    ``sleep``/``asleep`` add to the virtual time and append to ``sleeps``, so retry delays and
    rate-limit waits can be asserted exactly::

        clock = ManualClock()
        client = Anymarket(..., clock=clock)
        ...
        assert clock.sleeps == [1.0]
    """

    def __init__(self, start: float = 1_000.0, epoch: float = 1_767_225_600.0) -> None:
        self.now = start
        self._epoch_offset = epoch - start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now + self._epoch_offset

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    @property
    def slept(self) -> float:
        return sum(self.sleeps)

    def __repr__(self) -> str:
        return f"ManualClock(now={self.now}, sleeps={len(self.sleeps)})"

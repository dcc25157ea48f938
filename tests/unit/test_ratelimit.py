"""The client-side token bucket, driven by a ManualClock (no real waiting)."""

from __future__ import annotations

import asyncio
import bisect
import random

import httpx
import pytest
import respx

from anymarket_sdk import Anymarket, AsyncAnymarket, RateLimiter
from anymarket_sdk.testing import ManualClock
from tests.conftest import BASE, TOKEN, Both, ClientFactory

BRAND = {"id": 7, "name": "Brastemp"}


def _max_in_window(times: list[float], per: float) -> int:
    """The largest number of events inside any half-open window ``[t, t + per)``."""
    ordered = sorted(times)
    return max((bisect.bisect_left(ordered, t + per) - i for i, t in enumerate(ordered)), default=0)


# --- pure ---------------------------------------------------------------------------------


def test_burst_is_free_then_callers_wait() -> None:
    clock = ManualClock()
    limiter = RateLimiter(requests=50, per=60, burst=10, clock=clock)
    assert [limiter.acquire() for _ in range(10)] == [0.0] * 10
    assert clock.sleeps == []
    wait = limiter.acquire()
    assert wait > 0
    assert wait == pytest.approx(60 / 40)  # one token at (50 - 10) / 60 tokens per second
    assert clock.sleeps == [wait]


def test_refill_over_time() -> None:
    clock = ManualClock()
    limiter = RateLimiter(requests=50, per=60, burst=10, clock=clock)
    for _ in range(10):
        limiter.acquire()
    assert limiter.available == pytest.approx(0.0)
    clock.advance(15.0)  # 15 s * 40/60 = 10 tokens
    assert limiter.available == pytest.approx(10.0)
    clock.advance(1000.0)
    assert limiter.available == pytest.approx(10.0)  # never above the burst
    assert [limiter.acquire() for _ in range(10)] == [0.0] * 10
    assert clock.sleeps == []
    clock.advance(3.0)  # 2 tokens
    assert limiter.acquire() == 0.0
    assert limiter.acquire() == 0.0
    assert limiter.acquire() > 0


def test_reservations_queue_fairly() -> None:
    clock = ManualClock()
    limiter = RateLimiter(requests=11, per=10, burst=1, clock=clock)  # 1 token per second
    waits = [limiter.reserve() for _ in range(4)]
    assert waits == pytest.approx([0.0, 1.0, 2.0, 3.0])
    assert limiter.available == pytest.approx(-3.0)


def test_never_more_than_requests_per_window_sequential() -> None:
    clock = ManualClock()
    limiter = RateLimiter(requests=50, per=60, burst=10, clock=clock)
    sent: list[float] = []
    for _ in range(200):
        limiter.acquire()
        sent.append(clock.monotonic())
    assert 45 <= _max_in_window(sent, 60) <= 50  # close to the budget, never above it
    assert clock.slept > 0
    # and it is not needlessly slow: the 200th request goes out when the budget allows
    assert sent[-1] - sent[0] == pytest.approx((200 - 10) * 60 / 40)


def test_never_more_than_requests_per_window_bursty() -> None:
    rng = random.Random(1234)
    clock = ManualClock()
    limiter = RateLimiter(requests=50, per=60, burst=10, clock=clock)
    sent: list[float] = []
    for _ in range(300):
        if rng.random() < 0.2:
            clock.advance(rng.uniform(0, 90))
        limiter.acquire()
        sent.append(clock.monotonic())
    assert _max_in_window(sent, 60) <= 50


def test_never_more_than_requests_per_window_concurrent_reservations() -> None:
    clock = ManualClock()
    limiter = RateLimiter(requests=50, per=60, burst=10, clock=clock)
    sent: list[float] = []
    for step in range(40):
        # five callers reserve at the same instant, each then sends after its wait
        sent.extend(clock.monotonic() + limiter.reserve() for _ in range(5))
        clock.advance(2.0 if step % 3 else 0.0)
    assert len(sent) == 200
    assert _max_in_window(sent, 60) <= 50


def test_async_acquire_waits_on_the_clock() -> None:
    clock = ManualClock()
    limiter = RateLimiter(requests=3, per=10, burst=2, clock=clock)

    async def run() -> list[float]:
        return [await limiter.acquire_async() for _ in range(3)]

    waits = asyncio.run(run())
    assert waits[:2] == [0.0, 0.0]
    assert waits[2] == pytest.approx(10.0)
    assert clock.sleeps == [waits[2]]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"requests": 0},
        {"per": 0},
        {"per": -1},
        {"requests": 10, "burst": 10},
        {"requests": 10, "burst": 0},
    ],
)
def test_invalid_configuration(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"burst|positive"):
        RateLimiter(**kwargs)  # type: ignore[arg-type]


def test_bind_same_token_twice_ok_other_token_refused() -> None:
    limiter = RateLimiter(clock=ManualClock())
    limiter.bind("fake-token-a")
    limiter.bind("fake-token-a")
    with pytest.raises(ValueError, match="another token"):
        limiter.bind("fake-token-b")


def test_repr_has_no_token() -> None:
    limiter = RateLimiter(clock=ManualClock())
    limiter.bind(TOKEN)
    assert TOKEN not in repr(limiter)
    assert repr(limiter) == "RateLimiter(requests=5000, per=3600.0, burst=100)"


# --- through the clients --------------------------------------------------------------------


def test_client_waits_instead_of_failing(
    make_client: ClientFactory, router: respx.Router, clock: ManualClock
) -> None:
    limiter = RateLimiter(requests=3, per=60, burst=2, clock=clock)
    am = make_client(rate_limiter=limiter)
    route = router.get("brands/7").respond(json=BRAND)
    for _ in range(3):
        assert am.brands.get(7).id == 7
    assert route.call_count == 3
    assert clock.sleeps == [pytest.approx(60.0)]


def test_retries_also_go_through_the_limiter(
    make_client: ClientFactory, router: respx.Router, clock: ManualClock
) -> None:
    limiter = RateLimiter(requests=11, per=3600, burst=10, clock=clock)  # ~no refill
    am = make_client(rate_limiter=limiter)
    router.get("brands/7").mock(
        side_effect=[httpx.Response(503), httpx.Response(503), httpx.Response(200, json=BRAND)]
    )
    am.brands.get(7)
    assert limiter.available == pytest.approx(7.0, abs=0.01)


def test_shared_between_sync_and_async_clients(router: respx.Router) -> None:
    clock = ManualClock()
    limiter = RateLimiter(requests=100, per=60, burst=10, clock=clock)
    router.get("brands/7").respond(json=BRAND)
    sync = Anymarket(
        token=TOKEN,
        base_url=BASE,
        transport=httpx.MockTransport(router.handler),
        rate_limiter=limiter,
        clock=clock,
    )
    asyn = AsyncAnymarket(
        token=TOKEN,
        base_url=BASE,
        transport=httpx.MockTransport(router.async_handler),
        rate_limiter=limiter,
        clock=clock,
    )
    assert sync.rate_limiter is limiter
    assert asyn.rate_limiter is limiter

    async def run_async() -> None:
        async with asyn:
            for _ in range(4):
                await asyn.brands.get(7)

    with sync:
        for _ in range(3):
            sync.brands.get(7)
        assert limiter.available == pytest.approx(7.0)
        asyncio.run(run_async())
    assert limiter.available == pytest.approx(3.0)
    assert router.calls.call_count == 7


def test_second_token_on_same_limiter_refused() -> None:
    limiter = RateLimiter(clock=ManualClock())
    with Anymarket(token="fake-token-one", base_url=BASE, rate_limiter=limiter):
        pass
    with pytest.raises(ValueError, match="another token"):
        AsyncAnymarket(token="fake-token-two", base_url=BASE, rate_limiter=limiter)


def test_default_limiter_is_per_client() -> None:
    clock = ManualClock()
    with (
        Anymarket(token=TOKEN, base_url=BASE, clock=clock) as a,
        Anymarket(token="fake-token-other", base_url=BASE, clock=clock) as b,
    ):
        assert isinstance(a.rate_limiter, RateLimiter)
        assert isinstance(b.rate_limiter, RateLimiter)
        assert a.rate_limiter is not b.rate_limiter
        assert (a.rate_limiter.requests, a.rate_limiter.per) == (5000, 3600.0)
        assert a.rate_limiter.clock is clock


def test_default_limiter_counts_requests(router: respx.Router) -> None:
    router.get("brands/7").respond(json=BRAND)
    clock = ManualClock()
    with Anymarket(
        token=TOKEN, base_url=BASE, transport=httpx.MockTransport(router.handler), clock=clock
    ) as am:
        assert am.rate_limiter is not None
        before = am.rate_limiter.available
        am.brands.get(7)
        am.brands.get(7)
        assert am.rate_limiter.available == pytest.approx(before - 2)


def test_rate_limiter_none_disables(
    make_client: ClientFactory, router: respx.Router, clock: ManualClock
) -> None:
    am: Both = make_client(rate_limiter=None)
    assert am.raw.rate_limiter is None
    route = router.get("brands/7").respond(json=BRAND)
    for _ in range(30):
        am.brands.get(7)
    assert route.call_count == 30
    assert clock.sleeps == []

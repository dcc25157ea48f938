"""Testing your own ANYMARKET code with ``FakeAnymarket``: a file to copy into your suite.

Installing ``useall-anymarket`` gives pytest the fixtures used below (plugin ``anymarket``):
``anymarket_fake`` (a fresh in-memory ANYMARKET per test, on virtual time),
``anymarket_client`` and ``anymarket_async_client`` (strict SDK clients wired to it).
Nothing is patched globally and nothing leaves the process: the clients talk to the fake
through an ``httpx.MockTransport``.

The code under test here is ``ensure_brand``: find a brand by its ERP code, create it when
missing, and survive transient failures without creating duplicates.
"""

from __future__ import annotations

import asyncio

import pytest

from anymarket_sdk import (
    Anymarket,
    APIConnectionError,
    AsyncAnymarket,
    RateLimitError,
    ServerError,
)
from anymarket_sdk.models import Brand
from anymarket_sdk.testing import FakeAnymarket, FaultKind, ManualClock

# --- the code under test (in a real project: imported from your package) ---------------------

TRANSIENT = (APIConnectionError, ServerError, RateLimitError)


def ensure_brand(am: Anymarket, partner_id: str, name: str, *, attempts: int = 3) -> Brand:
    """The brand with ERP code ``partner_id``, created when missing.

    Safe to repeat after any failure: it looks the brand up before creating, so a create
    whose answer was lost (the request reached ANYMARKET, the response did not reach us) is
    found on the next attempt instead of being made twice."""
    for attempt in range(attempts):
        try:
            found = am.brands.find_by_partner_id(partner_id)
            if found is not None:
                return found
            return am.brands.create(Brand(name=name, partner_id=partner_id))
        except TRANSIENT:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


async def brand_names(am: AsyncAnymarket) -> list[str]:
    return [b.name async for b in am.brands.iter()]


# --- plain use: seed data, call, assert on results and on the requests sent ------------------


def test_creates_a_missing_brand_once(
    anymarket_fake: FakeAnymarket, anymarket_client: Anymarket
) -> None:
    first = ensure_brand(anymarket_client, "M2-ACME", "Acme")
    again = ensure_brand(anymarket_client, "M2-ACME", "Acme")

    assert first == again
    assert [str(c) for c in anymarket_fake.calls] == [
        "GET /brands -> 200",  # not found
        "POST /brands -> 200",
        "GET /brands -> 200",  # found
    ]
    [create] = anymarket_fake.calls_to("POST", "/brands")
    assert create.json == {"name": "Acme", "partnerId": "M2-ACME"}


def test_finds_a_seeded_brand(anymarket_fake: FakeAnymarket, anymarket_client: Anymarket) -> None:
    seeded = anymarket_fake.add_brand("Tramontina", partner_id="M2-TRAMONTINA")  # no request

    brand = ensure_brand(anymarket_client, "M2-TRAMONTINA", "Tramontina")

    assert brand.id == seeded["id"]
    assert anymarket_fake.calls_to("POST", "/brands") == []


# --- faults: what happens when ANYMARKET or the network misbehaves --------------------------


def test_no_duplicate_when_the_create_timed_out_after_being_applied(
    anymarket_fake: FakeAnymarket, anymarket_client: Anymarket
) -> None:
    # ANYMARKET creates the brand, but the answer is lost: the client gets a ReadTimeout.
    anymarket_fake.fail_next(kind=FaultKind.TIMEOUT_AFTER_APPLY, route="POST /brands")

    brand = ensure_brand(anymarket_client, "M2-ACME", "Acme")

    assert brand.partner_id == "M2-ACME"
    assert [str(c) for c in anymarket_fake.calls] == [
        "GET /brands -> 200",
        "POST /brands -> 200 [timeout_after_apply: ReadTimeout]",
        "GET /brands -> 200",  # the retry finds what the lost create made
    ]


def test_the_sdk_retries_idempotent_requests(anymarket_fake: FakeAnymarket) -> None:
    # The fixtures' clients do not retry (every fault reaches your code); build one that does.
    anymarket_fake.fail_next(2, status=503, route="GET /brands")
    with anymarket_fake.client(max_retries=2) as am:
        assert am.brands.find_by_partner_id("M2-ACME") is None

    assert [c.status for c in anymarket_fake.calls] == [503, 503, 200]
    clock = anymarket_fake.clock
    assert isinstance(clock, ManualClock)
    assert len(clock.sleeps) == 2  # the backoff ran on virtual time: the test did not wait


@pytest.mark.anymarket(seed=2024)  # the same seed injects the same faults on every run
def test_random_faults_never_duplicate_brands(
    anymarket_fake: FakeAnymarket, anymarket_client: Anymarket
) -> None:
    anymarket_fake.inject(
        rate=0.2,
        kinds=[503, 429, "connect_error", "read_timeout", "timeout_after_apply", "reset"],
    )
    codes = [f"M2-{n:03}" for n in range(20)]
    for code in codes:
        ensure_brand(anymarket_client, code, f"Marca {code}", attempts=10)

    anymarket_fake.faults.clear()
    partner_ids = [b.partner_id or "" for b in anymarket_client.brands.iter()]
    assert sorted(partner_ids) == codes  # each brand exactly once
    assert sum(anymarket_fake.faults.injected.values()) > 0


@pytest.mark.anymarket(request_budget=3)  # ANYMARKET allows 5000 requests per hour
def test_the_hourly_request_budget(
    anymarket_fake: FakeAnymarket, anymarket_client: Anymarket
) -> None:
    for _ in range(3):
        anymarket_client.brands.list()
    with pytest.raises(RateLimitError) as refused:
        anymarket_client.brands.list()
    assert refused.value.retry_after == 3600

    clock = anymarket_fake.clock
    assert isinstance(clock, ManualClock)
    clock.advance(3600)  # an hour later, in no time
    anymarket_client.brands.list()


# --- async code ----------------------------------------------------------------------------


def test_async_code_with_asyncio_run(
    anymarket_fake: FakeAnymarket, anymarket_async_client: AsyncAnymarket
) -> None:
    anymarket_fake.add_brand("Tramontina")
    anymarket_fake.add_brand("Acme")

    assert asyncio.run(brand_names(anymarket_async_client)) == ["Tramontina", "Acme"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio  # anyio's pytest plugin, installed with httpx: no pytest-asyncio needed
@pytest.mark.anymarket(latency=0.25)
async def test_async_code_with_anyio(
    anymarket_fake: FakeAnymarket, anymarket_async_client: AsyncAnymarket
) -> None:
    anymarket_fake.add_brand("Tramontina")

    names = await asyncio.gather(*(brand_names(anymarket_async_client) for _ in range(4)))

    assert names == [["Tramontina"]] * 4
    clock = anymarket_fake.clock
    assert isinstance(clock, ManualClock)
    assert clock.now == pytest.approx(1_000 + 4 * 0.25)  # virtual latency: no real waiting

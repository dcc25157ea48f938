"""``FakeAnymarket`` fault injection, request budget, latency and call records, through the
SDK's clients (sync and async alike: ``mode`` from tests/conftest.py)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from anymarket_sdk import (
    AnymarketError,
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    SystemClock,
)
from anymarket_sdk.models import Brand
from anymarket_sdk.testing import (
    APPLIED_KINDS,
    NOT_APPLIED_KINDS,
    Call,
    FakeAnymarket,
    FaultKind,
    ManualClock,
)
from anymarket_sdk.testing._faults import malformed, truncated
from tests.conftest import Both

MakeApi = Callable[..., Both]


@pytest.fixture
def fake() -> FakeAnymarket:
    return FakeAnymarket()


@pytest.fixture
def make_api(mode: str, fake: FakeAnymarket) -> Iterator[MakeApi]:
    """Build wrapped SDK clients (sync or async) on ``fake`` (or ``on``); strict, closed
    after."""
    runner = asyncio.Runner() if mode == "async" else None
    made: list[Any] = []

    def make(on: FakeAnymarket | None = None, **kwargs: Any) -> Both:
        kwargs.setdefault("strict", True)
        target = fake if on is None else on
        client: Any = target.async_client(**kwargs) if runner else target.client(**kwargs)
        made.append(client)
        return Both(client, runner)

    yield make
    for client in made:
        if runner is not None:
            runner.run(client.aclose())
        else:
            client.close()
    if runner is not None:
        runner.close()


@pytest.fixture
def api(make_api: MakeApi) -> Both:
    """No retries: every fault reaches the caller."""
    return make_api()


def brand_names(fake: FakeAnymarket) -> list[str]:
    return [b["name"] for b in fake._brands.values()]


# --- each kind, as the caller sees it ---------------------------------------------------------

KIND_ERRORS: list[tuple[str, type[AnymarketError] | None, bool]] = [
    ("http_500", ServerError, False),
    ("http_502", ServerError, False),
    ("http_503", ServerError, False),
    ("http_429", RateLimitError, False),
    ("connect_error", APIConnectionError, False),
    ("connect_timeout", APITimeoutError, False),
    ("read_timeout", APITimeoutError, False),
    ("reset", APIConnectionError, False),
    ("timeout_after_apply", APITimeoutError, True),
    ("reset_after_apply", APIConnectionError, True),
    ("malformed_json", ResponseDecodeError, True),
    ("truncated_json", ResponseDecodeError, True),
    ("slow", None, True),
]


def test_the_table_covers_every_kind() -> None:
    assert {k for k, _, _ in KIND_ERRORS} == {k.value for k in FaultKind}
    assert {k for k, _, applied in KIND_ERRORS if applied} == set(APPLIED_KINDS)
    assert {k for k, _, applied in KIND_ERRORS if not applied} == set(NOT_APPLIED_KINDS)


@pytest.mark.parametrize(("kind", "error", "applied"), KIND_ERRORS)
def test_each_kind_surfaces_as_the_sdk_error(
    api: Both,
    fake: FakeAnymarket,
    kind: str,
    error: type[AnymarketError] | None,
    applied: bool,
) -> None:
    fake.fail_next(kind=kind, route="POST /brands")
    if error is None:
        assert api.brands.create(Brand(name="Tramontina")).name == "Tramontina"
    else:
        with pytest.raises(error) as caught:
            api.brands.create(Brand(name="Tramontina"))
        assert type(caught.value) is error  # not a sibling or a subclass by accident
    assert brand_names(fake) == (["Tramontina"] if applied else [])
    [call] = fake.calls
    assert call.fault == kind
    assert call.applied is applied
    assert fake.faults.injected == {kind: 1}
    assert fake.faults.rules == []


def test_http_faults_answer_like_anymarket(fake: FakeAnymarket) -> None:
    fake.fail_next(1, 502)
    fake.fail_next(kind="http_429", retry_after=7)
    fake.fail_next(1, 429, retry_after=None)
    fake.fail_next(1, 418)
    with httpx.Client(
        transport=fake.transport, base_url=fake.base_url, headers={"gumgaToken": fake.token}
    ) as wire:
        bad_gateway = wire.get("brands")
        limited = wire.get("brands")
        limited_no_header = wire.get("brands")
        teapot = wire.get("brands")
    assert bad_gateway.status_code == 502
    assert bad_gateway.json() == {
        "code": "502",
        "message": "Serviço indisponível no momento. Gateway inválido.",
    }
    assert limited.headers["Retry-After"] == "7"
    assert limited.json()["message"] == (
        "Limite de requisições excedido. Tente novamente em 7 segundos."
    )
    assert "Retry-After" not in limited_no_header.headers
    assert limited_no_header.json()["message"] == "Limite de requisições excedido."
    assert teapot.json() == {"code": "418", "message": "Falha simulada (HTTP 418)."}


def test_rate_limit_error_carries_retry_after(api: Both, fake: FakeAnymarket) -> None:
    fake.fail_next(1, 429, retry_after=30)
    with pytest.raises(RateLimitError) as caught:
        api.brands.list()
    assert caught.value.retry_after == 30
    assert "Limite de requisições excedido" in str(caught.value)


def test_transport_faults_raise_httpx_errors_from_the_handler(fake: FakeAnymarket) -> None:
    expected = {
        "connect_error": httpx.ConnectError,
        "connect_timeout": httpx.ConnectTimeout,
        "read_timeout": httpx.ReadTimeout,
        "timeout_after_apply": httpx.ReadTimeout,
        "reset": httpx.RemoteProtocolError,
        "reset_after_apply": httpx.ReadError,
    }
    request = httpx.Request("GET", fake.base_url + "brands", headers={"gumgaToken": fake.token})
    for kind, exc_type in expected.items():
        fake.fail_next(kind=kind)
        with pytest.raises(exc_type) as caught:
            fake.handler(request)
        assert type(caught.value) is exc_type
        assert caught.value.request is request
    assert [c.error for c in fake.calls] == [t.__name__ for t in expected.values()]
    assert [c.status for c in fake.calls] == [0, 0, 0, 200, 0, 200]


def test_a_call_shows_its_fault(api: Both, fake: FakeAnymarket) -> None:
    fake.fail_next(kind="reset")
    fake.fail_next(kind="timeout_after_apply")
    fake.fail_next(1, 503)
    for _ in range(3):
        with pytest.raises(AnymarketError):
            api.brands.create(Brand(name="Acme"))
    api.brands.list()
    assert [str(c) for c in fake.calls] == [
        "POST /brands -> RemoteProtocolError [reset]",
        "POST /brands -> 200 [timeout_after_apply: ReadTimeout]",
        "POST /brands -> 503 [http_503]",
        "GET /brands -> 200",
    ]
    assert [c.applied for c in fake.calls] == [False, True, False, True]


# --- body faults ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b'{"id": 1}', b"[1, 2]", b"{}", b"[]", b'"texto"', b"12345", b"true", b'{"a": [1, {"b": 2}]}'],
)
def test_spoiled_bodies_never_parse(body: bytes) -> None:
    for spoil in (malformed, truncated):
        with pytest.raises(ValueError, match=r"."):
            json.loads(spoil(body))


def test_truncated_is_the_first_half(api: Both, fake: FakeAnymarket) -> None:
    brand = fake.add_brand("Tramontina")
    fake.fail_next(kind="truncated_json")
    with pytest.raises(ResponseDecodeError) as caught:
        api.brands.get(brand["id"])
    whole = json.dumps(brand, separators=(",", ":"), ensure_ascii=False).encode()
    assert caught.value.body == whole[: len(whole) // 2].decode()


def test_body_faults_wait_for_an_answer_with_a_body(api: Both, fake: FakeAnymarket) -> None:
    brand = fake.add_brand("Tramontina")
    fake.fail_next(kind="malformed_json")
    api.brands.delete(brand["id"])  # 204: nothing to spoil
    with pytest.raises(Exception, match="não encontrado"):
        api.brands.get(brand["id"])  # 404: not a success
    assert fake.faults.injected == {}
    with pytest.raises(ResponseDecodeError):
        api.brands.list()
    assert [c.fault for c in fake.calls] == [None, None, "malformed_json"]


# --- retries by the SDK's rules ---------------------------------------------------------------


def test_idempotent_routes_are_retried_through_5xx(make_api: MakeApi, fake: FakeAnymarket) -> None:
    brand = fake.add_brand("Tramontina")
    api = make_api(max_retries=2)
    fake.fail_next(2, 503, route="GET /brands/{id}")
    assert api.brands.get(brand["id"]).name == "Tramontina"
    assert [c.status for c in fake.calls] == [503, 503, 200]
    assert isinstance(fake.clock, ManualClock)
    assert len(fake.clock.sleeps) == 2  # backoff on the fake's (virtual) clock


def test_a_post_is_not_retried_after_a_5xx(make_api: MakeApi, fake: FakeAnymarket) -> None:
    api = make_api(max_retries=2)
    fake.fail_next(1, 500)
    with pytest.raises(ServerError):
        api.brands.create(Brand(name="Acme"))
    assert len(fake.calls) == 1


@pytest.mark.parametrize("kind", ["connect_error", "connect_timeout"])
def test_a_post_is_retried_when_it_was_never_sent(
    make_api: MakeApi, fake: FakeAnymarket, kind: str
) -> None:
    api = make_api(max_retries=2)
    fake.fail_next(kind=kind)
    assert api.brands.create(Brand(name="Acme")).name == "Acme"
    assert [c.fault for c in fake.calls] == [kind, None]
    assert brand_names(fake) == ["Acme"]


@pytest.mark.parametrize("kind", ["read_timeout", "reset", "timeout_after_apply"])
def test_a_post_is_not_retried_once_it_may_have_arrived(
    make_api: MakeApi, fake: FakeAnymarket, kind: str
) -> None:
    api = make_api(max_retries=2)
    fake.fail_next(kind=kind)
    with pytest.raises(APIConnectionError):
        api.brands.create(Brand(name="Acme"))
    assert len(fake.calls) == 1


def test_429_is_retried_for_every_method_after_retry_after(
    make_api: MakeApi, fake: FakeAnymarket
) -> None:
    api = make_api(max_retries=2)
    fake.fail_next(1, 429, retry_after=5)
    assert api.brands.create(Brand(name="Acme")).name == "Acme"
    assert fake.clock.sleeps == [5]  # type: ignore[attr-defined]
    assert [c.status for c in fake.calls] == [429, 200]
    assert fake.calls[1].at - fake.calls[0].at == 5


def test_a_put_retried_after_timeout_after_apply_is_applied_twice(
    make_api: MakeApi, fake: FakeAnymarket
) -> None:
    brand = fake.add_brand("Tramontina")
    api = make_api(max_retries=2)
    fake.fail_next(kind="timeout_after_apply", route="PUT /brands/{id}")
    updated = api.brands.update(brand["id"], Brand(name="Tramontina S.A."))
    assert updated.name == "Tramontina S.A."
    assert [str(c) for c in fake.calls_to("PUT", "/brands/{id}")] == [
        f"PUT /brands/{brand['id']} -> 200 [timeout_after_apply: ReadTimeout]",
        f"PUT /brands/{brand['id']} -> 200",
    ]
    assert all(c.applied for c in fake.calls)  # harmless: PUT is idempotent


def test_decode_errors_are_not_retried(make_api: MakeApi, fake: FakeAnymarket) -> None:
    api = make_api(max_retries=2)
    fake.fail_next(kind="malformed_json")
    with pytest.raises(ResponseDecodeError):
        api.brands.list()
    assert len(fake.calls) == 1


def test_idempotent_create_after_timeout_after_apply(api: Both, fake: FakeAnymarket) -> None:
    """The recipe the docs show: after a timeout on a create, look the record up by its
    partner id before creating again; a blind retry makes a duplicate."""

    def create_once(partner_id: str, name: str) -> Brand:
        try:
            created: Brand = api.brands.create(Brand(name=name, partner_id=partner_id))
        except APIConnectionError:
            found: Brand | None = api.brands.find_by_partner_id(partner_id)
            if found is not None:
                return found
            created = api.brands.create(Brand(name=name, partner_id=partner_id))
        return created

    fake.fail_next(kind="timeout_after_apply", route="POST /brands")
    brand = create_once("M2-ACME", "Acme")
    assert brand.partner_id == "M2-ACME"
    assert brand_names(fake) == ["Acme"]
    assert [c.method for c in fake.calls] == ["POST", "GET"]

    fake.fail_next(kind="timeout_after_apply", route="POST /brands")
    with pytest.raises(APITimeoutError):
        api.brands.create(Brand(name="Beta", partner_id="M2-BETA"))
    api.brands.create(Brand(name="Beta", partner_id="M2-BETA"))  # the blind retry
    assert brand_names(fake) == ["Acme", "Beta", "Beta"]


# --- random faults and determinism ------------------------------------------------------------


def chaos_run(fake: FakeAnymarket, requests: int = 60) -> list[str | None]:
    brand = fake.add_brand("Tramontina")
    with fake.client() as am:
        for _ in range(requests):
            with contextlib.suppress(AnymarketError):
                am.brands.get(brand["id"])
    return [c.fault for c in fake.calls]


def test_same_seed_same_faults() -> None:
    def run(seed: int) -> list[str | None]:
        fake = FakeAnymarket(seed=seed)
        fake.inject(0.3, kinds=[*NOT_APPLIED_KINDS, *APPLIED_KINDS])
        return chaos_run(fake)

    first = run(42)
    assert first == run(42)
    assert first != run(43)
    injected = [f for f in first if f is not None]
    assert 5 < len(injected) < 35  # about 30 % of 60
    assert len(set(injected)) > 3


def test_reseeding_replays_the_sequence(fake: FakeAnymarket) -> None:
    fake.inject(0.5)
    fake.faults.seed(7)
    first = chaos_run(fake, 20)
    fake.reset_calls()
    fake.faults.seed(7)
    with fake.client() as am:
        for _ in range(20):
            with contextlib.suppress(AnymarketError):
                am.brands.get(next(iter(fake._brands)))
    assert [c.fault for c in fake.calls] == first


def test_inject_defaults_to_faults_that_change_nothing(fake: FakeAnymarket) -> None:
    fake.inject(1.0)
    faults = chaos_run(fake, 40)
    assert set(faults) <= set(NOT_APPLIED_KINDS)
    assert sum(fake.faults.injected.values()) == 40


def test_inject_rate_zero_and_removal(fake: FakeAnymarket) -> None:
    rule = fake.inject(0.0)
    assert chaos_run(fake, 10) == [None] * 10
    fake.faults.remove(rule)
    fake.faults.remove(rule)  # no error
    assert fake.faults.rules == []


def test_inject_with_statuses_and_kinds(api: Both, fake: FakeAnymarket) -> None:
    rule = fake.inject(1.0, kinds=[502, FaultKind.HTTP_503, "http_504"], routes="GET /brands")
    for _ in range(6):
        with pytest.raises(ServerError):
            api.brands.list()
    assert set(fake.faults.injected) <= {"http_502", "http_503", "http_504"}
    assert rule.injected == 6
    assert "rate 1.0" in repr(rule)
    fake.faults.clear()
    api.brands.list()


def test_fail_next_comes_before_inject_and_in_order(api: Both, fake: FakeAnymarket) -> None:
    fake.inject(1.0, kinds=["http_500"])
    fake.fail_next(1, 502)
    fake.fail_next(1, 503)
    statuses = []
    for _ in range(3):
        with pytest.raises(ServerError) as caught:
            api.brands.list()
        statuses.append(caught.value.status_code)
    assert statuses == [502, 503, 500]


# --- route selection --------------------------------------------------------------------------


def test_route_selection(api: Both, fake: FakeAnymarket) -> None:
    brand = fake.add_brand("Tramontina")
    product = fake.add_product("Panela")
    bid, pid = brand["id"], product["id"]
    fake.fail_next(1, 503, route="POST /brands")
    fake.fail_next(1, 502, route="/products/{id}/skus")
    fake.fail_next(1, 500, route=re.compile(r"(PUT|DELETE) /brands/\d+"))
    fake.fail_next(1, 504, route=["DELETE", "PATCH /nothing"])

    api.brands.get(bid)  # GET /brands/{id}: no rule
    api.products.get(pid)  # /products/{id}: not /products/{id}/skus
    with pytest.raises(ServerError, match="502"):
        api.skus.list(pid)
    with pytest.raises(ServerError, match="500"):
        api.brands.update(bid, Brand(name="X"))
    with pytest.raises(ServerError, match="504"):
        api.brands.delete(bid)
    with pytest.raises(ServerError, match="503"):
        api.brands.create(Brand(name="Y"))
    assert fake.faults.rules == []


def test_calls_to(api: Both, fake: FakeAnymarket) -> None:
    brand = fake.add_brand("Tramontina")
    api.brands.get(brand["id"])
    api.brands.list()
    api.brands.get(brand["id"])
    api.brands.create(Brand(name="Acme"))
    assert len(fake.calls_to("GET", "/brands/{id}")) == 2
    assert len(fake.calls_to("get", "/brands")) == 1
    assert len(fake.calls_to("*", "/brands")) == 2
    assert len(fake.calls_to("*", re.compile(r"/brands(/\d+)?"))) == 4
    assert fake.calls_to("DELETE", "/brands/{id}") == []
    removed = fake.reset_calls()
    assert len(removed) == 4
    assert fake.calls == []
    assert isinstance(removed[0], Call)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: f.fail_next(0), "n must be"),
        (lambda f: f.fail_next(1, 503, kind="reset"), "not both"),
        (lambda f: f.fail_next(1, 200), "4xx or 5xx"),
        (lambda f: f.fail_next(kind="explode"), "unknown fault kind"),
        (lambda f: f.fail_next(kind="http_600"), "unknown fault kind"),
        (lambda f: f.fail_next(route="brands"), "starts with '/'"),
        (lambda f: f.fail_next(route=[]), "must not be empty"),
        (lambda f: f.fail_next(retry_after=-1), "retry_after"),
        (lambda f: f.fail_next(kind="slow", delay=-1), "delay"),
        (lambda f: f.inject(1.5), "rate"),
        (lambda f: f.inject(0.1, kinds=[]), "kinds must not be empty"),
        (lambda f: f.calls_to("GET", "brands"), "starts with '/'"),
        (lambda _: FakeAnymarket(request_budget=0), "request_budget"),
        (lambda _: FakeAnymarket(request_budget=5, budget_window=0), "budget_window"),
    ],
)
def test_bad_arguments(
    fake: FakeAnymarket, call: Callable[[FakeAnymarket], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(fake)
    assert fake.faults.rules == []


def test_bad_selector_type(fake: FakeAnymarket) -> None:
    with pytest.raises(TypeError):
        fake.fail_next(route=[7])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        fake.fail_next(kind=True)  # type: ignore[arg-type]


# --- the request budget -----------------------------------------------------------------------


def test_request_budget_refuses_then_recovers(make_api: MakeApi) -> None:
    fake = FakeAnymarket(request_budget=3)
    clock = fake.clock
    assert isinstance(clock, ManualClock)
    am = make_api(on=fake)
    am.brands.list()
    clock.advance(1000)
    am.brands.list()
    clock.advance(1000)
    am.brands.list()
    assert fake.budget_used == 3
    clock.advance(1599)
    with pytest.raises(RateLimitError) as caught:
        am.brands.list()
    assert caught.value.retry_after == 1  # the first request leaves the hour in 1 s
    assert fake.calls[-1].fault == "request_budget"
    assert fake.faults.injected == {"request_budget": 1}
    clock.advance(1)
    am.brands.list()  # the window rolled: one slot free
    with pytest.raises(RateLimitError) as caught:
        am.brands.list()
    assert caught.value.retry_after == 1000
    clock.advance(3600)
    for _ in range(3):
        am.brands.list()
    assert [c.status for c in fake.calls] == [200, 200, 200, 429, 200, 429, 200, 200, 200]


def test_budget_counts_what_reached_the_server(make_api: MakeApi) -> None:
    fake = FakeAnymarket(request_budget=2)
    am = make_api(on=fake)
    fake.fail_next(kind="connect_error")
    fake.fail_next(1, 503)
    with pytest.raises(APIConnectionError):
        am.brands.list()  # never reached ANYMARKET: not counted
    with pytest.raises(ServerError):
        am.brands.list()  # counted
    am.brands.list()  # counted
    with pytest.raises(RateLimitError):
        am.brands.list()
    with pytest.raises(AuthenticationError):
        make_api(on=fake, token="another-token").brands.list()  # not this token's budget
    assert fake.budget_used == 2


def test_client_waits_out_a_short_budget_window(make_api: MakeApi) -> None:
    fake = FakeAnymarket(request_budget=2, budget_window=60)
    clock = fake.clock
    assert isinstance(clock, ManualClock)
    am = make_api(on=fake, max_retries=1)
    am.brands.list()
    clock.advance(20)
    am.brands.list()
    am.brands.list()  # refused with Retry-After 40, slept through, retried
    assert clock.sleeps == [40]
    assert [c.status for c in fake.calls] == [200, 200, 429, 200]


def test_budget_default_is_off(fake: FakeAnymarket) -> None:
    assert fake.budget is None
    assert fake.budget_used == 0
    chaos_run(fake, 5)
    assert fake.budget_used == 0


# --- latency and clocks -----------------------------------------------------------------------


def test_latency_advances_the_manual_clock(api: Both, fake: FakeAnymarket) -> None:
    fake.latency = 0.02
    clock = fake.clock
    assert isinstance(clock, ManualClock)
    start = clock.now
    for _ in range(5):
        api.brands.list()
    assert clock.now - start == pytest.approx(0.1)
    assert clock.sleeps == []  # latency is the server's time, not a client sleep
    assert [round(c.at - start, 6) for c in fake.calls] == [0.02, 0.04, 0.06, 0.08, 0.1]


def test_latency_callable_and_slow_fault(api: Both, fake: FakeAnymarket) -> None:
    seen: list[str] = []

    def latency(request: httpx.Request) -> float:
        seen.append(request.method)
        return 0.5 if request.method == "POST" else 0.1

    fake.latency = latency
    clock = fake.clock
    assert isinstance(clock, ManualClock)
    start = clock.now
    api.brands.list()
    api.brands.create(Brand(name="Acme"))
    fake.fail_next(kind="slow", delay=3)
    api.brands.list()
    assert seen == ["GET", "POST", "GET"]
    assert clock.now - start == pytest.approx(0.1 + 0.5 + 0.1 + 3)
    assert fake.calls[-1].fault == "slow"


def test_negative_latency_is_refused(fake: FakeAnymarket) -> None:
    with pytest.raises(ValueError, match="latency"):
        FakeAnymarket(latency=-0.5)
    with pytest.raises(ValueError, match="latency"):
        fake.latency = -1
    fake.latency = lambda _: -1.0
    with fake.client() as am, pytest.raises(ValueError, match="latency"):
        am.brands.list()
    assert fake.in_flight == 0
    assert fake.calls == []


def test_clients_share_the_fake_clock(fake: FakeAnymarket) -> None:
    with fake.client() as am:
        assert am.clock is fake.clock
    mine = ManualClock()
    with fake.client(clock=mine) as am:
        assert am.clock is mine


def test_async_clients_use_the_async_transport() -> None:
    """Real latency on the SystemClock: concurrent requests wait at the same time (the
    async handler awaits ``anyio.sleep``), which the in-flight gauge shows."""
    fake = FakeAnymarket(clock=SystemClock(), latency=0.05)
    fake.add_brand("Tramontina")

    async def main() -> float:
        async with fake.async_client() as am:
            started = time.perf_counter()
            pages = await asyncio.gather(*(am.brands.list() for _ in range(10)))
            elapsed = time.perf_counter() - started
        assert all(p.items[0].name == "Tramontina" for p in pages)
        return elapsed

    elapsed = asyncio.run(main())
    assert fake.max_in_flight == 10
    assert fake.in_flight == 0
    assert elapsed < 10 * 0.05  # generous: sequential waits would take at least this


def test_async_latency_on_a_manual_clock_is_virtual() -> None:
    clock = ManualClock()
    fake = FakeAnymarket(clock=clock, latency=1.5)

    async def main() -> None:
        async with fake.async_client() as am:
            await asyncio.gather(*(am.brands.list() for _ in range(4)))

    started = time.perf_counter()
    asyncio.run(main())
    assert time.perf_counter() - started < 1.5  # no real waiting at all
    assert clock.now == 1_000 + 4 * 1.5
    assert clock.sleeps == []


def test_sync_transport_sleeps_on_a_real_clock() -> None:
    class CountingClock(SystemClock):
        def __init__(self) -> None:
            self.slept: list[float] = []

        def sleep(self, seconds: float) -> None:
            self.slept.append(seconds)

    clock = CountingClock()
    fake = FakeAnymarket(clock=clock, latency=0.25)
    with fake.client() as am:
        am.brands.list()
    assert clock.slept == [0.25]

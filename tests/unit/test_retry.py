"""Retry decisions: the pure ``retry_delay``/``parse_retry_after`` and both clients' loops."""

from __future__ import annotations

import email.utils

import httpx
import pytest
import respx

from anymarket_sdk import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from anymarket_sdk._retry import parse_retry_after, retry_delay
from anymarket_sdk.models import Brand
from anymarket_sdk.testing import ManualClock
from tests.conftest import Both, ClientFactory

POLICY = RetryPolicy(max_retries=3, initial_delay=0.5, max_delay=8.0, max_retry_after=120.0)
BRAND = {"id": 7, "name": "Brastemp"}
NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z


def _req() -> httpx.Request:
    return httpx.Request("GET", "https://sandbox-api.anymarket.com.br/v2/x")


# --- retry_delay: transport errors --------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused", request=_req()),
        httpx.ConnectTimeout("slow", request=_req()),
        httpx.PoolTimeout("pool", request=_req()),
    ],
)
@pytest.mark.parametrize("idempotent", [True, False])
def test_not_sent_errors_retried_for_every_method(
    error: httpx.TransportError, idempotent: bool
) -> None:
    assert retry_delay(POLICY, idempotent=idempotent, attempt=0, error=error) == 0.5


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("read", request=_req()),
        httpx.WriteTimeout("write", request=_req()),
        httpx.ReadError("reset", request=_req()),
        httpx.RemoteProtocolError("eof", request=_req()),
    ],
)
def test_maybe_sent_errors_retried_only_when_idempotent(error: httpx.TransportError) -> None:
    assert retry_delay(POLICY, idempotent=True, attempt=0, error=error) == 0.5
    assert retry_delay(POLICY, idempotent=False, attempt=0, error=error) is None


def test_non_transport_error_not_retried() -> None:
    assert retry_delay(POLICY, idempotent=True, attempt=0, error=RuntimeError("bug")) is None


# --- retry_delay: statuses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "idempotent", "retried"),
    [
        (408, True, True),
        (408, False, True),
        (429, True, True),
        (429, False, True),
        (500, True, True),
        (502, True, True),
        (503, True, True),
        (504, True, True),
        (500, False, False),
        (503, False, False),
        (400, True, False),
        (401, True, False),
        (403, True, False),
        (404, True, False),
        (409, True, False),
        (422, True, False),
        (422, False, False),
    ],
)
def test_status_table(status: int, idempotent: bool, retried: bool) -> None:
    delay = retry_delay(POLICY, idempotent=idempotent, attempt=0, status=status)
    assert (delay is not None) is retried
    if retried:
        assert delay == 0.5


def test_no_status_and_no_error_is_not_retried() -> None:
    assert retry_delay(POLICY, idempotent=True, attempt=0) is None


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(status: int) -> None:
    assert retry_delay(POLICY, idempotent=True, attempt=0, status=status, retry_after=3.0) == 3.0
    assert retry_delay(POLICY, idempotent=True, attempt=2, status=status, retry_after=0.0) == 0.0
    # exactly at the cap still waits
    assert (
        retry_delay(POLICY, idempotent=True, attempt=0, status=status, retry_after=120.0) == 120.0
    )


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_above_cap_gives_up(status: int) -> None:
    assert retry_delay(POLICY, idempotent=True, attempt=0, status=status, retry_after=120.5) is None
    assert retry_delay(POLICY, idempotent=True, attempt=0, status=status, retry_after=3600) is None


def test_retry_after_does_not_make_a_post_5xx_retryable() -> None:
    assert retry_delay(POLICY, idempotent=False, attempt=0, status=503, retry_after=1.0) is None


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (9, 8.0)],
)
def test_backoff_growth_is_capped(attempt: int, expected: float) -> None:
    policy = RetryPolicy(max_retries=20)
    assert retry_delay(policy, idempotent=True, attempt=attempt, status=503) == expected
    assert retry_delay(policy, idempotent=True, attempt=attempt, error=httpx.ConnectError("x")) == (
        expected
    )


@pytest.mark.parametrize("rand", [0.0, 0.1, 0.5, 0.999999])
@pytest.mark.parametrize("attempt", [0, 3, 6])
def test_jitter_range(rand: float, attempt: int) -> None:
    policy = RetryPolicy(max_retries=10, jitter=0.25)
    base = min(0.5 * 2.0**attempt, 8.0)
    delay = retry_delay(policy, idempotent=True, attempt=attempt, status=500, rand=rand)
    assert delay is not None
    assert base * 0.75 < delay <= base
    assert delay == pytest.approx(base * (1 - 0.25 * rand))


def test_no_jitter_policy_is_deterministic() -> None:
    policy = RetryPolicy(jitter=0.0)
    assert retry_delay(policy, idempotent=True, attempt=1, status=500, rand=0.9) == 1.0


@pytest.mark.parametrize("max_retries", [0, 1, 2, 5])
def test_attempts_exhausted(max_retries: int) -> None:
    policy = RetryPolicy(max_retries=max_retries)
    for attempt in range(max_retries):
        assert retry_delay(policy, idempotent=True, attempt=attempt, status=503) is not None
    for attempt in (max_retries, max_retries + 1):
        assert retry_delay(policy, idempotent=True, attempt=attempt, status=503) is None
        assert (
            retry_delay(policy, idempotent=True, attempt=attempt, status=429, retry_after=1) is None
        )
        assert (
            retry_delay(policy, idempotent=True, attempt=attempt, error=httpx.ConnectError("x"))
            is None
        )


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=1.5)


# --- parse_retry_after --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("0", 0.0), (" 120 ", 120.0), ("1.5", 1.5), ("86400", 86400.0)],
)
def test_parse_retry_after_seconds(value: str, expected: float) -> None:
    assert parse_retry_after(httpx.Headers({"Retry-After": value}), NOW) == expected


def test_parse_retry_after_http_date() -> None:
    future = email.utils.formatdate(NOW + 30, usegmt=True)
    assert parse_retry_after(httpx.Headers({"Retry-After": future}), NOW) == 30.0
    assert parse_retry_after(
        httpx.Headers({"retry-after": "Thu, 01 Jan 2026 00:02:00 GMT"}), NOW
    ) == (120.0)


def test_parse_retry_after_past_date_means_now() -> None:
    past = email.utils.formatdate(NOW - 60, usegmt=True)
    assert parse_retry_after(httpx.Headers({"Retry-After": past}), NOW) == 0.0


@pytest.mark.parametrize("value", ["soon", "", "nan", "NaN", "Thu, 99 Foo 2026", "3 seconds"])
def test_parse_retry_after_garbage(value: str) -> None:
    assert parse_retry_after(httpx.Headers({"Retry-After": value}), NOW) is None


def test_parse_retry_after_negative_never_waits_negative() -> None:
    assert parse_retry_after(httpx.Headers({"Retry-After": "-5"}), NOW) == 0.0


def test_parse_retry_after_absent() -> None:
    assert parse_retry_after(httpx.Headers({}), NOW) is None


# --- HTTP level, both clients ---------------------------------------------------------------


def test_503_then_429_then_200(am: Both, router: respx.Router, clock: ManualClock) -> None:
    route = router.get("brands/7").mock(
        side_effect=[
            httpx.Response(503, json={"code": "503", "message": "indisponível"}),
            httpx.Response(429, headers={"Retry-After": "3"}),
            httpx.Response(200, json=BRAND),
        ]
    )
    assert am.brands.get(7) == Brand(id=7, name="Brastemp")
    assert route.call_count == 3
    assert len(clock.sleeps) == 2
    assert 0.5 * 0.75 <= clock.sleeps[0] <= 0.5
    assert clock.sleeps[1] == 3.0


def test_post_503_not_retried(am: Both, router: respx.Router, clock: ManualClock) -> None:
    route = router.post("brands").respond(503, json={"code": "503", "message": "fora"})
    with pytest.raises(ServerError) as info:
        am.brands.create(Brand(name="x"))
    assert route.call_count == 1
    assert info.value.status_code == 503
    assert clock.sleeps == []


def test_post_429_is_retried(am: Both, router: respx.Router, clock: ManualClock) -> None:
    route = router.post("brands").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(200, json=BRAND),
        ]
    )
    assert am.brands.create(Brand(name="Brastemp")).id == 7
    assert route.call_count == 2
    assert clock.sleeps == [2.0]


def test_get_connect_error_retried(am: Both, router: respx.Router, clock: ManualClock) -> None:
    route = router.get("brands/7").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=BRAND)]
    )
    assert am.brands.get(7).id == 7
    assert route.call_count == 2
    assert len(clock.sleeps) == 1


def test_post_connect_error_retried(am: Both, router: respx.Router) -> None:
    route = router.post("brands").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=BRAND)]
    )
    assert am.brands.create(Brand(name="Brastemp")).id == 7
    assert route.call_count == 2


def test_post_read_timeout_not_retried(am: Both, router: respx.Router, clock: ManualClock) -> None:
    route = router.post("brands").mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError) as info:
        am.brands.create(Brand(name="x"))
    assert route.call_count == 1
    assert clock.sleeps == []
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert not issubclass(type(info.value), httpx.HTTPError)  # no httpx exception escapes
    assert str(info.value).startswith("POST brands: ReadTimeout")


def test_get_read_timeout_retried_then_gives_up(
    am: Both, router: respx.Router, clock: ManualClock
) -> None:
    route = router.get("brands/7").mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError):
        am.brands.get(7)
    assert route.call_count == 3  # first attempt + 2 retries
    assert len(clock.sleeps) == 2


def test_connect_error_exhausted_is_connection_error(am: Both, router: respx.Router) -> None:
    router.get("brands/7").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        am.brands.get(7)
    assert not isinstance(info.value, APITimeoutError)
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_retry_after_above_cap_raises_at_once(
    am: Both, router: respx.Router, clock: ManualClock
) -> None:
    route = router.get("brands/7").respond(429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitError) as info:
        am.brands.get(7)
    assert info.value.retry_after == 3600.0
    assert route.call_count == 1
    assert clock.sleeps == []


def test_retry_after_http_date_uses_clock(
    am: Both, router: respx.Router, clock: ManualClock
) -> None:
    when = email.utils.formatdate(clock.time() + 10, usegmt=True)
    router.get("brands/7").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": when}),
            httpx.Response(200, json=BRAND),
        ]
    )
    am.brands.get(7)
    assert clock.sleeps == [10.0]


def test_429_exhausted_keeps_retry_after(
    am: Both, router: respx.Router, clock: ManualClock
) -> None:
    route = router.get("brands/7").respond(429, headers={"Retry-After": "1"})
    with pytest.raises(RateLimitError) as info:
        am.brands.get(7)
    assert route.call_count == 3
    assert clock.sleeps == [1.0, 1.0]
    assert info.value.retry_after == 1.0


@pytest.mark.parametrize(
    "options",
    [{"max_retries": 0, "retry_policy": None}, {"retry_policy": RetryPolicy(max_retries=0)}],
)
def test_max_retries_zero_disables_retries(
    make_client: ClientFactory, router: respx.Router, clock: ManualClock, options: dict[str, object]
) -> None:
    am = make_client(**options)
    r503 = router.get("brands/7").respond(503)
    with pytest.raises(ServerError):
        am.brands.get(7)
    r_conn = router.get("brands/8").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        am.brands.get(8)
    r429 = router.get("brands/9").respond(429, headers={"Retry-After": "1"})
    with pytest.raises(RateLimitError) as info:
        am.brands.get(9)
    assert info.value.retry_after == 1.0
    assert (r503.call_count, r_conn.call_count, r429.call_count) == (1, 1, 1)
    assert clock.sleeps == []


def test_with_options_max_retries_zero(am: Both, router: respx.Router, clock: ManualClock) -> None:
    route = router.get("brands/7").respond(503)
    no_retry = Both(am.raw.with_options(max_retries=0), am._runner)
    with pytest.raises(ServerError):
        no_retry.brands.get(7)
    assert route.call_count == 1
    assert clock.sleeps == []

"""Client construction, options, headers, lifecycle and the raw-request escape hatch."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from anymarket_sdk import (
    DEFAULT_TIMEOUT,
    Anymarket,
    AsyncAnymarket,
    Environment,
    RateLimiter,
    RetryPolicy,
    ServerError,
)
from anymarket_sdk._client import normalise_base_url
from anymarket_sdk.models import Brand
from anymarket_sdk.testing import ManualClock
from tests.conftest import BASE, TOKEN, Both, ClientFactory

BRAND = {"id": 7, "name": "Brastemp"}
ClientClass = type[Anymarket] | type[AsyncAnymarket]
CLASSES = [Anymarket, AsyncAnymarket]


def _close(client: Anymarket | AsyncAnymarket) -> None:
    if isinstance(client, AsyncAnymarket):
        asyncio.run(client.aclose())
    else:
        client.close()


# --- construction ----------------------------------------------------------------------------


@pytest.mark.parametrize("cls", CLASSES)
def test_environment_is_required(cls: ClientClass) -> None:
    with pytest.raises(ValueError, match="environment"):
        cls(token=TOKEN)


@pytest.mark.parametrize("cls", CLASSES)
def test_environment_and_base_url_are_exclusive(cls: ClientClass) -> None:
    with pytest.raises(ValueError, match="not both"):
        cls(token=TOKEN, environment=Environment.SANDBOX, base_url=BASE)


@pytest.mark.parametrize("cls", CLASSES)
def test_environment_must_be_the_enum(cls: ClientClass) -> None:
    with pytest.raises(TypeError):
        cls(token=TOKEN, environment="sandbox")  # type: ignore[arg-type]


@pytest.mark.parametrize("token", ["", "   ", "fake\ntoken", "fake\r\ntoken"])
@pytest.mark.parametrize("cls", CLASSES)
def test_token_validation(cls: ClientClass, token: str) -> None:
    with pytest.raises(ValueError, match="token"):
        cls(token=token, environment=Environment.SANDBOX)


@pytest.mark.parametrize(
    ("env", "url"),
    [
        (Environment.SANDBOX, "https://sandbox-api.anymarket.com.br/v2/"),
        (Environment.PRODUCTION, "https://api.anymarket.com.br/v2/"),
    ],
)
def test_environments(env: Environment, url: str) -> None:
    client = Anymarket(token=TOKEN, environment=env, rate_limiter=None)
    assert client.base_url == url
    assert client.environment is env
    client.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/v2",
        "http://sandbox-api.anymarket.com.br/v2/",
        "http://localhost.evil.example/v2",
        "http://127.0.0.1.nip.io/v2",
        "http://10.0.0.1/v2",
    ],
)
def test_plain_http_to_non_loopback_refused(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        normalise_base_url(url)
    with pytest.raises(ValueError, match="http"):
        Anymarket(token=TOKEN, base_url=url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080/v2", "http://127.0.0.1:8080/v2/"),
        ("http://127.0.0.1:8080/v2/", "http://127.0.0.1:8080/v2/"),
        ("http://localhost", "http://localhost/"),
        ("http://localhost:9000/api/v2", "http://localhost:9000/api/v2/"),
        ("http://[::1]:8080/v2", "http://[::1]:8080/v2/"),
        ("http://api.localhost/v2", "http://api.localhost/v2/"),
        ("https://proxy.example.com/anymarket/v2", "https://proxy.example.com/anymarket/v2/"),
    ],
)
def test_base_url_allowed_and_slash_added(url: str, expected: str) -> None:
    assert normalise_base_url(url) == expected
    client = Anymarket(token=TOKEN, base_url=url, rate_limiter=None)
    assert client.base_url == expected
    assert client.environment is None
    client.close()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/v2",
        "sandbox-api.anymarket.com.br/v2",
        "/v2/",
        "https://user:pass@example.com/v2",
        "https://example.com/v2?x=1",
        "https://example.com/v2#frag",
    ],
)
def test_bad_base_urls_refused(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        normalise_base_url(url)


@pytest.mark.parametrize("cls", CLASSES)
def test_transport_and_http_client_are_exclusive(cls: ClientClass) -> None:
    transport: Any
    http: Any
    if cls is Anymarket:
        transport, http = httpx.MockTransport(lambda _: httpx.Response(200)), httpx.Client()
    else:
        transport, http = httpx.MockTransport(lambda _: httpx.Response(200)), httpx.AsyncClient()
    with pytest.raises(ValueError, match="not both"):
        cls(token=TOKEN, base_url=BASE, transport=transport, http_client=http)
    if isinstance(http, httpx.Client):
        http.close()
    else:
        asyncio.run(http.aclose())


def test_http_client_of_wrong_flavour_refused() -> None:
    with httpx.Client() as sync_http, pytest.raises(TypeError):
        AsyncAnymarket(token=TOKEN, base_url=BASE, http_client=sync_http)  # type: ignore[arg-type]
    async_http = httpx.AsyncClient()
    with pytest.raises(TypeError):
        Anymarket(token=TOKEN, base_url=BASE, http_client=async_http)  # type: ignore[arg-type]
    asyncio.run(async_http.aclose())


@pytest.mark.parametrize("name", ["gumgaToken", "GUMGATOKEN", "Authorization"])
def test_default_headers_cannot_carry_credentials(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        Anymarket(token=TOKEN, base_url=BASE, default_headers={name: "fake-other"})


def test_defaults() -> None:
    client = Anymarket(token=TOKEN, environment=Environment.SANDBOX)
    assert client.timeout == DEFAULT_TIMEOUT
    assert client.retry_policy == RetryPolicy(max_retries=2)
    assert isinstance(client.rate_limiter, RateLimiter)
    assert client.strict is False
    client.close()


def test_max_retries_builds_a_policy() -> None:
    client = Anymarket(token=TOKEN, base_url=BASE, max_retries=5, timeout=3, rate_limiter=None)
    assert client.retry_policy.max_retries == 5
    assert client.timeout == httpx.Timeout(3)
    client.close()


# --- from_env ------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", CLASSES)
def test_from_env_environment(cls: ClientClass) -> None:
    client = cls.from_env(
        environ={"ANYMARKET_TOKEN": TOKEN, "ANYMARKET_ENVIRONMENT": "sandbox"}, rate_limiter=None
    )
    assert client.environment is Environment.SANDBOX
    assert client.base_url == Environment.SANDBOX.base_url
    assert client._token == TOKEN
    _close(client)


@pytest.mark.parametrize("cls", CLASSES)
def test_from_env_base_url(cls: ClientClass) -> None:
    client = cls.from_env(
        environ={"ANYMARKET_TOKEN": f" {TOKEN} ", "ANYMARKET_BASE_URL": "http://127.0.0.1:8080/v2"},
        max_retries=0,
    )
    assert client.environment is None
    assert client.base_url == "http://127.0.0.1:8080/v2/"
    assert client._token == TOKEN
    assert client.retry_policy.max_retries == 0
    _close(client)


@pytest.mark.parametrize(
    ("environ", "match"),
    [
        ({}, "ANYMARKET_TOKEN"),
        ({"ANYMARKET_TOKEN": "  "}, "ANYMARKET_TOKEN"),
        ({"ANYMARKET_ENVIRONMENT": "sandbox"}, "ANYMARKET_TOKEN"),
        ({"ANYMARKET_TOKEN": TOKEN}, "ANYMARKET_ENVIRONMENT"),
        ({"ANYMARKET_TOKEN": TOKEN, "ANYMARKET_ENVIRONMENT": "staging"}, "SANDBOX or PRODUCTION"),
        ({"ANYMARKET_TOKEN": TOKEN, "ANYMARKET_BASE_URL": "http://example.com/v2"}, "http"),
    ],
)
@pytest.mark.parametrize("cls", CLASSES)
def test_from_env_errors(cls: ClientClass, environ: dict[str, str], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        cls.from_env(environ=environ)


# --- headers and token placement -------------------------------------------------------------


def test_token_header_user_agent_and_no_token_in_url(am: Both, router: respx.Router) -> None:
    route = router.get("brands").respond(json={"content": [], "page": {}})
    am.brands.list(name="x", partner_id="p")
    request = route.calls.last.request
    assert request.headers["gumgaToken"] == TOKEN
    assert request.headers["User-Agent"].startswith("useall-anymarket/")
    assert request.headers["Accept"] == "application/json"
    assert TOKEN not in str(request.url)
    assert all(TOKEN not in v for _, v in request.url.params.multi_items())
    assert "authorization" not in request.headers


def test_json_body_content_type(am: Both, router: respx.Router) -> None:
    route = router.post("brands").respond(json=BRAND)
    am.brands.create(Brand(name="Brastemp"))
    request = route.calls.last.request
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["gumgaToken"] == TOKEN


def test_default_headers_are_sent(make_client: ClientFactory, router: respx.Router) -> None:
    am = make_client(default_headers={"X-Integration": "m2"})
    route = router.get("brands/7").respond(json=BRAND)
    am.brands.get(7)
    assert route.calls.last.request.headers["X-Integration"] == "m2"


# --- with_options --------------------------------------------------------------------------


def test_with_options_sync_shares_pool_and_limiter(router: respx.Router) -> None:
    route = router.get("brands/7").respond(json=BRAND)
    clock = ManualClock()
    original = Anymarket(
        token=TOKEN, base_url=BASE, transport=httpx.MockTransport(router.handler), clock=clock
    )
    copy = original.with_options(timeout=5, max_retries=0)
    assert copy is not original
    assert copy._http is original._http
    assert copy.rate_limiter is original.rate_limiter
    assert copy.rate_limiter is not None
    assert copy.timeout == httpx.Timeout(5)
    assert copy.retry_policy.max_retries == 0
    assert original.retry_policy.max_retries == 2
    assert original.timeout == DEFAULT_TIMEOUT
    assert copy.base_url == original.base_url
    assert copy.clock is clock
    with copy:
        copy.brands.get(7)
    assert not original._http.is_closed
    original.brands.get(7)
    assert route.call_count == 2
    original.close()
    assert original._http.is_closed


def test_with_options_async_shares_pool_and_limiter(router: respx.Router) -> None:
    route = router.get("brands/7").respond(json=BRAND)

    async def run() -> None:
        original = AsyncAnymarket(
            token=TOKEN, base_url=BASE, transport=httpx.MockTransport(router.async_handler)
        )
        copy = original.with_options(timeout=5, max_retries=0)
        assert copy._http is original._http
        assert copy.rate_limiter is original.rate_limiter
        assert copy.timeout == httpx.Timeout(5)
        assert copy.retry_policy.max_retries == 0
        async with copy:
            await copy.brands.get(7)
        assert not original._http.is_closed
        await original.brands.get(7)
        await original.aclose()
        assert original._http.is_closed

    asyncio.run(run())
    assert route.call_count == 2


def test_with_options_max_retries_takes_effect(am: Both, router: respx.Router) -> None:
    route = router.get("brands/7").respond(503)
    copy = Both(am.raw.with_options(max_retries=0), am._runner)
    with pytest.raises(ServerError):
        copy.brands.get(7)
    assert route.call_count == 1
    with pytest.raises(ServerError):
        am.brands.get(7)
    assert route.call_count == 4


def test_with_options_switches_environment_and_base_url() -> None:
    original = Anymarket(token=TOKEN, environment=Environment.SANDBOX, rate_limiter=None)
    local = original.with_options(base_url="http://127.0.0.1:8080/v2")
    assert local.environment is None
    assert local.base_url == "http://127.0.0.1:8080/v2/"
    back = local.with_options(environment=Environment.PRODUCTION)
    assert back.base_url == Environment.PRODUCTION.base_url
    original.close()


def test_with_options_keeps_default_headers(router: respx.Router) -> None:
    route = router.get("brands/7").respond(json=BRAND)
    original = Anymarket(
        token=TOKEN,
        base_url=BASE,
        transport=httpx.MockTransport(router.handler),
        rate_limiter=None,
        default_headers={"X-Integration": "m2", "User-Agent": "m2-sync/1.0"},
    )
    copy = original.with_options(timeout=5)
    original.brands.get(7)
    copy.brands.get(7)
    first, second = (c.request.headers for c in route.calls)
    assert first["User-Agent"] == "m2-sync/1.0"
    assert second["X-Integration"] == "m2"
    assert second["User-Agent"] == first["User-Agent"]
    original.close()


# --- lifecycle -----------------------------------------------------------------------------


def test_sync_context_manager_closes_owned_client() -> None:
    with Anymarket(token=TOKEN, base_url=BASE, rate_limiter=None) as client:
        assert not client._http.is_closed
    assert client._http.is_closed


def test_async_context_manager_closes_owned_client() -> None:
    async def run() -> AsyncAnymarket:
        async with AsyncAnymarket(token=TOKEN, base_url=BASE, rate_limiter=None) as client:
            assert not client._http.is_closed
        return client

    assert asyncio.run(run())._http.is_closed


def test_injected_sync_http_client_not_closed(router: respx.Router) -> None:
    route = router.get("brands/7").respond(json=BRAND)
    http = httpx.Client(transport=httpx.MockTransport(router.handler))
    with Anymarket(token=TOKEN, base_url=BASE, http_client=http, rate_limiter=None) as client:
        assert client._http is http
        client.brands.get(7)
    assert not http.is_closed
    assert route.calls.last.request.headers["gumgaToken"] == TOKEN
    http.close()


def test_injected_async_http_client_not_closed(router: respx.Router) -> None:
    router.get("brands/7").respond(json=BRAND)

    async def run() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(router.async_handler))
        async with AsyncAnymarket(
            token=TOKEN, base_url=BASE, http_client=http, rate_limiter=None
        ) as client:
            await client.brands.get(7)
        assert not http.is_closed
        await http.aclose()

    asyncio.run(run())


# --- escape hatch --------------------------------------------------------------------------


def test_request_escape_hatch_returns_parsed_json(am: Both, router: respx.Router) -> None:
    route = router.get("unmodelled/1").respond(
        json={"id": 1, "price": 19.90, "items": [{"a": True}]}
    )
    data = am.request("GET", "/unmodelled/1", params={"expand": True, "skip": None})
    assert data == {"id": 1, "price": Decimal("19.9"), "items": [{"a": True}]}
    assert isinstance(data["price"], Decimal)
    assert dict(route.calls.last.request.url.params) == {"expand": "true"}


def test_request_escape_hatch_post_body_and_no_retry(am: Both, router: respx.Router) -> None:
    route = router.post("unmodelled").respond(503)
    with pytest.raises(ServerError):
        am.request("post", "unmodelled", json={"price": Decimal("12345678901.23")})
    assert route.call_count == 1
    assert route.calls.last.request.content == b'{"price":12345678901.23}'
    assert route.calls.last.request.headers["Content-Type"] == "application/json"


def test_request_escape_hatch_idempotent_post_is_retried(am: Both, router: respx.Router) -> None:
    route = router.post("unmodelled").mock(side_effect=[httpx.Response(503), httpx.Response(204)])
    assert am.request("POST", "/unmodelled", json={}, idempotent=True) is None
    assert route.call_count == 2


# --- repr ------------------------------------------------------------------------------------


def test_repr() -> None:
    client = Anymarket(token=TOKEN, environment=Environment.SANDBOX, rate_limiter=None)
    assert repr(client) == "Anymarket(environment=SANDBOX, token=***)"
    assert TOKEN not in repr(client.brands)
    client.close()
    local = AsyncAnymarket(token=TOKEN, base_url="http://localhost:1/v2", rate_limiter=None)
    assert repr(local) == "AsyncAnymarket(environment=http://localhost:1/v2/, token=***)"
    asyncio.run(local.aclose())

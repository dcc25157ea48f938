"""``Anymarket`` and ``AsyncAnymarket``: configuration shared in ``_BaseClient`` (no I/O);
the two classes differ only in ``send_raw`` / ``_iter`` and in closing."""

from __future__ import annotations

import importlib
import ipaddress
import os
import platform
import random
import time
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Generic, Self, TypeVar, overload

import cattrs
import httpx

from . import _converter as cv
from ._clock import Clock, SystemClock
from ._core import Operation, RawJson, Route, build_request
from ._logging import Masked, logger
from ._pagination import Page, paginate
from ._ratelimit import RateLimiter
from ._retry import RetryPolicy, parse_retry_after, retry_delay
from ._version import __version__
from .errors import APIConnectionError, APITimeoutError, make_status_error

if TYPE_CHECKING:
    from .resources.ads import Ads, AsyncAds
    from .resources.brands import AsyncBrands, Brands
    from .resources.callbacks import AsyncCallbacks, Callbacks
    from .resources.campaigns import AsyncCampaigns, Campaigns
    from .resources.categories import AsyncCategories, Categories
    from .resources.feeds import AsyncOrderFeed, AsyncTransmissionFeed, OrderFeed, TransmissionFeed
    from .resources.freight import AsyncFreight, Freight
    from .resources.fulfillment import AsyncFulfillment, Fulfillment
    from .resources.images import AsyncImages, Images
    from .resources.messages import AsyncMessages, Messages
    from .resources.monitorings import AsyncMonitorings, Monitorings
    from .resources.orders import AsyncOrders, Orders
    from .resources.print_tags import AsyncPrintTags, PrintTags
    from .resources.products import AsyncProducts, Products
    from .resources.promotions import AsyncPromotions, Promotions
    from .resources.questions import AsyncQuestions, Questions
    from .resources.skus import AsyncSkus, Skus
    from .resources.stocks import AsyncStocks, Stocks
    from .resources.templates import AsyncTemplates, Templates
    from .resources.transmissions import AsyncTransmissions, Transmissions
    from .resources.variations import AsyncVariations, Variations
    from .resources.warehouses import AsyncWarehouses, Warehouses

T = TypeVar("T")

__all__ = ["DEFAULT_TIMEOUT", "Anymarket", "AsyncAnymarket", "Environment"]


class Environment(Enum):
    """ANYMARKET's two isolated environments (each needs its own token)."""

    SANDBOX = "https://sandbox-api.anymarket.com.br/v2/"
    PRODUCTION = "https://api.anymarket.com.br/v2/"

    @property
    def base_url(self) -> str:
        return self.value


DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = _NotGiven()


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` (and ``*.localhost``) and loopback IP addresses."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, trailing_slash: bool = True) -> str:
    """Validate a service base URL that a secret will travel to: https, or plain http only to
    a loopback host; no credentials, query or fragment. With ``trailing_slash`` the result
    ends with exactly one ``/`` (so relative paths join under it)."""
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"base_url must be an absolute http(s) URL, got {url!r}")
    if parsed.scheme == "http" and not is_loopback_host(parsed.host):
        raise ValueError(
            "refusing plain http to a non-loopback host: the token would travel in clear text; "
            "use https (http is allowed only for localhost/127.0.0.1/::1 test servers)"
        )
    if parsed.userinfo or parsed.query or parsed.fragment:
        raise ValueError("base_url must not carry credentials, a query or a fragment")
    text = str(parsed)
    if not trailing_slash:
        return text
    return text if text.endswith("/") else text + "/"


normalise_base_url = check_base_url


class _TokenAuth(httpx.Auth):
    """Adds the ``gumgaToken`` header; the token is held here and nowhere in a repr."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["gumgaToken"] = self._token
        yield request

    def __repr__(self) -> str:
        return "_TokenAuth(token=***)"


def _user_agent() -> str:
    return (
        f"useall-anymarket/{__version__} python/{platform.python_version()} "
        f"httpx/{httpx.__version__}"
    )


R = TypeVar("R")


class _Resource(Generic[R]):
    """A resource namespace attribute (``client.products``): the module is imported and the
    namespace built on first access, then kept on the instance."""

    def __init__(self, module: str, cls: str) -> None:
        self._module = module
        self._cls = cls
        self._name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _Resource[R]: ...
    @overload
    def __get__(self, obj: object, owner: type[Any]) -> R: ...
    def __get__(self, obj: object | None, owner: type[Any]) -> _Resource[R] | R:
        if obj is None:
            return self
        module = importlib.import_module(f"anymarket_sdk.resources.{self._module}")
        resource: R = getattr(module, self._cls)(obj)
        obj.__dict__[self._name] = resource
        return resource


class _BaseClient:
    """Everything but I/O: configuration, request building, decoding, logging."""

    def __init__(
        self,
        *,
        token: str,
        environment: Environment | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: RateLimiter | _NotGiven | None = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        strict: bool = False,
        clock: Clock | None = None,
    ) -> None:
        if not isinstance(token, str) or not token.strip():
            raise ValueError("token is required (ANYMARKET's gumgaToken for this environment)")
        if any(c in token for c in "\r\n"):
            raise ValueError("token must be a single line")
        if environment is None and base_url is None:
            raise ValueError(
                "choose environment=Environment.SANDBOX or Environment.PRODUCTION "
                "(or pass base_url=); the SDK never defaults to production"
            )
        if environment is not None and base_url is not None:
            raise ValueError("pass environment= or base_url=, not both")
        if environment is not None and not isinstance(environment, Environment):
            raise TypeError("environment must be an anymarket_sdk.Environment")
        self._token = token
        self.environment = environment
        self.base_url = normalise_base_url(
            environment.base_url if environment is not None else str(base_url)
        )
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.retry_policy = (
            retry_policy if retry_policy is not None else RetryPolicy(max_retries=max_retries)
        )
        self.clock: Clock = clock or SystemClock()
        if isinstance(rate_limiter, _NotGiven):
            rate_limiter = RateLimiter(clock=self.clock)
        if rate_limiter is not None:
            rate_limiter.bind(token)
        self.rate_limiter: RateLimiter | None = rate_limiter
        self.strict = strict
        self._converter: cattrs.Converter = cv.STRICT_CONVERTER if strict else cv.DEFAULT_CONVERTER
        self._headers = {"User-Agent": _user_agent(), "Accept": "application/json"}
        self.default_headers = dict(default_headers or {})
        for name in self.default_headers:
            if name.lower() in ("gumgatoken", "authorization"):
                raise ValueError(f"{name} is set by the client from token=")
        self._headers.update(self.default_headers)
        self._auth = _TokenAuth(token)
        self._owns_http = True

    @staticmethod
    def _env_kwargs(environ: Mapping[str, str] | None) -> dict[str, Any]:
        env = os.environ if environ is None else environ
        token = env.get("ANYMARKET_TOKEN", "").strip()
        if not token:
            raise ValueError("ANYMARKET_TOKEN is not set")
        kw: dict[str, Any] = {"token": token}
        base_url = env.get("ANYMARKET_BASE_URL", "").strip()
        name = env.get("ANYMARKET_ENVIRONMENT", "").strip().upper()
        if base_url:
            kw["base_url"] = base_url
        elif name:
            try:
                kw["environment"] = Environment[name]
            except KeyError:
                raise ValueError(
                    f"ANYMARKET_ENVIRONMENT must be SANDBOX or PRODUCTION, got {name!r}"
                ) from None
        else:
            raise ValueError("set ANYMARKET_ENVIRONMENT (sandbox|production) or ANYMARKET_BASE_URL")
        return kw

    def _options(self) -> dict[str, Any]:
        return {
            "token": self._token,
            "environment": self.environment,
            "base_url": None if self.environment is not None else self.base_url,
            "timeout": self.timeout,
            "retry_policy": self.retry_policy,
            "rate_limiter": self.rate_limiter,
            "strict": self.strict,
            "clock": self.clock,
            "default_headers": self.default_headers,
        }

    def _request(self, http: httpx.Client | httpx.AsyncClient, op: Operation[Any]) -> httpx.Request:
        return build_request(
            http, op, base_url=self.base_url, headers=self._headers, timeout=self.timeout
        )

    def _log_response(self, op: Operation[Any], response: httpx.Response, started: float) -> None:
        if logger.isEnabledFor(10):
            logger.debug(
                "%s %s -> %s in %.1f ms",
                op.method,
                op.route.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            if op.body is not None:
                logger.debug("request body: %s", Masked(op.body, secret=self._token))
            logger.debug("response body: %s", Masked(response.content, secret=self._token))

    def _retry_after_failure(
        self, op: Operation[Any], attempt: int, response: httpx.Response
    ) -> tuple[float | None, float | None]:
        """(delay or None, parsed Retry-After) for an error response."""
        retry_after = parse_retry_after(response.headers, self.clock.time())
        delay = retry_delay(
            self.retry_policy,
            idempotent=op.route.idempotent,
            attempt=attempt,
            status=response.status_code,
            retry_after=retry_after,
            rand=random.random(),  # noqa: S311 - jitter, not cryptography
        )
        if delay is not None:
            logger.info(
                "retrying %s %s in %.2f s after HTTP %s (retry %d of %d)",
                op.method,
                op.route.path,
                delay,
                response.status_code,
                attempt + 1,
                self.retry_policy.max_retries,
            )
        return delay, retry_after

    def _retry_after_error(
        self, op: Operation[Any], attempt: int, exc: httpx.TransportError
    ) -> float | None:
        delay = retry_delay(
            self.retry_policy,
            idempotent=op.route.idempotent,
            attempt=attempt,
            error=exc,
            rand=random.random(),  # noqa: S311
        )
        if delay is not None:
            logger.info(
                "retrying %s %s in %.2f s after %s (retry %d of %d)",
                op.method,
                op.route.path,
                delay,
                type(exc).__name__,
                attempt + 1,
                self.retry_policy.max_retries,
            )
        return delay

    @staticmethod
    def _wrap_transport_error(op: Operation[Any], exc: httpx.TransportError) -> APIConnectionError:
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        try:
            request: httpx.Request | None = exc.request
        except RuntimeError:
            request = None
        return cls(f"{op.label}: {type(exc).__name__}: {exc}", request=request)

    def _decode(self, op: Operation[T], response: httpx.Response) -> T:
        return op.route.decoder(response, self._converter)

    def raw_operation(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Operation[Any]:
        """An operation for a route the SDK does not model (decoded as plain JSON)."""
        r: Route[Any] = Route(
            method=method.upper(),
            path=path,
            decoder=RawJson(),
            idempotent=method.upper() in ("GET", "PUT", "DELETE")
            if idempotent is None
            else idempotent,
        )
        return r.op(params=params, json=json)

    def __repr__(self) -> str:
        where = self.environment.name if self.environment else self.base_url
        return f"{type(self).__name__}(environment={where}, token=***)"


class Anymarket(_BaseClient):
    """Synchronous ANYMARKET client.

    ::

        with Anymarket(token=os.environ["ANYMARKET_TOKEN"], environment=Environment.SANDBOX) as am:
            for product in am.products.iter(max_items=20):
                print(product.id, product.title)

    ``transport=`` (e.g. ``httpx.MockTransport``) or ``http_client=`` replace the network;
    ``rate_limiter=None`` turns client-side rate limiting off; ``strict=True`` makes decoding
    reject unknown fields and enum values (for tests that must notice API drift).
    """

    def __init__(
        self,
        *,
        token: str,
        environment: Environment | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: RateLimiter | _NotGiven | None = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        strict: bool = False,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(
            token=token,
            environment=environment,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            rate_limiter=rate_limiter,
            default_headers=default_headers,
            strict=strict,
            clock=clock,
        )
        if http_client is not None and transport is not None:
            raise ValueError("pass transport= or http_client=, not both")
        if http_client is not None:
            if not isinstance(http_client, httpx.Client):
                raise TypeError(
                    "http_client must be an httpx.Client (use AsyncAnymarket for async)"
                )
            self._http: httpx.Client = http_client
            self._owns_http = False
        else:
            self._http = httpx.Client(transport=transport, timeout=self.timeout)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Self:
        """Build from ANYMARKET_TOKEN and ANYMARKET_ENVIRONMENT (or ANYMARKET_BASE_URL)."""
        return cls(**{**cls._env_kwargs(environ), **kwargs})

    def with_options(self, **overrides: Any) -> Self:
        """A copy with some options changed, sharing the connection pool and rate limiter."""
        opts = {**self._options(), **overrides}
        if "base_url" in overrides and "environment" not in overrides:
            opts["environment"] = None
        if "environment" in overrides and "base_url" not in overrides:
            opts["base_url"] = None
        if "max_retries" in overrides and "retry_policy" not in overrides:
            opts["retry_policy"] = None
        return type(self)(http_client=self._http, **opts)

    # -- I/O -----------------------------------------------------------------------------

    def send_raw(self, op: Operation[Any]) -> httpx.Response:
        """Send ``op`` with retries and rate limiting; return the successful response."""
        attempt = 0
        while True:
            if self.rate_limiter is not None:
                self.rate_limiter.acquire()
            request = self._request(self._http, op)
            started = time.perf_counter()
            try:
                response = self._http.send(request, auth=self._auth)
            except httpx.TransportError as exc:
                delay = self._retry_after_error(op, attempt, exc)
                if delay is None:
                    raise self._wrap_transport_error(op, exc) from exc
                self.clock.sleep(delay)
                attempt += 1
                continue
            self._log_response(op, response, started)
            if response.is_success:
                return response
            delay, retry_after = self._retry_after_failure(op, attempt, response)
            if delay is None:
                raise make_status_error(
                    response, route=op.label, retry_after=retry_after, secret=self._token
                )
            self.clock.sleep(delay)
            attempt += 1

    def send(self, op: Operation[T]) -> T:
        """Send ``op`` and decode the response into the route's model."""
        return self._decode(op, self.send_raw(op))

    def iter_pages(self, op: Operation[Page[T]]) -> Iterator[Page[T]]:
        """Every page of a paged operation, lazily."""
        flow = paginate(op)
        current = next(flow)
        while True:
            page = self.send(current)
            yield page
            try:
                current = flow.send(page)
            except StopIteration:
                return

    def iter_items(self, op: Operation[Page[T]], *, max_items: int | None = None) -> Iterator[T]:
        """Every item of a paged operation, lazily, stopping after ``max_items`` if given."""
        if max_items is not None and max_items <= 0:
            return
        count = 0
        for page in self.iter_pages(op):
            for item in page.items:
                yield item
                count += 1
                if max_items is not None and count >= max_items:
                    return

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Call a route the SDK does not model; returns the parsed JSON (Decimal floats)."""
        return self.send(
            self.raw_operation(method, path, params=params, json=json, idempotent=idempotent)
        )

    def close(self) -> None:
        """Close the connection pool (only when this client created it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- resources (created on first use) ----------------------------------------------

    brands: _Resource[Brands] = _Resource("brands", "Brands")
    categories: _Resource[Categories] = _Resource("categories", "Categories")
    variations: _Resource[Variations] = _Resource("variations", "Variations")
    products: _Resource[Products] = _Resource("products", "Products")
    skus: _Resource[Skus] = _Resource("skus", "Skus")
    images: _Resource[Images] = _Resource("images", "Images")
    stocks: _Resource[Stocks] = _Resource("stocks", "Stocks")
    warehouses: _Resource[Warehouses] = _Resource("warehouses", "Warehouses")
    ads: _Resource[Ads] = _Resource("ads", "Ads")
    orders: _Resource[Orders] = _Resource("orders", "Orders")
    order_feed: _Resource[OrderFeed] = _Resource("feeds", "OrderFeed")
    transmission_feed: _Resource[TransmissionFeed] = _Resource("feeds", "TransmissionFeed")
    callbacks: _Resource[Callbacks] = _Resource("callbacks", "Callbacks")
    transmissions: _Resource[Transmissions] = _Resource("transmissions", "Transmissions")
    freight: _Resource[Freight] = _Resource("freight", "Freight")
    questions: _Resource[Questions] = _Resource("questions", "Questions")
    campaigns: _Resource[Campaigns] = _Resource("campaigns", "Campaigns")
    promotions: _Resource[Promotions] = _Resource("promotions", "Promotions")
    templates: _Resource[Templates] = _Resource("templates", "Templates")
    monitorings: _Resource[Monitorings] = _Resource("monitorings", "Monitorings")
    print_tags: _Resource[PrintTags] = _Resource("print_tags", "PrintTags")
    messages: _Resource[Messages] = _Resource("messages", "Messages")
    fulfillment: _Resource[Fulfillment] = _Resource("fulfillment", "Fulfillment")


class AsyncAnymarket(_BaseClient):
    """Asynchronous ANYMARKET client: same arguments and resources as ``Anymarket``.

    ::

        async with AsyncAnymarket.from_env() as am:
            async for product in am.products.iter(max_items=20):
                print(product.id, product.title)
    """

    def __init__(
        self,
        *,
        token: str,
        environment: Environment | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        rate_limiter: RateLimiter | _NotGiven | None = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict: bool = False,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(
            token=token,
            environment=environment,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            rate_limiter=rate_limiter,
            default_headers=default_headers,
            strict=strict,
            clock=clock,
        )
        if http_client is not None and transport is not None:
            raise ValueError("pass transport= or http_client=, not both")
        if http_client is not None:
            if not isinstance(http_client, httpx.AsyncClient):
                raise TypeError("http_client must be an httpx.AsyncClient (use Anymarket for sync)")
            self._http: httpx.AsyncClient = http_client
            self._owns_http = False
        else:
            self._http = httpx.AsyncClient(transport=transport, timeout=self.timeout)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Self:
        """Build from ANYMARKET_TOKEN and ANYMARKET_ENVIRONMENT (or ANYMARKET_BASE_URL)."""
        return cls(**{**cls._env_kwargs(environ), **kwargs})

    def with_options(self, **overrides: Any) -> Self:
        """A copy with some options changed, sharing the connection pool and rate limiter."""
        opts = {**self._options(), **overrides}
        if "base_url" in overrides and "environment" not in overrides:
            opts["environment"] = None
        if "environment" in overrides and "base_url" not in overrides:
            opts["base_url"] = None
        if "max_retries" in overrides and "retry_policy" not in overrides:
            opts["retry_policy"] = None
        return type(self)(http_client=self._http, **opts)

    # -- I/O -----------------------------------------------------------------------------

    async def send_raw(self, op: Operation[Any]) -> httpx.Response:
        """Send ``op`` with retries and rate limiting; return the successful response."""
        attempt = 0
        while True:
            if self.rate_limiter is not None:
                await self.rate_limiter.acquire_async()
            request = self._request(self._http, op)
            started = time.perf_counter()
            try:
                response = await self._http.send(request, auth=self._auth)
            except httpx.TransportError as exc:
                delay = self._retry_after_error(op, attempt, exc)
                if delay is None:
                    raise self._wrap_transport_error(op, exc) from exc
                await self.clock.asleep(delay)
                attempt += 1
                continue
            self._log_response(op, response, started)
            if response.is_success:
                return response
            delay, retry_after = self._retry_after_failure(op, attempt, response)
            if delay is None:
                raise make_status_error(
                    response, route=op.label, retry_after=retry_after, secret=self._token
                )
            await self.clock.asleep(delay)
            attempt += 1

    async def send(self, op: Operation[T]) -> T:
        """Send ``op`` and decode the response into the route's model."""
        return self._decode(op, await self.send_raw(op))

    async def iter_pages(self, op: Operation[Page[T]]) -> AsyncIterator[Page[T]]:
        """Every page of a paged operation, lazily."""
        flow = paginate(op)
        current = next(flow)
        while True:
            page = await self.send(current)
            yield page
            try:
                current = flow.send(page)
            except StopIteration:
                return

    async def iter_items(
        self, op: Operation[Page[T]], *, max_items: int | None = None
    ) -> AsyncIterator[T]:
        """Every item of a paged operation, lazily, stopping after ``max_items`` if given."""
        if max_items is not None and max_items <= 0:
            return
        count = 0
        async for page in self.iter_pages(op):
            for item in page.items:
                yield item
                count += 1
                if max_items is not None and count >= max_items:
                    return

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Call a route the SDK does not model; returns the parsed JSON (Decimal floats)."""
        return await self.send(
            self.raw_operation(method, path, params=params, json=json, idempotent=idempotent)
        )

    async def aclose(self) -> None:
        """Close the connection pool (only when this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- resources (created on first use) ----------------------------------------------

    brands: _Resource[AsyncBrands] = _Resource("brands", "AsyncBrands")
    categories: _Resource[AsyncCategories] = _Resource("categories", "AsyncCategories")
    variations: _Resource[AsyncVariations] = _Resource("variations", "AsyncVariations")
    products: _Resource[AsyncProducts] = _Resource("products", "AsyncProducts")
    skus: _Resource[AsyncSkus] = _Resource("skus", "AsyncSkus")
    images: _Resource[AsyncImages] = _Resource("images", "AsyncImages")
    stocks: _Resource[AsyncStocks] = _Resource("stocks", "AsyncStocks")
    warehouses: _Resource[AsyncWarehouses] = _Resource("warehouses", "AsyncWarehouses")
    ads: _Resource[AsyncAds] = _Resource("ads", "AsyncAds")
    orders: _Resource[AsyncOrders] = _Resource("orders", "AsyncOrders")
    order_feed: _Resource[AsyncOrderFeed] = _Resource("feeds", "AsyncOrderFeed")
    transmission_feed: _Resource[AsyncTransmissionFeed] = _Resource(
        "feeds", "AsyncTransmissionFeed"
    )
    callbacks: _Resource[AsyncCallbacks] = _Resource("callbacks", "AsyncCallbacks")
    transmissions: _Resource[AsyncTransmissions] = _Resource("transmissions", "AsyncTransmissions")
    freight: _Resource[AsyncFreight] = _Resource("freight", "AsyncFreight")
    questions: _Resource[AsyncQuestions] = _Resource("questions", "AsyncQuestions")
    campaigns: _Resource[AsyncCampaigns] = _Resource("campaigns", "AsyncCampaigns")
    promotions: _Resource[AsyncPromotions] = _Resource("promotions", "AsyncPromotions")
    templates: _Resource[AsyncTemplates] = _Resource("templates", "AsyncTemplates")
    monitorings: _Resource[AsyncMonitorings] = _Resource("monitorings", "AsyncMonitorings")
    print_tags: _Resource[AsyncPrintTags] = _Resource("print_tags", "AsyncPrintTags")
    messages: _Resource[AsyncMessages] = _Resource("messages", "AsyncMessages")
    fulfillment: _Resource[AsyncFulfillment] = _Resource("fulfillment", "AsyncFulfillment")

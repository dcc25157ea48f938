"""``FakeAnymarket``: a stateful, in-memory ANYMARKET for tests and demos (no network).

::

    fake = FakeAnymarket()
    brand = fake.add_brand("Tramontina")
    with fake.client(strict=True) as am:
        assert am.brands.get(brand["id"]).name == "Tramontina"
    assert [str(c) for c in fake.calls] == [f"GET /brands/{brand['id']} -> 200"]

The fake answers like the real API where API_NOTES documents it: page envelopes with a
1-based ``page.number`` (and a ``next`` link even on the last page, as ANYMARKET does), bare
arrays for SKUs, images and the category tree, errors as ``{"code", "message"}`` in
Portuguese, HTTP 500 ``"Duplicidade de SKU: <partnerId>"``, SKU ``variations`` as a
name -> value map in requests and an array of value objects in responses.

Faults (``fail_next``, ``inject``), a request budget and latency sit in the dispatcher
(``handler``/``async_handler``, helpers in ``_faults``): see docs/testing.md.

Routes live in one table filled by the ``@route(method, path)`` decorator: a path is a regex
relative to the base URL in which ``{name}`` stands for a numeric id. Adding a resource means
adding decorated handler methods (``(self, req: FakeRequest) -> Reply``).
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final
from urllib.parse import urlencode

import attrs
import httpx

from .._client import Anymarket, AsyncAnymarket, normalise_base_url
from .._clock import Clock
from .._converter import dumps, loads
from .._jsonutil import as_array, as_object
from ._clock import ManualClock
from ._fake_commerce import CommerceRoutes
from ._fakecore import (
    DEFAULT_BASE_URL,
    DEFAULT_TOKEN,
    ID_BASES,
    JSON_PATCH,
    MERGE_PATCH,
    ROUTES,
    FakeAPIError,
    FakeRequest,
    JSONObj,
    RawBody,
    Reply,
    apply_json_patch,
    apply_merge_patch,
    as_id,
    clean,
    flag_field,
    invalid,
    is_json_type,
    json_ready,
    not_found,
    number_field,
    ref_id,
    required_text,
    route,
    text_field,
)
from ._faults import (
    REQUEST_BUDGET,
    Call,
    FaultKind,
    FaultRule,
    Faults,
    Outcome,
    Pick,
    RequestBudget,
    RouteSelector,
    error_response,
    http_status,
    lost_after_apply,
    lost_before_apply,
    malformed,
    never_sent,
    path_matcher,
    spoils_body,
    transport_error,
    truncated,
)

__all__ = ["Call", "FakeAPIError", "FakeAnymarket", "FakeRequest", "Reply", "route"]


# --- field sets ------------------------------------------------------------------------------

_PRODUCT_FIELDS: Final = (
    "title",
    "description",
    "externalIdProduct",
    "nbm",
    "origin",
    "model",
    "videoUrl",
    "gender",
    "warrantyTime",
    "warrantyText",
    "height",
    "width",
    "weight",
    "length",
    "priceFactor",
    "calculatedPrice",
    "definitionPriceScope",
    "hasVariations",
    "isProductActive",
    "allowAutomaticSkuMarketplaceCreation",
    "characteristics",
    "kitComponents",
)
_PRODUCT_EDITABLE: Final = (*_PRODUCT_FIELDS, "category", "brand")
_SKU_EDITABLE: Final = ("title", "partnerId", "ean", "price", "sellPrice", "externalId", "active")
"""What ``PUT``/``PATCH`` of a SKU changes; stock fields go through ``/stocks``."""
_SKU_PASSTHROUGH: Final = ("additionalTime", "stockLocalId", "additionalStocks", "volumes")
_CATEGORY_FIELDS: Final = ("priceFactor", "calculatedPrice", "definitionPriceScope")


@attrs.frozen
class _Incoming:
    """What the dispatcher reads from one request."""

    path: str
    query: dict[str, str]
    body: Any
    parse_error: bool
    in_base: bool
    authorised: bool
    now: float


class FakeAnymarket(CommerceRoutes):
    """An in-memory ANYMARKET account serving the catalogue routes of the API v2.

    ``client()``/``async_client()`` build SDK clients wired to it: ``transport`` (an
    ``httpx.MockTransport`` with a sync handler) and ``async_transport`` (an ``async``
    handler, which waits for latency without blocking the event loop). Every request that
    reaches the fake is appended to ``calls``. The builders (``add_brand``, ``add_category``,
    ``add_variation_type``, ``add_product``) change the state directly, without a call, and
    return the resource as a ``GET`` would.

    Beyond the routes (all optional):

    - ``clock``: the time the fake lives in (default a fresh ``ManualClock``, shared with
      the clients it builds, so their retry waits are virtual too). ``SystemClock()`` makes
      latency real.
    - ``latency``: seconds each answer takes (a number, or a callable of the
      ``httpx.Request``). On a clock with ``advance`` (``ManualClock``) the fake advances it
      without recording a sleep, so ``clock.sleeps`` keeps only the client's own waits.
    - ``request_budget``: the most requests accepted in any ``budget_window`` seconds
      (ANYMARKET: 5000 per hour and token); past it the fake answers 429 with
      ``Retry-After``.
    - ``seed``: the seed of ``faults`` (``fail_next``/``inject``), for reproducible chaos.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        base_url: str = DEFAULT_BASE_URL,
        *,
        clock: Clock | None = None,
        latency: float | Callable[[httpx.Request], float] = 0.0,
        request_budget: int | None = None,
        budget_window: float = 3600.0,
        seed: int | None = 0,
    ) -> None:
        self.token = token
        self.base_url = normalise_base_url(base_url)
        self._base_path = httpx.URL(self.base_url).path
        self.transport = httpx.MockTransport(self.handler)
        self.async_transport = httpx.MockTransport(self.async_handler)
        self.calls: list[Call] = []
        self._lock = threading.RLock()
        self.clock: Clock = clock if clock is not None else ManualClock()
        self.latency = latency
        self.faults = Faults(seed)
        self.budget: RequestBudget | None = (
            None if request_budget is None else RequestBudget(request_budget, budget_window)
        )
        self.in_flight = 0
        """Requests being answered right now (inside their latency, typically)."""
        self.max_in_flight = 0
        """The most requests ever in flight at once: a concurrency gauge for async tests."""
        self._counters: dict[str, int] = dict.fromkeys(ID_BASES, 0)
        self._brands: dict[int, JSONObj] = {}
        self._bindings: dict[tuple[int, str], str] = {}
        self._categories: dict[int, JSONObj] = {}
        self._groups: dict[int, JSONObj] = {}
        self._variations: dict[int, JSONObj] = {}
        self._products: dict[int, JSONObj] = {}
        self._sku_partner_ids: dict[str, int] = {}
        """SKU ``partnerId`` -> SKU id: the account-wide uniqueness index."""
        self._init_commerce()

    def __repr__(self) -> str:
        return f"FakeAnymarket(base_url={self.base_url!r}, calls={len(self.calls)})"

    # -- clients ---------------------------------------------------------------------------

    def _client_kwargs(
        self, kwargs: Mapping[str, Any], transport: httpx.MockTransport
    ) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "token": self.token,
            "base_url": self.base_url,
            "transport": transport,
            "rate_limiter": None,
            "max_retries": 0,
            "clock": self.clock,
        }
        if "environment" in kwargs:
            del kw["base_url"]
        if "http_client" in kwargs:
            del kw["transport"]
        kw.update(kwargs)
        return kw

    def client(self, **kwargs: Any) -> Anymarket:
        """An ``Anymarket`` talking to this fake (no rate limiter, no retries by default,
        the fake's ``clock``); ``kwargs`` override, e.g. ``max_retries=2``."""
        return Anymarket(**self._client_kwargs(kwargs, self.transport))

    def async_client(self, **kwargs: Any) -> AsyncAnymarket:
        """An ``AsyncAnymarket`` on ``async_transport`` (same defaults as ``client``)."""
        return AsyncAnymarket(**self._client_kwargs(kwargs, self.async_transport))

    @staticmethod
    def routes() -> list[tuple[str, str]]:
        """``(method, path regex)`` of every route the fake serves."""
        return [(r.method, r.pattern.pattern) for r in ROUTES]

    # -- faults, budget, calls -------------------------------------------------------------

    def fail_next(
        self,
        n: int = 1,
        status: int | None = None,
        *,
        kind: FaultKind | str | None = None,
        route: RouteSelector | Iterable[RouteSelector] | None = None,
        retry_after: int | None = 1,
        delay: float = 1.0,
    ) -> FaultRule:
        """Fail the next ``n`` matching requests: ``fake.faults.fail_next``."""
        with self._lock:
            return self.faults.fail_next(
                n, status, kind=kind, route=route, retry_after=retry_after, delay=delay
            )

    def inject(
        self,
        rate: float,
        kinds: Iterable[FaultKind | str | int] | None = None,
        routes: RouteSelector | Iterable[RouteSelector] | None = None,
        *,
        retry_after: int | None = 1,
        delay: float = 1.0,
    ) -> FaultRule:
        """Fail matching requests at random with probability ``rate``:
        ``fake.faults.inject``."""
        with self._lock:
            return self.faults.inject(rate, kinds, routes, retry_after=retry_after, delay=delay)

    def calls_to(self, method: str, path: str | re.Pattern[str]) -> list[Call]:
        """The recorded calls of ``method`` (``"*"``: any) on ``path``: a template such as
        ``"/products/{id}/skus"`` (``{name}`` matches one segment) or a regex matched
        against the whole path."""
        matcher = path_matcher(method, path)
        with self._lock:
            return [c for c in self.calls if matcher(c.method, c.path)]

    def reset_calls(self) -> list[Call]:
        """Forget the recorded calls (state, faults and budget stay); returns them."""
        with self._lock:
            calls, self.calls = self.calls, []
            return calls

    @property
    def latency(self) -> float | Callable[[httpx.Request], float]:
        """Seconds each answer takes: a number, or a callable of the ``httpx.Request``."""
        return self._latency_setting

    @latency.setter
    def latency(self, value: float | Callable[[httpx.Request], float]) -> None:
        if not callable(value):
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise ValueError(f"latency must be non-negative seconds, got {value!r}")
            value = float(value)
        self._latency_setting = value

    @property
    def budget_used(self) -> int:
        """Requests counted by the request budget in the current window (0 without one)."""
        with self._lock:
            return 0 if self.budget is None else self.budget.used(self.clock.monotonic())

    # -- dispatch --------------------------------------------------------------------------

    def handler(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (``transport``'s handler): waits on the clock for latency,
        then answers, or raises the httpx exception of a transport fault."""
        self._enter()
        try:
            self._wait(self._latency(request))
            with self._lock:
                outcome = self._handle(request)
            self._wait(outcome.delay)
        finally:
            self._leave()
        return outcome.deliver()

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (``async_transport``'s handler), awaiting latency with
        ``clock.asleep`` (``anyio.sleep`` on the ``SystemClock``)."""
        self._enter()
        try:
            await self._await(self._latency(request))
            with self._lock:
                outcome = self._handle(request)
            await self._await(outcome.delay)
        finally:
            self._leave()
        return outcome.deliver()

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _latency(self, request: httpx.Request) -> float:
        latency = self._latency_setting
        seconds = float(latency(request) if callable(latency) else latency)
        if not seconds >= 0:
            raise ValueError(f"latency must be non-negative seconds, got {seconds!r}")
        return seconds

    def _advance(self, seconds: float) -> bool:
        """Advance a virtual clock (one with ``advance``); ``False`` for a real one."""
        advance = getattr(self.clock, "advance", None)
        if not callable(advance):
            return False
        with self._lock:
            advance(seconds)
        return True

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and not self._advance(seconds):
            self.clock.sleep(seconds)

    async def _await(self, seconds: float) -> None:
        if seconds > 0 and not self._advance(seconds):
            await self.clock.asleep(seconds)

    def _handle(self, request: httpx.Request) -> Outcome:
        seen = self._incoming(request)
        pick = self.faults.choose(request.method, seen.path)
        early = self._before_apply(request, seen, pick)
        if early is not None:
            return early
        response = self._apply(request, seen)
        return self._after_apply(request, seen, pick, response)

    def _incoming(self, request: httpx.Request) -> _Incoming:
        content = request.content
        body: Any = None
        parse_error = False
        if content.strip() and is_json_type(request.headers.get("Content-Type", "")):
            try:
                body = loads(content)
            except ValueError:
                parse_error = True
        url = request.url
        in_base = str(url).startswith(self.base_url)
        return _Incoming(
            path="/" + url.path[len(self._base_path) :] if in_base else url.path,
            query={k: v for k, v in url.params.multi_items() if k != "gumgaToken"},
            body=body,
            parse_error=parse_error,
            in_base=in_base,
            authorised=(request.headers.get("gumgaToken") or url.params.get("gumgaToken"))
            == self.token,
            now=self.clock.monotonic(),
        )

    def _record(
        self,
        request: httpx.Request,
        seen: _Incoming,
        status: int,
        fault: str | None = None,
        error: BaseException | None = None,
    ) -> None:
        self.calls.append(
            Call(
                method=request.method,
                path=seen.path,
                query=seen.query,
                json=seen.body,
                content=request.content,
                status=status,
                content_type=request.headers.get("Content-Type", ""),
                fault=fault,
                error=None if error is None else type(error).__name__,
                at=seen.now,
            )
        )

    def _lose(self, request: httpx.Request, seen: _Incoming, pick: Pick, status: int) -> Outcome:
        """The connection fails (``status`` 0: before the fake answered)."""
        self.faults.consume(pick)
        error = transport_error(pick.kind, request)
        self._record(request, seen, status, pick.kind, error)
        return Outcome(error=error)

    def _before_apply(
        self, request: httpx.Request, seen: _Incoming, pick: Pick | None
    ) -> Outcome | None:
        """Faults that keep the request from the handler, and the request budget."""
        if pick is not None and never_sent(pick.kind):
            return self._lose(request, seen, pick, 0)
        if self.budget is not None and seen.authorised:
            wait = self.budget.refuse(seen.now)
            if wait is not None:
                self.faults.injected[REQUEST_BUDGET] += 1
                self._record(request, seen, 429, REQUEST_BUDGET)
                return Outcome(response=error_response(429, wait))
            self.budget.count(seen.now)
        if pick is None:
            return None
        status = http_status(pick.kind)
        if status is not None:
            self.faults.consume(pick)
            self._record(request, seen, status, pick.kind)
            return Outcome(response=error_response(status, pick.rule.retry_after))
        if lost_before_apply(pick.kind):
            return self._lose(request, seen, pick, 0)
        return None

    def _apply(self, request: httpx.Request, seen: _Incoming) -> httpx.Response:
        """The fake's own answer (the route handler runs)."""
        try:
            if not seen.authorised:
                raise FakeAPIError(401, "Token inválido")
            if not seen.in_base:
                raise FakeAPIError(404, "Recurso não encontrado.")
            if seen.parse_error:
                raise FakeAPIError(
                    400, "Não foi possível ler o corpo da requisição: JSON inválido."
                )
            status, payload = self._dispatch(request, seen.path, seen.query, seen.body)
        except FakeAPIError as exc:
            status, payload = exc.status, exc.body
        if payload is None:
            return httpx.Response(status)
        if isinstance(payload, RawBody):
            headers = {"Content-Type": payload.content_type}
            if payload.filename is not None:
                headers["Content-Disposition"] = f'attachment; filename="{payload.filename}"'
            return httpx.Response(status, content=payload.content, headers=headers)
        return httpx.Response(
            status,
            content=dumps(payload),
            headers={"Content-Type": "application/json;charset=UTF-8"},
        )

    def _after_apply(
        self,
        request: httpx.Request,
        seen: _Incoming,
        pick: Pick | None,
        response: httpx.Response,
    ) -> Outcome:
        """Faults that spoil or lose the fake's answer (the request was applied)."""
        status = response.status_code
        if pick is None:
            self._record(request, seen, status)
            return Outcome(response=response)
        if lost_after_apply(pick.kind):
            return self._lose(request, seen, pick, status)
        if spoils_body(pick.kind):
            if not (response.is_success and response.content.strip()):
                self._record(request, seen, status)  # nothing to spoil; fail_next waits
                return Outcome(response=response)
            self.faults.consume(pick)
            self._record(request, seen, status, pick.kind)
            spoil = malformed if pick.kind == FaultKind.MALFORMED_JSON else truncated
            return Outcome(
                response=httpx.Response(
                    status, content=spoil(response.content), headers=response.headers
                )
            )
        # FaultKind.SLOW: the real answer, late.
        self.faults.consume(pick)
        self._record(request, seen, status, pick.kind)
        return Outcome(response=response, delay=pick.rule.delay)

    def _dispatch(
        self, request: httpx.Request, path: str, query: Mapping[str, str], body: Any
    ) -> Reply:
        path_matched = False
        for r in ROUTES:
            match = r.pattern.fullmatch(path)
            if match is None:
                continue
            path_matched = True
            if r.method != request.method:
                continue
            req = FakeRequest(
                method=request.method,
                path=path,
                query=query,
                path_params=match.groupdict(),
                body=body,
                content_type=request.headers.get("Content-Type", ""),
                content=request.content,
            )
            return r.handler(self, req)
        if path_matched:
            raise FakeAPIError(405, f"Método {request.method} não suportado para {path}.")
        raise FakeAPIError(404, "Recurso não encontrado.")

    def _new_id(self, kind: str) -> int:
        self._counters[kind] += 1
        return ID_BASES[kind] + self._counters[kind]

    # -- pages -----------------------------------------------------------------------------

    @staticmethod
    def _query_int(req: FakeRequest, name: str, default: int) -> int:
        raw = req.query.get(name)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise FakeAPIError(
                400, f"O parâmetro '{name}' deve ser um número inteiro, recebido '{raw}'."
            ) from None

    def _page(
        self,
        req: FakeRequest,
        items: Sequence[JSONObj],
        render: Callable[[JSONObj], JSONObj] = copy.deepcopy,
    ) -> Reply:
        """The ANYMARKET page envelope over the stored ``items`` (offset/limit from the
        query); only the page's items are ``render``-ed."""
        offset = self._query_int(req, "offset", 0)
        limit = self._query_int(req, "limit", 5)
        if offset < 0:
            raise FakeAPIError(400, "O parâmetro 'offset' deve ser maior ou igual a 0.")
        if not 5 <= limit <= 100:
            raise FakeAPIError(
                400, f"O parâmetro 'limit' deve estar entre 5 e 100, recebido {limit}."
            )
        total = len(items)

        def href(at: int) -> str:
            params = {**req.query, "limit": str(limit), "offset": str(at)}
            return f"{self.base_url}{req.path.lstrip('/')}?{urlencode(params)}"

        links: list[JSONObj] = []
        if offset > 0:
            links.append({"rel": "prev", "href": href(max(0, offset - limit))})
        # Like ANYMARKET, a "next" link comes even with the last page (API_NOTES §2.1).
        links.append({"rel": "next", "href": href(offset + limit)})
        return 200, {
            "links": links,
            "content": [render(item) for item in items[offset : offset + limit]],
            "page": {
                "size": limit,
                "totalElements": total,
                "totalPages": -(-total // limit),
                "number": offset // limit + 1,
            },
        }

    # -- brands ----------------------------------------------------------------------------

    def _brand(self, brand_id: int) -> JSONObj:
        brand = self._brands.get(brand_id)
        if brand is None:
            raise not_found(brand_id)
        return brand

    @staticmethod
    def _brand_fields(body: Mapping[str, Any]) -> JSONObj:
        return clean(
            {
                "name": required_text(body, "name", max_len=255),
                "reducedName": text_field(
                    body,
                    "reducedName",
                    max_len=30,
                    too_long="O nome reduzido deve ter no máximo 30 caracteres.",
                ),
                "partnerId": text_field(body, "partnerId", max_len=255),
            }
        )

    def _create_brand(self, body: Mapping[str, Any]) -> JSONObj:
        fields = self._brand_fields(body)
        brand = {"id": self._new_id("brand"), **fields}
        self._brands[brand["id"]] = brand
        return copy.deepcopy(brand)

    @route("GET", "/brands")
    def _list_brands(self, req: FakeRequest) -> Reply:
        name = req.query.get("name", "").casefold()
        partner_id = req.query.get("partnerId")
        items = [
            b
            for b in self._brands.values()
            if name in b["name"].casefold()
            and (partner_id is None or b.get("partnerId") == partner_id)
        ]
        return self._page(req, items)

    @route("POST", "/brands")
    def _post_brand(self, req: FakeRequest) -> Reply:
        return 200, self._create_brand(req.object_body())

    @route("GET", "/brands/{id}")
    def _get_brand(self, req: FakeRequest) -> Reply:
        return 200, copy.deepcopy(self._brand(req.id()))

    @route("PUT", "/brands/{id}")
    def _put_brand(self, req: FakeRequest) -> Reply:
        brand_id = req.id()
        self._brand(brand_id)
        brand = {"id": brand_id, **self._brand_fields(req.object_body())}
        self._brands[brand_id] = brand
        return 200, copy.deepcopy(brand)

    @route("DELETE", "/brands/{id}")
    def _delete_brand(self, req: FakeRequest) -> Reply:
        brand_id = req.id()
        self._brand(brand_id)
        if any(p["brand"]["id"] == brand_id for p in self._products.values()):
            raise invalid("A marca possui produtos vinculados e não pode ser excluída.")
        del self._brands[brand_id]
        for key in [k for k in self._bindings if k[0] == brand_id]:
            del self._bindings[key]
        return 204, None

    @staticmethod
    def _marketplace(req: FakeRequest) -> str:
        mp = req.path_params["marketplace"]
        if not re.fullmatch(r"[A-Z0-9_]+", mp):
            raise FakeAPIError(
                400,
                "O campo 'marketplace' na url está em formato incorreto, deve estar em caixa alta.",
            )
        return mp

    @route("GET", r"/brands/{id}/marketplace/(?P<marketplace>[^/]+)")
    def _get_brand_in_marketplace(self, req: FakeRequest) -> Reply:
        brand = self._brand(req.id())
        mp = self._marketplace(req)
        code = self._bindings.get((brand["id"], mp))
        if code is None:
            raise FakeAPIError(
                404, f"A marca com o id '{brand['id']}' não está vinculada ao marketplace {mp}."
            )
        return 200, {"codeInMarketplace": code, "name": brand["name"]}

    @route("POST", r"/brands/{id}/bind/(?P<marketplace>[^/]+)")
    def _bind_brand(self, req: FakeRequest) -> Reply:
        return self._bind(req, rebind=False)

    @route("PUT", r"/brands/{id}/bind/(?P<marketplace>[^/]+)")
    def _rebind_brand(self, req: FakeRequest) -> Reply:
        return self._bind(req, rebind=True)

    def _bind(self, req: FakeRequest, *, rebind: bool) -> Reply:
        brand = self._brand(req.id())
        mp = self._marketplace(req)
        code = required_text(req.object_body(), "codeInMarketplace")
        key = (brand["id"], mp)
        if rebind and key not in self._bindings:
            raise FakeAPIError(
                404, f"A marca com o id '{brand['id']}' não está vinculada ao marketplace {mp}."
            )
        if not rebind and key in self._bindings:
            raise invalid(f"A marca já está vinculada ao marketplace {mp}.")
        self._bindings[key] = code
        return 200, {"marketPlace": mp, "id": brand["id"], "codeInMarketplace": code}

    # -- categories ------------------------------------------------------------------------

    def _category(self, category_id: int) -> JSONObj:
        category = self._categories.get(category_id)
        if category is None:
            raise not_found(category_id)
        return category

    def _category_path(self, category_id: int) -> str:
        names: list[str] = []
        current: int | None = category_id
        while current is not None:
            category = self._categories[current]
            names.append(category["name"])
            current = category.get("parentId")
        return "/".join(reversed(names))

    def _children(self, category_id: int) -> list[int]:
        return [c["id"] for c in self._categories.values() if c.get("parentId") == category_id]

    def _category_json(self, category_id: int, *, tree: bool) -> JSONObj:
        c = self._categories[category_id]
        parent_id = c.get("parentId")
        parent = None
        if parent_id is not None:
            parent = clean(
                {"id": parent_id, "partnerId": self._categories[parent_id].get("partnerId")}
            )
        out = clean(
            {
                "id": c["id"],
                "name": c["name"],
                "partnerId": c.get("partnerId"),
                **{k: c.get(k) for k in _CATEGORY_FIELDS},
                "parent": parent,
                "path": self._category_path(category_id),
            }
        )
        if tree:
            out["children"] = [
                self._category_json(child, tree=True) for child in self._children(category_id)
            ]
        return out

    def _category_fields(self, body: Mapping[str, Any], category_id: int | None) -> JSONObj:
        fields = clean(
            {
                "name": required_text(body, "name", max_len=80),
                "partnerId": text_field(body, "partnerId", max_len=80),
                "priceFactor": number_field(body, "priceFactor"),
                "calculatedPrice": flag_field(body, "calculatedPrice"),
                "definitionPriceScope": text_field(body, "definitionPriceScope"),
            }
        )
        parent_id = ref_id(body, "parent", required=False)
        if parent_id is not None:
            if parent_id not in self._categories:
                raise invalid(f"Categoria pai com o id '{parent_id}' não encontrada.")
            ancestor: int | None = parent_id
            while ancestor is not None:
                if ancestor == category_id:
                    raise invalid("Uma categoria não pode ser descendente de si mesma.")
                ancestor = self._categories[ancestor].get("parentId")
            fields["parentId"] = parent_id
        return fields

    def _create_category(self, body: Mapping[str, Any]) -> JSONObj:
        fields = self._category_fields(body, None)
        category_id = self._new_id("category")
        self._categories[category_id] = {"id": category_id, **fields}
        return self._category_json(category_id, tree=True)

    @route("GET", "/categories")
    def _list_categories(self, req: FakeRequest) -> Reply:
        partner_id = req.query.get("partnerId")
        items = [
            c
            for c in self._categories.values()
            if c.get("parentId") is None
            and (partner_id is None or c.get("partnerId") == partner_id)
        ]
        return self._page(req, items, lambda c: self._category_json(c["id"], tree=False))

    @route("POST", "/categories")
    def _post_category(self, req: FakeRequest) -> Reply:
        return 200, self._create_category(req.object_body())

    @route("GET", "/categories/fullPath")
    def _full_path(self, req: FakeRequest) -> Reply:
        roots = [c["id"] for c in self._categories.values() if c.get("parentId") is None]
        return 200, [self._category_json(root, tree=True) for root in roots]

    @route("GET", "/categories/{id}")
    def _get_category(self, req: FakeRequest) -> Reply:
        return 200, self._category_json(self._category(req.id())["id"], tree=True)

    @route("PUT", "/categories/{id}")
    def _put_category(self, req: FakeRequest) -> Reply:
        category_id = self._category(req.id())["id"]
        fields = self._category_fields(req.object_body(), category_id)
        self._categories[category_id] = {"id": category_id, **fields}
        return 200, self._category_json(category_id, tree=True)

    @route("DELETE", "/categories/{id}")
    def _delete_category(self, req: FakeRequest) -> Reply:
        category_id = self._category(req.id())["id"]
        if self._children(category_id):
            raise invalid("A categoria possui subcategorias e não pode ser excluída.")
        if any(p["category"]["id"] == category_id for p in self._products.values()):
            raise invalid("A categoria possui produtos vinculados e não pode ser excluída.")
        del self._categories[category_id]
        for group in self._groups.values():
            group["categories"] = [c for c in group["categories"] if c != category_id]
        return 204, None

    # -- characteristic groups -------------------------------------------------------------

    def _group(self, group_id: int) -> JSONObj:
        group = self._groups.get(group_id)
        if group is None:
            raise not_found(group_id)
        return group

    def _group_json(self, group: JSONObj) -> JSONObj:
        return {
            "id": group["id"],
            "name": group["name"],
            "characteristics": copy.deepcopy(group["characteristics"]),
            "categories": [
                {"id": c, "name": self._categories[c]["name"], "path": self._category_path(c)}
                for c in group["categories"]
            ],
        }

    def _group_fields(self, body: Mapping[str, Any]) -> JSONObj:
        name = required_text(body, "name")
        characteristics: list[JSONObj] = []
        for raw in as_array(body.get("characteristics")) or []:
            item = as_object(raw) or {}
            index = as_id(item.get("index"))
            if index is None:
                raise invalid("O campo 'characteristics.index' é obrigatório.")
            mps: list[JSONObj] = []
            for raw_mp in as_array(item.get("characteristicItemMarketPlaces")) or []:
                mp = as_object(raw_mp) or {}
                mps.append(
                    clean(
                        {
                            "id": as_id(mp.get("id")) or self._new_id("characteristic"),
                            "marketPlace": required_text(mp, "marketPlace"),
                            "idInMarketplace": text_field(mp, "idInMarketplace"),
                            "required": bool(flag_field(mp, "required")),
                        }
                    )
                )
            characteristics.append(
                clean(
                    {
                        "id": as_id(item.get("id")) or self._new_id("characteristic"),
                        "index": index,
                        "name": text_field(item, "name"),
                        "characteristicItemMarketPlaces": mps,
                    }
                )
            )
        categories: list[int] = []
        for raw in as_array(body.get("categories")) or []:
            category_id = as_id((as_object(raw) or {}).get("id"))
            if category_id is None or category_id not in self._categories:
                raise invalid(f"Categoria com o id '{category_id}' não encontrada.")
            categories.append(category_id)
        return {"name": name, "characteristics": characteristics, "categories": categories}

    @route("GET", "/categories/characteristics/groups/{id}")
    def _get_group(self, req: FakeRequest) -> Reply:
        return 200, self._group_json(self._group(req.id()))

    @route("POST", "/categories/characteristics/groups/{id}")
    def _post_group(self, req: FakeRequest) -> Reply:
        # The path carries an id the API does not use on create: a new id is assigned.
        fields = self._group_fields(req.object_body())
        group = {"id": self._new_id("group"), **fields}
        self._groups[group["id"]] = group
        return 200, self._group_json(group)

    @route("PUT", "/categories/characteristics/groups/{id}")
    def _put_group(self, req: FakeRequest) -> Reply:
        group_id = self._group(req.id())["id"]
        group = {"id": group_id, **self._group_fields(req.object_body())}
        self._groups[group_id] = group
        return 200, self._group_json(group)

    @route("DELETE", "/categories/characteristics/groups/{id}")
    def _delete_group(self, req: FakeRequest) -> Reply:
        del self._groups[self._group(req.id())["id"]]
        return 204, None

    # -- variation types and values --------------------------------------------------------

    def _variation(self, type_id: int) -> JSONObj:
        vt = self._variations.get(type_id)
        if vt is None:
            raise not_found(type_id)
        return vt

    def _value(self, type_id: int, value_id: int) -> JSONObj:
        values: list[JSONObj] = self._variation(type_id)["values"]
        for value in values:
            if value["id"] == value_id:
                return value
        raise not_found(value_id)

    def _new_value(self, body: Mapping[str, Any]) -> JSONObj:
        fields = clean(
            {
                "description": required_text(body, "description", max_len=4000),
                "partnerId": text_field(body, "partnerId", max_len=100),
            }
        )
        return {"id": self._new_id("value"), **fields}

    def _create_variation(self, body: Mapping[str, Any]) -> JSONObj:
        fields = clean(
            {
                "name": required_text(body, "name", max_len=200),
                "partnerId": text_field(body, "partnerId"),
                "visualVariation": bool(flag_field(body, "visualVariation")),
            }
        )
        raw_values = [as_object(v) or {} for v in as_array(body.get("values")) or []]
        for raw in raw_values:
            required_text(raw, "description", max_len=4000)
        vt: JSONObj = {"id": self._new_id("variation"), **fields, "values": []}
        vt["values"] = [self._new_value(raw) for raw in raw_values]
        self._variations[vt["id"]] = vt
        return copy.deepcopy(vt)

    def _variation_in_use(self, type_id: int, value_id: int | None = None) -> bool:
        return any(
            ref[0] == type_id and (value_id is None or ref[1] == value_id)
            for p in self._products.values()
            for sku in p["skus"]
            for ref in sku["variations"]
        )

    @route("GET", "/variations")
    def _list_variations(self, req: FakeRequest) -> Reply:
        name = req.query.get("name", "").casefold()
        partner_id = req.query.get("partnerId")
        items = [
            vt
            for vt in self._variations.values()
            if name in vt["name"].casefold()
            and (partner_id is None or vt.get("partnerId") == partner_id)
        ]
        return self._page(req, items)

    @route("POST", "/variations")
    def _post_variation(self, req: FakeRequest) -> Reply:
        return 200, self._create_variation(req.object_body())

    @route("GET", "/variations/{id}")
    def _get_variation(self, req: FakeRequest) -> Reply:
        return 200, copy.deepcopy(self._variation(req.id()))

    @route("PUT", "/variations/{id}")
    def _put_variation(self, req: FakeRequest) -> Reply:
        vt = self._variation(req.id())
        body = req.object_body()
        fields = clean(
            {
                "name": required_text(body, "name", max_len=200),
                "partnerId": text_field(body, "partnerId", max_len=40),
                "visualVariation": bool(flag_field(body, "visualVariation")),
            }
        )
        vt.pop("partnerId", None)
        vt.update(fields)  # values change only through their own routes
        return 200, copy.deepcopy(vt)

    @route("DELETE", "/variations/{id}")
    def _delete_variation(self, req: FakeRequest) -> Reply:
        type_id = self._variation(req.id())["id"]
        if self._variation_in_use(type_id):
            raise FakeAPIError(
                400, "O tipo de variação está em uso por SKUs e não pode ser excluído."
            )
        del self._variations[type_id]
        return 204, None

    @route("GET", "/variations/{typeId}/values")
    def _list_values(self, req: FakeRequest) -> Reply:
        partner_id = req.query.get("partnerId")
        values = self._variation(req.id("typeId"))["values"]
        items = [v for v in values if partner_id is None or v.get("partnerId") == partner_id]
        return self._page(req, items)

    @route("POST", "/variations/{typeId}/values")
    def _post_value(self, req: FakeRequest) -> Reply:
        vt = self._variation(req.id("typeId"))
        value = self._new_value(req.object_body())
        vt["values"].append(value)
        return 200, copy.deepcopy(value)

    @route("GET", "/variations/{typeId}/values/{valueId}")
    def _get_value(self, req: FakeRequest) -> Reply:
        return 200, copy.deepcopy(self._value(req.id("typeId"), req.id("valueId")))

    @route("PUT", "/variations/{typeId}/values/{valueId}")
    def _put_value(self, req: FakeRequest) -> Reply:
        value = self._value(req.id("typeId"), req.id("valueId"))
        body = req.object_body()
        description = required_text(body, "description", max_len=4000)
        partner_id = text_field(body, "partnerId", max_len=100)
        value.pop("partnerId", None)
        value.update(clean({"description": description, "partnerId": partner_id}))
        return 200, copy.deepcopy(value)

    @route("DELETE", "/variations/{typeId}/values/{valueId}")
    def _delete_value(self, req: FakeRequest) -> Reply:
        type_id = req.id("typeId")
        value = self._value(type_id, req.id("valueId"))
        if self._variation_in_use(type_id, value["id"]):
            raise FakeAPIError(
                400, "O valor de variação está em uso por SKUs e não pode ser excluído."
            )
        vt = self._variations[type_id]
        vt["values"] = [v for v in vt["values"] if v["id"] != value["id"]]
        return 204, None

    def _resolve_variations(self, raw: Any) -> list[tuple[int, int]]:
        """A request's ``{"Cor": "Azul"}`` as (type id, value id) pairs, looked up by type
        name and value description; both must exist (422 otherwise)."""
        if raw is None:
            return []
        mapping = as_object(raw)
        if mapping is None:
            raise invalid("O campo 'variations' deve ser um objeto {tipo: valor}.")
        refs: list[tuple[int, int]] = []
        for type_name, description in mapping.items():
            vt = next((v for v in self._variations.values() if v["name"] == type_name), None)
            if vt is None:
                raise invalid(f"Tipo de variação '{type_name}' não encontrado.")
            value = next((v for v in vt["values"] if v["description"] == description), None)
            if value is None:
                raise invalid(
                    f"Valor de variação '{description}' não encontrado para o tipo '{type_name}'."
                )
            refs.append((vt["id"], value["id"]))
        return refs

    # -- products --------------------------------------------------------------------------

    def _product(self, product_id: int) -> JSONObj:
        product = self._products.get(product_id)
        if product is None:
            raise not_found(product_id)
        return product

    def _product_fields(self, body: Mapping[str, Any]) -> JSONObj:
        """A product's own fields (everything but id, SKUs and images), checked."""
        fields: JSONObj = {k: copy.deepcopy(body[k]) for k in _PRODUCT_FIELDS if k in body}
        fields = clean(fields)
        fields["title"] = required_text(body, "title", max_len=150)
        text_field(body, "description", max_len=10000)
        category_id = ref_id(body, "category", required=True)
        if category_id not in self._categories:
            raise invalid(f"Categoria com o id '{category_id}' não encontrada.")
        brand_id = ref_id(body, "brand", required=True)
        if brand_id not in self._brands:
            raise invalid(f"Marca com o id '{brand_id}' não encontrada.")
        fields["category"] = {"id": category_id}
        fields["brand"] = {"id": brand_id}
        return fields

    def _editable_product(self, product: JSONObj) -> JSONObj:
        return {k: copy.deepcopy(product[k]) for k in _PRODUCT_EDITABLE if k in product}

    def _product_json(self, product: JSONObj) -> JSONObj:
        out: JSONObj = {"id": product["id"]}
        out.update((k, copy.deepcopy(product[k])) for k in _PRODUCT_FIELDS if k in product)
        category_id = product["category"]["id"]
        category = self._categories[category_id]
        out["category"] = clean(
            {
                "id": category_id,
                "name": category["name"],
                "partnerId": category.get("partnerId"),
                "path": self._category_path(category_id),
            }
        )
        out["brand"] = copy.deepcopy(self._brands[product["brand"]["id"]])
        out["images"] = [self._image_json(i) for i in self._sorted_images(product)]
        out["skus"] = [self._sku_json(s) for s in product["skus"]]
        return out

    def _sku_partner_owner(self, partner_id: str) -> int | None:
        return self._sku_partner_ids.get(partner_id)

    def _index_sku(self, sku: JSONObj, old_partner_id: str | None = None) -> None:
        if old_partner_id is not None and self._sku_partner_ids.get(old_partner_id) == sku["id"]:
            del self._sku_partner_ids[old_partner_id]
        if sku.get("partnerId") is not None:
            self._sku_partner_ids[sku["partnerId"]] = sku["id"]

    def _check_partner_id(self, partner_id: str | None, sku_id: int | None) -> None:
        if partner_id is None:
            return
        owner = self._sku_partner_owner(partner_id)
        if owner is not None and owner != sku_id:
            raise FakeAPIError(500, f"Duplicidade de SKU: {partner_id}")

    def _new_sku_fields(self, body: Mapping[str, Any], *, in_product: bool) -> JSONObj:
        """A SKU from a create request, without id (variations resolved to ids)."""
        sku = self._sku_editable_fields(body, partner_required=in_product)
        sku["amount"] = number_field(body, "amount", required=not in_product) or 0
        sku.update(clean({k: copy.deepcopy(body.get(k)) for k in _SKU_PASSTHROUGH}))
        sku.setdefault("active", True)
        sku["variations"] = self._resolve_variations(body.get("variations"))
        return sku

    @staticmethod
    def _sku_editable_fields(body: Mapping[str, Any], *, partner_required: bool) -> JSONObj:
        price = number_field(body, "price", required=True)
        if price == 0:
            raise invalid("O campo 'price' deve ser maior que zero.")
        return clean(
            {
                "title": required_text(body, "title", max_len=150),
                "partnerId": text_field(body, "partnerId", required=partner_required, max_len=120),
                "ean": text_field(body, "ean", max_len=13),
                "price": price,
                "sellPrice": number_field(body, "sellPrice"),
                "externalId": text_field(body, "externalId", max_len=100),
                "active": flag_field(body, "active"),
            }
        )

    def _image_fields(self, body: Mapping[str, Any]) -> JSONObj:
        url = required_text(body, "url")
        if not url.startswith(("http://", "https://")):
            raise invalid(f"A URL da imagem '{url}' é inválida.")
        index = body.get("index")
        if index is not None and (as_id(index) is None or as_id(index) == 0):
            raise invalid("O campo 'index' deve ser um número inteiro a partir de 1.")
        return clean(
            {
                "url": url,
                "index": as_id(index),
                "main": flag_field(body, "main"),
                "variation": text_field(body, "variation"),
            }
        )

    def _create_product(self, body: Mapping[str, Any]) -> JSONObj:
        fields = self._product_fields(body)
        raw_skus = [as_object(s) or {} for s in as_array(body.get("skus")) or []]
        if not raw_skus:
            raise invalid("O produto deve ter ao menos um SKU.")
        skus = [self._new_sku_fields(raw, in_product=True) for raw in raw_skus]
        seen: set[str] = set()
        for sku in skus:
            partner_id = sku["partnerId"]
            if partner_id in seen:
                raise FakeAPIError(500, f"Duplicidade de SKU: {partner_id}")
            self._check_partner_id(partner_id, None)
            seen.add(partner_id)
        has_variations = fields.get("hasVariations")
        if has_variations is None:
            has_variations = any(s["variations"] for s in skus)
        if has_variations:
            for sku in skus:
                if not sku["variations"]:
                    raise invalid(
                        f"O SKU '{sku['partnerId']}' precisa de variações: "
                        "o produto possui variações."
                    )
        images = [
            self._image_fields(as_object(i) or {}) for i in as_array(body.get("images")) or []
        ]
        if sum(bool(i.get("main")) for i in images) > 1:
            raise invalid("Apenas uma imagem pode ser a principal.")
        fields.update(hasVariations=has_variations)
        fields.setdefault("isProductActive", True)
        fields.setdefault("allowAutomaticSkuMarketplaceCreation", True)
        # Everything is valid: only now are ids assigned.
        product: JSONObj = {"id": self._new_id("product"), **fields, "skus": [], "images": []}
        for new_sku in skus:
            sku = {"id": self._new_id("sku"), **new_sku}
            product["skus"].append(sku)
            self._index_sku(sku)
        for image in images:
            self._place_image(product, image)
        self._products[product["id"]] = product
        return self._product_json(product)

    @route("GET", "/products")
    def _list_products(self, req: FakeRequest) -> Reply:
        sku_filter = req.query.get("sku")
        external_id = req.query.get("externalId")

        def keep(p: JSONObj) -> bool:
            if sku_filter is not None and not any(
                s.get("partnerId") == sku_filter for s in p["skus"]
            ):
                return False
            return external_id is None or (
                p.get("externalIdProduct") == external_id
                or any(s.get("externalId") == external_id for s in p["skus"])
            )

        items = [p for p in self._products.values() if keep(p)]
        return self._page(req, items, self._product_json)

    @route("POST", "/products")
    def _post_product(self, req: FakeRequest) -> Reply:
        return 201, self._create_product(req.object_body())

    @route("GET", "/products/{id}")
    def _get_product(self, req: FakeRequest) -> Reply:
        return 200, self._product_json(self._product(req.id()))

    def _replace_product_fields(self, product: JSONObj, body: Mapping[str, Any]) -> Reply:
        fields = self._product_fields(body)
        for key in _PRODUCT_EDITABLE:
            product.pop(key, None)
        product.update(fields)
        return 200, self._product_json(product)

    @route("PUT", "/products/{id}")
    def _put_product(self, req: FakeRequest) -> Reply:
        # Replaces the product's own fields; SKUs and images keep (they have their own routes).
        return self._replace_product_fields(self._product(req.id()), req.object_body())

    @route("PATCH", "/products/{id}")
    def _merge_patch_product(self, req: FakeRequest) -> Reply:
        req.require_content_type(MERGE_PATCH)
        product = self._product(req.id())
        patch = {k: v for k, v in req.object_body().items() if k in _PRODUCT_EDITABLE}
        merged = apply_merge_patch(self._editable_product(product), patch)
        return self._replace_product_fields(product, merged)

    @route("PATCH", "/products/patch/{productId}")
    def _json_patch_product(self, req: FakeRequest) -> Reply:
        req.require_content_type(JSON_PATCH)
        product = self._product(req.id("productId"))
        patched = apply_json_patch(self._editable_product(product), req.body, _PRODUCT_EDITABLE)
        return self._replace_product_fields(product, patched)

    # -- SKUs ------------------------------------------------------------------------------

    def _sku(self, req: FakeRequest) -> JSONObj:
        product = self._product(req.id("productId"))
        sku_id = req.id("skuId")
        skus: list[JSONObj] = product["skus"]
        for sku in skus:
            if sku["id"] == sku_id:
                return sku
        raise not_found(sku_id)

    def _sku_json(self, sku: JSONObj) -> JSONObj:
        out = {k: copy.deepcopy(v) for k, v in sku.items() if k != "variations"}
        details: list[JSONObj] = []
        for type_id, value_id in sku["variations"]:
            vt = self._variations[type_id]
            value = next(v for v in vt["values"] if v["id"] == value_id)
            vtype = clean(
                {
                    "id": type_id,
                    "name": vt["name"],
                    "partnerId": vt.get("partnerId"),
                    "visualVariation": vt.get("visualVariation", False),
                }
            )
            details.append(
                clean(
                    {
                        "id": value_id,
                        "description": value["description"],
                        "partnerId": value.get("partnerId"),
                        "type": vtype,
                    }
                )
            )
        if details:
            out["variations"] = details
        return out

    def _update_sku(self, sku: JSONObj, body: Mapping[str, Any]) -> Reply:
        """Replace the SKU's editable fields from a complete ``body`` (PUT and PATCHes)."""
        fields = self._sku_editable_fields(body, partner_required=False)
        self._check_partner_id(fields.get("partnerId"), sku["id"])
        variations = (
            self._resolve_variations(body["variations"]) if body.get("variations") else None
        )
        old_partner_id = sku.get("partnerId")
        for key in _SKU_EDITABLE:
            sku.pop(key, None)
        sku.update(fields)
        self._index_sku(sku, old_partner_id)
        if variations is not None:
            sku["variations"] = variations
        return 200, self._sku_json(sku)

    def _editable_sku(self, sku: JSONObj) -> JSONObj:
        return {k: copy.deepcopy(sku[k]) for k in _SKU_EDITABLE if k in sku}

    @route("GET", "/products/{productId}/skus")
    def _list_skus(self, req: FakeRequest) -> Reply:
        product = self._product(req.id("productId"))
        return 200, [self._sku_json(s) for s in product["skus"]]

    @route("POST", "/products/{productId}/skus")
    def _post_sku(self, req: FakeRequest) -> Reply:
        product = self._product(req.id("productId"))
        fields = self._new_sku_fields(req.object_body(), in_product=False)
        self._check_partner_id(fields.get("partnerId"), None)
        sku = {"id": self._new_id("sku"), **fields}
        product["skus"].append(sku)
        self._index_sku(sku)
        return 200, self._sku_json(sku)

    @route("GET", "/products/{productId}/skus/{skuId}")
    def _get_sku(self, req: FakeRequest) -> Reply:
        return 200, self._sku_json(self._sku(req))

    @route("PUT", "/products/{productId}/skus/{skuId}")
    def _put_sku(self, req: FakeRequest) -> Reply:
        return self._update_sku(self._sku(req), req.object_body())

    @route("PATCH", "/products/{productId}/skus/{skuId}")
    def _merge_patch_sku(self, req: FakeRequest) -> Reply:
        req.require_content_type(MERGE_PATCH)
        sku = self._sku(req)
        patch = {k: v for k, v in req.object_body().items() if k in _SKU_EDITABLE}
        return self._update_sku(sku, apply_merge_patch(self._editable_sku(sku), patch))

    @route("PATCH", "/products/{productId}/skus/patch/{skuId}")
    def _json_patch_sku(self, req: FakeRequest) -> Reply:
        req.require_content_type(JSON_PATCH)
        sku = self._sku(req)
        return self._update_sku(
            sku, apply_json_patch(self._editable_sku(sku), req.body, _SKU_EDITABLE)
        )

    # -- images ----------------------------------------------------------------------------

    @staticmethod
    def _sorted_images(product: JSONObj) -> list[JSONObj]:
        return sorted(product["images"], key=lambda i: int(i["index"]))

    @staticmethod
    def _image_json(image: JSONObj) -> JSONObj:
        url = image["url"]
        return {
            **copy.deepcopy(image),
            "status": "PROCESSED",
            "originalImage": url,
            "standardUrl": url,
            "thumbnailUrl": url,
            "lowResolutionUrl": url,
        }

    def _place_image(self, product: JSONObj, fields: JSONObj) -> JSONObj:
        """Insert an image at its ``index`` (default: last), shifting the ones after it; the
        first image becomes main when none is."""
        images: list[JSONObj] = product["images"]
        index = min(int(fields.get("index") or len(images) + 1), len(images) + 1)
        for other in images:
            if other["index"] >= index:
                other["index"] += 1
        image = {
            "id": self._new_id("image"),
            **fields,
            "index": index,
            "main": bool(fields.get("main")),
        }
        images.append(image)
        if not any(i["main"] for i in images):
            self._sorted_images(product)[0]["main"] = True
        return image

    def _image(self, product: JSONObj, image_id: int) -> JSONObj:
        images: list[JSONObj] = product["images"]
        for image in images:
            if image["id"] == image_id:
                return image
        raise not_found(image_id)

    @route("GET", "/products/{productId}/images")
    def _list_images(self, req: FakeRequest) -> Reply:
        product = self._product(req.id("productId"))
        return 200, [self._image_json(i) for i in self._sorted_images(product)]

    @route("POST", "/products/{productId}/images")
    def _post_image(self, req: FakeRequest) -> Reply:
        product = self._product(req.id("productId"))
        fields = self._image_fields(req.object_body())
        if fields.get("main") and any(i["main"] for i in product["images"]):
            raise invalid("O produto já possui uma imagem principal.")
        return 200, self._image_json(self._place_image(product, fields))

    @route("PUT", "/products/{productId}/images")
    def _put_image(self, req: FakeRequest) -> Reply:
        """Reorder: an index above the image count is ignored, an index held by another image
        swaps the two; ``main: true`` takes the flag from the previous main image. Answers
        200 without a body."""
        product = self._product(req.id("productId"))
        body = req.object_body()
        image_id = as_id(body.get("id"))
        if image_id is None:
            raise invalid("O campo 'id' é obrigatório.")
        image = self._image(product, image_id)
        index = as_id(body.get("index"))
        if index is None or index < 1:
            raise invalid("O campo 'index' é obrigatório (a partir de 1).")
        if index <= len(product["images"]):
            for other in product["images"]:
                if other["index"] == index:
                    other["index"] = image["index"]
            image["index"] = index
        main = flag_field(body, "main")
        if main:
            for other in product["images"]:
                other["main"] = False
        if main is not None:
            image["main"] = main
        url = text_field(body, "url")
        if url is not None:
            image["url"] = url
        return 200, None  # the export documents no body

    @route("GET", "/products/{productId}/images/{imageId}")
    def _get_image(self, req: FakeRequest) -> Reply:
        product = self._product(req.id("productId"))
        return 200, self._image_json(self._image(product, req.id("imageId")))

    @route("DELETE", "/products/{productId}/images/{imageId}")
    def _delete_image(self, req: FakeRequest) -> Reply:
        product = self._product(req.id("productId"))
        image = self._image(product, req.id("imageId"))
        product["images"] = [i for i in product["images"] if i["id"] != image["id"]]
        for position, other in enumerate(self._sorted_images(product), start=1):
            other["index"] = position
        if product["images"] and not any(i["main"] for i in product["images"]):
            self._sorted_images(product)[0]["main"] = True
        return 204, None

    # -- builders --------------------------------------------------------------------------

    def add_brand(
        self, name: str, *, reduced_name: str | None = None, partner_id: str | None = None
    ) -> JSONObj:
        """Store a brand; returns it as ``GET /brands/{id}`` would."""
        with self._lock:
            return self._create_brand(
                clean({"name": name, "reducedName": reduced_name, "partnerId": partner_id})
            )

    def add_category(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        partner_id: str | None = None,
        price_factor: Decimal | int | None = None,
        calculated_price: bool | None = None,
        definition_price_scope: str | None = None,
    ) -> JSONObj:
        """Store a category (under ``parent_id`` when given); returns it with ``path``."""
        body = clean(
            {
                "name": name,
                "partnerId": partner_id,
                "priceFactor": price_factor,
                "calculatedPrice": calculated_price,
                "definitionPriceScope": definition_price_scope,
                "parent": None if parent_id is None else {"id": parent_id},
            }
        )
        with self._lock:
            return self._create_category(json_ready(body))

    def add_variation_type(
        self,
        name: str,
        values: Iterable[str] = (),
        *,
        partner_id: str | None = None,
        visual_variation: bool = False,
    ) -> JSONObj:
        """Store a variation type with values (descriptions), e.g. ``("Cor", ["Azul"])``."""
        body = clean(
            {
                "name": name,
                "partnerId": partner_id,
                "visualVariation": visual_variation,
                "values": [{"description": v} for v in values],
            }
        )
        with self._lock:
            return self._create_variation(body)

    def add_product(
        self,
        title: str,
        *,
        skus: Sequence[Mapping[str, Any]] | None = None,
        images: Sequence[str | Mapping[str, Any]] = (),
        category_id: int | None = None,
        brand_id: int | None = None,
        **fields: Any,
    ) -> JSONObj:
        """Store a product as ``POST /products`` would; returns it with ids assigned.

        ``skus`` and ``fields`` use wire (camelCase) names, e.g.
        ``skus=[{"title": "Azul", "partnerId": "X-1", "price": Decimal("9.90"),
        "variations": {"Cor": "Azul"}}]``; without ``skus`` one SKU is made up. Without
        ``category_id``/``brand_id`` the first stored one is used (created when none is)."""
        with self._lock:
            if category_id is None:
                category_id = next(iter(self._categories), None) or int(
                    self.add_category("Geral")["id"]
                )
            if brand_id is None:
                brand_id = next(iter(self._brands), None) or int(self.add_brand("Genérica")["id"])
            if skus is None:
                n = sum(len(p["skus"]) for p in self._products.values()) + 1
                while self._sku_partner_owner(f"SKU-{n}") is not None:
                    n += 1
                skus = [{"title": title, "partnerId": f"SKU-{n}", "price": 10, "amount": 0}]
            body: JSONObj = {
                "description": title,
                **fields,
                "title": title,
                "category": {"id": category_id},
                "brand": {"id": brand_id},
                "skus": [dict(s) for s in skus],
                "images": [{"url": i} if isinstance(i, str) else dict(i) for i in images],
            }
            return self._create_product(json_ready(body))

"""The base of ``FakeAnymarket``'s commerce mixins: ids, the clock, pages, raw bodies and
look-ups into the catalogue that ``_fake.py`` keeps.

The commerce mixins form one inheritance chain (``_fake_common`` <- ``_fake_feeds`` <-
``_fake_stock`` <- ``_fake_ads`` <- ``_fake_orders`` <- ``_fake_extras``), combined into
``CommerceRoutes`` in ``_fake_commerce.py``; each module sees the methods of the ones
before it.

Some bodies are not JSON: NF-e XML (sent and fetched byte for byte), multipart
fiscal documents and shipping labels. Handlers read them from ``FakeRequest.content`` and
answer them with ``_raw(...)`` (a ``RawBody`` the dispatcher writes as is).
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlencode

import httpx

from .._clock import Clock
from .._jsonutil import as_array, as_object
from ._fakecore import FakeAPIError, FakeRequest, JSONObj, RawBody, Reply, invalid, not_found

COMMERCE_ID_BASES: Final = {
    "warehouse": 10_000,
    "stock": 11_000,
    "ad": 12_000,
    "account": 13_000,
    "callback": 14_000,
    "question": 15_000,
    "answer": 16_000,
    "campaign": 17_000,
    "promotion": 18_000,
    "promotion_part": 19_000,
    "template": 20_000,
    "monitoring": 21_000,
    "return": 22_000,
    "package": 23_000,
    "fulfillment_document": 24_000,
    "buyer": 25_000,
    "order": 100_000,
}
"""Like the catalogue's, every kind of commerce resource numbers from its own base."""

ClockLike = Clock | Callable[[], datetime]
"""What ``FakeAnymarket.set_clock`` takes: an ``anymarket_sdk.Clock`` (``ManualClock``
works) or a function returning an aware datetime."""


def iso(when: datetime) -> str:
    """An aware datetime as ANYMARKET writes it: UTC with a ``Z``."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"naive datetime {when!r}: pass a timezone-aware datetime")
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_when(value: object, field: str, *, status: int = 422) -> datetime:
    """A date-time from JSON or a query: ISO 8601 with an offset (ANYMARKET refuses dates
    without a time zone)."""
    if not isinstance(value, str) or not value.strip():
        raise FakeAPIError(status, f"O campo '{field}' deve ser uma data no formato ISO 8601.")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise FakeAPIError(
            status, f"O campo '{field}' deve ser uma data no formato ISO 8601."
        ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise FakeAPIError(status, f"Necessário informar o fuso horário em '{field}'.")
    return parsed


def wire(value: Any) -> Any:
    """Builder input as JSON data: datetimes as ISO text (aware only), dates as
    ``YYYY-MM-DD``, floats as Decimals, dicts, lists and tuples copied."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    mapping = as_object(value)
    if mapping is not None:
        return {str(k): wire(v) for k, v in mapping.items()}
    seq = as_array(value)
    if seq is not None:
        return [wire(v) for v in seq]
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def money(value: Decimal | int | str) -> Decimal:
    """Two decimal places, as prices are shown."""
    return Decimal(value).quantize(Decimal("0.01"))


def new_token() -> str:
    return str(uuid.uuid4())


class CommerceBase:
    """State and helpers shared by the commerce mixins (see the module docstring)."""

    if TYPE_CHECKING:
        # set by FakeAnymarket.__init__ (in _fake.py) before _init_commerce() runs
        token: str
        base_url: str
        transport: httpx.MockTransport
        async_transport: httpx.MockTransport
        _lock: threading.RLock
        _products: dict[int, JSONObj]
        _sku_partner_ids: dict[str, int]
        _categories: dict[int, JSONObj]
        _brands: dict[int, JSONObj]

        def handler(self, request: httpx.Request) -> httpx.Response: ...

    def _init_common(self) -> None:
        self.oi: str = "1234567."
        """The fake seller account's ``oi`` (sent in callback notifications)."""
        self._clock: ClockLike | None = None
        self._commerce_ids: dict[str, int] = dict.fromkeys(COMMERCE_ID_BASES, 0)

    # -- clock ---------------------------------------------------------------------------------

    def set_clock(self, clock: ClockLike | None) -> None:
        """Where ``createdAt``, ``lastUpdate`` and the other timestamps come from: an
        ``anymarket_sdk.Clock`` (e.g. ``ManualClock``: its ``time()`` is read) or a function
        returning an aware datetime. ``None`` (the default) uses the fake's own ``clock``
        when it has one, else the real UTC time."""
        with self._lock:
            self._clock = clock

    def now(self) -> datetime:
        """The fake's current time (aware, UTC)."""
        clock: object = self._clock if self._clock is not None else getattr(self, "clock", None)
        if clock is None:
            return datetime.now(UTC)
        if isinstance(clock, Clock):
            return datetime.fromtimestamp(clock.time(), UTC)
        if not callable(clock):
            raise TypeError(f"not a clock: {clock!r}")
        when = clock()
        if not isinstance(when, datetime):
            raise TypeError(f"the fake's clock returned {when!r}, not a datetime")
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("the fake's clock returned a naive datetime")
        return when.astimezone(UTC)

    def _now_iso(self) -> str:
        return iso(self.now())

    # -- ids and pages -------------------------------------------------------------------------

    def _next_id(self, kind: str) -> int:
        self._commerce_ids[kind] += 1
        return COMMERCE_ID_BASES[kind] + self._commerce_ids[kind]

    @staticmethod
    def _int_param(req: FakeRequest, name: str, default: int) -> int:
        raw = req.query.get(name)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise FakeAPIError(
                400, f"O parâmetro '{name}' deve ser um número inteiro, recebido '{raw}'."
            ) from None

    @staticmethod
    def _bool_param(req: FakeRequest, name: str) -> bool | None:
        raw = req.query.get(name)
        if raw is None:
            return None
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise FakeAPIError(400, f"O parâmetro '{name}' deve ser true ou false, recebido '{raw}'.")

    def _limit(self, req: FakeRequest, default: int, low: int = 5, high: int = 100) -> int:
        limit = self._int_param(req, "limit", default)
        if not low <= limit <= high:
            raise FakeAPIError(
                400, f"O parâmetro 'limit' deve estar entre {low} e {high}, recebido {limit}."
            )
        return limit

    def _offset(self, req: FakeRequest) -> int:
        offset = self._int_param(req, "offset", 0)
        if offset < 0:
            raise FakeAPIError(400, "O parâmetro 'offset' deve ser maior ou igual a 0.")
        return offset

    def _paged(
        self,
        req: FakeRequest,
        items: Sequence[JSONObj],
        render: Callable[[JSONObj], JSONObj] = copy.deepcopy,
    ) -> Reply:
        """The ``{links, content, page}`` envelope (1-based ``page.number``, a ``next`` link
        even on the last page, as ANYMARKET sends)."""
        offset = self._offset(req)
        limit = self._limit(req, 5)
        total = len(items)

        def href(at: int) -> str:
            params = {**req.query, "limit": str(limit), "offset": str(at)}
            return f"{self.base_url}{req.path.lstrip('/')}?{urlencode(params)}"

        links: list[JSONObj] = []
        if offset > 0:
            links.append({"rel": "prev", "href": href(max(0, offset - limit))})
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

    # -- raw bodies ----------------------------------------------------------------------------

    def _raw(
        self, status: int, content: bytes, content_type: str, filename: str | None = None
    ) -> Reply:
        """Answer ``content`` as is (XML, PDF, ZPL...)."""
        return status, RawBody(status, content, content_type, filename)

    @staticmethod
    def _request_bytes(req: FakeRequest) -> bytes:
        """The body of ``req`` when it is not JSON (XML, multipart), as sent."""
        return req.content

    # -- the catalogue (kept by _fake.py) ------------------------------------------------------

    def _catalogue(self) -> Any:
        """``FakeAnymarket`` itself, for the catalogue renderers of ``_fake.py``
        (``_sku_json``, ``_image_json``, ``_category_path``, ``add_product``)."""
        return self

    def _sku_by_id(self, sku_id: int) -> tuple[JSONObj, JSONObj] | None:
        """(product, SKU) of a SKU id, or ``None``."""
        for product in self._products.values():
            skus: list[JSONObj] = product["skus"]
            for sku in skus:
                if sku["id"] == sku_id:
                    return product, sku
        return None

    def _require_sku(self, sku_id: int) -> tuple[JSONObj, JSONObj]:
        found = self._sku_by_id(sku_id)
        if found is None:
            raise not_found(sku_id)
        return found

    def _sku_by_partner(self, partner_id: str) -> tuple[JSONObj, JSONObj] | None:
        sku_id = self._sku_partner_ids.get(partner_id)
        return None if sku_id is None else self._sku_by_id(sku_id)

    def _require_partner(self, partner_id: str) -> tuple[JSONObj, JSONObj]:
        found = self._sku_by_partner(partner_id)
        if found is None:
            raise invalid(f"SKU com o partnerId '{partner_id}' não encontrado.")
        return found

    def _all_skus(self) -> list[tuple[JSONObj, JSONObj]]:
        return [(p, s) for p in self._products.values() for s in p["skus"]]

    @staticmethod
    def _marketplace_code(value: str, field: str = "marketplace") -> str:
        if not value or not value.replace("_", "").isalnum() or value != value.upper():
            raise FakeAPIError(
                400,
                f"O campo '{field}' está em formato incorreto, deve estar em caixa alta.",
            )
        return value

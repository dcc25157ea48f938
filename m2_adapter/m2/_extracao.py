"""A client for Useall's read-only "extração" reporting API (DOMAIN.md §1.3).

``GET https://extracao.useallcloud.com.br/api/v1/json`` with the header
``use-relatorio-token``, the query ``Identificacao=<report id>`` and ``FiltrosSqlQuery=<JSON
list of {Nome, Valor, Operador?, TipoPeriodoData?}>``, optionally ``pagina``,
``qtderegistros``, ``NomeOrganizacao`` and ``Parametros``. The answer is a JSON list of rows or
``{"data": [...]}``. Everything here comes from a customer's ETL, not from Useall documents.

``ExtracaoClient`` and ``AsyncExtracaoClient`` share ``_ExtracaoBase`` (configuration, query
building, retry decisions, decoding; no I/O) and differ only in the loops that send.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import time
from collections.abc import (
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from enum import IntEnum
from typing import Any, Final, Self, TypeVar

import attrs
import httpx

from anymarket_sdk import (
    Clock,
    RetryPolicy,
    SystemClock,
    __version__,
    check_base_url,
    mask,
    parse_retry_after,
    retry_delay,
)

from ._columns import decode_row, resolve_zone
from ._json import as_object, as_rows
from ._models import Branch, City, Company, Customer, Item, StockBalance, Warehouse
from .errors import (
    ExtracaoConnectionError,
    ExtracaoResponseError,
    ExtracaoTimeoutError,
    make_status_error,
)

__all__ = [
    "DEFAULT_EXTRACAO_URL",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_RATE_LIMIT_WAIT",
    "DEFAULT_RETRY_POLICY",
    "AsyncExtracaoClient",
    "ExtracaoClient",
    "Filter",
    "Operator",
    "RawSqlFilter",
    "ReportIds",
    "encode_filters",
    "extracao_retry_delay",
    "raw_sql_filter",
]

T = TypeVar("T")

logger: Final = logging.getLogger("m2_adapter.m2")

DEFAULT_EXTRACAO_URL: Final = "https://extracao.useallcloud.com.br/api/v1/json"
DEFAULT_PAGE_SIZE: Final = 1000
DEFAULT_RATE_LIMIT_WAIT: Final = 185.0
"""Seconds to wait after a 429 without ``Retry-After`` (what the third-party ETL waits)."""
DEFAULT_TIMEOUT: Final = httpx.Timeout(300.0, connect=10.0)
"""Reports are slow: the third-party ETL allows 500 s per request."""
DEFAULT_RETRY_POLICY: Final = RetryPolicy(
    max_retries=3, initial_delay=1.0, max_delay=30.0, max_retry_after=600.0
)
"""Three retries; a server-requested wait up to 10 minutes is honoured (M2's 429s are long)."""

TOKEN_HEADER: Final = "use-relatorio-token"  # noqa: S105 - a header name, not a secret
_EPOCH_START: Final = date(1900, 1, 1)


# --- filters -------------------------------------------------------------------------------


class Operator(IntEnum):
    """``Operador`` values seen in a third party's requests (meaning inferred, unverified)."""

    IN = 1
    """``Valor`` is a list: the column is one of the values."""
    EQUAL = 6
    """``Valor`` is one value."""
    BETWEEN = 8
    """``Valor`` is ``"start,end"`` (dates ``dd/mm/yyyy``), with ``TipoPeriodoData``."""


FilterScalar = str | int | Decimal | bool | date | datetime
FilterValue = FilterScalar | tuple[FilterScalar, ...]

_NAME_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_SQLISH: Final = re.compile(r"'|;|--|/\*|\*/|[\x00-\x1f\x7f]")


def _check_scalar(name: str, value: object) -> None:
    if not isinstance(value, str | int | Decimal | date):  # bool is an int, datetime a date
        raise TypeError(f"filter {name}: unsupported value type {type(value).__name__}")
    if isinstance(value, str) and _SQLISH.search(value):
        raise ValueError(
            f"filter {name}: a value must not contain quotes, ';', comments or control "
            "characters (it could escape the report's SQL); use raw_sql_filter() only if you "
            "really must send SQL"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"filter {name}: not a finite number")


@attrs.frozen(kw_only=True)
class Filter:
    """One entry of ``FiltrosSqlQuery``: ``{"Nome": name, "Valor": value, "Operador": ...,
    "TipoPeriodoData": ...}``.

    Typed values only: text, whole numbers, ``Decimal``, booleans, dates (sent as
    ``dd/mm/yyyy``) and aware datetimes (``dd/mm/yyyy, HH:MM:SS`` in the client's zone), or a
    tuple of those. Text that could break out of an SQL literal is refused, and the names
    M2 reports use for raw SQL (``FILTROS...``) are reserved for ``raw_sql_filter``.

    ::

        Filter.equals("IDEMPRESA", 1)
        Filter.one_of("IDFILIAL", [333, 336])                    # Operador 1, a JSON list
        Filter.between("DATA", date(2026, 1, 1), date(2026, 1, 31), period_type=8)
    """

    name: str
    value: FilterValue
    operator: int | None = None
    period_type: int | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME_RE.fullmatch(self.name):
            raise ValueError(f"filter name must be a plain identifier, got {self.name!r}")
        if self.name.upper().startswith("FILTROS"):
            raise ValueError(
                f"{self.name} takes raw SQL in M2 reports: build it with raw_sql_filter() "
                "(and read its warning) instead of Filter"
            )
        if isinstance(self.value, tuple):
            if not self.value:
                raise ValueError(f"filter {self.name}: an empty list matches nothing")
            for v in self.value:
                _check_scalar(self.name, v)
        else:
            _check_scalar(self.name, self.value)
        if isinstance(self.value, datetime) and self.value.utcoffset() is None:
            raise ValueError(f"filter {self.name}: datetimes must be timezone-aware")
        if self.operator == Operator.BETWEEN and not (
            isinstance(self.value, tuple) and len(self.value) == 2
        ):
            raise ValueError(f"filter {self.name}: BETWEEN takes a (start, end) pair")

    @classmethod
    def equals(cls, name: str, value: FilterScalar, *, operator: int | None = None) -> Self:
        """``{"Nome": name, "Valor": value}`` (most report parameters look like this)."""
        return cls(name=name, value=value, operator=operator)

    @classmethod
    def one_of(cls, name: str, values: Iterable[FilterScalar]) -> Self:
        """The column is one of ``values`` (``Operador`` 1, ``Valor`` a JSON list)."""
        return cls(name=name, value=tuple(values), operator=Operator.IN)

    @classmethod
    def between(
        cls,
        name: str,
        start: date | datetime,
        end: date | datetime,
        *,
        period_type: int | None = None,
    ) -> Self:
        """A period (``Operador`` 8, ``Valor`` ``"dd/mm/yyyy,dd/mm/yyyy"``)."""
        return cls(
            name=name, value=(start, end), operator=Operator.BETWEEN, period_type=period_type
        )


@attrs.frozen
class RawSqlFilter:
    """A filter whose value is an SQL fragment pasted into the report's query by M2.

    Built only by ``raw_sql_filter``; see its warning. The SQL is kept out of the repr.
    """

    name: str
    sql: str = attrs.field(repr=False)


def raw_sql_filter(name: str, sql: str) -> RawSqlFilter:
    """DANGEROUS escape hatch: a filter such as ``FILTROSWHERE`` whose value is raw SQL.

    Some M2 reports take SQL fragments (``" AND IDEMPRESA = 211"``). M2 pastes them into the
    report query as they are, so anything built from outside input can read or break data
    the token can reach. Use constants you wrote yourself, never values from orders,
    customers or any request. Prefer ``Filter`` whenever the report has a parameter for it.
    """
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise ValueError(f"filter name must be a plain identifier, got {name!r}")
    if not isinstance(sql, str):
        raise TypeError("sql must be a string")
    logger.debug("raw SQL filter %s built (%d characters)", name, len(sql))
    return RawSqlFilter(name, sql)


def _format_scalar(value: FilterScalar, zone: tzinfo) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%d/%m/%Y, %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        if Decimal(repr(as_float)) != value:
            raise ValueError(f"{value} is not exactly representable as a JSON number")
        return as_float
    return value


def encode_filters(filters: Iterable[Filter | RawSqlFilter], *, zone: tzinfo | str | None) -> str:
    """The ``FiltrosSqlQuery`` JSON text for ``filters`` (dates in ``zone``)."""
    tz = resolve_zone(zone)
    out: list[dict[str, Any]] = []
    for f in filters:
        if isinstance(f, RawSqlFilter):
            out.append({"Nome": f.name, "Valor": f.sql})
            continue
        if not isinstance(f, Filter):
            raise TypeError(
                f"filters must be Filter or raw_sql_filter() objects, got {type(f).__name__}"
            )
        value: Any
        if isinstance(f.value, tuple):
            parts = [_format_scalar(v, tz) for v in f.value]
            value = ",".join(str(p) for p in parts) if f.operator == Operator.BETWEEN else parts
        else:
            value = _format_scalar(f.value, tz)
        entry: dict[str, Any] = {"Nome": f.name, "Valor": value}
        if f.operator is not None:
            entry["Operador"] = int(f.operator)
        if f.period_type is not None:
            entry["TipoPeriodoData"] = f.period_type
        out.append(entry)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


# --- report ids ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReportIds:
    """The report id (``Identificacao``) each typed method reads. Some tenants have their own
    (``<CNPJ>_m2_estoque_saldo_de_estoque__setup``): override with ``attrs.evolve`` or pass
    ``reports=ReportIds(stock_balances=...)``."""

    items: str = "m2_estoque_item"
    stock_balances: str = "m2_estoque_saldo_de_estoque"
    warehouses: str = "m2_estoque_almoxarifados"
    customers: str = "m2_geral_clientes__fornecedores"
    cities: str = "m2_geral_cidades"
    companies: str = "m2_geral_empresas"
    branches: str = "m2_geral_filiais"


@attrs.frozen
class _Window:
    """The change-date filters a report takes (as the third-party ETL sends them)."""

    start: str
    end: str
    with_time: bool = False


_ITEM_WINDOW: Final = _Window("DATAHORAALTERACAOINI", "DATAHORAALTERACAOFIM")
_ALT_WINDOW: Final = _Window("DATAHORAALTINI", "DATAHORAALTFIM")
_ALT_WINDOW_TIME: Final = _Window("DATAHORAALTINI", "DATAHORAALTFIM", with_time=True)


# --- retry decision and paging (pure) ---------------------------------------------------------


def extracao_retry_delay(
    policy: RetryPolicy,
    *,
    attempt: int,
    status: int | None = None,
    retry_after: float | None = None,
    error: BaseException | None = None,
    rand: float = 0.0,
    rate_limit_wait: float = DEFAULT_RATE_LIMIT_WAIT,
) -> float | None:
    """Seconds to wait before retrying an extração GET, or ``None`` to give up.

    ``anymarket_sdk.retry_delay`` with two M2 rules: every call is a GET (idempotent), and a
    429 without ``Retry-After`` waits ``rate_limit_wait`` (M2's rate limit lasts minutes, so a
    short backoff would only burn the retries). A wait above ``policy.max_retry_after`` gives
    up, and the caller raises ``ExtracaoRateLimitError`` with the wait.
    """
    if status == 429 and retry_after is None:
        retry_after = rate_limit_wait
    return retry_delay(
        policy,
        idempotent=True,
        attempt=attempt,
        status=status,
        retry_after=retry_after,
        error=error,
        rand=rand,
    )


class _Pager:
    """Which page to ask for next and which rows to hand out (no I/O).

    Pages go ``pagina=1, 2, ...`` of ``page_size`` rows until a short page. Two guards, since
    paging is not documented: a page longer than asked means the report ignores paging (its
    rows are the whole result), and a page equal to the previous one means the same.
    """

    def __init__(self, report_id: str, page_size: int | None) -> None:
        self.report_id = report_id
        self.page_size = page_size
        self.page = 1
        self.done = False
        self._previous: list[dict[str, Any]] | None = None

    def params(self) -> dict[str, str]:
        if self.page_size is None:
            return {}
        return {"pagina": str(self.page), "qtderegistros": str(self.page_size)}

    def feed(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        size = self.page_size
        if size is None:
            self.done = True
            return rows
        if self._previous is not None and rows and rows == self._previous:
            logger.warning(
                "report %s sent page %d equal to the previous one: it ignores paging; stopping",
                self.report_id,
                self.page,
            )
            self.done = True
            return []
        if len(rows) > size:
            logger.warning(
                "report %s sent %d rows for a page of %d: it ignores paging; taking them all",
                self.report_id,
                len(rows),
                size,
            )
            self.done = True
        elif len(rows) < size:
            self.done = True
        else:
            self.page += 1
            self._previous = rows
        return rows


# --- the clients ----------------------------------------------------------------------------


def _check_url(url: str) -> str:
    return check_base_url(url, trailing_slash=False)


class _ReportTokenAuth(httpx.Auth):
    """Adds ``use-relatorio-token``; the token lives here and in no repr."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[TOKEN_HEADER] = self._token
        yield request

    def __repr__(self) -> str:
        return "_ReportTokenAuth(token=***)"


Filters = Sequence[Filter | RawSqlFilter]


class _ExtracaoBase:
    """Everything but I/O: configuration, query building, retry decisions, decoding."""

    def __init__(
        self,
        *,
        token: str,
        base_url: str,
        timeout: float | httpx.Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        rate_limit_wait: float,
        zone: tzinfo | str | None,
        organization: str | None,
        reports: ReportIds | None,
        default_headers: Mapping[str, str] | None,
        strict: bool,
        clock: Clock | None,
    ) -> None:
        if not isinstance(token, str) or not token.strip():
            raise ValueError("token is required (the extração report token)")
        if any(c in token for c in "\r\n"):
            raise ValueError("token must be a single line")
        if rate_limit_wait < 0:
            raise ValueError("rate_limit_wait must not be negative")
        self._token = token.strip()
        self.base_url = _check_url(base_url)
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        if retry_policy is None:
            retry_policy = attrs.evolve(DEFAULT_RETRY_POLICY, max_retries=max_retries)
        self.retry_policy = retry_policy
        self.rate_limit_wait = rate_limit_wait
        self.zone = resolve_zone(zone)
        self.organization = organization
        self.reports = reports or ReportIds()
        self.strict = strict
        self.clock: Clock = clock or SystemClock()
        self.default_headers = dict(default_headers or {})
        for name in self.default_headers:
            if name.lower() == TOKEN_HEADER:
                raise ValueError(f"{name} is set by the client from token=")
        self._headers = {
            "Accept": "application/json",
            "User-Agent": f"useall-anymarket/{__version__} m2-extracao",
            **self.default_headers,
        }
        self._auth = _ReportTokenAuth(self._token)
        self._owns_http = True

    @staticmethod
    def _env_kwargs(environ: Mapping[str, str] | None) -> dict[str, Any]:
        env = os.environ if environ is None else environ
        token = env.get("USEALL_EXTRACAO_TOKEN", "").strip()
        if not token:
            raise ValueError("USEALL_EXTRACAO_TOKEN is not set")
        kw: dict[str, Any] = {"token": token}
        url = env.get("USEALL_EXTRACAO_URL", "").strip()
        if url:
            kw["base_url"] = url
        return kw

    # -- request building -------------------------------------------------------------------

    def _params(
        self,
        report_id: str,
        filters: Filters,
        parameters: Mapping[str, Any] | None,
        pager: _Pager,
    ) -> dict[str, str]:
        if not isinstance(report_id, str) or not report_id.strip():
            raise ValueError("report_id is required (the report's Identificacao)")
        params = {"Identificacao": report_id.strip()}
        if filters:
            params["FiltrosSqlQuery"] = encode_filters(filters, zone=self.zone)
        params.update(pager.params())
        if self.organization:
            params["NomeOrganizacao"] = self.organization
        if parameters:
            params["Parametros"] = json.dumps(
                [{"Nome": k, "Valor": _format_scalar(v, self.zone)} for k, v in parameters.items()],
                ensure_ascii=False,
                separators=(",", ":"),
            )
        return params

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, params: dict[str, str]
    ) -> httpx.Request:
        return http.build_request(
            "GET", self.base_url, params=params, headers=self._headers, timeout=self.timeout
        )

    def _window(self, window: _Window, since: datetime | None, filters: Filters) -> list[Any]:
        """The report's change-date window (``since`` .. tomorrow), unless given already."""
        names = {f.name.upper() for f in filters}
        if window.start in names or window.end in names:
            return list(filters)
        today = datetime.fromtimestamp(self.clock.time(), self.zone)
        if since is not None and since.utcoffset() is None:
            raise ValueError("since must be timezone-aware")
        start: date | datetime
        end: date | datetime
        if window.with_time:
            start = since or datetime(1900, 1, 1, tzinfo=self.zone)
            end = today + timedelta(days=1)
        else:
            start = since.astimezone(self.zone).date() if since else _EPOCH_START
            end = today.date() + timedelta(days=1)
        return [*filters, Filter.equals(window.start, start), Filter.equals(window.end, end)]

    def _stock_filters(self, as_of: date | None, filters: Filters) -> list[Any]:
        if any(f.name.upper() == "ADDATA" for f in filters):
            return list(filters)
        day = as_of or datetime.fromtimestamp(self.clock.time(), self.zone).date()
        return [*filters, Filter.equals("ADDATA", day)]

    # -- responses ---------------------------------------------------------------------------

    def _delay_after_status(
        self, attempt: int, response: httpx.Response
    ) -> tuple[float | None, float | None]:
        retry_after = parse_retry_after(response.headers, self.clock.time())
        delay = extracao_retry_delay(
            self.retry_policy,
            attempt=attempt,
            status=response.status_code,
            retry_after=retry_after,
            rand=random.random(),  # noqa: S311 - jitter, not cryptography
            rate_limit_wait=self.rate_limit_wait,
        )
        if response.status_code == 429 and retry_after is None:
            retry_after = self.rate_limit_wait
        return delay, retry_after

    def _delay_after_error(self, attempt: int, exc: httpx.TransportError) -> float | None:
        return extracao_retry_delay(
            self.retry_policy,
            attempt=attempt,
            error=exc,
            rand=random.random(),  # noqa: S311
            rate_limit_wait=self.rate_limit_wait,
        )

    def _log_retry(self, report_id: str, why: str, delay: float, attempt: int) -> None:
        logger.info(
            "extração report %s: retrying in %.1f s after %s (retry %d of %d)",
            report_id,
            delay,
            why,
            attempt + 1,
            self.retry_policy.max_retries,
        )

    def _transport_error(
        self, report_id: str, exc: httpx.TransportError
    ) -> ExtracaoConnectionError:
        cls = (
            ExtracaoTimeoutError
            if isinstance(exc, httpx.TimeoutException)
            else ExtracaoConnectionError
        )
        text = mask(str(exc)).replace(self._token, "***")
        return cls(f"GET extração report {report_id!r}: {type(exc).__name__}: {text}")

    def _status_error(
        self, report_id: str, response: httpx.Response, retry_after: float | None
    ) -> Exception:
        return make_status_error(
            status_code=response.status_code,
            content=response.content,
            report_id=report_id,
            url=str(response.request.url),
            secret=self._token,
            retry_after=retry_after,
        )

    def _rows(
        self, report_id: str, response: httpx.Response, started: float
    ) -> list[dict[str, Any]]:
        body: Any
        try:
            body = json.loads(response.content, parse_float=Decimal) if response.content else []
        except ValueError:
            raise ExtracaoResponseError(
                f"extração report {report_id!r} answered {response.status_code} with a body "
                "that is not JSON",
                report_id=report_id,
            ) from None
        rows = as_rows(body)
        if rows is None:
            hint = ""
            obj = as_object(body)
            if obj is not None:
                msg = obj.get("message") or obj.get("Message") or obj.get("mensagem")
                keys = ", ".join(list(obj)[:8])
                hint = f": {mask(str(msg))[:200]}" if msg else f" (keys: {keys})"
            raise ExtracaoResponseError(
                f"extração report {report_id!r}: expected a list of rows or "
                f'{{"data": [...]}}, got a {type(body).__name__}{hint}',
                report_id=report_id,
            )
        logger.debug(
            "GET extração report %s -> %s, %d rows in %.1f ms",
            report_id,
            response.status_code,
            len(rows),
            (time.perf_counter() - started) * 1000,
        )
        return rows

    def _decode(self, cls: type[T], row: Mapping[str, Any], report_id: str, index: int) -> T:
        return decode_row(
            cls,
            row,
            zone=self.zone,
            strict=self.strict,
            source=f"extração report {report_id}",
            index=index,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, token=***)"


def _changed_since(since: datetime | None) -> Callable[[Any], bool]:
    if since is None:
        return lambda _row: True
    return lambda row: row.changed_at is None or row.changed_at >= since


class ExtracaoClient(_ExtracaoBase):
    """Synchronous client for the extração API.

    ::

        with ExtracaoClient.from_env() as m2:          # USEALL_EXTRACAO_TOKEN
            for item in m2.items(changed_since=last_run):
                ...
            for row in m2.rows("m2_geral_cidades", page_size=None):  # raw rows
                ...

    Options (keyword-only): ``base_url`` (https, or http for loopback test servers),
    ``timeout`` (default 300 s read, 10 s connect), ``max_retries`` / ``retry_policy``,
    ``rate_limit_wait`` (seconds after a 429 without ``Retry-After``; default 185),
    ``zone`` (the zone of M2's dates; default ``America/Sao_Paulo``), ``organization``
    (``NomeOrganizacao``), ``reports`` (report ids), ``default_headers``, ``strict`` (reject
    unknown columns), ``clock`` (waits; ``anymarket_sdk.testing.ManualClock`` in tests), and
    ``transport=`` or ``http_client=`` to replace the network.
    """

    def __init__(
        self,
        *,
        token: str,
        base_url: str = DEFAULT_EXTRACAO_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        retry_policy: RetryPolicy | None = None,
        rate_limit_wait: float = DEFAULT_RATE_LIMIT_WAIT,
        zone: tzinfo | str | None = None,
        organization: str | None = None,
        reports: ReportIds | None = None,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        strict: bool = False,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(
            token=token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            rate_limit_wait=rate_limit_wait,
            zone=zone,
            organization=organization,
            reports=reports,
            default_headers=default_headers,
            strict=strict,
            clock=clock,
        )
        if http_client is not None and transport is not None:
            raise ValueError("pass transport= or http_client=, not both")
        if http_client is not None:
            if not isinstance(http_client, httpx.Client):
                raise TypeError("http_client must be an httpx.Client (AsyncExtracaoClient: async)")
            self._http: httpx.Client = http_client
            self._owns_http = False
        else:
            self._http = httpx.Client(transport=transport, timeout=self.timeout)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Self:
        """Build from ``USEALL_EXTRACAO_TOKEN`` (and ``USEALL_EXTRACAO_URL`` if set)."""
        return cls(**{**cls._env_kwargs(environ), **kwargs})

    def _get(self, report_id: str, params: dict[str, str]) -> list[dict[str, Any]]:
        attempt = 0
        while True:
            request = self._request(self._http, params)
            started = time.perf_counter()
            try:
                response = self._http.send(request, auth=self._auth)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(attempt, exc)
                if delay is None:
                    raise self._transport_error(report_id, exc) from exc
                self._log_retry(report_id, type(exc).__name__, delay, attempt)
                self.clock.sleep(delay)
                attempt += 1
                continue
            if response.is_success:
                return self._rows(report_id, response, started)
            delay, retry_after = self._delay_after_status(attempt, response)
            if delay is None:
                raise self._status_error(report_id, response, retry_after)
            self._log_retry(report_id, f"HTTP {response.status_code}", delay, attempt)
            self.clock.sleep(delay)
            attempt += 1

    def rows(
        self,
        report_id: str,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        parameters: Mapping[str, Any] | None = None,
        max_rows: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every row of a report, lazily, page by page (``page_size=None``: one request
        without paging). Rows are plain dicts keyed by column name, numbers as ``Decimal``."""
        pager = _Pager(report_id, _page_size(page_size))
        count = 0
        while not pager.done:
            rows = pager.feed(
                self._get(report_id, self._params(report_id, filters, parameters, pager))
            )
            for row in rows:
                if max_rows is not None and count >= max_rows:
                    return
                yield row
                count += 1

    def _typed(
        self, cls: type[T], report_id: str, filters: Filters, page_size: int | None
    ) -> Iterator[T]:
        for n, row in enumerate(self.rows(report_id, filters=filters, page_size=page_size)):
            yield self._decode(cls, row, report_id, n)

    def items(
        self,
        *,
        changed_since: datetime | None = None,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> Iterator[Item]:
        """Items (``m2_estoque_item``), those changed since ``changed_since`` if given (the
        report filters by day; rows changed earlier that day are dropped here)."""
        rid = report_id or self.reports.items
        keep = _changed_since(changed_since)
        flt = self._window(_ITEM_WINDOW, changed_since, filters)
        return (i for i in self._typed(Item, rid, flt, page_size) if keep(i))

    def stock_balances(
        self,
        *,
        as_of: date | None = None,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> Iterator[StockBalance]:
        """Stock per company/branch/warehouse/item on ``as_of`` (``ADDATA``; default today)."""
        rid = report_id or self.reports.stock_balances
        return self._typed(StockBalance, rid, self._stock_filters(as_of, filters), page_size)

    def warehouses(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> Iterator[Warehouse]:
        """Warehouses (``m2_estoque_almoxarifados``)."""
        rid = report_id or self.reports.warehouses
        return self._typed(Warehouse, rid, self._window(_ALT_WINDOW, None, filters), page_size)

    def customers(
        self,
        *,
        changed_since: datetime | None = None,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> Iterator[Customer]:
        """Customers and suppliers (``m2_geral_clientes__fornecedores``)."""
        rid = report_id or self.reports.customers
        keep = _changed_since(changed_since)
        flt = self._window(_ITEM_WINDOW, changed_since, filters)
        return (c for c in self._typed(Customer, rid, flt, page_size) if keep(c))

    def cities(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> Iterator[City]:
        """Cities (``m2_geral_cidades``)."""
        rid = report_id or self.reports.cities
        return self._typed(City, rid, self._window(_ITEM_WINDOW, None, filters), page_size)

    def companies(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> Iterator[Company]:
        """Companies (``m2_geral_empresas``)."""
        rid = report_id or self.reports.companies
        return self._typed(Company, rid, self._window(_ALT_WINDOW_TIME, None, filters), page_size)

    def branches(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> Iterator[Branch]:
        """Branches (``m2_geral_filiais``)."""
        rid = report_id or self.reports.branches
        return self._typed(Branch, rid, self._window(_ALT_WINDOW_TIME, None, filters), page_size)

    def close(self) -> None:
        """Close the connection pool (only when this client created it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncExtracaoClient(_ExtracaoBase):
    """Asynchronous client for the extração API: same arguments and methods as
    ``ExtracaoClient``; the row methods are async iterators (``async for``)."""

    def __init__(
        self,
        *,
        token: str,
        base_url: str = DEFAULT_EXTRACAO_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        retry_policy: RetryPolicy | None = None,
        rate_limit_wait: float = DEFAULT_RATE_LIMIT_WAIT,
        zone: tzinfo | str | None = None,
        organization: str | None = None,
        reports: ReportIds | None = None,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict: bool = False,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(
            token=token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            rate_limit_wait=rate_limit_wait,
            zone=zone,
            organization=organization,
            reports=reports,
            default_headers=default_headers,
            strict=strict,
            clock=clock,
        )
        if http_client is not None and transport is not None:
            raise ValueError("pass transport= or http_client=, not both")
        if http_client is not None:
            if not isinstance(http_client, httpx.AsyncClient):
                raise TypeError("http_client must be an httpx.AsyncClient (ExtracaoClient: sync)")
            self._http: httpx.AsyncClient = http_client
            self._owns_http = False
        else:
            self._http = httpx.AsyncClient(transport=transport, timeout=self.timeout)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Self:
        """Build from ``USEALL_EXTRACAO_TOKEN`` (and ``USEALL_EXTRACAO_URL`` if set)."""
        return cls(**{**cls._env_kwargs(environ), **kwargs})

    async def _get(self, report_id: str, params: dict[str, str]) -> list[dict[str, Any]]:
        attempt = 0
        while True:
            request = self._request(self._http, params)
            started = time.perf_counter()
            try:
                response = await self._http.send(request, auth=self._auth)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(attempt, exc)
                if delay is None:
                    raise self._transport_error(report_id, exc) from exc
                self._log_retry(report_id, type(exc).__name__, delay, attempt)
                await self.clock.asleep(delay)
                attempt += 1
                continue
            if response.is_success:
                return self._rows(report_id, response, started)
            delay, retry_after = self._delay_after_status(attempt, response)
            if delay is None:
                raise self._status_error(report_id, response, retry_after)
            self._log_retry(report_id, f"HTTP {response.status_code}", delay, attempt)
            await self.clock.asleep(delay)
            attempt += 1

    async def rows(
        self,
        report_id: str,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        parameters: Mapping[str, Any] | None = None,
        max_rows: int | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Every row of a report, lazily, page by page (``page_size=None``: one request
        without paging). Rows are plain dicts keyed by column name, numbers as ``Decimal``."""
        pager = _Pager(report_id, _page_size(page_size))
        count = 0
        while not pager.done:
            params = self._params(report_id, filters, parameters, pager)
            for row in pager.feed(await self._get(report_id, params)):
                if max_rows is not None and count >= max_rows:
                    return
                yield row
                count += 1

    async def _typed(
        self, cls: type[T], report_id: str, filters: Filters, page_size: int | None
    ) -> AsyncIterator[T]:
        n = 0
        async for row in self.rows(report_id, filters=filters, page_size=page_size):
            yield self._decode(cls, row, report_id, n)
            n += 1

    async def items(
        self,
        *,
        changed_since: datetime | None = None,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> AsyncIterator[Item]:
        """Items (``m2_estoque_item``), those changed since ``changed_since`` if given (the
        report filters by day; rows changed earlier that day are dropped here)."""
        rid = report_id or self.reports.items
        keep = _changed_since(changed_since)
        flt = self._window(_ITEM_WINDOW, changed_since, filters)
        async for item in self._typed(Item, rid, flt, page_size):
            if keep(item):
                yield item

    async def stock_balances(
        self,
        *,
        as_of: date | None = None,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> AsyncIterator[StockBalance]:
        """Stock per company/branch/warehouse/item on ``as_of`` (``ADDATA``; default today)."""
        rid = report_id or self.reports.stock_balances
        async for row in self._typed(
            StockBalance, rid, self._stock_filters(as_of, filters), page_size
        ):
            yield row

    async def warehouses(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> AsyncIterator[Warehouse]:
        """Warehouses (``m2_estoque_almoxarifados``)."""
        rid = report_id or self.reports.warehouses
        async for row in self._typed(
            Warehouse, rid, self._window(_ALT_WINDOW, None, filters), page_size
        ):
            yield row

    async def customers(
        self,
        *,
        changed_since: datetime | None = None,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> AsyncIterator[Customer]:
        """Customers and suppliers (``m2_geral_clientes__fornecedores``)."""
        rid = report_id or self.reports.customers
        keep = _changed_since(changed_since)
        flt = self._window(_ITEM_WINDOW, changed_since, filters)
        async for customer in self._typed(Customer, rid, flt, page_size):
            if keep(customer):
                yield customer

    async def cities(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> AsyncIterator[City]:
        """Cities (``m2_geral_cidades``)."""
        rid = report_id or self.reports.cities
        async for row in self._typed(
            City, rid, self._window(_ITEM_WINDOW, None, filters), page_size
        ):
            yield row

    async def companies(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> AsyncIterator[Company]:
        """Companies (``m2_geral_empresas``)."""
        rid = report_id or self.reports.companies
        async for row in self._typed(
            Company, rid, self._window(_ALT_WINDOW_TIME, None, filters), page_size
        ):
            yield row

    async def branches(
        self,
        *,
        filters: Filters = (),
        page_size: int | None = DEFAULT_PAGE_SIZE,
        report_id: str | None = None,
    ) -> AsyncIterator[Branch]:
        """Branches (``m2_geral_filiais``)."""
        rid = report_id or self.reports.branches
        async for row in self._typed(
            Branch, rid, self._window(_ALT_WINDOW_TIME, None, filters), page_size
        ):
            yield row

    async def aclose(self) -> None:
        """Close the connection pool (only when this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _page_size(page_size: int | None) -> int | None:
    if page_size is not None and (isinstance(page_size, bool) or page_size < 1):
        raise ValueError(f"page_size must be a positive number or None, got {page_size!r}")
    return page_size

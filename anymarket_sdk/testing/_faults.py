"""Fault injection, a request budget and call records for ``FakeAnymarket``.

A fault replaces or spoils one answer of the fake. What the client sees, and whether the fake
changed its state first, depends on the kind:

=====================  =========================================  ========
kind                   what the client gets                       applied?
=====================  =========================================  ========
``http_500/502/503``   that status, ``{code, message}`` body      no
``http_429``           429 with ``Retry-After`` (seconds)         no
``connect_error``      ``httpx.ConnectError``                     no
``connect_timeout``    ``httpx.ConnectTimeout``                   no
``read_timeout``       ``httpx.ReadTimeout``                      no
``reset``              ``httpx.RemoteProtocolError``              no
``timeout_after_apply`` ``httpx.ReadTimeout``                     yes
``reset_after_apply``  ``httpx.ReadError``                        yes
``malformed_json``     the real status, a body that is not JSON   yes
``truncated_json``     the real status, the body cut in half      yes
``slow``               the real answer, ``delay`` seconds late    yes
=====================  =========================================  ========

Any other status (``http_418``, or ``status=`` / an ``int`` in ``kinds``) works like the
5xx kinds. ``malformed_json``/``truncated_json`` only spoil successful answers that carry a
body; other answers go out intact (and the fault is not counted).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, deque
from collections.abc import Iterable
from enum import StrEnum
from typing import Final, TypeAlias

import attrs
import httpx

from .._converter import dumps, loads
from ._fakecore import Call as _CoreCall

__all__ = [
    "APPLIED_KINDS",
    "NOT_APPLIED_KINDS",
    "REQUEST_BUDGET",
    "Call",
    "FaultKind",
    "FaultRule",
    "Faults",
    "RouteSelector",
]


class FaultKind(StrEnum):
    """The faults ``FakeAnymarket`` can inject (plain strings work too: ``"reset"``)."""

    HTTP_500 = "http_500"
    HTTP_502 = "http_502"
    HTTP_503 = "http_503"
    HTTP_429 = "http_429"
    CONNECT_ERROR = "connect_error"
    CONNECT_TIMEOUT = "connect_timeout"
    READ_TIMEOUT = "read_timeout"
    RESET = "reset"
    TIMEOUT_AFTER_APPLY = "timeout_after_apply"
    RESET_AFTER_APPLY = "reset_after_apply"
    MALFORMED_JSON = "malformed_json"
    TRUNCATED_JSON = "truncated_json"
    SLOW = "slow"


NOT_APPLIED_KINDS: Final[tuple[FaultKind, ...]] = (
    FaultKind.HTTP_500,
    FaultKind.HTTP_502,
    FaultKind.HTTP_503,
    FaultKind.HTTP_429,
    FaultKind.CONNECT_ERROR,
    FaultKind.CONNECT_TIMEOUT,
    FaultKind.READ_TIMEOUT,
    FaultKind.RESET,
)
"""Faults after which the fake's state is unchanged: the default of ``inject``."""

APPLIED_KINDS: Final[tuple[FaultKind, ...]] = (
    FaultKind.TIMEOUT_AFTER_APPLY,
    FaultKind.RESET_AFTER_APPLY,
    FaultKind.MALFORMED_JSON,
    FaultKind.TRUNCATED_JSON,
    FaultKind.SLOW,
)
"""Faults where the fake applies the request first: what idempotency tests need."""

REQUEST_BUDGET: Final = "request_budget"
"""``Call.fault`` (and ``Faults.injected`` key) of a 429 refused by the request budget."""

_NOT_SENT: Final = frozenset({FaultKind.CONNECT_ERROR, FaultKind.CONNECT_TIMEOUT})
_LOST_BEFORE: Final = frozenset({FaultKind.READ_TIMEOUT, FaultKind.RESET})
_LOST_AFTER: Final = frozenset({FaultKind.TIMEOUT_AFTER_APPLY, FaultKind.RESET_AFTER_APPLY})
_BODY: Final = frozenset({FaultKind.MALFORMED_JSON, FaultKind.TRUNCATED_JSON})
_HTTP_KIND: Final = re.compile(r"http_([1-5]\d\d)")
_METHODS: Final = frozenset({"", "*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})

RouteSelector: TypeAlias = "str | re.Pattern[str]"
"""Which requests a rule targets: ``"POST /products"``, ``"/products/{id}/skus"`` (any
method; ``{name}`` matches one path segment), a bare method (``"PUT"``), or a compiled regex
matched against the whole ``"METHOD /path"`` (path relative to the base URL, no query)."""


# --- calls ------------------------------------------------------------------------------------


@attrs.frozen
class Call(_CoreCall):
    """One request that reached the fake, for assertions.

    Besides the request (``method``, ``path`` relative to the base URL, ``query`` without the
    token, ``json``, ``content``, ``content_type``): ``status`` is the HTTP status the fake
    produced (``0`` when it produced none: the connection failed or was lost before the
    request was applied); ``fault`` the injected fault kind (``"request_budget"`` for a 429
    of the request budget), ``error`` the name of the httpx exception the client got instead
    of the answer (``"ReadTimeout"``), and ``at`` the fake clock's ``monotonic()`` time of the
    answer. After ``timeout_after_apply`` the call has the status the client never saw.
    """

    fault: str | None = None
    error: str | None = None
    at: float = attrs.field(default=0.0, eq=False)

    @property
    def applied(self) -> bool:
        """Whether the fake processed the request itself (its ``status`` is the fake's own
        answer, received by the client or not) rather than a fault replacing it."""
        return self.status != 0 and (
            self.fault is None or (self.fault != REQUEST_BUDGET and http_status(self.fault) is None)
        )

    def __str__(self) -> str:
        answer = self.error if self.status == 0 and self.error else str(self.status)
        text = f"{self.method} {self.path} -> {answer}"
        if self.fault is not None:
            lost = f": {self.error}" if self.error and self.status != 0 else ""
            text += f" [{self.fault}{lost}]"
        return text


# --- route selectors --------------------------------------------------------------------------


def _template_regex(template: str) -> str:
    parts = re.split(r"(\{[A-Za-z_]\w*\})", template.rstrip("/") or "/")
    out = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts if p)
    return out + "/?"


@attrs.frozen
class _Matcher:
    regex: re.Pattern[str]
    text: str

    def __call__(self, method: str, path: str) -> bool:
        return self.regex.fullmatch(f"{method} {path}") is not None


def compile_selector(selector: RouteSelector) -> _Matcher:
    """A matcher of ``"METHOD /path"`` for a route selector (see ``RouteSelector``)."""
    if isinstance(selector, re.Pattern):
        return _Matcher(selector, selector.pattern)
    if not isinstance(selector, str) or not selector.strip():
        raise TypeError(f"a route selector is a non-empty str or re.Pattern, got {selector!r}")
    text = selector.strip()
    method, _, path = text.partition(" ") if not text.startswith("/") else ("", "", text)
    if not path:  # a bare method
        method, path = text, ""
    method = method.strip().upper()
    path = path.strip()
    if method not in _METHODS or (path and not path.startswith("/")):
        raise ValueError(
            "a route selector is 'METHOD /path', '/path' or a method, and a route template "
            f"starts with '/'; got {selector!r}"
        )
    method_re = "[A-Z]+" if method in ("", "*") else re.escape(method)
    path_re = _template_regex(path) if path else "/.*"
    return _Matcher(re.compile(f"{method_re} {path_re}"), text)


def path_matcher(method: str, path: str | re.Pattern[str]) -> _Matcher:
    """A matcher for ``calls_to(method, path)``: ``method`` may be ``"*"``; ``path`` is a
    template or a regex matched against the whole path."""
    method = method.strip().upper()
    method_re = "[A-Z]+" if method in ("", "*") else re.escape(method)
    if isinstance(path, re.Pattern):
        return _Matcher(re.compile(f"{method_re} (?:{path.pattern})", path.flags), path.pattern)
    if not path.startswith("/"):
        raise ValueError(f"a route template starts with '/', got {path!r}")
    return _Matcher(re.compile(f"{method_re} {_template_regex(path)}"), f"{method} {path}")


# --- kinds ------------------------------------------------------------------------------------


def normalise_kind(kind: FaultKind | str | int) -> str:
    """``FaultKind`` value for ``kind``; an ``int`` (or ``"http_418"``) is an HTTP status."""
    if isinstance(kind, bool):
        raise TypeError(f"not a fault kind: {kind!r}")
    if isinstance(kind, int):
        if not 400 <= kind <= 599:
            raise ValueError(f"an injected status must be 4xx or 5xx, got {kind}")
        return f"http_{kind}"
    if not isinstance(kind, str):
        raise TypeError(f"not a fault kind: {kind!r}")
    if kind in FaultKind.__members__.values():
        return str(FaultKind(kind))
    match = _HTTP_KIND.fullmatch(kind)
    if match is not None and 400 <= int(match.group(1)) <= 599:
        return kind
    known = ", ".join(k.value for k in FaultKind)
    raise ValueError(f"unknown fault kind {kind!r}; use one of {known} or http_<4xx|5xx>")


def http_status(kind: str) -> int | None:
    match = _HTTP_KIND.fullmatch(kind)
    return int(match.group(1)) if match else None


def never_sent(kind: str) -> bool:
    """The request never reached the server (nothing counted, nothing applied)."""
    return kind in _NOT_SENT


def lost_before_apply(kind: str) -> bool:
    return kind in _LOST_BEFORE


def lost_after_apply(kind: str) -> bool:
    return kind in _LOST_AFTER


def spoils_body(kind: str) -> bool:
    return kind in _BODY


def transport_error(kind: str, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception a transport-level fault raises from the handler."""
    note = "(simulated by FakeAnymarket)"
    if kind == FaultKind.CONNECT_ERROR:
        return httpx.ConnectError(f"[Errno 111] Connection refused {note}", request=request)
    if kind == FaultKind.CONNECT_TIMEOUT:
        return httpx.ConnectTimeout(f"timed out while connecting {note}", request=request)
    if kind in (FaultKind.READ_TIMEOUT, FaultKind.TIMEOUT_AFTER_APPLY):
        return httpx.ReadTimeout(f"The read operation timed out {note}", request=request)
    if kind == FaultKind.RESET:
        return httpx.RemoteProtocolError(
            f"Server disconnected without sending a response. {note}", request=request
        )
    if kind == FaultKind.RESET_AFTER_APPLY:
        return httpx.ReadError(f"[Errno 104] Connection reset by peer {note}", request=request)
    raise ValueError(f"{kind!r} is not a transport fault")


_STATUS_MESSAGES: Final = {
    408: "Tempo limite da requisição esgotado.",
    429: "Limite de requisições excedido. Tente novamente em {retry_after}.",
    500: "Erro interno do servidor. Tente novamente mais tarde.",
    502: "Serviço indisponível no momento. Gateway inválido.",
    503: "Serviço indisponível no momento. Tente novamente mais tarde.",
    504: "Serviço indisponível no momento. Tempo de resposta do gateway esgotado.",
}


def status_message(status: int, retry_after: int | None) -> str:
    template = _STATUS_MESSAGES.get(status, "Falha simulada (HTTP {status}).")
    if retry_after is None:
        template = template.replace(" Tente novamente em {retry_after}.", "")
    seconds = f"{retry_after} segundo{'' if retry_after == 1 else 's'}"
    return template.format(status=status, retry_after=seconds)


def _parses(content: bytes) -> bool:
    try:
        loads(content)
    except ValueError:
        return False
    return True


def malformed(content: bytes) -> bytes:
    """``content`` with a syntax error a broken serializer could make (a trailing comma)."""
    body = content.rstrip()
    if body[-1:] in (b"}", b"]"):
        return body[:-1] + b"," + body[-1:]
    return body + b"}"


def truncated(content: bytes) -> bytes:
    """The first half of ``content`` (a cut that still parses falls back to ``malformed``)."""
    cut = content[: max(1, len(content) // 2)]
    return malformed(content) if not cut.strip() or _parses(cut) else cut


# --- rules ------------------------------------------------------------------------------------


@attrs.define(eq=False)
class FaultRule:
    """One ``fail_next`` or ``inject`` rule (returned by both, for ``Faults.remove``).

    ``remaining`` counts the faults still to inject (``None``: an ``inject`` rule, drawn at
    ``rate`` until removed); ``injected`` counts the faults this rule caused.
    """

    kinds: tuple[str, ...]
    routes: tuple[_Matcher, ...] | None
    rate: float
    remaining: int | None
    retry_after: int | None
    delay: float
    injected: int = 0

    def matches(self, method: str, path: str) -> bool:
        return self.routes is None or any(m(method, path) for m in self.routes)

    def __repr__(self) -> str:
        routes = "*" if self.routes is None else ", ".join(m.text for m in self.routes)
        what = f"next {self.remaining}" if self.remaining is not None else f"rate {self.rate}"
        return f"FaultRule({what}, kinds={list(self.kinds)}, routes=[{routes}])"


@attrs.frozen
class Pick:
    """The fault chosen for one request (internal)."""

    kind: str
    rule: FaultRule


class Faults:
    """The fault injector of one ``FakeAnymarket`` (``fake.faults``).

    Rules are tried in the order they were added, ``fail_next`` rules first; the first one
    that matches decides. Random choices come from one ``random.Random(seed)``, so the same
    seed and the same sequence of requests give the same faults. ``injected`` counts the
    faults actually injected, by kind (plus ``"request_budget"`` for budget refusals).
    """

    def __init__(self, seed: int | None = 0) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self._next: list[FaultRule] = []
        self._random: list[FaultRule] = []
        self.injected: Counter[str] = Counter()

    def seed(self, seed: int | None) -> None:
        """Restart the random sequence (``None``: seeded from the OS, not reproducible)."""
        self._rng.seed(seed)

    @property
    def rules(self) -> list[FaultRule]:
        """The active rules, in the order they are tried."""
        return [*self._next, *self._random]

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
        """Fail the next ``n`` requests (matching ``route``, when given) with ``status``
        (default 503) or ``kind``. ``retry_after`` is the ``Retry-After`` of a 429 (``None``:
        no header); ``delay`` the extra seconds of ``slow``."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a positive int, got {n!r}")
        if status is not None and kind is not None:
            raise ValueError("pass status= or kind=, not both")
        chosen = normalise_kind(kind if kind is not None else (status or 503))
        rule = FaultRule(
            kinds=(chosen,),
            routes=self._routes(route),
            rate=1.0,
            remaining=n,
            retry_after=_check_retry_after(retry_after),
            delay=_check_delay(delay),
        )
        self._next.append(rule)
        return rule

    def inject(
        self,
        rate: float,
        kinds: Iterable[FaultKind | str | int] | None = None,
        routes: RouteSelector | Iterable[RouteSelector] | None = None,
        *,
        retry_after: int | None = 1,
        delay: float = 1.0,
    ) -> FaultRule:
        """Fail each matching request with probability ``rate``, with a kind drawn among
        ``kinds`` (default ``NOT_APPLIED_KINDS``: faults that change nothing)."""
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
            raise ValueError(f"rate must be within [0, 1], got {rate!r}")
        chosen = tuple(normalise_kind(k) for k in (NOT_APPLIED_KINDS if kinds is None else kinds))
        if not chosen:
            raise ValueError("kinds must not be empty")
        rule = FaultRule(
            kinds=chosen,
            routes=self._routes(routes),
            rate=float(rate),
            remaining=None,
            retry_after=_check_retry_after(retry_after),
            delay=_check_delay(delay),
        )
        self._random.append(rule)
        return rule

    def remove(self, rule: FaultRule) -> None:
        """Stop a rule (no error if it is already exhausted or removed)."""
        for rules in (self._next, self._random):
            if rule in rules:
                rules.remove(rule)

    def clear(self) -> None:
        """Remove every rule (``injected`` keeps its counts)."""
        self._next.clear()
        self._random.clear()

    @staticmethod
    def _routes(
        routes: RouteSelector | Iterable[RouteSelector] | None,
    ) -> tuple[_Matcher, ...] | None:
        if routes is None:
            return None
        if isinstance(routes, str | re.Pattern):
            return (compile_selector(routes),)
        matchers = tuple(compile_selector(r) for r in routes)
        if not matchers:
            raise ValueError("routes must not be empty (pass None for every route)")
        return matchers

    def choose(self, method: str, path: str) -> Pick | None:
        """The fault for this request, if any (called once per request, under the fake's
        lock). Only ``inject`` rules draw random numbers: two per matching rule at most."""
        for rule in self._next:
            if rule.matches(method, path):
                return Pick(rule.kinds[0], rule)
        for rule in self._random:
            if not rule.matches(method, path):
                continue
            if self._rng.random() < rule.rate:
                return Pick(self._rng.choice(rule.kinds), rule)
        return None

    def consume(self, pick: Pick) -> None:
        """Count an injected fault (and use up one of a ``fail_next`` rule's faults)."""
        rule = pick.rule
        rule.injected += 1
        self.injected[pick.kind] += 1
        if rule.remaining is not None:
            rule.remaining -= 1
            if rule.remaining <= 0:
                self.remove(rule)

    def __repr__(self) -> str:
        return f"Faults(rules={self.rules!r}, injected={dict(self.injected)!r})"


def _check_retry_after(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"retry_after must be a non-negative int of seconds, got {value!r}")
    return value


def _check_delay(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"delay must be non-negative seconds, got {value!r}")
    return float(value)


# --- request budget ---------------------------------------------------------------------------


class RequestBudget:
    """At most ``limit`` requests in any ``window`` seconds of the fake's clock (rolling)."""

    def __init__(self, limit: int, window: float = 3600.0) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"request_budget must be a positive int, got {limit!r}")
        if not window > 0:
            raise ValueError(f"budget_window must be positive seconds, got {window!r}")
        self.limit = limit
        self.window = float(window)
        self._times: deque[float] = deque()

    def _expire(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.window:
            self._times.popleft()

    def used(self, now: float) -> int:
        """Requests counted in the window ending at ``now``."""
        self._expire(now)
        return len(self._times)

    def refuse(self, now: float) -> int | None:
        """Seconds until a slot frees up when the budget is spent, else ``None``."""
        self._expire(now)
        if len(self._times) < self.limit:
            return None
        return max(1, math.ceil(self._times[0] + self.window - now))

    def count(self, now: float) -> None:
        self._times.append(now)

    def __repr__(self) -> str:
        return f"RequestBudget(limit={self.limit}, window={self.window})"


# --- answers ----------------------------------------------------------------------------------


def error_response(status: int, retry_after: int | None) -> httpx.Response:
    """An injected error answer: ``{"code", "message"}`` in Portuguese, like ANYMARKET's;
    a 429 carries ``Retry-After`` (seconds) unless ``retry_after`` is ``None``."""
    headers = {"Content-Type": "application/json;charset=UTF-8"}
    shown = retry_after if status == 429 else None
    if shown is not None:
        headers["Retry-After"] = str(shown)
    body = {"code": str(status), "message": status_message(status, shown)}
    return httpx.Response(status, content=dumps(body), headers=headers)


@attrs.frozen
class Outcome:
    """What one request ends in (internal): an answer or a transport error, delivered after
    ``delay`` more seconds."""

    response: httpx.Response | None = None
    error: httpx.TransportError | None = None
    delay: float = 0.0

    def deliver(self) -> httpx.Response:
        if self.error is not None:
            raise self.error
        assert self.response is not None
        return self.response

"""Fixtures for ``m2_adapter.m2``: a scripted extração server on ``httpx.MockTransport``, and
a runner that drives sync and async calls alike, so one test body covers both twins."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator, Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from anymarket_sdk.testing import ManualClock
from m2_adapter.m2 import AsyncExtracaoClient, ExtracaoClient

TOKEN = "fake-relatorio-token-0000-do-not-use"
URL = "https://extracao.useallcloud.com.br/api/v1/json"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def rows_reply(rows: list[dict[str, Any]], *, wrapped: bool = False) -> httpx.Response:
    body: Any = {"data": rows} if wrapped else rows
    return httpx.Response(200, content=json.dumps(body, default=str).encode())


class FakeExtracao:
    """Answers requests from a script (``replies``, in order) or, when the script is empty,
    by paging ``reports[Identificacao]`` with ``pagina``/``qtderegistros``. Every request is
    kept in ``requests``."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.reports: dict[str, list[dict[str, Any]]] = {}
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.replies:
            reply = self.replies.pop(0)
            if isinstance(reply, Exception):
                raise reply
            if isinstance(reply, httpx.Response):
                return reply
            return reply(request)
        report = request.url.params["Identificacao"]
        rows = self.reports.get(report)
        if rows is None:
            return httpx.Response(404, json={"message": f"relatório {report} não existe"})
        if "pagina" in request.url.params:
            page = int(request.url.params["pagina"])
            size = int(request.url.params["qtderegistros"])
            rows = rows[(page - 1) * size : page * size]
        return rows_reply(rows)

    def params(self, n: int = -1) -> dict[str, str]:
        return dict(self.requests[n].url.params)

    def filters(self, n: int = -1) -> list[dict[str, Any]]:
        text = self.requests[n].url.params.get("FiltrosSqlQuery", "[]")
        parsed: list[dict[str, Any]] = json.loads(text, parse_float=Decimal)
        return parsed

    def filter_values(self, n: int = -1) -> dict[str, Any]:
        return {f["Nome"]: f["Valor"] for f in self.filters(n)}


class Run:
    """Finishes any call, sync or async: awaits coroutines, collects (async) iterators."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._runner = asyncio.Runner() if mode == "async" else None

    @property
    def is_async(self) -> bool:
        return self._runner is not None

    def __call__(self, result: Any) -> Any:
        if self._runner is not None:
            return self._runner.run(_finish(result))
        if isinstance(result, Iterator):
            return list(result)
        return result

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()


async def _finish(result: Any) -> Any:
    if inspect.isawaitable(result):
        result = await result
    if isinstance(result, AsyncIterator):
        return [x async for x in result]
    return result


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Iterator[Run]:
    runner = Run(str(request.param))
    yield runner
    runner.close()


@pytest.fixture
def fake() -> FakeExtracao:
    return FakeExtracao()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


ClientFactory = Callable[..., Any]


@pytest.fixture
def make_client(run: Run, fake: FakeExtracao, clock: ManualClock) -> Iterator[ClientFactory]:
    """Build an ``ExtracaoClient`` (or its async twin, following ``run``) on ``fake``."""
    made: list[Any] = []

    def make(**kw: Any) -> Any:
        kw.setdefault("token", TOKEN)
        kw.setdefault("clock", clock)
        transport = httpx.MockTransport(fake.handler)
        client: Any
        if run.is_async:
            client = AsyncExtracaoClient(transport=transport, **kw)
        else:
            client = ExtracaoClient(transport=transport, **kw)
        made.append(client)
        return client

    yield make
    for c in made:
        run(c.aclose()) if run.is_async else c.close()


@pytest.fixture
def client(make_client: ClientFactory) -> Any:
    return make_client()

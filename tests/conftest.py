"""Shared fixtures: every resource test runs on the sync and the async client.

``am`` is a client wrapped by ``Both``: calling a method runs it to completion whichever
client is underneath (awaiting coroutines, collecting iterators into lists), so one test body
asserts the same behaviour for ``Anymarket`` and ``AsyncAnymarket``. Requests go through
``httpx.MockTransport`` to a ``respx.Router`` (``router``); nothing leaves the process.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from anymarket_sdk import Anymarket, AsyncAnymarket, RetryPolicy
from anymarket_sdk.resources._base import AsyncResource, SyncResource
from anymarket_sdk.testing import ManualClock

BASE = "https://sandbox-api.anymarket.com.br/v2/"
TOKEN = "fake-token-for-tests-0000"
SHARED = Path(__file__).resolve().parents[2] / "shared"


async def _collect(it: AsyncIterator[Any]) -> list[Any]:
    return [x async for x in it]


class Both:
    """Runs any client or resource method to completion, sync or async alike."""

    def __init__(self, target: Any, runner: asyncio.Runner | None) -> None:
        self._target = target
        self._runner = runner

    @property
    def is_async(self) -> bool:
        return self._runner is not None

    @property
    def raw(self) -> Any:
        return self._target

    def _finish(self, result: Any) -> Any:
        if inspect.isawaitable(result):
            assert self._runner is not None
            return self._finish(self._runner.run(_await(result)))
        if isinstance(result, AsyncIterator):
            assert self._runner is not None
            return self._runner.run(_collect(result))
        if isinstance(result, Iterator):
            return list(result)
        return result

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if isinstance(attr, SyncResource | AsyncResource):
            return Both(attr, self._runner)
        if callable(attr) and not isinstance(attr, type):

            def call(*args: Any, **kwargs: Any) -> Any:
                if self._runner is not None:
                    return self._runner.run(_call_async(attr, args, kwargs, self._finish_async))
                return self._finish(attr(*args, **kwargs))

            return call
        return attr

    @staticmethod
    async def _finish_async(result: Any) -> Any:
        if inspect.isawaitable(result):
            result = await result
        if isinstance(result, AsyncIterator):
            return await _collect(result)
        return result


async def _await(x: Any) -> Any:
    return await x


async def _call_async(
    fn: Callable[..., Any], args: Any, kwargs: Any, finish: Callable[[Any], Any]
) -> Any:
    return await finish(fn(*args, **kwargs))


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_mocked=True, assert_all_called=False)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


ClientFactory = Callable[..., Both]


@pytest.fixture
def make_client(mode: str, router: respx.Router, clock: ManualClock) -> Iterator[ClientFactory]:
    """Build a wrapped client on the router. Defaults: strict decoding, no rate limiter,
    retries with the default policy on a manual clock (no real sleeping)."""
    runner = asyncio.Runner() if mode == "async" else None
    made: list[Any] = []

    def make(**kw: Any) -> Both:
        kw.setdefault("token", TOKEN)
        kw.setdefault("base_url", BASE)
        kw.setdefault("strict", True)
        kw.setdefault("rate_limiter", None)
        kw.setdefault("clock", clock)
        kw.setdefault("retry_policy", RetryPolicy(max_retries=2))
        if mode == "async":
            client: Any = AsyncAnymarket(transport=httpx.MockTransport(router.async_handler), **kw)
        else:
            client = Anymarket(transport=httpx.MockTransport(router.handler), **kw)
        made.append(client)
        return Both(client, runner)

    yield make
    for c in made:
        if runner is not None:
            runner.run(c.aclose())
        else:
            c.close()
    if runner is not None:
        runner.close()


@pytest.fixture
def am(make_client: ClientFactory) -> Both:
    return make_client()


def page(
    items: list[Any], *, offset: int = 0, size: int = 5, total: int | None = None
) -> dict[str, Any]:
    """An ANYMARKET page envelope around ``items``."""
    total = len(items) if total is None else total
    return {
        "links": [{"rel": "next", "href": f"{BASE}x?limit={size}&offset={offset + size}"}],
        "content": items,
        "page": {
            "size": size,
            "totalElements": total,
            "totalPages": max(1, -(-total // size)),
            "number": offset // size + 1,
        },
    }

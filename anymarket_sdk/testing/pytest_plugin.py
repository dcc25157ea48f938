"""The ``anymarket`` pytest plugin: fixtures around ``anymarket_sdk.testing.FakeAnymarket``.

Installing ``useall-anymarket`` registers it (entry point ``pytest11``), so every test suite
of the environment gets the fixtures; ``-p no:anymarket`` turns it off. Without the entry
point (a vendored copy), enable it with ``pytest_plugins = ["anymarket_sdk.testing.pytest_plugin"]``
in the root ``conftest.py``.

Fixtures (a fresh set per test):

- ``anymarket_fake``: a ``FakeAnymarket`` on a ``ManualClock`` (virtual time). Configure it
  per test with ``@pytest.mark.anymarket(seed=7, latency=0.05, request_budget=100)`` (any
  ``FakeAnymarket`` keyword), or override the fixture in a ``conftest.py`` to seed data.
- ``anymarket_client``: an ``Anymarket`` on the fake, closed after the test.
- ``anymarket_async_client``: an ``AsyncAnymarket`` on the fake's ``async_transport``, closed
  after the test. The fixture itself is synchronous, so it serves ``asyncio.run(...)`` in a
  plain test as well as ``async def`` tests run by anyio's plugin (``@pytest.mark.anyio``)
  or pytest-asyncio.
- ``anymarket_client_options``: the keywords both clients are built with (default
  ``{"strict": True}``: decoding fails loudly on a shape the models do not expect); override
  it to change them, e.g. ``{"strict": True, "max_retries": 2}``.

``anymarket_sdk.testing`` itself never imports this module, so it works without pytest.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from .._client import Anymarket, AsyncAnymarket
from ._fake import FakeAnymarket

__all__ = [
    "anymarket_async_client",
    "anymarket_client",
    "anymarket_client_options",
    "anymarket_fake",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "anymarket(**kwargs): keyword arguments of the FakeAnymarket built by the "
        "anymarket_fake fixture (seed=, latency=, request_budget=, clock=, ...)",
    )


@pytest.fixture
def anymarket_fake(request: pytest.FixtureRequest) -> FakeAnymarket:
    """A fresh in-memory ANYMARKET (virtual time unless the marker passes ``clock=``)."""
    kwargs: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("anymarket"))):
        if marker.args:
            raise TypeError("@pytest.mark.anymarket takes keyword arguments only")
        kwargs.update(marker.kwargs)  # the closest marker (the test's own) wins
    return FakeAnymarket(**kwargs)


@pytest.fixture
def anymarket_client_options() -> dict[str, Any]:
    """Keyword arguments of ``anymarket_client`` and ``anymarket_async_client``."""
    return {"strict": True}


@pytest.fixture
def anymarket_client(
    anymarket_fake: FakeAnymarket, anymarket_client_options: dict[str, Any]
) -> Iterator[Anymarket]:
    """A synchronous client on ``anymarket_fake``."""
    client = anymarket_fake.client(**anymarket_client_options)
    yield client
    client.close()


@pytest.fixture
def anymarket_async_client(
    anymarket_fake: FakeAnymarket, anymarket_client_options: dict[str, Any]
) -> Iterator[AsyncAnymarket]:
    """An asynchronous client on ``anymarket_fake`` (usable from any event loop)."""
    client = anymarket_fake.async_client(**anymarket_client_options)
    yield client
    _close(client)


def _close(client: AsyncAnymarket) -> None:
    """Close ``client`` from synchronous teardown: on a fresh event loop in a worker thread,
    so it works whether or not the test's own loop (anyio, pytest-asyncio) is running."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(client.aclose())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="anymarket-async-client-close")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]

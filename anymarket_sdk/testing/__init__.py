"""Helpers for testing code that uses ``anymarket_sdk`` (importable without pytest).

- ``ManualClock``: a clock whose sleeps advance virtual time instantly.
- ``FakeAnymarket``: a stateful in-memory ANYMARKET serving the catalogue routes, with
  ``client()``/``async_client()`` wired to it and every request recorded in ``calls``.
"""

from ._clock import ManualClock
from ._fake import Call, FakeAnymarket, FakeAPIError, FakeRequest, Reply, route

__all__ = ["Call", "FakeAPIError", "FakeAnymarket", "FakeRequest", "ManualClock", "Reply", "route"]

"""Helpers for testing code that uses ``anymarket_sdk`` (importable without pytest).

- ``ManualClock``: a clock whose sleeps advance virtual time instantly.
- ``FakeAnymarket``: a stateful in-memory ANYMARKET serving the catalogue routes, with
  ``client()``/``async_client()`` wired to it and every request recorded in ``calls``.
- Fault injection (``fake.fail_next``, ``fake.inject``, ``FaultKind``), a request budget and
  latency on the fake's clock; the pytest fixtures live in ``pytest_plugin`` (not imported
  here: this package does not need pytest).
"""

from ._clock import ManualClock
from ._fake import Call, FakeAnymarket, FakeAPIError, FakeRequest, Reply, route
from ._faults import APPLIED_KINDS, NOT_APPLIED_KINDS, FaultKind, FaultRule, Faults

__all__ = ["Call", "FakeAPIError", "FakeAnymarket", "FakeRequest", "ManualClock", "Reply", "route"]
__all__ += ["APPLIED_KINDS", "NOT_APPLIED_KINDS", "FaultKind", "FaultRule", "Faults"]

"""What every flow receives: clients, M2 source and sink, ledger, mapping configuration.

Flows hold no globals: one process can run many ANYMARKET accounts by building one context
per account (each with its own client, rate limiter and ledger ``account``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import attrs

from anymarket_sdk import Anymarket, AsyncAnymarket

from ..ledger import AsyncLedger, Ledger
from ..m2 import AsyncM2OrderSink, AsyncM2Source, M2OrderSink, M2Source
from ..mapping import MappingConfig
from ..plans import Plan

__all__ = ["AsyncSyncContext", "SyncContext", "utc_now"]


def utc_now() -> datetime:
    """The default clock of the flows: an aware UTC datetime."""
    return datetime.now(UTC)


@attrs.frozen(kw_only=True)
class SyncContext:
    """Everything a synchronous flow needs.

    ``now`` is the flows' clock (aware datetimes); ``plan`` (optional) is the contracted
    ANYMARKET plan checked before catalogue growth; ``worker`` names this process in the
    ledger's claims and run log.
    """

    client: Anymarket
    source: M2Source
    sink: M2OrderSink
    ledger: Ledger
    config: MappingConfig
    plan: Plan | None = None
    now: Callable[[], datetime] = utc_now
    worker: str = "worker-1"


@attrs.frozen(kw_only=True)
class AsyncSyncContext:
    """The asynchronous twin of ``SyncContext``."""

    client: AsyncAnymarket
    source: AsyncM2Source
    sink: AsyncM2OrderSink
    ledger: AsyncLedger
    config: MappingConfig
    plan: Plan | None = None
    now: Callable[[], datetime] = utc_now
    worker: str = "worker-1"

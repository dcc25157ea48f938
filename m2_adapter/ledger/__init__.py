"""The sync flows' persistent state: a small transactional ledger.

Everything a flow must remember to resume after a crash without losing or repeating work
lives here, one transaction per step:

1. **Snapshots** of the last stock and prices ANYMARKET accepted, per SKU: ``stock_delta`` /
   ``price_delta`` stream what changed, ``record_pushed`` / ``mark_failed`` close the loop.
2. **Catalogue id map**: M2 code -> ANYMARKET product, SKU, brand, category, variation ids
   (``remember_id``, ``find_id``, ``find_ids``).
3. **Orders**: ANYMARKET order <-> M2 order number, the intake state and the feed tokens
   (``begin_order`` ... ``mark_acked``, ``pending_orders`` on resume).
4. **Transitions** sent back (``reserve_transition`` / ``record_sent``): never twice.
5. A **work queue** with idempotency keys, claims, leases and retries.
6. A **run log** (``start_run`` / ``finish_run``) and named **checkpoints**.

``Ledger`` / ``AsyncLedger`` are the protocols; ``SqliteLedger`` (stdlib ``sqlite3``, WAL,
``synchronous=FULL``) and ``AsyncSqliteLedger`` / ``ThreadedAsyncLedger`` implement them.
The SQL is portable (``Dialect``) so a PostgreSQL backend can share it. See
``docs/ledger.md``.
"""

from anymarket_sdk.models import PriceTarget

from . import errors
from ._async import AsyncSqliteLedger, ThreadedAsyncLedger
from ._codec import fingerprint
from ._core import DEFAULT_BATCH_SIZE, DEFAULT_LEASE, SqlLedger
from ._dialect import POSTGRESQL, SQLITE, Dialect
from ._protocols import AsyncLedger, Ledger
from ._records import (
    CatalogueEntry,
    CatalogueKind,
    OrderEntry,
    OrderState,
    PriceRecord,
    PushFailure,
    Reservation,
    ReserveOutcome,
    RunEntry,
    RunOutcome,
    SnapshotRecord,
    StockRecord,
    TransitionRecord,
    TransitionState,
    WorkItem,
    WorkState,
)
from ._schema import MIGRATIONS, SCHEMA_VERSION, Migration
from ._sqlite import MEMORY, SqliteLedger
from .errors import (
    LedgerConflictError,
    LedgerError,
    LedgerNotFoundError,
    LedgerStateError,
    SchemaVersionError,
)

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_LEASE",
    "MEMORY",
    "MIGRATIONS",
    "POSTGRESQL",
    "SCHEMA_VERSION",
    "SQLITE",
    "AsyncLedger",
    "AsyncSqliteLedger",
    "CatalogueEntry",
    "CatalogueKind",
    "Dialect",
    "Ledger",
    "LedgerConflictError",
    "LedgerError",
    "LedgerNotFoundError",
    "LedgerStateError",
    "Migration",
    "OrderEntry",
    "OrderState",
    "PriceRecord",
    "PriceTarget",
    "PushFailure",
    "Reservation",
    "ReserveOutcome",
    "RunEntry",
    "RunOutcome",
    "SchemaVersionError",
    "SnapshotRecord",
    "SqlLedger",
    "SqliteLedger",
    "StockRecord",
    "ThreadedAsyncLedger",
    "TransitionRecord",
    "TransitionState",
    "WorkItem",
    "WorkState",
    "errors",
    "fingerprint",
]


def _present_as_public() -> None:
    """Tracebacks and reprs read ``m2_adapter.ledger.SqliteLedger``, not the private module."""
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type) and obj.__module__.startswith("m2_adapter.ledger."):
            obj.__module__ = "m2_adapter.ledger"


_present_as_public()

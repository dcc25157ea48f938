"""The sync flows between Useall M2 and ANYMARKET, each sync and async, each returning a typed
report: catalogue upsert, stock and price deltas, order intake (feed and callbacks),
reconciliation, and invoice/tracking send-back. See docs/flows.md.

Flows receive everything through a context (``SyncContext`` / ``AsyncSyncContext``): clients,
the M2 source and sink, the ledger and the mapping configuration. No globals.
"""

from __future__ import annotations

from ._catalogue import (
    BRAND_PARTNER_PREFIX,
    CATEGORY_PARTNER_PREFIX,
    SCAN_THRESHOLD,
    STATE_CHECKPOINT_PREFIX,
    CatalogueReport,
    async_sync_catalogue,
    sync_catalogue,
)
from ._context import (
    AsyncSyncContext,
    SyncContext,
    utc_now,
)
from ._orders import (
    MAX_CONCURRENCY,
    CallbackOutcome,
    CallbackStatus,
    HeldOrder,
    IntakeAction,
    IntakeReport,
    IntakeStop,
    OrderOutcome,
    async_handle_callback,
    async_import_orders,
    handle_callback,
    import_orders,
)
from ._reconcile import (
    RECONCILE_CHECKPOINT,
    ReconcileReport,
    async_reconcile,
    needs_work,
    reconcile,
    reconcile_windows,
)
from ._reports import (
    Failure,
)
from ._sendback import (
    FiscalDocuments,
    SendAction,
    SendBackReport,
    SendKind,
    TransitionOutcome,
    async_send_fiscal,
    collect_documents,
    send_fiscal,
)
from ._stock import (
    LISTINGS_CHECKPOINT_PREFIX,
    StockPriceReport,
    async_push_stock_and_prices,
    push_stock_and_prices,
)

__all__ = [
    "BRAND_PARTNER_PREFIX",
    "CATEGORY_PARTNER_PREFIX",
    "LISTINGS_CHECKPOINT_PREFIX",
    "MAX_CONCURRENCY",
    "RECONCILE_CHECKPOINT",
    "SCAN_THRESHOLD",
    "STATE_CHECKPOINT_PREFIX",
    "AsyncSyncContext",
    "CallbackOutcome",
    "CallbackStatus",
    "CatalogueReport",
    "Failure",
    "FiscalDocuments",
    "HeldOrder",
    "IntakeAction",
    "IntakeReport",
    "IntakeStop",
    "OrderOutcome",
    "ReconcileReport",
    "SendAction",
    "SendBackReport",
    "SendKind",
    "StockPriceReport",
    "SyncContext",
    "TransitionOutcome",
    "async_handle_callback",
    "async_import_orders",
    "async_push_stock_and_prices",
    "async_reconcile",
    "async_send_fiscal",
    "async_sync_catalogue",
    "collect_documents",
    "handle_callback",
    "import_orders",
    "needs_work",
    "push_stock_and_prices",
    "reconcile",
    "reconcile_windows",
    "send_fiscal",
    "sync_catalogue",
    "utc_now",
]

"""The Useall M2 side of the integration: models, the extração client, sources and sinks.

- **Models** (attrs, frozen, keyword-only), each field's M2 column in its metadata
  (``attrs.fields(Item).item_id.metadata["m2"] == "IDITEM"``):

  - public M2 columns (the extração reports): ``Item``, ``StockBalance``, ``Warehouse``,
    ``Customer`` (with ``Address`` main/delivery/billing), ``City``, ``Company``, ``Branch``;
  - **our contract** (M2 publishes nothing): ``PriceEntry``, ``ItemVariation``,
    ``SalesOrder`` (``OrderItem``, ``Payment``, ``OrderBuyer``, ``DeliveryAddress``,
    ``Intermediary``), ``Invoice``, ``Shipment``, ``Delivery``, ``OrderStatus``.

  ``decode_row(Model, row)`` / ``encode_row(model)`` convert rows keyed by column names.
- **Extração client**: ``ExtracaoClient`` / ``AsyncExtracaoClient`` for Useall's read-only
  reporting API, with typed ``Filter`` objects (``raw_sql_filter`` is the dangerous escape
  hatch) and long 429 waits.
- **The seam**: ``M2Source`` / ``AsyncM2Source`` (read M2) and ``M2OrderSink`` /
  ``AsyncM2OrderSink`` (write orders idempotently by ANYMARKET order id).
- **Implementations**: ``FileSource`` / ``AsyncFileSource`` over JSON/CSV exports,
  ``sample_source()`` on the bundled sample data, ``InMemoryOrderSink``, ``SqliteOrderSink``
  and their async twins.

See ``docs/m2.md``.
"""

from . import errors
from ._columns import DEFAULT_ZONE, col, columns_of, decode_row, encode_row, resolve_zone
from ._contract import (
    Delivery,
    DeliveryAddress,
    Intermediary,
    Invoice,
    ItemVariation,
    OrderBuyer,
    OrderItem,
    OrderReceipt,
    OrderRecord,
    OrderStatus,
    Payment,
    PriceEntry,
    SalesOrder,
    Shipment,
    order_problems,
)
from ._extracao import (
    DEFAULT_EXTRACAO_URL,
    DEFAULT_PAGE_SIZE,
    DEFAULT_RATE_LIMIT_WAIT,
    DEFAULT_RETRY_POLICY,
    AsyncExtracaoClient,
    ExtracaoClient,
    Filter,
    Operator,
    RawSqlFilter,
    ReportIds,
    encode_filters,
    extracao_retry_delay,
    raw_sql_filter,
)
from ._files import SAMPLE_DIR, AsyncFileSource, FileSource, async_sample_source, sample_source
from ._models import Address, Branch, City, Company, Customer, Item, StockBalance, Warehouse
from ._protocols import AsyncM2OrderSink, AsyncM2Source, M2OrderSink, M2Source
from ._sinks import AsyncInMemoryOrderSink, AsyncSqliteOrderSink, InMemoryOrderSink, SqliteOrderSink
from .errors import (
    ExtracaoAuthenticationError,
    ExtracaoConnectionError,
    ExtracaoError,
    ExtracaoNotFoundError,
    ExtracaoRateLimitError,
    ExtracaoResponseError,
    ExtracaoServerError,
    ExtracaoStatusError,
    ExtracaoTimeoutError,
    InvalidOrderError,
    M2DecodeError,
    M2Error,
    OrderNotFoundError,
    OrderSinkError,
    OrderStateError,
)

__all__ = [
    "DEFAULT_EXTRACAO_URL",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_RATE_LIMIT_WAIT",
    "DEFAULT_RETRY_POLICY",
    "DEFAULT_ZONE",
    "SAMPLE_DIR",
    "Address",
    "AsyncExtracaoClient",
    "AsyncFileSource",
    "AsyncInMemoryOrderSink",
    "AsyncM2OrderSink",
    "AsyncM2Source",
    "AsyncSqliteOrderSink",
    "Branch",
    "City",
    "Company",
    "Customer",
    "Delivery",
    "DeliveryAddress",
    "ExtracaoAuthenticationError",
    "ExtracaoClient",
    "ExtracaoConnectionError",
    "ExtracaoError",
    "ExtracaoNotFoundError",
    "ExtracaoRateLimitError",
    "ExtracaoResponseError",
    "ExtracaoServerError",
    "ExtracaoStatusError",
    "ExtracaoTimeoutError",
    "FileSource",
    "Filter",
    "InMemoryOrderSink",
    "Intermediary",
    "InvalidOrderError",
    "Invoice",
    "Item",
    "ItemVariation",
    "M2DecodeError",
    "M2Error",
    "M2OrderSink",
    "M2Source",
    "Operator",
    "OrderBuyer",
    "OrderItem",
    "OrderNotFoundError",
    "OrderReceipt",
    "OrderRecord",
    "OrderSinkError",
    "OrderStateError",
    "OrderStatus",
    "Payment",
    "PriceEntry",
    "RawSqlFilter",
    "ReportIds",
    "SalesOrder",
    "Shipment",
    "SqliteOrderSink",
    "StockBalance",
    "Warehouse",
    "async_sample_source",
    "col",
    "columns_of",
    "decode_row",
    "encode_filters",
    "encode_row",
    "errors",
    "extracao_retry_delay",
    "order_problems",
    "raw_sql_filter",
    "resolve_zone",
    "sample_source",
]


def _present_as_public() -> None:
    """Tracebacks and reprs read ``m2_adapter.m2.Item``, not the private module."""
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type) and obj.__module__.startswith("m2_adapter.m2."):
            obj.__module__ = "m2_adapter.m2"


_present_as_public()

"""``client.orders``: ``/orders``: read orders, move them through their statuses with
typed and validated transitions, NF-e documents, the ERP's order number and import status,
split-shipment packages and returns.

Routes marked [sdk] below come from ANYMARKET's official Java SDK, not from the public API
docs; they may not be enabled for every token.
"""

from __future__ import annotations

import builtins
import re
import secrets
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final, Literal, TypeVar

import attrs
import cattrs
import httpx

from .. import _converter as cv
from .._core import (
    Decoder,
    ListDecoder,
    ModelDecoder,
    NoContent,
    OneOrFirstDecoder,
    Operation,
    check_limit,
    check_offset,
    require_text,
    route,
)
from .._jsonutil import as_array, as_object
from .._pagination import Page, PageDecoder
from ..errors import (
    AmbiguousOrderError,
    InvalidAccessKeyError,
    RequestValidationError,
    TransitionDataError,
    TransitionError,
)
from ..fiscal import parse_access_key
from ..models.enums import Marketplace
from ..models.orders import (
    ALLOWED_SOURCES,
    InvoiceData,
    NfeDocument,
    NfeType,
    Order,
    OrderMessage,
    OrderPackage,
    OrderQuote,
    OrderReturn,
    OrderStatus,
    OrderTransmissionStatus,
    PackageInput,
    PackageReason,
    PackageUnit,
    TrackingData,
    XmlDocumentLink,
)
from ._base import AsyncResource, SyncResource
from ._validate import upper_code

__all__ = [
    "AmbiguousOrderError",
    "AsyncOrders",
    "FormValue",
    "InvalidAccessKeyError",
    "Orders",
    "TransitionDataError",
    "TransitionError",
    "check_transition",
    "encode_multipart",
]

M = TypeVar("M")

XML: Final = "application/xml"
MULTIPART: Final = "multipart/form-data"

FormValue = str | int | Decimal | bool | datetime | Enum | None
"""A multipart form field value (``None`` fields are left out)."""


# --- errors --------------------------------------------------------------------------------


# --- decoders ------------------------------------------------------------------------------


class _OneObject(Decoder[M]):
    """An object, or an array holding it: some tenants answer ``GET /orders/{id}`` with a
    list (API_NOTES §6.14); the element whose ``id`` is the requested one is taken."""

    def __init__(self, model: type[M]) -> None:
        self.model = self._model = model

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> M:
        items = as_array(data)
        if items is not None:
            wanted = request.url.path.rstrip("/").rsplit("/", 1)[-1] if request else None
            matching = [i for i in items if str((as_object(i) or {}).get("id")) == wanted]
            if len(items) == 1:
                data = items[0]
            elif len(matching) == 1:
                data = matching[0]
            else:
                raise TypeError(f"expected one object, got an array of {len(items)}")
        return conv.structure(data, self._model)


class _FiscalXml(Decoder[NfeDocument]):
    """The NF-e XML itself, or JSON links to it (the API docs show both); an XML sent as a
    JSON string is read as the XML (re-encoded as UTF-8)."""

    empty_ok = True
    model = NfeDocument

    def __call__(self, response: httpx.Response, conv: cattrs.Converter) -> NfeDocument:
        content = response.content
        content_type = response.headers.get("content-type")
        head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if head == b"<" or "xml" in (content_type or "").lower():
            return NfeDocument(content=content, content_type=content_type)
        return super().__call__(response, conv)

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> NfeDocument:
        if data is None:
            return NfeDocument()
        if isinstance(data, str):  # the XML wrapped in a JSON string
            return NfeDocument(content=data.encode("utf-8"), content_type="application/json")
        items = as_array(data)
        links = conv.structure(items if items is not None else [data], list[XmlDocumentLink])
        return NfeDocument(links=links, content_type="application/json")


class _Returns(Decoder[list[OrderReturn]]):
    """A bare array of returns, an object wrapping one (``items``/``content``), a single
    return object, or nothing (MM reads all of these)."""

    empty_ok = True
    model = OrderReturn

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> list[OrderReturn]:
        if data is None:
            return []
        items = as_array(data)
        if items is None and (obj := as_object(data)) is not None:
            if "id" in obj or "orderId" in obj:  # one return (it has an ``items`` list too)
                items = [obj]
            else:
                wrapped = obj.get("content", obj.get("items"))
                items = as_array(wrapped) if wrapped is not None else [obj]
        if items is None:
            raise TypeError(f"expected returns, got {type(data).__name__}")
        return conv.structure(items, list[OrderReturn])


# --- routes --------------------------------------------------------------------------------

_LIST = route("GET", "/orders", PageDecoder(Order))
_CREATE = route("POST", "/orders", ModelDecoder(Order))
_GET = route("GET", "/orders/{id}", _OneObject(Order))
_UPDATE = route("PUT", "/orders/{id}", OneOrFirstDecoder(Order))
_QUOTE = route("GET", "/orders/{id}/quote-id", ModelDecoder(OrderQuote))
_UPLOAD_NFE = route("PUT", "/orders/{id}/nfe", NoContent(), content_type=XML)
_DOWNLOAD_NFE = route("GET", "/orders/{id}/nfe/type/{type}", _FiscalXml())
_INBOUND_NFE = route("GET", "/orders/{id}/inbound/marketplace/{marketPlace}", _FiscalXml())
_FISCAL_DOCUMENT = route("POST", "/orders/{id}/fiscalDocument", NoContent(), content_type=None)
# [sdk] routes (official Java SDK; API_NOTES §3.10)
_BY_MARKETPLACE = route("GET", "/orders/{marketplace}/{idInMarketplace}", OneOrFirstDecoder(Order))
_PARTNER_ID = route("PUT", "/orders/partnerid/{id}", NoContent())
_TRANSMISSION = route("PUT", "/orders/{id}/transmissionStatus", OneOrFirstDecoder(Order))
_CREATE_PACKAGES = route("POST", "/orders/{orderId}/packages", ModelDecoder(OrderPackage))
_LIST_PACKAGES = route("GET", "/orders/{orderId}/packages", ListDecoder(PackageUnit))
_DELIVER_PACKAGE = route("PUT", "/orders/{orderId}/packages/delivered", NoContent())
_CREATE_RETURN = route("POST", "/orders/{id}/returns", ModelDecoder(OrderReturn))
_LIST_RETURNS = route("GET", "/orders/returns/{orderId}", _Returns())
_UPDATE_RETURN = route("PATCH", "/orders/returns/{returnId}", ModelDecoder(OrderReturn))


# --- shared checks -------------------------------------------------------------------------

_MARKETPLACE_CODE: Final = re.compile(r"[A-Z0-9_]+")
_CFOP: Final = re.compile(r"[1-7][0-9]{3}")


def _aware(field: str, value: object, *, required: bool = True) -> datetime | None:
    """``value`` must be a timezone-aware datetime (ANYMARKET needs every offset)."""
    if value is None:
        if required:
            raise TransitionDataError(field, "is required (a timezone-aware datetime)")
        return None
    if not isinstance(value, datetime):
        raise TransitionDataError(field, f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise TransitionDataError(
            field, "naive datetime: pass a timezone-aware datetime (ANYMARKET needs the offset)"
        )
    return value


def _text(field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TransitionDataError(field, "is required")
    return value


def _status_of(current: object, order_id: int | None) -> OrderStatus:
    if isinstance(current, Order):
        if order_id is not None and current.id is not None and current.id != order_id:
            raise TransitionDataError("current", f"is order {current.id}, not {order_id}")
        if current.status is None:
            raise TransitionDataError("current.status", "the order carries no status")
        return current.status
    if isinstance(current, str):
        return OrderStatus(current)
    raise TransitionDataError(
        "current", f"expected an OrderStatus or an Order, got {type(current).__name__}"
    )


def check_transition(
    current: OrderStatus | str | Order | None,
    target: OrderStatus,
    *,
    order_id: int | None = None,
) -> None:
    """Raise ``TransitionError`` unless an order in ``current`` may be set to ``target``.

    ``current`` is the order's known status, or the order itself (``None`` skips the check).
    The rules are ``ALLOWED_SOURCES``: the same status is allowed, ``CANCELED`` from
    anything, otherwise only forward moves the table lists. ANYMARKET may or may not
    enforce them itself; the SDK does, so a stale or out-of-order update is caught before
    it is sent.
    """
    if current is None:
        return
    status = _status_of(current, order_id)
    if status.can_move_to(target):
        return
    sources = ", ".join(sorted(s.value for s in ALLOWED_SOURCES.get(target, frozenset())))
    raise TransitionError(
        "current",
        f"an order in {status.value} cannot move to {target.value}"
        f" ({target.value} is reached from: {sources or 'none'}; CANCELED from any status)",
        current=status.value,
        target=target.value,
    )


def _check_key_matches(field: str, name: str, value: object, inside: int) -> None:
    if value is None:
        return
    text = str(value).strip()
    if not text.isdigit():
        raise InvalidAccessKeyError(f"{field}.{name}", f"must be digits, got {text!r}")
    if int(text) != inside:
        raise InvalidAccessKeyError(
            f"{field}.{name}",
            f"{text} differs from the {name} inside the access key ({inside})",
        )


def _invoice_fields(invoice: InvoiceData, field: str = "invoice") -> dict[str, Any]:
    """The checked invoice as wire data (the access key in its 44-digit form)."""
    if not isinstance(invoice, InvoiceData):
        raise TransitionDataError(field, f"expected an InvoiceData, got {type(invoice).__name__}")
    access_key: object = invoice.access_key
    if not isinstance(access_key, str) or not access_key.strip():
        raise TransitionDataError(f"{field}.access_key", "is required to invoice an order")
    key = parse_access_key(invoice.access_key, field=f"{field}.access_key")
    _aware(f"{field}.date", invoice.date)
    _check_key_matches(field, "series", invoice.series, key.series)
    _check_key_matches(field, "number", invoice.number, key.number)
    if invoice.cfop is not None and not _CFOP.fullmatch(str(invoice.cfop)):
        raise TransitionDataError(f"{field}.cfop", "a CFOP has 4 digits, e.g. 5102")
    normalised = attrs.evolve(
        invoice,
        access_key=key.key,
        series=None if invoice.series is None else str(invoice.series).strip(),
        number=None if invoice.number is None else str(invoice.number).strip(),
    )
    data: dict[str, Any] = cv.DEFAULT_CONVERTER.unstructure(normalised)
    return data


def _tracking_fields(tracking: TrackingData, field: str = "tracking") -> dict[str, Any]:
    if not isinstance(tracking, TrackingData):
        raise TransitionDataError(field, f"expected a TrackingData, got {type(tracking).__name__}")
    _text(f"{field}.number", tracking.number)
    _text(f"{field}.carrier", tracking.carrier)
    _aware(f"{field}.shipped_date", tracking.shipped_date)
    _aware(f"{field}.estimate_date", tracking.estimate_date, required=False)
    _aware(f"{field}.date", tracking.date, required=False)
    data: dict[str, Any] = cv.DEFAULT_CONVERTER.unstructure(tracking)
    return data


# --- multipart -----------------------------------------------------------------------------

_BOUNDARY: Final = re.compile(r"[0-9A-Za-z'()+_,\-./:=?]{1,70}")


def _header_safe(field: str, value: str) -> str:
    if not isinstance(value, str) or not value or any(c in value for c in '"\r\n'):
        raise RequestValidationError(field, "must be non-empty, without quotes or line breaks")
    return value


def encode_multipart(
    fields: Sequence[tuple[str, str]],
    files: Sequence[tuple[str, str, str, bytes]] = (),
    *,
    boundary: str,
) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body and its Content-Type: pure and deterministic.

    ``fields`` are ``(name, text)`` pairs; ``files`` are ``(name, filename, content_type,
    data)`` and their bytes are copied unchanged. The boundary must not occur in any part.
    """
    if not _BOUNDARY.fullmatch(boundary):
        raise RequestValidationError("boundary", "1-70 letters, digits or '()+_,-./:=?")
    delimiter = b"--" + boundary.encode("ascii")
    out: list[bytes] = []
    for name, value in fields:
        data = value.encode("utf-8")
        if delimiter in data:
            raise RequestValidationError("boundary", f"occurs in the field {name!r}")
        header = f'Content-Disposition: form-data; name="{_header_safe("fields", name)}"\r\n\r\n'
        out += [delimiter + b"\r\n", header.encode(), data, b"\r\n"]
    for name, filename, content_type, data in files:
        disposition = (
            f'Content-Disposition: form-data; name="{_header_safe("fields", name)}"; '
            f'filename="{_header_safe("filename", filename)}"\r\n'
            f"Content-Type: {_header_safe('content_type', content_type)}\r\n\r\n"
        )
        if delimiter in data:
            raise RequestValidationError("boundary", f"occurs in the file {filename!r}")
        out += [delimiter + b"\r\n", disposition.encode(), bytes(data), b"\r\n"]
    out.append(delimiter + b"--\r\n")
    return b"".join(out), f"{MULTIPART}; boundary={boundary}"


def _form_text(field: str, value: FormValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        aware = _aware(field, value)
        assert aware is not None
        return aware.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _new_boundary() -> str:
    return f"anymarket-sdk-{secrets.token_hex(16)}"


def _bytes(field: str, value: object) -> bytes:
    if isinstance(value, str):
        raise RequestValidationError(
            field, "expected bytes: pass the document as read from disk (not decoded text)"
        )
    if not isinstance(value, bytes | bytearray):
        raise RequestValidationError(field, f"expected bytes, got {type(value).__name__}")
    if not value:
        raise RequestValidationError(field, "expected non-empty bytes")
    return bytes(value)


# --- operations ----------------------------------------------------------------------------


def _filters(
    *,
    created_after: datetime | None,
    created_before: datetime | None,
    status: OrderStatus | str | None,
    marketplace: Marketplace | str | None,
    marketplace_id: str | None,
    partner_id: str | None,
    order_number_in_marketplace: str | None,
    transmission_status: OrderTransmissionStatus | str | None,
    sort: str | None,
    sort_direction: Literal["ASC", "DESC"] | None,
    include_quote_id: bool | None,
) -> dict[str, Any]:
    for name, value in (("created_after", created_after), ("created_before", created_before)):
        if value is not None:
            try:
                _aware(name, value)
            except TransitionDataError as exc:
                raise RequestValidationError(exc.field, exc.reason) from None
    if created_after and created_before and created_before < created_after:
        raise RequestValidationError("created_before", "is before created_after")
    if sort_direction is not None and sort_direction not in ("ASC", "DESC"):
        raise RequestValidationError("sort_direction", "must be 'ASC' or 'DESC'")
    for name, text in (("status", status), ("transmission_status", transmission_status)):
        if text is not None and (not isinstance(text, str) or not text.strip()):
            raise RequestValidationError(name, "must be a non-empty status")
    return {
        "createdAfter": created_after,
        "createdBefore": created_before,
        "status": status,
        "marketplace": None if marketplace is None else upper_code("marketplace", marketplace),
        "marketplaceId": marketplace_id,
        "partnerId": partner_id,
        "orderNumberInMarketPlace": order_number_in_marketplace,
        "transmissionStatus": transmission_status,
        "sort": sort,
        "sortDirection": sort_direction,
        "includeQuoteId": include_quote_id,
    }


def list_op(
    *,
    offset: int = 0,
    limit: int = 50,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    status: OrderStatus | str | None = None,
    marketplace: Marketplace | str | None = None,
    marketplace_id: str | None = None,
    partner_id: str | None = None,
    order_number_in_marketplace: str | None = None,
    transmission_status: OrderTransmissionStatus | str | None = None,
    sort: str | None = None,
    sort_direction: Literal["ASC", "DESC"] | None = None,
    include_quote_id: bool | None = None,
) -> Operation[Page[Order]]:
    params = {"offset": check_offset(offset), "limit": check_limit(limit)}
    params.update(
        _filters(
            created_after=created_after,
            created_before=created_before,
            status=status,
            marketplace=marketplace,
            marketplace_id=marketplace_id,
            partner_id=partner_id,
            order_number_in_marketplace=order_number_in_marketplace,
            transmission_status=transmission_status,
            sort=sort,
            sort_direction=sort_direction,
            include_quote_id=include_quote_id,
        )
    )
    return _LIST.op(params=params)


def get_op(order_id: int, *, include_quote_id: bool = False) -> Operation[Order]:
    return _GET.op({"id": order_id}, params={"includeQuoteId": True if include_quote_id else None})


def validate_new_order(order: Order) -> Order:
    """The checks ``POST /orders`` needs (its required fields); ``product_gross`` is
    dropped (the official SDK never sends it on creation)."""
    if not isinstance(order, Order):
        raise RequestValidationError("order", f"expected an Order, got {type(order).__name__}")
    for name in ("marketplace_id", "marketplace_number", "marketplace_status"):
        require_text(f"order.{name}", getattr(order, name))
    if order.marketplace is None:
        raise RequestValidationError("order.marketplace", "is required (e.g. ECOMMERCE)")
    for name in ("status", "transmission_status", "total"):
        if getattr(order, name) is None:
            raise RequestValidationError(f"order.{name}", "is required")
    if order.created_at is None:
        raise RequestValidationError("order.created_at", "is required")
    for name in ("created_at", "payment_date"):
        try:
            _aware(f"order.{name}", getattr(order, name), required=False)
        except TransitionDataError as exc:
            raise RequestValidationError(exc.field, exc.reason) from None
    buyer = order.buyer
    if buyer is None:
        raise RequestValidationError("order.buyer", "is required")
    for name in ("name", "document", "email", "phone"):
        require_text(f"order.buyer.{name}", getattr(buyer, name))
    if buyer.document_type is None:
        raise RequestValidationError("order.buyer.document_type", "is required (CPF, CNPJ...)")
    if not order.items:
        raise RequestValidationError("order.items", "at least one item is required")
    for i, item in enumerate(order.items):
        where = f"order.items[{i}]"
        if item.sku is None:
            raise RequestValidationError(f"{where}.sku", "is required (title and partner_id)")
        require_text(f"{where}.sku.title", item.sku.title)
        require_text(f"{where}.sku.partner_id", item.sku.partner_id)
        if item.product is None:
            raise RequestValidationError(f"{where}.product", "is required (title)")
        require_text(f"{where}.product.title", item.product.title)
        for name in ("amount", "unit", "gross", "total"):
            if getattr(item, name) is None:
                raise RequestValidationError(f"{where}.{name}", "is required")
        assert item.amount is not None
        if item.amount <= 0 or item.amount != item.amount.to_integral_value():
            raise RequestValidationError(f"{where}.amount", "a positive whole quantity")
    return attrs.evolve(order, product_gross=None)


def create_op(order: Order) -> Operation[Order]:
    return _CREATE.op(json=validate_new_order(order))


def _status_op(
    order_id: int,
    target: OrderStatus,
    body: dict[str, Any],
    current: OrderStatus | str | Order | None,
    params: dict[str, Any] | None = None,
) -> Operation[Order | None]:
    check_transition(current, target, order_id=order_id)
    return _UPDATE.op({"id": order_id}, params=params, json={"status": target.value, **body})


def mark_paid_op(
    order_id: int, *, current: OrderStatus | str | Order | None = None
) -> Operation[Order | None]:
    return _status_op(order_id, OrderStatus.PAID_WAITING_SHIP, {}, current)


def invoice_op(
    order_id: int,
    invoice: InvoiceData,
    *,
    current: OrderStatus | str | Order | None = None,
    number_of_packages: int | None = None,
    cd_zip_code: str | None = None,
) -> Operation[Order | None]:
    body: dict[str, Any] = {"invoice": _invoice_fields(invoice)}
    metadata: dict[str, str] = {}
    if number_of_packages is not None:
        if isinstance(number_of_packages, bool) or not isinstance(number_of_packages, int):
            raise TransitionDataError("number_of_packages", "must be an integer")
        if number_of_packages < 1:
            raise TransitionDataError("number_of_packages", "must be at least 1")
        metadata["number-of-packages"] = str(number_of_packages)
    if cd_zip_code is not None:
        metadata["cdZipCode"] = _text("cd_zip_code", cd_zip_code)
    if metadata:
        body["metadata"] = metadata
    return _status_op(order_id, OrderStatus.INVOICED, body, current)


def ship_op(
    order_id: int,
    tracking: TrackingData,
    *,
    current: OrderStatus | str | Order | None = None,
    invoice: InvoiceData | None = None,
    package_id: str | None = None,
) -> Operation[Order | None]:
    body: dict[str, Any] = {"tracking": _tracking_fields(tracking)}
    if invoice is not None:
        body["invoice"] = _invoice_fields(invoice)
    params = None
    if package_id is not None:
        params = {"packageId": _text("package_id", str(package_id))}
    return _status_op(order_id, OrderStatus.PAID_WAITING_DELIVERY, body, current, params)


def deliver_op(
    order_id: int,
    delivered_at: datetime,
    *,
    current: OrderStatus | str | Order | None = None,
) -> Operation[Order | None]:
    when = _aware("delivered_at", delivered_at)
    assert when is not None
    body = {"tracking": {"deliveredDate": when.isoformat()}}
    return _status_op(order_id, OrderStatus.CONCLUDED, body, current)


def cancel_op(
    order_id: int,
    *,
    current: OrderStatus | str | Order | None = None,
    cancel_details: str | None = None,
) -> Operation[Order | None]:
    body: dict[str, Any] = {}
    if cancel_details is not None:
        body["cancelDetails"] = _text("cancel_details", cancel_details)
    return _status_op(order_id, OrderStatus.CANCELED, body, current)


def quote_id_op(order_id: int) -> Operation[OrderQuote]:
    return _QUOTE.op({"id": order_id})


def upload_nfe_xml_op(order_id: int, xml: bytes) -> Operation[None]:
    """The XML goes byte for byte: no re-encoding, no escaping, no BOM stripping."""
    content = _bytes("xml", xml)
    if not content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise RequestValidationError("xml", "does not look like XML (expected '<' first)")
    return _UPLOAD_NFE.op({"id": order_id}, content=content, content_type=XML)


def download_nfe_op(order_id: int, nfe_type: NfeType | str) -> Operation[NfeDocument]:
    value = nfe_type.value if isinstance(nfe_type, Enum) else nfe_type
    if not isinstance(value, str) or not NfeType(value).is_known:
        known = ", ".join(t.value for t in NfeType)
        raise RequestValidationError("nfe_type", f"unknown NF-e type {value!r}; one of: {known}")
    return _DOWNLOAD_NFE.op({"id": order_id, "type": value})


def inbound_nfe_op(order_id: int, marketplace: Marketplace | str) -> Operation[NfeDocument]:
    code = upper_code("marketplace", marketplace)
    return _INBOUND_NFE.op({"id": order_id, "marketPlace": code})


def upload_fiscal_document_op(
    order_id: int,
    file: bytes,
    *,
    filename: str,
    content_type: str = "application/pdf",
    fields: Mapping[str, FormValue] | None = None,
    boundary: str | None = None,
) -> Operation[None]:
    """POST the document as ``multipart/form-data`` (part ``file`` plus ``fields``)."""
    data = _bytes("file", file)
    pairs: list[tuple[str, str]] = []
    for name, value in (fields or {}).items():
        if name == "file":
            raise RequestValidationError("fields", "'file' is the document part's name")
        text: str | None
        if name == "accessKey" and value is not None:
            text = parse_access_key(str(value), field="fields.accessKey").key
        else:
            text = _form_text(f"fields.{name}", value)
        if text is not None:
            pairs.append((name, text))
    body, ctype = encode_multipart(
        pairs, [("file", filename, content_type, data)], boundary=boundary or _new_boundary()
    )
    return _FISCAL_DOCUMENT.op({"id": order_id}, content=body, content_type=ctype)


_PACKAGE_INVOICE_FIELDS: Final = (
    "date",
    "number",
    "accessKey",
    "series",
    "invoiceLink",
    "linkNfe",
    "cfop",
    "companyStateTaxId",
    "extraDescription",
)


def invoice_package_op(
    order_id: int,
    package_id: str,
    invoice: InvoiceData,
    *,
    xml: bytes | None = None,
    boundary: str | None = None,
) -> Operation[None]:
    """Invoice one package: the invoice as form fields plus the NF-e XML (if given) as
    ``{package_id}.xml``, the way the official Java SDK does."""
    pid = _text("package_id", str(package_id))
    wire = _invoice_fields(invoice)
    pairs = [("packageId", pid)]
    pairs += [(k, str(wire[k])) for k in _PACKAGE_INVOICE_FIELDS if wire.get(k) is not None]
    fiscal: dict[str, Any] = wire.get("fiscalMetadata") or {}
    pairs += [(k, v) for k, v in fiscal.items() if isinstance(v, str)]
    files = [] if xml is None else [("file", f"{pid}.xml", XML, _bytes("xml", xml))]
    body, ctype = encode_multipart(pairs, files, boundary=boundary or _new_boundary())
    return _FISCAL_DOCUMENT.op({"id": order_id}, content=body, content_type=ctype)


def by_marketplace_op(
    marketplace: Marketplace | str, id_in_marketplace: str
) -> Operation[Order | None]:
    code = upper_code("marketplace", marketplace)
    require_text("id_in_marketplace", id_in_marketplace)
    return _BY_MARKETPLACE.op({"marketplace": code, "idInMarketplace": id_in_marketplace})


def set_partner_id_op(order_id: int, partner_id: str) -> Operation[None]:
    require_text("partner_id", partner_id)
    return _PARTNER_ID.op({"id": order_id}, json={"id": order_id, "partnerId": partner_id})


def report_transmission_op(
    order_id: int,
    ok: bool,
    message: str | None = None,
    *,
    status_in_marketplace: str | None = None,
    order_message: OrderMessage | None = None,
) -> Operation[Order | None]:
    if not isinstance(ok, bool):
        raise RequestValidationError("ok", "True for a successful import, False for a failure")
    if ok and message is not None:
        raise RequestValidationError("message", "is the error text: send it with ok=False")
    if not ok:
        require_text("message", message)
    if order_message is not None and not isinstance(order_message, OrderMessage):
        raise RequestValidationError("order_message", "expected an OrderMessage")
    status = OrderTransmissionStatus.OK if ok else OrderTransmissionStatus.ERROR
    body: dict[str, Any] = {"transmissionStatus": status.value}
    if message is not None:
        body["errorMsg"] = message
    if status_in_marketplace is not None:
        body["statusInMarketplace"] = status_in_marketplace
    if order_message is not None:
        body["orderMessage"] = order_message
    return _TRANSMISSION.op({"id": order_id}, json=body)


def create_packages_op(
    order_id: int, packages: Sequence[PackageInput], *, reason: PackageReason | None = None
) -> Operation[OrderPackage]:
    if isinstance(packages, PackageInput) or not packages:
        raise RequestValidationError("packages", "a non-empty list of PackageInput")
    for i, package in enumerate(packages):
        where = f"packages[{i}]"
        if not isinstance(package, PackageInput):
            raise RequestValidationError(where, "expected a PackageInput")
        if not package.items:
            raise RequestValidationError(f"{where}.items", "a package holds at least one item")
        for j, item in enumerate(package.items):
            require_text(f"{where}.items[{j}].sku", item.sku)
            qty: object = item.quantity
            if isinstance(qty, bool) or not isinstance(qty, int | Decimal) or not qty > 0:
                raise RequestValidationError(f"{where}.items[{j}].quantity", "must be > 0")
    body: dict[str, Any] = {"packages": list(packages)}
    if reason is not None:
        body["packageReason"] = reason
    return _CREATE_PACKAGES.op({"orderId": order_id}, json=body)


def list_packages_op(order_id: int) -> Operation[list[PackageUnit]]:
    return _LIST_PACKAGES.op({"orderId": order_id})


def mark_package_delivered_op(
    order_id: int, package_id: str, delivered_at: datetime
) -> Operation[None]:
    pid = _text("package_id", str(package_id))
    when = _aware("delivered_at", delivered_at)
    assert when is not None
    body = {"packageId": pid, "deliveredDate": when.isoformat()}
    return _DELIVER_PACKAGE.op({"orderId": order_id}, json=body)


def _check_return(order_return: OrderReturn) -> OrderReturn:
    if not isinstance(order_return, OrderReturn):
        raise RequestValidationError(
            "order_return", f"expected an OrderReturn, got {type(order_return).__name__}"
        )
    for i, item in enumerate(order_return.items):
        if item.quantity is not None and not item.quantity > 0:
            raise RequestValidationError(f"order_return.items[{i}].quantity", "must be > 0")
    if order_return.invoice is not None and order_return.invoice.access_key is not None:
        key = parse_access_key(
            order_return.invoice.access_key, field="order_return.invoice.access_key"
        )
        order_return = attrs.evolve(
            order_return, invoice=attrs.evolve(order_return.invoice, access_key=key.key)
        )
    return order_return


def create_return_op(order_id: int, order_return: OrderReturn) -> Operation[OrderReturn]:
    checked = _check_return(order_return)
    if not checked.items:
        raise RequestValidationError("order_return.items", "at least one returned item")
    return _CREATE_RETURN.op({"id": order_id}, json=checked)


def list_returns_op(order_id: int) -> Operation[list[OrderReturn]]:
    return _LIST_RETURNS.op({"orderId": order_id})


def update_return_op(return_id: int, changes: OrderReturn) -> Operation[OrderReturn]:
    return _UPDATE_RETURN.op({"returnId": return_id}, json=_check_return(changes))


def _one_with_partner_id(items: Sequence[Order], partner_id: str) -> Order | None:
    exact = [o for o in items if o.partner_id == partner_id]
    if len(exact) > 1:
        raise AmbiguousOrderError(
            f"{len(exact)} orders carry the partner id {partner_id!r}",
            order_ids=[o.id for o in exact],
        )
    return exact[0] if exact else None


# --- resources -----------------------------------------------------------------------------

Current = OrderStatus | str | Order | None


class Orders(SyncResource):
    def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        status: OrderStatus | str | None = None,
        marketplace: Marketplace | str | None = None,
        marketplace_id: str | None = None,
        partner_id: str | None = None,
        order_number_in_marketplace: str | None = None,
        transmission_status: OrderTransmissionStatus | str | None = None,
        sort: str | None = None,
        sort_direction: Literal["ASC", "DESC"] | None = None,
        include_quote_id: bool | None = None,
    ) -> Page[Order]:
        """One page of orders. Dates must be timezone-aware (``createdAfter`` and
        ``createdBefore`` are the only date filters the API has)."""
        return self._client.send(
            list_op(
                offset=offset,
                limit=limit,
                created_after=created_after,
                created_before=created_before,
                status=status,
                marketplace=marketplace,
                marketplace_id=marketplace_id,
                partner_id=partner_id,
                order_number_in_marketplace=order_number_in_marketplace,
                transmission_status=transmission_status,
                sort=sort,
                sort_direction=sort_direction,
                include_quote_id=include_quote_id,
            )
        )

    def iter(
        self,
        *,
        limit: int = 100,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        status: OrderStatus | str | None = None,
        marketplace: Marketplace | str | None = None,
        marketplace_id: str | None = None,
        partner_id: str | None = None,
        order_number_in_marketplace: str | None = None,
        transmission_status: OrderTransmissionStatus | str | None = None,
        sort: str | None = None,
        sort_direction: Literal["ASC", "DESC"] | None = None,
        include_quote_id: bool | None = None,
        max_items: int | None = None,
    ) -> Iterator[Order]:
        """Every matching order, lazily (same filters as ``list``)."""
        op = list_op(
            limit=limit,
            created_after=created_after,
            created_before=created_before,
            status=status,
            marketplace=marketplace,
            marketplace_id=marketplace_id,
            partner_id=partner_id,
            order_number_in_marketplace=order_number_in_marketplace,
            transmission_status=transmission_status,
            sort=sort,
            sort_direction=sort_direction,
            include_quote_id=include_quote_id,
        )
        return self._client.iter_items(op, max_items=max_items)

    def get(self, order_id: int, *, include_quote_id: bool = False) -> Order:
        """One order; ``include_quote_id=True`` adds ``quote_reconciliation``."""
        return self._client.send(get_op(order_id, include_quote_id=include_quote_id))

    def create(self, order: Order) -> Order:
        """Create an order (sandbox test orders, or an e-commerce partner's own orders)."""
        return self._client.send(create_op(order))

    def get_by_marketplace_id(
        self, marketplace: Marketplace | str, id_in_marketplace: str
    ) -> Order | None:
        """[sdk] The order with this id at the marketplace, or ``None``."""
        return self._client.send(by_marketplace_op(marketplace, id_in_marketplace))

    def find_by_partner_id(self, partner_id: str) -> Order | None:
        """The order whose ERP number is exactly ``partner_id``, or ``None``; raises
        ``AmbiguousOrderError`` if several carry it."""
        require_text("partner_id", partner_id)
        page = self._client.send(list_op(limit=5, partner_id=partner_id))
        return _one_with_partner_id(page.items, partner_id)

    def mark_paid(self, order_id: int, *, current: Current = None) -> Order | None:
        """Set PAID_WAITING_SHIP ("Pago")."""
        return self._client.send(mark_paid_op(order_id, current=current))

    def invoice(
        self,
        order_id: int,
        invoice: InvoiceData,
        *,
        current: Current = None,
        number_of_packages: int | None = None,
        cd_zip_code: str | None = None,
    ) -> Order | None:
        """Set INVOICED ("Faturado") with the NF-e (access key checked before sending)."""
        return self._client.send(
            invoice_op(
                order_id,
                invoice,
                current=current,
                number_of_packages=number_of_packages,
                cd_zip_code=cd_zip_code,
            )
        )

    def ship(
        self,
        order_id: int,
        tracking: TrackingData,
        *,
        current: Current = None,
        invoice: InvoiceData | None = None,
        package_id: str | None = None,
    ) -> Order | None:
        """Set PAID_WAITING_DELIVERY ("Enviado") with the tracking; ``invoice`` sends the NF-e
        in the same call, ``package_id`` ships one package of a split order."""
        return self._client.send(
            ship_op(order_id, tracking, current=current, invoice=invoice, package_id=package_id)
        )

    def deliver(
        self, order_id: int, delivered_at: datetime, *, current: Current = None
    ) -> Order | None:
        """Set CONCLUDED ("Entregue") with the delivery date."""
        return self._client.send(deliver_op(order_id, delivered_at, current=current))

    def cancel(
        self, order_id: int, *, current: Current = None, cancel_details: str | None = None
    ) -> Order | None:
        """Set CANCELED; ``cancel_details`` is required by some channels (GFG/Dafiti)."""
        return self._client.send(
            cancel_op(order_id, current=current, cancel_details=cancel_details)
        )

    def set_partner_id(self, order_id: int, partner_id: str) -> None:
        """[sdk] Write the ERP's order number back (it cannot be changed once set)."""
        self._client.send(set_partner_id_op(order_id, partner_id))

    def report_transmission(
        self,
        order_id: int,
        ok: bool,
        message: str | None = None,
        *,
        status_in_marketplace: str | None = None,
        order_message: OrderMessage | None = None,
    ) -> Order | None:
        """[sdk] Report the ERP import result in the seller's panel (OK, or ERROR with
        ``message``)."""
        return self._client.send(
            report_transmission_op(
                order_id,
                ok,
                message,
                status_in_marketplace=status_in_marketplace,
                order_message=order_message,
            )
        )

    def quote_id(self, order_id: int) -> OrderQuote:
        """The freight quote the order was sold with."""
        return self._client.send(quote_id_op(order_id))

    def upload_nfe_xml(self, order_id: int, xml: bytes) -> None:
        """Send the authorised NF-e XML to the marketplace, byte for byte."""
        self._client.send(upload_nfe_xml_op(order_id, xml))

    def download_nfe(self, order_id: int, nfe_type: NfeType | str) -> NfeDocument:
        """A fiscal XML of the order by type (``NfeType``): the XML or links to it."""
        return self._client.send(download_nfe_op(order_id, nfe_type))

    def inbound_nfe(self, order_id: int, marketplace: Marketplace | str) -> NfeDocument:
        """The inbound NF-e announced by an ``INBOUND_NFE`` callback (``order_id`` is the
        callback's id)."""
        return self._client.send(inbound_nfe_op(order_id, marketplace))

    def upload_fiscal_document(
        self,
        order_id: int,
        file: bytes,
        *,
        filename: str,
        content_type: str = "application/pdf",
        fields: Mapping[str, FormValue] | None = None,
    ) -> None:
        """Send a fiscal document (the DANFE PDF by default) as multipart ``file``."""
        self._client.send(
            upload_fiscal_document_op(
                order_id, file, filename=filename, content_type=content_type, fields=fields
            )
        )

    def invoice_package(
        self, order_id: int, package_id: str, invoice: InvoiceData, *, xml: bytes | None = None
    ) -> None:
        """[sdk] Invoice one package of a split order (fields plus the XML)."""
        self._client.send(invoice_package_op(order_id, package_id, invoice, xml=xml))

    def create_packages(
        self,
        order_id: int,
        packages: Sequence[PackageInput],
        *,
        reason: PackageReason | None = None,
    ) -> OrderPackage:
        """[sdk] Split the order into packages (one invoice and one tracking each)."""
        return self._client.send(create_packages_op(order_id, packages, reason=reason))

    def list_packages(self, order_id: int) -> builtins.list[PackageUnit]:
        """[sdk] The order's packages."""
        return self._client.send(list_packages_op(order_id))

    def mark_package_delivered(
        self, order_id: int, package_id: str, delivered_at: datetime
    ) -> None:
        """[sdk] Mark one package delivered."""
        self._client.send(mark_package_delivered_op(order_id, package_id, delivered_at))

    def create_return(self, order_id: int, order_return: OrderReturn) -> OrderReturn:
        """[sdk] Register a return of the order."""
        return self._client.send(create_return_op(order_id, order_return))

    def list_returns(self, order_id: int) -> builtins.list[OrderReturn]:
        """[sdk] The order's returns."""
        return self._client.send(list_returns_op(order_id))

    def update_return(self, return_id: int, changes: OrderReturn) -> OrderReturn:
        """[sdk] Change a return (PATCH with the fields set in ``changes``)."""
        return self._client.send(update_return_op(return_id, changes))


class AsyncOrders(AsyncResource):
    async def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        status: OrderStatus | str | None = None,
        marketplace: Marketplace | str | None = None,
        marketplace_id: str | None = None,
        partner_id: str | None = None,
        order_number_in_marketplace: str | None = None,
        transmission_status: OrderTransmissionStatus | str | None = None,
        sort: str | None = None,
        sort_direction: Literal["ASC", "DESC"] | None = None,
        include_quote_id: bool | None = None,
    ) -> Page[Order]:
        """One page of orders. Dates must be timezone-aware (``createdAfter`` and
        ``createdBefore`` are the only date filters the API has)."""
        return await self._client.send(
            list_op(
                offset=offset,
                limit=limit,
                created_after=created_after,
                created_before=created_before,
                status=status,
                marketplace=marketplace,
                marketplace_id=marketplace_id,
                partner_id=partner_id,
                order_number_in_marketplace=order_number_in_marketplace,
                transmission_status=transmission_status,
                sort=sort,
                sort_direction=sort_direction,
                include_quote_id=include_quote_id,
            )
        )

    def iter(
        self,
        *,
        limit: int = 100,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        status: OrderStatus | str | None = None,
        marketplace: Marketplace | str | None = None,
        marketplace_id: str | None = None,
        partner_id: str | None = None,
        order_number_in_marketplace: str | None = None,
        transmission_status: OrderTransmissionStatus | str | None = None,
        sort: str | None = None,
        sort_direction: Literal["ASC", "DESC"] | None = None,
        include_quote_id: bool | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[Order]:
        """Every matching order, lazily (``async for``; same filters as ``list``)."""
        op = list_op(
            limit=limit,
            created_after=created_after,
            created_before=created_before,
            status=status,
            marketplace=marketplace,
            marketplace_id=marketplace_id,
            partner_id=partner_id,
            order_number_in_marketplace=order_number_in_marketplace,
            transmission_status=transmission_status,
            sort=sort,
            sort_direction=sort_direction,
            include_quote_id=include_quote_id,
        )
        return self._client.iter_items(op, max_items=max_items)

    async def get(self, order_id: int, *, include_quote_id: bool = False) -> Order:
        """One order; ``include_quote_id=True`` adds ``quote_reconciliation``."""
        return await self._client.send(get_op(order_id, include_quote_id=include_quote_id))

    async def create(self, order: Order) -> Order:
        """Create an order (sandbox test orders, or an e-commerce partner's own orders)."""
        return await self._client.send(create_op(order))

    async def get_by_marketplace_id(
        self, marketplace: Marketplace | str, id_in_marketplace: str
    ) -> Order | None:
        """[sdk] The order with this id at the marketplace, or ``None``."""
        return await self._client.send(by_marketplace_op(marketplace, id_in_marketplace))

    async def find_by_partner_id(self, partner_id: str) -> Order | None:
        """The order whose ERP number is exactly ``partner_id``, or ``None``; raises
        ``AmbiguousOrderError`` if several carry it."""
        require_text("partner_id", partner_id)
        page = await self._client.send(list_op(limit=5, partner_id=partner_id))
        return _one_with_partner_id(page.items, partner_id)

    async def mark_paid(self, order_id: int, *, current: Current = None) -> Order | None:
        """Set PAID_WAITING_SHIP ("Pago")."""
        return await self._client.send(mark_paid_op(order_id, current=current))

    async def invoice(
        self,
        order_id: int,
        invoice: InvoiceData,
        *,
        current: Current = None,
        number_of_packages: int | None = None,
        cd_zip_code: str | None = None,
    ) -> Order | None:
        """Set INVOICED ("Faturado") with the NF-e (access key checked before sending)."""
        return await self._client.send(
            invoice_op(
                order_id,
                invoice,
                current=current,
                number_of_packages=number_of_packages,
                cd_zip_code=cd_zip_code,
            )
        )

    async def ship(
        self,
        order_id: int,
        tracking: TrackingData,
        *,
        current: Current = None,
        invoice: InvoiceData | None = None,
        package_id: str | None = None,
    ) -> Order | None:
        """Set PAID_WAITING_DELIVERY ("Enviado") with the tracking; ``invoice`` sends the NF-e
        in the same call, ``package_id`` ships one package of a split order."""
        return await self._client.send(
            ship_op(order_id, tracking, current=current, invoice=invoice, package_id=package_id)
        )

    async def deliver(
        self, order_id: int, delivered_at: datetime, *, current: Current = None
    ) -> Order | None:
        """Set CONCLUDED ("Entregue") with the delivery date."""
        return await self._client.send(deliver_op(order_id, delivered_at, current=current))

    async def cancel(
        self, order_id: int, *, current: Current = None, cancel_details: str | None = None
    ) -> Order | None:
        """Set CANCELED; ``cancel_details`` is required by some channels (GFG/Dafiti)."""
        return await self._client.send(
            cancel_op(order_id, current=current, cancel_details=cancel_details)
        )

    async def set_partner_id(self, order_id: int, partner_id: str) -> None:
        """[sdk] Write the ERP's order number back (it cannot be changed once set)."""
        await self._client.send(set_partner_id_op(order_id, partner_id))

    async def report_transmission(
        self,
        order_id: int,
        ok: bool,
        message: str | None = None,
        *,
        status_in_marketplace: str | None = None,
        order_message: OrderMessage | None = None,
    ) -> Order | None:
        """[sdk] Report the ERP import result in the seller's panel (OK, or ERROR with
        ``message``)."""
        return await self._client.send(
            report_transmission_op(
                order_id,
                ok,
                message,
                status_in_marketplace=status_in_marketplace,
                order_message=order_message,
            )
        )

    async def quote_id(self, order_id: int) -> OrderQuote:
        """The freight quote the order was sold with."""
        return await self._client.send(quote_id_op(order_id))

    async def upload_nfe_xml(self, order_id: int, xml: bytes) -> None:
        """Send the authorised NF-e XML to the marketplace, byte for byte."""
        await self._client.send(upload_nfe_xml_op(order_id, xml))

    async def download_nfe(self, order_id: int, nfe_type: NfeType | str) -> NfeDocument:
        """A fiscal XML of the order by type (``NfeType``): the XML or links to it."""
        return await self._client.send(download_nfe_op(order_id, nfe_type))

    async def inbound_nfe(self, order_id: int, marketplace: Marketplace | str) -> NfeDocument:
        """The inbound NF-e announced by an ``INBOUND_NFE`` callback (``order_id`` is the
        callback's id)."""
        return await self._client.send(inbound_nfe_op(order_id, marketplace))

    async def upload_fiscal_document(
        self,
        order_id: int,
        file: bytes,
        *,
        filename: str,
        content_type: str = "application/pdf",
        fields: Mapping[str, FormValue] | None = None,
    ) -> None:
        """Send a fiscal document (the DANFE PDF by default) as multipart ``file``."""
        await self._client.send(
            upload_fiscal_document_op(
                order_id, file, filename=filename, content_type=content_type, fields=fields
            )
        )

    async def invoice_package(
        self, order_id: int, package_id: str, invoice: InvoiceData, *, xml: bytes | None = None
    ) -> None:
        """[sdk] Invoice one package of a split order (fields plus the XML)."""
        await self._client.send(invoice_package_op(order_id, package_id, invoice, xml=xml))

    async def create_packages(
        self,
        order_id: int,
        packages: Sequence[PackageInput],
        *,
        reason: PackageReason | None = None,
    ) -> OrderPackage:
        """[sdk] Split the order into packages (one invoice and one tracking each)."""
        return await self._client.send(create_packages_op(order_id, packages, reason=reason))

    async def list_packages(self, order_id: int) -> builtins.list[PackageUnit]:
        """[sdk] The order's packages."""
        return await self._client.send(list_packages_op(order_id))

    async def mark_package_delivered(
        self, order_id: int, package_id: str, delivered_at: datetime
    ) -> None:
        """[sdk] Mark one package delivered."""
        await self._client.send(mark_package_delivered_op(order_id, package_id, delivered_at))

    async def create_return(self, order_id: int, order_return: OrderReturn) -> OrderReturn:
        """[sdk] Register a return of the order."""
        return await self._client.send(create_return_op(order_id, order_return))

    async def list_returns(self, order_id: int) -> builtins.list[OrderReturn]:
        """[sdk] The order's returns."""
        return await self._client.send(list_returns_op(order_id))

    async def update_return(self, return_id: int, changes: OrderReturn) -> OrderReturn:
        """[sdk] Change a return (PATCH with the fields set in ``changes``)."""
        return await self._client.send(update_return_op(return_id, changes))

"""``FakeAnymarket``: orders and what hangs off them (``/orders``, NF-e XML, fiscal
documents, packages, returns, ``/printtag``, ``/messages/order``,
``/fulfillment/{marketplace}/documents``).

Status changes (``PUT /orders/{id}``) follow the table of API_NOTES §3.10.3, enforced:

- the same status is always accepted; ``CANCELED`` from any status; otherwise only forward
  (PENDING -> PAID_WAITING_SHIP -> INVOICED -> PAID_WAITING_DELIVERY -> CONCLUDED, skipping
  allowed); anything else is a 422 in Portuguese;
- entering ``INVOICED`` needs ``invoice.accessKey`` (a valid 44-digit key) and
  ``invoice.date``; ``PAID_WAITING_DELIVERY`` needs ``tracking.number``, ``carrier`` and
  ``shippedDate``; ``CONCLUDED`` needs ``tracking.deliveredDate``; dates need an offset;
  GFG orders need ``cancelDetails`` to be cancelled;
- omitted fields keep their values (the API's PUT on orders is partial);
- ``DELIVERY_ISSUE`` is set only by the marketplace side (``advance_order``);
- fulfillment orders (Full/FBA) are moved by the marketplace: the seller's status changes,
  invoice, tracking and NF-e uploads are refused with a 422.

Every creation and status change adds an order feed entry and an ``ORDER`` notification.
Orders made with ``POST /orders`` are sandbox/e-commerce orders: ``marketPlace`` must be
``ECOMMERCE`` and items name catalogue SKUs by ``sku.partnerId``; like every new order they
start with ``deliverStatus`` ``UNKNOWN``, and ``anymarketAddress`` (ANYMARKET's normalised
address) is derived from ``shipping`` when not sent. NF-e XML and fiscal document uploads
answer 200 without a body, as the export documents.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from .._jsonutil import as_array, as_object
from ..fiscal import access_key_check_digit, is_valid_access_key
from ._fake_ads import DEFAULT_ACCOUNT, AdRoutes
from ._fake_common import iso, money, new_token, parse_when, wire
from ._fakecore import (
    FakeAPIError,
    FakeRequest,
    JSONObj,
    Reply,
    as_id,
    clean,
    invalid,
    not_found,
    required_text,
    route,
    text_field,
)

STATUSES: Final = (
    "PENDING",
    "PAID_WAITING_SHIP",
    "INVOICED",
    "PAID_WAITING_DELIVERY",
    "CONCLUDED",
    "CANCELED",
    "DELIVERY_ISSUE",
)
_SOURCES: Final[Mapping[str, frozenset[str]]] = {
    "PAID_WAITING_SHIP": frozenset({"PENDING"}),
    "INVOICED": frozenset({"PENDING", "PAID_WAITING_SHIP"}),
    "PAID_WAITING_DELIVERY": frozenset({"PENDING", "PAID_WAITING_SHIP", "INVOICED"}),
    "CONCLUDED": frozenset({"PENDING", "PAID_WAITING_SHIP", "INVOICED", "PAID_WAITING_DELIVERY"}),
}
"""target -> the statuses it is reached from (API_NOTES §3.10.3)."""
_MARKETPLACE_SOURCES: Final[Mapping[str, frozenset[str]]] = {
    "DELIVERY_ISSUE": frozenset({"INVOICED", "PAID_WAITING_DELIVERY"}),
    "CONCLUDED": frozenset({"DELIVERY_ISSUE"}),
}
"""What only the marketplace side may do on top of the table."""
_LABELS: Final = {
    "PENDING": "Pendente",
    "PAID_WAITING_SHIP": "Pago",
    "INVOICED": "Faturado",
    "PAID_WAITING_DELIVERY": "Enviado",
    "CONCLUDED": "Entregue",
    "CANCELED": "Cancelado",
    "DELIVERY_ISSUE": "Problema na entrega",
}
_MARKETPLACE_STATUS: Final = {
    "PENDING": "pending",
    "PAID_WAITING_SHIP": "paid",
    "INVOICED": "invoiced",
    "PAID_WAITING_DELIVERY": "shipped",
    "CONCLUDED": "delivered",
    "CANCELED": "cancelled",
    "DELIVERY_ISSUE": "not_delivered",
}
_PAID: Final = frozenset({"PAID_WAITING_SHIP", "INVOICED", "PAID_WAITING_DELIVERY", "CONCLUDED"})
_CONSUMING: Final = frozenset({"INVOICED", "PAID_WAITING_DELIVERY", "CONCLUDED"})
NFE_TYPES: Final = frozenset(
    {
        "sale",
        "sale_return",
        "sale_devolution",
        "gift",
        "inbound",
        "devolution",
        "inbound_devolution",
        "inbound_return",
        "inbound_supplier_return",
        "symbolic_inbound",
        "symbolic_inbound_return",
        "purchase",
        "removal",
        "symbolic_removal",
    }
)
_CARRIERS: Final = {"MERCADO_LIVRE": "Mercado Envios", "AMAZON": "Amazon Logistics"}
_ISSUER_CNPJ: Final = "12345678000195"
_STATE_NAMES: Final[Mapping[str, str]] = {
    "AC": "Acre",
    "AL": "Alagoas",
    "AP": "Amapá",
    "AM": "Amazonas",
    "BA": "Bahia",
    "CE": "Ceará",
    "DF": "Distrito Federal",
    "ES": "Espírito Santo",
    "GO": "Goiás",
    "MA": "Maranhão",
    "MT": "Mato Grosso",
    "MS": "Mato Grosso do Sul",
    "MG": "Minas Gerais",
    "PA": "Pará",
    "PB": "Paraíba",
    "PR": "Paraná",
    "PE": "Pernambuco",
    "PI": "Piauí",
    "RJ": "Rio de Janeiro",
    "RN": "Rio Grande do Norte",
    "RS": "Rio Grande do Sul",
    "RO": "Rondônia",
    "RR": "Roraima",
    "SC": "Santa Catarina",
    "SP": "São Paulo",
    "SE": "Sergipe",
    "TO": "Tocantins",
}
"""Brazilian states by UF (what ANYMARKET's ``stateNameNormalized`` spells out)."""
_ANYMARKET_ADDRESS_FIELDS: Final = (
    "country",
    "state",
    "city",
    "zipCode",
    "neighborhood",
    "address",
    "street",
    "number",
    "comment",
    "reference",
    "receiverName",
    "promisedShippingTime",
)
"""What ``anymarketAddress`` takes from the order's ``shipping`` (API_NOTES §3.10.2)."""

DEFAULT_BUYER: Final[Mapping[str, Any]] = {
    "name": "Maria da Silva",
    "email": "maria.silva@example.com",
    "document": "52998224725",
    "documentType": "CPF",
    "documentNumberNormalized": "52998224725",
    "phone": "11987654321",
}
"""A made-up buyer (the CPF is a well-known test number)."""


def make_access_key(number: int, *, series: int = 1, when: datetime | None = None) -> str:
    """A valid NF-e access key (São Paulo, model 55) for ``number``: what a sandbox
    invoice needs, since the SDK checks keys before sending."""
    year, month = (when.year % 100, when.month) if when is not None else (26, 1)
    body = f"35{year:02d}{month:02d}{_ISSUER_CNPJ}55{series:03d}{number:09d}1{number % 10**8:08d}"
    return body + str(access_key_check_digit(body))


def _uf(state: Any) -> str | None:
    """The UF of a state given as a UF or as its name (``None`` when unknown)."""
    if not isinstance(state, str):
        return None
    text = state.strip()
    if text.upper() in _STATE_NAMES:
        return text.upper()
    folded = text.casefold()
    return next((uf for uf, name in _STATE_NAMES.items() if name.casefold() == folded), None)


def _anymarket_address(shipping: JSONObj) -> JSONObj:
    """The address as ANYMARKET normalises it from the order's ``shipping``."""
    out: JSONObj = {
        k: copy.deepcopy(shipping[k]) for k in _ANYMARKET_ADDRESS_FIELDS if k in shipping
    }
    uf = _uf(shipping.get("state"))
    if uf is not None:
        out["stateAcronymNormalized"] = uf
    return clean(out)


def _obj(value: Any) -> JSONObj:
    """A JSON object, or an empty one for anything else."""
    return as_object(value) or {}


def _parse_multipart(content: bytes, content_type: str) -> list[tuple[dict[str, str], bytes]]:
    """``[(part headers and disposition parameters, data)]`` of a multipart body."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        raise FakeAPIError(400, "O Content-Type multipart/form-data não informa o boundary.")
    delimiter = b"--" + match.group(1).encode()
    parts: list[tuple[dict[str, str], bytes]] = []
    for chunk in content.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, sep, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            continue
        info: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            info[name.strip().lower()] = value.strip()
        info.update(re.findall(r'(\w+)="([^"]*)"', info.get("content-disposition", "")))
        parts.append((info, data.removesuffix(b"\r\n")))
    return parts


def _fake_pdf(lines: Sequence[str]) -> bytes:
    text = " / ".join(lines).encode()
    return (
        b"%PDF-1.4\n% FakeAnymarket\n1 0 obj << /Type /Catalog >> endobj\n% " + text + b"\n%%EOF\n"
    )


def _fake_zpl(order_ids: Sequence[int]) -> str:
    return "".join(
        f"^XA\n^FO50,50^A0N,40,40^FDPedido {oid}^FS\n^FO50,120^BCN,100^FD{oid}^FS\n^XZ\n"
        for oid in order_ids
    )


class OrderRoutes(AdRoutes):
    """Orders, NF-e documents, packages, returns, labels and buyer messages."""

    def _init_orders(self) -> None:
        self._orders: dict[int, JSONObj] = {}
        self._quotes: dict[int, JSONObj] = {}
        self._nfe: dict[tuple[int, str], bytes] = {}
        self._inbound_nfe: dict[tuple[int, str], bytes] = {}
        self._fiscal_documents: dict[int, list[JSONObj]] = {}
        self._packages: dict[int, list[JSONObj]] = {}
        self._returns: dict[int, JSONObj] = {}
        self._buyer_messages: list[JSONObj] = []
        self._fulfillment_documents: dict[int, JSONObj] = {}

    # -- helpers -------------------------------------------------------------------------------

    def _order_exists(self, order_id: int) -> bool:
        return order_id in self._orders

    def _order(self, order_id: int) -> JSONObj:
        order = self._orders.get(order_id)
        if order is None:
            raise not_found(order_id)
        return order

    def _order_json(self, order: JSONObj, *, quote: bool = False) -> JSONObj:
        out = copy.deepcopy(order)
        if quote and order["id"] in self._quotes:
            out["quoteReconciliation"] = copy.deepcopy(self._quotes[order["id"]])
        return out

    @staticmethod
    def _allowed(current: str, target: str, *, marketplace: bool) -> bool:
        if target in (current, "CANCELED"):
            return True
        if current in _SOURCES.get(target, frozenset()):
            return True
        return marketplace and current in _MARKETPLACE_SOURCES.get(target, frozenset())

    @staticmethod
    def _transition_error(order: JSONObj, target: str) -> FakeAPIError:
        current = order["status"]
        return invalid(
            f"Não é possível alterar o status do pedido '{order['id']}' de "
            f"{_LABELS.get(current, current)} ({current}) para "
            f"{_LABELS.get(target, target)} ({target})."
        )

    @staticmethod
    def _fulfillment_refusal(order: JSONObj) -> FakeAPIError:
        return invalid(
            f"O pedido '{order['id']}' é de fulfillment ({order['marketPlace']}): status, "
            "nota fiscal e rastreio são informados pelo marketplace."
        )

    @staticmethod
    def _check_invoice(invoice: JSONObj, *, required: bool) -> None:
        key = invoice.get("accessKey")
        if key is None:
            if required:
                raise invalid("Para faturar o pedido informe 'invoice.accessKey'.")
        elif not isinstance(key, str) or not is_valid_access_key(key):
            raise invalid("A chave de acesso da NF-e (invoice.accessKey) é inválida.")
        date = invoice.get("date")
        if date is None:
            if required:
                raise invalid("Para faturar o pedido informe 'invoice.date'.")
        else:
            parse_when(date, "invoice.date")

    @staticmethod
    def _check_tracking(tracking: JSONObj, *, shipping: bool, delivery: bool) -> None:
        if shipping:
            for key in ("number", "carrier", "shippedDate"):
                if not tracking.get(key):
                    raise invalid(f"Para enviar o pedido informe 'tracking.{key}'.")
        if delivery and not tracking.get("deliveredDate"):
            raise invalid("Para concluir o pedido informe 'tracking.deliveredDate'.")
        for key in ("shippedDate", "estimateDate", "date", "deliveredDate"):
            if tracking.get(key) is not None:
                parse_when(tracking[key], f"tracking.{key}")

    def _change_status(self, order: JSONObj, target: str) -> None:
        """Move the order (already checked) and apply what follows: dates, stock, feed."""
        order["status"] = target
        now = self._now_iso()
        order["lastUpdate"] = now
        order["marketPlaceStatus"] = _MARKETPLACE_STATUS[target]
        if target in _PAID:
            order.setdefault("paymentDate", now)
            for raw in as_array(order.get("payments")) or []:
                payment = _obj(raw)
                if payment.get("status") == "pending":
                    payment["status"] = "approved"
        if target == "PAID_WAITING_DELIVERY":
            order["deliverStatus"] = "SHIPPED"
        elif target == "CONCLUDED":
            order["deliverStatus"] = "DELIVERED"
        elif target == "DELIVERY_ISSUE":
            order["deliverStatus"] = "NOT_DELIVERED"
        elif target == "CANCELED":
            order["cancelDate"] = now
        order_id: int = order["id"]
        if order.get("fulfillment"):
            if target == "CANCELED":
                self._settle_fulfillment(order_id, consume=False)
            elif target in _CONSUMING:
                self._settle_fulfillment(order_id, consume=True)
        elif target == "PAID_WAITING_SHIP":
            self._reservation_position(order_id, "PAID")
        elif target in _CONSUMING:
            self._consume(order_id)
        elif target == "CANCELED":
            self._release(order_id)
        self._emit_order(order_id, target)

    def _place_order(
        self,
        header: JSONObj,
        lines: Sequence[JSONObj],
        *,
        fulfillment: bool,
    ) -> JSONObj:
        """Store a new order: ``header`` (wire fields) and ``lines`` (``{"sku": <catalogue
        SKU>, "product": <product>, "item": <wire item fields>}``); reserves stock and emits
        the feed entry and notification."""
        order_id = self._next_id("order")
        marketplace: str = header["marketPlace"]
        status: str = header["status"]
        sku_lines = [(line["sku"]["id"], Decimal(line["item"]["amount"])) for line in lines]
        if fulfillment:
            self._reserve_fulfillment(order_id, marketplace, sku_lines)
            stocks: list[list[JSONObj]] = [[] for _ in lines]
        else:
            position = "PAID" if status == "PAID_WAITING_SHIP" else "PENDING"
            stocks = self._reserve(order_id, marketplace, sku_lines, position)
        items: list[JSONObj] = []
        for n, (line, where) in enumerate(zip(lines, stocks, strict=True), start=1):
            sku, product = line["sku"], line["product"]
            item: JSONObj = copy.deepcopy(line["item"])
            item["sku"] = clean(
                {
                    **(as_object(item.get("sku")) or {}),
                    "id": sku["id"],
                    "title": (as_object(item.get("sku")) or {}).get("title") or sku.get("title"),
                    "partnerId": sku.get("partnerId"),
                    "ean": sku.get("ean"),
                }
            )
            item["product"] = {
                **(as_object(item.get("product")) or {}),
                "id": product["id"],
                "title": (as_object(item.get("product")) or {}).get("title") or product["title"],
            }
            item.setdefault("orderItemId", f"{order_id}{n:02d}")
            if where:
                item["stocks"] = where
            items.append(item)
        order: JSONObj = {"id": order_id, **header, "items": items}
        self._orders[order_id] = order
        self._emit_order(order_id, status)
        return order

    # -- routes: orders ------------------------------------------------------------------------

    @route("GET", "/orders")
    def _list_orders(self, req: FakeRequest) -> Reply:
        q = req.query
        after = (
            parse_when(q["createdAfter"], "createdAfter", status=400)
            if "createdAfter" in q
            else None
        )
        before = (
            parse_when(q["createdBefore"], "createdBefore", status=400)
            if "createdBefore" in q
            else None
        )
        filters = {
            "status": q.get("status"),
            "marketPlace": q.get("marketplace"),
            "marketPlaceId": q.get("marketplaceId"),
            "partnerId": q.get("partnerId"),
            "marketPlaceNumber": q.get("orderNumberInMarketPlace"),
            "transmissionStatus": q.get("transmissionStatus"),
        }

        def keep(order: JSONObj) -> bool:
            if any(v is not None and order.get(k) != v for k, v in filters.items()):
                return False
            created = datetime.fromisoformat(order["createdAt"])
            return (after is None or created >= after) and (before is None or created <= before)

        orders = [o for o in self._orders.values() if keep(o)]
        sort = q.get("sort")
        if sort:
            orders.sort(key=lambda o: str(o.get(sort, "")))
        if q.get("sortDirection", "ASC").upper() == "DESC":
            orders.reverse()
        quote = self._bool_param(req, "includeQuoteId") is True
        return self._paged(req, orders, lambda o: self._order_json(o, quote=quote))

    @route("POST", "/orders")
    def _post_order(self, req: FakeRequest) -> Reply:
        body = req.object_body()
        for key in (
            "marketPlaceId",
            "marketPlaceNumber",
            "marketPlace",
            "createdAt",
            "transmissionStatus",
            "status",
            "marketPlaceStatus",
            "total",
        ):
            if body.get(key) is None:
                raise invalid(f"O campo '{key}' é obrigatório.")
        if body["marketPlace"] != "ECOMMERCE":
            raise invalid("Pela API só é possível criar pedidos do marketplace ECOMMERCE.")
        if body["status"] not in ("PENDING", "PAID_WAITING_SHIP"):
            raise invalid("Um pedido novo deve estar PENDING ou PAID_WAITING_SHIP.")
        if body["transmissionStatus"] not in ("OK", "ERROR", "WAITING"):
            raise invalid(f"transmissionStatus '{body['transmissionStatus']}' inválido.")
        parse_when(body["createdAt"], "createdAt")
        if body.get("paymentDate") is not None:
            parse_when(body["paymentDate"], "paymentDate")
        if any(
            o["marketPlace"] == "ECOMMERCE" and o.get("marketPlaceId") == body["marketPlaceId"]
            for o in self._orders.values()
        ):
            raise invalid(
                f"Já existe um pedido ECOMMERCE com o marketPlaceId '{body['marketPlaceId']}'."
            )
        buyer = as_object(body.get("buyer"))
        if buyer is None:
            raise invalid("O campo 'buyer' é obrigatório.")
        for key in ("name", "documentType", "document", "email", "phone"):
            if not buyer.get(key):
                raise invalid(f"O campo 'buyer.{key}' é obrigatório.")
        raw_items = as_array(body.get("items"))
        if not raw_items:
            raise invalid("O pedido deve ter ao menos um item.")
        lines: list[JSONObj] = []
        for i, raw in enumerate(raw_items):
            item = as_object(raw) or {}
            sku_ref = as_object(item.get("sku")) or {}
            partner_id = sku_ref.get("partnerId")
            if not isinstance(partner_id, str) or not sku_ref.get("title"):
                raise invalid(f"O campo 'items[{i}].sku' deve ter 'title' e 'partnerId'.")
            if not (as_object(item.get("product")) or {}).get("title"):
                raise invalid(f"O campo 'items[{i}].product.title' é obrigatório.")
            for key in ("amount", "unit", "gross", "total"):
                if item.get(key) is None:
                    raise invalid(f"O campo 'items[{i}].{key}' é obrigatório.")
            product, sku = self._require_partner(partner_id)
            lines.append({"sku": sku, "product": product, "item": item})
        header = {k: copy.deepcopy(v) for k, v in body.items() if k not in ("id", "items")}
        header.setdefault("accountName", DEFAULT_ACCOUNT)
        header.setdefault("idAccount", self._account_id("ECOMMERCE", header["accountName"]))
        header.setdefault("fulfillment", False)
        header.setdefault("deliverStatus", "UNKNOWN")
        shipping = as_object(header.get("shipping"))
        if shipping is not None and header.get("anymarketAddress") is None:
            header["anymarketAddress"] = _anymarket_address(shipping)
        header["lastUpdate"] = self._now_iso()
        order = self._place_order(header, lines, fulfillment=bool(header["fulfillment"]))
        return 201, self._order_json(order)

    @route("GET", "/orders/{id}")
    def _get_order(self, req: FakeRequest) -> Reply:
        quote = self._bool_param(req, "includeQuoteId") is True
        return 200, self._order_json(self._order(req.id()), quote=quote)

    @route("PUT", "/orders/{id}")
    def _put_order(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        body = req.object_body()
        target = body.get("status", order["status"])
        if target not in STATUSES:
            raise FakeAPIError(400, f"Status '{target}' inválido.")
        changing = target != order["status"]
        for key in ("invoice", "tracking", "metadata"):
            if key in body and as_object(body[key]) is None:
                raise FakeAPIError(400, f"O campo '{key}' deve ser um objeto.")
        if order.get("fulfillment") and (changing or "invoice" in body or "tracking" in body):
            raise self._fulfillment_refusal(order)
        if changing:
            if target == "DELIVERY_ISSUE":
                raise invalid("O status DELIVERY_ISSUE é informado apenas pelo marketplace.")
            if not self._allowed(order["status"], target, marketplace=False):
                raise self._transition_error(order, target)
        invoice = {**_obj(order.get("invoice")), **_obj(body.get("invoice"))}
        tracking = {**_obj(order.get("tracking")), **_obj(body.get("tracking"))}
        if "invoice" in body or (changing and target == "INVOICED"):
            self._check_invoice(invoice, required=changing and target == "INVOICED")
        if "tracking" in body or (changing and target in ("PAID_WAITING_DELIVERY", "CONCLUDED")):
            self._check_tracking(
                tracking,
                shipping=changing and target == "PAID_WAITING_DELIVERY",
                delivery=changing and target == "CONCLUDED",
            )
        details = text_field(body, "cancelDetails")
        if changing and target == "CANCELED" and order["marketPlace"] == "GFG" and not details:
            raise invalid("O campo 'cancelDetails' é obrigatório para pedidos do GFG.")
        package = None
        package_id = req.query.get("packageId")
        if package_id is not None:
            package = self._package(order["id"], package_id)
        if "invoice" in body:
            order["invoice"] = invoice
        if "tracking" in body:
            order["tracking"] = tracking
            if package is not None:
                package.update(
                    clean(
                        {
                            "trackingCode": tracking.get("number"),
                            "trackingDate": tracking.get("shippedDate"),
                        }
                    )
                )
        if "metadata" in body:
            metadata: JSONObj = order.setdefault("metadata", {})
            metadata.update({str(k): str(v) for k, v in body["metadata"].items()})
        if details is not None:
            order["cancelDetails"] = details
        if changing:
            self._change_status(order, target)
        else:
            order["lastUpdate"] = self._now_iso()
        return 200, self._order_json(order)

    @route("GET", "/orders/{id}/quote-id")
    def _get_quote(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        quote = self._quotes.get(order["id"])
        if quote is None:
            raise FakeAPIError(404, f"O pedido '{order['id']}' não possui cotação de frete.")
        return 200, copy.deepcopy(quote)

    @route("GET", r"/orders/(?P<marketplace>[A-Z][A-Z0-9_]*)/(?P<idInMarketplace>[^/]+)")
    def _get_order_by_marketplace(self, req: FakeRequest) -> Reply:
        marketplace = req.path_params["marketplace"]
        code = req.path_params["idInMarketplace"]
        for order in self._orders.values():
            if order["marketPlace"] == marketplace and order.get("marketPlaceId") == code:
                return 200, self._order_json(order)
        raise FakeAPIError(404, f"Pedido '{code}' do marketplace {marketplace} não encontrado.")

    @route("PUT", "/orders/partnerid/{id}")
    def _put_partner_id(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        body = req.object_body()
        body_id = body.get("id")
        if body_id is not None and as_id(body_id) != order["id"]:
            raise FakeAPIError(400, "O id do corpo difere do id da URL.")
        partner_id = required_text(body, "partnerId")
        current = order.get("partnerId")
        if current is not None and current != partner_id:
            raise invalid(
                f"O partnerId do pedido '{order['id']}' já foi informado ('{current}') e não "
                "pode ser alterado."
            )
        order["partnerId"] = partner_id
        return 204, None

    @route("PUT", "/orders/{id}/transmissionStatus")
    def _put_transmission_status(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        body = req.object_body()
        status = body.get("transmissionStatus")
        if status not in ("OK", "ERROR", "WAITING"):
            raise invalid(f"transmissionStatus '{status}' inválido: use OK, ERROR ou WAITING.")
        order["transmissionStatus"] = status
        message = as_object(body.get("orderMessage"))
        error = text_field(body, "errorMsg")
        if message is not None:
            order["orderMessage"] = copy.deepcopy(message)
        elif error is not None:
            order["orderMessage"] = {"message": error}
        elif status == "OK":
            order.pop("orderMessage", None)
        complement = text_field(body, "statusInMarketplace")
        if complement is not None:
            order["marketPlaceStatusComplement"] = complement
        return 200, self._order_json(order)

    # -- routes: NF-e and fiscal documents -----------------------------------------------------

    @route("PUT", "/orders/{id}/nfe")
    def _put_nfe(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        if "xml" not in req.content_type.lower():
            raise FakeAPIError(415, "Envie o XML da NF-e com Content-Type application/xml.")
        xml = self._request_bytes(req)
        if not xml.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise FakeAPIError(400, "O corpo deve ser o XML da NF-e.")
        if order.get("fulfillment"):
            raise self._fulfillment_refusal(order)
        self._nfe[(order["id"], "sale")] = xml
        return 200, None  # the export documents 200 without a body

    @route("GET", r"/orders/{id}/nfe/type/(?P<type>[^/]+)")
    def _get_nfe(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        kind = req.path_params["type"]
        if kind not in NFE_TYPES:
            raise FakeAPIError(400, f"Tipo de NF-e '{kind}' inválido.")
        xml = self._nfe.get((order["id"], kind))
        if xml is None:
            raise FakeAPIError(
                404, f"Nenhum XML do tipo '{kind}' encontrado para o pedido '{order['id']}'."
            )
        return self._raw(200, xml, "application/xml")

    @route("GET", r"/orders/{id}/inbound/marketplace/(?P<marketPlace>[^/]+)")
    def _get_inbound_nfe(self, req: FakeRequest) -> Reply:
        inbound_id = req.id()
        marketplace = self._marketplace_code(req.path_params["marketPlace"], "marketPlace")
        xml = self._inbound_nfe.get((inbound_id, marketplace))
        if xml is None:
            raise not_found(inbound_id)
        return self._raw(200, xml, "application/xml")

    @route("POST", "/orders/{id}/fiscalDocument")
    def _post_fiscal_document(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        if not req.content_type.lower().startswith("multipart/form-data"):
            raise FakeAPIError(415, "Envie o documento como multipart/form-data.")
        fields: dict[str, str] = {}
        files: list[JSONObj] = []
        for info, data in _parse_multipart(self._request_bytes(req), req.content_type):
            if "filename" in info:
                files.append(
                    {
                        "name": info.get("name"),
                        "filename": info["filename"],
                        "contentType": info.get("content-type"),
                        "content": data,
                    }
                )
            elif "name" in info:
                fields[info["name"]] = data.decode("utf-8")
        package_id = fields.get("packageId")
        if not any(f["name"] == "file" for f in files) and package_id is None:
            raise FakeAPIError(400, "O arquivo (campo 'file') é obrigatório.")
        if order.get("fulfillment"):
            raise self._fulfillment_refusal(order)
        if package_id is not None:
            self._package(order["id"], package_id)["_invoice"] = dict(fields)
        self._fiscal_documents.setdefault(order["id"], []).append(
            {"fields": fields, "files": files, "receivedAt": self._now_iso()}
        )
        return 200, None  # the export documents 200 without a body

    # -- routes: packages and returns ----------------------------------------------------------

    def _package(self, order_id: int, package_id: str) -> JSONObj:
        for package in self._packages.get(order_id, []):
            if package["packageItemId"] == package_id:
                return package
        raise not_found(package_id)

    @staticmethod
    def _package_json(package: JSONObj) -> JSONObj:
        return {k: copy.deepcopy(v) for k, v in package.items() if not k.startswith("_")}

    @route("POST", "/orders/{orderId}/packages")
    def _post_packages(self, req: FakeRequest) -> Reply:
        order = self._order(req.id("orderId"))
        body = req.object_body()
        raw_packages = as_array(body.get("packages"))
        if not raw_packages:
            raise invalid("Informe ao menos um pacote em 'packages'.")
        ordered: dict[str, Decimal] = {}
        for item in order["items"]:
            key = item["sku"].get("partnerId")
            ordered[key] = ordered.get(key, Decimal(0)) + Decimal(item["amount"])
        packed: dict[str, Decimal] = {}
        for package in self._packages.get(order["id"], []):
            for item in package["items"]:
                packed[item["sku"]] = packed.get(item["sku"], Decimal(0)) + Decimal(
                    item["quantity"]
                )
        units: list[JSONObj] = []
        now = self._now_iso()
        reason = as_object(body.get("packageReason"))
        for raw in raw_packages:
            package = as_object(raw) or {}
            items: list[JSONObj] = []
            for raw_item in as_array(package.get("items")) or []:
                entry = as_object(raw_item) or {}
                sku_code = entry.get("sku")
                quantity = entry.get("quantity")
                if sku_code not in ordered:
                    raise invalid(f"O SKU '{sku_code}' não faz parte do pedido '{order['id']}'.")
                if isinstance(quantity, bool) or not isinstance(quantity, int | Decimal):
                    raise invalid("O campo 'quantity' dos itens do pacote é obrigatório.")
                packed[sku_code] = packed.get(sku_code, Decimal(0)) + Decimal(quantity)
                if packed[sku_code] > ordered[sku_code]:
                    raise invalid(
                        f"A quantidade do SKU '{sku_code}' nos pacotes excede a do pedido."
                    )
                items.append({"sku": sku_code, "quantity": quantity})
            if not items:
                raise invalid("Cada pacote deve ter ao menos um item.")
            units.append(
                clean(
                    {
                        "packageItemId": new_token(),
                        "externalId": text_field(package, "externalId"),
                        "createdAt": now,
                        "dimensions": copy.deepcopy(as_object(package.get("dimensions"))),
                        "reasonId": (reason or {}).get("id"),
                        "reasonDescription": (reason or {}).get("description"),
                        "status": "PENDING",
                        "items": items,
                    }
                )
            )
        self._packages.setdefault(order["id"], []).extend(units)
        return 200, clean(
            {
                "orderId": order["id"],
                "packageId": self._next_id("package"),
                "oi": self.oi,
                "orderIdInMarketplace": order.get("marketPlaceId"),
                "packageReason": copy.deepcopy(reason),
                "packages": [self._package_json(p) for p in self._packages[order["id"]]],
            }
        )

    @route("GET", "/orders/{orderId}/packages")
    def _list_packages(self, req: FakeRequest) -> Reply:
        order = self._order(req.id("orderId"))
        return 200, [self._package_json(p) for p in self._packages.get(order["id"], [])]

    @route("PUT", "/orders/{orderId}/packages/delivered")
    def _deliver_package(self, req: FakeRequest) -> Reply:
        order = self._order(req.id("orderId"))
        body = req.object_body()
        package = self._package(order["id"], required_text(body, "packageId"))
        package["_deliveredDate"] = iso(parse_when(body.get("deliveredDate"), "deliveredDate"))
        package["status"] = "CONFIRMED"
        package["statusMarketplace"] = "delivered"
        return 204, None

    def _return(self, return_id: int) -> JSONObj:
        found = self._returns.get(return_id)
        if found is None:
            raise not_found(return_id)
        return found

    @route("POST", "/orders/{id}/returns")
    def _post_return(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        body = req.object_body()
        items = as_array(body.get("items"))
        if not items:
            raise invalid("Informe ao menos um item devolvido.")
        returned = sum(
            (Decimal((as_object(i) or {}).get("quantity") or 0) for i in items), Decimal(0)
        )
        ordered = sum((Decimal(i["amount"]) for i in order["items"]), Decimal(0))
        now = self._now_iso()
        found: JSONObj = {
            **{k: copy.deepcopy(v) for k, v in body.items() if v is not None},
            "id": self._next_id("return"),
            "orderId": order["id"],
            "oi": self.oi,
            "marketplace": order["marketPlace"],
            "marketplaceOrderId": order.get("marketPlaceId"),
            "accountName": order.get("accountName"),
            "fulfillment": bool(order.get("fulfillment")),
            "createdAt": now,
            "updatedAt": now,
        }
        found.setdefault("type", "TOTAL" if returned >= ordered else "PARTIAL")
        found.setdefault("status", "OPENED")
        self._returns[found["id"]] = found
        return 200, copy.deepcopy(found)

    @route("GET", "/orders/returns/{orderId}")
    def _list_returns(self, req: FakeRequest) -> Reply:
        order_id = self._order(req.id("orderId"))["id"]
        return 200, [copy.deepcopy(r) for r in self._returns.values() if r["orderId"] == order_id]

    @route("PATCH", "/orders/returns/{returnId}")
    def _patch_return(self, req: FakeRequest) -> Reply:
        found = self._return(req.id("returnId"))
        for key, value in req.object_body().items():
            if key not in ("id", "orderId", "oi", "createdAt") and value is not None:
                found[key] = copy.deepcopy(value)
        found["updatedAt"] = self._now_iso()
        return 200, copy.deepcopy(found)

    # -- routes: labels, buyer messages, fulfillment documents ---------------------------------

    @route("POST", r"/printtag/(?P<type>[^/]+)")
    def _print_tag(self, req: FakeRequest) -> Reply:
        kind = req.path_params["type"].upper()
        if kind not in ("PDF", "ZPL", "ZPL2"):
            raise FakeAPIError(400, f"Tipo de etiqueta '{req.path_params['type']}' inválido.")
        file = req.query.get("file")
        if file is not None and (kind != "ZPL2" or file.upper() not in ("TXT", "PLP")):
            raise FakeAPIError(400, "O parâmetro 'file' (TXT ou PLP) vale só para ZPL2.")
        ids = as_array(req.object_body().get("orders"))
        if not ids:
            raise invalid("Informe os pedidos em 'orders'.")
        orders: list[JSONObj] = []
        for raw in ids:
            order_id = as_id(raw)
            if order_id is None:
                raise not_found(raw)
            order = self._order(order_id)
            if order["status"] == "CANCELED":
                raise invalid(f"O pedido '{order_id}' está cancelado.")
            orders.append(order)
        for order in orders:
            order["printTagDate"] = self._now_iso()
        order_ids = [int(o["id"]) for o in orders]
        lines = [f"Pedido {oid}" for oid in order_ids]
        if kind == "PDF" or (file or "").upper() == "PLP":
            return self._raw(200, _fake_pdf(lines), "application/pdf", "etiquetas.pdf")
        if (file or "").upper() == "TXT":
            return 200, {"content": _fake_zpl(order_ids)}
        return self._raw(200, _fake_zpl(order_ids).encode(), "text/plain;charset=UTF-8")

    @route("POST", "/messages/order/{id}")
    def _post_buyer_message(self, req: FakeRequest) -> Reply:
        order = self._order(req.id())
        message = required_text(req.object_body(), "message")
        self._buyer_messages.append(
            {"orderId": order["id"], "message": message, "sentAt": self._now_iso()}
        )
        return 200, {"message": message}

    @route("GET", r"/fulfillment/(?P<marketplace>[^/]+)/documents")
    def _list_fulfillment_documents(self, req: FakeRequest) -> Reply:
        marketplace = self._marketplace_code(req.path_params["marketplace"])
        q = req.query
        after = (
            parse_when(q["createdAfter"], "createdAfter", status=400)
            if "createdAfter" in q
            else None
        )
        before = (
            parse_when(q["createdBefore"], "createdBefore", status=400)
            if "createdBefore" in q
            else None
        )
        order_id = self._int_param(req, "idOrder", 0) or None
        document_id = self._int_param(req, "idDocument", 0) or None
        kind = q.get("type")

        def keep(doc: JSONObj) -> bool:
            created = datetime.fromisoformat(doc["_createdAt"])
            return (
                doc["marketplace"] == marketplace
                and (order_id is None or doc.get("idOrder") == order_id)
                and (document_id is None or doc["id"] == document_id)
                and (kind is None or str(doc.get("type", "")).upper() == kind.upper())
                and (after is None or created >= after)
                and (before is None or created <= before)
            )

        docs = [d for d in self._fulfillment_documents.values() if keep(d)]
        return self._paged(
            req, docs, lambda d: {k: copy.deepcopy(v) for k, v in d.items() if k[0] != "_"}
        )

    # -- scenario API --------------------------------------------------------------------------

    def create_sale(
        self,
        marketplace: str = "MERCADO_LIVRE",
        items: Iterable[tuple[str, int | Decimal, Decimal | int | str]] = (),
        *,
        fulfillment: bool = False,
        buyer: Mapping[str, Any] | None = None,
        account_name: str | None = None,
        status: str = "PENDING",
        created_at: datetime | None = None,
        freight: Decimal | int | str = 0,
        marketplace_id: str | None = None,
    ) -> JSONObj:
        """A sale arriving from ``marketplace``, as its integration would create it: items are
        ``(sku_partner_id, quantity, unit_price)``; ``status`` is PENDING or
        PAID_WAITING_SHIP; ``buyer`` overrides fields of a made-up buyer (wire names);
        ``created_at`` defaults to the fake's clock. Reserves stock (or the marketplace's
        fulfillment stock), adds the order feed entry and the ``ORDER`` notifications.
        Returns the order as ``GET /orders/{id}`` would."""
        if status not in ("PENDING", "PAID_WAITING_SHIP"):
            raise ValueError(f"a new sale is PENDING or PAID_WAITING_SHIP, not {status!r}")
        with self._lock:
            code = self._marketplace_code(marketplace)
            lines: list[JSONObj] = []
            gross = Decimal(0)
            for partner_id, quantity, unit_price in items:
                product, sku = self._require_partner(partner_id)
                amount, unit = Decimal(quantity), money(unit_price)
                if amount <= 0:
                    raise invalid(f"A quantidade do SKU '{partner_id}' deve ser positiva.")
                line_gross = amount * unit
                gross += line_gross
                listing = next(iter(self._ads_of(sku["id"], code)), None)
                lines.append(
                    {
                        "sku": sku,
                        "product": product,
                        "item": clean(
                            {
                                "amount": amount,
                                "unit": unit,
                                "gross": line_gross,
                                "total": line_gross,
                                "discount": Decimal(0),
                                "idInMarketPlace": (listing or {}).get("idInMarketplace")
                                or f"{code}-{sku['id']}",
                            }
                        ),
                    }
                )
            if not lines:
                raise ValueError("a sale needs at least one item")
            when = iso(created_at) if created_at is not None else self._now_iso()
            account = account_name or DEFAULT_ACCOUNT
            freight_value = money(freight)
            number = str(2_000_000_000 + self._commerce_ids["order"] + 1)
            person = {**DEFAULT_BUYER, **wire(dict(buyer or {}))}
            person.setdefault("id", self._next_id("buyer"))
            address = {
                "address": "Rua Exemplo, 100",
                "street": "Rua Exemplo",
                "number": "100",
                "neighborhood": "Centro",
                "city": "São Paulo",
                "state": "SP",
                "country": "BR",
                "zipCode": "01001000",
            }
            normalized = {
                "stateNameNormalized": _STATE_NAMES[address["state"]],
                "countryAcronymNormalized": "BR",
                "countryNameNormalized": "Brasil",
            }
            promised = iso(
                (created_at if created_at is not None else self.now()) + timedelta(days=3)
            )
            metadata = {}
            if code == "MERCADO_LIVRE":
                metadata["logistic_type"] = "fulfillment" if fulfillment else "drop_off"
            header = clean(
                {
                    "accountName": account,
                    "idAccount": self._account_id(code, account),
                    "marketPlace": code,
                    "marketPlaceId": marketplace_id or number,
                    "marketPlaceNumber": marketplace_id or number,
                    "createdAt": when,
                    "lastUpdate": when,
                    "paymentDate": when if status == "PAID_WAITING_SHIP" else None,
                    "status": status,
                    "transmissionStatus": "WAITING",
                    "marketPlaceStatus": _MARKETPLACE_STATUS[status],
                    "fulfillment": fulfillment,
                    "discount": Decimal(0),
                    "freight": freight_value,
                    "sellerFreight": freight_value,
                    "interestValue": Decimal(0),
                    "gross": gross,
                    "total": gross + freight_value,
                    "buyer": person,
                    "shipping": {**address, **normalized, "receiverName": person["name"]},
                    "billingAddress": {
                        **address,
                        **normalized,
                        "shipmentUserName": person["name"],
                        "shipmentUserDocument": person.get("document"),
                        "shipmentUserDocumentType": person.get("documentType"),
                    },
                    "anymarketAddress": {
                        **address,
                        "stateAcronymNormalized": address["state"],
                        "receiverName": person["name"],
                        "promisedShippingTime": promised,
                    },
                    "payments": [
                        {
                            "method": "Cartão de crédito",
                            "status": "approved" if status != "PENDING" else "pending",
                            "value": gross + freight_value,
                            "installments": 1,
                            "marketplaceId": f"PAY-{marketplace_id or number}",
                            "paymentMethodNormalized": "CREDIT_CARD",
                            "paymentDetailNormalized": "UNKNOWN",
                        }
                    ],
                    "metadata": metadata,
                    "deliverStatus": "UNKNOWN",
                }
            )
            order = self._place_order(header, lines, fulfillment=fulfillment)
            self._quotes[order["id"]] = {"quoteId": f"QUOTE-{order['id']}", "price": freight_value}
            return self._order_json(order)

    def advance_order(self, order_id: int, status: str, **payload: Any) -> JSONObj:
        """The marketplace side moves an order (e.g. the marketplace delivered it, or
        progresses a fulfillment order). ``payload`` holds wire fields merged into the order
        (``invoice={...}``, ``tracking={...}``, ``metadata={...}``, ``cancelDetails=...``;
        datetimes may be passed as aware ``datetime``). What the marketplace would fill is
        made up when missing: an invoice (and its XML, and for fulfillment orders a SALE
        fulfillment document) on INVOICED, a tracking on PAID_WAITING_DELIVERY, the
        delivery date on CONCLUDED. The transition table applies (plus DELIVERY_ISSUE from
        INVOICED or PAID_WAITING_DELIVERY, and CONCLUDED from DELIVERY_ISSUE); a refused move
        raises ``FakeAPIError``. Returns the order."""
        with self._lock:
            order = self._order(order_id)
            if status not in STATUSES:
                raise FakeAPIError(400, f"Status '{status}' inválido.")
            if not self._allowed(order["status"], status, marketplace=True):
                raise self._transition_error(order, status)
            data: JSONObj = wire(payload)
            for key in ("invoice", "tracking", "metadata"):
                if key in data:
                    merged: JSONObj = dict(order.get(key) or {})
                    merged.update(data.pop(key))
                    order[key] = merged
            order.update(data)
            now = self._now_iso()
            if status in _CONSUMING and not _obj(order.get("invoice")).get("accessKey"):
                key = make_access_key(order_id % 10**9, when=self.now())
                order["invoice"] = {
                    **_obj(order.get("invoice")),
                    "accessKey": key,
                    "series": key[22:25].lstrip("0"),
                    "number": key[25:34].lstrip("0"),
                    "date": now,
                }
                self._nfe.setdefault(
                    (order_id, "sale"),
                    f'<?xml version="1.0" encoding="UTF-8"?><nfeProc><NFe><infNFe Id="NFe{key}"/>'
                    f"</NFe></nfeProc>".encode(),
                )
                if order.get("fulfillment"):
                    self.add_fulfillment_document(order["marketPlace"], order_id=order_id)
            shipped = _obj(order.get("tracking")).get("number")
            if status in ("PAID_WAITING_DELIVERY", "CONCLUDED") and not shipped:
                order["tracking"] = {
                    **_obj(order.get("tracking")),
                    "number": f"BR{order_id}",
                    "carrier": _CARRIERS.get(order["marketPlace"], "Transportadora"),
                    "shippedDate": now,
                }
            if status == "CONCLUDED":
                order["tracking"] = {"deliveredDate": now, **_obj(order.get("tracking"))}
            if status != order["status"]:
                self._change_status(order, status)
            else:
                order["lastUpdate"] = now
            return self._order_json(order)

    def cancel_sale(
        self,
        order_id: int,
        reason: str = "Cancelado pelo comprador",
        *,
        code: str = "BUYER_CANCELED",
    ) -> JSONObj:
        """The marketplace cancels the order (``cancelDetails`` = ``reason``,
        ``cancellationCode`` = ``code``): its reservation is released. Returns the order."""
        return self.advance_order(order_id, "CANCELED", cancelDetails=reason, cancellationCode=code)

    def order(self, order_id: int) -> JSONObj:
        """The order as ``GET /orders/{id}`` returns it (``FakeAPIError`` 404 if unknown)."""
        with self._lock:
            return self._order_json(self._order(order_id))

    def orders(self) -> list[JSONObj]:
        """Every order, oldest first."""
        with self._lock:
            return [self._order_json(o) for o in self._orders.values()]

    def nfe_xml(self, order_id: int, nfe_type: str = "sale") -> bytes | None:
        """The NF-e XML stored for the order (exactly the bytes uploaded), or ``None``."""
        with self._lock:
            return self._nfe.get((order_id, nfe_type))

    def add_nfe_xml(self, order_id: int, xml: bytes, nfe_type: str = "sale") -> None:
        """Store a fiscal XML of the order (served by ``GET /orders/{id}/nfe/type/{type}``)."""
        if nfe_type not in NFE_TYPES:
            raise ValueError(f"unknown NF-e type {nfe_type!r}")
        with self._lock:
            self._order(order_id)
            self._nfe[(order_id, nfe_type)] = bytes(xml)

    def add_inbound_nfe(self, inbound_id: int, marketplace: str, xml: bytes) -> None:
        """Store an inbound NF-e (``GET /orders/{id}/inbound/marketplace/{MP}``) and record
        the ``INBOUND_NFE`` notification announcing it (to callbacks with ``orderActive``)."""
        with self._lock:
            self._inbound_nfe[(inbound_id, self._marketplace_code(marketplace))] = bytes(xml)
            self._notify("INBOUND_NFE", "orderActive", inbound_id)

    def fiscal_documents(self, order_id: int) -> list[JSONObj]:
        """The fiscal documents posted for the order: ``[{"fields": {...}, "files": [{"name",
        "filename", "contentType", "content"}], "receivedAt"}]``."""
        with self._lock:
            return copy.deepcopy(self._fiscal_documents.get(order_id, []))

    def buyer_messages(self, order_id: int | None = None) -> list[JSONObj]:
        """Messages sent to buyers (``[{"orderId", "message", "sentAt"}]``)."""
        with self._lock:
            return [
                dict(m)
                for m in self._buyer_messages
                if order_id is None or m["orderId"] == order_id
            ]

    def add_fulfillment_document(
        self,
        marketplace: str,
        *,
        order_id: int | None = None,
        document_type: str = "SALE",
        url: str | None = None,
        created_at: datetime | None = None,
    ) -> JSONObj:
        """Store a fiscal document issued by the marketplace's fulfillment (served by
        ``GET /fulfillment/{marketplace}/documents``); returns it as listed."""
        with self._lock:
            doc_id = self._next_id("fulfillment_document")
            doc = clean(
                {
                    "id": doc_id,
                    "idOrder": order_id,
                    "url": url or f"https://files.fake.anymarket.test/fulfillment/{doc_id}.xml",
                    "marketplace": self._marketplace_code(marketplace),
                    "type": document_type,
                    "_createdAt": iso(created_at) if created_at is not None else self._now_iso(),
                }
            )
            self._fulfillment_documents[doc_id] = doc
            return {k: v for k, v in doc.items() if k[0] != "_"}

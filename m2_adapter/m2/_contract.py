"""OUR CONTRACT: entities the flows need where M2 publishes nothing (DOMAIN.md §1.4).

Nothing here comes from Useall: the M2 *pedido de venda*, the *tabela de preço*, product
variations (*grade*) and NF-e storage fields are not public. These models are the shape
``m2_adapter`` asks a Useall service (or an export) to provide and to accept. They keep M2's
naming style (UPPERCASE Portuguese columns) and reuse a public column name where the concept
is the same (``IDENTIFICACAO`` is the item code, ``CNPJCPF`` a document, ``RAZAOTRANSP`` the
carrier name of the expedição report), but every column here is marked ``ours=True`` and every
class has ``M2_REPORT = None``. Change them together with whoever implements the M2 side.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from ._columns import aware, col, extra_field, new_dict, new_list

__all__ = [
    "Delivery",
    "DeliveryAddress",
    "Intermediary",
    "Invoice",
    "ItemVariation",
    "OrderBuyer",
    "OrderItem",
    "OrderReceipt",
    "OrderRecord",
    "OrderStatus",
    "Payment",
    "PriceEntry",
    "SalesOrder",
    "Shipment",
    "order_problems",
]

_optional_aware = attrs.validators.optional(aware)


def ours(name: str, **extra: Any) -> dict[str, Any]:
    """Metadata for a column of our contract."""
    return col(name, ours=True, **extra)


def _non_negative(_inst: object, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


# --- catalogue ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PriceEntry:
    """OUR CONTRACT. One item's price in one M2 price table (*tabela de preço*).

    ``price`` is the list price ("de"), ``promotional_price`` the selling price ("por") when
    there is one. ``valid_from``/``valid_to`` are calendar days in the M2 zone, both inclusive,
    and apply to the whole entry (``None``: open-ended); a table may hold several entries for
    one item with different windows.
    """

    M2_REPORT: ClassVar[str | None] = None

    table_id: int = attrs.field(metadata=ours("IDTABPRECO"))
    item_code: str = attrs.field(metadata=ours("IDENTIFICACAO"))
    item_id: int | None = attrs.field(default=None, metadata=ours("IDITEM"))
    price: Decimal = attrs.field(validator=_non_negative, metadata=ours("PRECO"))
    promotional_price: Decimal | None = attrs.field(
        default=None, validator=_non_negative, metadata=ours("PRECOPROMOCIONAL")
    )
    valid_from: date | None = attrs.field(default=None, metadata=ours("DATAINICIO"))
    valid_to: date | None = attrs.field(default=None, metadata=ours("DATAFIM"))
    extra: dict[str, Any] = extra_field()

    def __attrs_post_init__(self) -> None:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}")

    def is_valid_on(self, day: date) -> bool:
        """Whether the entry applies on ``day`` (a date in the M2 zone)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@attrs.frozen(kw_only=True)
class ItemVariation:
    """OUR CONTRACT. An item that is one variation (*grade*) of a parent item.

    ``parent_code`` is the parent's ``IDENTIFICACAO`` (an M2 item, typically a *template*
    item that is not sold itself); ``attributes`` maps the variation type to its value,
    e.g. ``{"Cor": "Azul", "Tamanho": "M"}``. In CSV exports ``ATRIBUTOS`` is a JSON object.
    """

    M2_REPORT: ClassVar[str | None] = None

    parent_code: str = attrs.field(metadata=ours("IDENTIFICACAOPAI"))
    item_code: str = attrs.field(metadata=ours("IDENTIFICACAO"))
    item_id: int | None = attrs.field(default=None, metadata=ours("IDITEM"))
    attributes: dict[str, str] = attrs.field(factory=new_dict, metadata=ours("ATRIBUTOS"))
    extra: dict[str, Any] = extra_field()


# --- sales order --------------------------------------------------------------------------


class OrderStatus(StrEnum):
    """OUR CONTRACT. The M2 sales order's status as the sinks track it (M2's own sales-order
    status codes are not public).

    - ``PENDING``: received, not paid: no stock reservation (DOMAIN §5.4);
    - ``OPEN``: paid, to be fulfilled;
    - ``INVOICED``, ``SHIPPED``, ``DELIVERED``: set by M2's own processes;
    - ``CANCELED``: final; a cancelled order is never reopened.
    """

    PENDING = "PENDING"
    OPEN = "OPEN"
    INVOICED = "INVOICED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELED = "CANCELED"

    @property
    def editable(self) -> bool:
        """Whether a re-sent order may still change the stored content."""
        return self in (OrderStatus.PENDING, OrderStatus.OPEN)


@attrs.frozen(kw_only=True)
class OrderBuyer:
    """OUR CONTRACT. The buyer as the marketplace sent it (may not exist in M2 yet;
    ``customer_id`` is set when it was matched to an M2 customer)."""

    M2_REPORT: ClassVar[str | None] = None

    name: str = attrs.field(metadata=ours("NOME"))
    document: str | None = attrs.field(
        default=None,
        repr=False,
        metadata=ours("CNPJCPF", kind="document", person_type="TIPOPESSOA"),
    )
    person_type: str | None = attrs.field(default=None, metadata=ours("TIPOPESSOA"))
    """``F`` (CPF), ``J`` (CNPJ), or ``None`` for foreign/other documents."""
    state_registration: str | None = attrs.field(default=None, metadata=ours("IE"))
    icms_taxpayer: bool | None = attrs.field(default=None, metadata=ours("CONTRIBICMS"))
    email: str | None = attrs.field(default=None, repr=False, metadata=ours("EMAIL"))
    phone: str | None = attrs.field(default=None, repr=False, metadata=ours("FONE"))
    customer_id: int | None = attrs.field(default=None, metadata=ours("IDCLIFOREMP"))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class DeliveryAddress:
    """OUR CONTRACT. A delivery or billing address of an order, with the city by name and
    UF (a marketplace address has no M2 ``IDCIDADE``; ``ibge_code`` when known)."""

    M2_REPORT: ClassVar[str | None] = None

    receiver_name: str | None = attrs.field(default=None, metadata=ours("DESTINATARIO"))
    street: str = attrs.field(metadata=ours("ENDERECO"))
    number: str | None = attrs.field(default=None, metadata=ours("NUMENDERECO"))
    complement: str | None = attrs.field(default=None, metadata=ours("COMPLENDERECO"))
    district: str | None = attrs.field(default=None, metadata=ours("BAIRRO"))
    city: str = attrs.field(metadata=ours("CIDADE"))
    uf: str = attrs.field(metadata=ours("UF"))
    zip_code: str = attrs.field(metadata=ours("CEP", kind="cep"))
    ibge_code: str | None = attrs.field(default=None, metadata=ours("CODIBGE"))
    reference: str | None = attrs.field(default=None, metadata=ours("REFERENCIA"))
    phone: str | None = attrs.field(default=None, repr=False, metadata=ours("FONE"))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Intermediary:
    """OUR CONTRACT. The marketplace intermediary for the NF-e (NT 2020.006:
    ``indIntermed = 1``, ``infIntermed{CNPJ, idCadIntTran}``), from ANYMARKET's
    ``documentIntermediator`` and ``intermediateRegistrationId``."""

    M2_REPORT: ClassVar[str | None] = None

    cnpj: str = attrs.field(metadata=ours("CNPJINTERMEDIADOR", kind="document", width=14))
    registration_id: str | None = attrs.field(default=None, metadata=ours("IDCADINTTRAN"))
    """The seller's id at the intermediary (``idCadIntTran``)."""
    name: str | None = attrs.field(default=None, metadata=ours("NOMEINTERMEDIADOR"))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderItem:
    """OUR CONTRACT. One line of a sales order. ``item_code`` is the M2 ``IDENTIFICACAO``
    (ANYMARKET ``sku.partnerId``); ``total`` defaults to quantity x unit price - discount."""

    M2_REPORT: ClassVar[str | None] = None

    item_code: str = attrs.field(metadata=ours("IDENTIFICACAO"))
    item_id: int | None = attrs.field(default=None, metadata=ours("IDITEM"))
    description: str | None = attrs.field(default=None, metadata=ours("DESCRICAO"))
    quantity: Decimal = attrs.field(metadata=ours("QUANT"))
    unit_price: Decimal = attrs.field(metadata=ours("VALORUNITARIO"))
    discount: Decimal = attrs.field(default=Decimal(0), metadata=ours("VALORDESCONTO"))
    total: Decimal | None = attrs.field(default=None, metadata=ours("VALORTOTAL"))
    unit: str | None = attrs.field(default=None, metadata=ours("UNIDADE"))
    anymarket_sku_id: str | None = attrs.field(default=None, metadata=ours("IDSKUANYMARKET"))
    extra: dict[str, Any] = extra_field()

    @property
    def line_total(self) -> Decimal:
        """``total``, or quantity x unit price - discount."""
        if self.total is not None:
            return self.total
        return self.quantity * self.unit_price - self.discount


@attrs.frozen(kw_only=True)
class Payment:
    """OUR CONTRACT. One payment of an order (ANYMARKET ``payments[]``).

    ``institution_cnpj`` is the payment institution for the NF-e ``pag`` group when the
    intermediary processed the payment (``documentPaymentInstitution``). Fees are kept for
    finance; they are not part of the NF-e.
    """

    M2_REPORT: ClassVar[str | None] = None

    method: str = attrs.field(metadata=ours("FORMAPAGTO"))
    value: Decimal = attrs.field(validator=_non_negative, metadata=ours("VALOR"))
    installments: int = attrs.field(default=1, metadata=ours("PARCELAS"))
    marketplace_fee: Decimal | None = attrs.field(default=None, metadata=ours("TAXAMARKETPLACE"))
    institution_cnpj: str | None = attrs.field(
        default=None, metadata=ours("CNPJINSTPAGTO", kind="document", width=14)
    )
    payment_form_id: int | None = attrs.field(default=None, metadata=ours("IDFORMAPAGTO"))
    payment_condition_id: int | None = attrs.field(default=None, metadata=ours("IDCONDPAGTO"))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class SalesOrder:
    """OUR CONTRACT. A sales order (*pedido de venda*) to write into M2, keyed by the
    ANYMARKET order id (sinks write it once, whatever the number of retries).

    ``marketplace_order_number`` is the order number at the marketplace (NF-e ``xPed`` and the
    buyer's reference); ``intermediary`` carries the NT 2020.006 data M2 needs for the NF-e.
    ``fulfillment`` orders (ML Full, FBA) belong to a separate M2 channel: no reservation, no
    NF-e issued by the seller (DOMAIN §5.1). Money is ``Decimal``; datetimes are aware.
    """

    M2_REPORT: ClassVar[str | None] = None

    anymarket_order_id: str = attrs.field(metadata=ours("IDPEDIDOANYMARKET"))
    marketplace: str = attrs.field(metadata=ours("MARKETPLACE"))
    marketplace_order_number: str | None = attrs.field(
        default=None, metadata=ours("NUMEROPEDIDOCLIENTE")
    )
    account_name: str | None = attrs.field(default=None, metadata=ours("CONTA"))
    sub_channel: str | None = attrs.field(default=None, metadata=ours("SUBCANAL"))
    fulfillment: bool = attrs.field(default=False, metadata=ours("FULFILLMENT"))
    created_at: datetime = attrs.field(validator=aware, metadata=ours("DATAHORAPEDIDO"))
    paid_at: datetime | None = attrs.field(
        default=None, validator=_optional_aware, metadata=ours("DATAHORAPAGAMENTO")
    )
    buyer: OrderBuyer = attrs.field(metadata=ours("CLIENTE"))
    delivery_address: DeliveryAddress | None = attrs.field(default=None, metadata=ours("ENTREGA"))
    billing_address: DeliveryAddress | None = attrs.field(default=None, metadata=ours("COBRANCA"))
    items: list[OrderItem] = attrs.field(factory=new_list, metadata=ours("ITENS"))
    payments: list[Payment] = attrs.field(factory=new_list, metadata=ours("PAGAMENTOS"))
    freight: Decimal = attrs.field(
        default=Decimal(0), validator=_non_negative, metadata=ours("VALORFRETE")
    )
    discount: Decimal = attrs.field(
        default=Decimal(0), validator=_non_negative, metadata=ours("VALORDESCONTO")
    )
    interest: Decimal = attrs.field(
        default=Decimal(0), validator=_non_negative, metadata=ours("VALORJUROS")
    )
    total: Decimal | None = attrs.field(default=None, metadata=ours("VALORTOTAL"))
    intermediary: Intermediary | None = attrs.field(default=None, metadata=ours("INTERMEDIADOR"))
    company_id: int | None = attrs.field(default=None, metadata=ours("IDEMPRESA"))
    branch_id: int | None = attrs.field(default=None, metadata=ours("IDFILIAL"))
    warehouse_id: int | None = attrs.field(default=None, metadata=ours("IDALMOX"))
    notes: str | None = attrs.field(default=None, metadata=ours("OBS"))
    extra: dict[str, Any] = extra_field()

    @property
    def items_total(self) -> Decimal:
        """The sum of the lines' totals."""
        return sum((i.line_total for i in self.items), Decimal(0))


def order_problems(order: SalesOrder) -> list[str]:
    """Why ``order`` cannot be written (empty when it can); the sinks refuse such orders
    whole, so a held order is never half-written."""
    problems: list[str] = []
    if not order.anymarket_order_id.strip():
        problems.append("anymarket_order_id is empty")
    if not order.marketplace.strip():
        problems.append("marketplace is empty")
    if not order.buyer.name.strip():
        problems.append("buyer.name is empty")
    if not order.items:
        problems.append("the order has no items")
    for n, item in enumerate(order.items):
        if not item.item_code.strip():
            problems.append(f"items[{n}].item_code is empty")
        if item.quantity <= 0:
            problems.append(f"items[{n}].quantity must be positive, got {item.quantity}")
        if item.unit_price < 0:
            problems.append(f"items[{n}].unit_price must not be negative")
        if item.discount < 0:
            problems.append(f"items[{n}].discount must not be negative")
    return problems


@attrs.frozen(kw_only=True)
class OrderReceipt:
    """What ``M2OrderSink.write_order`` answers: the M2 order number (stable across retries),
    whether this call created the order, and whether it changed stored content."""

    m2_order_number: str
    anymarket_order_id: str
    status: OrderStatus
    created: bool
    changed: bool


@attrs.frozen(kw_only=True)
class OrderRecord:
    """An order as a sink holds it."""

    m2_order_number: str
    anymarket_order_id: str
    status: OrderStatus
    order: SalesOrder
    status_reason: str | None = None
    created_at: datetime = attrs.field(validator=aware)
    updated_at: datetime = attrs.field(validator=aware)


# --- send-back: invoice, shipment, delivery -------------------------------------------------


@attrs.frozen(kw_only=True)
class Invoice:
    """OUR CONTRACT. An authorised NF-e of an M2 order, to send to ANYMARKET (status
    INVOICED). ``access_key`` is the 44-digit *chave de acesso*; ``xml`` when the channel needs
    the file. The order is identified by ``m2_order_number`` (and ``anymarket_order_id`` when
    M2 kept it)."""

    M2_REPORT: ClassVar[str | None] = None

    m2_order_number: str = attrs.field(metadata=ours("NUMEROPEDIDO"))
    anymarket_order_id: str | None = attrs.field(default=None, metadata=ours("IDPEDIDOANYMARKET"))
    access_key: str = attrs.field(metadata=ours("CHAVENFE"))
    series: str = attrs.field(metadata=ours("SERIE"))
    number: str = attrs.field(metadata=ours("NUMERONF"))
    issued_at: datetime = attrs.field(validator=aware, metadata=ours("DATAHORAEMISSAO"))
    cfop: str | None = attrs.field(default=None, metadata=ours("CFOP"))
    total: Decimal | None = attrs.field(default=None, metadata=ours("VALORNF"))
    xml: str | None = attrs.field(default=None, repr=False, metadata=ours("XMLNFE"))
    danfe_url: str | None = attrs.field(default=None, metadata=ours("LINKNFE"))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Shipment:
    """OUR CONTRACT. Dispatch of an M2 order (*expedição*) with tracking, to send to
    ANYMARKET (status PAID_WAITING_DELIVERY). ``invoice_access_key`` ties a package to its
    NF-e when one order ships in several packages."""

    M2_REPORT: ClassVar[str | None] = None

    m2_order_number: str = attrs.field(metadata=ours("NUMEROPEDIDO"))
    anymarket_order_id: str | None = attrs.field(default=None, metadata=ours("IDPEDIDOANYMARKET"))
    carrier_id: int | None = attrs.field(default=None, metadata=ours("CODIGOTRANSP"))
    carrier_name: str | None = attrs.field(default=None, metadata=ours("RAZAOTRANSP"))
    carrier_document: str | None = attrs.field(
        default=None, metadata=ours("CNPJTRANSP", kind="document", width=14)
    )
    tracking_number: str | None = attrs.field(default=None, metadata=ours("CODIGORASTREIO"))
    tracking_url: str | None = attrs.field(default=None, metadata=ours("URLRASTREIO"))
    shipped_at: datetime = attrs.field(validator=aware, metadata=ours("DATAHORAEXPEDICAO"))
    estimated_delivery_at: datetime | None = attrs.field(
        default=None, validator=_optional_aware, metadata=ours("DATAPREVENTREGA")
    )
    invoice_access_key: str | None = attrs.field(default=None, metadata=ours("CHAVENFE"))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Delivery:
    """OUR CONTRACT. Proof of delivery of an M2 order, to send to ANYMARKET (status
    CONCLUDED via ``tracking.deliveredDate``)."""

    M2_REPORT: ClassVar[str | None] = None

    m2_order_number: str = attrs.field(metadata=ours("NUMEROPEDIDO"))
    anymarket_order_id: str | None = attrs.field(default=None, metadata=ours("IDPEDIDOANYMARKET"))
    delivered_at: datetime = attrs.field(validator=aware, metadata=ours("DATAHORAENTREGA"))
    tracking_number: str | None = attrs.field(default=None, metadata=ours("CODIGORASTREIO"))
    extra: dict[str, Any] = extra_field()


# Resolve the string annotations now, against this module (see ``_models``).
for _cls in (
    PriceEntry,
    ItemVariation,
    OrderBuyer,
    DeliveryAddress,
    Intermediary,
    OrderItem,
    Payment,
    SalesOrder,
    OrderReceipt,
    OrderRecord,
    Invoice,
    Shipment,
    Delivery,
):
    attrs.resolve_types(_cls)

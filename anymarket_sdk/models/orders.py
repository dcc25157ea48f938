"""Orders (``/orders``): the order as ANYMARKET returns it, the data each status change
sends, split-shipment packages and returns.

Sources disagree on a few spellings and shapes (API_NOTES §7); the converter reads every
documented variant into one field (``_converter._register_normalisers``):

- ``deliverStatus`` (API docs) and ``deliveryStatus`` (Java SDK) -> ``Order.delivery_status``;
- ``marketPlaceStatusComplement`` and ``marketplaceStatusComplement`` ->
  ``Order.marketplace_status_complement``;
- ``items[].shippings`` as a list or a single object -> ``OrderItem.shippings`` (a list);
- ``items[].customization`` (one object) and ``customizations`` (a list, or an object) ->
  ``OrderItem.customizations``;
- ``metadata`` values that are booleans or numbers -> strings (``"true"``, ``"1"``);
- numbers sent as strings, and ``orderItemId`` as a number or a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from ..types import OpenStrEnum
from ._base import dict_field, extra_field, list_field, read_only
from .enums import Marketplace

__all__ = [
    "ALLOWED_SOURCES",
    "AnymarketAddress",
    "BillingAddress",
    "Buyer",
    "CancellationCode",
    "DeliveryStatus",
    "DiscountItemMetadata",
    "DiscountMetadata",
    "DocumentType",
    "FiscalMetadata",
    "InvoiceData",
    "ItemCustomization",
    "ItemShipping",
    "ItemStock",
    "NfeDocument",
    "NfeType",
    "Order",
    "OrderDiscountType",
    "OrderInvoice",
    "OrderItem",
    "OrderMessage",
    "OrderPackage",
    "OrderPayment",
    "OrderProduct",
    "OrderQuote",
    "OrderReturn",
    "OrderSku",
    "OrderSkuKit",
    "OrderStatus",
    "OrderTracking",
    "OrderTransmissionStatus",
    "PackageDimensions",
    "PackageInput",
    "PackageItem",
    "PackageReason",
    "PackageStatus",
    "PackageUnit",
    "PackageUnitItem",
    "Pickup",
    "ReturnConference",
    "ReturnHistory",
    "ReturnInvoice",
    "ReturnItem",
    "ReturnReview",
    "ReturnShipping",
    "ReturnType",
    "ShippingAddress",
    "TrackingData",
    "XmlDocumentLink",
]


def _wire(name: str) -> Any:
    """An optional field whose wire name is not the camelCase of its Python name."""
    f: Any = attrs.field(default=None, metadata={"wire": name})
    return f


def _private(default: Any = None) -> Any:
    """Personal or sensitive data: kept, sent, but left out of ``repr`` (and so of logs)."""
    f: Any = attrs.field(default=default, repr=False)
    return f


# --- enums -------------------------------------------------------------------------------


class OrderStatus(OpenStrEnum):
    """ANYMARKET's order status. Labels in the panel: Pendente, Pago, Faturado, Enviado,
    Entregue, Cancelado. ``DELIVERY_ISSUE`` appears in the API docs only.

    ``status.can_move_to(target)`` applies the transition table (``ALLOWED_SOURCES``).
    """

    PENDING = "PENDING"
    PAID_WAITING_SHIP = "PAID_WAITING_SHIP"
    INVOICED = "INVOICED"
    PAID_WAITING_DELIVERY = "PAID_WAITING_DELIVERY"
    CONCLUDED = "CONCLUDED"
    CANCELED = "CANCELED"
    DELIVERY_ISSUE = "DELIVERY_ISSUE"

    @property
    def label(self) -> str:
        """The panel's Portuguese name (the raw value for statuses without one)."""
        return _LABELS.get(self.value, self.value)

    def can_move_to(self, target: OrderStatus) -> bool:
        """Whether an order in this status may be set to ``target``: the same status is
        always allowed, ``CANCELED`` is reachable from anything, and otherwise ``self``
        must be one of ``ALLOWED_SOURCES[target]`` (nothing goes backwards)."""
        if target in (self, OrderStatus.CANCELED):
            return True
        return self in ALLOWED_SOURCES.get(target, frozenset())


_LABELS: Final = {
    "PENDING": "Pendente",
    "PAID_WAITING_SHIP": "Pago",
    "INVOICED": "Faturado",
    "PAID_WAITING_DELIVERY": "Enviado",
    "CONCLUDED": "Entregue",
    "CANCELED": "Cancelado",
}

_S = OrderStatus
ALLOWED_SOURCES: Final[Mapping[OrderStatus, frozenset[OrderStatus]]] = MappingProxyType(
    {
        _S.PENDING: frozenset({_S.PENDING}),
        _S.PAID_WAITING_SHIP: frozenset({_S.PENDING}),
        _S.INVOICED: frozenset({_S.PENDING, _S.PAID_WAITING_SHIP}),
        _S.PAID_WAITING_DELIVERY: frozenset({_S.PENDING, _S.PAID_WAITING_SHIP, _S.INVOICED}),
        _S.CONCLUDED: frozenset(
            {_S.PENDING, _S.PAID_WAITING_SHIP, _S.INVOICED, _S.PAID_WAITING_DELIVERY}
        ),
        _S.CANCELED: frozenset(
            {
                _S.PENDING,
                _S.PAID_WAITING_SHIP,
                _S.INVOICED,
                _S.PAID_WAITING_DELIVERY,
                _S.CONCLUDED,
                _S.DELIVERY_ISSUE,
            }
        ),
    }
)
"""target status -> the statuses it may be reached from (the official Java SDK's
``OrderStatus.acceptTransitionFrom``). Skipping forward is allowed; going back is not;
``CANCELED`` is reachable from any status, including ones this table does not list."""


class OrderTransmissionStatus(OpenStrEnum):
    """Whether the order is in sync with the marketplace; the ERP also reports its own
    import result with it (``orders.report_transmission``)."""

    OK = "OK"
    ERROR = "ERROR"
    WAITING = "WAITING"


class DeliveryStatus(OpenStrEnum):
    """Shipment status (the union of the API docs' and the Java SDK's lists)."""

    UNKNOWN = "UNKNOWN"
    PACKING = "PACKING"
    SHIPPED = "SHIPPED"
    SHIP_CONFIRMED = "SHIP_CONFIRMED"
    IN_TRANSIT = "IN_TRANSIT"
    HOLD_FOR_PICKUP = "HOLD_FOR_PICKUP"
    HOLD_FOR_SHIPPED = "HOLD_FOR_SHIPPED"
    DELAYED = "DELAYED"
    DELAYED_PICKUP = "DELAYED_PICKUP"
    DELAYED_SHIPPING = "DELAYED_SHIPPING"
    QUARANTINE = "QUARANTINE"
    DELIVERED = "DELIVERED"
    DELIVERED_LATE = "DELIVERED_LATE"
    NOT_DELIVERED = "NOT_DELIVERED"
    CONCLUDED = "CONCLUDED"


class CancellationCode(OpenStrEnum):
    """Why an order was cancelled (Java SDK ``OrderCancellationCode``)."""

    WITHOUT_STOCK = "WITHOUT_STOCK"
    SHIPPING_ADDRESS = "SHIPPING_ADDRESS"
    CUSTOMER_EXCHANGE = "CUSTOMER_EXCHANGE"
    GENERAL_ADJUSTMENT = "GENERAL_ADJUSTMENT"
    CUSTOMER_RETURN = "CUSTOMER_RETURN"
    BUYER_CANCELED = "BUYER_CANCELED"
    OTHER = "OTHER"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    BUYER_NOT_ENOUGH_MONEY = "BUYER_NOT_ENOUGH_MONEY"
    BUYER_REGRETS = "BUYER_REGRETS"
    SELLER_REGRETS = "SELLER_REGRETS"
    BUYER_DID_NOT_ANSWER = "BUYER_DID_NOT_ANSWER"
    THEY_NOT_HONORING_POLICIES = "THEY_NOT_HONORING_POLICIES"
    OTHER_MY_RESPONSIBILITY = "OTHER_MY_RESPONSIBILITY"
    OTHER_THEIR_RESPONSIBILITY = "OTHER_THEIR_RESPONSIBILITY"
    DUBIOUS_BUYER = "DUBIOUS_BUYER"
    HIGH_ML_COMISSION = "HIGH_ML_COMISSION"
    HIGH_TAXES = "HIGH_TAXES"
    SELLER_HOLIDAY = "SELLER_HOLIDAY"
    UNFRIENDLY_SHIPMENT_POLICY = "UNFRIENDLY_SHIPMENT_POLICY"
    UNAVAILABLE_PRODUCT = "UNAVAILABLE_PRODUCT"
    SELLER_ADDRESS_WITHDRAWAL = "SELLER_ADDRESS_WITHDRAWAL"
    WRONG_RECEIVER_ADDRESS = "WRONG_RECEIVER_ADDRESS"
    HIGH_SHIPMENT_COST = "HIGH_SHIPMENT_COST"
    WRONG_SHIPMENT_COST = "WRONG_SHIPMENT_COST"
    UNPRINTED_LABEL = "UNPRINTED_LABEL"
    UNWITHDRAWN_PRODUCT_BY_DELIVER_COMPANY = "UNWITHDRAWN_PRODUCT_BY_DELIVER_COMPANY"
    DENIED_PACKAGE = "DENIED_PACKAGE"
    UNABLE_TO_READ_LABEL = "UNABLE_TO_READ_LABEL"
    MANUFACTURING_PRODUCT_NOT_FINISHED = "MANUFACTURING_PRODUCT_NOT_FINISHED"
    SHIPMENT_PROBLEM_OTHER = "SHIPMENT_PROBLEM_OTHER"
    DELIVERY_COMPANY_PROBLEM_OTHER = "DELIVERY_COMPANY_PROBLEM_OTHER"
    PRODUCT_PRICE_IS_WRONG = "PRODUCT_PRICE_IS_WRONG"
    WRONG_PRODUCT_PRICE = "WRONG_PRODUCT_PRICE"


class DocumentType(OpenStrEnum):
    """Kind of a buyer's document. ``OTHER``/``DNI`` are foreign or unknown documents: do
    not run CPF/CNPJ checks on them."""

    CPF = "CPF"
    CNPJ = "CNPJ"
    OTHER = "OTHER"
    DNI = "DNI"


class NfeType(OpenStrEnum):
    """Kinds of NF-e XML an order can have (``orders.download_nfe``); lower-case on the wire."""

    SALE = "sale"
    SALE_RETURN = "sale_return"
    SALE_DEVOLUTION = "sale_devolution"
    GIFT = "gift"
    INBOUND = "inbound"
    DEVOLUTION = "devolution"
    INBOUND_DEVOLUTION = "inbound_devolution"
    INBOUND_RETURN = "inbound_return"
    INBOUND_SUPPLIER_RETURN = "inbound_supplier_return"
    SYMBOLIC_INBOUND = "symbolic_inbound"
    SYMBOLIC_INBOUND_RETURN = "symbolic_inbound_return"
    PURCHASE = "purchase"
    REMOVAL = "removal"
    SYMBOLIC_REMOVAL = "symbolic_removal"


class OrderDiscountType(OpenStrEnum):
    """Kind of an order or item discount (``discountMetadata``)."""

    COUPON = "COUPON"
    FREE_ITEM = "FREE_ITEM"


class PackageStatus(OpenStrEnum):
    """Status of one package of a split shipment (``WAITTING`` is spelled as on the wire)."""

    CONFIRMED = "CONFIRMED"
    PENDING = "PENDING"
    WAITTING_CONFIRMATION = "WAITTING_CONFIRMATION"
    NOT_ACCEPTED = "NOT_ACCEPTED"
    ACCEPTED = "ACCEPTED"
    ERROR = "ERROR"


class ReturnType(OpenStrEnum):
    TOTAL = "TOTAL"
    PARTIAL = "PARTIAL"


# --- order parts --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FiscalMetadata:
    """Extra NF-e data some marketplaces want with the invoice."""

    operation_type: str | None = None
    emission_type: str | None = None
    authorization_protocol: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderInvoice:
    """The invoice (NF-e) of an order as ANYMARKET stores it."""

    access_key: str | None = None
    series: str | None = None
    number: str | None = None
    date: datetime | None = None
    cfop: str | None = None
    company_state_tax_id: str | None = None
    link_nfe: str | None = None
    invoice_link: str | None = None
    extra_description: str | None = None
    fiscal_metadata: FiscalMetadata | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderTracking:
    """Shipment tracking. ``shipped_date`` is when the carrier took the parcel,
    ``delivered_date`` when the buyer received it."""

    number: str | None = None
    carrier: str | None = None
    carrier_document: str | None = None
    url: str | None = None
    date: datetime | None = None
    shipped_date: datetime | None = None
    estimate_date: datetime | None = None
    delivered_date: datetime | None = None
    delivery_method_id: str | None = None
    delivery_method_name: str | None = None
    buffering_date: datetime | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ShippingAddress:
    """Where the order goes, as the marketplace sent it (``state`` is normalised to the
    UF acronym when ANYMARKET knows it)."""

    address: str | None = None
    street: str | None = None
    number: str | None = None
    comment: str | None = None
    reference: str | None = None
    neighborhood: str | None = None
    city: str | None = None
    state: str | None = None
    state_name_normalized: str | None = None
    state_acronym_normalized: str | None = None
    country: str | None = None
    country_acronym_normalized: str | None = None
    country_name_normalized: str | None = None
    zip_code: str | None = None
    receiver_name: str | None = None
    promised_shipping_time: datetime | None = None
    promised_dispatch_time: datetime | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class BillingAddress:
    """The billing address; ``shipment_user_*`` identify the invoiced person or company."""

    address: str | None = None
    street: str | None = None
    number: str | None = None
    comment: str | None = None
    reference: str | None = None
    neighborhood: str | None = None
    city: str | None = None
    state: str | None = None
    state_name_normalized: str | None = None
    country: str | None = None
    country_acronym_normalized: str | None = None
    country_name_normalized: str | None = None
    zip_code: str | None = None
    shipment_user_name: str | None = None
    shipment_user_document: str | None = _private()
    shipment_user_document_type: DocumentType | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class AnymarketAddress:
    """The delivery address normalised by ANYMARKET (``state_acronym_normalized`` is the
    UF). ``promised_shipping_time`` is free text here, as the API types it."""

    address: str | None = None
    street: str | None = None
    number: str | None = None
    comment: str | None = None
    reference: str | None = None
    neighborhood: str | None = None
    city: str | None = None
    state: str | None = None
    state_acronym_normalized: str | None = None
    country: str | None = None
    zip_code: str | None = None
    receiver_name: str | None = None
    promised_shipping_time: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Buyer:
    """The buyer. ``document_number_normalized`` is the document's digits when it is a CPF
    or CNPJ (``None`` otherwise); ``company_state_tax_id`` is the IE. Documents, e-mail and
    phones are personal data and stay out of ``repr``."""

    name: str | None = None
    id: int | None = None
    marketplace_id: str | None = _wire("marketPlaceId")
    email: str | None = _private()
    document: str | None = _private()
    document_type: DocumentType | None = None
    document_number_normalized: str | None = _private()
    company_state_tax_id: str | None = _private()
    phone: str | None = _private()
    cell_phone: str | None = _private()
    date_of_birth: str | None = _private()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderPayment:
    """One payment. ``marketplace_fee`` and ``gateway_fee`` are the channel's costs (book
    them in finance, not on the invoice)."""

    method: str | None = None
    status: str | None = None
    value: Decimal | None = None
    installments: int | None = None
    marketplace_id: str | None = None
    payment_method_normalized: str | None = None
    payment_detail_normalized: str | None = None
    due_date: datetime | None = None
    gateway_fee: Decimal | None = None
    marketplace_fee: Decimal | None = None
    card_operator: str | None = None
    order_authorization_card_code: str | None = _private()
    document_payment_institution: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderProduct:
    id: int | None = None
    title: str | None = None
    external_id_product: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderSku:
    """The SKU sold; ``partner_id`` is the ERP's code for it."""

    id: int | None = None
    title: str | None = None
    partner_id: str | None = None
    ean: str | None = None
    external_id: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderSkuKit:
    """The kit SKU an item was sold as part of, with the kit quantity."""

    id: int | None = None
    title: str | None = None
    partner_id: str | None = None
    amount: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ItemShipping:
    """How an item ships: ``shipping_type`` is the marketplace's name (wire
    ``shippingtype``); the ``*_normalized`` fields are ANYMARKET's (``UNKNOWN`` when not)."""

    id: int | None = None
    shipping_type: str | None = _wire("shippingtype")
    shipping_carrier_normalized: str | None = None
    shipping_carrier_type_normalized: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ItemCustomization:
    """A personalisation of an item (e.g. a printed name)."""

    customization_type: str | None = None
    customization_quantity: Decimal | None = None
    customization_price: Decimal | None = None
    customization_value: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ItemStock:
    """The warehouse an item's stock was reserved in."""

    stock_local_id: int | None = None
    amount: Decimal | None = None
    stock_name: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class DiscountItemMetadata:
    """Who funds an item discount: the seller or the marketplace."""

    type: OrderDiscountType | None = None
    discount_product_seller: Decimal | None = None
    discount_product_marketplace: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class DiscountMetadata:
    """Kinds of discount applied to the order (``type`` is a list on the wire)."""

    type: list[OrderDiscountType] = list_field()
    discount_details: list[dict[str, Any]] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderItem:
    """One order line.

    ``amount`` is the quantity and ``unit`` the unit price. In orders read from
    ANYMARKET ``gross = amount * unit`` and ``total = gross - discount`` (the API docs word
    the POST fields the other way round). ``order_item_id`` is ANYMARKET's line id (a string
    here, whatever the wire sends).
    """

    sku: OrderSku | None = None
    product: OrderProduct | None = None
    sku_kit: OrderSkuKit | None = None
    amount: Decimal | None = None
    unit: Decimal | None = None
    gross: Decimal | None = None
    total: Decimal | None = None
    discount: Decimal | None = None
    discount_item_metadata: list[DiscountItemMetadata] = list_field()
    shippings: list[ItemShipping] = list_field()
    customizations: list[ItemCustomization] = list_field()
    stocks: list[ItemStock] = list_field()
    marketplace_id: str | None = _wire("marketPlaceId")
    order_item_id: str | None = None
    id_in_marketplace: str | None = _wire("idInMarketPlace")
    official_store_id: str | None = None
    official_store_name: str | None = None
    listing_type: str | None = None
    free_shipping: bool | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def partner_id(self) -> str | None:
        """The ERP code of the SKU sold (``sku.partner_id``)."""
        return self.sku.partner_id if self.sku else None


@attrs.frozen(kw_only=True)
class OrderQuote:
    """The freight quote an order was sold with (``quoteReconciliation`` /
    ``GET /orders/{id}/quote-id``)."""

    quote_id: str | None = None
    price: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Pickup:
    """A store pickup (the buyer collects the order)."""

    id: int | None = None
    description: str | None = None
    partner_id: str | None = None
    marketplace_id: str | None = None
    receiver_name: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderMessage:
    """A message shown in the seller's panel; ``key`` and ``parameters`` let ANYMARKET
    translate it."""

    message: str | None = None
    key: str | None = None
    parameters: Any = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Order:
    """An ANYMARKET order.

    Identity: ``id`` (ANYMARKET's), ``marketplace`` + ``marketplace_id`` (the channel's
    internal id) and ``marketplace_number`` (the public number), ``partner_id`` (the ERP's
    order number, written once with ``orders.set_partner_id``).

    Money is ``Decimal``: ``gross`` (products, without freight), ``discount``, ``freight``
    (what the buyer paid), ``seller_freight`` (the seller's freight cost),
    ``interest_value`` (instalment interest) and ``total`` (with freight);
    ``product_gross``/``product_net`` come from the Java SDK's "new totals" pattern.

    ``fulfillment`` marks orders the marketplace ships from its own stock (Mercado Livre
    Full, Amazon FBA): the seller does not ship or invoice them. ``metadata`` holds
    marketplace extras as strings (``number-of-packages``, ``cdZipCode``,
    ``needInvoiceXML``, ``logistic_type``, ``canceldetail_*``, ...).

    ``Order`` is also the body of ``orders.create`` (sandbox test orders): ``id`` is never
    sent and ``product_gross`` is left out by the resource.
    """

    id: int | None = read_only()
    account_name: str | None = None
    id_account: int | None = None
    marketplace: Marketplace | None = _wire("marketPlace")
    marketplace_id: str | None = _wire("marketPlaceId")
    marketplace_number: str | None = _wire("marketPlaceNumber")
    marketplace_url: str | None = _wire("marketPlaceUrl")
    partner_id: str | None = None
    partner_number: str | None = None
    sub_channel: str | None = None
    sub_channel_normalized: str | None = None
    order_type_name: str | None = None
    shipping_option_id: str | None = None
    shipping_id: str | None = None
    created_at: datetime | None = None
    payment_date: datetime | None = None
    cancel_date: datetime | None = None
    last_update: datetime | None = None
    status: OrderStatus | None = None
    transmission_status: OrderTransmissionStatus | None = None
    marketplace_status: str | None = _wire("marketPlaceStatus")
    marketplace_status_complement: str | None = _wire("marketPlaceStatusComplement")
    marketplace_shipment_status: str | None = _wire("marketPlaceShipmentStatus")
    delivery_status: DeliveryStatus | None = _wire("deliverStatus")
    cancellation_code: CancellationCode | None = None
    cancel_details: str | None = None
    fulfillment: bool | None = None
    need_collect: bool | None = None
    collect_request_date: datetime | None = None
    print_tag_date: datetime | None = None
    shipment_exception_date: datetime | None = None
    shipment_exception_description: str | None = None
    document_intermediator: str | None = None
    intermediate_registration_id: str | None = None
    document_payment_institution: str | None = None
    discount: Decimal | None = None
    freight: Decimal | None = None
    seller_freight: Decimal | None = None
    interest_value: Decimal | None = None
    gross: Decimal | None = None
    product_gross: Decimal | None = None
    product_net: Decimal | None = None
    total: Decimal | None = None
    discount_metadata: list[DiscountMetadata] = list_field()
    quote_reconciliation: OrderQuote | None = None
    buyer: Buyer | None = None
    shipping: ShippingAddress | None = None
    billing_address: BillingAddress | None = None
    anymarket_address: AnymarketAddress | None = None
    payments: list[OrderPayment] = list_field()
    items: list[OrderItem] = list_field()
    invoice: OrderInvoice | None = None
    tracking: OrderTracking | None = None
    pickup: Pickup | None = None
    metadata: dict[str, str] = dict_field()
    observation: str | None = None
    order_message: OrderMessage | None = None
    extra: dict[str, Any] = extra_field()

    @property
    def is_fulfillment(self) -> bool:
        """True for marketplace-fulfilled orders (Full/FBA): do not ship or invoice them."""
        return bool(self.fulfillment)

    @property
    def is_frozen(self) -> bool:
        """Netshoes holds ("freezes") some orders: status ``FROZEN`` at the marketplace."""
        return (
            self.marketplace == Marketplace.NETSHOES
            and (self.marketplace_status or "").upper() == "FROZEN"
        )

    @property
    def need_invoice_xml(self) -> bool | None:
        """The marketplace wants the NF-e XML (``metadata.needInvoiceXML``), when stated."""
        value = self.metadata.get("needInvoiceXML")
        return None if value is None else value.strip().lower() == "true"

    @property
    def logistic_type(self) -> str | None:
        """Mercado Livre's logistic type (``drop_off``, ``cross_docking``, ``fulfillment``...)."""
        return self.metadata.get("logistic_type")

    def item_by_partner_id(self, partner_id: str) -> OrderItem | None:
        """The first line selling the SKU with this ERP code."""
        return next((i for i in self.items if i.partner_id == partner_id), None)


# --- data sent by status changes -----------------------------------------------------------


@attrs.frozen(kw_only=True)
class InvoiceData:
    """What ``orders.invoice`` sends: the NF-e that invoices the order.

    ``access_key`` (44 digits, checked) and ``date`` (the NF-e issue date, timezone-aware)
    are required; ``series`` and ``number`` must match the ones inside the key when given.
    ``cfop`` and ``company_state_tax_id`` (IE, or ``"ISENTO"``) are required by Mercado
    Envios Coleta; ``link_nfe`` is a URL to consult the NF-e, ``invoice_link`` one to its
    PDF/XML.
    """

    access_key: str
    date: datetime
    series: str | None = None
    number: str | None = None
    cfop: str | None = None
    company_state_tax_id: str | None = None
    link_nfe: str | None = None
    invoice_link: str | None = None
    extra_description: str | None = None
    fiscal_metadata: FiscalMetadata | None = None


@attrs.frozen(kw_only=True)
class TrackingData:
    """What ``orders.ship`` sends: the carrier's tracking of the shipment.

    ``number``, ``carrier`` and ``shipped_date`` (timezone-aware) are required; ``url``,
    ``carrier_document`` (the carrier's CNPJ) and ``estimate_date`` are sent when given.
    """

    number: str
    carrier: str
    shipped_date: datetime
    url: str | None = None
    carrier_document: str | None = None
    estimate_date: datetime | None = None
    date: datetime | None = None


# --- NF-e documents ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class XmlDocumentLink:
    """Where ANYMARKET keeps one fiscal XML of an order."""

    type: NfeType | None = None
    url: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class NfeDocument:
    """A fiscal XML fetched from ANYMARKET.

    The API docs disagree on the answer: the text says the XML itself, the schema a JSON
    list of ``{type, url}``. Either way lands here: ``content`` holds the XML bytes exactly
    as received, ``links`` the JSON links.
    """

    content: bytes | None = None
    content_type: str | None = None
    links: list[XmlDocumentLink] = list_field()

    @property
    def text(self) -> str | None:
        """The XML as text, decoded with the encoding its declaration names (UTF-8 if none)."""
        if self.content is None:
            return None
        head = self.content[:200]
        encoding = "utf-8"
        start = head.find(b"encoding=")
        if head.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml") and start >= 0:
            quote = head[start + 9 : start + 10]
            end = head.find(quote, start + 10)
            if quote in (b'"', b"'") and end > 0:
                encoding = head[start + 10 : end].decode("ascii", "replace")
        try:
            return self.content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            return self.content.decode("utf-8", "replace")


# --- packages (split shipments) ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PackageReason:
    """Why the order is split (a marketplace reason code and text)."""

    id: str | None = None
    description: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PackageDimensions:
    """Package size in centimetres and weight in kilograms."""

    length: Decimal | None = None
    width: Decimal | None = None
    height: Decimal | None = None
    weight: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PackageItem:
    """A quantity of one SKU (by its ERP code, ``sku``) put in a package."""

    sku: str
    quantity: Decimal
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PackageInput:
    """One package to create: its items, and optionally its size and the ERP's id."""

    items: list[PackageItem] = list_field()
    dimensions: PackageDimensions | None = None
    external_id: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PackageUnitItem:
    sku: str | None = None
    quantity: Decimal | None = None
    sales_order_item_id: int | None = None
    sku_in_marketplace: str | None = None
    id_in_marketplace: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class PackageUnit:
    """One package of an order as ANYMARKET returns it. ``package_item_id`` (a UUID) is
    the id the package's invoice, shipping and delivery refer to."""

    package_item_id: str | None = None
    external_id: str | None = None
    created_at: datetime | None = None
    tracking_code: str | None = None
    tracking_date: datetime | None = None
    dimensions: PackageDimensions | None = None
    reason_id: str | None = None
    reason_description: str | None = None
    created_unit: datetime | None = None
    status_marketplace: str | None = None
    status: PackageStatus | None = None
    items: list[PackageUnitItem] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderPackage:
    """The answer to creating packages: the order's packages after the split."""

    order_id: int | None = None
    package_id: int | None = None
    oi: str | None = None
    order_id_in_marketplace: str | None = None
    package_reason: PackageReason | None = None
    packages: list[PackageUnit] = list_field()
    extra: dict[str, Any] = extra_field()


# --- returns -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReturnItem:
    id: int | None = None
    order_item_id: str | None = None
    title: str | None = None
    sku_id: int | None = None
    marketplace_sku_id: str | None = None
    quantity: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ReturnShipping:
    """The reverse shipment of a return."""

    id: int | None = None
    marketplace_shipping_id: str | None = None
    status: str | None = None
    sub_status: str | None = None
    tracking_number: str | None = None
    estimated_delivery: datetime | None = None
    transport_service_name: str | None = None
    sender_name: str | None = None
    type: str | None = None
    address_line: str | None = None
    street_name: str | None = None
    street_number: str | None = None
    comment: str | None = None
    zip_code: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    neighborhood: str | None = None
    municipality: str | None = None
    destination: str | None = None
    created_at: datetime | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ReturnHistory:
    id: int | None = None
    return_status: str | None = None
    shipping_status: str | None = None
    shipping_sub_status: str | None = None
    created_at: datetime | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ReturnReview:
    """The marketplace's review of the returned goods."""

    method: str | None = None
    review_status: str | None = None
    product_condition: str | None = None
    product_destination: str | None = None
    benefited: str | None = None
    reason_id: str | None = None
    reviewed_at: datetime | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ReturnConference:
    """The seller's check of the returned goods."""

    reason_details: str | None = None
    status: str | None = None
    observations: str | None = None
    origin: str | None = None
    marketplace_review: ReturnReview | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class ReturnInvoice:
    """The return NF-e (its access key)."""

    access_key: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class OrderReturn:
    """A return ("devolução") of an order, total or partial."""

    id: int | None = None
    order_id: int | None = None
    oi: str | None = None
    marketplace: Marketplace | None = None
    marketplace_order_id: str | None = None
    marketplace_return_id: str | None = None
    marketplace_type_id: str | None = None
    account_id: int | None = None
    account_name: str | None = None
    type: ReturnType | None = None
    status: str | None = None
    payment_status: str | None = None
    reason: str | None = None
    fulfillment: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    checked_at: datetime | None = None
    closed_at: datetime | None = None
    items: list[ReturnItem] = list_field()
    shipping: list[ReturnShipping] = list_field()
    history: list[ReturnHistory] = list_field()
    conference: ReturnConference | None = None
    invoice: ReturnInvoice | None = None
    extra: dict[str, Any] = extra_field()

"""ANYMARKET orders -> M2 sales orders, with the channel decision (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

import attrs

from anymarket_sdk.models import (
    AnymarketAddress,
    BillingAddress,
    Buyer,
    DocumentType,
    Order,
    OrderStatus,
    ShippingAddress,
)
from anymarket_sdk.models import OrderItem as AmOrderItem
from m2_adapter.br import (
    BrValidationError,
    Document,
    DocumentKind,
    cep_matches_uf,
    document_kind,
    parse_cep,
    parse_document,
    parse_phone,
    parse_uf,
)
from m2_adapter.m2 import (
    DeliveryAddress,
    Intermediary,
    Item,
    OrderBuyer,
    OrderItem,
    Payment,
    SalesOrder,
)
from m2_adapter.m2 import OrderStatus as M2Status

from ._codec import PartnerIdError, decode_partner_id
from ._config import MappingConfig, SalesChannel, check_cnpj, normalise_marketplace
from ._report import HoldReason, MappingResult, ReportBuilder, WarningCode

__all__ = [
    "GATEWAY_FEE_COLUMN",
    "SALES_CHANNEL_COLUMN",
    "OrderAction",
    "OrderDecision",
    "OrderMapping",
    "is_fulfillment_order",
    "map_order",
    "route_order",
]

SALES_CHANNEL_COLUMN: Final = "CANALVENDA"
"""The ``SalesOrder.extra`` column carrying the M2 sales channel code (the contract model
has no field for it yet)."""
GATEWAY_FEE_COLUMN: Final = "TAXAGATEWAY"
"""The ``Payment.extra`` column carrying ANYMARKET's ``gatewayFee``."""

_OPEN: Final = frozenset(
    {
        OrderStatus.PAID_WAITING_SHIP,
        OrderStatus.INVOICED,
        OrderStatus.PAID_WAITING_DELIVERY,
        OrderStatus.CONCLUDED,
        OrderStatus.DELIVERY_ISSUE,
    }
)
_ZERO: Final = Decimal(0)


class OrderAction(StrEnum):
    """What the order intake does with a mapped order."""

    CREATE = "create"
    """Write (create or update) the M2 order."""
    CANCEL = "cancel"
    """Cancel the M2 order if it exists; never create one."""


@attrs.frozen(kw_only=True)
class OrderDecision:
    """Where an order goes and what the integration may do with it.

    - ``channel``: the M2 sales channel (from ``config.channel_routes``).
    - ``m2_status``: ``PENDING`` (not paid yet), ``OPEN`` (paid or further) or ``CANCELED``.
    - ``reserve_stock``: reserve/deduct own stock in M2: only for paid, non-fulfillment
      orders (a PENDING order reserves nothing, DOMAIN §5.4).
    - ``issue_nfe``: the seller issues the sale NF-e in M2 (never for fulfillment orders:
      the marketplace issues it; never for cancelled ones).
    - ``push_invoice`` / ``push_tracking``: invoice, tracking and delivery are sent back to
      ANYMARKET (never for fulfillment or cancelled orders).
    """

    channel: SalesChannel
    action: OrderAction
    m2_status: M2Status
    fulfillment: bool
    reserve_stock: bool
    issue_nfe: bool
    push_invoice: bool
    push_tracking: bool


@attrs.frozen(kw_only=True)
class OrderMapping:
    """A mapped order: the M2 sales order and the decision that goes with it."""

    order: SalesOrder
    decision: OrderDecision


def _subject(order: Order) -> str:
    return f"order {order.id}" if order.id is not None else "order (no id)"


def is_fulfillment_order(order: Order) -> tuple[bool, bool]:
    """``(fulfillment, from_metadata)``: the order is marketplace-fulfilled when
    ``fulfillment`` is true or, failing that, Mercado Livre's ``metadata.logistic_type`` is
    ``fulfillment`` (then ``from_metadata`` is true)."""
    if order.fulfillment:
        return True, False
    logistic = (order.logistic_type or "").strip().lower()
    return (True, True) if logistic == "fulfillment" else (False, False)


def _decide(status: OrderStatus, fulfillment: bool, channel: SalesChannel) -> OrderDecision:
    if status == OrderStatus.CANCELED:
        return OrderDecision(
            channel=channel,
            action=OrderAction.CANCEL,
            m2_status=M2Status.CANCELED,
            fulfillment=fulfillment,
            reserve_stock=False,
            issue_nfe=False,
            push_invoice=False,
            push_tracking=False,
        )
    paid = status in _OPEN
    own = not fulfillment
    return OrderDecision(
        channel=channel,
        action=OrderAction.CREATE,
        m2_status=M2Status.OPEN if paid else M2Status.PENDING,
        fulfillment=fulfillment,
        reserve_stock=own and paid,
        issue_nfe=own,
        push_invoice=own,
        push_tracking=own,
    )


def _route(order: Order, config: MappingConfig, rb: ReportBuilder) -> OrderDecision | None:
    subject = _subject(order)
    status = order.status
    if status is None or not status.is_known:
        shown = "missing" if status is None else repr(status.value)
        rb.hold(HoldReason.ORDER_STATUS_UNKNOWN, subject, "status", f"the status is {shown}")
        status = None
    if order.marketplace is None or not str(order.marketplace.value).strip():
        rb.hold(HoldReason.ORDER_INCOMPLETE, subject, "marketplace", "the order has no marketplace")
        return None
    fulfillment, from_metadata = is_fulfillment_order(order)
    if from_metadata:
        rb.warn(
            WarningCode.FULFILLMENT_FROM_METADATA,
            subject,
            "metadata.logistic_type",
            "fulfillment is not set but logistic_type is 'fulfillment': treated as fulfillment",
        )
    route = config.route_for(order.marketplace, order.account_name, fulfillment=fulfillment)
    if route is None:
        rb.hold(
            HoldReason.CHANNEL_UNMAPPED,
            subject,
            "marketplace",
            f"no M2 sales channel for marketplace {normalise_marketplace(order.marketplace)}, "
            f"account {order.account_name!r}, fulfillment={fulfillment}",
        )
        return None
    if status is None:
        return None
    return _decide(status, fulfillment, route.channel)


def route_order(order: Order, *, config: MappingConfig) -> MappingResult[OrderDecision]:
    """The channel decision for an order (``map_order`` includes it).

    Fulfillment orders (``fulfillment`` true, or ML ``logistic_type`` ``fulfillment``) use
    only fulfillment routes: they never fall back to the own-stock channel. Held:
    ``ORDER_STATUS_UNKNOWN``, ``ORDER_INCOMPLETE`` (no marketplace), ``CHANNEL_UNMAPPED``.
    """
    rb = ReportBuilder()
    decision = _route(order, config, rb)
    return rb.result(decision)


# --- buyer ------------------------------------------------------------------------------------

_DOCUMENT_HOLDS: Final = {
    DocumentKind.PLACEHOLDER: HoldReason.BUYER_DOCUMENT_PLACEHOLDER,
    DocumentKind.MASKED: HoldReason.BUYER_DOCUMENT_MASKED,
    DocumentKind.MISSING: HoldReason.BUYER_DOCUMENT_INVALID,
    DocumentKind.INVALID: HoldReason.BUYER_DOCUMENT_INVALID,
}
_DOCUMENT_WORDS: Final = {
    DocumentKind.PLACEHOLDER: "a placeholder (one repeated digit)",
    DocumentKind.MASKED: "masked by the marketplace",
    DocumentKind.MISSING: "missing",
    DocumentKind.INVALID: "not a valid CPF or CNPJ",
}


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    clean = " ".join(value.split())
    return clean or None


class _OrderMapper:
    """One run of ``map_order``."""

    def __init__(
        self, order: Order, config: MappingConfig, items: Mapping[str, Item], rb: ReportBuilder
    ) -> None:
        self.order = order
        self.config = config
        self.items = items
        self.rb = rb
        self.subject = _subject(order)

    # -- buyer --

    def document(self, buyer: Buyer | None, strict: bool) -> tuple[str | None, str | None]:
        rb, subject = self.rb, self.subject
        raw = None
        if buyer is not None:
            raw = _text(buyer.document_number_normalized) or _text(buyer.document)
        declared = buyer.document_type if buyer is not None else None
        doc: Document | None = None
        if declared is not None and declared not in (DocumentType.CPF, DocumentType.CNPJ):
            if raw is not None:
                rb.warn(
                    WarningCode.FOREIGN_DOCUMENT,
                    subject,
                    "buyer.document",
                    f"a {declared.value} document: kept as given, not validated",
                )
                return raw, None
            kind = DocumentKind.MISSING
        else:
            try:
                doc = parse_document(raw) if raw is not None else None
            except BrValidationError:
                doc = None
            kind = doc.kind if doc is not None else document_kind(raw)
        if doc is not None:
            if declared is not None and declared.value != doc.kind.value:
                rb.warn(
                    WarningCode.DOCUMENT_TYPE_MISMATCH,
                    subject,
                    "buyer.document_type",
                    f"declared {declared.value}, but the document is a {doc.kind.value}",
                )
            return doc.value, "F" if doc.kind is DocumentKind.CPF else "J"
        if strict:
            rb.hold(
                _DOCUMENT_HOLDS[kind],
                subject,
                "buyer.document",
                f"the buyer document is {_DOCUMENT_WORDS[kind]}: an NF-e needs a valid CPF/CNPJ",
            )
        elif kind is not DocumentKind.MISSING:
            rb.warn(
                WarningCode.DOCUMENT_DROPPED,
                subject,
                "buyer.document",
                f"the buyer document is {_DOCUMENT_WORDS[kind]}: dropped (no NF-e by the seller)",
            )
        return None, None

    def phone(self, buyer: Buyer | None) -> str | None:
        if buyer is None:
            return None
        raw = _text(buyer.cell_phone) or _text(buyer.phone)
        if raw is None:
            return None
        try:
            phone = parse_phone(raw)
        except BrValidationError as exc:
            self.rb.warn(
                WarningCode.PHONE_DROPPED,
                self.subject,
                "buyer.phone",
                f"phone dropped ({exc.rule})",
            )
            return None
        return phone.ddd + phone.number

    def buyer(self, strict: bool) -> OrderBuyer | None:
        order = self.order
        b = order.buyer
        name = (
            (_text(b.name) if b else None)
            or (_text(order.billing_address.shipment_user_name) if order.billing_address else None)
            or (_text(order.shipping.receiver_name) if order.shipping else None)
        )
        document, person_type = self.document(b, strict)
        if name is None:
            self.rb.hold(
                HoldReason.BUYER_NAME_MISSING,
                self.subject,
                "buyer.name",
                "no buyer, billing or receiver name",
            )
            return None
        state_registration = _text(b.company_state_tax_id) if b else None
        taxpayer: bool | None = None
        if person_type == "F":
            taxpayer = False
        elif person_type == "J" and state_registration is not None:
            taxpayer = state_registration.upper() != "ISENTO"
        return OrderBuyer(
            name=name,
            document=document,
            person_type=person_type,
            state_registration=state_registration,
            icms_taxpayer=taxpayer,
            email=_text(b.email) if b else None,
            phone=self.phone(b),
        )

    # -- addresses --

    def _address(
        self,
        sources: list[AnymarketAddress | ShippingAddress | BillingAddress],
        receiver: str | None,
    ) -> tuple[DeliveryAddress | None, list[str], bool]:
        """The address built field by field from the first source that has each field,
        the problems found, and whether the CEP and UF disagree."""

        def first(attr: str) -> str | None:
            for s in sources:
                value = _text(getattr(s, attr, None))
                if value is not None:
                    return value
            return None

        if not sources:
            return None, ["no address"], False
        problems: list[str] = []
        street = first("street") or first("address")
        city = first("city")
        if street is None:
            problems.append("no street")
        if city is None:
            problems.append("no city")
        uf = first("state_acronym_normalized")
        for candidate in (uf, first("state")):
            if candidate is not None:
                try:
                    uf = parse_uf(candidate).value
                    break
                except BrValidationError:
                    uf = None
        if uf is None:
            problems.append("no valid UF")
        zip_code = None
        raw_zip = first("zip_code")
        if raw_zip is None:
            problems.append("no CEP")
        else:
            try:
                zip_code = parse_cep(raw_zip)
            except BrValidationError as exc:
                problems.append(f"invalid CEP ({exc.rule})")
        if problems:
            return None, problems, False
        assert street is not None
        assert city is not None
        assert uf is not None
        assert zip_code is not None
        address = DeliveryAddress(
            receiver_name=receiver,
            street=street,
            number=first("number"),
            complement=first("comment"),
            district=first("neighborhood"),
            city=city,
            uf=uf,
            zip_code=zip_code,
            reference=first("reference"),
        )
        return address, [], not cep_matches_uf(zip_code, uf)

    def delivery_address(self, required: bool) -> DeliveryAddress | None:
        order = self.order
        sources: list[AnymarketAddress | ShippingAddress | BillingAddress] = [
            s for s in (order.anymarket_address, order.shipping) if s is not None
        ]
        receiver = _text(order.anymarket_address.receiver_name) if order.anymarket_address else None
        receiver = receiver or (_text(order.shipping.receiver_name) if order.shipping else None)
        address, problems, mismatch = self._address(sources, receiver)
        if problems:
            if required and order.pickup is None:
                self.rb.hold(
                    HoldReason.ADDRESS_INVALID,
                    self.subject,
                    "anymarket_address",
                    f"delivery address unusable: {'; '.join(problems)}",
                )
            elif sources:
                self.rb.warn(
                    WarningCode.ADDRESS_DROPPED,
                    self.subject,
                    "anymarket_address",
                    f"delivery address dropped: {'; '.join(problems)}",
                )
            return None
        if mismatch:
            self.rb.warn(
                WarningCode.CEP_UF_MISMATCH,
                self.subject,
                "anymarket_address.zip_code",
                "the CEP is not in the address's UF postal region",
            )
        return address

    def billing_address(self) -> DeliveryAddress | None:
        billing = self.order.billing_address
        if billing is None:
            return None
        address, problems, _ = self._address([billing], _text(billing.shipment_user_name))
        if problems:
            self.rb.warn(
                WarningCode.ADDRESS_DROPPED,
                self.subject,
                "billing_address",
                f"billing address dropped: {'; '.join(problems)}",
            )
        return address

    # -- lines --

    def line(self, n: int, line: AmOrderItem) -> OrderItem | None:
        rb, subject = self.rb, self.subject
        path = f"items[{n}]"
        partner_id = _text(line.partner_id)
        if partner_id is None:
            rb.hold(
                HoldReason.UNKNOWN_SKU, subject, f"{path}.sku.partner_id", "the line has no SKU"
            )
            return None
        try:
            code = decode_partner_id(partner_id)
        except PartnerIdError:
            rb.hold(
                HoldReason.UNKNOWN_SKU,
                subject,
                f"{path}.sku.partner_id",
                f"SKU {partner_id!r} is not a partnerId this integration sends",
            )
            return None
        item = self.items.get(code)
        if item is None:
            rb.hold(
                HoldReason.UNKNOWN_SKU,
                subject,
                f"{path}.sku.partner_id",
                f"SKU {partner_id!r} is not an M2 item",
            )
            return None
        if not (item.active and item.released):
            rb.warn(
                WarningCode.ITEM_NOT_PUBLISHED,
                subject,
                f"{path}.sku.partner_id",
                f"item {code} is not active and released in M2",
            )
        if line.sku_kit is not None:
            rb.warn(
                WarningCode.KIT_COMPONENT,
                subject,
                f"{path}.sku_kit",
                f"the line is a component of kit {line.sku_kit.partner_id!r}",
            )
        quantity = line.amount
        if quantity is None or quantity <= 0:
            rb.hold(
                HoldReason.ITEM_INVALID, subject, f"{path}.amount", "the quantity is not positive"
            )
            return None
        unit = line.unit
        if unit is None and line.gross is not None:
            unit = line.gross / quantity
        if unit is None:
            rb.hold(HoldReason.ITEM_INVALID, subject, f"{path}.unit", "the line has no unit price")
            return None
        discount = line.discount if line.discount is not None else _ZERO
        for name, value in (("unit", unit), ("discount", discount)):
            if value < 0:
                rb.hold(HoldReason.AMOUNT_INVALID, subject, f"{path}.{name}", f"{name} is negative")
                return None
        return OrderItem(
            item_code=code,
            item_id=item.item_id,
            description=item.description,
            quantity=quantity,
            unit_price=unit,
            discount=discount,
            total=line.total,
            anymarket_sku_id=str(line.sku.id) if line.sku and line.sku.id is not None else None,
        )

    # -- money --

    def amount(self, name: str, value: Decimal | None) -> Decimal:
        if value is None:
            return _ZERO
        if value < 0:
            self.rb.hold(HoldReason.AMOUNT_INVALID, self.subject, name, f"{name} is negative")
            return _ZERO
        return value

    def payments(self) -> list[Payment]:
        rb, subject, order = self.rb, self.subject, self.order
        out: list[Payment] = []
        for n, p in enumerate(order.payments):
            path = f"payments[{n}]"
            if p.value is None:
                rb.warn(WarningCode.PAYMENT_DROPPED, subject, f"{path}.value", "no value")
                continue
            if p.value < 0:
                rb.hold(HoldReason.AMOUNT_INVALID, subject, f"{path}.value", "value is negative")
                continue
            institution = None
            raw = _text(p.document_payment_institution) or _text(order.document_payment_institution)
            if raw is not None:
                institution = check_cnpj(raw)
                if institution is None:
                    rb.warn(
                        WarningCode.INSTITUTION_DROPPED,
                        subject,
                        f"{path}.document_payment_institution",
                        "the payment institution is not a valid CNPJ: dropped",
                    )
            out.append(
                Payment(
                    method=_text(p.payment_method_normalized) or _text(p.method) or "UNKNOWN",
                    value=p.value,
                    installments=p.installments if p.installments and p.installments > 0 else 1,
                    marketplace_fee=p.marketplace_fee,
                    institution_cnpj=institution,
                    extra={GATEWAY_FEE_COLUMN: str(p.gateway_fee)}
                    if p.gateway_fee is not None
                    else {},
                )
            )
        return out

    def intermediary(self, marketplace: str, needs_nfe: bool) -> Intermediary | None:
        rb, subject, order = self.rb, self.subject, self.order
        registration = _text(order.intermediate_registration_id)
        raw = _text(order.document_intermediator)
        info = self.config.intermediaries.get(marketplace)
        if raw is not None:
            cnpj = check_cnpj(raw)
            if cnpj is None:
                if needs_nfe:
                    rb.hold(
                        HoldReason.INTERMEDIARY_INVALID,
                        subject,
                        "document_intermediator",
                        "the intermediary document is not a valid CNPJ",
                    )
                return None
            name = info.name if info is not None and info.cnpj == cnpj else None
            return Intermediary(cnpj=cnpj, registration_id=registration, name=name)
        if info is not None:
            rb.warn(
                WarningCode.INTERMEDIARY_FROM_CONFIG,
                subject,
                "document_intermediator",
                f"no intermediary on the order: the configured one for {marketplace} was used",
            )
            return Intermediary(cnpj=info.cnpj, registration_id=registration, name=info.name)
        if needs_nfe:
            rb.warn(
                WarningCode.INTERMEDIARY_MISSING,
                subject,
                "document_intermediator",
                "no intermediary on the order or in the configuration (NF-e without infIntermed)",
            )
        return None

    def order_discount(
        self, lines: list[OrderItem], freight: Decimal, interest: Decimal, discount: Decimal
    ) -> Decimal:
        """The order-level discount not already on the lines (see ``map_order``)."""
        line_discounts = sum((i.discount for i in lines), _ZERO)
        lines_total = sum((i.line_total for i in lines), _ZERO)
        candidates: list[Decimal] = []
        if discount >= line_discounts:
            candidates.append(discount - line_discounts)
        candidates.append(discount)
        total = self.order.total
        if total is None:
            return candidates[0]
        for c in candidates:
            if lines_total + freight + interest - c == total:
                return c
        chosen = candidates[0]
        self.rb.warn(
            WarningCode.TOTALS_MISMATCH,
            self.subject,
            "total",
            f"total {total} differs from items {lines_total} + freight {freight} + interest "
            f"{interest} - discount {chosen} = {lines_total + freight + interest - chosen}",
        )
        return chosen

    def aware(self, name: str, value: datetime | None) -> datetime | None:
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            self.rb.warn(
                WarningCode.DATE_DROPPED, self.subject, name, f"{name} has no UTC offset: dropped"
            )
            return None
        return value

    # -- the order --

    def run(self, decision: OrderDecision | None) -> SalesOrder | None:
        rb, subject, order = self.rb, self.subject, self.order
        if decision is not None:
            fulfillment = decision.fulfillment
        else:
            fulfillment = is_fulfillment_order(order)[0]
        cancelled = order.status == OrderStatus.CANCELED
        needs_nfe = not fulfillment and not cancelled
        if order.id is None:
            rb.hold(HoldReason.ORDER_INCOMPLETE, subject, "id", "the order has no id")
        created_at = self.aware("created_at", order.created_at)
        if created_at is None:
            rb.hold(
                HoldReason.ORDER_INCOMPLETE,
                subject,
                "created_at",
                "the order has no creation date with an offset",
            )
        if not order.items:
            rb.hold(HoldReason.ORDER_INCOMPLETE, subject, "items", "the order has no items")
        buyer = self.buyer(strict=needs_nfe)
        delivery = self.delivery_address(required=needs_nfe)
        billing = self.billing_address()
        lines = [line for n, x in enumerate(order.items) if (line := self.line(n, x)) is not None]
        freight = self.amount("freight", order.freight)
        interest = self.amount("interest_value", order.interest_value)
        discount = self.amount("discount", order.discount)
        payments = self.payments()
        marketplace = normalise_marketplace(order.marketplace) if order.marketplace else ""
        intermediary = self.intermediary(marketplace, needs_nfe)
        number = _text(order.marketplace_number) or _text(order.marketplace_id)
        if number is None:
            rb.warn(
                WarningCode.MARKETPLACE_NUMBER_MISSING,
                subject,
                "marketplace_number",
                "the order has no marketplace order number",
            )
        paid_at = self.aware("payment_date", order.payment_date)
        if rb.held or decision is None or buyer is None or created_at is None:
            return None
        channel = decision.channel
        return SalesOrder(
            anymarket_order_id=str(order.id),
            marketplace=marketplace,
            marketplace_order_number=number,
            account_name=_text(order.account_name),
            sub_channel=_text(order.sub_channel_normalized) or _text(order.sub_channel),
            fulfillment=fulfillment,
            created_at=created_at,
            paid_at=paid_at,
            buyer=buyer,
            delivery_address=delivery,
            billing_address=billing,
            items=lines,
            payments=payments,
            freight=freight,
            discount=self.order_discount(lines, freight, interest, discount),
            interest=interest,
            total=order.total,
            intermediary=intermediary,
            company_id=channel.company_id,
            branch_id=channel.branch_id,
            warehouse_id=channel.warehouse_id,
            notes=_text(order.observation),
            extra={SALES_CHANNEL_COLUMN: channel.code},
        )


def map_order(
    order: Order, *, config: MappingConfig, items: Mapping[str, Item]
) -> MappingResult[OrderMapping]:
    """An ANYMARKET order as an M2 ``SalesOrder`` plus its ``OrderDecision``.

    ``items`` maps M2 item codes to items (the catalogue): each line's SKU partnerId is
    decoded with the codec and must name one of them. Any hold stops the whole order (never
    a partial order); every problem found is reported, not only the first.

    Rules (docs/mapping.md has the details):

    - Routing: see ``route_order``.
    - Buyer: a CPF/CNPJ (of ``documentNumberNormalized`` or ``document``) is validated with
      ``m2_adapter.br``; an ``OTHER``/``DNI`` (or unknown) type is a foreign document kept as
      given, unvalidated, with a warning. When the seller will issue the NF-e
      (not fulfillment, not cancelled), a placeholder, masked, missing or invalid document
      holds the order; otherwise it is dropped with a warning. The phone is normalised
      (DDD + number) or dropped with a warning, never a hold.
    - Delivery address: ``anymarketAddress`` field by field, then ``shipping``; street, city,
      UF and CEP are required when the seller ships (not for fulfillment, cancelled or
      pickup orders, where an unusable address is dropped with a warning).
    - Lines: quantity = ``amount``, unit price = ``unit`` (or ``gross / amount``),
      ``discount`` and ``total`` as sent.
    - Money: ``freight``, ``interestValue`` as sent; ``discount`` on the M2 order is the
      *order-level* part: ANYMARKET's ``discount`` minus the lines' discounts, unless the
      order total shows the discount is on top of them; a total that reconciles with
      neither reading is warned about (``TOTALS_MISMATCH``).
    - Payments: method (normalised name first), value, installments, marketplace fee;
      gateway fee in ``Payment.extra[GATEWAY_FEE_COLUMN]``; the payment institution CNPJ.
    - NF-e intermediary: ``documentIntermediator`` (validated CNPJ) and
      ``intermediateRegistrationId``, else ``config.intermediaries[marketplace]``.
    - The sales channel's code goes in ``SalesOrder.extra[SALES_CHANNEL_COLUMN]``; company,
      branch and warehouse come from the channel.
    """
    rb = ReportBuilder()
    decision = _route(order, config, rb)
    sales_order = _OrderMapper(order, config, items, rb).run(decision)
    if sales_order is None or decision is None:
        return rb.result(None)
    return rb.result(OrderMapping(order=sales_order, decision=decision))

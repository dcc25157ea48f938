"""Transmissions (``/transmissions``): a SKU as sent to one marketplace, with its status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ..types import OpenStrEnum
from ._base import extra_field, list_field
from .enums import PublicationStatus
from .images import Image
from .products import Characteristic, Nbm, Origin
from .skus import SkuVariation

__all__ = [
    "PublicationStatus",
    "Transmission",
    "TransmissionBrand",
    "TransmissionCategory",
    "TransmissionProduct",
    "TransmissionSku",
    "TransmissionStatus",
    "TransmissionUpdate",
]


class TransmissionStatus(OpenStrEnum):
    """Where the transmission of a listing to the marketplace stands.

    ``OK`` sent; ``ERROR`` the marketplace refused it (see ``transmission_message``);
    ``SENDING``, ``ACTIVATING``, ``PAUSING``, ``CLOSING``, ``SYNCING`` and ``WAITING_SYNC``
    are in-progress states. The official Java SDK also knows ``RETRY``, ``TRANSLATING``,
    ``REMOVING`` and ``SYNCING_TRANSMISSION_RESULT``.
    """

    ACTIVATING = "ACTIVATING"
    CLOSING = "CLOSING"
    ERROR = "ERROR"
    OK = "OK"
    PAUSING = "PAUSING"
    SENDING = "SENDING"
    SYNCING = "SYNCING"
    WAITING_SYNC = "WAITING_SYNC"
    RETRY = "RETRY"
    TRANSLATING = "TRANSLATING"
    REMOVING = "REMOVING"
    SYNCING_TRANSMISSION_RESULT = "SYNCING_TRANSMISSION_RESULT"


@attrs.frozen(kw_only=True)
class TransmissionCategory:
    id: int | None = None
    name: str | None = None
    path: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TransmissionBrand:
    id: int | None = None
    name: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TransmissionProduct:
    id: int | None = None
    title: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TransmissionSku:
    """The SKU carried by a transmission. ``price`` is the list price, ``discount_price`` the
    selling price, ``amount`` the stock available to the listing."""

    id: int | None = None
    title: str | None = None
    partner_id: str | None = None
    ean: str | None = None
    price: Decimal | None = None
    discount_price: Decimal | None = None
    amount: Decimal | None = None
    variations: list[SkuVariation] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Transmission:
    """A SKU as transmitted to one marketplace account (``account_name``).

    ``status`` is the transmission's progress (``TransmissionStatus``),
    ``publication_status`` the listing's state in ANYMARKET and ``market_place_status`` the
    marketplace's own free-text status. The API docs spell that last key
    ``marketPlaceStatus``; the official Java SDK spells it ``marketplaceStatus``; the SDK
    reads either into ``market_place_status``.

    The ``id`` to use with ``client.transmissions`` is the one a transmission feed item or
    a ``TRANSMISSION`` callback carries, passed on unchanged (the sources disagree on
    whether it is the SKU id or the listing id).
    """

    id: int | None = None
    account_name: str | None = None
    description: str | None = None
    category: TransmissionCategory | None = None
    brand: TransmissionBrand | None = None
    product: TransmissionProduct | None = None
    nbm: Nbm | None = None
    origin: Origin | None = None
    model: str | None = None
    video_url: str | None = None
    warranty_time: int | None = None
    warranty_text: str | None = None
    height: Decimal | None = None
    width: Decimal | None = None
    weight: Decimal | None = None
    length: Decimal | None = None
    status: TransmissionStatus | None = None
    transmission_message: str | None = None
    publication_status: PublicationStatus | None = None
    market_place_status: str | None = None
    price_factor: Decimal | None = None
    sku: TransmissionSku | None = None
    characteristics: list[Characteristic] = list_field()
    images: list[Image] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class TransmissionUpdate:
    """The body of ``PUT /transmissions/{id}``: set at least one field.

    ``market_place_status`` (<= 255 characters) is sent as ``marketPlaceStatus``, the
    spelling of the API docs. To send other keys the official Java SDK uses
    (``transmissionStatus``, ``errorMsg``, ``permalink``, ``marketplaceStatus``), put them
    in ``extra``.
    """

    publication_status: PublicationStatus | None = None
    market_place_status: str | None = None
    extra: dict[str, Any] = extra_field()

"""Logistics: freight quotes (``/freight/quotes``), shipping labels (``/printtag``) and the
fiscal documents of marketplace fulfillment (``/fulfillment/{marketplace}/documents``).

Money, quantities and dimensions are ``Decimal``. The enums here read their values without
regard to case (the official Java SDK writes ``normal``/``express`` and ``pdf``/``zpl2``
where the API docs write upper case) and, like every enum of the SDK, keep unknown values.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any, Self

import attrs

from ..types import OpenStrEnum
from ._base import dict_field, extra_field, list_field
from .enums import Marketplace

__all__ = [
    "FreightDimensions",
    "FreightItem",
    "FreightProduct",
    "FreightQuote",
    "FreightQuoteRequest",
    "FreightQuoteResult",
    "FreightType",
    "FulfillmentDocument",
    "FulfillmentDocumentType",
    "Label",
    "PrintTagContent",
    "PrintTagFile",
    "PrintTagType",
]


class _CaseInsensitiveEnum(OpenStrEnum):
    """An open enum whose known values match in any case (``"normal"`` is ``NORMAL``)."""

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if isinstance(value, str):
            folded = value.strip().casefold()
            for member in cls:
                if member.value.casefold() == folded:
                    return member
        return super()._missing_(value)


# --- freight quotes -----------------------------------------------------------------------


class FreightType(_CaseInsensitiveEnum):
    """Kind of freight service. ANYMARKET documents upper case; the Java SDK sends lower case
    (both read as the same member)."""

    NORMAL = "NORMAL"
    EXPRESS = "EXPRESS"


@attrs.frozen(kw_only=True)
class FreightDimensions:
    """Package dimensions of an item: centimetres for ``height``/``width``/``length``,
    kilograms for ``weight`` (the units of the product catalogue)."""

    height: Decimal | None = None
    width: Decimal | None = None
    weight: Decimal | None = None
    length: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class FreightItem:
    """One line of a quote request: the item's code **in the marketplace** (``sku_id``, e.g.
    an ``MLB...`` code) and the quantity (0..1 000 000)."""

    sku_id: str
    amount: int
    dimensions: FreightDimensions | None = None


@attrs.frozen(kw_only=True)
class FreightQuoteRequest:
    """``POST /freight/quotes``: what to quote, for which marketplace and destination.

    ``zip_code`` is the destination CEP; ``"01310-100"`` is accepted and sent as
    ``"01310100"`` (8 digits). ``timeout_ms`` bounds the time ANYMARKET spends asking the
    carriers; ``additional_percentual`` is added to the freight price (5 = +5 %).
    """

    marketplace: Marketplace = attrs.field(metadata={"wire": "marketPlace"})
    zip_code: str
    products: list[FreightItem] = list_field()
    additional_percentual: Decimal | None = None
    timeout_ms: int | None = attrs.field(default=None, metadata={"wire": "timeout"})
    account_name: str | None = None
    account_id: int | None = None


@attrs.frozen(kw_only=True)
class FreightProduct:
    """A quoted item as ANYMARKET found it: stock, extra handling days and prices."""

    sku_id: str | None = None
    amount: Decimal | None = None
    dimensions: FreightDimensions | None = None
    stock_amount: Decimal | None = None
    additional_delivery_time: Decimal | None = None
    """Extra days this product adds to the delivery time (crossdocking)."""
    price: Decimal | None = None
    discount_price: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class FreightQuote:
    """One shipping option: carrier, service, delivery time in days and price."""

    carrier_name: str | None = None
    service_name: str | None = None
    delivery_time: Decimal | None = None
    freight_type: FreightType | None = None
    price: Decimal | None = None
    additional_time: Decimal | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class FreightQuoteResult:
    """The answer of ``POST /freight/quotes``.

    ``quotes`` are the options found; ``default_freight`` is the seller's configured fallback
    freight, given when some SKU was not found; ``missing_skus`` maps each code that was not
    found to its requested quantity.
    """

    marketplace: Marketplace | None = attrs.field(default=None, metadata={"wire": "marketPlace"})
    zip_code: str | None = None
    products: list[FreightProduct] = list_field()
    quotes: list[FreightQuote] = list_field()
    default_freight: FreightQuote | None = None
    missing_skus: dict[str, Decimal] = dict_field()
    extra: dict[str, Any] = extra_field()

    @property
    def cheapest(self) -> FreightQuote | None:
        """The priced option with the lowest price (the first one on a tie), or ``None``."""
        priced = [q for q in self.quotes if q.price is not None]
        return min(priced, key=lambda q: q.price or Decimal(0)) if priced else None

    @property
    def fastest(self) -> FreightQuote | None:
        """The option with the shortest delivery time (the first one on a tie), or ``None``."""
        timed = [q for q in self.quotes if q.delivery_time is not None]
        return min(timed, key=lambda q: q.delivery_time or Decimal(0)) if timed else None

    @property
    def complete(self) -> bool:
        """True when every requested SKU was found."""
        return not self.missing_skus


# --- shipping labels ------------------------------------------------------------------------


class PrintTagType(_CaseInsensitiveEnum):
    """Label format: a PDF, ZPL (thermal printers) or ZPL2 (the marketplace's own ZPL)."""

    PDF = "PDF"
    ZPL = "ZPL"
    ZPL2 = "ZPL2"


class PrintTagFile(_CaseInsensitiveEnum):
    """With ``ZPL2`` only: ``TXT`` answers the marketplace's ZPL text inside JSON
    (``{"content": ...}``), ``PLP`` answers the carrier's posting list (PLP) as a PDF."""

    TXT = "TXT"
    PLP = "PLP"


@attrs.frozen(kw_only=True)
class PrintTagContent:
    """The JSON form of a label (``ZPL2`` with ``file=TXT``): the ZPL text itself."""

    content: str
    extra: dict[str, Any] = extra_field()


_EXTENSIONS: dict[str, str] = {
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "application/x-zip-compressed": ".zip",
    "text/plain": ".txt",
    "application/octet-stream": ".bin",
}


@attrs.frozen(kw_only=True)
class Label:
    """A shipping label file as ANYMARKET sent it.

    ``content`` holds the bytes untouched (a PDF, a zip of several labels, or ZPL text);
    ``content_type`` is the media type of those bytes and ``filename`` the name the server
    suggested, when it gave one (path parts removed). When ANYMARKET answers the JSON form
    (``{"content": "<ZPL>"}``), ``content`` is that text encoded in UTF-8 and
    ``content_type`` is ``text/plain; charset=utf-8``.

    Save it with ``label.save("pedido-123.pdf")`` (a file) or ``label.save_in("etiquetas")``
    (a directory: the server's file name, else one with the right extension).
    """

    content: bytes = attrs.field(repr=False)
    content_type: str | None = None
    filename: str | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def media_type(self) -> str | None:
        """``content_type`` without parameters, lower case (``"application/pdf"``)."""
        if not self.content_type:
            return None
        return self.content_type.split(";", 1)[0].strip().lower() or None

    @property
    def is_pdf(self) -> bool:
        return self.content.startswith(b"%PDF") or self.media_type == "application/pdf"

    @property
    def is_zip(self) -> bool:
        return self.content.startswith(b"PK\x03\x04") or self.media_type in (
            "application/zip",
            "application/x-zip-compressed",
        )

    @property
    def is_zpl(self) -> bool:
        """True for ZPL printer language (starts with ``^XA`` once whitespace is skipped)."""
        return self.content.lstrip()[:3].upper() in (b"^XA", b"~DG")

    @property
    def extension(self) -> str:
        """A file extension for the content: ``.pdf``, ``.zip``, ``.zpl``, ``.txt`` or
        ``.bin``, from the bytes first and the media type second."""
        if self.content.startswith(b"%PDF"):
            return ".pdf"
        if self.content.startswith(b"PK\x03\x04"):
            return ".zip"
        if self.is_zpl:
            return ".zpl"
        if self.filename and "." in self.filename:
            return "." + self.filename.rsplit(".", 1)[1]
        return _EXTENSIONS.get(self.media_type or "", ".bin")

    def text(self, encoding: str = "utf-8") -> str:
        """The content as text (ZPL); raises ``UnicodeDecodeError`` for binary labels."""
        return self.content.decode(encoding)

    def suggested_filename(self, stem: str = "etiquetas") -> str:
        """The server's file name, else ``stem`` plus the extension of the content."""
        return self.filename or f"{stem}{self.extension}"

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the bytes to the file ``path`` (missing parent directories are created)
        and return it. If ``path`` is an existing directory, or a string ending with a
        separator, this is ``save_in(path)``."""
        target = Path(path)
        if target.is_dir() or str(path).endswith(("/", os.sep)):
            return self.save_in(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.content)
        return target

    def save_in(self, directory: str | os.PathLike[str], stem: str = "etiquetas") -> Path:
        """Write the bytes into ``directory`` (created if missing) under
        ``suggested_filename(stem)`` and return the file's path."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / self.suggested_filename(stem)
        target.write_bytes(self.content)
        return target


# --- fulfillment documents ------------------------------------------------------------------


class FulfillmentDocumentType(_CaseInsensitiveEnum):
    """Kind of fiscal document a marketplace's fulfillment issued (the API docs give
    ``SALE`` and ``Inbound`` as examples; the set is open)."""

    SALE = "SALE"
    INBOUND = "INBOUND"


@attrs.frozen(kw_only=True)
class FulfillmentDocument:
    """A fiscal document (NF-e XML) issued by a marketplace's fulfillment operation.

    ``url`` points at the file on the marketplace's or ANYMARKET's storage (not the API):
    download it with a plain HTTP client, never with the ANYMARKET token.
    """

    id: int
    id_order: int | None = None
    url: str | None = None
    marketplace: Marketplace | None = None
    type: FulfillmentDocumentType | None = None
    extra: dict[str, Any] = extra_field()

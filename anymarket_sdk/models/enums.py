"""Enums of the ANYMARKET API. All are open (see ``anymarket_sdk.types.OpenStrEnum``)."""

from __future__ import annotations

from ..types import OpenStrEnum

__all__ = ["DefinitionPriceScope", "Gender", "ImageStatus", "Marketplace", "PublicationStatus"]


class DefinitionPriceScope(OpenStrEnum):
    """How a product's prices are defined (its "price mode").

    - ``COST``: ANYMARKET computes prices from the stock cost times ``priceFactor``; push
      the cost through ``/stocks``.
    - ``SKU``: one price per SKU (``price``/``sellPrice`` on the SKU).
    - ``SKU_MARKETPLACE``: one price per listing (SKU x marketplace).
    """

    SKU = "SKU"
    SKU_MARKETPLACE = "SKU_MARKETPLACE"
    COST = "COST"


class Gender(OpenStrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"
    BOY = "BOY"
    GIRL = "GIRL"
    UNISSEX = "UNISSEX"
    BABIES = "BABIES"
    CHILDISH_UNISSEX = "CHILDISH_UNISSEX"


class ImageStatus(OpenStrEnum):
    """ANYMARKET's processing state of an image URL."""

    UNPROCESSED = "UNPROCESSED"
    PROCESSED = "PROCESSED"
    ERROR = "ERROR"


class Marketplace(OpenStrEnum):
    """Marketplace codes. The set grows monthly; unknown codes are kept as values."""

    ALIEXPRESS = "ALIEXPRESS"
    AMAZON = "AMAZON"
    AMERICANAS = "AMERICANAS"
    B2W = "B2W"
    B2W_NEW_API = "B2W_NEW_API"
    BUSCAPE = "BUSCAPE"
    CARREFOUR = "CARREFOUR"
    CASAS_BAHIA = "CASAS_BAHIA"
    CENTAURO_NEW_API = "CENTAURO_NEW_API"
    CNOVA = "CNOVA"
    DECATHLON = "DECATHLON"
    ECOMMERCE = "ECOMMERCE"
    GFG = "GFG"
    KABUM = "KABUM"
    LEROY_MERLIN = "LEROY_MERLIN"
    MADEIRA_MADEIRA = "MADEIRA_MADEIRA"
    MAGAZINE_LUIZA = "MAGAZINE_LUIZA"
    MAGENTO = "MAGENTO"
    MARKETPLACE_TESTE = "MARKETPLACE_TESTE"
    MERCADO_LIVRE = "MERCADO_LIVRE"
    MOBLY = "MOBLY"
    MULTIVAREJO_GPA = "MULTIVAREJO_GPA"
    NETSHOES = "NETSHOES"
    NUVEMSHOP = "NUVEMSHOP"
    OLIST_NEW_API = "OLIST_NEW_API"
    RENNER = "RENNER"
    RIACHUELO = "RIACHUELO"
    SHEIN = "SHEIN"
    SHOPEE = "SHOPEE"
    SHOPIFY = "SHOPIFY"
    TEMU = "TEMU"
    TIKTOK_SHOP = "TIKTOK_SHOP"
    TRAY = "TRAY"
    VIA_VAREJO = "VIA_VAREJO"
    VTEX = "VTEX"
    WALMART = "WALMART"
    WOOCOMMERCE = "WOOCOMMERCE"
    ZOOM = "ZOOM"


class PublicationStatus(OpenStrEnum):
    """A listing's (ad's) publication status in ANYMARKET (``publicationStatus``); also
    what transmissions report."""

    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"
    CORRUPTED = "CORRUPTED"
    PAUSED = "PAUSED"
    UNPUBLISHED = "UNPUBLISHED"
    WITHOUT_STOCK = "WITHOUT_STOCK"

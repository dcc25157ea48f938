"""Typed models of ANYMARKET resources (attrs classes; snake_case here, camelCase on the wire).

Every response model keeps JSON fields this version does not know in ``extra`` and sends
them back when the model is re-sent, so a GET -> modify -> PUT round trip loses nothing.
"""

from .brands import Brand, BrandBinding, BrandInMarketplace
from .categories import (
    Category,
    CategoryRef,
    CharacteristicGroup,
    CharacteristicGroupCategory,
    GroupCharacteristic,
    MarketplaceCharacteristic,
)
from .enums import DefinitionPriceScope, Gender, ImageStatus, Marketplace
from .images import Image
from .products import (
    Characteristic,
    JsonPatchOperation,
    Nbm,
    Origin,
    Product,
    ProductBrand,
    ProductCategory,
    ProductPatch,
    SkuLookup,
)
from .skus import AdditionalStock, Sku, SkuPatch, SkuVariation, SkuVariationType
from .variations import VariationType, VariationValue

__all__ = [
    "AdditionalStock",
    "Brand",
    "BrandBinding",
    "BrandInMarketplace",
    "Category",
    "CategoryRef",
    "Characteristic",
    "CharacteristicGroup",
    "CharacteristicGroupCategory",
    "DefinitionPriceScope",
    "Gender",
    "GroupCharacteristic",
    "Image",
    "ImageStatus",
    "JsonPatchOperation",
    "Marketplace",
    "MarketplaceCharacteristic",
    "Nbm",
    "Origin",
    "Product",
    "ProductBrand",
    "ProductCategory",
    "ProductPatch",
    "Sku",
    "SkuLookup",
    "SkuPatch",
    "SkuVariation",
    "SkuVariationType",
    "VariationType",
    "VariationValue",
]

"""Categories (``/categories``) and characteristic groups."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ._base import extra_field, list_field, read_only
from .enums import DefinitionPriceScope

__all__ = [
    "Category",
    "CategoryRef",
    "CharacteristicGroup",
    "CharacteristicGroupCategory",
    "GroupCharacteristic",
    "MarketplaceCharacteristic",
]


@attrs.frozen(kw_only=True)
class CategoryRef:
    """A reference to another category (``parent``)."""

    id: int | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Category:
    """A category. ``GET /categories`` lists first-level ones; ``children`` holds the tree
    where the API returns it (``/categories/{id}``, ``/categories/fullPath``).

    ``PUT`` replaces the whole category: start from a fetched one and ``attrs.evolve`` it.
    """

    name: str
    id: int | None = None
    partner_id: str | None = None
    price_factor: Decimal | None = None
    calculated_price: bool | None = None
    definition_price_scope: DefinitionPriceScope | None = None
    parent: CategoryRef | None = None
    path: str | None = read_only()
    children: list[Category] = list_field(read_only=True)
    extra: dict[str, Any] = extra_field()

    def walk(self) -> list[Category]:
        """This category and all its descendants, depth first."""
        out: list[Category] = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@attrs.frozen(kw_only=True)
class MarketplaceCharacteristic:
    market_place: str
    id: int | None = None
    id_in_marketplace: str | None = None
    required: bool | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class GroupCharacteristic:
    index: int | None = None
    name: str | None = None
    id: int | None = None
    characteristic_item_market_places: list[MarketplaceCharacteristic] = list_field()
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class CharacteristicGroupCategory:
    id: int
    name: str | None = None
    path: str | None = None
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class CharacteristicGroup:
    """A characteristic group: named characteristics mapped per marketplace, for categories."""

    name: str
    id: int | None = None
    characteristics: list[GroupCharacteristic] = list_field()
    categories: list[CharacteristicGroupCategory] = list_field()
    extra: dict[str, Any] = extra_field()

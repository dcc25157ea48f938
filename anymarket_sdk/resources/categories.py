"""``client.categories``: ``/categories``, the full tree, and characteristic groups."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterator

from .._core import (
    ListDecoder,
    ModelDecoder,
    NoContent,
    Operation,
    check_limit,
    check_offset,
    check_positive,
    require_text,
    route,
)
from .._pagination import Page, PageDecoder
from ..errors import RequestValidationError
from ..models.categories import Category, CharacteristicGroup
from ._base import AsyncResource, SyncResource

_LIST = route("GET", "/categories", PageDecoder(Category))
_CREATE = route("POST", "/categories", ModelDecoder(Category))
_FULL_PATH = route("GET", "/categories/fullPath", ListDecoder(Category))
_GET = route("GET", "/categories/{id}", ModelDecoder(Category))
_UPDATE = route("PUT", "/categories/{id}", ModelDecoder(Category))
_DELETE = route("DELETE", "/categories/{id}", NoContent())
_GROUP_GET = route(
    "GET", "/categories/characteristics/groups/{id}", ModelDecoder(CharacteristicGroup)
)
_GROUP_CREATE = route(
    "POST", "/categories/characteristics/groups/{id}", ModelDecoder(CharacteristicGroup)
)
_GROUP_UPDATE = route(
    "PUT", "/categories/characteristics/groups/{id}", ModelDecoder(CharacteristicGroup)
)
_GROUP_DELETE = route("DELETE", "/categories/characteristics/groups/{id}", NoContent())


def _validate(category: Category) -> Category:
    if not isinstance(category, Category):
        raise RequestValidationError(
            "category", f"expected a Category, got {type(category).__name__}"
        )
    require_text("category.name", category.name, max_len=80)
    if category.partner_id is not None and len(category.partner_id) > 80:
        raise RequestValidationError("category.partner_id", "at most 80 characters")
    check_positive("category.price_factor", category.price_factor)
    return category


def _validate_group(group: CharacteristicGroup) -> CharacteristicGroup:
    if not isinstance(group, CharacteristicGroup):
        raise RequestValidationError(
            "group", f"expected a CharacteristicGroup, got {type(group).__name__}"
        )
    require_text("group.name", group.name)
    return group


def list_op(
    *, offset: int = 0, limit: int = 50, partner_id: str | None = None, sort: str | None = None
) -> Operation[Page[Category]]:
    return _LIST.op(
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit),
            "partnerId": partner_id,
            "sort": sort,
        }
    )


def full_path_op() -> Operation[list[Category]]:
    return _FULL_PATH.op()


def get_op(category_id: int) -> Operation[Category]:
    return _GET.op({"id": category_id})


def create_op(category: Category) -> Operation[Category]:
    return _CREATE.op(json=_validate(category))


def update_op(category_id: int, category: Category) -> Operation[Category]:
    return _UPDATE.op({"id": category_id}, json=_validate(category))


def delete_op(category_id: int) -> Operation[None]:
    return _DELETE.op({"id": category_id})


def group_get_op(group_id: int) -> Operation[CharacteristicGroup]:
    return _GROUP_GET.op({"id": group_id})


def group_create_op(group_id: int, group: CharacteristicGroup) -> Operation[CharacteristicGroup]:
    return _GROUP_CREATE.op({"id": group_id}, json=_validate_group(group))


def group_update_op(group_id: int, group: CharacteristicGroup) -> Operation[CharacteristicGroup]:
    return _GROUP_UPDATE.op({"id": group_id}, json=_validate_group(group))


def group_delete_op(group_id: int) -> Operation[None]:
    return _GROUP_DELETE.op({"id": group_id})


def _find(tree: list[Category], partner_id: str) -> Category | None:
    for root in tree:
        for c in root.walk():
            if c.partner_id == partner_id:
                return c
    return None


class Categories(SyncResource):
    def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        partner_id: str | None = None,
        sort: str | None = None,
    ) -> Page[Category]:
        """One page of first-level categories (``limit`` 5..100)."""
        return self._client.send(
            list_op(offset=offset, limit=limit, partner_id=partner_id, sort=sort)
        )

    def iter(
        self,
        *,
        limit: int = 100,
        partner_id: str | None = None,
        sort: str | None = None,
        max_items: int | None = None,
    ) -> Iterator[Category]:
        """Every first-level category, lazily."""
        op = list_op(limit=limit, partner_id=partner_id, sort=sort)
        return self._client.iter_items(op, max_items=max_items)

    def full_path(self) -> builtins.list[Category]:
        """The whole category tree (roots with nested ``children``), in one request."""
        return self._client.send(full_path_op())

    def get(self, category_id: int) -> Category:
        return self._client.send(get_op(category_id))

    def create(self, category: Category) -> Category:
        """Create a category; set ``parent=CategoryRef(id=...)`` for a sub-category."""
        return self._client.send(create_op(category))

    def update(self, category_id: int, category: Category) -> Category:
        """Replace the category (PUT): missing fields are cleared by ANYMARKET."""
        return self._client.send(update_op(category_id, category))

    def delete(self, category_id: int) -> None:
        self._client.send(delete_op(category_id))

    def find_by_partner_id(self, partner_id: str) -> Category | None:
        """The category (at any depth) with this ERP code, or ``None``.

        Reads the full tree (one request): the list filter only sees first-level categories.
        """
        require_text("partner_id", partner_id)
        return _find(self.full_path(), partner_id)

    def get_group(self, group_id: int) -> CharacteristicGroup:
        """A characteristic group."""
        return self._client.send(group_get_op(group_id))

    def create_group(self, group_id: int, group: CharacteristicGroup) -> CharacteristicGroup:
        return self._client.send(group_create_op(group_id, group))

    def update_group(self, group_id: int, group: CharacteristicGroup) -> CharacteristicGroup:
        return self._client.send(group_update_op(group_id, group))

    def delete_group(self, group_id: int) -> None:
        self._client.send(group_delete_op(group_id))


class AsyncCategories(AsyncResource):
    async def list(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        partner_id: str | None = None,
        sort: str | None = None,
    ) -> Page[Category]:
        """One page of first-level categories (``limit`` 5..100)."""
        return await self._client.send(
            list_op(offset=offset, limit=limit, partner_id=partner_id, sort=sort)
        )

    def iter(
        self,
        *,
        limit: int = 100,
        partner_id: str | None = None,
        sort: str | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[Category]:
        """Every first-level category, lazily (``async for``)."""
        op = list_op(limit=limit, partner_id=partner_id, sort=sort)
        return self._client.iter_items(op, max_items=max_items)

    async def full_path(self) -> builtins.list[Category]:
        """The whole category tree (roots with nested ``children``), in one request."""
        return await self._client.send(full_path_op())

    async def get(self, category_id: int) -> Category:
        return await self._client.send(get_op(category_id))

    async def create(self, category: Category) -> Category:
        """Create a category; set ``parent=CategoryRef(id=...)`` for a sub-category."""
        return await self._client.send(create_op(category))

    async def update(self, category_id: int, category: Category) -> Category:
        """Replace the category (PUT): missing fields are cleared by ANYMARKET."""
        return await self._client.send(update_op(category_id, category))

    async def delete(self, category_id: int) -> None:
        await self._client.send(delete_op(category_id))

    async def find_by_partner_id(self, partner_id: str) -> Category | None:
        """The category (at any depth) with this ERP code, or ``None``.

        Reads the full tree (one request): the list filter only sees first-level categories.
        """
        require_text("partner_id", partner_id)
        return _find(await self.full_path(), partner_id)

    async def get_group(self, group_id: int) -> CharacteristicGroup:
        """A characteristic group."""
        return await self._client.send(group_get_op(group_id))

    async def create_group(self, group_id: int, group: CharacteristicGroup) -> CharacteristicGroup:
        return await self._client.send(group_create_op(group_id, group))

    async def update_group(self, group_id: int, group: CharacteristicGroup) -> CharacteristicGroup:
        return await self._client.send(group_update_op(group_id, group))

    async def delete_group(self, group_id: int) -> None:
        await self._client.send(group_delete_op(group_id))

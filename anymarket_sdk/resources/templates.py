"""``client.templates``: ``/template`` (listing description templates per marketplace)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Final

import attrs

from .. import _converter as cv
from .._core import (
    ModelDecoder,
    NoContent,
    Operation,
    check_limit,
    check_offset,
    require_text,
    route,
)
from .._pagination import Page, PageDecoder
from ..errors import RequestValidationError
from ..models.enums import Marketplace
from ..models.templates import Template, TemplateType
from ._base import AsyncResource, SyncResource
from ._validate import only_fields, upper_code

__all__ = [
    "AsyncTemplates",
    "Templates",
    "create_op",
    "delete_op",
    "get_op",
    "list_for_marketplace_op",
    "update_op",
]

_CREATE = route("POST", "/template", ModelDecoder(Template))
_GET = route("GET", "/template/{id}", ModelDecoder(Template))
_UPDATE = route("PUT", "/template/{id}", ModelDecoder(Template))
_DELETE = route("DELETE", "/template/{id}", NoContent())
_BY_MARKETPLACE = route("GET", "/template/{marketPlace}/all", PageDecoder(Template))

_WIRE: Final = cv.wire_names(Template)
_CREATE_KEYS: Final = frozenset(w for n, w in _WIRE.items() if n != "id")
"""POST carries everything but the id."""
_UPDATE_KEYS: Final = _CREATE_KEYS - {_WIRE["market_place"]}
"""PUT carries no marketplace (a template stays in its marketplace)."""


def _validate(template: Template, *, new: bool) -> dict[str, Any]:
    if not isinstance(template, Template):
        raise RequestValidationError(
            "template", f"expected a Template, got {type(template).__name__}"
        )
    require_text("template.name", template.name)
    if template.template_type is None:
        raise RequestValidationError("template.template_type", "is required (HTML or PLAIN_TEXT)")
    kind = upper_code("template.template_type", template.template_type)
    if kind == TemplateType.HTML:
        require_text("template.content", template.content)
    elif kind == TemplateType.PLAIN_TEXT:
        require_text("template.plain_text_content", template.plain_text_content)
    # plain strings are accepted for the enums; the body is built from the enum members
    template = attrs.evolve(template, template_type=TemplateType(kind))
    if not new:
        return only_fields(attrs.evolve(template, market_place=None), _UPDATE_KEYS)
    if template.market_place is None:
        raise RequestValidationError("template.market_place", "is required on create")
    market = Marketplace(upper_code("template.market_place", template.market_place))
    return only_fields(attrs.evolve(template, market_place=market), _CREATE_KEYS)


def create_op(template: Template) -> Operation[Template]:
    return _CREATE.op(json=_validate(template, new=True))


def get_op(template_id: int) -> Operation[Template]:
    return _GET.op({"id": template_id})


def update_op(template_id: int, template: Template) -> Operation[Template]:
    return _UPDATE.op({"id": template_id}, json=_validate(template, new=False))


def delete_op(template_id: int) -> Operation[None]:
    return _DELETE.op({"id": template_id})


def list_for_marketplace_op(
    marketplace: Marketplace | str, *, offset: int = 0, limit: int = 50
) -> Operation[Page[Template]]:
    return _BY_MARKETPLACE.op(
        {"marketPlace": upper_code("marketplace", marketplace)},
        params={"offset": check_offset(offset), "limit": check_limit(limit)},
    )


class Templates(SyncResource):
    def create(self, template: Template) -> Template:
        """Create a template in ``template.market_place`` (checked before sending)."""
        return self._client.send(create_op(template))

    def get(self, template_id: int) -> Template:
        return self._client.send(get_op(template_id))

    def update(self, template_id: int, template: Template) -> Template:
        """Replace the template (PUT): send every field you want to keep. The marketplace
        is not sent (it cannot change)."""
        return self._client.send(update_op(template_id, template))

    def delete(self, template_id: int) -> None:
        self._client.send(delete_op(template_id))

    def list_for_marketplace(
        self, marketplace: Marketplace | str, *, offset: int = 0, limit: int = 50
    ) -> Page[Template]:
        """One page of one marketplace's templates (``limit`` 5..100)."""
        return self._client.send(list_for_marketplace_op(marketplace, offset=offset, limit=limit))

    def iter_for_marketplace(
        self, marketplace: Marketplace | str, *, limit: int = 100, max_items: int | None = None
    ) -> Iterator[Template]:
        """Every template of one marketplace, lazily."""
        op = list_for_marketplace_op(marketplace, limit=limit)
        return self._client.iter_items(op, max_items=max_items)


class AsyncTemplates(AsyncResource):
    async def create(self, template: Template) -> Template:
        """Create a template in ``template.market_place`` (checked before sending)."""
        return await self._client.send(create_op(template))

    async def get(self, template_id: int) -> Template:
        return await self._client.send(get_op(template_id))

    async def update(self, template_id: int, template: Template) -> Template:
        """Replace the template (PUT): send every field you want to keep. The marketplace
        is not sent (it cannot change)."""
        return await self._client.send(update_op(template_id, template))

    async def delete(self, template_id: int) -> None:
        await self._client.send(delete_op(template_id))

    async def list_for_marketplace(
        self, marketplace: Marketplace | str, *, offset: int = 0, limit: int = 50
    ) -> Page[Template]:
        """One page of one marketplace's templates (``limit`` 5..100)."""
        return await self._client.send(
            list_for_marketplace_op(marketplace, offset=offset, limit=limit)
        )

    def iter_for_marketplace(
        self, marketplace: Marketplace | str, *, limit: int = 100, max_items: int | None = None
    ) -> AsyncIterator[Template]:
        """Every template of one marketplace, lazily (``async for``)."""
        op = list_for_marketplace_op(marketplace, limit=limit)
        return self._client.iter_items(op, max_items=max_items)

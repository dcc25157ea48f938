"""Description templates (``/template``): the HTML or plain text layout a marketplace
listing's description is rendered with."""

from __future__ import annotations

from typing import Any

import attrs

from ..types import OpenStrEnum
from ._base import extra_field
from .enums import Marketplace

__all__ = ["Template", "TemplateType"]


class TemplateType(OpenStrEnum):
    HTML = "HTML"
    PLAIN_TEXT = "PLAIN_TEXT"


@attrs.frozen(kw_only=True)
class Template:
    """A description template of one marketplace.

    An ``HTML`` template keeps its body in ``content``, a ``PLAIN_TEXT`` one in
    ``plain_text_content``. ``market_place`` is set on create and cannot change afterwards
    (``PUT`` does not carry it). ``PUT`` replaces the template: fetch, ``attrs.evolve``, then
    update.
    """

    name: str
    id: int | None = None
    template_type: TemplateType | None = None
    content: str | None = None
    plain_text_content: str | None = None
    market_place: Marketplace | None = None
    is_active: bool | None = None
    include_dimension_attributes: bool | None = None
    manual_image_size: bool | None = None
    manual_img_attributes: str | None = None
    remove_description_table_content: bool | None = None
    extra: dict[str, Any] = extra_field()

"""Product images (``/products/{productId}/images``)."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import extra_field, read_only
from .enums import ImageStatus

__all__ = ["Image"]


@attrs.frozen(kw_only=True)
class Image:
    """A product image. ``index`` is 1-based; at most one image is ``main``.

    ``status``/``status_message`` report ANYMARKET's processing of ``url``; the other URLs
    and sizes are filled in by ANYMARKET once processed.
    """

    url: str
    id: int | None = None
    index: int | None = None
    main: bool | None = None
    variation: str | None = None
    thumbnail_url: str | None = read_only()
    low_resolution_url: str | None = read_only()
    standard_url: str | None = read_only()
    original_image: str | None = read_only()
    status: ImageStatus | None = read_only()
    status_message: str | None = read_only()
    standard_width: int | None = read_only()
    standard_height: int | None = read_only()
    original_width: int | None = read_only()
    original_height: int | None = read_only()
    extra: dict[str, Any] = extra_field()

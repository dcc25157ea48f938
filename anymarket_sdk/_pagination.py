"""ANYMARKET pages: ``{"links": [...], "content": [...], "page": {...}}`` with offset/limit.

``next_offset`` is the one place that decides whether there is another page; the sync and
async iterators both drive the ``paginate`` generator, so the arithmetic exists once.
"""

from __future__ import annotations

from collections.abc import Generator
from types import GenericAlias
from typing import Any, Final, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

import attrs
import cattrs
import httpx

from ._core import Decoder, Operation
from ._jsonutil import as_object
from .errors import ResponseDecodeError

T = TypeVar("T")

__all__ = ["Link", "Page", "PageDecoder", "PageMeta", "next_offset", "paginate"]

APPROXIMATE_TOTAL_ABOVE: Final = 30_000
"""ANYMARKET's ``totalElements`` is approximate above this (orders, stocks): never trusted."""


@attrs.frozen(kw_only=True)
class Link:
    rel: str
    href: str

    @property
    def offset(self) -> int | None:
        """The ``offset`` query value in ``href``, when present and numeric."""
        values = parse_qs(urlsplit(self.href).query).get("offset")
        if values and values[0].isascii() and values[0].isdigit():
            return int(values[0])
        return None


@attrs.frozen(kw_only=True)
class PageMeta:
    size: int | None = None
    total_elements: int | None = None
    total_pages: int | None = None
    number: int | None = None


def _no_links() -> list[Link]:
    return []


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of results. ``offset``/``limit`` are the values the request used."""

    items: list[T]
    links: list[Link] = attrs.field(factory=_no_links)
    meta: PageMeta = attrs.field(factory=PageMeta)
    offset: int = 0
    limit: int = 5

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def total(self) -> int | None:
        """``totalElements`` as reported (approximate for very large collections)."""
        return self.meta.total_elements

    @property
    def next_link(self) -> Link | None:
        return next((lk for lk in self.links if lk.rel == "next"), None)

    @property
    def has_next(self) -> bool:
        return next_offset(self) is not None


def _int_param(request: httpx.Request | None, name: str, default: int) -> int:
    if request is None:
        return default
    raw = request.url.params.get(name)
    return int(raw) if raw is not None and raw.isascii() and raw.isdigit() else default


class PageDecoder(Decoder[Page[T]]):
    def __init__(self, model: type[T]) -> None:
        self.model = model
        self._items_t: Any = GenericAlias(list, (model,))

    def _part(
        self, conv: cattrs.Converter, body: dict[str, Any], key: str, empty: Any, t: Any
    ) -> Any:
        try:
            return conv.structure(body.get(key) or empty, t)
        except cattrs.BaseValidationError as exc:
            raise ResponseDecodeError(
                f"response does not match a page of {self.model.__name__}",
                body=body,
                errors=cattrs.transform_error(exc, path=f"$.{key}"),
            ) from exc

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> Page[T]:
        body = as_object(data)
        if body is None:
            raise TypeError(f"expected a page object, got {type(data).__name__}")
        items: list[T] = self._part(conv, body, "content", [], self._items_t)
        links: list[Link] = self._part(conv, body, "links", [], list[Link])
        meta: PageMeta = self._part(conv, body, "page", {}, PageMeta)
        return Page(
            items=items,
            links=links,
            meta=meta,
            offset=_int_param(request, "offset", 0),
            limit=_int_param(request, "limit", meta.size or 5),
        )


def next_offset(page: Page[Any]) -> int | None:
    """The offset of the next page, or ``None`` when ``page`` is the last one.

    The ``next`` link is not trusted (ANYMARKET sends one on the last page too). The walk
    ends on an empty page, on a short page (fewer items than the page size), or when a
    small, exact ``totalElements`` says everything was read.
    """
    n = len(page.items)
    if n == 0:
        return None
    size = page.meta.size if page.meta.size and page.meta.size < page.limit else page.limit
    if n < size:
        return None
    nxt = page.offset + n
    total = page.meta.total_elements
    if total is not None and 0 < total < APPROXIMATE_TOTAL_ABOVE and nxt >= total:
        return None
    return nxt


def paginate(op: Operation[Page[T]]) -> Generator[Operation[Page[T]], Page[T], None]:
    """Yields the operation for each page; send it the decoded page to get the next one."""
    while True:
        page = yield op
        nxt = next_offset(page)
        if nxt is None:
            return
        op = op.with_params(offset=nxt)

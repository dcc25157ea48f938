"""Where a walk through ANYMARKET pages ends, and how ``iter`` honours ``max_items``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from anymarket_sdk import Link, Page, PageMeta, RequestValidationError, ResponseDecodeError
from anymarket_sdk import _converter as cv
from anymarket_sdk._core import Route, decode_json
from anymarket_sdk._pagination import PageDecoder, next_offset, paginate
from anymarket_sdk.models import Brand
from anymarket_sdk.resources.brands import list_op
from tests.conftest import BASE, Both, page

NEXT = [Link(rel="next", href=f"{BASE}brands?limit=5&offset=999")]


def _page(
    n: int,
    *,
    offset: int = 0,
    limit: int = 5,
    size: int | None = None,
    total: int | None = None,
    links: list[Link] | None = None,
) -> Page[int]:
    return Page(
        items=list(range(n)),
        links=links or [],
        meta=PageMeta(size=size if size is not None else limit, total_elements=total),
        offset=offset,
        limit=limit,
    )


def _brands(start: int, n: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"B{i}"} for i in range(start, start + n)]


# --- next_offset ----------------------------------------------------------------------------


def test_empty_page_stops() -> None:
    assert next_offset(_page(0, links=NEXT)) is None
    assert next_offset(_page(0, total=100)) is None


def test_short_page_stops() -> None:
    assert next_offset(_page(3, limit=5, total=100)) is None
    assert next_offset(_page(3, limit=5, total=None)) is None


def test_full_page_continues_with_offset_plus_len() -> None:
    assert next_offset(_page(5, offset=0, limit=5)) == 5
    assert next_offset(_page(5, offset=10, limit=5, total=100)) == 15
    assert next_offset(_page(100, offset=300, limit=100, total=1000)) == 400


def test_small_exact_total_stops() -> None:
    assert next_offset(_page(5, offset=0, limit=5, total=5)) is None
    assert next_offset(_page(5, offset=5, limit=5, total=10)) is None
    assert next_offset(_page(5, offset=5, limit=5, total=11)) == 10


def test_next_link_on_last_page_is_ignored() -> None:
    assert next_offset(_page(5, offset=0, limit=5, total=5, links=NEXT)) is None
    assert next_offset(_page(2, offset=0, limit=5, links=NEXT)) is None
    p = _page(2, links=NEXT)
    assert p.next_link == NEXT[0]
    assert p.next_link.offset == 999
    assert not p.has_next


def test_total_above_approximation_threshold_not_trusted() -> None:
    # totalElements above 30 000 is approximate: a full page keeps the walk going.
    assert next_offset(_page(5, offset=40_000, limit=5, total=40_005)) == 40_005
    assert next_offset(_page(5, offset=50_000, limit=5, total=40_000)) == 50_005
    assert next_offset(_page(5, offset=29_990, limit=5, total=29_995)) is None


def test_zero_total_is_not_trusted() -> None:
    assert next_offset(_page(5, offset=0, limit=5, total=0)) == 5


def test_server_page_size_smaller_than_limit() -> None:
    # The server capped the page at 50 although 100 were asked: 50 items is a full page.
    assert next_offset(_page(50, offset=0, limit=100, size=50)) == 50
    assert next_offset(_page(49, offset=0, limit=100, size=50)) is None


def test_paginate_flow() -> None:
    op = Route(method="GET", path="/brands", decoder=PageDecoder(Brand), idempotent=True).op(
        params={"offset": 0, "limit": 5}
    )
    flow = paginate(op)
    first = next(flow)
    assert first.param("offset") == "0"
    second = flow.send(Page(items=[Brand(name=str(i)) for i in range(5)], offset=0, limit=5))
    assert second.param("offset") == "5"
    assert second.param("limit") == "5"
    with pytest.raises(StopIteration):
        flow.send(Page(items=[Brand(name="x")], offset=5, limit=5))


def test_page_decoder_reads_offset_and_limit_from_request() -> None:
    request = httpx.Request("GET", f"{BASE}brands?offset=10&limit=20")
    response = httpx.Response(
        200, json=page(_brands(0, 2), offset=10, size=20, total=12), request=request
    )
    decoded = PageDecoder(Brand)(response, cv.STRICT_CONVERTER)
    assert decoded.offset == 10
    assert decoded.limit == 20
    assert decoded.total == 12
    assert len(decoded) == 2
    assert [b.id for b in decoded] == [0, 1]


def test_page_decoder_rejects_non_object() -> None:
    with pytest.raises(ResponseDecodeError):
        decode_json(PageDecoder(Brand), [], cv.DEFAULT_CONVERTER)


# --- iteration through the clients ----------------------------------------------------------


def test_iter_walks_every_page(am: Both, router: respx.Router) -> None:
    route = router.get("brands").mock(
        side_effect=[
            httpx.Response(200, json=page(_brands(0, 5), offset=0, size=5, total=12)),
            httpx.Response(200, json=page(_brands(5, 5), offset=5, size=5, total=12)),
            httpx.Response(200, json=page(_brands(10, 2), offset=10, size=5, total=12)),
        ]
    )
    assert [b.id for b in am.brands.iter(limit=5)] == list(range(12))
    assert [c.request.url.params["offset"] for c in route.calls] == ["0", "5", "10"]
    assert {c.request.url.params["limit"] for c in route.calls} == {"5"}


def test_iter_stops_on_empty_page(am: Both, router: respx.Router) -> None:
    route = router.get("brands").mock(
        side_effect=[
            httpx.Response(200, json=page(_brands(0, 5), size=5, total=40_000)),
            httpx.Response(200, json=page([], offset=5, size=5, total=40_000)),
        ]
    )
    assert len(am.brands.iter(limit=5)) == 5
    assert route.call_count == 2


@pytest.mark.parametrize(("max_items", "calls"), [(1, 1), (5, 1), (7, 2), (10, 2), (11, 3)])
def test_max_items_caps_iter_and_requests(
    am: Both, router: respx.Router, max_items: int, calls: int
) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        return httpx.Response(200, json=page(_brands(offset, 5), offset=offset, size=5, total=1000))

    route = router.get("brands").mock(side_effect=respond)
    got = am.brands.iter(limit=5, max_items=max_items)
    assert [b.id for b in got] == list(range(max_items))
    assert route.call_count == calls


@pytest.mark.parametrize("max_items", [0, -1])
def test_non_positive_max_items_sends_nothing(
    am: Both, router: respx.Router, max_items: int
) -> None:
    assert am.brands.iter(limit=5, max_items=max_items) == []
    assert not router.calls


def test_iter_pages(am: Both, router: respx.Router) -> None:
    router.get("brands").mock(
        side_effect=[
            httpx.Response(200, json=page(_brands(0, 5), offset=0, size=5, total=6)),
            httpx.Response(200, json=page(_brands(5, 1), offset=5, size=5, total=6)),
        ]
    )
    pages = am.iter_pages(list_op(limit=5))
    assert [len(p) for p in pages] == [5, 1]
    assert [p.offset for p in pages] == [0, 5]


@pytest.mark.parametrize("limit", [4, 0, -5, 101, 1000])
def test_limit_outside_range_refused_without_request(
    am: Both, router: respx.Router, limit: int
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.brands.list(limit=limit)
    assert info.value.field == "limit"
    with pytest.raises(RequestValidationError):
        am.brands.iter(limit=limit)
    assert not router.calls


@pytest.mark.parametrize("limit", [5, 100])
def test_limit_bounds_accepted(am: Both, router: respx.Router, limit: int) -> None:
    route = router.get("brands").respond(json=page([], size=limit))
    am.brands.list(limit=limit)
    assert route.calls.last.request.url.params["limit"] == str(limit)


def test_negative_offset_refused_without_request(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.brands.list(offset=-1)
    assert info.value.field == "offset"
    assert not router.calls


@pytest.mark.parametrize("value", [True, 5.0, "5"])
def test_non_integer_limit_refused(am: Both, router: respx.Router, value: Any) -> None:
    with pytest.raises(RequestValidationError):
        am.brands.list(limit=value)
    assert not router.calls

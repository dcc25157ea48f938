"""Wire rules of ``_converter``: names, extras, enums, Decimals, datetimes and scalar hooks."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import AnymarketError, RequestValidationError, ResponseDecodeError, structure
from anymarket_sdk import _converter as cv
from anymarket_sdk._core import (
    Decoder,
    ListDecoder,
    ModelDecoder,
    RawJson,
    Route,
    decode_json,
    encode_params,
    json_body,
)
from anymarket_sdk._pagination import PageDecoder
from anymarket_sdk.models import (
    Brand,
    Category,
    Gender,
    Image,
    JsonPatchOperation,
    Product,
    Sku,
)
from tests.conftest import Both, ClientFactory, page

BRT = timezone(timedelta(hours=-3))


@attrs.frozen(kw_only=True)
class Event:
    """A test-only model with datetime fields (catalogue models have none)."""

    created_at: datetime
    due: date | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Outer:
    name: str
    events: list[Event] = attrs.field(factory=list)


def _get_route(model: type[Any], path: str) -> Route[Any]:
    # Built directly (not with ``route()``) so the global ROUTES registry is not touched.
    return Route(method="GET", path=path, decoder=ModelDecoder(model), idempotent=True)


def _put_route(model: type[Any], path: str) -> Route[Any]:
    return Route(method="PUT", path=path, decoder=ModelDecoder(model), idempotent=True)


def _decode(decoder: Decoder[Any], data: Any, *, strict: bool = False) -> Any:
    conv = cv.STRICT_CONVERTER if strict else cv.DEFAULT_CONVERTER
    return decode_json(decoder, data, conv)


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "camel"),
    [
        ("id", "id"),
        ("partner_id", "partnerId"),
        ("id_in_marketplace", "idInMarketplace"),
        ("allow_automatic_sku_marketplace_creation", "allowAutomaticSkuMarketplaceCreation"),
    ],
)
def test_to_camel(name: str, camel: str) -> None:
    assert cv.to_camel(name) == camel


def test_attributes_are_camel_case_on_the_wire() -> None:
    brand = Brand(name="Brastemp", reduced_name="brastemp", partner_id="M-7")
    assert cv.to_dict(brand) == {
        "name": "Brastemp",
        "reducedName": "brastemp",
        "partnerId": "M-7",
    }
    decoded = structure({"name": "B", "reducedName": "b", "partnerId": "P"}, Brand)
    assert decoded == Brand(name="B", reduced_name="b", partner_id="P")


def test_wire_metadata_overrides_the_name() -> None:
    assert cv.wire_names(JsonPatchOperation)["from_"] == "from"
    op = JsonPatchOperation(op="move", path="/ean", from_="/externalId")
    assert cv.to_dict(op) == {"op": "move", "path": "/ean", "from": "/externalId"}
    assert json.loads(json_body([op])) == [{"op": "move", "path": "/ean", "from": "/externalId"}]
    back = structure({"op": "copy", "path": "/a", "from": "/b"}, JsonPatchOperation)
    assert back.from_ == "/b"
    assert back.op == "copy"


def test_none_and_default_fields_are_not_sent() -> None:
    assert cv.to_dict(Brand(name="x")) == {"name": "x"}


# --- unknown fields -----------------------------------------------------------------------


def test_unknown_fields_kept_in_extra_and_written_back() -> None:
    data = {
        "name": "Brastemp",
        "id": 7,
        "newField": {"nested": [1, 2]},
        "anotherOne": None,
    }
    brand = structure(data, Brand)
    assert brand.extra == {"newField": {"nested": [1, 2]}, "anotherOne": None}
    assert brand == Brand(name="Brastemp", id=7)  # extra is not part of equality
    assert cv.to_dict(brand) == data
    evolved = attrs.evolve(brand, name="Nova")
    assert cv.to_dict(evolved) == {**data, "name": "Nova"}


def test_known_fields_win_over_extra_on_unstructure() -> None:
    brand = Brand(name="real", extra={"name": "stale", "other": 1})
    assert cv.to_dict(brand) == {"name": "real", "other": 1}


def test_nested_unknown_fields_are_kept() -> None:
    product = structure(
        {
            "title": "Geladeira",
            "category": {"id": 3, "catNew": True},
            "skus": [{"title": "G-110", "skuNew": "x"}],
            "images": [{"url": "https://img.example/1.jpg", "imgNew": 5}],
        },
        Product,
    )
    body = json.loads(json_body(product))
    assert body["category"] == {"id": 3, "catNew": True}
    assert body["skus"][0]["skuNew"] == "x"
    assert body["images"][0]["imgNew"] == 5


BRAND_WITH_NEWS = {
    "id": 7,
    "name": "Brastemp",
    "reducedName": "brastemp",
    "partnerId": "M-7",
    "newField": {"nested": [1, 2.5]},
    "flag": True,
}


def test_brand_get_evolve_put_keeps_unknown_fields(
    make_client: ClientFactory, router: respx.Router
) -> None:
    am = make_client(strict=False)
    router.get("brands/7").respond(json=BRAND_WITH_NEWS)
    put = router.put("brands/7").respond(json=dict(BRAND_WITH_NEWS, name="Nova"))
    brand = am.brands.get(7)
    assert brand.extra == {"newField": {"nested": [1, Decimal("2.5")]}, "flag": True}
    updated = am.brands.update(7, attrs.evolve(brand, name="Nova"))
    sent = json.loads(put.calls.last.request.content)
    assert sent == dict(BRAND_WITH_NEWS, name="Nova")
    assert updated.extra["flag"] is True


PRODUCT = {
    "id": 1,
    "title": "Geladeira",
    "type": "SIMPLE",
    "gender": "NEW_GENDER",
    "productNews": {"a": 1},
    "category": {"id": 3, "name": "Eletro", "path": "Casa > Eletro"},
    "images": [
        {
            "id": 11,
            "url": "https://img.example/1.jpg",
            "index": 1,
            "main": True,
            "thumbnailUrl": "https://img.example/1-t.jpg",
            "status": "PROCESSED",
        }
    ],
    "skus": [
        {
            "id": 21,
            "title": "G-110",
            "partnerId": "G-110",
            "price": 12345678901.23,
            "sellPrice": 19.90,
            "variations": [
                {"id": 31, "description": "Azul", "type": {"id": 41, "name": "Cor"}},
                {"id": 32, "description": "110V", "type": {"id": 42, "name": "Voltagem"}},
            ],
            "skuNews": [1, 2],
        }
    ],
}


def test_product_get_evolve_put_round_trip(
    make_client: ClientFactory, router: respx.Router
) -> None:
    am = make_client(strict=False)
    router.get("products/1").respond(
        content=json.dumps(PRODUCT).replace("19.9", "19.90").encode(),
        headers={"Content-Type": "application/json"},
    )
    put = router.put("products/1").respond(json={"ok": True})
    product: Product = am.send(_get_route(Product, "/products/{id}").op({"id": 1}))

    assert product.type == "SIMPLE"
    assert product.gender is not None
    assert not product.gender.is_known
    sku = product.skus[0]
    assert sku.price == Decimal("12345678901.23")
    assert sku.sell_price == Decimal("19.90")
    assert str(sku.sell_price) == "19.90"
    assert sku.variations == {"Cor": "Azul", "Voltagem": "110V"}
    assert [v.id for v in sku.variation_details] == [31, 32]
    assert product.images[0].thumbnail_url == "https://img.example/1-t.jpg"

    put_op = Route(method="PUT", path="/products/{id}", decoder=RawJson(), idempotent=True)
    am.send(put_op.op({"id": 1}, json=attrs.evolve(product, title="Geladeira Frost Free")))
    raw = put.calls.last.request.content
    sent = json.loads(raw, parse_float=Decimal)
    assert sent["title"] == "Geladeira Frost Free"
    assert sent["productNews"] == {"a": 1}
    assert sent["gender"] == "NEW_GENDER"
    assert "type" not in sent  # read-only
    assert sent["category"] == {"id": 3, "name": "Eletro"}  # path is read-only
    image = sent["images"][0]
    assert "thumbnailUrl" not in image
    assert "status" not in image
    sent_sku = sent["skus"][0]
    assert sent_sku["skuNews"] == [1, 2]
    assert sent_sku["variations"] == {"Cor": "Azul", "Voltagem": "110V"}
    assert not any("variationDetails" in k for k in sent_sku)
    assert sent_sku["price"] == Decimal("12345678901.23")
    assert sent_sku["sellPrice"] == Decimal("19.90")
    assert b"12345678901.23" in raw


# --- enums --------------------------------------------------------------------------------


def test_unknown_enum_value_is_kept() -> None:
    g = Gender("NEW")
    assert not g.is_known
    assert g.value == "NEW"
    assert g == "NEW"
    assert isinstance(g, Gender)
    assert Gender("MALE") is Gender.MALE
    assert Gender.MALE.is_known


def test_unknown_enum_value_round_trips_in_default_converter() -> None:
    product = structure({"title": "t", "gender": "NEW"}, Product)
    assert isinstance(product.gender, Gender)
    assert product.gender == "NEW"
    assert not product.gender.is_known
    assert cv.to_dict(product) == {"title": "t", "gender": "NEW"}


def test_unknown_enum_value_rejected_in_strict_mode() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        _decode(ModelDecoder(Product), {"title": "t", "gender": "NEW"}, strict=True)
    assert any("gender" in e for e in info.value.errors)
    known = _decode(ModelDecoder(Product), {"title": "t", "gender": "FEMALE"}, strict=True)
    assert known.gender is Gender.FEMALE


def test_strict_client_rejects_unknown_enum(am: Both, router: respx.Router) -> None:
    router.get("products/1").respond(json={"title": "t", "gender": "NEW"})
    with pytest.raises(ResponseDecodeError):
        am.send(_get_route(Product, "/products/{id}").op({"id": 1}))


# --- strict mode ----------------------------------------------------------------------------


def test_strict_rejects_unknown_keys() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        _decode(ModelDecoder(Brand), {"name": "x", "newField": 1}, strict=True)
    assert info.value.errors == ["extra fields found (newField) @ $"]
    assert info.value.body == {"name": "x", "newField": 1}
    assert info.value.__cause__ is None  # not chained: cattrs' messages quote raw values


def test_strict_error_in_page_names_the_content_path() -> None:
    data = page([{"name": "ok"}, {"name": "x", "newField": 1}])
    with pytest.raises(ResponseDecodeError) as info:
        _decode(PageDecoder(Brand), data, strict=True)
    assert any("newField" in e and "$.content[1]" in e for e in info.value.errors), (
        info.value.errors
    )
    assert "$.content[1]" in str(info.value)


def test_strict_error_in_bare_list_names_the_index() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        _decode(ListDecoder(Brand), [{"name": "a"}, {"name": "b", "zz": 0}], strict=True)
    assert any("zz" in e and "$[1]" in e for e in info.value.errors)


def test_strict_http_client_reports_page_drift(am: Both, router: respx.Router) -> None:
    router.get("brands").respond(json=page([{"name": "x", "newField": 1}]))
    with pytest.raises(ResponseDecodeError) as info:
        am.brands.list()
    assert any("$.content[0]" in e for e in info.value.errors), info.value.errors


def test_default_client_tolerates_page_drift(
    make_client: ClientFactory, router: respx.Router
) -> None:
    am = make_client(strict=False)
    router.get("brands").respond(json=page([{"name": "x", "newField": 1}]))
    result = am.brands.list()
    assert result.items[0].extra == {"newField": 1}


def test_public_structure_raises_sdk_errors_only() -> None:
    # errors.py promises that no cattrs exception escapes the SDK.
    with pytest.raises(AnymarketError):
        structure({"name": ["not", "a", "string"]}, Brand)


# --- decimals -----------------------------------------------------------------------------


def test_json_floats_decode_as_exact_decimals() -> None:
    data = cv.loads(b'{"title":"t","price":12345678901.23,"sellPrice":19.90,"amount":3}')
    assert data["price"] == Decimal("12345678901.23")
    assert isinstance(data["sellPrice"], Decimal)
    sku = structure(data, Sku)
    assert sku.price == Decimal("12345678901.23")
    assert sku.sell_price == Decimal("19.90")
    assert str(sku.sell_price) == "19.90"
    assert sku.amount == Decimal(3)


@pytest.mark.parametrize(
    "value",
    ["12345678901.23", "19.90", "0.1", "0", "-5.5", "9999999999999.99", "1E+3", "9007199254740991"],
)
def test_decimals_encode_as_numbers_without_loss(value: str) -> None:
    body = json_body({"price": Decimal(value)})
    decoded = json.loads(body, parse_float=Decimal, parse_int=Decimal)
    assert decoded["price"] == Decimal(value)
    assert b'"' not in body.split(b":", 1)[1]  # a JSON number, not a string


def test_decimal_in_model_encodes_as_number() -> None:
    body = json_body(Sku(title="t", price=Decimal("12345678901.23"), sell_price=Decimal("19.90")))
    assert body == b'{"title":"t","price":12345678901.23,"sellPrice":19.9}'


@pytest.mark.parametrize(
    "value",
    [
        Decimal("123456789012345678.99"),
        Decimal("0.12345678901234567890"),
        Decimal("12345678901234567890"),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
    ],
)
def test_lossy_or_non_finite_decimals_refused(value: Decimal) -> None:
    with pytest.raises(RequestValidationError) as info:
        json_body({"price": value})
    assert info.value.field == "body"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_floats_refused(value: float) -> None:
    # NaN/Infinity are not JSON: sending them would produce an invalid body.
    with pytest.raises(RequestValidationError):
        json_body({"price": value})


def test_lossy_decimal_refused_before_any_request(am: Both, router: respx.Router) -> None:
    route = router.post("things").respond(json={})
    with pytest.raises(RequestValidationError):
        am.request("POST", "/things", json={"price": Decimal("123456789012345678.99")})
    with pytest.raises(RequestValidationError):
        am.request("POST", "/things", json={"price": Decimal("NaN")})
    assert not route.called
    assert not router.calls


def test_lossy_decimal_in_model_refused_before_any_request(am: Both, router: respx.Router) -> None:
    put = Route(method="PUT", path="/products/{id}", decoder=ModelDecoder(Product), idempotent=True)
    sku = Sku(title="s", price=Decimal("123456789012345678.99"))
    with pytest.raises(RequestValidationError):
        am.send(put.op({"id": 1}, json=Product(title="t", skus=[sku])))
    assert not router.calls


# --- datetimes ----------------------------------------------------------------------------


def test_naive_datetime_in_body_names_the_field() -> None:
    with pytest.raises(RequestValidationError) as info:
        json_body(Event(created_at=datetime(2024, 1, 15, 10, 30)))  # noqa: DTZ001
    assert info.value.field == "body.created_at"
    assert "naive" in str(info.value)


def test_naive_datetime_nested_in_body_names_the_path() -> None:
    outer = Outer(
        name="x",
        events=[
            Event(created_at=datetime(2024, 1, 1, tzinfo=UTC)),
            Event(created_at=datetime(2024, 1, 2)),  # noqa: DTZ001
        ],
    )
    with pytest.raises(RequestValidationError) as info:
        json_body(outer)
    assert info.value.field == "body.events[1].created_at"
    with pytest.raises(RequestValidationError) as info:
        json_body({"filter": {"createdAfter": datetime(2024, 1, 2)}})  # noqa: DTZ001
    assert info.value.field == "body.filter.createdAfter"


def test_aware_datetime_in_body_is_iso_with_offset() -> None:
    when = datetime(2024, 1, 15, 10, 30, tzinfo=BRT)
    assert json.loads(json_body(Event(created_at=when, due=date(2024, 2, 1)))) == {
        "createdAt": "2024-01-15T10:30:00-03:00",
        "due": "2024-02-01",
    }


def test_naive_datetime_in_query_param_names_the_param() -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_params({"createdAfter": datetime(2024, 1, 15)})  # noqa: DTZ001
    assert info.value.field == "createdAfter"
    with pytest.raises(RequestValidationError) as info:
        encode_params({"dates": [datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2)]})  # noqa: DTZ001
    assert info.value.field == "dates"


def test_query_params_encoding() -> None:
    assert encode_params(
        {
            "createdAfter": datetime(2024, 1, 15, 10, 0, tzinfo=BRT),
            "day": date(2024, 1, 2),
            "flag": True,
            "off": False,
            "gender": Gender.MALE,
            "price": Decimal("1E+2"),
            "skip": None,
            "ids": [1, None, 2],
        }
    ) == (
        ("createdAfter", "2024-01-15T10:00:00-03:00"),
        ("day", "2024-01-02"),
        ("flag", "true"),
        ("off", "false"),
        ("gender", "MALE"),
        ("price", "100"),
        ("ids", "1"),
        ("ids", "2"),
    )


def test_naive_datetime_param_refused_before_any_request(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.request("GET", "/orders", params={"createdAfter": datetime(2024, 1, 1)})  # noqa: DTZ001
    assert info.value.field == "createdAfter"
    assert not router.calls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-15T10:30:45Z", datetime(2024, 1, 15, 10, 30, 45, tzinfo=UTC)),
        ("2024-01-15T10:30:45-03:00", datetime(2024, 1, 15, 10, 30, 45, tzinfo=BRT)),
        (
            "2024-01-15T10:30:45.123+03:00",
            datetime(2024, 1, 15, 10, 30, 45, 123000, tzinfo=timezone(timedelta(hours=3))),
        ),
    ],
)
def test_aware_datetimes_from_api_decode(text: str, expected: datetime) -> None:
    event = _decode(ModelDecoder(Event), {"createdAt": text})
    assert event.created_at == expected
    assert event.created_at.utcoffset() == expected.utcoffset()


def test_naive_datetime_from_api_is_a_decode_error() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        _decode(ModelDecoder(Event), {"createdAt": "2024-01-15T10:30:45"})
    assert any("created" in e.lower() for e in info.value.errors)


def test_date_decodes_from_date_or_datetime_text() -> None:
    e = _decode(ModelDecoder(Event), {"createdAt": "2024-01-15T10:30:45Z", "due": "2024-02-01"})
    assert e.due == date(2024, 2, 1)


# --- scalar hooks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"), [(True, True), (False, False), ("true", True), ("false", False)]
)
def test_bool_hook_accepts(raw: Any, expected: bool) -> None:
    assert cv.DEFAULT_CONVERTER.structure(raw, bool) is expected
    category = structure({"name": "c", "calculatedPrice": raw}, Category)
    assert category.calculated_price is expected


@pytest.mark.parametrize("raw", ["yes", 1, 0, "True", "1", None, Decimal("1")])
def test_bool_hook_refuses(raw: Any) -> None:
    with pytest.raises(TypeError):
        cv.DEFAULT_CONVERTER.structure(raw, bool)
    if raw is not None:
        with pytest.raises(ResponseDecodeError):
            _decode(ModelDecoder(Category), {"name": "c", "calculatedPrice": raw})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(5, 5), ("42", 42), (" 7 ", 7), (Decimal("3"), 3), (Decimal("3.0"), 3), (Decimal("-2"), -2)],
)
def test_int_hook_accepts(raw: Any, expected: int) -> None:
    value = cv.DEFAULT_CONVERTER.structure(raw, int)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("raw", [Decimal("1.5"), 1.5, "1.5", "abc", True, None, [1]])
def test_int_hook_refuses(raw: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        cv.DEFAULT_CONVERTER.structure(raw, int)


def test_int_field_refusal_is_a_decode_error() -> None:
    with pytest.raises(ResponseDecodeError):
        _decode(ModelDecoder(Brand), {"name": "x", "id": 1.5})
    assert _decode(ModelDecoder(Brand), {"name": "x", "id": "12"}).id == 12


def test_str_hook_accepts_numeric_ids() -> None:
    assert structure({"name": "x", "partnerId": 123}, Brand).partner_id == "123"
    with pytest.raises(ResponseDecodeError):
        _decode(ModelDecoder(Brand), {"name": "x", "partnerId": True})


@pytest.mark.parametrize(("raw", "expected"), [(1, Decimal(1)), ("1.50", Decimal("1.50"))])
def test_decimal_hook(raw: Any, expected: Decimal) -> None:
    assert cv.DEFAULT_CONVERTER.structure(raw, Decimal) == expected
    with pytest.raises(TypeError):
        cv.DEFAULT_CONVERTER.structure(True, Decimal)
    with pytest.raises(ValueError, match="not a number"):
        cv.DEFAULT_CONVERTER.structure("abc", Decimal)


# --- SKU variations and read-only fields --------------------------------------------------


def test_sku_variations_from_request_map() -> None:
    sku = structure({"title": "s", "variations": {"Cor": "Azul"}}, Sku)
    assert sku.variations == {"Cor": "Azul"}
    assert sku.variation_details == []
    assert cv.to_dict(sku) == {"title": "s", "variations": {"Cor": "Azul"}}


def test_sku_variations_from_response_array() -> None:
    data = {
        "title": "s",
        "variations": [
            {"id": 1, "description": "Azul", "partnerId": "AZ", "type": {"id": 9, "name": "Cor"}},
            {
                "id": 2,
                "description": "P",
                "type": {"id": 8, "name": "Tamanho", "visualVariation": False},
            },
        ],
    }
    sku = _decode(ModelDecoder(Sku), data, strict=True)
    assert sku.variations == {"Cor": "Azul", "Tamanho": "P"}
    assert [
        (d.id, d.description, d.type.name if d.type else None) for d in sku.variation_details
    ] == [
        (1, "Azul", "Cor"),
        (2, "P", "Tamanho"),
    ]
    assert sku.variation_details[0].partner_id == "AZ"
    sent = _sent(sku)
    assert sent == {"title": "s", "variations": {"Cor": "Azul", "Tamanho": "P"}}
    assert cv.to_dict(sku) == sent  # the internal variation details never show


def test_sku_null_variations() -> None:
    assert structure({"title": "s", "variations": None}, Sku).variations == {}


def _sent(model: object) -> object:
    """What a request body carries for ``model``."""
    return cv.DEFAULT_CONVERTER.unstructure(model)


def test_read_only_fields_are_not_sent() -> None:
    image = structure(
        {
            "url": "https://img.example/a.jpg",
            "index": 1,
            "thumbnailUrl": "https://img.example/t.jpg",
            "standardUrl": "https://img.example/s.jpg",
            "status": "PROCESSED",
            "standardWidth": 100,
        },
        Image,
    )
    assert image.thumbnail_url == "https://img.example/t.jpg"
    assert image.standard_width == 100
    assert _sent(image) == {"url": "https://img.example/a.jpg", "index": 1}
    # to_dict is for reading (notebooks): it keeps what ANYMARKET returned
    assert cv.to_dict(image)["thumbnailUrl"] == "https://img.example/t.jpg"

    category = structure(
        {
            "name": "Casa",
            "id": 1,
            "path": "Casa",
            "children": [{"name": "Cozinha", "path": "Casa/Cozinha"}],
        },
        Category,
    )
    assert category.path == "Casa"
    assert [c.name for c in category.walk()] == ["Casa", "Cozinha"]
    assert _sent(category) == {"name": "Casa", "id": 1}
    assert cv.to_dict(category)["path"] == "Casa"

    product = structure({"title": "p", "type": "KIT"}, Product)
    assert product.type == "KIT"
    assert _sent(product) == {"title": "p"}
    assert cv.to_dict(product) == {"title": "p", "type": "KIT"}

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import respx

from anymarket_sdk import RequestValidationError, UnprocessableEntityError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.logistics import (
    FreightDimensions,
    FreightItem,
    FreightQuote,
    FreightQuoteRequest,
    FreightType,
)
from tests.conftest import Both, ClientFactory

QUOTE_ANSWER: dict[str, Any] = {
    "marketPlace": "MERCADO_LIVRE",
    "zipCode": "01310100",
    "products": [
        {
            "skuId": "MLB123",
            "amount": 2,
            "dimensions": {"height": 10, "width": 20.5, "weight": 0.75, "length": 30},
            "stockAmount": 14,
            "additionalDeliveryTime": 1,
            "price": 99.9,
            "discountPrice": 89.9,
        }
    ],
    "quotes": [
        {
            "carrierName": "Correios",
            "serviceName": "SEDEX",
            "deliveryTime": 2,
            "freightType": "express",
            "price": 31.4,
        },
        {
            "carrierName": "Correios",
            "serviceName": "PAC",
            "deliveryTime": 6,
            "freightType": "NORMAL",
            "price": 18.7,
        },
    ],
    "defaultFreight": {
        "carrierName": "Transportadora X",
        "serviceName": "Padrão",
        "deliveryTime": 10,
        "freightType": "Normal",
        "price": 25,
    },
    "missingSkus": {"MLB999": 3},
}


def _request(**overrides: Any) -> FreightQuoteRequest:
    fields: dict[str, Any] = {
        "marketplace": Marketplace.MERCADO_LIVRE,
        "zip_code": "01310-100",
        "products": [
            FreightItem(
                sku_id="MLB123",
                amount=2,
                dimensions=FreightDimensions(
                    height=Decimal(10),
                    width=Decimal("20.5"),
                    weight=Decimal("0.75"),
                    length=Decimal(30),
                ),
            ),
            FreightItem(sku_id="MLB999", amount=3),
        ],
    }
    fields.update(overrides)
    return FreightQuoteRequest(**fields)


def test_quote_sends_the_documented_body_and_decodes(am: Both, router: respx.Router) -> None:
    r = router.post("freight/quotes").respond(json=QUOTE_ANSWER)
    result = am.freight.quote(
        _request(additional_percentual=Decimal("5.5"), timeout_ms=3000, account_name="Loja 1")
    )

    sent = r.calls.last.request
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content) == {
        "marketPlace": "MERCADO_LIVRE",
        "zipCode": "01310100",
        "products": [
            {
                "skuId": "MLB123",
                "amount": 2,
                "dimensions": {"height": 10, "width": 20.5, "weight": 0.75, "length": 30},
            },
            {"skuId": "MLB999", "amount": 3},
        ],
        "additionalPercentual": 5.5,
        "timeout": 3000,
        "accountName": "Loja 1",
    }

    assert result.marketplace == Marketplace.MERCADO_LIVRE
    assert result.zip_code == "01310100"
    product = result.products[0]
    assert product.sku_id == "MLB123"
    assert product.stock_amount == Decimal(14)
    assert product.price == Decimal("99.9")
    assert product.discount_price == Decimal("89.9")
    assert product.dimensions == FreightDimensions(
        height=Decimal(10), width=Decimal("20.5"), weight=Decimal("0.75"), length=Decimal(30)
    )
    sedex, pac = result.quotes
    assert sedex == FreightQuote(
        carrier_name="Correios",
        service_name="SEDEX",
        delivery_time=Decimal(2),
        freight_type=FreightType.EXPRESS,
        price=Decimal("31.4"),
    )
    assert sedex.freight_type is FreightType.EXPRESS  # lower case reads as the member
    assert pac.freight_type is FreightType.NORMAL
    assert result.default_freight is not None
    assert result.default_freight.freight_type is FreightType.NORMAL
    assert result.default_freight.price == Decimal(25)
    assert result.missing_skus == {"MLB999": Decimal(3)}
    assert not result.complete
    assert result.cheapest is pac
    assert result.fastest is sedex


def test_quote_accepts_plain_marketplace_codes_and_bare_zip(am: Both, router: respx.Router) -> None:
    r = router.post("freight/quotes").respond(json={"quotes": [], "products": []})
    result = am.freight.quote(_request(marketplace="NETSHOES", zip_code="87014010"))
    body = json.loads(r.calls.last.request.content)
    assert body["marketPlace"] == "NETSHOES"
    assert body["zipCode"] == "87014010"
    assert result.quotes == []
    assert result.cheapest is None
    assert result.fastest is None
    assert result.complete


def test_unknown_freight_type_is_kept(make_client: ClientFactory, router: respx.Router) -> None:
    am = make_client(strict=False)
    answer = {"quotes": [{"carrierName": "X", "freightType": "SCHEDULED", "price": 10}]}
    router.post("freight/quotes").respond(json=answer)
    quote = am.freight.quote(_request()).quotes[0]
    assert quote.freight_type == "SCHEDULED"
    assert quote.freight_type is not None
    assert not quote.freight_type.is_known


def test_quote_is_retried_after_a_server_error(am: Both, router: respx.Router) -> None:
    r = router.post("freight/quotes").mock(
        side_effect=[
            respx.MockResponse(503, json={"code": "503", "message": "Indisponível"}),
            respx.MockResponse(200, json=QUOTE_ANSWER),
        ]
    )
    assert am.freight.quote(_request()).quotes
    assert r.call_count == 2


def test_quote_validation_error_from_the_api_is_typed(am: Both, router: respx.Router) -> None:
    router.post("freight/quotes").respond(422, json={"code": "422", "message": "CEP inválido."})
    with pytest.raises(UnprocessableEntityError):
        am.freight.quote(_request())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"zip_code": "0131010"}, "request.zip_code"),
        ({"zip_code": "01310-10a"}, "request.zip_code"),
        ({"zip_code": "013101000"}, "request.zip_code"),
        ({"zip_code": 1310100}, "request.zip_code"),
        ({"marketplace": "mercado_livre"}, "request.marketplace"),
        ({"marketplace": ""}, "request.marketplace"),
        ({"products": []}, "request.products"),
        ({"products": [FreightItem(sku_id=" ", amount=1)]}, "request.products[0].sku_id"),
        ({"products": [FreightItem(sku_id="A", amount=-1)]}, "request.products[0].amount"),
        (
            {"products": [FreightItem(sku_id="A", amount=1_000_001)]},
            "request.products[0].amount",
        ),
        ({"products": [FreightItem(sku_id="A", amount=True)]}, "request.products[0].amount"),
        (
            {"products": [FreightItem(sku_id="A", amount=1), FreightItem(sku_id="A", amount=2)]},
            "request.products[1].sku_id",
        ),
        (
            {
                "products": [
                    FreightItem(
                        sku_id="A", amount=1, dimensions=FreightDimensions(height=Decimal(-1))
                    )
                ]
            },
            "request.products[0].dimensions.height",
        ),
        (
            {
                "products": [
                    FreightItem(sku_id="A", amount=1, dimensions=FreightDimensions(weight=1.5))  # type: ignore[arg-type]
                ]
            },
            "request.products[0].dimensions.weight",
        ),
        ({"additional_percentual": 5.5}, "request.additional_percentual"),
        ({"additional_percentual": Decimal("NaN")}, "request.additional_percentual"),
        ({"timeout_ms": -1}, "request.timeout_ms"),
        ({"account_name": ""}, "request.account_name"),
        ({"account_id": 0}, "request.account_id"),
        ({"products": [FreightItem(sku_id=123, amount=1)]}, "request.products[0].sku_id"),  # type: ignore[arg-type]
        ({"products": ["MLB123"]}, "request.products[0]"),
    ],
)
def test_invalid_requests_are_rejected_before_sending(
    am: Both, router: respx.Router, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.freight.quote(_request(**overrides))
    assert info.value.field == field
    assert not router.calls


def test_not_a_request_model_is_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.freight.quote({"zipCode": "01310100"})
    assert info.value.field == "request"
    assert not router.calls


def test_freight_type_reads_any_case() -> None:
    assert FreightType("express") is FreightType.EXPRESS
    assert FreightType(" Normal ") is FreightType.NORMAL
    assert FreightType("EXPRESS") is FreightType.EXPRESS

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import respx

from anymarket_sdk import NotFoundError, RequestValidationError
from anymarket_sdk.models.promotions import (
    Promotion,
    PromotionActionType,
    PromotionConditionType,
    PromotionStatus,
    PromotionSubConditionType,
)
from tests.conftest import Both, ClientFactory


def promotion_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 17,
        "description": "Black Friday eletroportáteis",
        "initialDate": "2024-11-29T00:00:00-03:00",
        "finalDate": "2024-11-30T23:59:59-03:00",
        "active": True,
        "deleted": False,
        "status": "SCHEDULED",
        "actions": [
            {"id": 1, "type": "PERCENT_VALUE", "values": [{"id": 11, "value": 12.5}]},
            {"id": 2, "type": "ADD_VALUE", "values": [{"id": 12, "value": 0.1}]},
        ],
        "conditions": [
            {
                "id": 3,
                "type": "MARKETPLACE",
                "values": [
                    {
                        "id": 31,
                        "value": "MERCADO_LIVRE",
                        "subConditions": [
                            {
                                "id": 311,
                                "subconditionType": "LISTING_TYPE",
                                "values": [
                                    {"id": 3111, "value": "gold_pro", "description": "Premium"}
                                ],
                                "childrenSubConditions": [
                                    {
                                        "id": 312,
                                        "subconditionType": "SHIPPING_MODE",
                                        "values": [{"id": 3121, "value": "me2"}],
                                        "childrenSubConditions": [],
                                    }
                                ],
                            }
                        ],
                    }
                ],
            },
            {"id": 4, "type": "CATEGORY", "values": [{"id": 41, "value": "10"}]},
        ],
    }
    body.update(over)
    return body


def test_get_decodes_rules_with_nested_subconditions(am: Both, router: respx.Router) -> None:
    router.get("promotions/17").respond(json=promotion_json())
    p = am.promotions.get(17)
    assert isinstance(p, Promotion)
    assert p.status is PromotionStatus.SCHEDULED
    assert p.initial_date == datetime(2024, 11, 29, 3, 0, tzinfo=UTC)
    assert [a.type for a in p.actions] == [
        PromotionActionType.PERCENT_VALUE,
        PromotionActionType.ADD_VALUE,
    ]
    assert p.actions[0].values[0].value == Decimal("12.5")
    assert p.actions[1].values[0].value == Decimal("0.1")
    market = p.conditions[0]
    assert market.type is PromotionConditionType.MARKETPLACE
    sub = market.values[0].sub_conditions[0]
    assert sub.subcondition_type is PromotionSubConditionType.LISTING_TYPE
    assert sub.values[0].description == "Premium"
    child = sub.children_sub_conditions[0]
    assert child.subcondition_type is PromotionSubConditionType.SHIPPING_MODE
    assert child.values[0].value == "me2"
    assert p.conditions[1].values[0].sub_conditions == []


def test_unknown_rule_types_are_kept(make_client: ClientFactory, router: respx.Router) -> None:
    lenient = make_client(strict=False)
    body = promotion_json(status="PAUSED")
    body["actions"][0]["type"] = "FREE_SHIPPING"
    body["conditions"][1]["type"] = "SELLER"
    router.get("promotions/17").respond(json=body)
    p = lenient.promotions.get(17)
    assert p.status == "PAUSED"
    assert p.actions[0].type == "FREE_SHIPPING"
    assert p.actions[0].type is not None
    assert not p.actions[0].type.is_known
    assert p.conditions[1].type == "SELLER"


def test_not_found(am: Both, router: respx.Router) -> None:
    router.get("promotions/9").respond(
        404, json={"code": "404", "message": "Recurso com o id '9' não encontrado."}
    )
    with pytest.raises(NotFoundError):
        am.promotions.get(9)


def test_negative_id_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.promotions.get(-1)
    assert info.value.field == "id"
    assert not router.calls

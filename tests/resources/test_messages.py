from __future__ import annotations

import json
from typing import Any

import pytest
import respx

from anymarket_sdk import BadRequestError, RequestValidationError, ServerError
from anymarket_sdk.models.monitoring import BuyerMessage
from anymarket_sdk.resources.messages import MAX_MESSAGE_LENGTH
from tests.conftest import Both

TEXT = "Olá! Seu pedido já foi separado e sai amanhã pela transportadora."


def test_send_posts_the_message_and_decodes_the_answer(am: Both, router: respx.Router) -> None:
    r = router.post("messages/order/107032238").respond(json={"message": TEXT})
    result = am.messages.send(107032238, TEXT)
    sent = r.calls.last.request
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content) == {"message": TEXT}
    assert result == BuyerMessage(message=TEXT)


def test_an_empty_answer_gives_none(am: Both, router: respx.Router) -> None:
    router.post("messages/order/5").respond(200)
    assert am.messages.send(5, "Obrigado pela compra!") is None


def test_the_api_refusal_is_typed(am: Both, router: respx.Router) -> None:
    router.post("messages/order/5").respond(
        400, json={"code": "400", "message": "Não foi possível finalizar a chamada."}
    )
    with pytest.raises(BadRequestError):
        am.messages.send(5, "Oi")


def test_a_message_is_never_sent_twice_by_retries(am: Both, router: respx.Router) -> None:
    r = router.post("messages/order/5").respond(503, json={"code": "503", "message": "x"})
    with pytest.raises(ServerError):
        am.messages.send(5, "Oi")
    assert r.call_count == 1


@pytest.mark.parametrize(
    ("order_id", "message", "field"),
    [
        (0, "Oi", "order_id"),
        (-3, "Oi", "order_id"),
        (True, "Oi", "order_id"),
        ("5", "Oi", "order_id"),
        (5, "", "message"),
        (5, "   \n", "message"),
        (5, None, "message"),
        (5, 42, "message"),
        (5, "x" * (MAX_MESSAGE_LENGTH + 1), "message"),
    ],
)
def test_invalid_calls_are_rejected_before_sending(
    am: Both, router: respx.Router, order_id: Any, message: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.messages.send(order_id, message)
    assert info.value.field == field
    assert not router.calls


def test_the_longest_message_is_accepted(am: Both, router: respx.Router) -> None:
    r = router.post("messages/order/5").respond(json={"message": "ok"})
    am.messages.send(5, "x" * MAX_MESSAGE_LENGTH)
    assert r.call_count == 1

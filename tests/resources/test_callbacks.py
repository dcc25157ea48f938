from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import NotFoundError, RequestValidationError, structure
from anymarket_sdk.models.callbacks import Callback
from anymarket_sdk.resources.callbacks import check_callback_url
from tests.conftest import Both, page

ACCOUNT_TOKEN = "account-token-do-not-print"
CALLBACK = {
    "id": 31,
    "url": "https://erp.example.com/anymarket/notify",
    "token": ACCOUNT_TOKEN,
    "orderActive": True,
    "productActive": False,
    "transmissionActive": True,
    "questionActive": False,
}


def test_create_sends_the_registration(am: Both, router: respx.Router) -> None:
    r = router.post("callbacks").respond(201, json=CALLBACK)
    created = am.callbacks.create(
        Callback(
            url="https://erp.example.com/anymarket/notify",
            token=ACCOUNT_TOKEN,
            order_active=True,
            product_active=False,
            transmission_active=True,
            question_active=False,
        )
    )
    assert json.loads(r.calls.last.request.content) == {
        k: v for k, v in CALLBACK.items() if k != "id"
    }
    assert created.id == 31
    assert created.order_active is True
    assert ACCOUNT_TOKEN not in repr(created)


def test_get_update_delete(am: Both, router: respx.Router) -> None:
    router.get("callbacks/31").respond(json=CALLBACK)
    updated = router.put("callbacks/31").respond(json=dict(CALLBACK, productActive=True))
    deleted = router.delete("callbacks/31").respond(204)

    cb = am.callbacks.get(31)
    assert cb.url == CALLBACK["url"]
    assert am.callbacks.update(31, attrs.evolve(cb, product_active=True)).product_active is True
    sent = json.loads(updated.calls.last.request.content)
    assert "id" not in sent  # read-only
    assert sent["productActive"] is True
    assert am.callbacks.delete(31) is None
    assert deleted.call_count == 1


def test_question_active_with_a_trailing_space_is_read(am: Both, router: respx.Router) -> None:
    body = {k: v for k, v in CALLBACK.items() if k != "questionActive"}
    body["questionActive "] = True  # the API docs' spelling
    router.get("callbacks/31").respond(json=body)
    cb = am.callbacks.get(31)  # strict client: nothing unknown is left over
    assert cb.question_active is True
    assert cb.extra == {}
    both = dict(CALLBACK, **{"questionActive ": True})
    assert structure(both, Callback, strict=True).question_active is False  # correct one wins


def test_list_and_iter(am: Both, router: respx.Router) -> None:
    r = router.get("callbacks").respond(json=page([CALLBACK], size=10))
    result = am.callbacks.list(limit=10, offset=0)
    assert dict(r.calls.last.request.url.params) == {"offset": "0", "limit": "10"}
    assert [c.id for c in result.items] == [31]
    assert [c.id for c in am.callbacks.iter(max_items=5)] == [31]


def test_list_reads_a_bare_array_too(am: Both, router: respx.Router) -> None:
    router.get("callbacks").respond(json=[CALLBACK, dict(CALLBACK, id=32)])
    assert [c.id for c in am.callbacks.list().items] == [31, 32]
    assert [c.id for c in am.callbacks.iter()] == [31, 32]


def test_find_by_url(am: Both, router: respx.Router) -> None:
    other = dict(CALLBACK, id=30, url="https://other.example.com/hook")
    router.get("callbacks").respond(json=page([other, CALLBACK]))
    found = am.callbacks.find_by_url("https://erp.example.com/anymarket/notify/")
    assert found is not None
    assert found.id == 31
    assert am.callbacks.find_by_url("https://nowhere.example.com/") is None


def test_not_found_is_typed(am: Both, router: respx.Router) -> None:
    router.delete("callbacks/9").respond(404, json={"code": "404", "message": "não encontrado"})
    with pytest.raises(NotFoundError):
        am.callbacks.delete(9)


@pytest.mark.parametrize(
    ("callback", "field"),
    [
        (Callback(url=""), "callback.url"),
        (Callback(url="erp.example.com/notify"), "callback.url"),
        (Callback(url="http://erp.example.com/notify"), "callback.url"),
        (Callback(url="ftp://erp.example.com/notify"), "callback.url"),
        (Callback(url="https://erp.example.com/" + "x" * 240), "callback.url"),
        (Callback(url="https://erp.example.com/a b"), "callback.url"),
        (Callback(url=" https://erp.example.com/"), "callback.url"),
        (Callback(url="https:///path-only"), "callback.url"),
        (Callback(url="https://erp.example.com/", token="  "), "callback.token"),
        (Callback(url="https://erp.example.com/", order_active="yes"), "callback.order_active"),  # type: ignore[arg-type]
    ],
)
def test_invalid_registration_rejected_before_sending(
    am: Both, router: respx.Router, callback: Callback, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.callbacks.create(callback)
    assert info.value.field == field
    with pytest.raises(RequestValidationError):
        am.callbacks.update(31, callback)
    assert not router.calls


def test_not_a_callback_is_rejected(am: Both, router: respx.Router) -> None:
    bad: Any = {"url": "https://erp.example.com/"}
    with pytest.raises(RequestValidationError) as info:
        am.callbacks.create(bad)
    assert info.value.field == "callback"
    assert not router.calls


@pytest.mark.parametrize(
    "url",
    [
        "https://erp.example.com/notify?key=abc",
        "http://localhost:8080/notify",
        "http://127.0.0.1/notify",
        "http://[::1]:9000/",
        "https://10.0.0.5/notify",
    ],
)
def test_accepted_urls(url: str) -> None:
    assert check_callback_url(url) == url


@pytest.mark.parametrize("limit", [4, 101])
def test_list_limit_is_validated(am: Both, router: respx.Router, limit: int) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.callbacks.list(limit=limit)
    assert info.value.field == "limit"
    assert not router.calls

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import RequestValidationError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.templates import Template, TemplateType
from tests.conftest import Both, ClientFactory, page


def template_json(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": 55,
        "name": "Padrão ML",
        "content": "<h1>${title}</h1>${description}",
        "templateType": "HTML",
        "includeDimensionAttributes": True,
        "manualImageSize": False,
        "isActive": True,
        "removeDescriptionTableContent": False,
        "marketPlace": "MERCADO_LIVRE",
    }
    body.update(over)
    return body


def new_template(**over: Any) -> Template:
    fields: dict[str, Any] = {
        "name": "Padrão ML",
        "template_type": TemplateType.HTML,
        "content": "<h1>${title}</h1>${description}",
        "market_place": Marketplace.MERCADO_LIVRE,
        "is_active": True,
        "include_dimension_attributes": True,
    }
    fields.update(over)
    return Template(**fields)


def test_create_sends_everything_but_the_id(am: Both, router: respx.Router) -> None:
    r = router.post("template").respond(201, json=template_json())
    created = am.templates.create(new_template(id=999))
    assert json.loads(r.calls.last.request.content) == {
        "name": "Padrão ML",
        "templateType": "HTML",
        "content": "<h1>${title}</h1>${description}",
        "marketPlace": "MERCADO_LIVRE",
        "isActive": True,
        "includeDimensionAttributes": True,
    }
    assert created.id == 55
    assert created.template_type is TemplateType.HTML
    assert created.market_place is Marketplace.MERCADO_LIVRE
    assert created.manual_image_size is False


def test_create_plain_text(am: Both, router: respx.Router) -> None:
    r = router.post("template").respond(
        201,
        json=template_json(templateType="PLAIN_TEXT", content=None, plainTextContent="${title}"),
    )
    t = am.templates.create(
        new_template(template_type="PLAIN_TEXT", content=None, plain_text_content="${title}")
    )
    sent = json.loads(r.calls.last.request.content)
    assert sent["templateType"] == "PLAIN_TEXT"
    assert sent["plainTextContent"] == "${title}"
    assert "content" not in sent
    assert t.plain_text_content == "${title}"


def test_get_update_delete(make_client: ClientFactory, router: respx.Router) -> None:
    am = make_client(strict=False)  # keeps an unknown field to show it is written back
    router.get("template/55").respond(json=template_json(ownerId=3))
    updated = router.put("template/55").respond(json=template_json(name="Novo"))
    deleted = router.delete("template/55").respond(204)

    t = am.templates.get(55)
    assert t.extra == {"ownerId": 3}
    result = am.templates.update(55, attrs.evolve(t, name="Novo"))
    assert result.name == "Novo"
    assert json.loads(updated.calls.last.request.content) == {
        "name": "Novo",
        "content": "<h1>${title}</h1>${description}",
        "templateType": "HTML",
        "includeDimensionAttributes": True,
        "manualImageSize": False,
        "isActive": True,
        "removeDescriptionTableContent": False,
        "ownerId": 3,
    }
    assert am.templates.delete(55) is None
    assert deleted.call_count == 1


def test_list_and_iter_for_marketplace(am: Both, router: respx.Router) -> None:
    r = router.get("template/MERCADO_LIVRE/all").mock(
        side_effect=[
            respx.MockResponse(200, json=page([template_json(id=1)], size=10)),
            respx.MockResponse(
                200, json=page([template_json(id=i) for i in range(5)], size=5, total=7)
            ),
            respx.MockResponse(
                200, json=page([template_json(id=5), template_json(id=6)], offset=5, total=7)
            ),
        ]
    )
    one = am.templates.list_for_marketplace(Marketplace.MERCADO_LIVRE, offset=0, limit=10)
    assert dict(r.calls.last.request.url.params) == {"offset": "0", "limit": "10"}
    assert [t.id for t in one] == [1]
    every = am.templates.iter_for_marketplace("MERCADO_LIVRE", limit=5)
    assert [t.id for t in every] == list(range(7))
    assert [c.request.url.params["offset"] for c in r.calls[1:]] == ["0", "5"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda am: am.templates.create(new_template(name=" ")), "template.name"),
        (
            lambda am: am.templates.create(new_template(template_type=None)),
            "template.template_type",
        ),
        (
            lambda am: am.templates.create(new_template(template_type="html")),
            "template.template_type",
        ),
        (lambda am: am.templates.create(new_template(content=None)), "template.content"),
        (
            lambda am: am.templates.create(new_template(template_type=TemplateType.PLAIN_TEXT)),
            "template.plain_text_content",
        ),
        (lambda am: am.templates.create(new_template(market_place=None)), "template.market_place"),
        (
            lambda am: am.templates.create(new_template(market_place="mercado_livre")),
            "template.market_place",
        ),
        (lambda am: am.templates.create({"name": "x"}), "template"),
        (lambda am: am.templates.update(55, new_template(content="")), "template.content"),
        (lambda am: am.templates.list_for_marketplace("b2w"), "marketplace"),
        (lambda am: am.templates.list_for_marketplace("B2W", limit=1), "limit"),
    ],
)
def test_invalid_input_rejected_before_sending(
    am: Both, router: respx.Router, call: Any, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        call(am)
    assert info.value.field == field
    assert not router.calls


def test_update_does_not_need_a_marketplace(am: Both, router: respx.Router) -> None:
    r = router.put("template/55").respond(json=template_json())
    am.templates.update(55, new_template(market_place=None))
    assert "marketPlace" not in json.loads(r.calls.last.request.content)

"""``anymarket_sdk.testing.FakeAnymarket`` driven through the SDK, sync and async alike
(``mode`` from tests/conftest.py), with strict decoding so the fake cannot drift from the
models; plus a few wire-level checks and the ``python -m m2_adapter demo`` report."""

from __future__ import annotations

import asyncio
import importlib
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest

from anymarket_sdk import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    ServerError,
    UnprocessableEntityError,
)
from anymarket_sdk._core import ROUTES
from anymarket_sdk.models import (
    Brand,
    Category,
    CategoryRef,
    CharacteristicGroup,
    CharacteristicGroupCategory,
    GroupCharacteristic,
    Image,
    JsonPatchOperation,
    Marketplace,
    MarketplaceCharacteristic,
    Product,
    ProductBrand,
    ProductCategory,
    ProductPatch,
    Sku,
    SkuPatch,
    VariationType,
    VariationValue,
)
from anymarket_sdk.testing import Call, FakeAnymarket
from tests.conftest import Both


@pytest.fixture
def fake() -> FakeAnymarket:
    return FakeAnymarket()


@pytest.fixture
def api(mode: str, fake: FakeAnymarket) -> Iterator[Both]:
    """A strict SDK client (sync or async) on the fake."""
    runner = asyncio.Runner() if mode == "async" else None
    client: Any = fake.async_client(strict=True) if runner else fake.client(strict=True)
    yield Both(client, runner)
    if runner is not None:
        runner.run(client.aclose())
        runner.close()
    else:
        client.close()


@pytest.fixture
def wire(fake: FakeAnymarket) -> Iterator[httpx.Client]:
    """Plain httpx on the fake, to look at raw JSON and send what the SDK never sends."""
    with httpx.Client(
        transport=fake.transport, base_url=fake.base_url, headers={"gumgaToken": fake.token}
    ) as client:
        yield client


def _catalogue(fake: FakeAnymarket) -> tuple[int, int]:
    """(category id, brand id) with the variation types Cor and Voltagem in place."""
    casa = fake.add_category("Casa", partner_id="CAT-CASA")
    cozinha = fake.add_category("Cozinha", parent_id=casa["id"], partner_id="CAT-COZ")
    brand = fake.add_brand("Tramontina", partner_id="M-TRAM")
    fake.add_variation_type("Cor", ["Azul", "Vermelho"], visual_variation=True)
    fake.add_variation_type("Voltagem", ["110V", "220V"])
    return cozinha["id"], brand["id"]


def _product(category_id: int, brand_id: int, **kw: Any) -> Product:
    skus = [
        Sku(
            title=f"Liquidificador {cor} {volt}",
            partner_id=f"LIQ-{cor[:2].upper()}-{volt}",
            price=Decimal("199.90"),
            sell_price=Decimal("179.90"),
            amount=Decimal("3"),
            variations={"Cor": cor, "Voltagem": volt},
        )
        for cor in ("Azul", "Vermelho")
        for volt in ("110V", "220V")
    ]
    fields: dict[str, Any] = {
        "title": "Liquidificador Turbo",
        "description": "Liquidificador 1000W",
        "category": ProductCategory(id=category_id),
        "brand": ProductBrand(id=brand_id),
        "has_variations": True,
        "warranty_time": 12,
        "weight": Decimal("2.5"),
        "skus": skus,
        "images": [
            Image(url="https://img.test/liq-1.jpg"),
            Image(url="https://img.test/liq-2.jpg", variation="Azul"),
        ],
        **kw,
    }
    return Product(**fields)


# --- brands --------------------------------------------------------------------------------


def test_brand_crud_and_filters(api: Both) -> None:
    created = api.brands.create(Brand(name="Tramontina", reduced_name="tramon", partner_id="M-1"))
    other = api.brands.create(Brand(name="Mondial", partner_id="M-2"))
    assert created.id is not None
    assert other.id == created.id + 1
    assert api.brands.get(created.id) == created

    assert [b.name for b in api.brands.list(limit=5, name="tRAM").items] == ["Tramontina"]
    assert [b.id for b in api.brands.iter(partner_id="M-2")] == [other.id]
    assert api.brands.find_by_name("mondial") == other

    renamed = api.brands.update(created.id, attrs.evolve(created, name="Tramontina S.A."))
    assert renamed.name == "Tramontina S.A."
    assert api.brands.get(created.id).name == "Tramontina S.A."

    api.brands.delete(created.id)
    with pytest.raises(NotFoundError) as info:
        api.brands.get(created.id)
    assert info.value.server_message == f"Recurso com o id '{created.id}' não encontrado."
    assert info.value.code == "404"


def test_brand_reduced_name_limit_is_a_422(api: Both, fake: FakeAnymarket) -> None:
    with pytest.raises(UnprocessableEntityError) as info:
        api.request("POST", "brands", json={"name": "X", "reducedName": "x" * 31})
    assert info.value.server_message == "O nome reduzido deve ter no máximo 30 caracteres."
    assert fake.calls[-1].status == 422


def test_brand_marketplace_binding(api: Both) -> None:
    brand = api.brands.create(Brand(name="Tramontina"))
    assert brand.id is not None
    with pytest.raises(NotFoundError):
        api.brands.get_in_marketplace(brand.id, Marketplace.MERCADO_LIVRE)
    bound = api.brands.bind(brand.id, Marketplace.MERCADO_LIVRE, "MLB-123")
    assert (bound.id, bound.market_place, bound.code_in_marketplace) == (
        brand.id,
        "MERCADO_LIVRE",
        "MLB-123",
    )
    seen = api.brands.get_in_marketplace(brand.id, "MERCADO_LIVRE")
    assert (seen.code_in_marketplace, seen.name) == ("MLB-123", "Tramontina")
    assert api.brands.rebind(brand.id, "MERCADO_LIVRE", "MLB-9").code_in_marketplace == "MLB-9"
    assert api.brands.get_in_marketplace(brand.id, "MERCADO_LIVRE").code_in_marketplace == "MLB-9"


# --- categories ----------------------------------------------------------------------------


def test_category_tree_crud(api: Both) -> None:
    casa = api.categories.create(Category(name="Casa", partner_id="C-1"))
    assert casa.id is not None
    cozinha = api.categories.create(
        Category(name="Cozinha", partner_id="C-2", parent=CategoryRef(id=casa.id))
    )
    assert cozinha.id is not None
    assert cozinha.path == "Casa/Cozinha"
    assert cozinha.parent == CategoryRef(id=casa.id, partner_id="C-1")

    got = api.categories.get(casa.id)
    assert [(c.name, c.path) for c in got.children] == [("Cozinha", "Casa/Cozinha")]
    assert [c.name for c in api.categories.iter()] == ["Casa"]  # first level only
    tree = api.categories.full_path()
    assert [c.path for root in tree for c in root.walk()] == ["Casa", "Casa/Cozinha"]
    found = api.categories.find_by_partner_id("C-2")
    assert found is not None
    assert found.id == cozinha.id

    api.categories.update(casa.id, attrs.evolve(got, name="Lar"))
    assert api.categories.get(cozinha.id).path == "Lar/Cozinha"

    with pytest.raises(UnprocessableEntityError, match="subcategorias"):
        api.categories.delete(casa.id)
    api.categories.delete(cozinha.id)
    api.categories.delete(casa.id)
    assert api.categories.full_path() == []
    with pytest.raises(NotFoundError):
        api.categories.get(cozinha.id)


def test_characteristic_groups(api: Both) -> None:
    casa = api.categories.create(Category(name="Casa"))
    assert casa.id is not None
    group = CharacteristicGroup(
        name="Eletro",
        characteristics=[
            GroupCharacteristic(
                index=0,
                name="Potência",
                characteristic_item_market_places=[
                    MarketplaceCharacteristic(
                        market_place="MERCADO_LIVRE", id_in_marketplace="POWER", required=True
                    )
                ],
            )
        ],
        categories=[CharacteristicGroupCategory(id=casa.id)],
    )
    created = api.categories.create_group(0, group)
    assert created.id is not None
    assert created.characteristics[0].id is not None
    assert created.categories == [CharacteristicGroupCategory(id=casa.id, name="Casa", path="Casa")]
    assert api.categories.get_group(created.id) == created

    updated = api.categories.update_group(created.id, attrs.evolve(created, name="Eletros"))
    assert updated.name == "Eletros"
    assert updated.characteristics == created.characteristics
    api.categories.delete_group(created.id)
    with pytest.raises(NotFoundError):
        api.categories.get_group(created.id)


# --- variations ----------------------------------------------------------------------------


def test_variation_types_and_values(api: Both) -> None:
    cor = api.variations.create(
        VariationType(
            name="Cor",
            partner_id="V-COR",
            visual_variation=True,
            values=[VariationValue(description="Azul"), VariationValue(description="Vermelho")],
        )
    )
    assert cor.id is not None
    assert [v.description for v in cor.values] == ["Azul", "Vermelho"]
    assert all(v.id is not None for v in cor.values)
    api.variations.create(VariationType(name="Voltagem"))

    assert [vt.name for vt in api.variations.iter(name="co")] == ["Cor"]
    assert api.variations.find_by_partner_id("V-COR") == cor
    assert api.variations.get(cor.id) == cor

    renamed = api.variations.update(cor.id, attrs.evolve(cor, name="Cores", values=[]))
    assert renamed.name == "Cores"
    assert renamed.values == cor.values  # values change through their own routes

    verde = api.variations.create_value(cor.id, VariationValue(description="Verde", partner_id="G"))
    assert verde.id is not None
    assert api.variations.get_value(cor.id, verde.id) == verde
    page = api.variations.list_values(cor.id, limit=5)
    assert [v.description for v in page.items] == ["Azul", "Vermelho", "Verde"]
    assert [v.id for v in api.variations.iter_values(cor.id, partner_id="G")] == [verde.id]
    assert api.variations.update_value(
        cor.id, verde.id, VariationValue(description="Verde-musgo")
    ) == VariationValue(description="Verde-musgo", id=verde.id)

    api.variations.delete_value(cor.id, verde.id)
    with pytest.raises(NotFoundError):
        api.variations.get_value(cor.id, verde.id)
    api.variations.delete(cor.id)
    with pytest.raises(NotFoundError):
        api.variations.get(cor.id)


def test_a_variation_in_use_cannot_be_deleted(api: Both, fake: FakeAnymarket) -> None:
    category_id, brand_id = _catalogue(fake)
    api.products.create(_product(category_id, brand_id))
    cor = api.variations.find_by_name("Cor")
    assert cor is not None
    assert cor.id is not None
    with pytest.raises(BadRequestError, match="em uso"):
        api.variations.delete(cor.id)


# --- products and SKUs ---------------------------------------------------------------------


def test_product_create_assigns_ids_and_decodes_variations(api: Both, fake: FakeAnymarket) -> None:
    category_id, brand_id = _catalogue(fake)
    product = api.products.create(_product(category_id, brand_id))

    assert product.id is not None
    assert fake.calls[-1].status == 201
    assert product.category == ProductCategory(
        id=category_id, name="Cozinha", partner_id="CAT-COZ", path="Casa/Cozinha"
    )
    assert product.brand == ProductBrand(id=brand_id, name="Tramontina", partner_id="M-TRAM")
    assert product.has_variations is True
    assert len({s.id for s in product.skus}) == 4
    assert all(s.id is not None for s in product.skus)
    assert [(i.index, i.main) for i in product.images] == [(1, True), (2, False)]

    sku = product.sku_by_partner_id("LIQ-VE-220V")
    assert sku is not None
    assert sku.variations == {"Cor": "Vermelho", "Voltagem": "220V"}
    assert sku.price == Decimal("199.90")
    assert [(d.description, d.type.name if d.type else None) for d in sku.variation_details] == [
        ("Vermelho", "Cor"),
        ("220V", "Voltagem"),
    ]
    assert sku.variation_details[0].type is not None
    assert sku.variation_details[0].type.visual_variation is True
    assert api.products.get(product.id) == product


def test_sku_variations_go_out_as_a_map_and_come_back_as_an_array(
    fake: FakeAnymarket, wire: httpx.Client
) -> None:
    category_id, brand_id = _catalogue(fake)
    with fake.client(strict=True) as am:
        product = am.products.create(_product(category_id, brand_id))
    sent = fake.calls[-1].json["skus"][0]["variations"]
    assert sent == {"Cor": "Azul", "Voltagem": "110V"}

    raw: list[dict[str, Any]] = wire.get(f"products/{product.id}/skus").json()
    first: list[dict[str, Any]] = raw[0]["variations"]
    assert [v["description"] for v in first] == ["Azul", "110V"]
    assert set(first[0]) == {"id", "description", "type"}
    assert set(first[0]["type"]) == {"id", "name", "visualVariation"}
    assert first[0]["type"]["name"] == "Cor"


def test_unknown_variation_value_is_a_422(api: Both, fake: FakeAnymarket) -> None:
    category_id, brand_id = _catalogue(fake)
    bad = _product(category_id, brand_id)
    bad = attrs.evolve(bad, skus=[attrs.evolve(bad.skus[0], variations={"Cor": "Verde"})])
    with pytest.raises(UnprocessableEntityError) as info:
        api.products.create(bad)
    assert info.value.server_message == (
        "Valor de variação 'Verde' não encontrado para o tipo 'Cor'."
    )
    bad = attrs.evolve(bad, skus=[attrs.evolve(bad.skus[0], variations={"Tamanho": "M"})])
    with pytest.raises(UnprocessableEntityError, match="Tipo de variação 'Tamanho'"):
        api.products.create(bad)
    assert api.products.list(limit=5).items == []


def test_duplicate_sku_partner_id_is_a_500_like_the_real_api(
    api: Both, fake: FakeAnymarket
) -> None:
    category_id, brand_id = _catalogue(fake)
    product = api.products.create(_product(category_id, brand_id))
    assert product.id is not None

    again = attrs.evolve(_product(category_id, brand_id), title="Outro")
    with pytest.raises(ServerError) as info:
        api.products.create(again)
    assert "Duplicidade de SKU" in str(info.value)
    assert info.value.status_code == 500
    assert info.value.body == {"code": "500", "message": "Duplicidade de SKU: LIQ-AZ-110V"}

    with pytest.raises(ServerError, match="Duplicidade de SKU: LIQ-AZ-220V"):
        api.skus.create(
            product.id,
            Sku(title="x", partner_id="LIQ-AZ-220V", price=Decimal(1), amount=Decimal(0)),
        )
    first = product.skus[0]
    assert first.id is not None
    with pytest.raises(ServerError, match="Duplicidade de SKU: LIQ-VE-110V"):
        api.skus.merge_patch(product.id, first.id, SkuPatch(partner_id="LIQ-VE-110V"))
    assert len(api.products.list(limit=5).items) == 1


def test_paging_through_12_products_with_limit_5(api: Both, fake: FakeAnymarket) -> None:
    ids = [fake.add_product(f"Produto {n}")["id"] for n in range(12)]
    fake.calls.clear()

    products = api.products.iter(limit=5)

    assert [p.id for p in products] == ids
    assert [(c.path, c.query["offset"], c.query["limit"]) for c in fake.calls] == [
        ("/products", "0", "5"),
        ("/products", "5", "5"),
        ("/products", "10", "5"),
    ]
    second = api.products.list(limit=5, offset=5)
    assert (second.meta.number, second.meta.total_pages, second.total) == (2, 3, 12)
    assert second.meta.size == 5
    assert {link.rel: link.offset for link in second.links} == {"prev": 0, "next": 10}


def test_limit_outside_5_to_100_is_a_400(api: Both) -> None:
    with pytest.raises(BadRequestError) as info:
        api.request("GET", "products", params={"limit": 101})
    assert (
        info.value.server_message == "O parâmetro 'limit' deve estar entre 5 e 100, recebido 101."
    )
    with pytest.raises(BadRequestError, match="'limit'"):
        api.request("GET", "brands", params={"limit": 4})


def test_product_list_filters(api: Both, fake: FakeAnymarket) -> None:
    first = fake.add_product("Panela", externalIdProduct="EXT-1")
    second = fake.add_product(
        "Faca", skus=[{"title": "Faca", "partnerId": "FACA-1", "price": Decimal("9.90")}]
    )
    assert [p.id for p in api.products.iter(sku="FACA-1")] == [second["id"]]
    assert [p.id for p in api.products.iter(external_id="EXT-1")] == [first["id"]]
    assert api.products.iter(sku="NADA") == []
    found = api.products.find_by_sku("FACA-1")
    assert found is not None
    assert found.id == second["id"]
    lookup = api.skus.find_by_partner_id("FACA-1")
    assert lookup is not None
    assert (lookup.product.id, lookup.sku.title) == (second["id"], "Faca")


def test_put_replaces_product_fields_but_keeps_skus_and_images(
    api: Both, fake: FakeAnymarket
) -> None:
    category_id, brand_id = _catalogue(fake)
    product = api.products.create(_product(category_id, brand_id, model="LT-1000"))
    assert product.id is not None
    changed = attrs.evolve(product, title="Liquidificador Turbo 2", model=None)

    updated = api.products.update(product.id, changed)

    assert "skus" not in fake.calls[-1].json
    assert updated.title == "Liquidificador Turbo 2"
    assert updated.model is None  # PUT replaces: a field left out is cleared
    assert updated.skus == product.skus
    assert updated.images == product.images
    with pytest.raises(NotFoundError):
        api.products.update(999, changed)


def test_merge_patch_changes_only_the_given_fields(api: Both, fake: FakeAnymarket) -> None:
    category_id, brand_id = _catalogue(fake)
    product = api.products.create(_product(category_id, brand_id, model="LT-1000"))
    assert product.id is not None
    other = api.brands.create(Brand(name="Mondial"))
    assert other.id is not None

    patched = api.products.merge_patch(
        product.id, ProductPatch(title="Novo título", brand=ProductBrand(id=other.id))
    )

    assert fake.calls[-1].content_type == "application/merge-patch+json"
    assert fake.calls[-1].json == {"title": "Novo título", "brand": {"id": other.id}}
    assert patched.title == "Novo título"
    assert patched.brand is not None
    assert patched.brand.name == "Mondial"
    assert (patched.model, patched.description) == ("LT-1000", product.description)
    assert patched.skus == product.skus


def test_merge_patch_null_removes_and_wrong_content_type_is_refused(
    fake: FakeAnymarket, wire: httpx.Client
) -> None:
    product = fake.add_product("Panela", model="P-1", warrantyTime=12)
    url = f"products/{product['id']}"
    headers = {"Content-Type": "application/merge-patch+json"}
    answer = wire.patch(url, content=b'{"model": null, "warrantyTime": 24}', headers=headers)
    assert answer.status_code == 200
    assert "model" not in answer.json()
    assert answer.json()["warrantyTime"] == 24

    refused = wire.patch(url, json={"model": "X"})  # application/json
    assert refused.status_code == 415
    assert refused.json()["code"] == "415"


def test_json_patch_on_product_and_sku(api: Both, fake: FakeAnymarket) -> None:
    category_id, brand_id = _catalogue(fake)
    product = api.products.create(
        _product(category_id, brand_id, model="LT-1000", warranty_text="Garantia de fábrica")
    )
    assert product.id is not None

    patched = api.products.json_patch(
        product.id,
        [
            JsonPatchOperation(op="replace", path="/title", value="Título via JSON Patch"),
            JsonPatchOperation(op="add", path="/videoUrl", value="https://youtu.be/x"),
            JsonPatchOperation(op="remove", path="/warrantyText"),
        ],
    )
    assert fake.calls[-1].content_type == "application/json-patch+json"
    assert fake.calls[-1].path == f"/products/patch/{product.id}"
    assert patched.title == "Título via JSON Patch"
    assert patched.video_url == "https://youtu.be/x"
    assert patched.warranty_text is None
    assert patched.model == "LT-1000"

    with pytest.raises(UnprocessableEntityError, match="Operação 'move' não suportada"):
        api.products.json_patch(
            product.id, [JsonPatchOperation(op="move", path="/model", from_="/title")]
        )

    sku = product.skus[0]
    assert sku.id is not None
    patched_sku = api.skus.json_patch(
        product.id, sku.id, [JsonPatchOperation(op="replace", path="/ean", value="7891234567895")]
    )
    assert patched_sku.ean == "7891234567895"
    assert patched_sku.variations == sku.variations


def test_sku_routes(api: Both, fake: FakeAnymarket) -> None:
    category_id, brand_id = _catalogue(fake)
    product = api.products.create(_product(category_id, brand_id))
    assert product.id is not None

    assert api.skus.list(product.id) == product.skus
    new = api.skus.create(
        product.id,
        Sku(
            title="Liquidificador Azul 127V",
            partner_id="LIQ-NEW",
            price=Decimal("189.90"),
            amount=Decimal("0"),
            variations={"Cor": "Azul"},
        ),
    )
    assert new.id is not None
    assert new.variations == {"Cor": "Azul"}
    assert api.skus.get(product.id, new.id) == new
    assert len(api.skus.list(product.id)) == 5

    replaced = api.skus.update(product.id, new.id, attrs.evolve(new, title="Renomeado"))
    assert replaced.title == "Renomeado"
    assert replaced.variations == {"Cor": "Azul"}

    patched = api.skus.merge_patch(product.id, new.id, SkuPatch(sell_price=Decimal("150.50")))
    assert patched.sell_price == Decimal("150.50")
    assert (patched.title, patched.price) == ("Renomeado", Decimal("189.90"))

    renamed = api.skus.merge_patch(product.id, new.id, SkuPatch(partner_id="LIQ-NEW-2"))
    assert renamed.partner_id == "LIQ-NEW-2"
    reused = api.skus.create(  # the old partner id is free again
        product.id, Sku(title="Outro", partner_id="LIQ-NEW", price=Decimal(5), amount=Decimal(1))
    )
    assert reused.partner_id == "LIQ-NEW"

    other = fake.add_product("Outro")
    with pytest.raises(NotFoundError, match=f"Recurso com o id '{new.id}' não encontrado"):
        api.skus.get(other["id"], new.id)
    with pytest.raises(NotFoundError):
        api.skus.list(424242)


def test_image_routes(api: Both, fake: FakeAnymarket) -> None:
    product = fake.add_product(
        "Panela", images=["https://img.test/1.jpg", "https://img.test/2.jpg"]
    )
    pid = product["id"]
    first, second = (i["id"] for i in product["images"])

    third = api.images.create(pid, Image(url="https://img.test/3.jpg"))
    assert (third.index, third.main) == (3, False)
    assert [(i.id, i.index, i.main) for i in api.images.list(pid)] == [
        (first, 1, True),
        (second, 2, False),
        (third.id, 3, False),
    ]
    with pytest.raises(UnprocessableEntityError, match="imagem principal"):
        api.images.create(pid, Image(url="https://img.test/4.jpg", main=True))

    assert third.id is not None
    # swaps with image 1; answers 200 without a body, as documented
    assert api.images.update(pid, third.id, index=1, main=True) is None
    moved = api.images.get(pid, third.id)
    assert moved is not None
    assert (moved.index, moved.main) == (1, True)
    assert [(i.id, i.index, i.main) for i in api.images.list(pid)] == [
        (third.id, 1, True),
        (second, 2, False),
        (first, 3, False),
    ]
    assert api.images.get(pid, second).url == "https://img.test/2.jpg"

    api.images.delete(pid, third.id)
    assert [(i.id, i.index, i.main) for i in api.images.list(pid)] == [
        (second, 1, True),
        (first, 2, False),
    ]
    with pytest.raises(NotFoundError):
        api.images.get(pid, third.id)


# --- auth, calls, routing ----------------------------------------------------------------


def test_a_wrong_token_is_a_401(mode: str, fake: FakeAnymarket) -> None:
    async def go_async() -> None:
        async with fake.async_client(token="not-the-token", strict=True) as am:
            await am.brands.list()

    if mode == "async":
        with pytest.raises(AuthenticationError) as info:
            asyncio.run(go_async())
    else:
        with (
            fake.client(token="not-the-token", strict=True) as am,
            pytest.raises(AuthenticationError) as info,
        ):
            am.brands.list()
    assert info.value.body == {"code": "401", "message": "Token inválido"}
    assert [str(c) for c in fake.calls] == ["GET /brands -> 401"]


def test_calls_are_recorded(api: Both, fake: FakeAnymarket) -> None:
    api.brands.create(Brand(name="Tramontina"))
    api.brands.list(limit=10, name="Tra")
    with pytest.raises(NotFoundError):
        api.brands.get(1)

    assert fake.calls == [
        Call(
            method="POST",
            path="/brands",
            query={},
            json={"name": "Tramontina"},
            content=b'{"name":"Tramontina"}',
            status=200,
            content_type="application/json",
        ),
        Call(
            method="GET",
            path="/brands",
            query={"offset": "0", "limit": "10", "name": "Tra"},
            json=None,
            content=b"",
            status=200,
        ),
        Call(method="GET", path="/brands/1", query={}, json=None, content=b"", status=404),
    ]


def test_unknown_routes_and_methods(wire: httpx.Client) -> None:
    assert wire.get("nothing-here").status_code == 404
    assert wire.get("brands/abc").json() == {"code": "404", "message": "Recurso não encontrado."}
    assert wire.delete("brands").status_code == 405
    assert wire.get("brands/").status_code == 200  # a trailing slash is tolerated
    bad_json = wire.post("brands", content=b"{nope", headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 400


def test_every_catalogue_route_of_the_sdk_is_served() -> None:
    for name in ("brands", "categories", "variations", "products", "skus", "images"):
        importlib.import_module(f"anymarket_sdk.resources.{name}")  # registers its routes
    prefixes = ("/brands", "/categories", "/variations", "/products")
    served = [(m, re.compile(p)) for m, p in FakeAnymarket.routes()]
    sdk_routes = [r for r in ROUTES if r.path.startswith(prefixes)]
    assert len(sdk_routes) >= 40
    for r in sdk_routes:
        sample = re.sub(r"\{\w+\}", "12", r.path)
        assert any(m == r.method and p.fullmatch(sample) for m, p in served), r.key


def test_builders_return_what_get_returns(api: Both, fake: FakeAnymarket) -> None:
    product = fake.add_product("Panela", images=["https://img.test/p.jpg"])
    assert product["brand"]["name"] == "Genérica"
    assert product["category"]["path"] == "Geral"
    got = api.products.get(product["id"])
    assert got.title == "Panela"
    assert got.skus[0].partner_id == product["skus"][0]["partnerId"]
    assert fake.add_variation_type("Cor", ["Azul"])["values"][0]["description"] == "Azul"

"""``FakeAnymarket``: listings ("anúncios", ``/skus/.../marketplaces``), their prices, SKU
exports (``/skus/exports``) and transmissions (``/transmissions``).

- A listing is created ``UNPUBLISHED`` (origin ``CREATE``), or ``ACTIVE`` when it binds an
  existing marketplace listing (``skuInMarketplace`` set: origin ``BIND``); ``send``
  publishes it (``ACTIVE``, ``transmissionStatus`` OK, a marketplace id and permalink).
- Prices: ``discountPrice`` ("preço por") may not exceed ``price`` ("preço de"); products
  whose price mode is ``COST`` refuse listing price changes (bulk prices report it per
  listing, ``updatePrice`` answers 422).
- A transmission is a listing as sent to its marketplace: ``/transmissions/{id}`` takes the
  listing id, the one transmission feed entries and ``TRANSMISSION`` notifications carry.
  ``GET /transmissions`` lists the seller's own e-commerce (``ECOMMERCE``) listings.
- Every change of an ``ACTIVE`` listing (and of its SKU's stock) gives it a transmission
  feed entry and a ``TRANSMISSION`` notification.
- A listing has a ``priceFactor`` (markup): the one sent, else its product's (1 when
  unset); updates that omit it keep it.
- Bulk price results carry ``errorMsg``, empty for an applied price.
- A SKU export is ``WAITING`` when created and ``FINISHED`` from the next ``GET``; its file
  ``url`` is known from creation.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from .._jsonutil import as_array, as_object
from ._fake_common import money, new_token
from ._fake_stock import StockRoutes
from ._fakecore import (
    JSON_PATCH,
    MERGE_PATCH,
    FakeAPIError,
    FakeRequest,
    JSONObj,
    Reply,
    apply_merge_patch,
    as_id,
    clean,
    invalid,
    not_found,
    number_field,
    required_text,
    route,
    text_field,
)

PUBLICATION_STATUSES: Final = frozenset(
    {"ACTIVE", "CLOSED", "CORRUPTED", "PAUSED", "UNPUBLISHED", "WITHOUT_STOCK"}
)
_EDITABLE: Final = (
    "price",
    "discountPrice",
    "priceFactor",
    "publicationStatus",
    "marketplaceStatus",
    "permalink",
    "skuInMarketplace",
    "fields",
    "attributes",
)
_PATCH_POINTER: Final = re.compile(r"/([A-Za-z]+)(?:/(.+))?")
_ZERO: Final = Decimal(0)
DEFAULT_ACCOUNT: Final = "Minha Loja"
_ITEM_PREFIX: Final = {"MERCADO_LIVRE": "MLB", "AMAZON": "B0", "SHOPEE": "SHP", "ECOMMERCE": "EC"}


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _price_factor(owner: JSONObj) -> Any:
    """A listing's markup when not given: its own (updates) or its product's; 1 if unset."""
    factor = owner.get("priceFactor")
    return 1 if factor is None else factor


class AdRoutes(StockRoutes):
    """Listings, prices, SKU exports and transmissions."""

    def _init_ads(self) -> None:
        self._ads: dict[int, JSONObj] = {}
        """listing id -> the stored listing (with ``skuId``, never sent)."""
        self._accounts: dict[tuple[str, str], int] = {}
        self._exports: dict[str, JSONObj] = {}

    # -- helpers -------------------------------------------------------------------------------

    def _account_id(self, marketplace: str, account_name: str) -> int:
        key = (marketplace, account_name)
        if key not in self._accounts:
            self._accounts[key] = self._next_id("account")
        return self._accounts[key]

    def _ad(self, sku_id: int, ad_id: int) -> JSONObj:
        self._require_sku(sku_id)
        ad = self._ads.get(ad_id)
        if ad is None or ad["skuId"] != sku_id:
            raise not_found(ad_id)
        return ad

    def _ads_of(self, sku_id: int, marketplace: str | None = None) -> list[JSONObj]:
        return [
            a
            for a in self._ads.values()
            if a["skuId"] == sku_id and (marketplace is None or a["marketPlace"] == marketplace)
        ]

    def _is_cost_priced(self, sku_id: int) -> bool:
        product = self._require_sku(sku_id)[0]
        return product.get("definitionPriceScope") == "COST"

    def _available_stock(self, sku_id: int) -> tuple[JSONObj, list[JSONObj]]:
        self._adopt_catalogue_stock()
        per: list[JSONObj] = []
        for warehouse_id in self._warehouse_order():
            row = self._stock.get((sku_id, warehouse_id))
            if row is None:
                continue
            pending = paid = _ZERO
            for reservations in self._reservations.values():
                for r in reservations:
                    if r["skuId"] == sku_id and r["stockLocalId"] == warehouse_id:
                        if r["position"] == "PENDING":
                            pending += r["amount"]
                        else:
                            paid += r["amount"]
            available = row["amount"] - pending - paid
            per.append(
                clean(
                    {
                        "amount": available,
                        "availableAmount": available,
                        "physicalAmount": row["amount"],
                        "totalReservation": pending + paid,
                        "reservedPending": pending,
                        "reservedPaid": paid,
                        "cost": row.get("price"),
                        "stockLocal": self._warehouses[warehouse_id]["name"],
                        "stockLocalId": warehouse_id,
                        "additionalTime": row.get("additionalTime"),
                    }
                )
            )

        def total(key: str) -> Decimal:
            return sum((p.get(key, _ZERO) for p in per), _ZERO)

        default = per[0] if per and per[0]["stockLocalId"] == self.default_warehouse_id else {}
        overall = clean(
            {
                "amount": total("amount"),
                "availableAmount": total("availableAmount"),
                "physicalAmount": total("physicalAmount"),
                "totalReservation": total("totalReservation"),
                "reservedPending": total("reservedPending"),
                "reservedPaid": total("reservedPaid"),
                "cost": default.get("cost", _ZERO),
                "stockLocal": self._warehouses[self.default_warehouse_id]["name"],
                "additionalTime": max((p.get("additionalTime", 0) for p in per), default=0),
            }
        )
        return overall, per

    def _ad_json(self, ad: JSONObj, *, multi_cd: bool = False, complete: bool = False) -> JSONObj:
        out = {k: copy.deepcopy(v) for k, v in ad.items() if k != "skuId"}
        overall, per = self._available_stock(ad["skuId"])
        out["availableStock"] = overall
        if multi_cd:
            out["availableStocks"] = per
        if complete:
            out["sku"] = self._catalogue()._sku_json(self._require_sku(ad["skuId"])[1])
        return out

    def _listing_changed(self, ad: JSONObj) -> None:
        if ad.get("publicationStatus") == "ACTIVE":
            self._emit_transmission(ad["id"])

    def _on_stock_change(self, sku_id: int) -> None:
        for ad in self._ads_of(sku_id):
            self._listing_changed(ad)

    @staticmethod
    def _check_fields(value: Any, name: str = "fields") -> dict[str, str]:
        if value is None:
            return {}
        mapping = as_object(value)
        if mapping is None or not all(isinstance(v, str) for v in mapping.values()):
            raise invalid(f"O campo '{name}' deve ser um objeto cujos valores são textos.")
        title = mapping.get("title")
        if isinstance(title, str) and len(title) > 255:
            raise invalid("O título do anúncio deve ter no máximo 255 caracteres.")
        return {str(k): str(v) for k, v in mapping.items()}

    @staticmethod
    def _check_prices(price: Any, discount_price: Any) -> None:
        for name, value in (("price", price), ("discountPrice", discount_price)):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | Decimal) or value <= 0
            ):
                raise invalid(f"O campo '{name}' deve ser maior que zero.")
        if price is not None and discount_price is not None and discount_price > price:
            raise invalid("O preço por (discountPrice) não pode ser maior que o preço de (price).")

    def _check_listing(self, doc: JSONObj, current: JSONObj | None) -> JSONObj:
        """The editable part of a listing, checked (``current`` for updates)."""
        if doc.get("price") is None:
            raise invalid("O campo 'price' é obrigatório.")
        self._check_prices(doc.get("price"), doc.get("discountPrice"))
        if doc.get("priceFactor") is not None:
            number_field(doc, "priceFactor")
        status = doc.get("publicationStatus")
        if status is not None and status not in PUBLICATION_STATUSES:
            raise invalid(f"Status de publicação '{status}' inválido.")
        text_field(doc, "marketplaceStatus", max_len=255)
        text_field(doc, "permalink")
        new_code = text_field(doc, "skuInMarketplace")
        if (
            current is not None
            and new_code != current.get("skuInMarketplace")
            and current.get("publicationStatus") != "UNPUBLISHED"
        ):
            raise invalid(
                "O skuInMarketplace só pode ser alterado enquanto o anúncio não foi publicado."
            )
        return clean(
            {
                **{k: copy.deepcopy(doc.get(k)) for k in _EDITABLE},
                "fields": self._check_fields(doc.get("fields")),
                "attributes": self._check_fields(doc.get("attributes"), "attributes"),
            }
        )

    def _replace_listing(self, ad: JSONObj, doc: JSONObj) -> None:
        fields = self._check_listing(doc, ad)
        fields.setdefault("priceFactor", _price_factor(ad))
        for key in _EDITABLE:
            ad.pop(key, None)
        ad.update(fields)
        ad.setdefault("publicationStatus", "UNPUBLISHED")
        ad.setdefault("fields", {})
        ad.setdefault("attributes", {})
        self._listing_changed(ad)

    def _editable(self, ad: JSONObj) -> JSONObj:
        return {k: copy.deepcopy(ad[k]) for k in _EDITABLE if k in ad}

    def _create_listing(self, sku_id: int, body: JSONObj) -> JSONObj:
        product = self._require_sku(sku_id)[0]
        marketplace = self._marketplace_code(required_text(body, "marketPlace"), "marketPlace")
        for name in ("price", "discountPrice"):
            if body.get(name) is None:
                raise invalid(f"O campo '{name}' é obrigatório.")
        if body.get("fields") is None:
            raise invalid("O campo 'fields' é obrigatório.")
        bound = text_field(body, "skuInMarketplace") is not None
        doc = {
            **body,
            "publicationStatus": "ACTIVE" if bound else "UNPUBLISHED",
        }
        fields = self._check_listing(doc, None)
        fields.setdefault("priceFactor", _price_factor(product))
        account = text_field(body, "accountName") or DEFAULT_ACCOUNT
        ad_id = self._next_id("ad")
        ad: JSONObj = {
            "id": ad_id,
            "skuId": sku_id,
            "accountName": account,
            "idAccount": self._account_id(marketplace, account),
            "marketPlace": marketplace,
            "index": len(self._ads_of(sku_id, marketplace)) + 1,
            "origin": "BIND" if bound else "CREATE",
            "warnings": [],
            **fields,
        }
        code = text_field(body, "idInMarketplace", max_len=255)
        if code is not None:
            ad["idInMarketplace"] = code
        elif bound:
            ad["idInMarketplace"] = ad["skuInMarketplace"]
        if bound:
            ad["transmissionStatus"] = "OK"
            ad["marketplaceItemCode"] = ad["idInMarketplace"]
        ad.setdefault("fields", {})
        ad.setdefault("attributes", {})
        self._ads[ad_id] = ad
        self._listing_changed(ad)
        return ad

    # -- routes --------------------------------------------------------------------------------

    @route("GET", "/skus/marketplaces")
    def _ads_for_partner(self, req: FakeRequest) -> Reply:
        partner_id = req.query.get("partnerID")
        if not partner_id:
            raise FakeAPIError(400, "O parâmetro 'partnerID' é obrigatório.")
        owner = self._sku_partner_ids.get(partner_id)
        ads = [] if owner is None else self._ads_of(owner)
        return 200, [self._ad_json(a) for a in ads]

    @route("GET", "/skus/{skuId}/marketplaces")
    def _list_ads(self, req: FakeRequest) -> Reply:
        sku_id = self._require_sku(req.id("skuId"))[1]["id"]
        marketplace = req.query.get("marketplace")
        return 200, [self._ad_json(a) for a in self._ads_of(sku_id, marketplace)]

    @route("POST", "/skus/{skuId}/marketplaces")
    def _post_ad(self, req: FakeRequest) -> Reply:
        ad = self._create_listing(req.id("skuId"), req.object_body())
        return 200, self._ad_json(ad)

    @route("GET", "/skus/{skuId}/marketplaces/{id}")
    def _get_ad(self, req: FakeRequest) -> Reply:
        ad = self._ad(req.id("skuId"), req.id())
        multi_cd = bool(self._bool_param(req, "multiCd"))
        complete = req.query.get("returnType") == "SKU_COMPLETE"
        return 200, self._ad_json(ad, multi_cd=multi_cd, complete=complete)

    @route("PUT", "/skus/{skuId}/marketplaces/{id}")
    def _put_ad(self, req: FakeRequest) -> Reply:
        ad = self._ad(req.id("skuId"), req.id())
        self._replace_listing(ad, req.object_body())
        if self._bool_param(req, "syncChanges"):
            ad["transmissionStatus"] = "OK"
        return 200, self._ad_json(ad)

    @route("PATCH", "/skus/{skuId}/marketplaces/{id}")
    def _merge_patch_ad(self, req: FakeRequest) -> Reply:
        req.require_content_type(MERGE_PATCH)
        ad = self._ad(req.id("skuId"), req.id())
        patch = {k: v for k, v in req.object_body().items() if k in _EDITABLE}
        self._replace_listing(ad, apply_merge_patch(self._editable(ad), patch))
        return 200, self._ad_json(ad)

    @route("PATCH", "/skus/{skuId}/marketplaces/patch/{id}")
    def _json_patch_ad(self, req: FakeRequest) -> Reply:
        req.require_content_type(JSON_PATCH)
        ad = self._ad(req.id("skuId"), req.id())
        self._replace_listing(ad, self._apply_listing_patch(self._editable(ad), req.body))
        return 200, self._ad_json(ad)

    @staticmethod
    def _apply_listing_patch(doc: JSONObj, operations: Any) -> JSONObj:
        """RFC 6902 ``add``/``replace``/``remove`` on top-level members and on the entries of
        ``fields``/``attributes`` (``/fields/title``)."""
        ops = as_array(operations)
        if not ops:
            raise FakeAPIError(400, "O corpo deve ser uma lista de operações JSON Patch.")
        out = copy.deepcopy(doc)
        for raw in ops:
            op = as_object(raw) or {}
            kind, path = op.get("op"), op.get("path")
            if kind not in ("add", "replace", "remove"):
                raise invalid(f"Operação '{kind}' não suportada.")
            match = _PATCH_POINTER.fullmatch(path) if isinstance(path, str) else None
            if match is None or match.group(1) not in _EDITABLE:
                raise invalid(f"Caminho '{path}' não suportado.")
            name, key = match.group(1), match.group(2)
            value = op.get("value")
            if key is None:
                if kind == "remove" or value is None:
                    out.pop(name, None)
                else:
                    out[name] = copy.deepcopy(value)
                continue
            if name not in ("fields", "attributes"):
                raise invalid(f"Caminho '{path}' não suportado.")
            mapping: JSONObj = dict(out.get(name) or {})
            if kind == "remove" or value is None:
                mapping.pop(_unescape(key), None)
            else:
                mapping[_unescape(key)] = value
            out[name] = mapping
        return out

    @route("POST", "/skus/{skuId}/marketplaces/{id}/send")
    def _send_ad(self, req: FakeRequest) -> Reply:
        ad = self._ad(req.id("skuId"), req.id())
        self._publish(ad)
        return 204, None

    def _publish(self, ad: JSONObj) -> None:
        if ad.get("publicationStatus") == "CLOSED":
            raise invalid(f"O anúncio '{ad['id']}' está encerrado e não pode ser enviado.")
        code = ad.get("idInMarketplace")
        if code is None:
            code = ad["idInMarketplace"] = f"{_ITEM_PREFIX.get(ad['marketPlace'], 'MP')}{ad['id']}"
        ad.setdefault("marketplaceItemCode", code)
        ad.setdefault("permalink", f"https://marketplace.fake/{ad['marketPlace'].lower()}/{code}")
        ad["publicationStatus"] = "ACTIVE"
        ad["marketplaceStatus"] = "active"
        ad["transmissionStatus"] = "OK"
        ad.pop("errorMsg", None)
        self._listing_changed(ad)

    def _set_prices(self, ad: JSONObj, price: Any, discount_price: Any) -> None:
        ad["price"] = price
        ad["discountPrice"] = discount_price
        fields: dict[str, str] = ad.setdefault("fields", {})
        fields["HAS_DISCOUNT"] = "true" if price != discount_price else "false"
        self._listing_changed(ad)

    @route("PUT", "/skus/marketplaces/prices")
    def _bulk_prices(self, req: FakeRequest) -> Reply:
        items = as_array(req.body)
        if items is None:
            raise FakeAPIError(400, "O corpo deve ser uma lista de preços de anúncios.")
        results: list[JSONObj] = []
        for raw in items:
            item = as_object(raw) or {}
            ad_id = as_id(item.get("id"))
            ad = self._ads.get(ad_id) if ad_id is not None else None
            try:
                if ad is None:
                    raise not_found(item.get("id"))
                price, discount = item.get("price"), item.get("discountPrice")
                if price is None or discount is None:
                    raise invalid("Os campos 'price' e 'discountPrice' são obrigatórios.")
                self._check_prices(price, discount)
                if self._is_cost_priced(ad["skuId"]):
                    raise invalid(
                        "Não é permitido alterar o preço de anúncios com precificação "
                        "automática (COST)."
                    )
                self._set_prices(ad, price, discount)
            except FakeAPIError as exc:
                results.append({"id": item.get("id"), "errorMsg": exc.message})
            else:
                results.append({"id": ad_id, "errorMsg": ""})
        return 200, results

    @route("POST", r"/skus/{skuId}/updatePrice/(?P<marketPlace>[^/]+)")
    def _update_price(self, req: FakeRequest) -> Reply:
        sku_id = self._require_sku(req.id("skuId"))[1]["id"]
        marketplace = self._marketplace_code(req.path_params["marketPlace"], "marketPlace")
        body = req.object_body()
        price, discount = body.get("price"), body.get("discountPrice")
        if price is None or discount is None:
            raise invalid("Os campos 'price' e 'discountPrice' são obrigatórios.")
        self._check_prices(price, discount)
        extra: dict[str, str] = {}
        for raw in as_array(body.get("fields")) or []:
            pair = as_object(raw) or {}
            key, value = pair.get("key"), pair.get("value")
            if not isinstance(key, str) or not isinstance(value, str):
                raise invalid("Cada item de 'fields' deve ter 'key' e 'value' textuais.")
            extra[key] = value
        ads = self._ads_of(sku_id, marketplace)
        if not ads:
            raise FakeAPIError(
                404, f"O SKU '{sku_id}' não possui anúncios no marketplace {marketplace}."
            )
        if self._is_cost_priced(sku_id):
            raise invalid(
                "Não é permitido alterar o preço de anúncios com precificação automática (COST)."
            )
        errors: list[JSONObj] = []
        for ad in ads:
            if ad.get("publicationStatus") == "CLOSED":
                errors.append({"key": str(ad["id"]), "value": "O anúncio está encerrado."})
                continue
            ad.setdefault("fields", {}).update(extra)
            self._set_prices(ad, price, discount)
        return 200, {"errors": errors}

    # -- SKU exports ---------------------------------------------------------------------------

    def _export_json(self, export: JSONObj) -> JSONObj:
        return {k: copy.deepcopy(v) for k, v in export.items() if not k.startswith("_")}

    @route("GET", "/skus/exports")
    def _list_exports(self, req: FakeRequest) -> Reply:
        marketplace = req.query.get("marketplace")
        return 200, [
            self._export_json(e)
            for e in self._exports.values()
            if marketplace is None or e.get("marketPlace") == marketplace
        ]

    @route("POST", "/skus/exports")
    def _create_export(self, req: FakeRequest) -> Reply:
        marketplace = req.query.get("marketplace")
        if marketplace is not None:
            self._marketplace_code(marketplace)
        document_id = new_token()
        export = clean(
            {
                "url": f"https://files.fake.anymarket.test/exports/{document_id}.csv",
                "documentId": document_id,
                "dateTime": self._now_iso(),
                "FileExportStatus": "WAITING",
                "marketPlace": marketplace,
            }
        )
        self._exports[document_id] = export
        return 200, self._export_json(export)

    @route("GET", r"/skus/exports/(?P<idDocument>[^/]+)")
    def _get_export(self, req: FakeRequest) -> Reply:
        document_id = req.path_params["idDocument"]
        export = self._exports.get(document_id)
        if export is None:
            raise not_found(document_id)
        if export["FileExportStatus"] == "WAITING":
            marketplace = export.get("marketPlace")
            lines = sum(
                1
                for _, sku in self._all_skus()
                if marketplace is None or self._ads_of(sku["id"], marketplace)
            )
            export["FileExportStatus"] = "FINISHED" if lines else "FINISHED_WITHOUT_DATA"
            export["countLines"] = export["linesProcessed"] = lines
        return 200, self._export_json(export)

    # -- transmissions -------------------------------------------------------------------------

    def _transmission_json(self, ad: JSONObj) -> JSONObj:
        product, sku = self._require_sku(ad["skuId"])
        cat = self._catalogue()
        category_id = product["category"]["id"]
        brand = self._brands[product["brand"]["id"]]
        overall, _ = self._available_stock(sku["id"])
        sku_json = cat._sku_json(sku)
        return clean(
            {
                "id": ad["id"],
                "accountName": ad.get("accountName"),
                "description": product.get("description"),
                "category": {
                    "id": category_id,
                    "name": self._categories[category_id]["name"],
                    "path": cat._category_path(category_id),
                },
                "brand": {"id": brand["id"], "name": brand["name"]},
                "product": {"id": product["id"], "title": product["title"]},
                "nbm": copy.deepcopy(product.get("nbm")),
                "origin": copy.deepcopy(product.get("origin")),
                "model": product.get("model"),
                "videoUrl": product.get("videoUrl"),
                "warrantyTime": product.get("warrantyTime"),
                "warrantyText": product.get("warrantyText"),
                "height": product.get("height"),
                "width": product.get("width"),
                "weight": product.get("weight"),
                "length": product.get("length"),
                "status": "OK" if ad.get("transmissionStatus") == "OK" else "WAITING_SYNC",
                "transmissionMessage": ad.get("errorMsg"),
                "publicationStatus": ad.get("publicationStatus"),
                "marketPlaceStatus": ad.get("marketplaceStatus"),
                "priceFactor": ad.get("priceFactor"),
                "sku": clean(
                    {
                        "id": sku["id"],
                        "title": sku.get("title"),
                        "partnerId": sku.get("partnerId"),
                        "ean": sku.get("ean"),
                        "price": ad.get("price"),
                        "discountPrice": ad.get("discountPrice"),
                        "amount": overall["availableAmount"],
                        "variations": sku_json.get("variations"),
                    }
                ),
                "characteristics": copy.deepcopy(product.get("characteristics")),
                "images": [cat._image_json(i) for i in cat._sorted_images(product)],
            }
        )

    def _listing(self, ad_id: int) -> JSONObj:
        ad = self._ads.get(ad_id)
        if ad is None:
            raise not_found(ad_id)
        return ad

    def _transmission_page(self, req: FakeRequest, ads: list[JSONObj]) -> Reply:
        sort = req.query.get("sort")
        if sort:
            ads = sorted(ads, key=lambda a: str(a.get(sort, "")))
        return self._paged(req, ads, self._transmission_json)

    @route("GET", "/transmissions")
    def _list_transmissions(self, req: FakeRequest) -> Reply:
        ads = [a for a in self._ads.values() if a["marketPlace"] == "ECOMMERCE"]
        return self._transmission_page(req, ads)

    @route("GET", r"/transmissions/marketplace/(?P<marketplace>[^/]+)")
    def _list_transmissions_for(self, req: FakeRequest) -> Reply:
        marketplace = self._marketplace_code(req.path_params["marketplace"])
        statuses = {s for s in req.query.get("statusFilter", "").split(",") if s}
        ads = [
            a
            for a in self._ads.values()
            if a["marketPlace"] == marketplace
            and (not statuses or a.get("publicationStatus") in statuses)
        ]
        return self._transmission_page(req, ads)

    @route("GET", "/transmissions/{id}")
    def _get_transmission(self, req: FakeRequest) -> Reply:
        return 200, self._transmission_json(self._listing(req.id()))

    @route("PUT", "/transmissions/{id}")
    def _put_transmission(self, req: FakeRequest) -> Reply:
        ad = self._listing(req.id())
        body = req.object_body()
        status = body.get("publicationStatus")
        if status is not None and status not in PUBLICATION_STATUSES:
            raise invalid(f"Status de publicação '{status}' inválido.")
        marketplace_status = text_field(body, "marketPlaceStatus", max_len=255)
        if marketplace_status is None:
            marketplace_status = text_field(body, "marketplaceStatus", max_len=255)
        if status is None and marketplace_status is None and not body:
            raise invalid("Informe o publicationStatus ou o marketPlaceStatus.")
        updates = clean(
            {
                "publicationStatus": status,
                "marketplaceStatus": marketplace_status,
                "transmissionStatus": text_field(body, "transmissionStatus"),
                "errorMsg": text_field(body, "errorMsg"),
                "permalink": text_field(body, "permalink"),
            }
        )
        ad.update(updates)
        return 200, self._transmission_json(ad)

    # -- scenario API --------------------------------------------------------------------------

    def add_listing(
        self,
        sku_partner_id: str,
        marketplace: str = "MERCADO_LIVRE",
        *,
        price: Decimal | int | None = None,
        discount_price: Decimal | int | None = None,
        status: str = "ACTIVE",
        account_name: str | None = None,
        sku_in_marketplace: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> JSONObj:
        """Store a listing of the SKU on ``marketplace`` (prices default to the SKU's price;
        ``status`` ACTIVE publishes it as ``send`` would). Returns it as
        ``GET /skus/{skuId}/marketplaces/{id}`` would."""
        with self._lock:
            sku = self._require_partner(sku_partner_id)[1]
            list_price = price if price is not None else sku.get("price", 1)
            body = clean(
                {
                    "marketPlace": marketplace,
                    "price": list_price,
                    "discountPrice": discount_price if discount_price is not None else list_price,
                    "fields": dict(fields or {}),
                    "accountName": account_name,
                    "skuInMarketplace": sku_in_marketplace,
                }
            )
            ad = self._create_listing(sku["id"], body)
            if status == "ACTIVE":
                self._publish(ad)
            elif status != ad["publicationStatus"]:
                if status not in PUBLICATION_STATUSES:
                    raise invalid(f"Status de publicação '{status}' inválido.")
                ad["publicationStatus"] = status
            return self._ad_json(ad)

    def _seed_listing(self, partner_id: str, marketplace: str, price: Decimal | int) -> None:
        self.add_listing(partner_id, marketplace, price=money(price))

    def listings_of(self, sku_partner_id: str) -> list[JSONObj]:
        """The SKU's listings as ``GET /skus/{skuId}/marketplaces`` returns them."""
        with self._lock:
            sku = self._require_partner(sku_partner_id)[1]
            return [self._ad_json(a) for a in self._ads_of(sku["id"])]

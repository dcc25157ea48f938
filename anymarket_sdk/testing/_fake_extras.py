"""``FakeAnymarket``: the smaller areas (``/freight/quotes``, ``/questions``, ``/campaigns``,
``/promotions``, ``/template``, ``/monitorings``).

Freight quotes are deterministic: the billable weight of the request (the larger of the
real weight and the volumetric one, ``height x width x length / 6000`` per unit, from the
request's dimensions or else the product's) gives a ``NORMAL`` quote of
``R$ 12,90 + R$ 1,50 per kg + R$ 0,50 x (first CEP digit)`` in ``3 + first digit // 2``
days, and an ``EXPRESS`` one at 1.8 times the price in half the days (at least 1);
``additionalPercentual`` is added to both. A ``skuId`` that names no listing of the
marketplace (its ``skuInMarketplace`` or ``idInMarketplace``) nor a SKU partner id goes
to ``missingSkus``, and then ``defaultFreight`` is given too.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from .._jsonutil import as_array, as_object
from ._fake_common import iso, money, parse_when, wire
from ._fake_orders import OrderRoutes
from ._fakecore import (
    FakeAPIError,
    FakeRequest,
    JSONObj,
    Reply,
    clean,
    flag_field,
    invalid,
    not_found,
    required_text,
    route,
    text_field,
)

ANSWER_MAX: Final = 2000
_DEFAULT_FREIGHT: Final = {
    "carrierName": "Frete padrão",
    "serviceName": "Padrão",
    "deliveryTime": 10,
    "freightType": "NORMAL",
    "price": Decimal("29.90"),
}
_TEMPLATE_FIELDS: Final = (
    "name",
    "templateType",
    "content",
    "plainTextContent",
    "isActive",
    "includeDimensionAttributes",
    "manualImageSize",
    "manualImgAttributes",
    "removeDescriptionTableContent",
)
_MONITORING_TYPES: Final = frozenset({"ALERT", "INTERNAL_ERROR", "CRITICAL_ERROR"})
_MONITORING_STATUSES: Final = frozenset({"PENDING", "RETRYING", "CANCELLED", "CONCLUDED"})


def _dec(value: Any) -> Decimal:
    if value is None or isinstance(value, bool):
        return Decimal(0)
    return Decimal(value) if isinstance(value, int | Decimal) else Decimal(0)


class ExtraRoutes(OrderRoutes):
    """Freight, questions, campaigns, promotions, templates and monitorings."""

    def _init_extras(self) -> None:
        self._questions: dict[int, JSONObj] = {}
        self._campaigns: dict[int, JSONObj] = {}
        self._promotions: dict[int, JSONObj] = {}
        self._templates: dict[int, JSONObj] = {}
        self._monitorings: list[JSONObj] = []

    # -- freight -------------------------------------------------------------------------------

    def _freight_sku(self, marketplace: str, code: str) -> tuple[JSONObj, JSONObj] | None:
        for ad in self._ads.values():
            if ad["marketPlace"] == marketplace and code in (
                ad.get("skuInMarketplace"),
                ad.get("idInMarketplace"),
            ):
                return ad, self._require_sku(ad["skuId"])[1]
        found = self._sku_by_partner(code)
        if found is None:
            return None
        ads = self._ads_of(found[1]["id"], marketplace)
        return (ads[0] if ads else {}), found[1]

    @route("POST", "/freight/quotes")
    def _quote_freight(self, req: FakeRequest) -> Reply:
        body = req.object_body()
        marketplace = self._marketplace_code(required_text(body, "marketPlace"), "marketPlace")
        zip_code = required_text(body, "zipCode")
        if not (zip_code.isdigit() and len(zip_code) == 8):
            raise invalid("O campo 'zipCode' deve ter 8 dígitos, sem hífen.")
        raw_products = as_array(body.get("products"))
        if not raw_products:
            raise invalid("Informe ao menos um produto em 'products'.")
        products: list[JSONObj] = []
        missing: dict[str, Any] = {}
        weight = volume = Decimal(0)
        crossdocking = 0
        for raw in raw_products:
            item = as_object(raw) or {}
            code = required_text(item, "skuId")
            amount = item.get("amount")
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise invalid("O campo 'amount' deve ser um número inteiro entre 0 e 1000000.")
            found = self._freight_sku(marketplace, code)
            if found is None:
                missing[code] = amount
                continue
            ad, sku = found
            product = self._require_sku(sku["id"])[0]
            dims = as_object(item.get("dimensions")) or {
                k: product.get(k) for k in ("height", "width", "weight", "length")
            }
            weight += _dec(dims.get("weight")) * amount
            volume += (
                (_dec(dims.get("height")) * _dec(dims.get("width")) * _dec(dims.get("length")))
                / 6000
                * amount
            )
            overall, _ = self._available_stock(sku["id"])
            extra_days = int(overall.get("additionalTime") or 0)
            crossdocking = max(crossdocking, extra_days)
            products.append(
                clean(
                    {
                        "skuId": code,
                        "amount": amount,
                        "dimensions": clean({k: dims.get(k) for k in dims}),
                        "stockAmount": overall["availableAmount"],
                        "additionalDeliveryTime": extra_days,
                        "price": ad.get("price", sku.get("price")),
                        "discountPrice": ad.get("discountPrice", sku.get("sellPrice")),
                    }
                )
            )
        extra_pct = _dec(body.get("additionalPercentual"))
        factor = 1 + extra_pct / 100
        zone = int(zip_code[0])
        billable = max(weight, volume)
        normal = money(
            (Decimal("12.90") + Decimal("1.50") * billable + Decimal("0.50") * zone) * factor
        )
        express = money(normal * Decimal("1.8"))
        days = 3 + zone // 2
        quotes = [
            {
                "carrierName": "Correios",
                "serviceName": "PAC",
                "deliveryTime": days + crossdocking,
                "freightType": "NORMAL",
                "price": normal,
                "additionalTime": crossdocking,
            },
            {
                "carrierName": "Correios",
                "serviceName": "SEDEX",
                "deliveryTime": max(1, days // 2) + crossdocking,
                "freightType": "EXPRESS",
                "price": express,
                "additionalTime": crossdocking,
            },
        ]
        answer: JSONObj = {
            "marketPlace": marketplace,
            "zipCode": zip_code,
            "products": products,
            "quotes": quotes if products else [],
        }
        if missing:
            answer["defaultFreight"] = dict(_DEFAULT_FREIGHT)
            answer["missingSkus"] = missing
        return 200, answer

    # -- questions -----------------------------------------------------------------------------

    def _question(self, question_id: int) -> JSONObj:
        question = self._questions.get(question_id)
        if question is None:
            raise not_found(question_id)
        return question

    def _answer(self, question: JSONObj, answer_id: int) -> JSONObj:
        answers: list[JSONObj] = question["answers"]
        for answer in answers:
            if answer["id"] == answer_id:
                return answer
        raise not_found(answer_id)

    @route("GET", "/questions/{id}")
    def _get_question(self, req: FakeRequest) -> Reply:
        return 200, copy.deepcopy(self._question(req.id()))

    @route("GET", "/questions/{id}/answers")
    def _list_answers(self, req: FakeRequest) -> Reply:
        return self._paged(req, self._question(req.id())["answers"])

    @route("POST", "/questions/{id}/answers")
    def _post_answer(self, req: FakeRequest) -> Reply:
        question = self._question(req.id())
        text = required_text(req.object_body(), "answer", max_len=ANSWER_MAX)
        answer = {"id": self._next_id("answer"), "answer": text}
        question["answers"].append(answer)
        return 200, dict(answer)

    @route("GET", "/questions/{id}/answers/{answerId}")
    def _get_answer(self, req: FakeRequest) -> Reply:
        question = self._question(req.id())
        return 200, dict(self._answer(question, req.id("answerId")))

    # -- campaigns and promotions --------------------------------------------------------------

    @route("GET", "/campaigns")
    def _list_campaigns(self, req: FakeRequest) -> Reply:
        offset = self._offset(req)
        limit = self._limit(req, 5, low=1)
        status = req.query.get("status")
        campaigns = [
            c for c in self._campaigns.values() if status is None or c.get("status") == status
        ]
        return 200, {
            "pageSize": limit,
            "count": len(campaigns),
            "start": offset,
            "values": [copy.deepcopy(c) for c in campaigns[offset : offset + limit]],
        }

    @route("GET", "/campaigns/{id}")
    def _get_campaign(self, req: FakeRequest) -> Reply:
        campaign = self._campaigns.get(req.id())
        if campaign is None:
            raise not_found(req.id())
        return 200, copy.deepcopy(campaign)

    @route("GET", "/promotions/{id}")
    def _get_promotion(self, req: FakeRequest) -> Reply:
        promotion = self._promotions.get(req.id())
        if promotion is None:
            raise not_found(req.id())
        return 200, copy.deepcopy(promotion)

    # -- templates -----------------------------------------------------------------------------

    def _template(self, template_id: int) -> JSONObj:
        template = self._templates.get(template_id)
        if template is None:
            raise not_found(template_id)
        return template

    @staticmethod
    def _template_fields(body: JSONObj) -> JSONObj:
        required_text(body, "name")
        kind = body.get("templateType")
        if kind not in ("HTML", "PLAIN_TEXT"):
            raise invalid("O campo 'templateType' deve ser HTML ou PLAIN_TEXT.")
        if kind == "HTML":
            required_text(body, "content")
        else:
            required_text(body, "plainTextContent")
        for flag in (
            "isActive",
            "includeDimensionAttributes",
            "manualImageSize",
            "removeDescriptionTableContent",
        ):
            flag_field(body, flag)
        text_field(body, "manualImgAttributes")
        return clean({k: copy.deepcopy(body.get(k)) for k in _TEMPLATE_FIELDS})

    @route("POST", "/template")
    def _post_template(self, req: FakeRequest) -> Reply:
        body = req.object_body()
        fields = self._template_fields(body)
        marketplace = self._marketplace_code(required_text(body, "marketPlace"), "marketPlace")
        template: JSONObj = {"id": self._next_id("template"), **fields, "marketPlace": marketplace}
        self._templates[template["id"]] = template
        return 201, copy.deepcopy(template)

    @route("GET", "/template/{id}")
    def _get_template(self, req: FakeRequest) -> Reply:
        return 200, copy.deepcopy(self._template(req.id()))

    @route("PUT", "/template/{id}")
    def _put_template(self, req: FakeRequest) -> Reply:
        current = self._template(req.id())
        template = {
            "id": current["id"],
            **self._template_fields(req.object_body()),
            "marketPlace": current["marketPlace"],
        }
        self._templates[current["id"]] = template
        return 200, copy.deepcopy(template)

    @route("DELETE", "/template/{id}")
    def _delete_template(self, req: FakeRequest) -> Reply:
        del self._templates[self._template(req.id())["id"]]
        return 204, None

    @route("GET", r"/template/(?P<marketPlace>[A-Z][A-Z0-9_]*)/all")
    def _list_templates(self, req: FakeRequest) -> Reply:
        marketplace = req.path_params["marketPlace"]
        items = [t for t in self._templates.values() if t["marketPlace"] == marketplace]
        return self._paged(req, items)

    # -- monitorings ---------------------------------------------------------------------------

    @route("POST", "/monitorings")
    def _post_monitoring(self, req: FakeRequest) -> Reply:
        body = req.object_body()
        required_text(body, "partnerId")
        required_text(body, "origin")
        required_text(body, "message", max_len=500)
        text_field(body, "details", max_len=4000)
        if body.get("createdAt") is None:
            raise invalid("O campo 'createdAt' é obrigatório.")
        parse_when(body["createdAt"], "createdAt")
        if body.get("type") is not None and body["type"] not in _MONITORING_TYPES:
            raise invalid(f"Tipo de monitoramento '{body['type']}' inválido.")
        if body.get("status") is not None and body["status"] not in _MONITORING_STATUSES:
            raise invalid(f"Status de monitoramento '{body['status']}' inválido.")
        record = {**clean(copy.deepcopy(body)), "id": self._next_id("monitoring")}
        self._monitorings.append(record)
        return 200, copy.deepcopy(record)

    # -- scenario API --------------------------------------------------------------------------

    def add_question(
        self,
        question: str,
        *,
        listing_id: int | None = None,
        questioner_name: str = "Comprador Curioso",
        asked_at: datetime | None = None,
    ) -> JSONObj:
        """A buyer asks a question (Mercado Livre): stored, and a ``QUESTION`` notification
        is recorded for callbacks with ``questionActive`` (questions have no list route:
        their ids come that way). ``listing_id`` fills ``context``. Returns the question as
        ``GET /questions/{id}`` would."""
        with self._lock:
            context = None
            if listing_id is not None:
                ad = self._listing(listing_id)
                title = self._require_sku(ad["skuId"])[0]["title"]
                context = f"{listing_id} - {title}"
            found = clean(
                {
                    "id": self._next_id("question"),
                    "question": question,
                    "questionerName": questioner_name,
                    "context": context,
                    "questionDate": iso(asked_at) if asked_at else self._now_iso(),
                    "answers": [],
                }
            )
            self._questions[found["id"]] = found
            self._notify("QUESTION", "questionActive", found["id"])
            return copy.deepcopy(found)

    def add_campaign(
        self,
        title: str,
        *,
        marketplace: str = "MERCADO_LIVRE",
        status: str = "ACTIVE",
        initial_date: datetime | None = None,
        final_date: datetime | None = None,
        account_name: str | None = None,
        products_count: int = 0,
        description: str | None = None,
    ) -> JSONObj:
        """Store a marketplace campaign (``GET /campaigns``); returns it as listed."""
        with self._lock:
            account = account_name or "Minha Loja"
            campaign = clean(
                {
                    "id": self._next_id("campaign"),
                    "title": title,
                    "description": description,
                    "idAccount": str(self._account_id(marketplace, account)),
                    "accountName": account,
                    "marketplace": self._marketplace_code(marketplace),
                    "status": status,
                    "initialDate": iso(initial_date) if initial_date else self._now_iso(),
                    "finalDate": iso(final_date) if final_date else None,
                    "productsCount": products_count,
                }
            )
            self._campaigns[campaign["id"]] = campaign
            return copy.deepcopy(campaign)

    def add_promotion(
        self,
        description: str,
        *,
        actions: Sequence[Mapping[str, Any]] | None = None,
        conditions: Sequence[Mapping[str, Any]] | None = None,
        initial_date: datetime | None = None,
        final_date: datetime | None = None,
        active: bool = True,
        status: str = "SCHEDULED",
    ) -> JSONObj:
        """Store a price rule (``GET /promotions/{id}``). ``actions``/``conditions`` are wire
        dicts; by default 10 % off (``PERCENT_VALUE``) on Mercado Livre. Ids are filled in."""
        with self._lock:
            default_actions: list[JSONObj] = [{"type": "PERCENT_VALUE", "values": [{"value": 10}]}]
            default_conditions: list[JSONObj] = [
                {"type": "MARKETPLACE", "values": [{"value": "MERCADO_LIVRE"}]}
            ]
            promotion = clean(
                {
                    "id": self._next_id("promotion"),
                    "description": description,
                    "initialDate": iso(initial_date) if initial_date else self._now_iso(),
                    "finalDate": iso(final_date) if final_date else None,
                    "active": active,
                    "deleted": False,
                    "status": status,
                    "actions": self._with_ids(wire(list(actions or default_actions))),
                    "conditions": self._with_ids(wire(list(conditions or default_conditions))),
                }
            )
            self._promotions[promotion["id"]] = promotion
            return copy.deepcopy(promotion)

    def _with_ids(self, parts: list[Any]) -> list[Any]:
        """Give every object of a promotion's tree an id (as ANYMARKET's ids)."""
        out: list[Any] = []
        for part in parts:
            obj = as_object(part)
            if obj is None:
                out.append(part)
                continue
            filled: JSONObj = {"id": self._next_id("promotion_part")}
            for key, value in obj.items():
                nested = as_array(value)
                filled[key] = value if nested is None else self._with_ids(nested)
            out.append(filled)
        return out

    @property
    def monitorings(self) -> list[JSONObj]:
        """The monitoring records posted (``POST /monitorings``), in order."""
        with self._lock:
            return copy.deepcopy(self._monitorings)

    def template(self, template_id: int) -> JSONObj:
        """A stored template as ``GET /template/{id}`` returns it."""
        with self._lock:
            if template_id not in self._templates:
                raise FakeAPIError(404, f"Recurso com o id '{template_id}' não encontrado.")
            return copy.deepcopy(self._templates[template_id])

"""``FakeAnymarket``: warehouses, stock rows, reservations and fulfillment stock
(``/stocks``, ``/stocks/locals``, ``/skus/{skuId}/stocks/reservation``,
``/stocks/fulfillment/{marketplace}/{idSku}``).

Stock model:

- one row per SKU and warehouse: ``amount`` (physical), ``price`` (the cost), crossdocking
  (``additionalTime``) and location; ``reservationAmount`` is what open orders hold and
  ``availableAmount = amount - reservationAmount`` (negative when a marketplace oversold:
  ANYMARKET does not refuse orders for lack of stock);
- a SKU created in the catalogue gets its rows from its ``amount``/``stockLocalId`` (the
  default warehouse when absent) and ``additionalStocks`` the first time stock is looked at;
- a warehouse exists from the start and is the default; pushes without ``stockLocalId`` go
  to the default warehouse;
- reservations: an order that is not fulfillment reserves its quantities when it is created
  (``PENDING`` or ``PAID_WAITING_SHIP``), taking stock from the default warehouse first, then
  the others by id (what no warehouse has is reserved in the default one). Paying moves the
  reservation from ``PENDING`` to ``PAID``; cancelling releases it; reaching ``INVOICED`` (or
  any later status) consumes it: the rows' ``amount`` goes down and the reservation ends.
  Cancelling after that does not put the stock back (returns are the seller's business).
- pushes (``POST``/``PUT /stocks``, ``PUT /stocks/batch``) apply every item they can; an
  answer with per-SKU outcomes (always for ``/stocks/batch``, else when an item failed) is
  the documented ``{"success": {"<partnerId or id>": "<message>"}, "errors": {...}}``;
- fulfillment stock (the marketplace's own warehouses) is read-only through the API and
  seeded with ``set_fulfillment_stock``; fulfillment orders reserve and consume it the same
  way instead of the seller's rows.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

from .._jsonutil import as_array, as_object
from ._fake_common import wire
from ._fake_feeds import FeedRoutes
from ._fakecore import (
    FakeAPIError,
    FakeRequest,
    JSONObj,
    Reply,
    as_id,
    clean,
    flag_field,
    invalid,
    not_found,
    number_field,
    required_text,
    route,
    text_field,
)

MAX_PUSH_ITEMS: Final = 200
_ZERO: Final = Decimal(0)


def _quantity(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


_STOCK_UPDATED: Final = "Estoque atualizado com sucesso."


def _sku_key(item: Mapping[str, Any]) -> str:
    """How a push answer names an item's SKU: its partnerId, else its id."""
    for name in ("partnerId", "id"):
        value = item.get(name)
        if value is not None:
            return str(value)
    return ""


def _outcome_map(outcomes: Iterable[tuple[bool, str, Any, str]], *, applied: bool) -> JSONObj:
    """The ``success`` or ``errors`` map of a push answer, as documented: SKU key ->
    message. A map cannot tell apart two items of one SKU (several warehouses in one
    request): then the entry of the one item with that outcome is
    ``{"stockLocalId", "message"}``, and the messages of several are joined."""
    outcomes = list(outcomes)
    per_key: dict[str, int] = {}
    for _, key, _, _ in outcomes:
        per_key[key] = per_key.get(key, 0) + 1
    grouped: dict[str, list[tuple[Any, str]]] = {}
    for ok, key, local, message in outcomes:
        if ok == applied:
            grouped.setdefault(key, []).append((local, message))
    out: JSONObj = {}
    for key, entries in grouped.items():
        [(local, message), *more] = entries
        if more:
            out[key] = "; ".join(dict.fromkeys(m for _, m in entries))
        elif per_key[key] == 1 or local is None:
            out[key] = message
        else:
            out[key] = {"stockLocalId": local, "message": message}
    return out


class StockRoutes(FeedRoutes):
    """Warehouses, stock rows, reservations and fulfillment stock."""

    def _init_stock(self) -> None:
        self._warehouses: dict[int, JSONObj] = {}
        self._stock: dict[tuple[int, int], JSONObj] = {}
        """(SKU id, warehouse id) -> ``{"id", "amount", "price", "additionalTime", ...}``."""
        self._stock_adopted: set[int] = set()
        self._reservations: dict[int, list[JSONObj]] = {}
        """order id -> ``[{"skuId", "stockLocalId", "amount", "marketPlace", "position"}]``."""
        self._fulfillment_stock: dict[tuple[str, int], JSONObj] = {}
        self._fulfillment_reservations: dict[int, list[tuple[str, int, Decimal]]] = {}
        default: JSONObj = {
            "id": self._next_id("warehouse"),
            "name": "Estoque Principal",
            "virtual": False,
            "defaultLocal": True,
        }
        self._warehouses[default["id"]] = default

    def _on_stock_change(self, sku_id: int) -> None:
        """Hook: the SKU's stock changed (the listings mixin emits transmissions)."""

    # -- warehouses ----------------------------------------------------------------------------

    @property
    def default_warehouse_id(self) -> int:
        """The id of the default warehouse (where stock without ``stockLocalId`` goes)."""
        with self._lock:
            return int(next(w["id"] for w in self._warehouses.values() if w.get("defaultLocal")))

    def _warehouse(self, warehouse_id: int) -> JSONObj:
        warehouse = self._warehouses.get(warehouse_id)
        if warehouse is None:
            raise not_found(warehouse_id)
        return warehouse

    def _warehouse_fields(self, body: JSONObj, warehouse_id: int | None) -> JSONObj:
        name = required_text(body, "name", max_len=200)
        wanted = name.strip().casefold()
        for other in self._warehouses.values():
            if other["id"] != warehouse_id and other["name"].strip().casefold() == wanted:
                raise invalid(f"Já existe um local de estoque com o nome '{name}'.")
        return clean(
            {
                "name": name,
                "virtual": bool(flag_field(body, "virtual")),
                "defaultLocal": bool(flag_field(body, "defaultLocal")),
                "zipCode": text_field(body, "zipCode", max_len=9),
            }
        )

    def _store_warehouse(self, fields: JSONObj, warehouse_id: int | None) -> JSONObj:
        current = self.default_warehouse_id
        if warehouse_id == current and not fields["defaultLocal"]:
            raise invalid("A conta deve ter um local de estoque padrão.")
        if warehouse_id is None:
            warehouse_id = self._next_id("warehouse")
        if fields["defaultLocal"]:
            for other in self._warehouses.values():
                other["defaultLocal"] = False
        warehouse = {"id": warehouse_id, **fields}
        self._warehouses[warehouse_id] = warehouse
        return copy.deepcopy(warehouse)

    @route("GET", "/stocks/locals")
    def _list_warehouses(self, req: FakeRequest) -> Reply:
        return 200, [copy.deepcopy(w) for w in self._warehouses.values()]

    @route("POST", "/stocks/locals")
    def _post_warehouse(self, req: FakeRequest) -> Reply:
        warehouse = self._store_warehouse(self._warehouse_fields(req.object_body(), None), None)
        return 200, {"message": "Local de estoque criado com sucesso.", "data": warehouse}

    @route("GET", "/stocks/locals/{id}")
    def _get_warehouse(self, req: FakeRequest) -> Reply:
        return 200, copy.deepcopy(self._warehouse(req.id()))

    @route("PUT", "/stocks/locals/{id}")
    def _put_warehouse(self, req: FakeRequest) -> Reply:
        warehouse_id = self._warehouse(req.id())["id"]
        fields = self._warehouse_fields(req.object_body(), warehouse_id)
        warehouse = self._store_warehouse(fields, warehouse_id)
        return 200, {"message": "Local de estoque atualizado com sucesso.", "data": warehouse}

    @route("DELETE", "/stocks/locals/{id}")
    def _delete_warehouse(self, req: FakeRequest) -> Reply:
        warehouse = self._warehouse(req.id())
        if warehouse.get("defaultLocal"):
            raise invalid("O local de estoque padrão não pode ser excluído.")
        self._adopt_catalogue_stock()
        keys = [k for k in self._stock if k[1] == warehouse["id"]]
        if any(self._stock[k]["amount"] or self._reserved(*k) for k in keys):
            raise invalid("O local de estoque possui estoque e não pode ser excluído.")
        for key in keys:
            del self._stock[key]
        del self._warehouses[warehouse["id"]]
        return 200, {"message": "Local de estoque excluído com sucesso.", "data": warehouse["id"]}

    # -- stock rows ----------------------------------------------------------------------------

    def _new_row(self, amount: Decimal, **fields: Any) -> JSONObj:
        return {
            "id": self._next_id("stock"),
            "amount": amount,
            "additionalTime": 0,
            "lastStockUpdate": self._now_iso(),
            **clean(fields),
        }

    def _adopt_catalogue_stock(self) -> None:
        """Give catalogue SKUs not seen yet their initial stock rows."""
        for _, sku in self._all_skus():
            if sku["id"] in self._stock_adopted:
                continue
            self._stock_adopted.add(sku["id"])
            local = as_id(sku.get("stockLocalId"))
            if local not in self._warehouses:
                local = self.default_warehouse_id
            self._stock.setdefault(
                (sku["id"], local),
                self._new_row(
                    _quantity(sku.get("amount") or 0),
                    additionalTime=as_id(sku.get("additionalTime")),
                ),
            )
            for raw in as_array(sku.get("additionalStocks")) or []:
                extra = as_object(raw) or {}
                where = as_id(extra.get("stockLocalId"))
                if where is not None and where in self._warehouses:
                    self._stock[(sku["id"], where)] = self._new_row(
                        _quantity(extra.get("amount") or 0),
                        price=extra.get("price"),
                        additionalTime=as_id(extra.get("additionalTime")),
                    )

    def _reserved(self, sku_id: int, warehouse_id: int) -> Decimal:
        return sum(
            (
                r["amount"]
                for rs in self._reservations.values()
                for r in rs
                if r["skuId"] == sku_id and r["stockLocalId"] == warehouse_id
            ),
            _ZERO,
        )

    def _row_json(self, sku_id: int, warehouse_id: int) -> JSONObj:
        row = self._stock.get((sku_id, warehouse_id)) or {"amount": _ZERO, "additionalTime": 0}
        found = self._sku_by_id(sku_id)
        sku = found[1] if found is not None else {"id": sku_id}
        warehouse = self._warehouses[warehouse_id]
        reserved = self._reserved(sku_id, warehouse_id)
        return clean(
            {
                "stockKeepingUnit": clean(
                    {"id": sku_id, "title": sku.get("title"), "partnerId": sku.get("partnerId")}
                ),
                "stockLocal": {**copy.deepcopy(warehouse), "oi": {"value": self.oi}},
                "amount": row["amount"],
                "reservationAmount": reserved,
                "availableAmount": row["amount"] - reserved,
                "price": row.get("price"),
                "active": True,
                "additionalTime": row.get("additionalTime"),
                "lastStockUpdate": row.get("lastStockUpdate"),
                "skuLocationDescription": row.get("skuLocationDescription"),
                "isKit": False,
            }
        )

    @route("GET", "/stocks")
    def _list_stock(self, req: FakeRequest) -> Reply:
        self._adopt_catalogue_stock()
        sku_id = self._int_param(req, "idSku", 0) or None
        local = self._int_param(req, "idStockLocal", 0) or None
        partner_id = req.query.get("sku")
        has_reservation = self._bool_param(req, "hasReservation")
        keys = sorted(self._stock)
        if sku_id is not None:
            keys = [k for k in keys if k[0] == sku_id]
        if local is not None:
            keys = [k for k in keys if k[1] == local]
        if partner_id is not None:
            owner = self._sku_partner_ids.get(partner_id)
            keys = [k for k in keys if k[0] == owner]
        if has_reservation is not None:
            keys = [k for k in keys if (self._reserved(*k) > 0) == has_reservation]
        rows = [self._row_json(*k) for k in keys]
        sort = req.query.get("sort")
        if sort:
            rows.sort(key=lambda r: (r.get(sort) is None, r.get(sort) or 0))
            if req.query.get("sortDirection", "ASC").upper() == "DESC":
                rows.reverse()
        return self._paged(req, rows)

    def _resolve_stock_sku(self, item: JSONObj) -> int:
        raw_id = item.get("id")
        partner_id = item.get("partnerId")
        by_id: int | None = None
        if raw_id is not None:
            sku_id = as_id(raw_id)
            if sku_id is None:
                raise invalid("O campo 'id' deve ser numérico.")
            if self._sku_by_id(sku_id) is None:
                raise FakeAPIError(404, f"SKU com o id '{sku_id}' não encontrado.")
            by_id = sku_id
        if partner_id is not None:
            if not isinstance(partner_id, str):
                raise invalid("O campo 'partnerId' deve ser um texto.")
            owner = self._sku_partner_ids.get(partner_id)
            if owner is None:
                raise FakeAPIError(404, f"SKU com o partnerId '{partner_id}' não encontrado.")
            if by_id is not None and by_id != owner:
                raise invalid(
                    f"O id '{by_id}' e o partnerId '{partner_id}' são de SKUs diferentes."
                )
            return owner
        if by_id is None:
            raise invalid("Informe o id ou o partnerId do SKU.")
        return by_id

    def _apply_stock_item(self, item: JSONObj, *, creating: bool) -> int:
        sku_id = self._resolve_stock_sku(item)
        local = item.get("stockLocalId")
        if local is None:
            warehouse_id = self.default_warehouse_id
        else:
            found = as_id(local)
            if found is None or found not in self._warehouses:
                raise FakeAPIError(404, f"Local de estoque com o id '{local}' não encontrado.")
            warehouse_id = found
        quantity = number_field(item, "quantity", required=creating)
        cost = number_field(item, "cost")
        additional = item.get("additionalTime")
        if additional is not None and (as_id(additional) is None or isinstance(additional, str)):
            raise invalid("O campo 'additionalTime' deve ser um número inteiro de dias.")
        location = text_field(item, "skuLocationDescription")
        key = (sku_id, warehouse_id)
        row = self._stock.get(key)
        if row is None:
            if quantity is None:
                raise invalid(
                    "O SKU não possui estoque no local informado: envie a quantidade para criá-lo."
                )
            row = self._stock[key] = self._new_row(_ZERO)
        if quantity is not None:
            row["amount"] = _quantity(quantity)
        if cost is not None:
            row["price"] = _quantity(cost)
        if additional is not None:
            row["additionalTime"] = int(additional)
        if location is not None:
            row["skuLocationDescription"] = location
        row["lastStockUpdate"] = self._now_iso()
        return sku_id

    def _push(self, req: FakeRequest, *, creating: bool, always_report: bool) -> Reply:
        items = as_array(req.body)
        if items is None:
            raise FakeAPIError(400, "O corpo deve ser uma lista de itens de estoque.")
        if not items:
            raise FakeAPIError(400, "A lista de itens de estoque está vazia.")
        if len(items) > MAX_PUSH_ITEMS:
            raise FakeAPIError(400, f"No máximo {MAX_PUSH_ITEMS} itens de estoque por requisição.")
        self._adopt_catalogue_stock()
        # per item: (applied, SKU key, stockLocalId as sent, message)
        outcomes: list[tuple[bool, str, Any, str]] = []
        changed: list[int] = []
        for raw in items:
            item = as_object(raw) or {}
            key = _sku_key(item)
            try:
                changed.append(self._apply_stock_item(item, creating=creating))
            except FakeAPIError as exc:
                outcomes.append((False, key, item.get("stockLocalId"), exc.message))
            else:
                outcomes.append((True, key, item.get("stockLocalId"), _STOCK_UPDATED))
        for sku_id in dict.fromkeys(changed):
            self._on_stock_change(sku_id)
        if always_report or not all(applied for applied, *_ in outcomes):
            return 200, {
                "success": _outcome_map(outcomes, applied=True),
                "errors": _outcome_map(outcomes, applied=False),
            }
        return 204, None

    @route("POST", "/stocks")
    def _post_stock(self, req: FakeRequest) -> Reply:
        return self._push(req, creating=True, always_report=False)

    @route("PUT", "/stocks")
    def _put_stock(self, req: FakeRequest) -> Reply:
        return self._push(req, creating=False, always_report=False)

    @route("PUT", "/stocks/batch")
    def _put_stock_batch(self, req: FakeRequest) -> Reply:
        return self._push(req, creating=False, always_report=True)

    # -- reservations --------------------------------------------------------------------------

    def _warehouse_order(self) -> list[int]:
        default = self.default_warehouse_id
        return [default, *sorted(w for w in self._warehouses if w != default)]

    def _reserve(
        self, order_id: int, marketplace: str, lines: Iterable[tuple[int, Decimal]], position: str
    ) -> list[list[JSONObj]]:
        """Reserve each ``(SKU id, quantity)``; returns each line's ``stocks`` (where)."""
        self._adopt_catalogue_stock()
        reservations = self._reservations.setdefault(order_id, [])
        out: list[list[JSONObj]] = []
        for sku_id, quantity in lines:
            remaining = quantity
            taken: dict[int, Decimal] = {}
            for warehouse_id in self._warehouse_order():
                row = self._stock.get((sku_id, warehouse_id))
                if row is None or remaining <= 0:
                    continue
                free = (
                    row["amount"]
                    - self._reserved(sku_id, warehouse_id)
                    - taken.get(warehouse_id, _ZERO)
                )
                take = min(max(free, _ZERO), remaining)
                if take > 0:
                    taken[warehouse_id] = taken.get(warehouse_id, _ZERO) + take
                    remaining -= take
            if remaining > 0:
                default = self.default_warehouse_id
                self._stock.setdefault((sku_id, default), self._new_row(_ZERO))
                taken[default] = taken.get(default, _ZERO) + remaining
            line: list[JSONObj] = []
            for warehouse_id, amount in taken.items():
                reservations.append(
                    {
                        "skuId": sku_id,
                        "stockLocalId": warehouse_id,
                        "amount": amount,
                        "marketPlace": marketplace,
                        "position": position,
                    }
                )
                line.append(
                    {
                        "stockLocalId": warehouse_id,
                        "amount": amount,
                        "stockName": self._warehouses[warehouse_id]["name"],
                    }
                )
            out.append(line)
            self._on_stock_change(sku_id)
        return out

    def _reservation_position(self, order_id: int, position: str) -> None:
        for reservation in self._reservations.get(order_id, []):
            reservation["position"] = position

    def _release(self, order_id: int) -> None:
        for reservation in self._reservations.pop(order_id, []):
            self._on_stock_change(reservation["skuId"])

    def _consume(self, order_id: int) -> None:
        for reservation in self._reservations.pop(order_id, []):
            key = (reservation["skuId"], reservation["stockLocalId"])
            row = self._stock.get(key)
            if row is not None:
                row["amount"] -= reservation["amount"]
                row["lastStockUpdate"] = self._now_iso()
            self._on_stock_change(reservation["skuId"])

    @route("GET", "/skus/{skuId}/stocks/reservation")
    def _list_reservations(self, req: FakeRequest) -> Reply:
        sku_id = self._require_sku(req.id("skuId"))[1]["id"]
        totals: dict[tuple[str, str, int], Decimal] = {}
        for reservations in self._reservations.values():
            for r in reservations:
                if r["skuId"] != sku_id:
                    continue
                row_id = self._stock[(sku_id, r["stockLocalId"])]["id"]
                key = (r["marketPlace"], r["position"], row_id)
                totals[key] = totals.get(key, _ZERO) + r["amount"]
        return 200, [
            {"marketPlace": mp, "reservationPosition": pos, "amount": amount, "stockId": row}
            for (mp, pos, row), amount in totals.items()
        ]

    # -- fulfillment stock ---------------------------------------------------------------------

    def _fulfillment_json(self, entry: JSONObj) -> JSONObj:
        quantity: Decimal = entry["fulfillment_quantity_stock"]
        reserved: Decimal = entry["fulfillment_reserved_stock"]
        return {**copy.deepcopy(entry), "fulfillment_available_stock": quantity - reserved}

    @route("GET", r"/stocks/fulfillment/(?P<marketplace>[^/]+)/{idSku}")
    def _get_fulfillment_stock(self, req: FakeRequest) -> Reply:
        marketplace = self._marketplace_code(req.path_params["marketplace"])
        sku_id = self._require_sku(req.id("idSku"))[1]["id"]
        entry = self._fulfillment_stock.get((marketplace, sku_id))
        return 200, [] if entry is None else [self._fulfillment_json(entry)]

    def _reserve_fulfillment(
        self, order_id: int, marketplace: str, lines: Iterable[tuple[int, Decimal]]
    ) -> None:
        held: list[tuple[str, int, Decimal]] = []
        for sku_id, quantity in lines:
            entry = self._fulfillment_stock.get((marketplace, sku_id))
            if entry is not None:
                entry["fulfillment_reserved_stock"] += quantity
                held.append((marketplace, sku_id, quantity))
        self._fulfillment_reservations[order_id] = held

    def _settle_fulfillment(self, order_id: int, *, consume: bool) -> None:
        for marketplace, sku_id, quantity in self._fulfillment_reservations.pop(order_id, []):
            entry = self._fulfillment_stock[(marketplace, sku_id)]
            entry["fulfillment_reserved_stock"] -= quantity
            if consume:
                entry["fulfillment_quantity_stock"] -= quantity

    # -- scenario API --------------------------------------------------------------------------

    def add_warehouse(
        self,
        name: str,
        *,
        default: bool = False,
        virtual: bool = False,
        zip_code: str | None = None,
    ) -> JSONObj:
        """Store a warehouse (the new default when ``default``); returns it as
        ``GET /stocks/locals/{id}`` would."""
        body = clean(
            {"name": name, "defaultLocal": default, "virtual": virtual, "zipCode": zip_code}
        )
        with self._lock:
            return self._store_warehouse(self._warehouse_fields(body, None), None)

    def set_stock(
        self,
        sku_partner_id: str,
        amount: Decimal | int,
        *,
        stock_local_id: int | None = None,
        cost: Decimal | int | None = None,
        additional_time: int | None = None,
    ) -> JSONObj:
        """Set a SKU's physical stock in a warehouse (the default one when
        ``stock_local_id`` is ``None``), creating the row; returns the row as ``GET /stocks``
        shows it."""
        item = clean(
            {
                "partnerId": sku_partner_id,
                "quantity": amount,
                "cost": cost,
                "additionalTime": additional_time,
                "stockLocalId": stock_local_id,
            }
        )
        with self._lock:
            self._adopt_catalogue_stock()
            sku_id = self._apply_stock_item(wire(item), creating=True)
            self._on_stock_change(sku_id)
            return self._row_json(sku_id, stock_local_id or self.default_warehouse_id)

    def stock_of(self, sku_partner_id: str, stock_local_id: int | None = None) -> JSONObj:
        """The SKU's stock row in a warehouse (the default one when ``stock_local_id`` is
        ``None``, as in the API) as ``GET /stocks`` shows it: ``amount``,
        ``reservationAmount``, ``availableAmount`` (Decimals), ``price`` (the cost), ...
        A warehouse without a row for the SKU gives zeros."""
        with self._lock:
            self._adopt_catalogue_stock()
            sku_id = self._require_partner(sku_partner_id)[1]["id"]
            warehouse_id = stock_local_id or self.default_warehouse_id
            self._warehouse(warehouse_id)
            return self._row_json(sku_id, warehouse_id)

    def seed_catalogue(
        self,
        stock: Mapping[str, Decimal | int | Mapping[int, Decimal | int]],
        *,
        price: Decimal | int = Decimal("99.90"),
        cost: Decimal | int | None = None,
        listings: Iterable[str] = (),
    ) -> dict[str, int]:
        """A quick catalogue: one simple product per SKU partner id in ``stock`` (kept when
        the SKU exists), with its stock: a quantity for the default warehouse, or a mapping
        warehouse id -> quantity. ``listings`` names marketplaces on which every SKU gets
        an ACTIVE listing at ``price``. Returns partner id -> SKU id."""
        out: dict[str, int] = {}
        with self._lock:
            for partner_id, quantities in stock.items():
                found = self._sku_by_partner(partner_id)
                if found is None:
                    self._catalogue().add_product(
                        f"Produto {partner_id}",
                        skus=[{"title": partner_id, "partnerId": partner_id, "price": price}],
                    )
                    found = self._require_partner(partner_id)
                out[partner_id] = found[1]["id"]
                per_warehouse = (
                    dict(quantities) if isinstance(quantities, Mapping) else {None: quantities}
                )
                for warehouse_id, amount in per_warehouse.items():
                    self.set_stock(partner_id, amount, stock_local_id=warehouse_id, cost=cost)
            for marketplace in listings:
                for partner_id in out:
                    self._seed_listing(partner_id, str(marketplace), price)
        return out

    def _seed_listing(self, partner_id: str, marketplace: str, price: Decimal | int) -> None:
        """Hook for ``seed_catalogue``'s listings (the listings mixin creates them)."""

    def set_fulfillment_stock(
        self,
        marketplace: str,
        sku_partner_id: str,
        quantity: Decimal | int,
        *,
        reserved: Decimal | int = 0,
        sku_code: str | None = None,
        document: str = "03007331000141",
        description: str | None = None,
    ) -> JSONObj:
        """Seed the stock a marketplace keeps for the SKU in its own distribution centre
        (read-only through ``GET /stocks/fulfillment/{marketplace}/{idSku}``). ``sku_code``
        is the SKU's code at the marketplace (the partner id by default), ``document`` the
        centre's CNPJ. Returns the entry as the API shows it."""
        with self._lock:
            sku = self._require_partner(sku_partner_id)[1]
            entry = {
                "sku": sku_code or sku_partner_id,
                "document": document,
                "description": description or f"Centro de distribuição {marketplace}",
                "fulfillment_quantity_stock": Decimal(quantity),
                "fulfillment_reserved_stock": Decimal(reserved),
            }
            self._fulfillment_stock[(self._marketplace_code(marketplace), sku["id"])] = entry
            return self._fulfillment_json(entry)

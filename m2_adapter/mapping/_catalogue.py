"""M2 items -> ANYMARKET products and SKUs (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

import attrs

from anymarket_sdk.models import DefinitionPriceScope as Scope
from anymarket_sdk.models import (
    Image,
    Nbm,
    Origin,
    Product,
    ProductBrand,
    ProductCategory,
    Sku,
)
from m2_adapter.br import BrValidationError, is_valid_ncm, parse_gtin, parse_ncm
from m2_adapter.m2 import Item, ItemVariation

from ._codec import PartnerIdError, encode_partner_id
from ._config import ByCodePrefix, ByVariationParent, MappingConfig, Standalone
from ._prices import ItemPrice
from ._report import HoldReason, MappingResult, ReportBuilder, SkipReason, WarningCode

__all__ = ["TITLE_MAX_LENGTH", "CatalogueMapping", "map_catalogue"]

TITLE_MAX_LENGTH: Final = 150
"""ANYMARKET's limit for product and SKU titles."""
EAN_MAX_LENGTH: Final = 13
"""ANYMARKET's limit for a SKU ``ean``."""
_WEIGHT_STEP: Final = Decimal("0.001")  # kg: grams
_LENGTH_STEP: Final = Decimal("0.01")  # cm


@attrs.frozen(kw_only=True)
class CatalogueMapping:
    """The products to create or update, in the order their first item appeared."""

    products: tuple[Product, ...] = ()

    @property
    def sku_count(self) -> int:
        """How many SKUs the products hold (what a plan's SKU limit counts)."""
        return sum(len(p.skus) for p in self.products)

    @property
    def partner_ids(self) -> tuple[str, ...]:
        return tuple(s.partner_id for p in self.products for s in p.skus if s.partner_id)

    def product_of(self, partner_id: str) -> Product | None:
        """The product holding the SKU with this partnerId."""
        return next((p for p in self.products if p.sku_by_partner_id(partner_id)), None)


def _publishable(item: Item) -> tuple[SkipReason, str, str] | None:
    if item.active is False:
        return SkipReason.ITEM_INACTIVE, "active", "the item is inactive in M2"
    if item.released is False:
        return SkipReason.ITEM_BLOCKED, "released", "the item is not Liberado in M2"
    if item.active is None or item.released is None:
        field = "active" if item.active is None else "released"
        return (
            SkipReason.ITEM_STATUS_UNKNOWN,
            field,
            f"the export did not say whether it is {field}",
        )
    return None


def _title(text: str, rb: ReportBuilder, subject: str, path: str) -> str:
    title = " ".join(text.split())
    if len(title) <= TITLE_MAX_LENGTH:
        return title
    cut = title[: TITLE_MAX_LENGTH + 1].rsplit(" ", 1)[0]
    if len(cut) > TITLE_MAX_LENGTH or len(cut) < TITLE_MAX_LENGTH // 2:
        cut = title[:TITLE_MAX_LENGTH]
    rb.warn(
        WarningCode.TITLE_TRUNCATED,
        subject,
        path,
        f"{len(title)} characters cut to {len(cut)} (ANYMARKET allows {TITLE_MAX_LENGTH})",
    )
    return cut.rstrip()


def _ean(item: Item, rb: ReportBuilder) -> str | None:
    if item.barcode is None:
        return None
    try:
        gtin = parse_gtin(item.barcode).value
    except BrValidationError as exc:
        rb.warn(WarningCode.EAN_INVALID, item.code, "barcode", f"EAN omitted: {exc.message}")
        return None
    if len(gtin) > EAN_MAX_LENGTH:
        if gtin.startswith("0"):
            return gtin[1:]  # a GTIN-13 padded to 14 digits: the same code
        rb.warn(
            WarningCode.EAN_TOO_LONG,
            item.code,
            "barcode",
            f"EAN omitted: a GTIN-14 does not fit ANYMARKET's {EAN_MAX_LENGTH} characters",
        )
        return None
    return gtin


def _ncm(head: Item, rb: ReportBuilder, subject: str) -> Nbm | None:
    if head.ncm is not None:
        try:
            return Nbm(id=parse_ncm(head.ncm))
        except BrValidationError as exc:
            rb.warn(WarningCode.NCM_INVALID, subject, "ncm", f"NCM omitted: {exc.message}")
            return None
    fiscal = head.fiscal_class_id
    if fiscal is not None and is_valid_ncm(fiscal):
        rb.warn(
            WarningCode.NCM_FROM_FISCAL_CLASS,
            subject,
            "fiscal_class_id",
            "no NCM column: the fiscal class, an 8-digit code, was used as the NCM",
        )
        return Nbm(id=parse_ncm(fiscal))
    rb.warn(WarningCode.NCM_INVALID, subject, "ncm", "NCM omitted: the item has none")
    return None


def _origin(head: Item, config: MappingConfig, rb: ReportBuilder, subject: str) -> Origin:
    value = head.origin
    if value is None:
        return Origin(id=config.default_origin)
    if not 0 <= value <= 8:
        rb.warn(
            WarningCode.ORIGIN_DEFAULTED,
            subject,
            "origin",
            f"origin {value} is not 0-8: the default {config.default_origin} was used",
        )
        return Origin(id=config.default_origin)
    return Origin(id=value)


def _largest(values: Iterable[Decimal | None], factor: Decimal, step: Decimal) -> Decimal | None:
    sizes = [v * factor for v in values if v is not None and v > 0]
    if not sizes:
        return None
    value = max(sizes).quantize(step, rounding=ROUND_HALF_UP)
    whole = value.to_integral_value()
    return whole.quantize(Decimal(1)) if value == whole else value.normalize()


def _measures(
    members: list[Item], config: MappingConfig, rb: ReportBuilder, subject: str
) -> dict[str, Decimal | None]:
    to_cm, to_kg = config.dimension_unit.to_cm, config.weight_unit.to_kg
    weight = _largest((m.gross_weight for m in members), to_kg, _WEIGHT_STEP)
    if weight is None:
        weight = _largest((m.net_weight for m in members), to_kg, _WEIGHT_STEP)
        rb.warn(
            WarningCode.WEIGHT_MISSING,
            subject,
            "gross_weight",
            "no gross weight: the net weight was used"
            if weight is not None
            else "weight omitted: the items have none",
        )
    out: dict[str, Decimal | None] = {
        "weight": weight,
        "height": _largest((m.height_cm for m in members), to_cm, _LENGTH_STEP),
        "width": _largest((m.width_cm for m in members), to_cm, _LENGTH_STEP),
        "length": _largest((m.length_cm for m in members), to_cm, _LENGTH_STEP),
    }
    if missing := [k for k in ("height", "width", "length") if out[k] is None]:
        rb.warn(
            WarningCode.DIMENSIONS_MISSING,
            subject,
            ", ".join(f"{k}_cm" for k in missing),
            f"{', '.join(missing)} omitted: the items have none",
        )
    return out


def _images(members: list[Item], rb: ReportBuilder) -> list[Image]:
    urls: list[str] = []
    for m in members:
        for n, url in enumerate(m.image_urls):
            clean = url.strip()
            if not clean.lower().startswith(("https://", "http://")):
                rb.warn(
                    WarningCode.IMAGE_DROPPED,
                    m.code,
                    f"image_urls[{n}]",
                    "image omitted: not an http(s) URL",
                )
            elif clean not in urls:
                urls.append(clean)
    return [Image(url=u, index=i, main=i == 1) for i, u in enumerate(urls, start=1)]


def _variations_problem(skus: list[tuple[Item, Sku]]) -> str | None:
    if len(skus) < 2:
        return None
    if bare := [item.code for item, sku in skus if not sku.variations]:
        return f"SKU(s) without variation values: {', '.join(bare)}"
    types = {frozenset(sku.variations) for _, sku in skus}
    if len(types) > 1:
        names = sorted({"/".join(sorted(t)) for t in types})
        return f"the SKUs use different variation types: {'; '.join(names)}"
    seen: dict[tuple[tuple[str, str], ...], str] = {}
    for item, sku in skus:
        combo = tuple(sorted(sku.variations.items()))
        if combo in seen:
            return f"{seen[combo]} and {item.code} have the same variation values"
        seen[combo] = item.code
    return None


class _Catalogue:
    """One run of ``map_catalogue`` (keeps the running state out of the signatures)."""

    def __init__(self, config: MappingConfig, prices: Mapping[str, ItemPrice] | None) -> None:
        self.config = config
        self.prices = prices or {}
        self.rb = ReportBuilder()
        self.folded: dict[str, str] = {}  # casefolded partnerId -> the code that took it

    def run(
        self, items: Iterable[Item], variations: Iterable[ItemVariation]
    ) -> MappingResult[CatalogueMapping]:
        by_code = self._index(items)
        var_by_code = self._variations(variations)
        parents = {v.parent_code for v in var_by_code.values()}
        rule = self.config.grouping
        groups: dict[str, list[Item]] = {}
        for item in by_code.values():
            variation = var_by_code.get(item.code)
            groups.setdefault(rule.group_key(item, variation), []).append(item)
        products: list[Product] = []
        for key, members in groups.items():
            template = self._template(key, members, parents)
            product = self._group(key, members, template, var_by_code)
            if product is not None:
                products.append(product)
        return self.rb.result(CatalogueMapping(products=tuple(products)))

    def _index(self, items: Iterable[Item]) -> dict[str, Item]:
        by_code: dict[str, Item] = {}
        for item in items:
            first = by_code.get(item.code)
            if first is not None:
                self.rb.hold(
                    HoldReason.PARTNER_ID_CONFLICT,
                    item.code,
                    "code",
                    f"item {item.item_id} repeats the code of item {first.item_id}",
                )
                continue
            by_code[item.code] = item
        return by_code

    def _variations(self, variations: Iterable[ItemVariation]) -> dict[str, ItemVariation]:
        out: dict[str, ItemVariation] = {}
        if isinstance(self.config.grouping, Standalone):
            return out
        for v in variations:
            if v.item_code in out or v.item_code == v.parent_code:
                why = "a second row" if v.item_code in out else "the item is its own parent"
                self.rb.warn(
                    WarningCode.VARIATION_IGNORED,
                    v.item_code,
                    "parent_code",
                    f"variation row ignored: {why}",
                )
                continue
            out[v.item_code] = v
        return out

    def _template(self, key: str, members: list[Item], parents: set[str]) -> Item | None:
        rule = self.config.grouping
        candidate = next((m for m in members if m.code == key), None)
        if candidate is None:
            return None
        if isinstance(rule, ByVariationParent):
            return candidate if key in parents else None
        if isinstance(rule, ByCodePrefix):
            return candidate if len(members) > 1 else None
        return None

    def _group(
        self,
        key: str,
        members: list[Item],
        template: Item | None,
        var_by_code: Mapping[str, ItemVariation],
    ) -> Product | None:
        rb = self.rb
        candidates = [m for m in members if m is not template]
        if template is not None:
            if not candidates:
                rb.skip(
                    SkipReason.NO_PUBLISHABLE_VARIANT,
                    template.code,
                    "code",
                    "a template item with no variation among the items given",
                )
                return None
            blocked = _publishable(template)
            if blocked is not None:
                for m in candidates:
                    rb.skip(
                        SkipReason.PARENT_NOT_PUBLISHABLE,
                        m.code,
                        "parent_code",
                        f"parent {template.code}: {blocked[2]}",
                    )
                return None
        eligible: list[Item] = []
        for m in candidates:
            blocked = _publishable(m)
            if blocked is None:
                eligible.append(m)
            else:
                rb.skip(blocked[0], m.code, blocked[1], blocked[2])
        if not eligible:
            if template is not None:
                rb.skip(
                    SkipReason.NO_PUBLISHABLE_VARIANT,
                    template.code,
                    "code",
                    "none of its variations can be published",
                )
            return None
        head = template or eligible[0]
        if template is None and (len(candidates) > 1 or key != eligible[0].code):
            rb.warn(
                WarningCode.PARENT_MISSING,
                key,
                "parent_code",
                f"no parent item {key}: the product data comes from {head.code}",
            )
        skus = [
            pair for m in eligible if (pair := self._sku(m, var_by_code.get(m.code))) is not None
        ]
        if not skus:
            return None
        held = self._product_holds(key, head, skus)
        if held:
            return None
        return self._product(key, head, template, eligible, [s for _, s in skus])

    def _sku(self, item: Item, variation: ItemVariation | None) -> tuple[Item, Sku] | None:
        rb = self.rb
        try:
            partner_id = encode_partner_id(item.code)
        except PartnerIdError as exc:
            rb.hold(HoldReason.PARTNER_ID_INVALID, item.code, "code", str(exc))
            return None
        folded = partner_id.casefold()
        other = self.folded.get(folded)
        if other is not None:
            rb.hold(
                HoldReason.PARTNER_ID_CONFLICT,
                item.code,
                "code",
                f"differs from {other} only in letter case",
            )
            return None
        self.folded[folded] = item.code
        price = self.prices.get(item.code)
        sku = Sku(
            title=_title(item.description, rb, item.code, "description"),
            partner_id=partner_id,
            ean=_ean(item, rb),
            price=price.price if price else None,
            sell_price=price.sell_price if price else None,
            variations=dict(variation.attributes) if variation is not None else {},
        )
        return item, sku

    def _product_holds(self, key: str, head: Item, skus: list[tuple[Item, Sku]]) -> bool:
        rb, config = self.rb, self.config
        problems: list[tuple[HoldReason, str, str]] = []
        if config.category_for(head.group_id) is None:
            problems.append(
                (
                    HoldReason.CATEGORY_UNMAPPED,
                    "group_id",
                    f"item group {head.group_id} has no ANYMARKET category (and no default)",
                )
            )
        if config.brand_for(head.brand_id) is None:
            problems.append(
                (
                    HoldReason.BRAND_UNMAPPED,
                    "brand_id",
                    f"brand {head.brand_id} has no ANYMARKET brand (and no default)",
                )
            )
        variation_problem = _variations_problem(skus)
        if variation_problem is not None:
            problems.append(
                (HoldReason.VARIATIONS_INVALID, "attributes", f"product {key}: {variation_problem}")
            )
        for reason, path, detail in problems:
            for item, _ in skus:
                rb.hold(reason, item.code, path, detail)
        if problems:
            for item, _ in skus:  # a held SKU does not keep its partnerId reserved
                self.folded.pop(encode_partner_id(item.code).casefold(), None)
        return bool(problems)

    def _product(
        self,
        key: str,
        head: Item,
        template: Item | None,
        eligible: list[Item],
        skus: list[Sku],
    ) -> Product:
        rb, config = self.rb, self.config
        members = ([template] if template is not None else []) + eligible
        measures = _measures(members, config, rb, key)
        category = config.category_for(head.group_id)
        brand = config.brand_for(head.brand_id)
        assert category is not None  # checked by _product_holds
        assert brand is not None
        try:
            external_id: str | None = encode_partner_id(key)
        except PartnerIdError:
            external_id = None
        title = _title(head.description, rb, key, "description")
        return Product(
            title=title,
            description=title,
            external_id_product=external_id,
            category=ProductCategory(id=category),
            brand=ProductBrand(id=brand),
            nbm=_ncm(head, rb, key),
            origin=_origin(head, config, rb, key),
            warranty_time=config.warranty_months,
            height=measures["height"],
            width=measures["width"],
            length=measures["length"],
            weight=measures["weight"],
            price_factor=config.price_factor,
            calculated_price=config.price_mode == Scope.COST,
            definition_price_scope=config.price_mode,
            has_variations=any(s.variations for s in skus),
            is_product_active=True,
            allow_automatic_sku_marketplace_creation=config.auto_create_listings,
            images=_images(members, rb),
            skus=skus,
        )


def map_catalogue(
    items: Iterable[Item],
    variations: Iterable[ItemVariation] = (),
    *,
    config: MappingConfig,
    prices: Mapping[str, ItemPrice] | None = None,
) -> MappingResult[CatalogueMapping]:
    """M2 items (and their variation rows) as ANYMARKET products with SKUs.

    - Items are grouped by ``config.grouping``; a group's template item (the *grade* parent,
      or the item whose code is the prefix) gives the product its data and is not a SKU.
    - Only items that are active **and** released (*Liberado*) become SKUs; the others are
      skipped with ``ITEM_INACTIVE``, ``ITEM_BLOCKED`` or ``ITEM_STATUS_UNKNOWN``, and all
      variations of a blocked or inactive template with ``PARENT_NOT_PUBLISHABLE``.
    - A SKU's ``partnerId`` is ``encode_partner_id(code)``; its EAN is sent only when it is
      a valid GTIN of at most 13 digits (else omitted with a warning).
    - Product data: title and description from the head item's description (<= 150
      characters), NCM, origin (``config.default_origin`` when the item has none), the
      largest weight (kg) and dimensions (cm) among the group's items, category and brand
      from the configuration maps, images of the template then of each SKU (deduplicated,
      the first one main).
    - ``prices`` (from ``select_prices``) fills each SKU's ``price``/``sell_price``.

    Held (per SKU): ``PARTNER_ID_INVALID``, ``PARTNER_ID_CONFLICT``, ``CATEGORY_UNMAPPED``,
    ``BRAND_UNMAPPED``, ``VARIATIONS_INVALID``. A product is emitted only with its
    unheld SKUs, and not at all when a product-level value is missing.
    """
    return _Catalogue(config, prices).run(items, variations)

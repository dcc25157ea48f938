"""The catalogue flow: M2 items -> ANYMARKET brands, categories, variations, products, SKUs.

``sync_catalogue(ctx)`` / ``await async_sync_catalogue(ctx)`` read the items, variation rows
and prices from ``ctx.source``, map them (``m2_adapter.mapping.map_catalogue``) and make
ANYMARKET match, without ever creating a duplicate:

1. **Plan**: with ``ctx.plan``, the SKUs ANYMARKET already has are counted (one scan of its
   catalogue) and ``PlanLimitExceeded`` is raised before anything is written.
2. **References**: brands and categories not pinned in the configuration are found (ledger id
   map, then by partnerId ``M2-MARCA-<IDMARCA>`` / ``M2-GRUPO-<IDGRUPOITEM>``, then by name)
   or created; variation types and values likewise (ledger, then by name). Every id found or
   created is remembered in the ledger.
3. **Products and SKUs** by SKU partnerId: the ledger id map first, else
   ``client.skus.find_by_partner_id`` (so a product ANYMARKET created just before a crash is
   found, not created again), else created. After a create whose answer was lost (timeout,
   dropped connection, 5xx) the flow looks the SKU up before anything else.
4. **Changes only**: the ledger keeps, per product, a fingerprint of what ANYMARKET holds
   (product fields, each SKU's title/partnerId/EAN, image URLs). A product whose fingerprint
   matches is not touched: a re-run with no change sends no request at all. A change sends a
   merge-patch of the product or SKU, a new SKU, or the missing images (by URL).

Prices are written only when a SKU is created (ANYMARKET requires one); later price changes
belong to ``push_stock_and_prices``. In the ``SKU`` price mode the created prices are
recorded as pushed, so the price push does not send them again.

One flow body serves both clients: the body is a generator that yields ``Call``\\ s (a client,
ledger or source method to call) and receives their results; ``drive`` runs it on a
``SyncContext``, ``adrive`` on an ``AsyncSyncContext``.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import (
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
)
from decimal import Decimal
from typing import Any, Final, TypeVar, cast

import attrs

from anymarket_sdk import (
    AnymarketError,
    APIConnectionError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)
from anymarket_sdk.models import (
    Brand,
    Category,
    DefinitionPriceScope,
    Image,
    PriceTarget,
    Product,
    ProductPatch,
    Sku,
    SkuLookup,
    SkuPatch,
    VariationType,
    VariationValue,
)
from m2_adapter.ledger import (
    CatalogueEntry,
    CatalogueKind,
    LedgerConflictError,
    PriceRecord,
    fingerprint,
)
from m2_adapter.m2 import Item
from m2_adapter.mapping import (
    CatalogueMapping,
    Held,
    MappingConfig,
    MappingReport,
    PartnerIdError,
    Skipped,
    decode_partner_id,
    map_catalogue,
    select_prices,
)

from ._context import AsyncSyncContext, SyncContext
from ._reports import Failure, RequestTally, masked_message, plural

__all__ = [
    "BRAND_PARTNER_PREFIX",
    "CATEGORY_PARTNER_PREFIX",
    "SCAN_THRESHOLD",
    "STATE_CHECKPOINT_PREFIX",
    "CatalogueReport",
    "async_sync_catalogue",
    "sync_catalogue",
]

T = TypeVar("T")

SCAN_THRESHOLD: Final = 50
"""With at least this many SKUs unknown to the ledger (or with a plan to check), the flow
reads ANYMARKET's whole catalogue once (100 products a page) instead of one look-up per SKU."""
BRAND_PARTNER_PREFIX: Final = "M2-MARCA-"
"""A brand the flow creates gets the partnerId ``M2-MARCA-<IDMARCA>``."""
CATEGORY_PARTNER_PREFIX: Final = "M2-GRUPO-"
"""A category the flow creates gets the partnerId ``M2-GRUPO-<IDGRUPOITEM>``."""
STATE_CHECKPOINT_PREFIX: Final = "catalogue.product:"
"""Ledger checkpoint ``catalogue.product:<product key>``: the fingerprints of what
ANYMARKET holds for the product (JSON)."""

_FATAL: Final = (AuthenticationError, PermissionDeniedError, RateLimitError)
"""Errors that no other request of the run would escape: raised, not reported."""
_AMBIGUOUS: Final = (APIConnectionError, ServerError, ResponseDecodeError)
"""Errors after which a create may have been applied: look before creating again."""


# --- one flow body for both clients ------------------------------------------------------------


def _no_kwargs() -> dict[str, Any]:
    return {}


def _listed(result: object) -> object:
    """A sync iterator's items as a list; anything else unchanged."""
    if isinstance(result, Iterator):
        return list(cast("Iterator[object]", result))
    return result


async def _alisted(result: object) -> object:
    """An awaitable's value, an (async) iterator's items as a list; anything else unchanged."""
    if inspect.isawaitable(result):
        result = await result
    if isinstance(result, AsyncIterator):
        items = cast("AsyncIterator[object]", result)
        return [x async for x in items]
    return _listed(result)


@attrs.frozen
class Call:
    """One I/O step of a flow body: ``<context>.<target>.<method>(*args, **kwargs)``.

    ``target`` is a dotted path on the context (``"client.skus"``, ``"ledger"``,
    ``"source"``). The drivers call it and send the result back (iterators and async
    iterators collected into lists, coroutines awaited) or throw its exception into the body.
    """

    target: str
    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = attrs.field(factory=_no_kwargs)


Flow = Generator[Call, Any, T]
"""A flow body: yields ``Call``\\ s, returns its result."""


def call(target: str, method: str, /, *args: Any, **kwargs: Any) -> Call:
    """A ``Call`` (shorthand for flow bodies)."""
    return Call(target, method, args, kwargs)


def _bound(ctx: object, step: Call) -> Callable[..., Any]:
    obj: Any = ctx
    for part in step.target.split("."):
        obj = getattr(obj, part)
    method: Callable[..., Any] = getattr(obj, step.method)
    return method


def drive(ctx: SyncContext, flow: Flow[T]) -> T:
    """Run a flow body on a synchronous context."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            return cast("T", stop.value)
        value, error = None, None
        try:
            value = _listed(_bound(ctx, step)(*step.args, **step.kwargs))
        except Exception as exc:  # noqa: BLE001 - handed to the flow body, which decides
            error = exc


async def adrive(ctx: AsyncSyncContext, flow: Flow[T]) -> T:
    """Run a flow body on an asynchronous context."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            return cast("T", stop.value)
        value, error = None, None
        try:
            value = await _alisted(_bound(ctx, step)(*step.args, **step.kwargs))
        except Exception as exc:  # noqa: BLE001 - handed to the flow body, which decides
            error = exc


# --- the report --------------------------------------------------------------------------------


def _failures(value: Iterable[Failure]) -> tuple[Failure, ...]:
    return tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class CatalogueReport:
    """What one catalogue run did (or, with ``dry_run``, would do).

    Counts of products and SKUs created, updated (any write to an existing one) and
    unchanged; ``images_created``; ``references_created`` (brands, categories, variation
    types and values); ``created_skus`` / ``updated_skus`` (partnerIds); ``mapping``, the
    mapping's report (``held``, ``skipped``, ``warnings``); ``failures`` (retried next run,
    messages masked); ``requests`` sent to ANYMARKET, of which ``write_requests`` wrote.
    """

    dry_run: bool = False
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    skus_unchanged: int = 0
    images_created: int = 0
    references_created: int = 0
    created_skus: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    updated_skus: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    mapping: MappingReport = attrs.field(factory=MappingReport)
    failures: tuple[Failure, ...] = attrs.field(default=(), converter=_failures)
    requests: int = 0
    write_requests: int = 0

    @property
    def held(self) -> tuple[Held, ...]:
        """Items held by the mapping (``Held``: reason, subject, path, detail)."""
        return self.mapping.held

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """Items skipped by the mapping (``Skipped``)."""
        return self.mapping.skipped

    @property
    def ok(self) -> bool:
        """Nothing failed and nothing was held."""
        return not self.failures and not self.mapping.held

    def summary(self) -> str:
        """One line for a log."""
        verb = "would create" if self.dry_run else "created"
        return (
            f"catalogue{' (dry run)' if self.dry_run else ''}: "
            f"products {verb} {self.products_created}, updated {self.products_updated}, "
            f"unchanged {self.products_unchanged}; SKUs {verb} {self.skus_created}, "
            f"updated {self.skus_updated}, unchanged {self.skus_unchanged}; "
            f"{plural(self.images_created, 'image')}, "
            f"{plural(self.references_created, 'reference')} {verb}; "
            f"{len(self.mapping.held)} held, {len(self.mapping.skipped)} skipped, "
            f"{plural(len(self.failures), 'failure')}; "
            f"{plural(self.requests, 'request')} ({self.write_requests} writes)"
        )


# --- pure pieces: keys, views, fingerprints ---------------------------------------------------


def _code_of(partner_id: str) -> str:
    try:
        return decode_partner_id(partner_id)
    except PartnerIdError:
        return partner_id


def product_key(product: Product) -> str:
    """The ledger key of a mapped product: the M2 code of its group (parent item)."""
    if product.external_id_product:
        return _code_of(product.external_id_product)
    first = product.skus[0].partner_id if product.skus else None
    return _code_of(first or product.title)


def _dec(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def _enum(value: object) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def product_view(p: Product) -> dict[str, Any]:
    """The product fields the flow manages, canonical (decimals normalised, ids only)."""
    return {
        "title": p.title,
        "description": p.description,
        "external_id_product": p.external_id_product,
        "category": p.category.id if p.category is not None else None,
        "brand": p.brand.id if p.brand is not None else None,
        "nbm": p.nbm.id if p.nbm is not None else None,
        "origin": p.origin.id if p.origin is not None else None,
        "warranty_time": p.warranty_time,
        "height": _dec(p.height),
        "width": _dec(p.width),
        "length": _dec(p.length),
        "weight": _dec(p.weight),
        "price_factor": _dec(p.price_factor),
        "calculated_price": p.calculated_price,
        "definition_price_scope": _enum(p.definition_price_scope),
        "is_product_active": p.is_product_active,
        "allow_automatic_sku_marketplace_creation": p.allow_automatic_sku_marketplace_creation,
    }


def sku_view(s: Sku) -> dict[str, Any]:
    """The SKU fields the flow keeps up to date (prices belong to the price push)."""
    return {"title": s.title, "partner_id": s.partner_id, "ean": s.ean}


def _image_urls(p: Product) -> tuple[str, ...]:
    urls: list[str] = []
    for image in p.images:
        for url in (image.url, image.original_image):
            if url and url not in urls:
                urls.append(url)
    return tuple(urls)


@attrs.frozen(kw_only=True)
class ProductState:
    """Fingerprints of a product as ANYMARKET holds it (stored in a ledger checkpoint)."""

    product: str
    skus: Mapping[str, str]
    images: tuple[str, ...]

    @classmethod
    def of(cls, p: Product, partner_ids: Iterable[str] | None = None) -> ProductState:
        """The state of ``p`` (the mapped product, or ANYMARKET's), its SKUs limited to
        ``partner_ids`` when given."""
        keep = None if partner_ids is None else set(partner_ids)
        return cls(
            product=fingerprint(product_view(p)),
            skus={
                s.partner_id: fingerprint(sku_view(s))
                for s in p.skus
                if s.partner_id and (keep is None or s.partner_id in keep)
            },
            images=_image_urls(p),
        )

    def dumps(self) -> str:
        return json.dumps(
            {"v": 1, "product": self.product, "skus": dict(self.skus), "images": self.images},
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def loads(cls, text: str | None) -> ProductState | None:
        """The stored state, or ``None`` (missing or unreadable: ANYMARKET is read instead)."""
        if not text:
            return None
        try:
            raw = json.loads(text)
            return cls(
                product=str(raw["product"]),
                skus={str(k): str(v) for k, v in dict(raw["skus"]).items()},
                images=tuple(str(u) for u in raw["images"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


def _product_patch(p: Product) -> ProductPatch:
    return ProductPatch(
        title=p.title,
        description=p.description,
        external_id_product=p.external_id_product,
        category=p.category,
        brand=p.brand,
        nbm=p.nbm,
        origin=p.origin,
        warranty_time=p.warranty_time,
        height=p.height,
        width=p.width,
        weight=p.weight,
        length=p.length,
        price_factor=p.price_factor,
        calculated_price=p.calculated_price,
        definition_price_scope=p.definition_price_scope,
        is_product_active=p.is_product_active,
        allow_automatic_sku_marketplace_creation=p.allow_automatic_sku_marketplace_creation,
    )


def _sku_patch(s: Sku) -> SkuPatch:
    return SkuPatch(title=s.title, partner_id=s.partner_id, ean=s.ean)


@attrs.frozen
class _Reference:
    """An M2 brand or item group the configuration does not map."""

    m2_id: int
    name: str


def unmapped_references(
    items: Iterable[Item], config: MappingConfig
) -> tuple[dict[int, _Reference], dict[int, _Reference]]:
    """Brands and item groups of ``items`` with a name and no id in the configuration."""
    brands: dict[int, _Reference] = {}
    groups: dict[int, _Reference] = {}
    for item in items:
        if item.brand_id is not None and item.brand_id not in config.brand_map:
            name = (item.brand_name or "").strip()
            if name and item.brand_id not in brands:
                brands[item.brand_id] = _Reference(item.brand_id, name)
        if item.group_id is not None and item.group_id not in config.category_map:
            name = (item.group_name or "").strip()
            if name and item.group_id not in groups:
                groups[item.group_id] = _Reference(item.group_id, name)
    return brands, groups


def _with_ids(
    config: MappingConfig, brand_ids: Mapping[int, int], category_ids: Mapping[int, int]
) -> MappingConfig:
    return attrs.evolve(
        config,
        brand_map={**brand_ids, **config.brand_map},
        category_map={**category_ids, **config.category_map},
    )


def _placeholders(refs: Mapping[int, _Reference]) -> dict[int, int]:
    # negative ids: never sent (a product using one waits for its reference)
    return {m2_id: -(n + 1) for n, m2_id in enumerate(sorted(refs))}


def variation_values(products: Iterable[Product]) -> dict[str, list[str]]:
    """Variation type -> values used by the products' SKUs, in first-seen order."""
    out: dict[str, list[str]] = {}
    for p in products:
        for s in p.skus:
            for type_name, value in s.variations.items():
                values = out.setdefault(type_name, [])
                if value not in values:
                    values.append(value)
    return out


def _is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, _FATAL)


# --- the run ---------------------------------------------------------------------------------


@attrs.define
class _Counts:
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    skus_unchanged: int = 0
    images_created: int = 0
    references_created: int = 0


@attrs.define
class _Base:
    """What ANYMARKET holds for a product, as the diff starts from it."""

    product_id: int
    state: ProductState
    sku_ids: dict[str, int]
    sku_products: dict[str, int]
    actual: bool
    """Read from ANYMARKET this run (``False``: the stored fingerprints)."""


@attrs.define
class _Progress:
    """The state of a product as the writes of this run succeed."""

    product: str
    skus: dict[str, str]
    images: list[str]
    wrote: bool = False


class _CatalogueRun:
    """One catalogue run: the flow body and its running state."""

    def __init__(self, ctx: SyncContext | AsyncSyncContext, *, dry_run: bool) -> None:
        self.ctx = ctx
        self.config = ctx.config
        self.dry_run = dry_run
        self.tally = RequestTally()
        self.counts = _Counts()
        self.failures: list[Failure] = []
        self.created_skus: list[str] = []
        self.updated_skus: list[str] = []
        self.scan: dict[str, SkuLookup] | None = None
        self.category_tree: list[Category] | None = None

    # -- small helpers --

    def read(self, target: str, method: str, /, *args: Any, **kwargs: Any) -> Call:
        self.tally.read()
        return call(target, method, *args, **kwargs)

    def write(self, target: str, method: str, /, *args: Any, **kwargs: Any) -> Call:
        self.tally.write()
        return call(target, method, *args, **kwargs)

    def fail(
        self, subject: str, error: BaseException | str, *, code: str = "request_failed"
    ) -> None:
        if isinstance(error, BaseException) and _is_fatal(error):
            raise error
        self.failures.append(Failure.of(subject, error, code=code))

    def remember(
        self,
        kind: CatalogueKind,
        key: str,
        anymarket_id: int,
        known: CatalogueEntry | None,
        **extra: str | None,
    ) -> Flow[None]:
        """Map ``key`` to ``anymarket_id`` in the ledger (replacing a stale id)."""
        if self.dry_run:
            return
        if known is not None and known.anymarket_id != anymarket_id:
            yield call("ledger", "forget_id", kind, key)
        if known is None or known.anymarket_id != anymarket_id:
            yield call("ledger", "remember_id", kind, key, anymarket_id, **extra)

    # -- the body --

    def body(self) -> Flow[CatalogueReport]:
        run_id: str | None = None
        if not self.dry_run:
            run_id = yield call("ledger", "start_run", "catalogue")
        try:
            report = yield from self._body()
        except Exception as exc:
            if run_id is not None:
                yield call("ledger", "finish_run", run_id, ok=False, error=masked_message(exc))
            raise
        if run_id is not None:
            yield call(
                "ledger",
                "finish_run",
                run_id,
                ok=report.ok,
                counters={
                    "products_created": report.products_created,
                    "products_updated": report.products_updated,
                    "skus_created": report.skus_created,
                    "skus_updated": report.skus_updated,
                    "failures": len(report.failures),
                    "requests": report.requests,
                },
            )
        return report

    def _body(self) -> Flow[CatalogueReport]:
        config = self.config
        items: list[Item] = yield call("source", "items")
        variations = yield call("source", "variations")
        entries = yield call("source", "price_entries", table_id=config.price_table_id)
        prices = select_prices(entries, now=self.ctx.now(), config=config)
        brand_refs, group_refs = unmapped_references(items, config)
        brand_ids = _placeholders(brand_refs)
        category_ids = _placeholders(group_refs)
        first = map_catalogue(
            items,
            variations,
            config=_with_ids(config, brand_ids, category_ids),
            prices=prices.value,
        )
        mapped = first.value or CatalogueMapping()
        codes = [_code_of(pid) for pid in mapped.partner_ids]
        sku_entries: dict[str, CatalogueEntry] = yield call(
            "ledger", "find_ids", CatalogueKind.SKU, codes
        )

        # 1. the plan, before anything is written
        unknown = [c for c in codes if c not in sku_entries]
        if self.ctx.plan is not None or len(unknown) >= SCAN_THRESHOLD:
            yield from self._scan()
        if self.ctx.plan is not None:
            assert self.scan is not None
            current = set(self.scan) | {e.partner_id for e in sku_entries.values() if e.partner_id}
            adding = [
                s.partner_id
                for p in mapped.products
                for s in p.skus
                if s.partner_id and s.price is not None and s.partner_id not in current
            ]
            self.ctx.plan.check_catalogue_change(current, adding)

        # 2. references
        used_brands = {p.brand.id for p in mapped.products if p.brand is not None}
        used_categories = {p.category.id for p in mapped.products if p.category is not None}
        for m2_id, ref in brand_refs.items():
            if brand_ids[m2_id] in used_brands:
                found = yield from self._ensure_brand(ref)
                if found is not None:
                    brand_ids[m2_id] = found
        for m2_id, ref in group_refs.items():
            if category_ids[m2_id] in used_categories:
                found = yield from self._ensure_category(ref)
                if found is not None:
                    category_ids[m2_id] = found
        result = map_catalogue(
            items,
            variations,
            config=_with_ids(config, brand_ids, category_ids),
            prices=prices.value,
        )
        catalogue = result.value or CatalogueMapping()
        resolved = yield from self._ensure_variations(variation_values(catalogue.products))

        # 3. products and SKUs
        keys = [product_key(p) for p in catalogue.products]
        product_entries: dict[str, CatalogueEntry] = yield call(
            "ledger", "find_ids", CatalogueKind.PRODUCT, keys
        )
        for key, product in zip(keys, catalogue.products, strict=True):
            problem = self._unresolved(product, resolved)
            if problem is not None and not self.dry_run:
                self.fail(f"product {key}", problem, code="reference_missing")
                continue
            try:
                yield from self._product(key, product, product_entries.get(key), sku_entries)
            except LedgerConflictError as exc:
                # e.g. the grouping changed and two M2 products now claim one ANYMARKET id
                self.fail(f"product {key}", exc, code="ledger_conflict")

        c = self.counts
        return CatalogueReport(
            dry_run=self.dry_run,
            products_created=c.products_created,
            products_updated=c.products_updated,
            products_unchanged=c.products_unchanged,
            skus_created=c.skus_created,
            skus_updated=c.skus_updated,
            skus_unchanged=c.skus_unchanged,
            images_created=c.images_created,
            references_created=c.references_created,
            created_skus=self.created_skus,
            updated_skus=self.updated_skus,
            mapping=prices.report.merge(result.report),
            failures=self.failures,
            requests=self.tally.total,
            write_requests=self.tally.writes,
        )

    @staticmethod
    def _unresolved(product: Product, resolved: set[tuple[str, str]]) -> str | None:
        if product.brand is None or product.brand.id < 0:
            return "its brand could not be found or created"
        if product.category is None or product.category.id < 0:
            return "its category could not be found or created"
        for s in product.skus:
            for pair in s.variations.items():
                if pair not in resolved:
                    return f"variation {pair[0]}={pair[1]} could not be found or created"
        return None

    # -- look-ups --

    def _scan(self) -> Flow[None]:
        """Index every SKU of ANYMARKET's catalogue by partnerId (one pass, 100 a page)."""
        products: list[Product] = yield call("client.products", "iter", limit=100)
        self.tally.read(max(1, -(-len(products) // 100)))
        index: dict[str, SkuLookup] = {}
        for p in products:
            for s in p.skus:
                if s.partner_id:
                    index.setdefault(s.partner_id, SkuLookup(product=p, sku=s))
        self.scan = index

    def _find_sku(self, partner_id: str, *, fresh: bool = False) -> Flow[SkuLookup | None]:
        if self.scan is not None and not fresh:
            return self.scan.get(partner_id)
        found: SkuLookup | None = yield self.read("client.skus", "find_by_partner_id", partner_id)
        return found

    # -- references --

    def _ensure_brand(self, ref: _Reference) -> Flow[int | None]:
        key = str(ref.m2_id)
        entry: CatalogueEntry | None = yield call(
            "ledger", "find_id", CatalogueKind.BRAND, local_key=key
        )
        if entry is not None:
            return entry.anymarket_id
        partner_id = f"{BRAND_PARTNER_PREFIX}{ref.m2_id}"
        try:
            found: Brand | None = yield self.read("client.brands", "find_by_partner_id", partner_id)
            if found is None:
                found = yield self.read("client.brands", "find_by_name", ref.name)
            if found is None:
                self.counts.references_created += 1
                if self.dry_run:
                    return None
                brand = Brand(name=ref.name, partner_id=partner_id)
                try:
                    found = yield self.write("client.brands", "create", brand)
                except _AMBIGUOUS:
                    found = yield self.read("client.brands", "find_by_partner_id", partner_id)
                    if found is None:
                        raise
        except AnymarketError as exc:
            self.fail(f"brand {ref.m2_id}", exc)
            return None
        assert found is not None
        assert found.id is not None
        yield from self.remember(
            CatalogueKind.BRAND, key, found.id, None, partner_id=partner_id, name=ref.name
        )
        return found.id

    def _ensure_category(self, ref: _Reference) -> Flow[int | None]:
        key = str(ref.m2_id)
        entry: CatalogueEntry | None = yield call(
            "ledger", "find_id", CatalogueKind.CATEGORY, local_key=key
        )
        if entry is not None:
            return entry.anymarket_id
        partner_id = f"{CATEGORY_PARTNER_PREFIX}{ref.m2_id}"
        config = self.config
        try:
            if self.category_tree is None:
                roots: list[Category] = yield self.read("client.categories", "full_path")
                self.category_tree = [c for root in roots for c in root.walk()]
            tree = self.category_tree
            found = next((c for c in tree if c.partner_id == partner_id), None)
            if found is None:
                wanted = ref.name.casefold()
                found = next((c for c in tree if c.name.strip().casefold() == wanted), None)
            if found is None:
                self.counts.references_created += 1
                if self.dry_run:
                    return None
                category = Category(
                    name=ref.name[:80],
                    partner_id=partner_id,
                    price_factor=config.price_factor,
                    calculated_price=config.price_mode == DefinitionPriceScope.COST,
                    definition_price_scope=config.price_mode,
                )
                try:
                    found = yield self.write("client.categories", "create", category)
                except _AMBIGUOUS:
                    found = yield self.read("client.categories", "find_by_partner_id", partner_id)
                    if found is None:
                        raise
                tree.append(found)
        except AnymarketError as exc:
            self.fail(f"category {ref.m2_id}", exc)
            return None
        assert found is not None
        assert found.id is not None
        yield from self.remember(
            CatalogueKind.CATEGORY, key, found.id, None, partner_id=partner_id, name=ref.name
        )
        return found.id

    def _ensure_variations(self, wanted: Mapping[str, list[str]]) -> Flow[set[tuple[str, str]]]:
        """Find or create every variation type and value; returns the pairs that exist."""
        resolved: set[tuple[str, str]] = set()
        for type_name, values in wanted.items():
            done = yield from self._ensure_variation_type(type_name, values)
            resolved.update((type_name, v) for v in done)
        return resolved

    def _ensure_variation_type(self, type_name: str, values: list[str]) -> Flow[list[str]]:
        """Find or create one variation type and its values; returns the values that exist
        (all of them in a dry run)."""
        type_entry: CatalogueEntry | None = yield call(
            "ledger", "find_id", CatalogueKind.VARIATION_TYPE, local_key=type_name
        )
        value_keys = {v: f"{type_name}/{v}" for v in values}
        value_entries: dict[str, CatalogueEntry] = yield call(
            "ledger", "find_ids", CatalogueKind.VARIATION_VALUE, list(value_keys.values())
        )
        if type_entry is not None and all(k in value_entries for k in value_keys.values()):
            return list(values)
        existing: dict[str, int] = {
            v: value_entries[k].anymarket_id for v, k in value_keys.items() if k in value_entries
        }
        done: list[str] = []
        try:
            type_id = yield from self._variation_type_id(type_name, values, type_entry, existing)
            if type_id is None:  # a dry run: it would be created with its values
                return list(values)
            yield from self.remember(
                CatalogueKind.VARIATION_TYPE, type_name, type_id, type_entry, name=type_name
            )
            for v in values:
                if v not in existing:
                    self.counts.references_created += 1
                    if self.dry_run:
                        done.append(v)
                        continue
                    existing[v] = yield from self._create_variation_value(type_id, v)
                yield from self.remember(
                    CatalogueKind.VARIATION_VALUE,
                    value_keys[v],
                    existing[v],
                    value_entries.get(value_keys[v]),
                    name=v,
                    parent_key=type_name,
                )
                done.append(v)
        except AnymarketError as exc:
            self.fail(f"variation {type_name}", exc)
        return done

    def _variation_type_id(
        self,
        type_name: str,
        values: list[str],
        entry: CatalogueEntry | None,
        existing: dict[str, int],
    ) -> Flow[int | None]:
        """The type's id (found by name, or created with ``values``); ``existing`` learns the
        ids of its values. ``None`` in a dry run when it would be created."""
        type_id = entry.anymarket_id if entry is not None else None
        if type_id is None:
            vt: VariationType | None = yield self.read(
                "client.variations", "find_by_name", type_name
            )
            if vt is not None:
                type_id = vt.id
                existing.update((x.description, x.id) for x in vt.values if x.id is not None)
        if type_id is None:
            self.counts.references_created += 1 + len(values)
            if self.dry_run:
                return None
            new = VariationType(
                name=type_name, values=[VariationValue(description=v) for v in values]
            )
            try:
                created: VariationType = yield self.write("client.variations", "create", new)
            except _AMBIGUOUS:
                again: VariationType | None = yield self.read(
                    "client.variations", "find_by_name", type_name
                )
                if again is None:
                    raise
                created = again
            assert created.id is not None
            type_id = created.id
            existing.update((x.description, x.id) for x in created.values if x.id is not None)
        if any(v not in existing for v in values):
            listed: list[VariationValue] = yield self.read(
                "client.variations", "iter_values", type_id
            )
            existing.update((x.description, x.id) for x in listed if x.id is not None)
        return type_id

    def _create_variation_value(self, type_id: int, value: str) -> Flow[int]:
        try:
            made: VariationValue = yield self.write(
                "client.variations", "create_value", type_id, VariationValue(description=value)
            )
        except _AMBIGUOUS:
            listed: list[VariationValue] = yield self.read(
                "client.variations", "iter_values", type_id
            )
            match = next((x for x in listed if x.description == value), None)
            if match is None:
                raise
            made = match
        assert made.id is not None
        return made.id

    # -- products --

    def _product(
        self,
        key: str,
        product: Product,
        entry: CatalogueEntry | None,
        sku_entries: Mapping[str, CatalogueEntry],
    ) -> Flow[None]:
        want = ProductState.of(product)
        pids = [s.partner_id for s in product.skus if s.partner_id]
        known = {pid: sku_entries[_code_of(pid)] for pid in pids if _code_of(pid) in sku_entries}
        base: _Base | None = None
        if entry is not None and len(known) == len(pids):
            stored_text: str | None = yield call(
                "ledger", "checkpoint", f"{STATE_CHECKPOINT_PREFIX}{key}"
            )
            stored = ProductState.loads(stored_text)
            if stored is not None:
                if stored == want:
                    self.counts.products_unchanged += 1
                    self.counts.skus_unchanged += len(pids)
                    return
                base = _Base(
                    product_id=entry.anymarket_id,
                    state=stored,
                    sku_ids={pid: e.anymarket_id for pid, e in known.items()},
                    sku_products=dict.fromkeys(known, entry.anymarket_id),
                    actual=False,
                )
        try:
            if base is None:
                base = yield from self._read_actual(key, product, entry, known)
            if base is None:
                lost = yield from self._create(key, product, want)
                if not lost:
                    return
                # the answer was lost: the product may exist; look before anything else
                base = yield from self._read_actual(key, product, None, {}, fresh=True)
                if base is None:
                    self.fail(f"product {key}", lost)
                    return
        except AnymarketError as exc:
            self.fail(f"product {key}", exc)
            return
        yield from self._update(key, product, want, base, known)

    def _read_actual(
        self,
        key: str,
        product: Product,
        entry: CatalogueEntry | None,
        known: Mapping[str, CatalogueEntry],
        *,
        fresh: bool = False,
    ) -> Flow[_Base | None]:
        """ANYMARKET's copy of the product: by the ledger's product id, else by SKU partnerId
        (``fresh``: ask ANYMARKET even when the catalogue was scanned this run)."""
        actual: Product | None = None
        if entry is not None:
            try:
                actual = yield self.read("client.products", "get", entry.anymarket_id)
            except NotFoundError:
                actual = None
                if not self.dry_run:
                    yield call("ledger", "forget_id", CatalogueKind.PRODUCT, key)
        homes: dict[str, tuple[int, Sku]] = {}
        if actual is not None and actual.id is not None:
            homes.update((s.partner_id, (actual.id, s)) for s in actual.skus if s.partner_id)
        for s in product.skus:
            pid = s.partner_id
            if not pid or pid in homes:
                continue
            found = yield from self._find_sku(pid, fresh=fresh)
            if found is None or found.product.id is None:
                continue
            if actual is None:
                actual = found.product
                homes.update(
                    (x.partner_id, (found.product.id, x)) for x in actual.skus if x.partner_id
                )
            homes.setdefault(pid, (found.product.id, found.sku))
        if actual is None or actual.id is None:
            return None
        wanted = {s.partner_id for s in product.skus if s.partner_id}
        homes = {pid: home for pid, home in homes.items() if pid in wanted}
        sku_ids = {pid: sku.id for pid, (_, sku) in homes.items() if sku.id is not None}
        state = ProductState(
            product=fingerprint(product_view(actual)),
            skus={pid: fingerprint(sku_view(sku)) for pid, (_, sku) in homes.items()},
            images=_image_urls(actual),
        )
        # the ledger learns what ANYMARKET has before anything else is written
        yield from self.remember(CatalogueKind.PRODUCT, key, actual.id, entry, name=product.title)
        for pid, sku_id in sku_ids.items():
            yield from self.remember(
                CatalogueKind.SKU,
                _code_of(pid),
                sku_id,
                known.get(pid),
                partner_id=pid,
                parent_key=key,
            )
        return _Base(
            product_id=actual.id,
            state=state,
            sku_ids=sku_ids,
            sku_products={pid: product_id for pid, (product_id, _) in homes.items()},
            actual=True,
        )

    def _priced(self, subject: str, skus: Iterable[Sku]) -> list[Sku]:
        out: list[Sku] = []
        for s in skus:
            if s.price is None:
                self.fail(
                    s.partner_id or subject,
                    "no price in effect today: ANYMARKET needs one to create the SKU",
                    code="no_price",
                )
            else:
                out.append(s)
        return out

    def _create(
        self, key: str, product: Product, want: ProductState
    ) -> Flow[AnymarketError | None]:
        """POST the product with its SKUs and images. Returns the error when the answer was
        lost (the product may exist: the caller looks it up), else ``None``."""
        skus = self._priced(key, product.skus)
        if not skus:
            return None
        body = attrs.evolve(product, skus=skus)
        pids = [s.partner_id for s in skus if s.partner_id]
        if self.dry_run:
            self._count_created(pids, len(body.images))
            return None
        try:
            created: Product = yield self.write("client.products", "create", body)
        except _AMBIGUOUS as exc:
            return exc
        except AnymarketError as exc:
            self.fail(f"product {key}", exc)
            return None
        assert created.id is not None
        self._count_created(pids, len(body.images))
        yield call("ledger", "remember_id", CatalogueKind.PRODUCT, key, created.id, name=body.title)
        for s in created.skus:
            if s.partner_id in pids and s.id is not None:
                yield call(
                    "ledger",
                    "remember_id",
                    CatalogueKind.SKU,
                    _code_of(s.partner_id),
                    s.id,
                    partner_id=s.partner_id,
                    parent_key=key,
                )
        yield from self._record_prices(skus)
        state = attrs.evolve(want, skus={pid: want.skus[pid] for pid in pids if pid in want.skus})
        yield call("ledger", "set_checkpoint", f"{STATE_CHECKPOINT_PREFIX}{key}", state.dumps())
        return None

    def _count_created(self, pids: list[str], images: int) -> None:
        self.counts.products_created += 1
        self.counts.skus_created += len(pids)
        self.counts.images_created += images
        self.created_skus.extend(pids)

    def _record_prices(self, skus: Iterable[Sku]) -> Flow[None]:
        """In the SKU price mode, prices sent on creation are what ANYMARKET now holds."""
        if self.config.price_mode != DefinitionPriceScope.SKU:
            return
        records = [
            PriceRecord(
                sku_partner_id=s.partner_id,
                target=PriceTarget.SKU_PRICE,
                price=s.price,
                sell_price=s.sell_price,
            )
            for s in skus
            if s.partner_id and s.price is not None
        ]
        if records:
            yield call("ledger", "record_pushed", records)

    def _update(
        self,
        key: str,
        product: Product,
        want: ProductState,
        base: _Base,
        known: Mapping[str, CatalogueEntry],
    ) -> Flow[None]:
        """Send what differs from ``base``; store the fingerprints of what succeeded."""
        now = _Progress(
            product=base.state.product, skus=dict(base.state.skus), images=list(base.state.images)
        )
        if base.state.product != want.product:
            now.wrote = True
            if not self.dry_run:
                try:
                    yield self.write(
                        "client.products", "merge_patch", base.product_id, _product_patch(product)
                    )
                    now.product = want.product
                except AnymarketError as exc:
                    self.fail(f"product {key}", exc)
        for s in product.skus:
            if s.partner_id:
                yield from self._update_sku(key, sku=s, want=want, base=base, known=known, now=now)
        yield from self._add_images(key, want, base, now)
        if now.wrote:
            self.counts.products_updated += 1
        else:
            self.counts.products_unchanged += 1
        if self.dry_run:
            return
        pids = [s.partner_id for s in product.skus if s.partner_id]
        state = ProductState(
            product=now.product,
            skus={pid: now.skus[pid] for pid in pids if pid in now.skus},
            images=tuple(now.images),
        )
        if not base.actual and state == base.state:
            return
        yield call("ledger", "set_checkpoint", f"{STATE_CHECKPOINT_PREFIX}{key}", state.dumps())

    def _update_sku(
        self,
        key: str,
        *,
        sku: Sku,
        want: ProductState,
        base: _Base,
        known: Mapping[str, CatalogueEntry],
        now: _Progress,
    ) -> Flow[None]:
        """Patch a SKU that changed, or create a new one (needs a price)."""
        pid = sku.partner_id
        assert pid is not None
        sku_id = base.sku_ids.get(pid)
        if sku_id is not None:
            if now.skus.get(pid) == want.skus[pid]:
                self.counts.skus_unchanged += 1
                return
            now.wrote = True
            self.counts.skus_updated += 1
            self.updated_skus.append(pid)
            if self.dry_run:
                return
            product_id = base.sku_products.get(pid, base.product_id)
            try:
                yield self.write("client.skus", "merge_patch", product_id, sku_id, _sku_patch(sku))
                now.skus[pid] = want.skus[pid]
            except NotFoundError as exc:
                # not where the ledger says: the next run looks it up by partnerId
                yield call("ledger", "forget_id", CatalogueKind.SKU, _code_of(pid))
                self.fail(pid, exc)
            except AnymarketError as exc:
                self.fail(pid, exc)
            return
        if not self._priced(key, [sku]):
            return
        now.wrote = True
        self.counts.skus_created += 1
        self.created_skus.append(pid)
        if self.dry_run:
            return
        new_id = yield from self._create_sku(base.product_id, sku)
        if new_id is None:
            return
        yield from self.remember(
            CatalogueKind.SKU, _code_of(pid), new_id, known.get(pid), partner_id=pid, parent_key=key
        )
        now.skus[pid] = want.skus[pid]
        yield from self._record_prices([sku])

    def _add_images(self, key: str, want: ProductState, base: _Base, now: _Progress) -> Flow[None]:
        """Create the images ANYMARKET lacks (by URL)."""
        missing = [u for u in want.images if u not in now.images]
        if missing and not base.actual:
            # the stored list may be behind (an earlier create whose answer was lost)
            try:
                listed: list[Image] = yield self.read("client.images", "list", base.product_id)
            except AnymarketError as exc:
                self.fail(f"product {key}", exc)
                return
            for image in listed:
                now.images.extend(u for u in (image.url, image.original_image) if u)
            missing = [u for u in want.images if u not in now.images]
        for url in missing:
            now.wrote = True
            self.counts.images_created += 1
            if self.dry_run:
                continue
            try:
                yield self.write("client.images", "create", base.product_id, Image(url=url))
                now.images.append(url)
            except AnymarketError as exc:
                self.fail(f"product {key}", exc)

    def _create_sku(self, product_id: int, sku: Sku) -> Flow[int | None]:
        body = attrs.evolve(sku, amount=sku.amount if sku.amount is not None else Decimal(0))
        assert sku.partner_id is not None
        try:
            made: Sku = yield self.write("client.skus", "create", product_id, body)
        except _AMBIGUOUS as exc:
            try:
                found: SkuLookup | None = yield self.read(
                    "client.skus", "find_by_partner_id", sku.partner_id
                )
            except AnymarketError:
                found = None
            if found is None or found.sku.id is None:
                self.fail(sku.partner_id, exc)
                return None
            return found.sku.id
        except AnymarketError as exc:
            self.fail(sku.partner_id, exc)
            return None
        return made.id


def sync_catalogue(ctx: SyncContext, *, dry_run: bool = False) -> CatalogueReport:
    """Make ANYMARKET's catalogue match M2's items (see the module docstring).

    Raises ``PlanLimitExceeded`` (before any write) when ``ctx.plan`` would be exceeded,
    and the SDK's authentication, permission and rate-limit errors; any other failure is
    reported in ``CatalogueReport.failures`` and retried by the next run. ``dry_run`` reads
    (the ledger, and ANYMARKET to find what exists) but writes nothing anywhere.
    """
    return drive(ctx, _CatalogueRun(ctx, dry_run=dry_run).body())


async def async_sync_catalogue(ctx: AsyncSyncContext, *, dry_run: bool = False) -> CatalogueReport:
    """``sync_catalogue`` for an ``AsyncSyncContext``."""
    return await adrive(ctx, _CatalogueRun(ctx, dry_run=dry_run).body())

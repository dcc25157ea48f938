"""``client.order_feed`` and ``client.transmission_feed``: ANYMARKET's pull queues.

A feed lists what changed (``[{id, token}]``) until each entry is acknowledged with its
token. ``read``/``ack`` are the two routes; ``consume`` is the loop most integrations need:
read a batch, run your handler for each entry, acknowledge only after the handler returned.

Run semantics (the same on both clients):

- at-least-once: an entry is acknowledged only after its handler returned normally; when the
  handler raises, the entry stays in the feed and the failure is recorded in the report;
- within a run, an entry already seen (same id and token) is skipped and counted in
  ``duplicates``; entries of one read that share an id are handled once, then each of their
  tokens is acknowledged; an id that comes back later in the run with a new token is a new
  change and is handled again;
- the run ends cleanly between entries when ``max_items`` entries were handled or
  ``max_seconds`` elapsed on the client's clock, and after a read that brought nothing new;
- a failed acknowledgement is recorded, not raised, except authentication/permission errors
  (401/403), which stop the run. An ``AuthenticationError`` raised by the handler (its own
  API calls) stops the run too. Errors reading the feed are raised. A note on the raised
  exception says how far the run got.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, ClassVar, Generic, TypeVar

import anyio
import attrs
import cattrs
import httpx

from .._clock import Clock
from .._core import ListDecoder, NoContent, Operation, Route, require_text, route
from .._logging import logger, mask
from ..errors import (
    AnymarketError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    RequestValidationError,
)
from ..models.feeds import (
    FeedFailure,
    FeedItem,
    FeedRunReport,
    FeedStopReason,
    OrderFeedItem,
    TransmissionFeedItem,
)
from ._base import AsyncResource, SyncResource

I = TypeVar("I", bound=FeedItem)  # noqa: E741 - the item type of a feed

MAX_CONCURRENCY = 32
_ERROR_TEXT_MAX = 500


class _FeedDecoder(ListDecoder[I]):
    """A bare array of entries; an empty body reads as an empty feed."""

    empty_ok = True

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> list[I]:
        if data is None:
            return []
        return super().from_json(data, conv, request)


@attrs.frozen
class _Kind(Generic[I]):
    """One feed: its two routes and its entry type."""

    name: str
    model: type[I]
    read: Route[list[I]]
    ack: Route[None]


ORDERS: _Kind[OrderFeedItem] = _Kind(
    "order_feed",
    OrderFeedItem,
    route("GET", "/orders/feeds", _FeedDecoder(OrderFeedItem)),
    route("PUT", "/orders/feeds/{id}", NoContent()),
)
TRANSMISSIONS: _Kind[TransmissionFeedItem] = _Kind(
    "transmission_feed",
    TransmissionFeedItem,
    route("GET", "/transmissions/feeds", _FeedDecoder(TransmissionFeedItem)),
    route("PUT", "/transmissions/feeds/{id}", NoContent()),
)


# --- pure request builders ----------------------------------------------------------------


def _check_int_range(field: str, value: object, low: int, high: int | None = None) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        rule = f"in {low}..{high}" if high is not None else f">= {low}"
        raise RequestValidationError(field, f"must be an integer {rule}, got {value!r}")
    return value


def read_op(kind: _Kind[I], *, limit: int = 100) -> Operation[list[I]]:
    """Read up to ``limit`` (5..100) entries."""
    return kind.read.op(params={"limit": _check_int_range("limit", limit, 5, 100)})


def check_token(token: object) -> str:
    """A feed token: a UUID string (never echoed in the error: a token passed here by mistake
    could be a credential)."""
    if isinstance(token, uuid.UUID):
        return str(token)
    if not isinstance(token, str) or not token.strip():
        raise RequestValidationError(
            "token", "is required: the token of the feed entry (a UUID string)"
        )
    try:
        uuid.UUID(token)
    except ValueError:
        raise RequestValidationError("token", "must be the UUID string of the feed entry") from None
    return token


def ack_op(
    kind: _Kind[I],
    item: FeedItem | int,
    token: str | uuid.UUID | None = None,
    *,
    status: str | None = None,
) -> Operation[None]:
    """Acknowledge an entry: ``ack_op(kind, item)`` or ``ack_op(kind, id, token)``."""
    if isinstance(item, FeedItem):
        if token is not None:
            raise RequestValidationError("token", "pass a feed item, or an id and its token")
        if type(item) is not FeedItem and not isinstance(item, kind.model):
            raise RequestValidationError(
                "item", f"a {type(item).__name__} cannot be acknowledged on {kind.name}"
            )
        item_id: object = item.id
        token = item.token
    else:
        item_id = item
    item_id = _check_int_range("id", item_id, 0)
    body = {"token": check_token(token)}
    if status is not None:
        require_text("status", status)
    return kind.ack.op({"id": item_id}, params={"status": status}, json=body)


# --- one consumer run (state only, no I/O) ------------------------------------------------


@attrs.frozen
class _Settings:
    batch_size: int
    max_items: int | None
    max_seconds: float | None
    concurrency: int


def _settings(
    handler: object,
    batch_size: object,
    max_items: object,
    max_seconds: object,
    concurrency: object,
) -> _Settings:
    if not callable(handler):
        raise RequestValidationError("handler", "must be callable (it receives one feed entry)")
    size = _check_int_range("batch_size", batch_size, 5, 100)
    items = None if max_items is None else _check_int_range("max_items", max_items, 1)
    seconds: float | None = None
    if max_seconds is not None:
        if isinstance(max_seconds, bool) or not isinstance(max_seconds, int | float):
            raise RequestValidationError("max_seconds", f"must be a number, got {max_seconds!r}")
        if not max_seconds > 0:
            raise RequestValidationError("max_seconds", f"must be > 0, got {max_seconds!r}")
        seconds = float(max_seconds)
    workers = _check_int_range("concurrency", concurrency, 1, MAX_CONCURRENCY)
    return _Settings(size, items, seconds, workers)


def _error_text(exc: BaseException) -> str:
    text = mask(repr(exc))
    if len(text) > _ERROR_TEXT_MAX:
        text = text[:_ERROR_TEXT_MAX] + "..."
    return text


def _no_acks() -> list[Any]:
    return []


@attrs.define
class _Outcome(Generic[I]):
    """What handling one group of entries (same id) did; recorded by the run."""

    group: list[I]
    handler_error: Exception | None = None
    acks: list[tuple[I, Exception | None]] = attrs.field(factory=_no_acks)


class _Run(Generic[I]):
    def __init__(self, kind: _Kind[I], settings: _Settings, clock: Clock) -> None:
        self.kind = kind
        self.settings = settings
        self.clock = clock
        self.started = clock.monotonic()
        self.seen: set[tuple[int, str]] = set()
        self.handled = 0
        self.reads = 0
        self.duplicates = 0
        self.processed: list[int] = []
        self.acked: list[int] = []
        self.failures: list[FeedFailure] = []
        self.ack_failures: list[FeedFailure] = []

    def budget_spent(self) -> FeedStopReason | None:
        s = self.settings
        if s.max_items is not None and self.handled >= s.max_items:
            return FeedStopReason.MAX_ITEMS
        if s.max_seconds is not None and self.clock.monotonic() - self.started >= s.max_seconds:
            return FeedStopReason.MAX_SECONDS
        return None

    def read_size(self) -> int:
        size = self.settings.batch_size
        if self.settings.max_items is not None:
            size = min(size, max(5, self.settings.max_items - self.handled))
        return size

    def accept(self, batch: list[I]) -> list[list[I]]:
        """New entries of a read, grouped by id (first-seen order); repeats are counted."""
        self.reads += 1
        groups: dict[int, list[I]] = {}
        for item in batch:
            key = (item.id, item.token)
            if key in self.seen:
                self.duplicates += 1
                continue
            self.seen.add(key)
            groups.setdefault(item.id, []).append(item)
        return list(groups.values())

    def start(self) -> None:
        self.handled += 1

    def record(self, outcome: _Outcome[I]) -> None:
        first = outcome.group[0]
        if outcome.handler_error is not None:
            exc = outcome.handler_error
            text = _error_text(exc)
            logger.warning(
                "%s entry %s: handler failed, left unacknowledged: %s",
                self.kind.name,
                first.id,
                text,
            )
            self.failures.extend(
                FeedFailure(id=i.id, token=i.token, stage="handler", error=text, exception=exc)
                for i in outcome.group
            )
            return
        self.processed.append(first.id)
        for item, error in outcome.acks:
            if error is None:
                self.acked.append(item.id)
                continue
            text = _error_text(error)
            logger.warning("%s entry %s: acknowledgement failed: %s", self.kind.name, item.id, text)
            self.ack_failures.append(
                FeedFailure(id=item.id, token=item.token, stage="ack", error=text, exception=error)
            )

    def report(self, reason: FeedStopReason) -> FeedRunReport:
        return FeedRunReport(
            processed=self.processed,
            acked=self.acked,
            failures=self.failures,
            ack_failures=self.ack_failures,
            duplicates=self.duplicates,
            reads=self.reads,
            elapsed=self.clock.monotonic() - self.started,
            stopped_because=reason,
        )

    def annotate(self, exc: BaseException) -> None:
        exc.add_note(
            f"{self.kind.name}.consume stopped after {self.handled} entries handled, "
            f"{len(self.processed)} processed, {len(self.acked)} acknowledged "
            "(unacknowledged entries stay in the feed)"
        )


def _fatal_ack_error(exc: Exception) -> bool:
    return isinstance(exc, AuthenticationError | PermissionDeniedError)


def _ack_error(exc: Exception, acked_sibling: bool) -> Exception | None:
    """``None`` when the failure is expected: a 404 for a second token of an id whose first
    token was just acknowledged (acknowledging clears the id's other entries)."""
    if acked_sibling and isinstance(exc, NotFoundError):
        return None
    return exc


def _awaitable_from_sync_handler(result: object) -> RequestValidationError:
    close = getattr(result, "close", None)
    if callable(close):
        close()  # a coroutine: close it so it is not left un-awaited
    return RequestValidationError(
        "handler",
        "returned an awaitable: the sync client cannot await it "
        "(use AsyncAnymarket for async handlers)",
    )


# --- resources ----------------------------------------------------------------------------


class FeedResource(SyncResource, Generic[I]):
    """Shared by ``client.order_feed`` and ``client.transmission_feed``."""

    _kind: ClassVar[_Kind[Any]]

    def read(self, *, limit: int = 100) -> list[I]:
        """Up to ``limit`` (5..100) unacknowledged entries (a bare array; may be empty)."""
        op: Operation[list[I]] = read_op(self._kind, limit=limit)
        return self._client.send(op)

    def consume(
        self,
        handler: Callable[[I], object],
        *,
        batch_size: int = 100,
        max_items: int | None = None,
        max_seconds: float | None = None,
        concurrency: int = 1,
    ) -> FeedRunReport:
        """Read, handle and acknowledge entries until the feed has nothing new or a budget is
        spent; see the module docstring for the guarantees.

        ``handler(entry)`` is called once per new id; return normally to have the entry
        acknowledged, raise to leave it in the feed. ``concurrency > 1`` runs handlers
        (and their acknowledgements) in that many worker threads: the handler must then be
        thread-safe. An ``async def`` handler needs ``AsyncAnymarket``.
        """
        settings = _settings(handler, batch_size, max_items, max_seconds, concurrency)
        if inspect.iscoroutinefunction(handler):
            raise _awaitable_from_sync_handler(None)
        run: _Run[I] = _Run(self._kind, settings, self._client.clock)
        try:
            reason = self._loop(run, handler)
        except BaseException as exc:
            run.annotate(exc)
            raise
        return run.report(reason)

    def _loop(self, run: _Run[I], handler: Callable[[I], object]) -> FeedStopReason:
        pool = (
            ThreadPoolExecutor(run.settings.concurrency, thread_name_prefix="anymarket-feed")
            if run.settings.concurrency > 1
            else None
        )
        try:
            while (spent := run.budget_spent()) is None:
                op: Operation[list[I]] = read_op(self._kind, limit=run.read_size())
                groups = run.accept(self._client.send(op))
                if not groups:
                    return FeedStopReason.FEED_EMPTY
                if pool is None:
                    spent = self._sequential(run, handler, groups)
                else:
                    spent = self._threaded(run, handler, groups, pool)
                if spent is not None:
                    return spent
            return spent
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def _sequential(
        self, run: _Run[I], handler: Callable[[I], object], groups: list[list[I]]
    ) -> FeedStopReason | None:
        for group in groups:
            if (spent := run.budget_spent()) is not None:
                return spent
            run.start()
            run.record(self._handle(handler, group))
        return None

    def _threaded(
        self,
        run: _Run[I],
        handler: Callable[[I], object],
        groups: list[list[I]],
        pool: ThreadPoolExecutor,
    ) -> FeedStopReason | None:
        pending: set[Future[_Outcome[I]]] = set()
        spent: FeedStopReason | None = None
        try:
            for group in groups:
                while len(pending) >= run.settings.concurrency:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        run.record(f.result())
                if (spent := run.budget_spent()) is not None:
                    break
                run.start()
                pending.add(pool.submit(self._handle, handler, group))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    run.record(f.result())
        except BaseException:
            for f in pending:
                f.cancel()
            raise
        return spent

    def _handle(self, handler: Callable[[I], object], group: list[I]) -> _Outcome[I]:
        outcome: _Outcome[I] = _Outcome(group)
        try:
            result = handler(group[0])
        except AuthenticationError:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded in the report, the entry stays
            outcome.handler_error = exc
            return outcome
        if inspect.isawaitable(result):
            raise _awaitable_from_sync_handler(result)
        acked_sibling = False
        for item in group:
            try:
                self._client.send(ack_op(self._kind, item))
            except Exception as exc:
                if _fatal_ack_error(exc) or not isinstance(exc, AnymarketError):
                    raise
                outcome.acks.append((item, _ack_error(exc, acked_sibling)))
            else:
                acked_sibling = True
                outcome.acks.append((item, None))
        return outcome


class AsyncFeedResource(AsyncResource, Generic[I]):
    """Shared by ``client.order_feed`` and ``client.transmission_feed`` (async)."""

    _kind: ClassVar[_Kind[Any]]

    async def read(self, *, limit: int = 100) -> list[I]:
        """Up to ``limit`` (5..100) unacknowledged entries (a bare array; may be empty)."""
        op: Operation[list[I]] = read_op(self._kind, limit=limit)
        return await self._client.send(op)

    async def consume(
        self,
        handler: Callable[[I], object],
        *,
        batch_size: int = 100,
        max_items: int | None = None,
        max_seconds: float | None = None,
        concurrency: int = 1,
    ) -> FeedRunReport:
        """Read, handle and acknowledge entries until the feed has nothing new or a budget is
        spent; see the module docstring for the guarantees.

        ``handler(entry)`` may be an ``async def`` (awaited) or a plain function (called on
        the event loop: keep it short). Return normally to have the entry acknowledged, raise
        to leave it in the feed. ``concurrency > 1`` handles up to that many ids at once as
        tasks; each entry is still acknowledged only after its own handler returned.
        """
        settings = _settings(handler, batch_size, max_items, max_seconds, concurrency)
        run: _Run[I] = _Run(self._kind, settings, self._client.clock)
        try:
            reason = await self._loop(run, handler)
        except BaseException as exc:
            run.annotate(exc)
            raise
        return run.report(reason)

    async def _loop(self, run: _Run[I], handler: Callable[[I], object]) -> FeedStopReason:
        while (spent := run.budget_spent()) is None:
            op: Operation[list[I]] = read_op(self._kind, limit=run.read_size())
            groups = run.accept(await self._client.send(op))
            if not groups:
                return FeedStopReason.FEED_EMPTY
            if run.settings.concurrency == 1:
                spent = await self._sequential(run, handler, groups)
            else:
                spent = await self._concurrent(run, handler, groups)
            if spent is not None:
                return spent
        return spent

    async def _sequential(
        self, run: _Run[I], handler: Callable[[I], object], groups: list[list[I]]
    ) -> FeedStopReason | None:
        for group in groups:
            if (spent := run.budget_spent()) is not None:
                return spent
            run.start()
            run.record(await self._handle(handler, group))
        return None

    async def _concurrent(
        self, run: _Run[I], handler: Callable[[I], object], groups: list[list[I]]
    ) -> FeedStopReason | None:
        slots = anyio.Semaphore(run.settings.concurrency)
        fatal: list[BaseException] = []
        spent: FeedStopReason | None = None

        async with anyio.create_task_group() as tg:

            async def work(group: list[I]) -> None:
                try:
                    run.record(await self._handle(handler, group))
                except Exception as exc:  # noqa: BLE001 - re-raised below, outside the group
                    fatal.append(exc)
                    tg.cancel_scope.cancel()
                finally:
                    slots.release()

            for group in groups:
                await slots.acquire()
                if fatal:
                    slots.release()
                    break
                if (spent := run.budget_spent()) is not None:
                    slots.release()
                    break
                run.start()
                tg.start_soon(work, group)
        if fatal:
            raise fatal[0]
        return spent

    async def _handle(self, handler: Callable[[I], object], group: list[I]) -> _Outcome[I]:
        outcome: _Outcome[I] = _Outcome(group)
        try:
            result = handler(group[0])
            if inspect.isawaitable(result):
                await result
        except AuthenticationError:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded in the report, the entry stays
            outcome.handler_error = exc
            return outcome
        acked_sibling = False
        for item in group:
            try:
                await self._client.send(ack_op(self._kind, item))
            except Exception as exc:
                if _fatal_ack_error(exc) or not isinstance(exc, AnymarketError):
                    raise
                outcome.acks.append((item, _ack_error(exc, acked_sibling)))
            else:
                acked_sibling = True
                outcome.acks.append((item, None))
        return outcome


class OrderFeed(FeedResource[OrderFeedItem]):
    """``client.order_feed``: orders created or changed (``/orders/feeds``)."""

    _kind = ORDERS

    def ack(
        self,
        item: OrderFeedItem | int,
        token: str | uuid.UUID | None = None,
        *,
        status: str | None = None,
    ) -> None:
        """Acknowledge an entry (204): ``ack(entry)`` or ``ack(order_id, token)``.

        Without ``status`` ANYMARKET clears every entry of that order; with ``status`` (the
        order status you processed) only that status's entry.
        """
        self._client.send(ack_op(ORDERS, item, token, status=status))


class AsyncOrderFeed(AsyncFeedResource[OrderFeedItem]):
    """``client.order_feed`` (async): orders created or changed (``/orders/feeds``)."""

    _kind = ORDERS

    async def ack(
        self,
        item: OrderFeedItem | int,
        token: str | uuid.UUID | None = None,
        *,
        status: str | None = None,
    ) -> None:
        """Acknowledge an entry (204): ``ack(entry)`` or ``ack(order_id, token)``.

        Without ``status`` ANYMARKET clears every entry of that order; with ``status`` (the
        order status you processed) only that status's entry.
        """
        await self._client.send(ack_op(ORDERS, item, token, status=status))


class TransmissionFeed(FeedResource[TransmissionFeedItem]):
    """``client.transmission_feed``: SKUs with an active ad that changed
    (``/transmissions/feeds``)."""

    _kind = TRANSMISSIONS

    def ack(self, item: TransmissionFeedItem | int, token: str | uuid.UUID | None = None) -> None:
        """Acknowledge an entry (204): ``ack(entry)`` or ``ack(sku_id, token)``."""
        self._client.send(ack_op(TRANSMISSIONS, item, token))


class AsyncTransmissionFeed(AsyncFeedResource[TransmissionFeedItem]):
    """``client.transmission_feed`` (async): SKUs with an active ad that changed
    (``/transmissions/feeds``)."""

    _kind = TRANSMISSIONS

    async def ack(
        self, item: TransmissionFeedItem | int, token: str | uuid.UUID | None = None
    ) -> None:
        """Acknowledge an entry (204): ``ack(entry)`` or ``ack(sku_id, token)``."""
        await self._client.send(ack_op(TRANSMISSIONS, item, token))

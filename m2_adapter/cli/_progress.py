"""A one-line progress indicator on standard error, and a request counter.

``Progress`` runs a daemon thread that rewrites one line (``\\r``) on its stream while a long
step runs: the step's name, the requests made so far (when it has a counter) and the seconds
elapsed. It writes nothing for a step that ends within ``delay`` seconds, so short steps and
tests stay quiet. The event loop of an async step keeps the thread's output flowing too,
since the thread does not need the loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

import httpx

__all__ = ["Progress", "RequestCounter"]


class RequestCounter:
    """Counts HTTP requests sent by an ``httpx`` client (an event hook, sync or async)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        return self._count

    def __call__(self, request: httpx.Request) -> None:
        with self._lock:
            self._count += 1

    async def async_hook(self, request: httpx.Request) -> None:
        self(request)


class Progress:
    """``with Progress(stream, "catalogue push", count=lambda: n):`` shows a live line after
    ``delay`` seconds; ``enabled=False`` turns it off."""

    def __init__(
        self,
        stream: TextIO,
        label: str,
        *,
        count: Callable[[], int] | None = None,
        enabled: bool = True,
        delay: float = 1.0,
        interval: float = 0.25,
    ) -> None:
        self.stream = stream
        self.label = label
        self.count = count
        self.enabled = enabled
        self.delay = delay
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._base = 0
        self._shown = False
        self._width = 0

    def _line(self) -> str:
        elapsed = time.perf_counter() - self._started
        parts = [f"  ... {self.label}"]
        if self.count is not None:
            parts.append(f"{self.count() - self._base:,} requests")
        parts.append(f"{elapsed:.1f} s")
        return ", ".join(parts)

    def _write(self, line: str, end: str = "") -> None:
        self._width = max(self._width, len(line))
        self.stream.write(f"\r{line:<{self._width}}{end}")
        self.stream.flush()

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while True:
            self._write(self._line())
            self._shown = True
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> Progress:
        self._started = time.perf_counter()
        self._base = self.count() if self.count is not None else 0
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="m2-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            self._write(self._line() + " - done", end="\n")

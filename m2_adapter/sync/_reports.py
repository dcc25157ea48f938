"""Pieces shared by the flows' reports: failures with masked messages, request counting.

Kept small and stable: every flow module may import from here.

- ``Failure``: one thing a flow could not do this run (a request refused, a record not
  confirmed), with a masked message (no token, CPF/CNPJ, e-mail or phone ever appears).
- ``RequestTally``: counts the requests a flow sends (each SDK call the flow makes that
  reaches ANYMARKET, as the flow sees it; the client's own retries are not counted).
- ``plural``: ``plural(1, "SKU") == "1 SKU"``, ``plural(2, "SKU") == "2 SKUs"``, for
  ``summary()`` lines.
"""

from __future__ import annotations

import attrs

from anymarket_sdk import mask

__all__ = ["Failure", "RequestTally", "masked_message", "plural"]


def masked_message(error: BaseException | str) -> str:
    """``str(error)`` (or the text) masked, on one line, at most 500 characters."""
    text = error if isinstance(error, str) else (str(error) or type(error).__name__)
    line = " ".join(mask(text).split())
    return line if len(line) <= 500 else line[:497] + "..."


def _masked(value: str) -> str:
    return masked_message(value)


@attrs.frozen(kw_only=True)
class Failure:
    """Something a flow could not do this run; it is retried on the next run.

    ``subject`` names what failed (a SKU partnerId, ``product CAM-BASICA``, ``order 9001``),
    ``code`` is a short machine-readable kind (``"request_failed"``, ``"not_found"``, ...)
    and ``message`` the reason, masked (``masked_message``) when the failure is built.
    """

    subject: str
    message: str = attrs.field(converter=_masked)
    code: str = "request_failed"

    @classmethod
    def of(
        cls, subject: str, error: BaseException | str, *, code: str = "request_failed"
    ) -> Failure:
        """A failure from an exception (its type name prefixes the message) or a text."""
        text = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else error
        return cls(subject=subject, message=text, code=code)

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@attrs.define
class RequestTally:
    """Counts the requests a flow sends, split into reads (GET) and writes."""

    reads: int = 0
    writes: int = 0

    def read(self, n: int = 1) -> None:
        self.reads += n

    def write(self, n: int = 1) -> None:
        self.writes += n

    @property
    def total(self) -> int:
        return self.reads + self.writes


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 SKU"``, ``"3 SKUs"`` (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"

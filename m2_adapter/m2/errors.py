"""Every exception ``m2_adapter.m2`` raises on purpose.

::

    M2Error                                 base class
    ├── M2DecodeError (ValueError)          a row or file that does not fit its model
    ├── ExtracaoError                       a call to Useall's extração API failed
    │   ├── ExtracaoConnectionError         no response arrived (DNS, TCP, TLS, reset)
    │   │   └── ExtracaoTimeoutError
    │   ├── ExtracaoStatusError             an error status (.status_code, .body, .report_id)
    │   │   ├── ExtracaoAuthenticationError 401 / 403: token missing, wrong or revoked
    │   │   ├── ExtracaoNotFoundError       404: unknown report id (or URL)
    │   │   ├── ExtracaoRateLimitError      429 (.retry_after in seconds, when known)
    │   │   └── ExtracaoServerError         >= 500
    │   └── ExtracaoResponseError           a 2xx body that is not a list of rows
    └── OrderSinkError                      an M2 order sink refused a call
        ├── InvalidOrderError (ValueError)  the order cannot be written (nothing was written)
        ├── OrderNotFoundError (LookupError) no order for that ANYMARKET order id
        └── OrderStateError                 the change is not allowed in the order's status

These are our own classes, not ``anymarket_sdk``'s: an ``except anymarket_sdk.RateLimitError``
written for ANYMARKET's hourly budget must not swallow M2's long 429 waits, and the reverse.
The shapes mirror the SDK's (``status_code``, ``body``, ``retry_after``) so handlers read alike.

No httpx exception escapes: transport failures are wrapped and chained (``__cause__``). No
message or repr contains the extração token, and the errors do not keep the ``httpx.Response``
(whose request carries the token header): they keep the status, the parsed body and the URL.
Server text is masked with ``anymarket_sdk.mask`` (documents, e-mails, phones).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from anymarket_sdk import mask

from ._json import as_array, as_object

__all__ = [
    "ExtracaoAuthenticationError",
    "ExtracaoConnectionError",
    "ExtracaoError",
    "ExtracaoNotFoundError",
    "ExtracaoRateLimitError",
    "ExtracaoResponseError",
    "ExtracaoServerError",
    "ExtracaoStatusError",
    "ExtracaoTimeoutError",
    "InvalidOrderError",
    "M2DecodeError",
    "M2Error",
    "OrderNotFoundError",
    "OrderSinkError",
    "OrderStateError",
]


class M2Error(Exception):
    """Base class of every error raised by ``m2_adapter.m2``."""


class M2DecodeError(M2Error, ValueError):
    """A row (from the extração API or an export file) does not fit its model.

    ``entity`` is the model name, ``source`` where the row came from (report id or file),
    ``row`` its 0-based position when known, and ``errors`` one line per problem, each naming
    the M2 column (``"PESOBRUTO: not a number: 'abc'"``). Values are masked.
    """

    def __init__(
        self,
        entity: str,
        errors: Sequence[str],
        *,
        source: str | None = None,
        row: int | None = None,
    ) -> None:
        where = f" from {source}" if source else ""
        at = f" (row {row})" if row is not None else ""
        lines = "\n".join(f"  - {e}" for e in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(mask(f"cannot read {entity}{where}{at}:\n{lines}{more}"))
        self.entity = entity
        self.source = source
        self.row = row
        self.errors = [mask(e) for e in errors]


class ExtracaoError(M2Error):
    """A call to the extração API failed."""


class ExtracaoConnectionError(ExtracaoError):
    """The HTTP exchange failed before a response arrived."""


class ExtracaoTimeoutError(ExtracaoConnectionError):
    """The request timed out (connect, read, write or pool)."""


class ExtracaoStatusError(ExtracaoError):
    """The extração API answered with an error status.

    ``status_code``; ``body`` (parsed JSON when the body is JSON, else the text, masked);
    ``report_id``; ``url`` (the request URL; it never contains the token, which travels in a
    header).
    """

    def __init__(
        self, message: str, *, status_code: int, body: Any, report_id: str, url: str
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.report_id = report_id
        self.url = url


class ExtracaoAuthenticationError(ExtracaoStatusError):
    """401 or 403: the ``use-relatorio-token`` is missing, wrong or not allowed this report."""


class ExtracaoNotFoundError(ExtracaoStatusError):
    """404: the report id (``Identificacao``) or the URL does not exist."""


class ExtracaoRateLimitError(ExtracaoStatusError):
    """429 after the retries ran out, or with a ``Retry-After`` longer than the policy allows.

    ``retry_after`` is the wait in seconds the server asked for (``None`` when it sent none).
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ExtracaoServerError(ExtracaoStatusError):
    """Any status >= 500."""


class ExtracaoResponseError(ExtracaoError):
    """A successful response whose body is not a JSON list of rows (nor ``{"data": [...]}``)."""

    def __init__(self, message: str, *, report_id: str) -> None:
        super().__init__(message)
        self.report_id = report_id


class OrderSinkError(M2Error):
    """An M2 order sink refused a call."""


class InvalidOrderError(OrderSinkError, ValueError):
    """The order cannot be written as it is; nothing was written. ``reasons`` lists why."""

    def __init__(self, anymarket_order_id: str, reasons: Sequence[str]) -> None:
        super().__init__(f"order {anymarket_order_id!r} not written: " + "; ".join(reasons))
        self.anymarket_order_id = anymarket_order_id
        self.reasons = list(reasons)


class OrderNotFoundError(OrderSinkError, LookupError):
    """No order was written for this ANYMARKET order id."""

    def __init__(self, anymarket_order_id: str) -> None:
        super().__init__(f"no M2 order for ANYMARKET order {anymarket_order_id!r}")
        self.anymarket_order_id = anymarket_order_id


class OrderStateError(OrderSinkError):
    """The requested change is not allowed in the order's current status."""


def make_status_error(
    *,
    status_code: int,
    content: bytes,
    report_id: str,
    url: str,
    secret: str,
    retry_after: float | None = None,
) -> ExtracaoStatusError:
    """The typed error for an error response; the server's text is masked and any echo of
    ``secret`` (the token) is removed."""
    text = content.decode("utf-8", "replace")
    body: Any
    try:
        body = json.loads(text) if text.strip() else None
    except ValueError:
        body = text
    server_msg: str | None = None
    obj = as_object(body)
    if obj is not None:
        for key in ("message", "Message", "mensagem", "Mensagem", "error", "erro"):
            value = obj.get(key)
            if isinstance(value, str) and value.strip():
                server_msg = value.strip()
                break
    elif isinstance(body, str) and body.strip():
        server_msg = body.strip()
    detail = f": {server_msg[:300]}" if server_msg else ""
    message = mask(f"{status_code} GET extração report {report_id!r}{detail}")
    if secret:
        message = message.replace(secret, "***")
    body = _scrub(body, secret)
    kw: dict[str, Any] = {
        "status_code": status_code,
        "body": body,
        "report_id": report_id,
        "url": url,
    }
    if status_code == 429:
        return ExtracaoRateLimitError(message, retry_after=retry_after, **kw)
    if status_code in (401, 403):
        return ExtracaoAuthenticationError(message, **kw)
    if status_code == 404:
        return ExtracaoNotFoundError(message, **kw)
    if status_code >= 500:
        return ExtracaoServerError(message, **kw)
    return ExtracaoStatusError(message, **kw)


def _scrub(body: Any, secret: str) -> Any:
    """``body`` with the secret removed and personal data masked, whatever its JSON shape."""
    if isinstance(body, str):
        return mask(body.replace(secret, "***") if secret else body)
    obj = as_object(body)
    if obj is not None:
        return {k: _scrub(v, secret) for k, v in obj.items()}
    array = as_array(body)
    if array is not None:
        return [_scrub(v, secret) for v in array]
    return body

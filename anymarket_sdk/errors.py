"""Every exception the SDK raises on purpose.

::

    AnymarketError                          base class
    ├── RequestValidationError (ValueError) bad input, raised before any request is sent
    │   ├── InvalidAccessKeyError           an NF-e access key that is malformed or inconsistent
    │   ├── TransitionError                 an order status change the known status forbids
    │   └── TransitionDataError             a status change missing (or with bad) required data
    ├── AmbiguousOrderError                 a look-up that must find one order found several
    ├── APIConnectionError                  the request did not complete (DNS, TCP, TLS, reset)
    │   └── APITimeoutError
    ├── APIStatusError                      ANYMARKET answered with a 4xx/5xx status
    │   ├── BadRequestError          400
    │   ├── AuthenticationError      401
    │   ├── PermissionDeniedError    403
    │   ├── NotFoundError            404
    │   ├── ConflictError            409
    │   ├── UnprocessableEntityError 422
    │   ├── RateLimitError           429   (.retry_after in seconds, when known)
    │   └── ServerError              >=500
    └── ResponseDecodeError                 a 2xx body that does not match the model

No httpx or cattrs exception escapes the SDK: they are wrapped and chained (``__cause__``).
No message or repr ever contains the ANYMARKET token: the token travels only in a request
header and the SDK never formats headers into errors.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, ClassVar

import httpx

from ._jsonutil import as_array, as_object
from ._logging import mask

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousOrderError",
    "AnymarketError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FieldError",
    "InvalidAccessKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseDecodeError",
    "ServerError",
    "TransitionDataError",
    "TransitionError",
    "UnprocessableEntityError",
]


class AnymarketError(Exception):
    """Base class of every error raised by ``anymarket_sdk``."""


class RequestValidationError(AnymarketError, ValueError):
    """The call's input is invalid; nothing was sent.

    ``field`` names the offending argument or model path (``"skus[0].price"``).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class InvalidAccessKeyError(RequestValidationError):
    """An NF-e access key is malformed, has a wrong check digit, or disagrees with the
    invoice it is sent with. ``field`` names the argument (e.g. ``"invoice.access_key"``)."""


class TransitionError(RequestValidationError):
    """The order's known status does not allow the requested one (nothing was sent).

    ``current`` and ``target`` are the two statuses; ``field`` is ``"current"``.
    """

    def __init__(self, field: str, message: str, *, current: str, target: str) -> None:
        super().__init__(field, message)
        self.current = current
        self.target = target


class TransitionDataError(RequestValidationError):
    """A status change lacks data its target status needs, or carries invalid data
    (a naive datetime, an empty tracking number...). Nothing was sent."""


class AmbiguousOrderError(AnymarketError):
    """A look-up that must find at most one order found several."""

    def __init__(self, message: str, *, order_ids: Sequence[int | None]) -> None:
        super().__init__(message)
        self.order_ids = list(order_ids)


class APIConnectionError(AnymarketError):
    """The HTTP exchange failed before a response arrived."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""


class FieldError:
    """One entry of ANYMARKET's ``fieldErrors`` list."""

    __slots__ = ("field", "message")

    def __init__(self, field: str | None, message: str | None) -> None:
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        return f"FieldError(field={self.field!r}, message={self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldError) and (self.field, self.message) == (
            other.field,
            other.message,
        )

    __hash__ = None  # type: ignore[assignment]


class APIStatusError(AnymarketError):
    """ANYMARKET answered with an error status.

    Attributes: ``status_code``, ``code`` and ``details`` (from the body when present),
    ``field_errors``, ``body`` (parsed JSON when the body is JSON, else the text) and
    ``response`` (the raw ``httpx.Response``).
    """

    status_code: int
    expected_status: ClassVar[int | None] = None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        code: str | None = None,
        details: str | None = None,
        field_errors: Sequence[FieldError] = (),
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.code = code
        self.details = details
        self.field_errors = list(field_errors)

    @property
    def server_message(self) -> str | None:
        """ANYMARKET's own ``message`` text (usually in Portuguese), when present."""
        msg = (as_object(self.body) or {}).get("message")
        return msg if isinstance(msg, str) else None


class BadRequestError(APIStatusError):
    expected_status = 400


class AuthenticationError(APIStatusError):
    expected_status = 401


class PermissionDeniedError(APIStatusError):
    expected_status = 403


class NotFoundError(APIStatusError):
    expected_status = 404


class ConflictError(APIStatusError):
    expected_status = 409


class UnprocessableEntityError(APIStatusError):
    expected_status = 422


class RateLimitError(APIStatusError):
    """HTTP 429: past ANYMARKET's request budget (5,000 requests/hour per token).

    ``retry_after`` is the server's ``Retry-After`` in seconds when it sent one.
    """

    expected_status = 429

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """Any status >= 500."""


class ResponseDecodeError(AnymarketError):
    """A successful response whose body does not fit the expected model.

    ``errors`` lists one line per problem with its JSON path, e.g.
    ``"invalid value for type, expected int @ $.content[3].id"``.
    """

    def __init__(self, message: str, *, body: Any, errors: Sequence[str]) -> None:
        lines = "\n".join(f"  - {e}" for e in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{message}\n{lines}{more}" if errors else message)
        self.body = body
        self.errors = list(errors)


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _parse_field_errors(raw: object) -> list[FieldError]:
    out: list[FieldError] = []
    for raw_item in as_array(raw) or []:
        item = as_object(raw_item)
        if item is not None:
            f, m = item.get("field"), item.get("message")
            out.append(FieldError(f if isinstance(f, str) else None, str(m) if m else None))
    return out


def make_status_error(
    response: httpx.Response,
    *,
    route: str,
    retry_after: float | None = None,
    secret: str | None = None,
) -> APIStatusError:
    """Build the typed error for an error response. ``route`` reads ``"GET products/12"``.

    The server's text is masked (documents, e-mails, phones, token-like assignments) and any
    occurrence of ``secret`` is replaced, in case a gateway echoes the request back.
    """
    status = response.status_code
    body: Any
    try:
        body = json.loads(response.content) if response.content else None
    except (ValueError, RecursionError):
        body = response.text
    code: str | None = None
    details: str | None = None
    server_msg: str | None = None
    field_errors: list[FieldError] = []
    obj = as_object(body)
    if obj is not None:
        c, d, m = obj.get("code"), obj.get("details"), obj.get("message")
        code = str(c) if c is not None else None
        details = d if isinstance(d, str) else None
        server_msg = m if isinstance(m, str) else None
        field_errors = _parse_field_errors(obj.get("fieldErrors"))
        legacy = obj.get("response")  # legacy 401 shape {"response": "NO_TOKEN"}
        if server_msg is None and isinstance(legacy, str):
            server_msg = legacy
    elif isinstance(body, str) and body.strip():
        server_msg = body.strip()[:300]
    detail = f": {server_msg}" if server_msg else ""
    if field_errors:
        detail += " (" + "; ".join(f"{e.field}: {e.message}" for e in field_errors) + ")"
    detail = mask(detail)
    if secret:
        detail = detail.replace(secret, "***")
    message = f"{status} {route}{detail}"
    kw: dict[str, Any] = {
        "response": response,
        "body": body,
        "code": code,
        "details": details,
        "field_errors": field_errors,
    }
    if status == 429:
        return RateLimitError(message, retry_after=retry_after, **kw)
    cls = _STATUS_ERRORS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else APIStatusError
    return cls(message, **kw)

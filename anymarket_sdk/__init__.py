"""Typed client for the ANYMARKET REST API v2, sync (``Anymarket``) and async
(``AsyncAnymarket``).

::

    from anymarket_sdk import Anymarket, Environment

    with Anymarket(token="...", environment=Environment.SANDBOX) as am:
        page = am.brands.list(limit=20)
"""

from . import fiscal, models, webhooks
from ._client import (
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    Anymarket,
    AsyncAnymarket,
    Environment,
    check_base_url,
    is_loopback_host,
)
from ._clock import Clock, SystemClock
from ._converter import structure, to_dict
from ._core import Operation, Route
from ._logging import mask
from ._logging import setup_from_env as _setup_logging
from ._pagination import Link, Page, PageMeta
from ._ratelimit import RateLimiter
from ._retry import RetryPolicy, parse_retry_after, retry_delay
from ._version import __version__
from .errors import (
    AmbiguousOrderError,
    AnymarketError,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidAccessKeyError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseDecodeError,
    ServerError,
    TransitionDataError,
    TransitionError,
    UnprocessableEntityError,
)
from .types import OpenStrEnum

__all__ = [
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousOrderError",
    "Anymarket",
    "AnymarketError",
    "AsyncAnymarket",
    "AuthenticationError",
    "BadRequestError",
    "Clock",
    "ConflictError",
    "Environment",
    "InvalidAccessKeyError",
    "Link",
    "NotFoundError",
    "OpenStrEnum",
    "Operation",
    "Page",
    "PageMeta",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimiter",
    "RequestValidationError",
    "ResponseDecodeError",
    "RetryPolicy",
    "Route",
    "ServerError",
    "SystemClock",
    "TransitionDataError",
    "TransitionError",
    "UnprocessableEntityError",
    "__version__",
    "check_base_url",
    "fiscal",
    "is_loopback_host",
    "mask",
    "models",
    "parse_retry_after",
    "retry_delay",
    "structure",
    "to_dict",
    "webhooks",
]


def _present_as_public() -> None:
    """Tracebacks and reprs read ``anymarket_sdk.NotFoundError``, not the private module."""
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type) and obj.__module__.startswith("anymarket_sdk."):
            obj.__module__ = "anymarket_sdk"


_present_as_public()

_setup_logging()

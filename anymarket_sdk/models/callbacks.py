"""Callback registrations (``/callbacks``): where ANYMARKET POSTs its notifications."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import extra_field, read_only

__all__ = ["Callback"]


@attrs.frozen(kw_only=True)
class Callback:
    """A callback registration.

    ``url`` (<= 255 characters) receives a POST for every enabled kind of change: orders,
    products, transmissions (SKUs with an active ad) and questions. ``url`` must be https
    (plain http is accepted only for loopback test hosts); it is checked before sending.

    ``token`` is what ANYMARKET's docs call the account token: treat it as a secret. It is
    left out of ``repr``.

    The API docs spell the last flag ``"questionActive "`` (trailing space); both spellings
    are read into ``question_active``, and ``questionActive`` is what the SDK sends.
    """

    url: str
    token: str | None = attrs.field(default=None, repr=False)
    order_active: bool | None = None
    product_active: bool | None = None
    transmission_active: bool | None = None
    question_active: bool | None = None
    id: int | None = read_only()
    extra: dict[str, Any] = extra_field()

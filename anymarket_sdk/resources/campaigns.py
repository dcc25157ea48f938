"""``client.campaigns``: ``/campaigns``.

``GET /campaigns`` answers with its own envelope, ``{pageSize, count, start, values[]}``,
instead of the usual ``{links, content, page}``. ``CampaignPageDecoder`` turns it into an
``anymarket_sdk.Page`` (``count`` as the total), so ``list`` returns the same ``Page`` as
every other resource and ``iter`` walks it with the clients' shared pager.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from enum import Enum
from typing import Any

import cattrs
import httpx

from .._core import Decoder, ModelDecoder, Operation, check_limit, check_offset, route
from .._pagination import Page, PageMeta
from ..errors import RequestValidationError
from ..models.campaigns import Campaign, CampaignEnvelope, CampaignStatus
from ._base import AsyncResource, SyncResource

__all__ = ["AsyncCampaigns", "CampaignPageDecoder", "Campaigns", "get_op", "list_op"]


def _request_int(request: httpx.Request | None, name: str) -> int | None:
    raw = request.url.params.get(name) if request is not None else None
    return int(raw) if raw is not None and raw.isdigit() else None


class CampaignPageDecoder(Decoder[Page[Campaign]]):
    """``{pageSize, count, start, values[]}`` -> ``Page[Campaign]``.

    ``offset``/``limit`` are the values the request used (falling back to ``start`` and
    ``pageSize``); ``count`` becomes ``page.total``. A ``pageSize`` of 0 (as in the API
    docs' example) is treated as unknown.
    """

    model = Campaign

    def from_json(
        self, data: Any, conv: cattrs.Converter, request: httpx.Request | None
    ) -> Page[Campaign]:
        env = conv.structure(data, CampaignEnvelope)
        size = env.page_size if env.page_size else None
        offset = _request_int(request, "offset")
        limit = _request_int(request, "limit")
        return Page(
            items=env.values,
            meta=PageMeta(size=size, total_elements=env.count),
            offset=offset if offset is not None else env.start or 0,
            limit=limit if limit is not None else size or max(len(env.values), 1),
        )


_LIST = route("GET", "/campaigns", CampaignPageDecoder())
_GET = route("GET", "/campaigns/{id}", ModelDecoder(Campaign))


def _status(status: CampaignStatus | str | None) -> str | None:
    if status is None:
        return None
    text = status.value if isinstance(status, Enum) else status
    if not isinstance(text, str) or not text or text != text.upper() or text != text.strip():
        raise RequestValidationError(
            "status", f"must be SCHEDULED, ACTIVE or FINALIZED (upper case), got {text!r}"
        )
    return text


def list_op(
    *, offset: int = 0, limit: int = 50, status: CampaignStatus | str | None = None
) -> Operation[Page[Campaign]]:
    return _LIST.op(
        params={
            "offset": check_offset(offset),
            "limit": check_limit(limit, low=1),
            "status": _status(status),
        }
    )


def get_op(campaign_id: int) -> Operation[Campaign]:
    return _GET.op({"id": campaign_id})


class Campaigns(SyncResource):
    def list(
        self, *, offset: int = 0, limit: int = 50, status: CampaignStatus | str | None = None
    ) -> Page[Campaign]:
        """One page of campaigns (``limit`` 1..100), optionally of one status."""
        return self._client.send(list_op(offset=offset, limit=limit, status=status))

    def iter(
        self,
        *,
        limit: int = 100,
        status: CampaignStatus | str | None = None,
        max_items: int | None = None,
    ) -> Iterator[Campaign]:
        """Every campaign, lazily."""
        return self._client.iter_items(list_op(limit=limit, status=status), max_items=max_items)

    def get(self, campaign_id: int) -> Campaign:
        return self._client.send(get_op(campaign_id))


class AsyncCampaigns(AsyncResource):
    async def list(
        self, *, offset: int = 0, limit: int = 50, status: CampaignStatus | str | None = None
    ) -> Page[Campaign]:
        """One page of campaigns (``limit`` 1..100), optionally of one status."""
        return await self._client.send(list_op(offset=offset, limit=limit, status=status))

    def iter(
        self,
        *,
        limit: int = 100,
        status: CampaignStatus | str | None = None,
        max_items: int | None = None,
    ) -> AsyncIterator[Campaign]:
        """Every campaign, lazily (``async for``)."""
        return self._client.iter_items(list_op(limit=limit, status=status), max_items=max_items)

    async def get(self, campaign_id: int) -> Campaign:
        return await self._client.send(get_op(campaign_id))

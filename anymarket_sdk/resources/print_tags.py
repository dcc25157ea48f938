"""``client.print_tags``: shipping labels (``POST /printtag/{type}[?file=TXT|PLP]``).

The answer is a file (PDF, a zip of PDFs, ZPL text) or, for ``ZPL2`` with ``file=TXT``,
JSON ``{"content": "<ZPL>"}``. ``LabelDecoder`` turns either into a ``Label`` and never
alters the bytes of a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.message import Message
from pathlib import PurePosixPath
from typing import Any, Final

import cattrs
import httpx

from .. import _converter as cv
from .._core import Decoder, Operation, decode_json, route
from ..errors import RequestValidationError, ResponseDecodeError
from ..models.logistics import Label, PrintTagContent, PrintTagFile, PrintTagType
from ._base import AsyncResource, SyncResource

__all__ = ["AsyncPrintTags", "LabelDecoder", "PrintTags", "print_op"]

_TEXT_JSON_TYPE: Final = "text/plain; charset=utf-8"
_CODE: Final = re.compile(r"[A-Z0-9_]+")
_MAX_ID: Final = 2**63 - 1


def _filename(disposition: str | None) -> str | None:
    """The file name of a ``Content-Disposition`` header (RFC 6266/2231 forms), without
    any directory part, or ``None``."""
    if not disposition:
        return None
    msg = Message()
    msg["content-disposition"] = disposition
    name = msg.get_filename()
    if not name:
        return None
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    return base if base and base not in (".", "..") else None


def _is_json(media_type: str, body: bytes) -> bool:
    if media_type == "application/json" or media_type.endswith("+json"):
        return True
    # a JSON answer without a JSON content type (no label format starts with "{")
    return media_type in ("", "text/plain") and body.lstrip()[:1] == b"{"


class LabelDecoder(Decoder[Label]):
    """A label response: the file's bytes untouched, or the JSON ``{content}`` form."""

    model = Label

    def from_json(self, data: Any, conv: cattrs.Converter, request: httpx.Request | None) -> Label:
        if isinstance(data, str):
            return Label(content=data.encode(), content_type=_TEXT_JSON_TYPE)
        wrapped = conv.structure(data, PrintTagContent)
        return Label(content=wrapped.content.encode(), content_type=_TEXT_JSON_TYPE)

    def __call__(self, response: httpx.Response, conv: cattrs.Converter) -> Label:
        body = response.content
        content_type = response.headers.get("content-type")
        media_type = (content_type or "").split(";", 1)[0].strip().lower()
        if not body:
            raise ResponseDecodeError(
                f"empty label from {response.request.method} {response.request.url.path}",
                body=None,
                errors=["expected a label file or JSON {content} @ $"],
            )
        if _is_json(media_type, body):
            try:
                data = cv.loads(body)
            except ValueError:
                data = None  # not JSON after all: a file with a misleading content type
            if data is not None:
                return decode_json(self, data, conv, response.request)
        return Label(
            content=body,
            content_type=content_type,
            filename=_filename(response.headers.get("content-disposition")),
        )


_PRINT = route("POST", "/printtag/{type}", LabelDecoder())


def _tag_type(tag_type: PrintTagType | str) -> PrintTagType:
    if not isinstance(tag_type, str):
        raise RequestValidationError("tag_type", f"expected PDF, ZPL or ZPL2, got {tag_type!r}")
    value = PrintTagType(tag_type)  # any case: the official SDK writes "pdf"
    if not _CODE.fullmatch(value.value):
        raise RequestValidationError("tag_type", f"expected PDF, ZPL or ZPL2, got {tag_type!r}")
    return value


def _file(tag_type: PrintTagType, file: PrintTagFile | str | None) -> PrintTagFile | None:
    if file is None:
        return None
    if not isinstance(file, str):
        raise RequestValidationError("file", f"expected TXT or PLP, got {file!r}")
    value = PrintTagFile(file)
    if not _CODE.fullmatch(value.value):
        raise RequestValidationError("file", f"expected TXT or PLP, got {file!r}")
    if tag_type.is_known and tag_type != PrintTagType.ZPL2:
        raise RequestValidationError("file", f"only with ZPL2 labels, not {tag_type.value}")
    return value


def _order_ids(order_ids: Sequence[int]) -> list[int]:
    if isinstance(order_ids, str | bytes) or not isinstance(order_ids, Sequence):
        raise RequestValidationError("order_ids", "expected a list of order ids")
    if not order_ids:
        raise RequestValidationError("order_ids", "at least one order id is required")
    seen: set[int] = set()
    for i, oid in enumerate(order_ids):
        if isinstance(oid, bool) or not isinstance(oid, int) or not 0 < oid <= _MAX_ID:
            raise RequestValidationError(
                f"order_ids[{i}]", f"must be a positive ANYMARKET order id, got {oid!r}"
            )
        if oid in seen:
            raise RequestValidationError(f"order_ids[{i}]", f"order {oid} appears twice")
        seen.add(oid)
    return list(order_ids)


def print_op(
    order_ids: Sequence[int],
    tag_type: PrintTagType | str = PrintTagType.PDF,
    *,
    file: PrintTagFile | str | None = None,
) -> Operation[Label]:
    kind = _tag_type(tag_type)
    return _PRINT.op(
        {"type": kind.value},
        params={"file": _file(kind, file)},
        json={"orders": _order_ids(order_ids)},
    )


class PrintTags(SyncResource):
    def print(
        self,
        order_ids: Sequence[int],
        tag_type: PrintTagType | str = PrintTagType.PDF,
        *,
        file: PrintTagFile | str | None = None,
    ) -> Label:
        """The shipping labels of ``order_ids`` (ANYMARKET order ids) as one file.

        ``tag_type`` is ``PDF`` (default), ``ZPL`` or ``ZPL2``; with ``ZPL2``, ``file="TXT"``
        answers the marketplace's ZPL text and ``file="PLP"`` the posting list as PDF.
        Save the result with ``label.save(path)``.
        """
        return self._client.send(print_op(order_ids, tag_type, file=file))


class AsyncPrintTags(AsyncResource):
    async def print(
        self,
        order_ids: Sequence[int],
        tag_type: PrintTagType | str = PrintTagType.PDF,
        *,
        file: PrintTagFile | str | None = None,
    ) -> Label:
        """The shipping labels of ``order_ids`` (ANYMARKET order ids) as one file.

        ``tag_type`` is ``PDF`` (default), ``ZPL`` or ``ZPL2``; with ``ZPL2``, ``file="TXT"``
        answers the marketplace's ZPL text and ``file="PLP"`` the posting list as PDF.
        Save the result with ``label.save(path)``.
        """
        return await self._client.send(print_op(order_ids, tag_type, file=file))

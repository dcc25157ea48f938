"""The reversible codec between M2 item codes (``IDENTIFICACAO``) and ANYMARKET SKU
``partnerId`` values.

ANYMARKET passes ``partnerId`` on to most marketplaces as the seller SKU and uses it in URL
paths (``GET /skus/partnerId/{partnerId}``), with at most 120 characters. M2 codes are free
text. The codec keeps the common case unchanged and escapes the rest:

- the **safe alphabet** is ``A-Z a-z 0-9 - . _`` (RFC 3986 "unreserved" characters without
  ``~``): a code made only of them is its own partnerId (``CAM-BASICA-BRA-P`` stays as is), so
  SKUs already bound to plain codes keep working;
- every other character is written as its UTF-8 bytes, each as ``~`` plus two upper-case hex
  digits: a space is ``~20``, ``/`` is ``~2F``, ``~`` itself ``~7E``, ``ç`` is ``~C3~A7``.
  A code made only of dots (``.``, ``..``) has its dots escaped too, so that it never reads as
  a relative URL path segment;
- ``decode_partner_id`` accepts only the codec's own (canonical) output: lower-case hex,
  an escaped safe character or invalid UTF-8 are refused. Decoding is therefore the exact
  inverse of encoding, and two distinct codes never share a partnerId.

A code whose partnerId would exceed 120 characters cannot be sent (no reversible code can
squeeze every longer text into 120 characters); ``encode_partner_id`` refuses it with rule
``"too_long"`` and the catalogue mapping holds the item. Any code of up to 120 safe
characters, 40 ASCII characters or 10 arbitrary characters always fits.

Letter case is kept (``abc`` and ``ABC`` are different partnerIds). Whether ANYMARKET or a
marketplace compares seller SKUs case-insensitively is not documented, so the catalogue
mapping holds codes that differ only in case (``HoldReason.PARTNER_ID_CONFLICT``).
"""

from __future__ import annotations

import string
from typing import Final, Literal

__all__ = [
    "PARTNER_ID_ESCAPE",
    "PARTNER_ID_MAX_LENGTH",
    "PARTNER_ID_SAFE_CHARACTERS",
    "PartnerIdError",
    "decode_partner_id",
    "encode_partner_id",
    "is_partner_id",
]

PARTNER_ID_MAX_LENGTH: Final = 120
"""ANYMARKET's limit for a SKU ``partnerId``."""
PARTNER_ID_ESCAPE: Final = "~"
PARTNER_ID_SAFE_CHARACTERS: Final = frozenset(string.ascii_letters + string.digits + "-._")
_HEX: Final = frozenset("0123456789ABCDEF")

PartnerIdRule = Literal["type", "empty", "too_long", "characters", "not_canonical"]


class PartnerIdError(ValueError):
    """A code cannot be encoded, or a partnerId is not the codec's output. ``rule`` says why:
    ``type``, ``empty``, ``too_long``, ``characters`` (a lone surrogate; a bad escape) or
    ``not_canonical``. The message shows no more than the input's length."""

    rule: PartnerIdRule

    def __init__(self, rule: PartnerIdRule, message: str) -> None:
        super().__init__(message)
        self.rule = rule


def _escape(ch: str) -> str:
    try:
        data = ch.encode("utf-8")
    except UnicodeEncodeError:
        raise PartnerIdError(
            "characters", "the code holds a character UTF-8 cannot encode (a lone surrogate)"
        ) from None
    return "".join(f"{PARTNER_ID_ESCAPE}{b:02X}" for b in data)


def encode_partner_id(code: str) -> str:
    """The ANYMARKET SKU ``partnerId`` for an M2 item code (see the module docs).

    Raises ``PartnerIdError`` for an empty code or one whose partnerId would exceed
    ``PARTNER_ID_MAX_LENGTH`` characters.
    """
    if not isinstance(code, str):
        raise PartnerIdError("type", f"expected a str code, got {type(code).__name__}")
    if not code:
        raise PartnerIdError("empty", "the item code is empty")
    if PARTNER_ID_SAFE_CHARACTERS.issuperset(code) and code.strip("."):
        out = code
    elif not code.strip("."):
        out = _escape(".") * len(code)
    else:
        out = "".join(ch if ch in PARTNER_ID_SAFE_CHARACTERS else _escape(ch) for ch in code)
    if len(out) > PARTNER_ID_MAX_LENGTH:
        raise PartnerIdError(
            "too_long",
            f"the code's partnerId would have {len(out)} characters "
            f"(ANYMARKET allows {PARTNER_ID_MAX_LENGTH})",
        )
    return out


def decode_partner_id(partner_id: str) -> str:
    """The M2 item code a partnerId was encoded from (the inverse of ``encode_partner_id``).

    Raises ``PartnerIdError`` when ``partner_id`` is not something ``encode_partner_id``
    produces (so a partnerId typed by hand in ANYMARKET with, say, a space in it is refused).
    """
    if not isinstance(partner_id, str):
        raise PartnerIdError("type", f"expected a str partnerId, got {type(partner_id).__name__}")
    if not partner_id:
        raise PartnerIdError("empty", "the partnerId is empty")
    if len(partner_id) > PARTNER_ID_MAX_LENGTH:
        raise PartnerIdError(
            "too_long", f"a partnerId has at most {PARTNER_ID_MAX_LENGTH} characters"
        )
    if PARTNER_ID_SAFE_CHARACTERS.issuperset(partner_id) and partner_id.strip("."):
        return partner_id  # the fast path: plain codes are their own partnerId
    data = bytearray()
    i, n = 0, len(partner_id)
    while i < n:
        ch = partner_id[i]
        if ch == PARTNER_ID_ESCAPE:
            pair = partner_id[i + 1 : i + 3]
            if len(pair) != 2 or not _HEX.issuperset(pair):
                raise PartnerIdError(
                    "characters",
                    f"'~' at position {i} is not followed by two upper-case hex digits",
                )
            data.append(int(pair, 16))
            i += 3
        elif ch in PARTNER_ID_SAFE_CHARACTERS:
            data.append(ord(ch))
            i += 1
        else:
            raise PartnerIdError(
                "characters", f"position {i} holds a character the codec always escapes"
            )
    try:
        code = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PartnerIdError("characters", "the escaped bytes are not valid UTF-8") from None
    if encode_partner_id(code) != partner_id:
        raise PartnerIdError("not_canonical", "the partnerId is not in the codec's canonical form")
    return code


def is_partner_id(partner_id: object) -> bool:
    """True when ``decode_partner_id`` accepts ``partner_id`` (never raises)."""
    if not isinstance(partner_id, str):
        return False
    try:
        decode_partner_id(partner_id)
    except PartnerIdError:
        return False
    return True

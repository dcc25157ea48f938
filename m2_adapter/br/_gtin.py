"""GTIN (EAN/UPC) codes: GTIN-8, GTIN-12, GTIN-13 and GTIN-14."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from ._errors import DIGITS, BrValidationError, all_equal, compact, fail

__all__ = [
    "SEM_GTIN",
    "Gtin",
    "GtinKind",
    "gtin_check_digit",
    "is_valid_gtin",
    "parse_cean",
    "parse_gtin",
]

SEM_GTIN: Final = "SEM GTIN"
"""What NF-e ``cEAN``/``cEANTrib`` must hold for a product without a GTIN."""


class GtinKind(enum.StrEnum):
    """The GTIN family, given by the number of digits."""

    GTIN_8 = "GTIN-8"
    GTIN_12 = "GTIN-12"
    GTIN_13 = "GTIN-13"
    GTIN_14 = "GTIN-14"


_KIND_BY_LENGTH: Final = {
    8: GtinKind.GTIN_8,
    12: GtinKind.GTIN_12,
    13: GtinKind.GTIN_13,
    14: GtinKind.GTIN_14,
}


@dataclass(frozen=True, slots=True)
class Gtin:
    """A valid GTIN: its digits as given and its family."""

    value: str
    kind: GtinKind

    @property
    def gtin14(self) -> str:
        """The code left-padded with zeros to 14 digits, the form to compare GTINs by."""
        return self.value.rjust(14, "0")

    def __str__(self) -> str:
        return self.value


def _check_digit(data: str) -> str:
    # Weights 3, 1, 3, ... from the rightmost data digit leftwards.
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(data)))
    return str((10 - total % 10) % 10)


def _parse_gtin(text: object) -> Gtin:
    value = compact(text, "gtin")
    if not DIGITS.issuperset(value):
        fail("gtin", "characters", value, "only digits are allowed")
    kind = _KIND_BY_LENGTH.get(len(value))
    if kind is None:
        fail("gtin", "length", value, f"expected 8, 12, 13 or 14 digits, got {len(value)}")
    if all_equal(value):
        fail("gtin", "placeholder", value, "all digits are equal (a placeholder)")
    if value[-1] != _check_digit(value[:-1]):
        fail("gtin", "check_digit", value, "the check digit does not match")
    return Gtin(value, kind)


def parse_gtin(text: str) -> Gtin:
    """The GTIN in ``text``; ``BrValidationError`` (kind ``"gtin"``) if invalid.

    Spaces, dots, hyphens and slashes are ignored. One repeated digit (``0000000000000``,
    which the check digit alone would accept) fails with rule ``"placeholder"``.
    """
    return _parse_gtin(text)


def is_valid_gtin(text: object) -> bool:
    """True when ``parse_gtin`` accepts ``text``; never raises."""
    try:
        _parse_gtin(text)
    except BrValidationError:
        return False
    return True


def parse_cean(text: str) -> Gtin | None:
    """An NF-e ``cEAN`` value: ``None`` for ``"SEM GTIN"`` (any case), else ``parse_gtin``."""
    if isinstance(text, str) and " ".join(text.split()).upper() == SEM_GTIN:
        return None
    return _parse_gtin(text)


def gtin_check_digit(data: str) -> str:
    """The check digit for ``data``: a GTIN without its last digit (7, 11, 12 or 13 digits)."""
    value = compact(data, "gtin")
    if not DIGITS.issuperset(value):
        fail("gtin", "characters", value, "only digits are allowed")
    if len(value) + 1 not in _KIND_BY_LENGTH:
        fail("gtin", "length", value, f"expected 7, 11, 12 or 13 digits, got {len(value)}")
    return _check_digit(value)

"""Fiscal codes without check digits: NCM (goods classification) and CFOP (operation code)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from ._errors import DIGITS, BrValidationError, all_equal, compact, fail

__all__ = [
    "SERVICE_NCM",
    "Cfop",
    "CfopDirection",
    "CfopScope",
    "is_valid_cfop",
    "is_valid_ncm",
    "parse_cfop",
    "parse_ncm",
]

SERVICE_NCM: Final = "00"
"""The only short NCM allowed on an NF-e: services and items that are not goods."""


def _parse_ncm(text: object, allow_service: bool) -> str:
    value = compact(text, "ncm")
    if not DIGITS.issuperset(value):
        fail("ncm", "characters", value, "only digits and dots are allowed")
    if allow_service and value == SERVICE_NCM:
        return value
    if len(value) != 8:
        fail("ncm", "length", value, f"expected 8 digits, got {len(value)}")
    if all_equal(value):
        fail("ncm", "placeholder", value, "all digits are equal (a placeholder)")
    chapter = int(value[:2])
    if not 1 <= chapter <= 97 or chapter == 77:
        fail("ncm", "unknown_code", value, "the first two digits are not an HS chapter (01-97)")
    return value


def parse_ncm(text: str, *, allow_service: bool = False) -> str:
    """The NCM in ``text`` as 8 digits (``"8471.30.12"`` gives ``"84713012"``).

    The first two digits must be a Harmonized System chapter (01-97, chapter 77 is unused).
    With ``allow_service=True`` the NF-e service value ``"00"`` is accepted too.
    """
    return _parse_ncm(text, allow_service)


def is_valid_ncm(text: object, *, allow_service: bool = False) -> bool:
    """True when ``parse_ncm`` accepts ``text``; never raises."""
    try:
        _parse_ncm(text, allow_service)
    except BrValidationError:
        return False
    return True


class CfopDirection(enum.StrEnum):
    """First CFOP digit 1-3: entrada (goods coming in); 5-7: saída (going out)."""

    ENTRY = "entry"
    EXIT = "exit"


class CfopScope(enum.StrEnum):
    """Where the other party is: same state, another state, or abroad."""

    INTRASTATE = "intrastate"
    INTERSTATE = "interstate"
    FOREIGN = "foreign"


_FIRST_DIGIT: Final = {
    "1": (CfopDirection.ENTRY, CfopScope.INTRASTATE),
    "2": (CfopDirection.ENTRY, CfopScope.INTERSTATE),
    "3": (CfopDirection.ENTRY, CfopScope.FOREIGN),
    "5": (CfopDirection.EXIT, CfopScope.INTRASTATE),
    "6": (CfopDirection.EXIT, CfopScope.INTERSTATE),
    "7": (CfopDirection.EXIT, CfopScope.FOREIGN),
}


@dataclass(frozen=True, slots=True)
class Cfop:
    """A CFOP and the meaning of its first digit."""

    code: str
    direction: CfopDirection
    scope: CfopScope

    @property
    def formatted(self) -> str:
        """The code written as ``N.NNN``."""
        return f"{self.code[0]}.{self.code[1:]}"

    def __str__(self) -> str:
        return self.code


def _parse_cfop(text: object) -> Cfop:
    value = compact(text, "cfop")
    if not DIGITS.issuperset(value):
        fail("cfop", "characters", value, "only digits and a dot are allowed")
    if len(value) != 4:
        fail("cfop", "length", value, f"expected 4 digits, got {len(value)}")
    meaning = _FIRST_DIGIT.get(value[0])
    if meaning is None:
        fail("cfop", "unknown_code", value, "the first digit must be 1, 2, 3, 5, 6 or 7")
    return Cfop(value, *meaning)


def parse_cfop(text: str) -> Cfop:
    """The CFOP in ``text`` (``"5102"`` or ``"5.102"``) with its direction and scope."""
    return _parse_cfop(text)


def is_valid_cfop(text: object) -> bool:
    """True when ``parse_cfop`` accepts ``text``; never raises."""
    try:
        _parse_cfop(text)
    except BrValidationError:
        return False
    return True

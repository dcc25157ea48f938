"""Address codes: CEP (postal code) and UF (federative unit, by sigla or IBGE code)."""

from __future__ import annotations

import enum
from typing import Final

from ._errors import DIGITS, BrValidationError, compact, fail

__all__ = [
    "Uf",
    "cep_matches_uf",
    "cep_ufs",
    "format_cep",
    "is_valid_cep",
    "is_valid_uf",
    "parse_cep",
    "parse_uf",
]


class Uf(enum.StrEnum):
    """The 27 federative units (26 states and the Distrito Federal), valued by their sigla."""

    RO = "RO"
    AC = "AC"
    AM = "AM"
    RR = "RR"
    PA = "PA"
    AP = "AP"
    TO = "TO"
    MA = "MA"
    PI = "PI"
    CE = "CE"
    RN = "RN"
    PB = "PB"
    PE = "PE"
    AL = "AL"
    SE = "SE"
    BA = "BA"
    MG = "MG"
    ES = "ES"
    RJ = "RJ"
    SP = "SP"
    PR = "PR"
    SC = "SC"
    RS = "RS"
    MS = "MS"
    MT = "MT"
    GO = "GO"
    DF = "DF"

    @property
    def ibge_code(self) -> int:
        """The IBGE code (NF-e ``cUF``), e.g. 35 for SP."""
        return _IBGE_CODES[self]

    @classmethod
    def from_ibge_code(cls, code: int) -> Uf:
        """The UF with this IBGE code; ``BrValidationError`` for an unknown code."""
        return _parse_uf(code)


_IBGE_CODES: Final[dict[Uf, int]] = {
    Uf.RO: 11,
    Uf.AC: 12,
    Uf.AM: 13,
    Uf.RR: 14,
    Uf.PA: 15,
    Uf.AP: 16,
    Uf.TO: 17,
    Uf.MA: 21,
    Uf.PI: 22,
    Uf.CE: 23,
    Uf.RN: 24,
    Uf.PB: 25,
    Uf.PE: 26,
    Uf.AL: 27,
    Uf.SE: 28,
    Uf.BA: 29,
    Uf.MG: 31,
    Uf.ES: 32,
    Uf.RJ: 33,
    Uf.SP: 35,
    Uf.PR: 41,
    Uf.SC: 42,
    Uf.RS: 43,
    Uf.MS: 50,
    Uf.MT: 51,
    Uf.GO: 52,
    Uf.DF: 53,
}
_UF_BY_CODE: Final = {code: uf for uf, code in _IBGE_CODES.items()}
_UF_BY_SIGLA: Final = {uf.value: uf for uf in Uf}
_ASCII_LETTERS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _parse_uf(value: object) -> Uf:
    if isinstance(value, int) and not isinstance(value, bool):
        uf = _UF_BY_CODE.get(value)
        if uf is None:
            shown = str(value) if -1000 < value < 1000 else ""
            fail("uf", "unknown_code", shown, "not an IBGE UF code")
        return uf
    text = compact(value, "uf")
    if DIGITS.issuperset(text):
        if len(text) != 2:
            fail("uf", "length", text, f"expected a 2-digit IBGE code, got {len(text)} digits")
        return _parse_uf(int(text))
    if not _ASCII_LETTERS.issuperset(text):
        fail("uf", "characters", text, "expected a 2-letter sigla or a 2-digit IBGE code")
    if len(text) != 2:
        fail("uf", "length", text, f"expected a 2-letter sigla, got {len(text)} letters")
    uf = _UF_BY_SIGLA.get(text.upper())
    if uf is None:
        fail("uf", "unknown_code", text, "not a Brazilian UF")
    return uf


def parse_uf(value: str | int) -> Uf:
    """The UF given by its sigla (``"SP"``, any case) or IBGE code (``35`` or ``"35"``)."""
    return _parse_uf(value)


def is_valid_uf(value: object) -> bool:
    """True when ``parse_uf`` accepts ``value``; never raises."""
    try:
        _parse_uf(value)
    except BrValidationError:
        return False
    return True


_PLACEHOLDER_CEP: Final = "00000000"
# First CEP digit -> the UFs of that postal region (Correios).
_CEP_REGIONS: Final[dict[str, frozenset[Uf]]] = {
    "0": frozenset({Uf.SP}),
    "1": frozenset({Uf.SP}),
    "2": frozenset({Uf.RJ, Uf.ES}),
    "3": frozenset({Uf.MG}),
    "4": frozenset({Uf.BA, Uf.SE}),
    "5": frozenset({Uf.PE, Uf.AL, Uf.PB, Uf.RN}),
    "6": frozenset({Uf.CE, Uf.PI, Uf.MA, Uf.PA, Uf.AM, Uf.AC, Uf.AP, Uf.RR}),
    "7": frozenset({Uf.DF, Uf.GO, Uf.TO, Uf.MT, Uf.MS, Uf.RO}),
    "8": frozenset({Uf.PR, Uf.SC}),
    "9": frozenset({Uf.RS}),
}


def _parse_cep(text: object) -> str:
    value = compact(text, "cep")
    if not DIGITS.issuperset(value):
        fail("cep", "characters", value, "only digits, a hyphen and dots are allowed")
    if len(value) != 8:
        fail("cep", "length", value, f"expected 8 digits, got {len(value)}")
    if value == _PLACEHOLDER_CEP:
        fail("cep", "placeholder", value, "00000-000 is a placeholder")
    return value


def parse_cep(text: str) -> str:
    """The CEP in ``text`` as 8 digits (``"01310-100"`` gives ``"01310100"``)."""
    return _parse_cep(text)


def is_valid_cep(text: object) -> bool:
    """True when ``parse_cep`` accepts ``text``; never raises."""
    try:
        _parse_cep(text)
    except BrValidationError:
        return False
    return True


def format_cep(text: str) -> str:
    """A valid CEP written as ``NNNNN-NNN``."""
    value = _parse_cep(text)
    return f"{value[:5]}-{value[5:]}"


def cep_ufs(text: str) -> frozenset[Uf]:
    """The UFs of the postal region of a valid CEP (its first digit), e.g. {RJ, ES} for 2."""
    return _CEP_REGIONS[_parse_cep(text)[0]]


def cep_matches_uf(cep: str, uf: str | int) -> bool:
    """Whether a valid CEP's postal region includes ``uf``: a sanity check to warn on.

    Raises ``BrValidationError`` when ``cep`` or ``uf`` is itself invalid.
    """
    return _parse_uf(uf) in cep_ufs(cep)

"""NF-e access keys ("chave de acesso"): parse, validate, build the check digit.

An access key is 44 characters that identify one NF-e (model 55) or NFC-e (model 65)::

    cUF  AAMM  CNPJ            mod  serie  nNF        tpEmis  cNF       cDV
    41   1909  08328657000194  55   001    562465425  1       04143308  7

The check digit ``cDV`` is a modulus-11 digit over the first 43 characters with weights
2..9 repeated from right to left; a remainder of 0 or 1 gives 0, otherwise ``11 - r``.

ANYMARKET receives the key when an order is invoiced (``invoice.accessKey``); a mistyped
key is accepted by the API and fails later at the marketplace, so the SDK checks it before
sending. Nothing here prints a key in an error message: its issuer field can be a CPF.

::

    >>> key = parse_access_key("41190908328657000194550015624654251041433087")
    >>> key.uf, key.year, key.month, key.model, key.series, key.number
    ('PR', 2019, 9, '55', 1, 562465425)
    >>> is_valid_access_key("41190908328657000194550015624654251041433088")
    False

Alphanumeric CNPJs (issued from July 2026) will appear in the issuer field. How the check
digit treats letters is not confirmed by SEFAZ yet; ``allow_alphanumeric_cnpj=True`` reads
them with the CNPJ rule (``ord(c) - 48``), and it is off by default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from .errors import InvalidAccessKeyError

__all__ = [
    "NFE_MODELS",
    "UF_BY_IBGE_CODE",
    "AccessKey",
    "InvalidAccessKeyError",
    "access_key_check_digit",
    "is_valid_access_key",
    "parse_access_key",
]

UF_BY_IBGE_CODE: Final[Mapping[int, str]] = MappingProxyType(
    {
        11: "RO", 12: "AC", 13: "AM", 14: "RR", 15: "PA", 16: "AP", 17: "TO",
        21: "MA", 22: "PI", 23: "CE", 24: "RN", 25: "PB", 26: "PE", 27: "AL", 28: "SE", 29: "BA",
        31: "MG", 32: "ES", 33: "RJ", 35: "SP",
        41: "PR", 42: "SC", 43: "RS",
        50: "MS", 51: "MT", 52: "GO", 53: "DF",
    }
)  # fmt: skip
"""IBGE state codes used in the key's ``cUF`` field (27 federative units; SP is 35)."""

NFE_MODELS: Final[Mapping[str, str]] = MappingProxyType({"55": "NF-e", "65": "NFC-e"})
"""Document models an access key may carry."""

KEY_LENGTH: Final = 44
_DIGITS: Final = re.compile(r"[0-9]+")
_ISSUER_ALNUM: Final = re.compile(r"[0-9A-Z]{12}[0-9]{2}")


def _value(c: str) -> int:
    return ord(c) - 48  # '0'..'9' -> 0..9; 'A' -> 17 (the alphanumeric CNPJ rule)


def access_key_check_digit(body: str) -> int:
    """The ``cDV`` of the first 43 characters of a key (weights 2..9 from the right)."""
    if len(body) != KEY_LENGTH - 1:
        raise ValueError(f"expected the 43 characters before the check digit, got {len(body)}")
    total = 0
    for i, c in enumerate(reversed(body)):
        total += _value(c) * (2 + i % 8)
    r = total % 11
    return 0 if r < 2 else 11 - r


def _mod11(values: list[int], weights: range | list[int]) -> int:
    r = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if r < 2 else 11 - r


def _is_cnpj(text: str) -> bool:
    if not _ISSUER_ALNUM.fullmatch(text) or len(set(text)) == 1:
        return False
    values = [_value(c) for c in text]
    w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    d1 = _mod11(values[:12], w1)
    d2 = _mod11([*values[:12], d1], [6, *w1])
    return values[12:] == [d1, d2]


def _is_cpf(text: str) -> bool:
    if len(text) != 11 or not text.isdigit() or len(set(text)) == 1:
        return False
    values = [int(c) for c in text]
    d1 = _mod11(values[:9], range(10, 1, -1))
    d2 = _mod11([*values[:9], d1], range(11, 1, -1))
    return values[9:] == [d1, d2]


@attrs.frozen(kw_only=True)
class AccessKey:
    """The parts of a valid access key (``parse_access_key`` builds it).

    ``issuer`` is the 14-character issuer field: a CNPJ, or for individual issuers (rural
    producers) a CPF left-padded with zeros; ``issuer_cnpj``/``issuer_cpf`` tell which.
    ``emission_type`` is ``tpEmis`` (1 = normal, others are contingency modes) and ``code``
    the random ``cNF``. The repr hides the key and the issuer (the issuer can be a CPF).
    """

    key: str = attrs.field(repr=False)
    uf_code: int
    year: int
    month: int
    issuer: str = attrs.field(repr=False)
    model: str
    series: int
    number: int
    emission_type: int
    code: str = attrs.field(repr=False)
    check_digit: int

    @property
    def uf(self) -> str:
        """The issuer's state acronym (``"SP"``)."""
        return UF_BY_IBGE_CODE[self.uf_code]

    @property
    def model_name(self) -> str:
        """``"NF-e"`` (model 55) or ``"NFC-e"`` (model 65)."""
        return NFE_MODELS[self.model]

    @property
    def issuer_cnpj(self) -> str | None:
        """The issuer CNPJ when the issuer field holds a valid one."""
        return self.issuer if _is_cnpj(self.issuer) else None

    @property
    def issuer_cpf(self) -> str | None:
        """The issuer CPF when the issuer field holds a zero-padded CPF (and no CNPJ)."""
        if self.issuer.startswith("000") and not _is_cnpj(self.issuer):
            cpf = self.issuer[3:]
            return cpf if _is_cpf(cpf) else None
        return None

    @property
    def is_contingency(self) -> bool:
        """True when the NF-e was issued in a contingency mode (``tpEmis`` other than 1)."""
        return self.emission_type != 1

    def formatted(self) -> str:
        """The key in groups of four, as printed on a DANFE."""
        return " ".join(self.key[i : i + 4] for i in range(0, KEY_LENGTH, 4))

    def __str__(self) -> str:
        return self.key


def _fail(field: str, message: str) -> InvalidAccessKeyError:
    return InvalidAccessKeyError(field, message)


def _compact(text: object, field: str) -> str:
    if not isinstance(text, str):
        raise _fail(field, f"expected a string, got {type(text).__name__}")
    key = "".join(text.split())
    if key[:3].upper() == "NFE":  # the XML ``Id`` attribute reads "NFe" + key
        key = key[3:]
    return key.upper()


def parse_access_key(
    text: str, *, field: str = "access_key", allow_alphanumeric_cnpj: bool = False
) -> AccessKey:
    """Parse and validate an NF-e/NFC-e access key.

    Spaces (as printed on a DANFE) and an ``NFe`` prefix (as in the XML ``Id``) are
    ignored. Checks: 44 characters, digits only (letters in the issuer field with
    ``allow_alphanumeric_cnpj``), a known IBGE state code, a month 01..12, model 55 or 65
    and the check digit. Raises ``InvalidAccessKeyError`` naming ``field``.
    """
    key = _compact(text, field)
    if len(key) != KEY_LENGTH:
        raise _fail(field, f"an access key has {KEY_LENGTH} digits, got {len(key)}")
    issuer = key[6:20]
    others = key[:6] + key[20:]
    if not _DIGITS.fullmatch(others) or not (
        _DIGITS.fullmatch(issuer) or (allow_alphanumeric_cnpj and _ISSUER_ALNUM.fullmatch(issuer))
    ):
        where = "outside the issuer field" if not _DIGITS.fullmatch(others) else "in the issuer"
        raise _fail(field, f"an access key has only digits; found another character {where}")
    uf_code, month, model = int(key[:2]), int(key[4:6]), key[20:22]
    if uf_code not in UF_BY_IBGE_CODE:
        raise _fail(field, f"unknown state code (cUF) {key[:2]}")
    if not 1 <= month <= 12:
        raise _fail(field, f"invalid month {key[4:6]} in the issue date (AAMM)")
    if model not in NFE_MODELS:
        raise _fail(field, f"model {model} is not an NF-e (55) or NFC-e (65)")
    expected = access_key_check_digit(key[:43])
    if int(key[43]) != expected:
        raise _fail(field, "wrong check digit: the key was mistyped or altered")
    return AccessKey(
        key=key,
        uf_code=uf_code,
        year=2000 + int(key[2:4]),
        month=month,
        issuer=issuer,
        model=model,
        series=int(key[22:25]),
        number=int(key[25:34]),
        emission_type=int(key[34]),
        code=key[35:43],
        check_digit=expected,
    )


def is_valid_access_key(text: object, *, allow_alphanumeric_cnpj: bool = False) -> bool:
    """True when ``text`` is a valid access key (see ``parse_access_key``)."""
    try:
        parse_access_key(
            text,  # type: ignore[arg-type]
            allow_alphanumeric_cnpj=allow_alphanumeric_cnpj,
        )
    except InvalidAccessKeyError:
        return False
    return True

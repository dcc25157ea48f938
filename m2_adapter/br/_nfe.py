"""NF-e access keys ("chave de acesso") with the consistency checks an ERP needs.

The key's structure and check digit are ``anymarket_sdk.fiscal``'s (the SDK checks keys
before invoicing an order); here they are reported as ``BrValidationError`` with a ``rule``,
and the key is also checked against the invoice it belongs to: its series and number, its
issuer CNPJ (the seller's branch) and its model.
"""

from __future__ import annotations

from anymarket_sdk.errors import InvalidAccessKeyError
from anymarket_sdk.fiscal import AccessKey, parse_access_key

from ._documents import parse_cnpj
from ._errors import BrRule, compact, fail

__all__ = ["AccessKey", "is_valid_nfe_key", "parse_nfe_key"]

_RULES: tuple[tuple[str, BrRule], ...] = (
    ("has 44 digits", "length"),
    ("only digits", "characters"),
    ("state code", "unknown_code"),
    ("model", "unknown_code"),
    ("month", "date"),
    ("check digit", "check_digit"),
)


def _rule_of(reason: str) -> BrRule:
    for marker, rule in _RULES:
        if marker in reason:
            return rule
    return "characters"


def parse_nfe_key(
    text: str,
    *,
    series: int | None = None,
    number: int | None = None,
    issuer_cnpj: str | None = None,
    model: str | None = None,
) -> AccessKey:
    """Parse an access key and check it against its invoice.

    Structure (44 digits, IBGE state code, issue month, model 55/65, modulus-11 check digit)
    as ``anymarket_sdk.fiscal.parse_access_key``; then, when given, ``series`` and ``number``
    must equal the key's, ``issuer_cnpj`` (any punctuation, numeric or alphanumeric) the
    key's issuer field, and ``model`` (``"55"`` or ``"65"``) the key's model. Raises
    ``BrValidationError(kind="nfe_key")``; rule ``"mismatch"`` for the consistency checks.
    """
    key_text = compact(text, "nfe_key")
    try:
        key = parse_access_key(key_text, allow_alphanumeric_cnpj=True)
    except InvalidAccessKeyError as exc:
        fail("nfe_key", _rule_of(exc.reason), key_text, exc.reason)
    if series is not None and key.series != series:
        fail("nfe_key", "mismatch", key_text, f"the key's series is not {series}")
    if number is not None and key.number != number:
        fail("nfe_key", "mismatch", key_text, f"the key's number is not {number}")
    if model is not None and key.model != model:
        fail("nfe_key", "mismatch", key_text, f"the key's model is {key.model}, not {model}")
    if issuer_cnpj is not None and key.issuer != parse_cnpj(issuer_cnpj):
        fail("nfe_key", "mismatch", key_text, "the key was issued by another CNPJ")
    return key


def is_valid_nfe_key(text: object) -> bool:
    """True when ``text`` is a structurally valid access key (never raises)."""
    if not isinstance(text, str):
        return False
    try:
        parse_nfe_key(text)
    except ValueError:
        return False
    return True

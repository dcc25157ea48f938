"""Brazilian document and code validation: pure functions, no I/O.

Every ``is_valid_*`` function returns a bool and never raises, whatever it is given. Every
``parse_*`` function returns the normalised value or raises ``BrValidationError``, whose
``kind`` and ``rule`` say what was refused and why; messages show at most the last two
characters of the input, so they are safe to log. See ``docs/validation.md``.
"""

from ._address import (
    Uf,
    cep_matches_uf,
    cep_ufs,
    format_cep,
    is_valid_cep,
    is_valid_uf,
    parse_cep,
    parse_uf,
)
from ._documents import (
    Document,
    DocumentKind,
    cnpj_check_digits,
    cnpj_root,
    cpf_check_digits,
    document_kind,
    format_cnpj,
    format_cpf,
    is_valid_cnpj,
    is_valid_cpf,
    parse_cnpj,
    parse_cpf,
    parse_document,
)
from ._errors import MAX_INPUT_LENGTH, BrKind, BrRule, BrValidationError
from ._fiscal import (
    SERVICE_NCM,
    Cfop,
    CfopDirection,
    CfopScope,
    is_valid_cfop,
    is_valid_ncm,
    parse_cfop,
    parse_ncm,
)
from ._gtin import (
    SEM_GTIN,
    Gtin,
    GtinKind,
    gtin_check_digit,
    is_valid_gtin,
    parse_cean,
    parse_gtin,
)
from ._nfe import AccessKey, is_valid_nfe_key, parse_nfe_key
from ._phone import DDD_CODES, Phone, PhoneKind, is_valid_phone, parse_phone

__all__ = [
    "DDD_CODES",
    "MAX_INPUT_LENGTH",
    "SEM_GTIN",
    "SERVICE_NCM",
    "AccessKey",
    "BrKind",
    "BrRule",
    "BrValidationError",
    "Cfop",
    "CfopDirection",
    "CfopScope",
    "Document",
    "DocumentKind",
    "Gtin",
    "GtinKind",
    "Phone",
    "PhoneKind",
    "Uf",
    "cep_matches_uf",
    "cep_ufs",
    "cnpj_check_digits",
    "cnpj_root",
    "cpf_check_digits",
    "document_kind",
    "format_cep",
    "format_cnpj",
    "format_cpf",
    "gtin_check_digit",
    "is_valid_cep",
    "is_valid_cfop",
    "is_valid_cnpj",
    "is_valid_cpf",
    "is_valid_gtin",
    "is_valid_ncm",
    "is_valid_nfe_key",
    "is_valid_phone",
    "is_valid_uf",
    "parse_cean",
    "parse_cep",
    "parse_cfop",
    "parse_cnpj",
    "parse_cpf",
    "parse_document",
    "parse_gtin",
    "parse_ncm",
    "parse_nfe_key",
    "parse_phone",
    "parse_uf",
]

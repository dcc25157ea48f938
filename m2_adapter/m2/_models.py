"""M2 entities whose column names are public: seen in Useall's read-only "extração" reporting
API (DOMAIN.md §1.3; a customer's ETL, not Useall documentation, so the types are inferred).

Python names are English snake_case; the M2 column sits in each field's metadata
(``attrs.fields(Item).item_id.metadata["m2"] == "IDITEM"``). A few fields are marked
``ours=True``: columns of *our* contract that the extração reports do not show (NCM,
dimensions, images, the fulfillment flag of a warehouse); an export that has them fills them.
``M2_REPORT`` is the extração report id the model reads by default.

Surrogate keys (``ID...``) are ``int``; codes, documents, phones and barcodes are ``str``
(never numbers: leading zeros and the alphanumeric CNPJ of July 2026 must survive).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ._columns import aware, col, extra_field, new_list

__all__ = [
    "Address",
    "Branch",
    "City",
    "Company",
    "Customer",
    "Item",
    "StockBalance",
    "Warehouse",
]

_optional_aware = attrs.validators.optional(aware)


@attrs.frozen(kw_only=True)
class Item:
    """An M2 item (``Estoque > Itens e serviços``), report ``m2_estoque_item``.

    A new M2 item starts *Bloqueado* and must be *Liberado*; only active, released items
    should reach ANYMARKET (``active``/``released``; ``None`` means the export did not say).
    ``code`` (``IDENTIFICACAO``) is the natural ANYMARKET ``sku.partnerId``.
    ``group_name``, ``brand_id`` and ``brand_name`` use the columns of the stock-balance report
    (``DESC_GRUPO``, ``IDMARCA``, ``DESC_MARCA``); whether the item report carries them too
    is not known, so they stay optional.
    """

    M2_REPORT: ClassVar[str | None] = "m2_estoque_item"

    item_id: int = attrs.field(metadata=col("IDITEM"))
    code: str = attrs.field(metadata=col("IDENTIFICACAO"))
    description: str = attrs.field(metadata=col("DESCRICAO"))
    complement: str | None = attrs.field(default=None, metadata=col("COMPLEMENTO"))
    fiscal_class_id: str | None = attrs.field(default=None, metadata=col("IDCLASSFISCAL"))
    """The fiscal class (an id into M2's table, or the NCM itself: unverified); kept as text."""
    unit_id: int | None = attrs.field(default=None, metadata=col("IDUN"))
    sales_unit_id: int | None = attrs.field(default=None, metadata=col("IDUNVENDA"))
    sales_pack_quantity: Decimal | None = attrs.field(default=None, metadata=col("QUANTEMBVENDA"))
    min_sale_quantity: Decimal | None = attrs.field(default=None, metadata=col("QUANTMINVENDA"))
    gross_weight: Decimal | None = attrs.field(default=None, metadata=col("PESOBRUTO"))
    net_weight: Decimal | None = attrs.field(default=None, metadata=col("PESOLIQ"))
    group_id: int | None = attrs.field(default=None, metadata=col("IDGRUPOITEM"))
    group_name: str | None = attrs.field(default=None, metadata=col("DESC_GRUPO"))
    item_type_id: int | None = attrs.field(default=None, metadata=col("IDTIPOITEM"))
    brand_id: int | None = attrs.field(default=None, metadata=col("IDMARCA"))
    brand_name: str | None = attrs.field(default=None, metadata=col("DESC_MARCA"))
    barcode: str | None = attrs.field(default=None, metadata=col("CODBARRA"))
    """EAN/GTIN as text; validate before use (an invalid one breaks the listing and NF-e)."""
    barcode_format: int | None = attrs.field(default=None, metadata=col("FORMATOCODBAR"))
    active: bool | None = attrs.field(default=None, metadata=col("ATIVO"))
    released: bool | None = attrs.field(default=None, metadata=col("LIBERADO"))
    changed_at: datetime | None = attrs.field(
        default=None, validator=_optional_aware, metadata=col("DATAHORAALTERACAO")
    )
    # -- our contract: what ANYMARKET needs that the item report does not show --------------
    ncm: str | None = attrs.field(default=None, metadata=col("NCM", ours=True))
    origin: int | None = attrs.field(default=None, metadata=col("ORIGEM", ours=True))
    """Origem da mercadoria, 0-8 (NF-e ``orig``)."""
    height_cm: Decimal | None = attrs.field(default=None, metadata=col("ALTURA", ours=True))
    width_cm: Decimal | None = attrs.field(default=None, metadata=col("LARGURA", ours=True))
    length_cm: Decimal | None = attrs.field(default=None, metadata=col("COMPRIMENTO", ours=True))
    image_urls: list[str] = attrs.field(factory=new_list, metadata=col("IMAGENS", ours=True))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class StockBalance:
    """Stock of one item in one warehouse of one company/branch, report
    ``m2_estoque_saldo_de_estoque`` (some tenants have their own id, such as
    ``<CNPJ>_m2_estoque_saldo_de_estoque__setup``).

    ``available`` (``SALDODISPONIVEL``) is the quantity to push; when the export omits it,
    ``available_quantity`` falls back to physical - reserved (the relation is inferred from
    the column names, unverified).
    """

    M2_REPORT: ClassVar[str | None] = "m2_estoque_saldo_de_estoque"

    company_id: int = attrs.field(metadata=col("IDEMPRESA"))
    branch_id: int = attrs.field(metadata=col("IDFILIAL"))
    warehouse_id: int = attrs.field(metadata=col("IDALMOX"))
    warehouse_type: int | None = attrs.field(default=None, metadata=col("TIPOALMOX"))
    warehouse_name: str | None = attrs.field(default=None, metadata=col("DESC_ALMOX"))
    item_id: int = attrs.field(metadata=col("IDITEM"))
    item_code: str = attrs.field(metadata=col("IDENTIFICACAO"))
    item_description: str | None = attrs.field(default=None, metadata=col("DESC_ITEM"))
    physical: Decimal = attrs.field(metadata=col("SALDOFISICO"))
    reserved: Decimal | None = attrs.field(default=None, metadata=col("QUANTRESERVADA"))
    available: Decimal | None = attrs.field(default=None, metadata=col("SALDODISPONIVEL"))
    min_stock: Decimal | None = attrs.field(default=None, metadata=col("ESTOQUEMIN"))
    max_stock: Decimal | None = attrs.field(default=None, metadata=col("ESTOQUEMAX"))
    brand_id: int | None = attrs.field(default=None, metadata=col("IDMARCA"))
    brand_name: str | None = attrs.field(default=None, metadata=col("DESC_MARCA"))
    group_id: int | None = attrs.field(default=None, metadata=col("IDGRUPOITEM"))
    extra: dict[str, Any] = extra_field()

    @property
    def available_quantity(self) -> Decimal:
        """``available``, or physical - reserved when the export did not send it."""
        if self.available is not None:
            return self.available
        return self.physical - (self.reserved or Decimal(0))


@attrs.frozen(kw_only=True)
class Warehouse:
    """An M2 warehouse (*almoxarifado*), report ``m2_estoque_almoxarifados``.

    The column names are those the stock-balance report uses for warehouses (the warehouse
    report's own columns are not public). ``fulfillment`` is ours: a warehouse that holds
    marketplace fulfillment stock (ML Full, FBA), excluded from the stock push (DOMAIN §5.1).
    """

    M2_REPORT: ClassVar[str | None] = "m2_estoque_almoxarifados"

    warehouse_id: int = attrs.field(metadata=col("IDALMOX"))
    name: str = attrs.field(metadata=col("DESC_ALMOX"))
    company_id: int | None = attrs.field(default=None, metadata=col("IDEMPRESA"))
    branch_id: int | None = attrs.field(default=None, metadata=col("IDFILIAL"))
    warehouse_type: int | None = attrs.field(default=None, metadata=col("TIPOALMOX"))
    active: bool | None = attrs.field(default=None, metadata=col("ATIVO"))
    fulfillment: bool = attrs.field(default=False, metadata=col("FULFILLMENT", ours=True))
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Address:
    """An address inside a customer row: main (``CEP``, ``ENDERECO``, ...), delivery (the
    same columns with suffix ``ENT``) or billing (suffix ``COB``). ``city_id`` points to
    ``City``."""

    M2_REPORT: ClassVar[str | None] = None

    zip_code: str | None = attrs.field(default=None, metadata=col("CEP", kind="cep"))
    city_id: int | None = attrs.field(default=None, metadata=col("IDCIDADE"))
    street: str | None = attrs.field(default=None, metadata=col("ENDERECO"))
    number: str | None = attrs.field(default=None, metadata=col("NUMENDERECO"))
    district: str | None = attrs.field(default=None, metadata=col("BAIRRO"))
    complement: str | None = attrs.field(default=None, metadata=col("COMPLENDERECO"))


@attrs.frozen(kw_only=True)
class Customer:
    """An M2 customer/supplier (*clientes/fornecedores*), report
    ``m2_geral_clientes__fornecedores``.

    ``document`` (``CNPJCPF``) is always text: kept exactly as sent when it arrives as text
    (leading zeros, punctuation, the alphanumeric CNPJ); when the export sends a *number*, it
    is left-padded to 11 or 14 digits (by ``TIPOPESSOA`` ``F``/``J``, else by length) and
    ``document_from_number`` is set, since the width was inferred. Validation (check digits,
    placeholders) is ``m2_adapter.br``'s job.
    """

    M2_REPORT: ClassVar[str | None] = "m2_geral_clientes__fornecedores"

    customer_id: int = attrs.field(metadata=col("IDCLIFOREMP"))
    legal_name: str = attrs.field(metadata=col("RAZAOSOCIAL"))
    trade_name: str | None = attrs.field(default=None, metadata=col("NOMEFANTASIA"))
    document: str | None = attrs.field(
        default=None,
        repr=False,
        metadata=col(
            "CNPJCPF", kind="document", person_type="TIPOPESSOA", flag="document_from_number"
        ),
    )
    document_from_number: bool = False
    """True when ``CNPJCPF`` arrived as a number and was left-padded (width inferred)."""
    person_type: str | None = attrs.field(default=None, metadata=col("TIPOPESSOA"))
    """``F`` (física, CPF) or ``J`` (jurídica, CNPJ), as M2 sends it."""
    state_registration: str | None = attrs.field(default=None, metadata=col("IE"))
    identity_card: str | None = attrs.field(default=None, metadata=col("RG"))
    icms_taxpayer: bool | None = attrs.field(default=None, metadata=col("CONTRIBICMS"))
    suframa: str | None = attrs.field(default=None, metadata=col("ISUFRAMA"))
    tax_regime: str | None = attrs.field(default=None, metadata=col("REGIMETRIB"))
    phone: str | None = attrs.field(default=None, repr=False, metadata=col("FONE"))
    email: str | None = attrs.field(default=None, repr=False, metadata=col("EMAIL"))
    address: Address | None = attrs.field(default=None, metadata={"suffix": ""})
    delivery_address: Address | None = attrs.field(default=None, metadata={"suffix": "ENT"})
    billing_address: Address | None = attrs.field(default=None, metadata={"suffix": "COB"})
    price_table_id: int | None = attrs.field(default=None, metadata=col("IDTABPRECOVENDA"))
    payment_condition_id: int | None = attrs.field(default=None, metadata=col("IDCONDPAGTO"))
    payment_form_id: int | None = attrs.field(default=None, metadata=col("IDFORMAPAGTO"))
    seller_id: int | None = attrs.field(default=None, metadata=col("IDVENDEDOR"))
    carrier_id: int | None = attrs.field(default=None, metadata=col("IDTRANSP"))
    freight_type: str | None = attrs.field(default=None, metadata=col("TIPOFRETE"))
    is_customer: bool | None = attrs.field(default=None, metadata=col("CLIENTE"))
    is_supplier: bool | None = attrs.field(default=None, metadata=col("FORNECEDOR"))
    is_carrier: bool | None = attrs.field(default=None, metadata=col("TRANSPORTADOR"))
    is_employee: bool | None = attrs.field(default=None, metadata=col("EMPREGADO"))
    active: bool | None = attrs.field(default=None, metadata=col("ATIVO"))
    changed_at: datetime | None = attrs.field(
        default=None, validator=_optional_aware, metadata=col("DATAHORAALTERACAO")
    )
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class City:
    """An M2 city, report ``m2_geral_cidades``. ``uf`` is the two-letter state code."""

    M2_REPORT: ClassVar[str | None] = "m2_geral_cidades"

    city_id: int = attrs.field(metadata=col("IDCIDADE"))
    name: str = attrs.field(metadata=col("NOME"))
    uf: str | None = attrs.field(default=None, metadata=col("SIGLA"))
    ibge_code: str | None = attrs.field(default=None, metadata=col("CODIBGE"))
    municipality_ibge: str | None = attrs.field(default=None, metadata=col("MUNICIPIO_IBGE"))
    changed_at: datetime | None = attrs.field(
        default=None, validator=_optional_aware, metadata=col("DATAHORAALTERACAO")
    )
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Company:
    """An M2 company (*empresa*), report ``m2_geral_empresas``. A number in ``CNPJCPF`` is
    padded to 14 digits (``document_from_number`` is then set)."""

    M2_REPORT: ClassVar[str | None] = "m2_geral_empresas"

    company_id: int = attrs.field(metadata=col("IDEMPRESA"))
    legal_name: str | None = attrs.field(default=None, metadata=col("RAZAOSOCIAL"))
    trade_name: str | None = attrs.field(default=None, metadata=col("NOMEFANTASIA"))
    document: str | None = attrs.field(
        default=None,
        metadata=col("CNPJCPF", kind="document", width=14, flag="document_from_number"),
    )
    document_from_number: bool = False
    state_registration: str | None = attrs.field(default=None, metadata=col("IE"))
    municipal_registration: str | None = attrs.field(default=None, metadata=col("IM"))
    changed_at: datetime | None = attrs.field(
        default=None, validator=_optional_aware, metadata=col("DATAHORAALT")
    )
    extra: dict[str, Any] = extra_field()


@attrs.frozen(kw_only=True)
class Branch:
    """An M2 branch (*filial*) of a company, report ``m2_geral_filiais``."""

    M2_REPORT: ClassVar[str | None] = "m2_geral_filiais"

    branch_id: int = attrs.field(metadata=col("IDFILIAL"))
    company_id: int = attrs.field(metadata=col("IDEMPRESA"))
    headquarters: bool | None = attrs.field(default=None, metadata=col("MATRIZ"))
    nickname: str | None = attrs.field(default=None, metadata=col("APELIDO"))
    changed_at: datetime | None = attrs.field(
        default=None, validator=_optional_aware, metadata=col("DATAHORAALT")
    )
    extra: dict[str, Any] = extra_field()


# Resolve the string annotations now, against this module (the package re-exports the classes
# under ``m2_adapter.m2``, whose namespace does not hold ``Decimal`` or ``datetime``).
for _cls in (Item, StockBalance, Warehouse, Address, Customer, City, Company, Branch):
    attrs.resolve_types(_cls)

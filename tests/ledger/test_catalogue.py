"""Catalogue id map: M2 codes <-> ANYMARKET ids, so re-runs never create duplicates."""

from __future__ import annotations

import pytest

from m2_adapter.ledger import CatalogueEntry, CatalogueKind, LedgerConflictError, SqliteLedger
from tests.ledger.conftest import FakeNow


def test_remember_and_find_every_way(ledger: SqliteLedger) -> None:
    entry = ledger.remember_id(
        CatalogueKind.SKU, "ITEM-1", 501, partner_id="ITEM-1", parent_key="P-1"
    )
    assert entry == CatalogueEntry(
        kind=CatalogueKind.SKU,
        local_key="ITEM-1",
        anymarket_id=501,
        partner_id="ITEM-1",
        parent_key="P-1",
    )
    assert ledger.find_id(CatalogueKind.SKU, local_key="ITEM-1") == entry
    assert ledger.find_id(CatalogueKind.SKU, anymarket_id=501) == entry
    assert ledger.find_id(CatalogueKind.SKU, partner_id="ITEM-1") == entry
    assert ledger.find_id(CatalogueKind.PRODUCT, local_key="ITEM-1") is None  # kinds are separate
    assert ledger.find_id(CatalogueKind.SKU, local_key="nope") is None


def test_remember_is_idempotent_and_merges_details(ledger: SqliteLedger, now: FakeNow) -> None:
    first = ledger.remember_id(CatalogueKind.BRAND, "12", 7, name="Acme  Tools")
    now.advance(hours=1)
    again = ledger.remember_id(CatalogueKind.BRAND, "12", 7)
    assert again == first
    assert again.updated_at == first.updated_at  # nothing changed, nothing written
    renamed = ledger.remember_id(CatalogueKind.BRAND, "12", 7, partner_id="B12")
    assert (renamed.name, renamed.partner_id) == ("Acme  Tools", "B12")
    assert renamed.updated_at == now()
    # names are found ignoring case and spacing
    assert ledger.find_id(CatalogueKind.BRAND, name="acme tools") == renamed


def test_conflicts_are_refused(ledger: SqliteLedger) -> None:
    ledger.remember_id(CatalogueKind.PRODUCT, "P-1", 100)
    with pytest.raises(LedgerConflictError, match="forget_id"):
        ledger.remember_id(CatalogueKind.PRODUCT, "P-1", 101)
    with pytest.raises(LedgerConflictError, match="already belongs"):
        ledger.remember_id(CatalogueKind.PRODUCT, "P-2", 100)
    # brands and categories may be the target of several M2 names
    ledger.remember_id(CatalogueKind.BRAND, "Acme", 9)
    ledger.remember_id(CatalogueKind.BRAND, "ACME LTDA", 9)
    found = ledger.find_id(CatalogueKind.BRAND, anymarket_id=9)
    assert found is not None
    assert found.local_key == "ACME LTDA"  # the first by local_key
    assert ledger.forget_id(CatalogueKind.PRODUCT, "P-1")
    assert not ledger.forget_id(CatalogueKind.PRODUCT, "P-1")
    assert ledger.remember_id(CatalogueKind.PRODUCT, "P-1", 101).anymarket_id == 101


def test_find_ids_in_batches(ledger: SqliteLedger) -> None:
    for i in range(1200):
        ledger.remember_id(CatalogueKind.VARIATION_VALUE, f"Cor/{i}", 10_000 + i, parent_key="Cor")
    wanted = [f"Cor/{i}" for i in range(0, 1300, 2)]
    found = ledger.find_ids(CatalogueKind.VARIATION_VALUE, iter(wanted))
    assert len(found) == 600
    assert found["Cor/1198"].anymarket_id == 11_198
    assert ledger.find_ids(CatalogueKind.VARIATION_VALUE, []) == {}


def test_arguments_are_checked(ledger: SqliteLedger) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        ledger.find_id(CatalogueKind.SKU)
    with pytest.raises(ValueError, match="exactly one"):
        ledger.find_id(CatalogueKind.SKU, local_key="A", anymarket_id=1)
    with pytest.raises(ValueError, match="anymarket_id"):
        ledger.remember_id(CatalogueKind.SKU, "A", 0)
    with pytest.raises(ValueError, match="local_key"):
        ledger.remember_id(CatalogueKind.SKU, "", 1)
    with pytest.raises(ValueError, match="not a valid"):
        ledger.remember_id("gadget", "A", 1)  # type: ignore[arg-type]
    assert ledger.remember_id("sku", "A", 1).kind is CatalogueKind.SKU  # type: ignore[arg-type]

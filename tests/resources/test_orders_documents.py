"""NF-e XML upload and download, multipart fiscal documents, inbound NF-e, freight quote."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from email.message import EmailMessage
from typing import Any

import pytest
import respx

from anymarket_sdk import RequestValidationError
from anymarket_sdk.errors import InvalidAccessKeyError
from anymarket_sdk.models import Marketplace
from anymarket_sdk.models.orders import InvoiceData, NfeDocument, NfeType, OrderQuote
from anymarket_sdk.resources.orders import (
    encode_multipart,
    invoice_package_op,
    upload_fiscal_document_op,
)
from tests.conftest import Both
from tests.resources.test_orders import ACCESS_KEY

BRT = timezone(timedelta(hours=-3))

# An NF-e in ISO-8859-1 with a BOM, CRLF line ends and an "&amp;": any re-encoding,
# escaping or normalisation would change these bytes.
NFE_XML = (
    b'\xef\xbb\xbf<?xml version="1.0" encoding="ISO-8859-1"?>\r\n'
    b'<nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00">\r\n'
    b'<NFe><infNFe Id="NFe' + ACCESS_KEY.encode() + b'"><emit><xNome>Caf\xe9 &amp; Cia'
    b"</xNome></emit></infNFe></NFe>\r\n"
    b"<protNFe><infProt><chNFe>" + ACCESS_KEY.encode() + b"</chNFe></infProt></protNFe>"
    b"</nfeProc>"
)


def test_upload_nfe_xml_sends_the_bytes_unchanged(am: Both, router: respx.Router) -> None:
    r = router.put("orders/9001/nfe").respond(200)
    assert am.orders.upload_nfe_xml(9001, NFE_XML) is None
    request = r.calls.last.request
    assert request.headers["content-type"] == "application/xml"
    assert request.content == NFE_XML


@pytest.mark.parametrize(
    "xml",
    [NFE_XML.decode("latin-1"), b"", b"%PDF-1.4", None],
    ids=["str", "empty", "not xml", "none"],
)
def test_upload_nfe_xml_needs_xml_bytes(am: Both, router: respx.Router, xml: Any) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.orders.upload_nfe_xml(9001, xml)
    assert info.value.field == "xml"
    assert not router.calls


def test_download_nfe_as_xml(am: Both, router: respx.Router) -> None:
    router.get("orders/9001/nfe/type/sale").respond(
        200, content=NFE_XML, headers={"content-type": "application/xml"}
    )
    doc = am.orders.download_nfe(9001, NfeType.SALE)
    assert isinstance(doc, NfeDocument)
    assert doc.content == NFE_XML
    assert doc.links == []
    assert doc.text is not None
    assert "Café &amp; Cia" in doc.text  # decoded with the declared ISO-8859-1


def test_download_nfe_as_links(am: Both, router: respx.Router) -> None:
    router.get("orders/9001/nfe/type/symbolic_inbound").respond(
        json=[{"type": "symbolic_inbound", "url": "https://files.example/nfe.xml"}]
    )
    doc = am.orders.download_nfe(9001, "symbolic_inbound")
    assert doc.content is None
    assert doc.text is None
    assert [(link.type, link.url) for link in doc.links] == [
        (NfeType.SYMBOLIC_INBOUND, "https://files.example/nfe.xml")
    ]


def test_download_nfe_xml_without_content_type(am: Both, router: respx.Router) -> None:
    router.get("orders/9001/nfe/type/gift").respond(200, content=b"  <nfeProc/>")
    doc = am.orders.download_nfe(9001, "gift")
    assert doc.content == b"  <nfeProc/>"
    assert doc.text == "  <nfeProc/>"


def test_download_nfe_xml_in_a_json_string(am: Both, router: respx.Router) -> None:
    router.get("orders/9001/nfe/type/sale").respond(json="<nfeProc>Café</nfeProc>")
    doc = am.orders.download_nfe(9001, NfeType.SALE)
    assert doc.content == "<nfeProc>Café</nfeProc>".encode()
    assert doc.text == "<nfeProc>Café</nfeProc>"


@pytest.mark.parametrize("nfe_type", ["SALE", "invoice", "", 3])
def test_download_nfe_rejects_unknown_types(am: Both, router: respx.Router, nfe_type: Any) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.orders.download_nfe(9001, nfe_type)
    assert info.value.field == "nfe_type"
    assert not router.calls


def test_inbound_nfe(am: Both, router: respx.Router) -> None:
    router.get("orders/321/inbound/marketplace/MERCADO_LIVRE").respond(
        json={"type": "inbound", "url": "https://files.example/in.xml"}
    )
    doc = am.orders.inbound_nfe(321, Marketplace.MERCADO_LIVRE)
    assert doc.links[0].type is NfeType.INBOUND
    router.get("orders/321/inbound/marketplace/VIA_VAREJO").respond(200)
    assert am.orders.inbound_nfe(321, "VIA_VAREJO") == NfeDocument()
    with pytest.raises(RequestValidationError) as info:
        am.orders.inbound_nfe(321, "via_varejo")
    assert info.value.field == "marketplace"


def test_quote_id(am: Both, router: respx.Router) -> None:
    router.get("orders/9001/quote-id").respond(json={"quoteId": "1234567890", "price": 1.23})
    assert am.orders.quote_id(9001) == OrderQuote(quote_id="1234567890", price=Decimal("1.23"))


# --- multipart ------------------------------------------------------------------------------


def parse_multipart(content_type: str, body: bytes) -> list[EmailMessage]:
    """Read a multipart body with the standard library's MIME parser (independent of ours)."""
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + body
    message = email.message_from_bytes(raw, policy=email.policy.HTTP)
    assert isinstance(message, EmailMessage)
    assert message.is_multipart()
    return [part for part in message.iter_parts() if isinstance(part, EmailMessage)]


def test_encode_multipart_is_deterministic() -> None:
    body, ctype = encode_multipart(
        [("packageId", "P1"), ("number", "562465425")],
        [("file", "nota.pdf", "application/pdf", b"%PDF-1.4\r\n\x00\xff")],
        boundary="b0undary",
    )
    assert ctype == "multipart/form-data; boundary=b0undary"
    assert body == (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="packageId"\r\n\r\n'
        b"P1\r\n"
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="number"\r\n\r\n'
        b"562465425\r\n"
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="file"; filename="nota.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n"
        b"%PDF-1.4\r\n\x00\xff\r\n"
        b"--b0undary--\r\n"
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"boundary": "has space"}, "boundary"),
        ({"boundary": "x" * 71}, "boundary"),
        (
            {"boundary": "abc", "files": [("file", "a.pdf", "application/pdf", b"--abc")]},
            "boundary",
        ),
        ({"boundary": "abc", "fields": [("n", "x--abc")]}, "boundary"),
        ({"boundary": "abc", "fields": [('na"me', "x")]}, "fields"),
        (
            {"boundary": "abc", "files": [("file", "a\r\n.pdf", "application/pdf", b"x")]},
            "filename",
        ),
        (
            {"boundary": "abc", "files": [("file", "a.pdf", "text/plain\r\nX: y", b"x")]},
            "content_type",
        ),
    ],
)
def test_encode_multipart_rejects_unsafe_input(kwargs: dict[str, Any], field: str) -> None:
    kwargs.setdefault("fields", [])
    with pytest.raises(RequestValidationError) as info:
        encode_multipart(**kwargs)
    assert info.value.field == field


def test_upload_fiscal_document(am: Both, router: respx.Router) -> None:
    r = router.post("orders/9001/fiscalDocument").respond(200)
    pdf = b"%PDF-1.4\n\x00\x01binary\xff"
    result = am.orders.upload_fiscal_document(
        9001,
        pdf,
        filename="danfe-562465425.pdf",
        fields={
            "accessKey": " ".join(ACCESS_KEY[i : i + 4] for i in range(0, 44, 4)),
            "date": datetime(2019, 9, 11, 15, 57, 56, tzinfo=BRT),
            "number": 562465425,
            "value": Decimal("413.20"),
            "final": True,
            "skipped": None,
        },
    )
    assert result is None
    request = r.calls.last.request
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    parts = parse_multipart(content_type, request.content)
    fields = {
        p.get_param("name", header="content-disposition"): p.get_payload(decode=True) for p in parts
    }
    assert fields == {
        "accessKey": ACCESS_KEY.encode(),
        "date": b"2019-09-11T15:57:56-03:00",
        "number": b"562465425",
        "value": b"413.20",
        "final": b"true",
        "file": pdf,
    }
    file_part = parts[-1]
    assert file_part.get_filename() == "danfe-562465425.pdf"
    assert file_part.get_content_type() == "application/pdf"


def test_each_upload_uses_a_fresh_boundary(am: Both, router: respx.Router) -> None:
    r = router.post("orders/9001/fiscalDocument").respond(200)
    am.orders.upload_fiscal_document(9001, b"a", filename="a.pdf")
    am.orders.upload_fiscal_document(9001, b"a", filename="a.pdf")
    first, second = (c.request.headers["content-type"] for c in r.calls)
    assert first != second


def test_upload_fiscal_document_op_with_a_fixed_boundary() -> None:
    op = upload_fiscal_document_op(
        7, b"<xml/>", filename="n.xml", content_type="application/xml", boundary="fixed"
    )
    assert op.path == "orders/7/fiscalDocument"
    assert op.content_type == "multipart/form-data; boundary=fixed"
    assert op.body == (
        b"--fixed\r\n"
        b'Content-Disposition: form-data; name="file"; filename="n.xml"\r\n'
        b"Content-Type: application/xml\r\n\r\n"
        b"<xml/>\r\n"
        b"--fixed--\r\n"
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"file": b""}, RequestValidationError, "file"),
        ({"file": "texto"}, RequestValidationError, "file"),
        ({"fields": {"file": "x"}}, RequestValidationError, "fields"),
        ({"fields": {"date": datetime(2024, 1, 1)}}, RequestValidationError, "fields.date"),  # noqa: DTZ001
        (
            {"fields": {"accessKey": ACCESS_KEY[:43] + "0"}},
            InvalidAccessKeyError,
            "fields.accessKey",
        ),
        ({"filename": 'a".pdf'}, RequestValidationError, "filename"),
    ],
)
def test_upload_fiscal_document_checks(
    am: Both, router: respx.Router, kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    call: dict[str, Any] = {"file": b"%PDF", "filename": "a.pdf"}
    call.update(kwargs)
    with pytest.raises(error) as info:
        am.orders.upload_fiscal_document(9001, call.pop("file"), **call)
    assert isinstance(info.value, RequestValidationError)
    assert info.value.field == field
    assert not router.calls


def test_invoice_package(am: Both, router: respx.Router) -> None:
    r = router.post("orders/9001/fiscalDocument").respond(200)
    invoice = InvoiceData(
        access_key=ACCESS_KEY,
        date=datetime(2019, 9, 11, 15, 57, 56, tzinfo=BRT),
        series="1",
        number="562465425",
        cfop="5102",
    )
    am.orders.invoice_package(9001, "pkg-1", invoice, xml=b"<nfeProc/>")
    request = r.calls.last.request
    parts = parse_multipart(request.headers["content-type"], request.content)
    fields = {
        p.get_param("name", header="content-disposition"): p.get_payload(decode=True) for p in parts
    }
    assert fields == {
        "packageId": b"pkg-1",
        "date": b"2019-09-11T15:57:56-03:00",
        "number": b"562465425",
        "accessKey": ACCESS_KEY.encode(),
        "series": b"1",
        "cfop": b"5102",
        "file": b"<nfeProc/>",
    }
    assert parts[-1].get_filename() == "pkg-1.xml"
    assert parts[-1].get_content_type() == "application/xml"


def test_invoice_package_op_without_xml_and_bad_key() -> None:
    invoice = InvoiceData(access_key=ACCESS_KEY, date=datetime(2019, 9, 11, tzinfo=BRT))
    op = invoice_package_op(1, "p", invoice, boundary="bb")
    assert op.body is not None
    assert b'name="file"' not in op.body
    with pytest.raises(InvalidAccessKeyError):
        invoice_package_op(1, "p", InvoiceData(access_key="1" * 44, date=invoice.date))

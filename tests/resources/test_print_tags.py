from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import respx

from anymarket_sdk import RequestValidationError, ResponseDecodeError, ServerError
from anymarket_sdk.models.logistics import Label, PrintTagFile, PrintTagType
from tests.conftest import Both

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe binary \x00\x01"
ZPL = "^XA^CI28^FO20,10^A0N,24,24^FDPedido 123 - São Paulo^FS^XZ"


def test_pdf_label_is_returned_byte_for_byte(am: Both, router: respx.Router) -> None:
    r = router.post("printtag/PDF").respond(
        200,
        content=PDF,
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": 'attachment; filename="etiquetas-123.pdf"',
        },
    )
    label = am.print_tags.print([123, 456])

    sent = r.calls.last.request
    assert json.loads(sent.content) == {"orders": [123, 456]}
    assert sent.headers["content-type"] == "application/json"
    assert sent.url.query == b""  # no ?file= unless asked
    assert label.content == PDF
    assert label.content_type == "application/pdf"
    assert label.filename == "etiquetas-123.pdf"
    assert label.is_pdf
    assert not label.is_zip
    assert label.extension == ".pdf"
    assert label.size == len(PDF)


def test_type_is_sent_in_upper_case(am: Both, router: respx.Router) -> None:
    r = router.post("printtag/ZPL").respond(
        200, content=ZPL.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    label = am.print_tags.print([7], "zpl")  # the official SDK's lower-case spelling
    assert r.call_count == 1
    assert label.is_zpl
    assert label.text() == ZPL
    assert label.extension == ".zpl"
    assert label.filename is None


def test_zpl2_txt_sends_the_file_parameter_and_reads_the_json_form(
    am: Both, router: respx.Router
) -> None:
    r = router.post("printtag/ZPL2").respond(json={"content": ZPL})
    label = am.print_tags.print([1, 2], PrintTagType.ZPL2, file=PrintTagFile.TXT)

    assert dict(r.calls.last.request.url.params) == {"file": "TXT"}
    assert label.content == ZPL.encode()
    assert label.content_type == "text/plain; charset=utf-8"
    assert label.text() == ZPL
    assert label.is_zpl


def test_zpl2_plp_answers_a_pdf(am: Both, router: respx.Router) -> None:
    r = router.post("printtag/ZPL2", params={"file": "PLP"}).respond(
        200, content=PDF, headers={"Content-Type": "application/pdf"}
    )
    label = am.print_tags.print([1], "ZPL2", file="plp")
    assert r.call_count == 1
    assert label.content == PDF
    assert label.suggested_filename() == "etiquetas.pdf"


@pytest.mark.parametrize(
    ("disposition", "filename"),
    [
        ('attachment; filename="../../etc/labels.zip"', "labels.zip"),
        ("attachment; filename*=UTF-8''etiqueta%20%C3%BAnica.zip", "etiqueta única.zip"),
        ('attachment; filename="C:\\temp\\labels.zip"', "labels.zip"),
        ("attachment", None),
        ('attachment; filename=".."', None),
    ],
)
def test_zip_answer_and_safe_file_names(
    am: Both, router: respx.Router, disposition: str, filename: str | None
) -> None:
    router.post("printtag/PDF").respond(
        200,
        content=ZIP,
        headers={"Content-Type": "application/zip", "Content-Disposition": disposition},
    )
    label = am.print_tags.print([1, 2, 3])
    assert label.content == ZIP
    assert label.is_zip
    assert label.filename == filename
    assert label.suggested_filename() == (filename or "etiquetas.zip")


def test_a_file_mislabelled_as_json_is_kept_as_bytes(am: Both, router: respx.Router) -> None:
    router.post("printtag/ZPL").respond(
        200, content=ZPL.encode(), headers={"Content-Type": "application/json"}
    )
    label = am.print_tags.print([1], "ZPL")
    assert label.content == ZPL.encode()
    assert label.content_type == "application/json"


def test_json_without_content_is_a_decode_error(am: Both, router: respx.Router) -> None:
    router.post("printtag/PDF").respond(
        200, json={"code": "422", "message": "Pedido sem etiqueta disponível."}
    )
    with pytest.raises(ResponseDecodeError) as info:
        am.print_tags.print([1])
    assert info.value.body == {"code": "422", "message": "Pedido sem etiqueta disponível."}


def test_empty_answer_is_a_decode_error(am: Both, router: respx.Router) -> None:
    router.post("printtag/PDF").respond(200, content=b"")
    with pytest.raises(ResponseDecodeError):
        am.print_tags.print([1])


def test_label_generation_is_not_retried_after_a_server_error(
    am: Both, router: respx.Router
) -> None:
    r = router.post("printtag/PDF").respond(500, json={"code": "500", "message": "Erro"})
    with pytest.raises(ServerError):
        am.print_tags.print([1])
    assert r.call_count == 1


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (([],), {}, "order_ids"),
        (((),), {}, "order_ids"),
        (("123",), {}, "order_ids"),
        (([0],), {}, "order_ids[0]"),
        (([1, -5],), {}, "order_ids[1]"),
        (([True],), {}, "order_ids[0]"),
        ((["12"],), {}, "order_ids[0]"),
        (([1, 2, 1],), {}, "order_ids[2]"),
        (([1], "pd f"), {}, "tag_type"),
        (([1], 3), {}, "tag_type"),
        (([1], "PDF"), {"file": "TXT"}, "file"),
        (([1], "ZPL"), {"file": "PLP"}, "file"),
        (([1], "ZPL2"), {"file": "x-y"}, "file"),
    ],
)
def test_invalid_calls_are_rejected_before_sending(
    am: Both, router: respx.Router, args: tuple[Any, ...], kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.print_tags.print(*args, **kwargs)
    assert info.value.field == field
    assert not router.calls


def test_save_into_a_directory_uses_the_suggested_name(tmp_path: Path) -> None:
    label = Label(content=PDF, content_type="application/pdf", filename="lote-7.pdf")
    where = label.save(tmp_path)
    assert where == tmp_path / "lote-7.pdf"
    assert where.read_bytes() == PDF


def test_save_to_a_file_path_creates_parents(tmp_path: Path) -> None:
    label = Label(content=ZIP, content_type="application/zip")
    where = label.save(tmp_path / "out" / "labels.zip")
    assert where.read_bytes() == ZIP
    assert Label(content=ZIP).suggested_filename("pedido-9") == "pedido-9.zip"


def test_save_in_creates_the_directory(tmp_path: Path) -> None:
    where = Label(content=ZIP).save_in(tmp_path / "labels", stem="lote-9")
    assert where == tmp_path / "labels" / "lote-9.zip"
    assert where.read_bytes() == ZIP
    named = Label(content=PDF, filename="x.pdf").save(f"{tmp_path}/new/")
    assert named == tmp_path / "new" / "x.pdf"


def test_label_repr_leaves_the_bytes_out() -> None:
    assert "PDF-1.4" not in repr(Label(content=PDF, content_type="application/pdf"))


def test_print_tag_enums_read_any_case() -> None:
    assert PrintTagType("zpl2") is PrintTagType.ZPL2
    assert PrintTagFile("txt") is PrintTagFile.TXT

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
import respx

from anymarket_sdk import RequestValidationError, ServerError, mask
from anymarket_sdk.models.monitoring import Monitoring, MonitoringStatus, MonitoringType
from tests.conftest import Both, ClientFactory

BRT = timezone(timedelta(hours=-3))
WHEN = datetime(2026, 1, 5, 10, 30, tzinfo=BRT)

MESSAGE = "Pedido 5501 recusado pelo ERP: cliente joao.silva@example.com, CPF 123.456.789-09"
DETAILS = "Contato (11) 98765-4321; CNPJ 12.345.678/0001-95; estoque insuficiente no SKU CAM-AZ-M"


def _monitoring(**overrides: Any) -> Monitoring:
    fields: dict[str, Any] = {
        "partner_id": "err-2026-0001",
        "origin": "Useall M2",
        "message": "Falha ao importar o pedido 5501",
        "created_at": WHEN,
    }
    fields.update(overrides)
    return Monitoring(**fields)


def _echo(request_body: bytes, **extra: Any) -> dict[str, Any]:
    return {**json.loads(request_body), **extra}


def test_create_sends_the_record_with_personal_data_masked(am: Both, router: respx.Router) -> None:
    r = router.post("monitorings").mock(
        side_effect=lambda req: respx.MockResponse(200, json=_echo(req.content, id=99))
    )
    created = am.monitorings.create(
        _monitoring(
            message=MESSAGE,
            details=DETAILS,
            type=MonitoringType.CRITICAL_ERROR,
            status=MonitoringStatus.RETRYING,
            retry_callback_url="https://erp.example.com/anymarket/retry/5501",
        )
    )

    sent = r.calls.last.request.content.decode()
    for personal in ("joao.silva@example.com", "123.456.789-09", "98765-4321", "12.345.678/0001"):
        assert personal not in sent
    assert json.loads(sent) == {
        "partnerId": "err-2026-0001",
        "origin": "Useall M2",
        "message": mask(MESSAGE),
        "details": mask(DETAILS),
        "createdAt": "2026-01-05T10:30:00-03:00",
        "type": "CRITICAL_ERROR",
        "status": "RETRYING",
        "retryCallbackURL": "https://erp.example.com/anymarket/retry/5501",
    }
    assert "CAM-AZ-M" in sent  # ordinary text is left alone
    assert created.id == 99
    assert created.created_at == WHEN
    assert created.type is MonitoringType.CRITICAL_ERROR
    assert created.status is MonitoringStatus.RETRYING
    assert created.retry_callback_url == "https://erp.example.com/anymarket/retry/5501"


def test_concluded_reads_with_the_docs_typo(am: Both, router: respx.Router) -> None:
    router.post("monitorings").mock(
        side_effect=lambda req: respx.MockResponse(
            200, json=_echo(req.content, status="CONCLUED", createdAt="2026-01-05T13:30:00Z")
        )
    )
    created = am.monitorings.create(_monitoring(status="CONCLUDED"))
    assert created.status is MonitoringStatus.CONCLUDED
    assert created.created_at == datetime(2026, 1, 5, 13, 30, tzinfo=UTC)


def test_report_fills_defaults_from_the_client_clock(am: Both, router: respx.Router) -> None:
    r = router.post("monitorings").mock(
        side_effect=lambda req: respx.MockResponse(200, json=_echo(req.content))
    )
    created = am.monitorings.report(
        "err-2", "Useall M2", "Estoque negativo no SKU 778", details="linha 3 do lote"
    )
    body = json.loads(r.calls.last.request.content)
    # ManualClock's wall time is 2026-01-01T00:00:00Z
    assert body == {
        "partnerId": "err-2",
        "origin": "Useall M2",
        "message": "Estoque negativo no SKU 778",
        "details": "linha 3 do lote",
        "createdAt": "2026-01-01T00:00:00+00:00",
        "type": "INTERNAL_ERROR",
        "status": "PENDING",
    }
    assert created.type is MonitoringType.INTERNAL_ERROR


def test_report_takes_explicit_values(am: Both, router: respx.Router) -> None:
    r = router.post("monitorings").mock(
        side_effect=lambda req: respx.MockResponse(200, json=_echo(req.content))
    )
    am.monitorings.report(
        "err-3",
        "Useall M2",
        "Preço abaixo do custo",
        type="ALERT",
        status=None,
        created_at=WHEN,
        retry_callback_url="http://erp.local/retry",
    )
    body = json.loads(r.calls.last.request.content)
    assert body["type"] == "ALERT"
    assert "status" not in body
    assert body["createdAt"] == "2026-01-05T10:30:00-03:00"
    assert body["retryCallbackURL"] == "http://erp.local/retry"


def test_unknown_enum_values_are_kept(make_client: ClientFactory, router: respx.Router) -> None:
    am = make_client(strict=False)
    router.post("monitorings").mock(
        side_effect=lambda req: respx.MockResponse(
            200, json=_echo(req.content, type="WARNING", status="ARCHIVED", seen=True)
        )
    )
    created = am.monitorings.create(_monitoring())
    assert created.type == "WARNING"
    assert created.status == "ARCHIVED"
    assert created.extra == {"seen": True}


def test_creation_is_not_retried_after_a_server_error(am: Both, router: respx.Router) -> None:
    r = router.post("monitorings").respond(500, json={"code": "500", "message": "Erro"})
    with pytest.raises(ServerError):
        am.monitorings.create(_monitoring())
    assert r.call_count == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"partner_id": ""}, "monitoring.partner_id"),
        ({"origin": "  "}, "monitoring.origin"),
        ({"message": ""}, "monitoring.message"),
        ({"message": 404}, "monitoring.message"),
        ({"partner_id": 7}, "monitoring.partner_id"),
        ({"message": "x" * 501}, "monitoring.message"),
        ({"details": ""}, "monitoring.details"),
        ({"details": "x" * 4001}, "monitoring.details"),
        ({"created_at": None}, "monitoring.created_at"),
        ({"created_at": datetime(2026, 1, 5, 10, 30)}, "monitoring.created_at"),  # noqa: DTZ001
        ({"created_at": "2026-01-05T10:30:00Z"}, "monitoring.created_at"),
        ({"retry_callback_url": "ftp://erp/retry"}, "monitoring.retry_callback_url"),
        ({"retry_callback_url": "/retry"}, "monitoring.retry_callback_url"),
        ({"type": ""}, "monitoring.type"),
        ({"status": 1}, "monitoring.status"),
    ],
)
def test_invalid_records_are_rejected_before_sending(
    am: Both, router: respx.Router, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.monitorings.create(_monitoring(**overrides))
    assert info.value.field == field
    assert not router.calls


def test_limits_apply_to_what_is_sent(am: Both, router: respx.Router) -> None:
    r = router.post("monitorings").mock(
        side_effect=lambda req: respx.MockResponse(200, json=_echo(req.content))
    )
    at_limit = "x" * 500
    am.monitorings.create(_monitoring(message=at_limit, details="y" * 4000))
    assert json.loads(r.calls.last.request.content)["message"] == at_limit


def test_report_rejects_naive_datetimes(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.monitorings.report(
            "err",
            "Useall M2",
            "x",
            created_at=datetime(2026, 1, 5),  # noqa: DTZ001
        )
    assert info.value.field == "monitoring.created_at"
    assert not router.calls


def test_not_a_monitoring_is_rejected(am: Both, router: respx.Router) -> None:
    with pytest.raises(RequestValidationError) as info:
        am.monitorings.create(attrs.asdict(_monitoring()))
    assert info.value.field == "monitoring"
    assert not router.calls

"""The extração client at the HTTP level (httpx.MockTransport), sync and async alike."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from anymarket_sdk import RetryPolicy
from anymarket_sdk.testing import ManualClock
from m2_adapter.m2 import (
    DEFAULT_RETRY_POLICY,
    AsyncExtracaoClient,
    Customer,
    ExtracaoAuthenticationError,
    ExtracaoClient,
    ExtracaoConnectionError,
    ExtracaoError,
    ExtracaoNotFoundError,
    ExtracaoRateLimitError,
    ExtracaoResponseError,
    ExtracaoServerError,
    ExtracaoStatusError,
    ExtracaoTimeoutError,
    Filter,
    Item,
    M2DecodeError,
    Operator,
    ReportIds,
    StockBalance,
    encode_filters,
    extracao_retry_delay,
    raw_sql_filter,
)
from tests.m2.conftest import TOKEN, URL, ClientFactory, FakeExtracao, Run, rows_reply

SP = ZoneInfo("America/Sao_Paulo")

ITEMS = [
    {"IDITEM": n, "IDENTIFICACAO": f"ITEM-{n:03d}", "DESCRICAO": f"Item {n}"} for n in range(1, 8)
]


# --- the request ------------------------------------------------------------------------------


def test_query_and_header(run: Run, fake: FakeExtracao, make_client: ClientFactory) -> None:
    client = make_client(organization="EXEMPLO CONFECCOES LTDA")
    fake.reports["m2_geral_cidades"] = [{"IDCIDADE": 1, "NOME": "JOINVILLE"}]
    rows = run(
        client.rows(
            "m2_geral_cidades",
            filters=[Filter.equals("DATAHORAALTERACAOINI", date(2026, 1, 5))],
            page_size=50,
            parameters={"usecellmerging": True, "quebra": 0},
        )
    )
    assert rows == [{"IDCIDADE": 1, "NOME": "JOINVILLE"}]
    request = fake.requests[0]
    assert request.method == "GET"
    assert str(request.url).startswith(URL + "?")
    assert request.headers["use-relatorio-token"] == TOKEN
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("useall-anymarket/")
    assert fake.params() == {
        "Identificacao": "m2_geral_cidades",
        "FiltrosSqlQuery": '[{"Nome":"DATAHORAALTERACAOINI","Valor":"05/01/2026"}]',
        "pagina": "1",
        "qtderegistros": "50",
        "NomeOrganizacao": "EXEMPLO CONFECCOES LTDA",
        "Parametros": '[{"Nome":"usecellmerging","Valor":true},{"Nome":"quebra","Valor":0}]',
    }


def test_unpaged_request_sends_no_paging(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["r"] = ITEMS
    assert len(run(client.rows("r", page_size=None))) == 7
    assert "pagina" not in fake.params()
    assert "FiltrosSqlQuery" not in fake.params()


def test_pages_until_a_short_page(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["r"] = ITEMS
    rows = run(client.rows("r", page_size=3))
    assert [r["IDITEM"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [fake.params(n)["pagina"] for n in range(3)] == ["1", "2", "3"]


def test_exact_multiple_ends_on_an_empty_page(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["r"] = ITEMS[:6]
    assert len(run(client.rows("r", page_size=3))) == 6
    assert len(fake.requests) == 3


def test_rows_are_lazy_and_max_rows_stops_early(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["r"] = ITEMS
    assert len(run(client.rows("r", page_size=2, max_rows=3))) == 3
    assert len(fake.requests) == 2


def test_report_that_ignores_paging_is_read_once(
    run: Run, fake: FakeExtracao, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # answers every page with all rows: more than asked
    fake.replies = [rows_reply(ITEMS)]
    assert len(run(client.rows("r", page_size=5))) == 7
    assert len(fake.requests) == 1
    assert "ignores paging" in caplog.text


def test_repeated_page_stops_without_duplicates(run: Run, fake: FakeExtracao, client: Any) -> None:
    # exactly page_size rows, every time: the second identical page means paging is ignored
    fake.replies = [rows_reply(ITEMS[:3]), rows_reply(ITEMS[:3])]
    assert len(run(client.rows("r", page_size=3))) == 3
    assert len(fake.requests) == 2


@pytest.mark.parametrize("wrapped", [False, True])
def test_list_and_data_envelope(run: Run, fake: FakeExtracao, client: Any, wrapped: bool) -> None:
    fake.replies = [rows_reply(ITEMS[:2], wrapped=wrapped)]
    assert [r["IDITEM"] for r in run(client.rows("r", page_size=None))] == [1, 2]


def test_null_data_and_empty_body_mean_no_rows(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.replies = [httpx.Response(200, json={"data": None}), httpx.Response(200)]
    assert run(client.rows("r", page_size=None)) == []
    assert run(client.rows("r", page_size=None)) == []


def test_numbers_arrive_as_decimal(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.replies = [httpx.Response(200, content=b'[{"SALDOFISICO": 12.3456, "PRECO": 0.1}]')]
    (row,) = run(client.rows("r", page_size=None))
    assert row == {"SALDOFISICO": Decimal("12.3456"), "PRECO": Decimal("0.1")}


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<html>manutencao</html>", "not JSON"),
        (b'{"message": "Relatorio sem permissao"}', "Relatorio sem permissao"),
        (b'{"rows": []}', "keys: rows"),
        (b"[1, 2]", "got a list"),
    ],
)
def test_unexpected_bodies_are_typed_errors(
    run: Run, fake: FakeExtracao, client: Any, body: bytes, match: str
) -> None:
    fake.replies = [httpx.Response(200, content=body)]
    with pytest.raises(ExtracaoResponseError, match=match) as info:
        run(client.rows("r", page_size=None))
    assert info.value.report_id == "r"


# --- typed methods ----------------------------------------------------------------------------


def test_items_decoded_with_their_window(
    run: Run, fake: FakeExtracao, client: Any, clock: ManualClock
) -> None:
    fake.reports["m2_estoque_item"] = [
        {**ITEMS[0], "DATAHORAALTERACAO": "2026-01-05T08:00:00"},
        {**ITEMS[1], "DATAHORAALTERACAO": "2026-01-05T11:00:00"},
        {**ITEMS[2], "DATAHORAALTERACAO": "2026-01-06T09:00:00"},
    ]
    since = datetime(2026, 1, 5, 10, 0, tzinfo=SP)
    items = run(client.items(changed_since=since))
    assert [i.code for i in items] == ["ITEM-002", "ITEM-003"]  # 08:00 is dropped here
    assert all(isinstance(i, Item) for i in items)
    # the manual clock reads 2025-12-31 21:00 in São Paulo: the window ends tomorrow
    assert datetime.fromtimestamp(clock.time(), SP).date() == date(2025, 12, 31)
    assert fake.filter_values() == {
        "DATAHORAALTERACAOINI": "05/01/2026",
        "DATAHORAALTERACAOFIM": "01/01/2026",
    }


def test_window_defaults_and_caller_override(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["m2_estoque_item"] = []
    run(client.items())
    assert fake.filter_values()["DATAHORAALTERACAOINI"] == "01/01/1900"
    run(client.items(filters=[Filter.equals("DATAHORAALTERACAOINI", date(2020, 1, 1))]))
    assert fake.filter_values() == {"DATAHORAALTERACAOINI": "01/01/2020"}


def test_branch_window_carries_a_time(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["m2_geral_filiais"] = [{"IDFILIAL": 1, "IDEMPRESA": 1, "MATRIZ": 1}]
    (branch,) = run(client.branches())
    assert branch.headquarters is True
    assert fake.filter_values()["DATAHORAALTINI"] == "01/01/1900, 00:00:00"


def test_stock_balances_as_of(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["m2_estoque_saldo_de_estoque"] = [
        {
            "IDEMPRESA": 1,
            "IDFILIAL": 1,
            "IDALMOX": 10,
            "IDITEM": 1,
            "IDENTIFICACAO": "ITEM-001",
            "SALDOFISICO": "10.0000",
            "QUANTRESERVADA": 2,
            "SALDODISPONIVEL": 8,
        }
    ]
    (balance,) = run(client.stock_balances(as_of=date(2026, 1, 8)))
    assert isinstance(balance, StockBalance)
    assert balance.available_quantity == 8
    assert fake.filter_values() == {"ADDATA": "08/01/2026"}


def test_tenant_report_ids(run: Run, fake: FakeExtracao, make_client: ClientFactory) -> None:
    tenant = "41935286000184_m2_estoque_saldo_de_estoque__setup"
    client = make_client(reports=ReportIds(stock_balances=tenant))
    fake.reports[tenant] = []
    run(client.stock_balances())
    assert fake.params()["Identificacao"] == tenant


def test_customers_keep_documents_as_text(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.replies = [
        httpx.Response(
            200,
            content=b'[{"IDCLIFOREMP": 5002, "RAZAOSOCIAL": "Joao Exemplo", "CNPJCPF": 3821594705,'
            b' "TIPOPESSOA": "F"}, {"IDCLIFOREMP": 5011, "RAZAOSOCIAL": "Alfa",'
            b' "CNPJCPF": "12.ABC.345/01DE-35", "TIPOPESSOA": "J"}]',
        )
    ]
    joao, alfa = run(client.customers())
    assert isinstance(joao, Customer)
    assert (joao.document, joao.document_from_number) == ("03821594705", True)
    assert (alfa.document, alfa.document_from_number) == ("12.ABC.345/01DE-35", False)


def test_bad_row_names_report_and_row(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.reports["m2_estoque_item"] = [ITEMS[0], {"IDITEM": "x", "IDENTIFICACAO": "A"}]
    with pytest.raises(M2DecodeError) as info:
        run(client.items(page_size=None))
    assert info.value.row == 1
    assert info.value.source == "extração report m2_estoque_item"
    assert "IDITEM: not a number" in str(info.value)


def test_strict_client_rejects_unknown_columns(
    run: Run, fake: FakeExtracao, make_client: ClientFactory
) -> None:
    fake.reports["m2_estoque_item"] = [{**ITEMS[0], "NOVACOLUNA": 1}]
    with pytest.raises(M2DecodeError, match="NOVACOLUNA"):
        run(make_client(strict=True).items())
    (item,) = run(make_client().items())
    assert item.extra == {"NOVACOLUNA": 1}


# --- retries and errors -----------------------------------------------------------------------


def test_429_waits_the_retry_after(
    run: Run, fake: FakeExtracao, client: Any, clock: ManualClock
) -> None:
    fake.replies = [
        httpx.Response(429, headers={"Retry-After": "185"}, json={"message": "Muitas requisições"}),
        rows_reply(ITEMS[:1]),
    ]
    assert len(run(client.rows("r", page_size=None))) == 1
    assert clock.sleeps == [185.0]
    assert len(fake.requests) == 2


def test_429_without_retry_after_waits_the_long_default(
    run: Run, fake: FakeExtracao, make_client: ClientFactory, clock: ManualClock
) -> None:
    fake.replies = [httpx.Response(429), rows_reply([])]
    run(make_client().rows("r", page_size=None))
    assert clock.sleeps == [185.0]
    fake.replies = [httpx.Response(429), rows_reply([])]
    run(make_client(rate_limit_wait=30.0).rows("r", page_size=None))
    assert clock.sleeps == [185.0, 30.0]


def test_429_longer_than_allowed_raises_at_once(
    run: Run, fake: FakeExtracao, client: Any, clock: ManualClock
) -> None:
    fake.replies = [httpx.Response(429, headers={"Retry-After": "3600"})]
    with pytest.raises(ExtracaoRateLimitError) as info:
        run(client.rows("r", page_size=None))
    assert info.value.retry_after == 3600.0
    assert info.value.status_code == 429
    assert clock.sleeps == []


def test_429_until_retries_run_out(
    run: Run, fake: FakeExtracao, make_client: ClientFactory, clock: ManualClock
) -> None:
    fake.replies = [httpx.Response(429, headers={"Retry-After": "60"})] * 3
    with pytest.raises(ExtracaoRateLimitError):
        run(make_client(max_retries=2).rows("r", page_size=None))
    assert clock.sleeps == [60.0, 60.0]


def test_server_errors_are_retried_with_backoff(
    run: Run, fake: FakeExtracao, client: Any, clock: ManualClock
) -> None:
    fake.replies = [httpx.Response(503), httpx.Response(502), rows_reply([])]
    run(client.rows("r", page_size=None))
    assert len(clock.sleeps) == 2
    assert 0 < clock.sleeps[0] <= 1.0
    assert 0 < clock.sleeps[1] <= 2.0


def test_server_error_after_retries(
    run: Run, fake: FakeExtracao, make_client: ClientFactory
) -> None:
    fake.replies = [httpx.Response(500, text="erro interno")] * 2
    with pytest.raises(ExtracaoServerError, match="500 GET extração report 'r': erro interno"):
        run(make_client(max_retries=1).rows("r", page_size=None))


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, ExtracaoAuthenticationError),
        (403, ExtracaoAuthenticationError),
        (404, ExtracaoNotFoundError),
        (400, ExtracaoStatusError),
    ],
)
def test_client_errors_are_not_retried(
    run: Run, fake: FakeExtracao, make_client: ClientFactory, status: int, cls: type[Exception]
) -> None:
    client = make_client()
    fake.replies = [httpx.Response(status, json={"message": "não"})]
    with pytest.raises(cls) as info:
        run(client.rows("r", page_size=None))
    assert isinstance(info.value, ExtracaoStatusError)
    assert info.value.status_code == status
    assert info.value.body == {"message": "não"}
    assert info.value.report_id == "r"
    assert len(fake.requests) == 1
    assert client.clock.sleeps == []


def test_unknown_report_is_not_found(run: Run, client: Any) -> None:
    with pytest.raises(ExtracaoNotFoundError, match="não existe"):
        run(client.items())


def test_transport_errors_are_wrapped(
    run: Run, fake: FakeExtracao, make_client: ClientFactory, clock: ManualClock
) -> None:
    fake.replies = [httpx.ConnectError("connection refused"), rows_reply([])]
    run(make_client().rows("r", page_size=None))  # retried
    assert len(clock.sleeps) == 1
    fake.replies = [httpx.ConnectError("connection refused")] * 2
    with pytest.raises(ExtracaoConnectionError) as info:
        run(make_client(max_retries=1).rows("r", page_size=None))
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    fake.replies = [httpx.ReadTimeout("slow")]
    with pytest.raises(ExtracaoTimeoutError):
        run(make_client(max_retries=0).rows("r", page_size=None))


def test_every_error_is_an_extracao_error(run: Run, fake: FakeExtracao, client: Any) -> None:
    fake.replies = [httpx.Response(401)]
    with pytest.raises(ExtracaoError):
        run(client.rows("r", page_size=None))


def test_retry_decision_is_pure() -> None:
    policy = DEFAULT_RETRY_POLICY
    assert extracao_retry_delay(policy, attempt=0, status=429) == 185.0
    assert extracao_retry_delay(policy, attempt=0, status=429, rate_limit_wait=40) == 40.0
    assert extracao_retry_delay(policy, attempt=0, status=429, retry_after=5.0) == 5.0
    assert extracao_retry_delay(policy, attempt=0, status=429, retry_after=601.0) is None
    assert extracao_retry_delay(policy, attempt=3, status=429) is None
    assert extracao_retry_delay(policy, attempt=0, status=500) == 1.0
    assert extracao_retry_delay(policy, attempt=1, status=500, rand=0.0) == 2.0
    assert extracao_retry_delay(policy, attempt=0, status=404) is None
    # GETs are idempotent: a read timeout is retried too
    assert extracao_retry_delay(policy, attempt=0, error=httpx.ReadTimeout("x")) == 1.0
    short = RetryPolicy(max_retries=1, max_retry_after=100.0)
    assert extracao_retry_delay(short, attempt=0, status=429) is None  # 185 > 100


# --- secrets ------------------------------------------------------------------------------------


def _texts(exc: BaseException) -> list[str]:
    texts = [str(exc), repr(exc), *(str(a) for a in exc.args)]
    texts += [repr(v) for v in vars(exc).values()]
    return texts


def test_token_never_leaks(
    run: Run,
    fake: FakeExtracao,
    make_client: ClientFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(max_retries=1)
    assert TOKEN not in repr(client)
    assert TOKEN not in repr(client._auth)
    echo = {"message": f"token {TOKEN} invalido para 529.982.247-25", "token": TOKEN}
    fake.replies = [
        httpx.Response(503, json=echo),
        httpx.Response(401, json=echo),
        httpx.ConnectError(f"failed with {TOKEN}"),
        httpx.ConnectError(f"failed with {TOKEN}"),
        httpx.Response(200, text=f"<p>{TOKEN}</p>"),
    ]
    errors: list[BaseException] = []
    for _ in range(3):
        with pytest.raises(ExtracaoError) as info:
            run(client.rows("r", page_size=None))
        errors.append(info.value)
    assert [type(e) for e in errors] == [
        ExtracaoAuthenticationError,
        ExtracaoConnectionError,
        ExtracaoResponseError,
    ]
    for exc in errors:
        for text in _texts(exc):
            assert TOKEN not in text
            assert "529.982.247-25" not in text
    assert isinstance(errors[0], ExtracaoStatusError)
    assert errors[0].body["token"] == "***"
    assert errors[0].body["message"].startswith("token *** invalido para ***")
    assert TOKEN not in caplog.text
    assert "retrying" in caplog.text  # the retry was logged, without the token


def test_token_and_url_checks() -> None:
    with pytest.raises(ValueError, match="token is required"):
        ExtracaoClient(token=" ")
    with pytest.raises(ValueError, match="single line"):
        ExtracaoClient(token="a\nb")
    with pytest.raises(ValueError, match="plain http"):
        ExtracaoClient(token=TOKEN, base_url="http://extracao.useallcloud.com.br/api/v1/json")
    with pytest.raises(ValueError, match="must not carry"):
        ExtracaoClient(token=TOKEN, base_url="https://u:p@extracao.example/api")
    with pytest.raises(ValueError, match="set by the client"):
        ExtracaoClient(token=TOKEN, default_headers={"Use-Relatorio-Token": "x"})
    with pytest.raises(ValueError, match="not both"):
        ExtracaoClient(
            token=TOKEN,
            transport=httpx.MockTransport(lambda _: httpx.Response(200)),
            http_client=httpx.Client(),
        )
    with pytest.raises(TypeError, match="AsyncClient"):
        AsyncExtracaoClient(token=TOKEN, http_client=httpx.Client())  # type: ignore[arg-type]
    local = ExtracaoClient(token=TOKEN, base_url="http://127.0.0.1:8080/api/v1/json")
    assert local.base_url == "http://127.0.0.1:8080/api/v1/json"
    local.close()


def test_from_env() -> None:
    with pytest.raises(ValueError, match="USEALL_EXTRACAO_TOKEN"):
        ExtracaoClient.from_env({})
    client = ExtracaoClient.from_env(
        {"USEALL_EXTRACAO_TOKEN": TOKEN, "USEALL_EXTRACAO_URL": "https://m2.example/api/v1/json"},
        zone="America/Manaus",
    )
    assert client.base_url == "https://m2.example/api/v1/json"
    assert str(client.zone) == "America/Manaus"
    client.close()
    default = AsyncExtracaoClient.from_env({"USEALL_EXTRACAO_TOKEN": TOKEN})
    assert default.base_url == URL


def test_injected_http_client_is_used_and_not_closed(fake: FakeExtracao) -> None:
    fake.reports["r"] = ITEMS[:1]
    http = httpx.Client(transport=httpx.MockTransport(fake.handler))
    with ExtracaoClient(token=TOKEN, http_client=http) as client:
        assert len(list(client.rows("r"))) == 1
    assert not http.is_closed
    assert fake.requests[0].headers["use-relatorio-token"] == TOKEN  # auth per request
    http.close()


# --- filters ------------------------------------------------------------------------------------


def test_filters_encode_as_the_api_expects() -> None:
    text = encode_filters(
        [
            Filter.one_of("IDFILIAL", [333, 336]),
            Filter.between("DATA", date(2026, 1, 1), date(2026, 1, 31), period_type=8),
            Filter.equals("DATAHORAALTINI", datetime(2026, 1, 5, 14, 0, tzinfo=UTC)),
            Filter.equals("idreqmattenant", 123, operator=Operator.EQUAL),
            Filter.equals("VALOR", Decimal("12.50")),
            Filter.equals("ATIVO", True),
            Filter.equals("NOME", "D Ávila"),
            raw_sql_filter("FILTROSWHERE", " AND IDEMPRESA = 211"),
        ],
        zone="America/Sao_Paulo",
    )
    assert json.loads(text) == [
        {"Nome": "IDFILIAL", "Valor": [333, 336], "Operador": 1},
        {"Nome": "DATA", "Valor": "01/01/2026,31/01/2026", "Operador": 8, "TipoPeriodoData": 8},
        {"Nome": "DATAHORAALTINI", "Valor": "05/01/2026, 11:00:00"},
        {"Nome": "idreqmattenant", "Valor": 123, "Operador": 6},
        {"Nome": "VALOR", "Valor": 12.5},
        {"Nome": "ATIVO", "Valor": True},
        {"Nome": "NOME", "Valor": "D Ávila"},
        {"Nome": "FILTROSWHERE", "Valor": " AND IDEMPRESA = 211"},
    ]


@pytest.mark.parametrize(
    "value",
    ["1' OR '1'='1", "1; DROP TABLE X", "1 -- x", "a /* b */", "a\nb", ("ok", "x'y")],
)
def test_typed_filters_refuse_sql_fragments(value: Any) -> None:
    with pytest.raises(ValueError, match="raw_sql_filter"):
        Filter(name="IDENTIFICACAO", value=value)


@pytest.mark.parametrize("name", ["FILTROSWHERE", "filtroswhere1", "FiltrosRegistrosAtivo"])
def test_raw_sql_names_need_the_escape_hatch(name: str) -> None:
    with pytest.raises(ValueError, match="raw_sql_filter"):
        Filter.equals(name, "")
    assert raw_sql_filter(name, "").name == name


@pytest.mark.parametrize("name", ["", "1ABC", "A B", "A;B", "x" * 65])
def test_filter_names_are_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="plain identifier"):
        Filter.equals(name, 1)
    with pytest.raises(ValueError, match="plain identifier"):
        raw_sql_filter(name, "")


def test_filter_value_checks() -> None:
    with pytest.raises(ValueError, match="empty list"):
        Filter.one_of("IDFILIAL", [])
    with pytest.raises(ValueError, match="timezone-aware"):
        Filter.equals("DATA", datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(TypeError, match="unsupported value type"):
        Filter(name="X", value=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="BETWEEN"):
        Filter(name="X", value=1, operator=Operator.BETWEEN)
    with pytest.raises(ValueError, match="exactly representable"):
        encode_filters([Filter.equals("X", Decimal("0.1234567890123456789"))], zone=None)
    with pytest.raises(TypeError, match="raw_sql_filter"):
        encode_filters([{"Nome": "X", "Valor": 1}], zone=None)  # type: ignore[list-item]


def test_raw_sql_is_kept_out_of_reprs() -> None:
    assert "IDEMPRESA" not in repr(raw_sql_filter("FILTROSWHERE", " AND IDEMPRESA = 211"))

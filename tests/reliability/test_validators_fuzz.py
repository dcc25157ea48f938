"""Validators and parsers against arbitrary input: each raises only its documented error.

- ``m2_adapter.br``: every ``is_valid_*`` (and ``document_kind``) returns a bool (a kind)
  and never raises; every ``parse_*`` returns or raises ``BrValidationError`` only, and what
  it accepts is plain ASCII (no Unicode digits slip through);
- ``anymarket_sdk.fiscal``: ``is_valid_access_key`` never raises, ``parse_access_key``
  raises only ``InvalidAccessKeyError``;
- ``anymarket_sdk.webhooks.parse_notification``: only ``InvalidNotification`` (and
  ``WrongAccount`` with ``expected_oi``), whose message never quotes the body.

The functions are found through ``__all__``, so new validators are fuzzed without a change
here. ``tests/br/test_properties.py`` covers the rules themselves; this file is only about
crashes and the error contract.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from anymarket_sdk import fiscal, webhooks
from anymarket_sdk._pagination import Link
from anymarket_sdk.errors import InvalidAccessKeyError
from anymarket_sdk.webhooks import InvalidNotification, WrongAccount, parse_notification
from m2_adapter import br
from m2_adapter.br import BrValidationError
from tests.reliability.strategies import mutated, nested

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

IS_VALID: list[Callable[[Any], Any]] = [
    getattr(br, n) for n in br.__all__ if n.startswith("is_valid_") or n == "document_kind"
]
PARSERS: list[Callable[[Any], Any]] = [getattr(br, n) for n in br.__all__ if n.startswith("parse_")]

UNICODE_DIGITS = "".join(chr(c) for c in (0x0660, 0x06F1, 0x0967, 0xFF13, 0x00B2, 0x2463, 0x1D7D9))
NEAR = "0123456789" * 3 + ".-/ ()+*#•\t\u00a0AZaz" + UNICODE_DIGITS


def _decoded(data: bytes) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            data.decode("utf-8", "replace"),
            data.decode("utf-8", "surrogateescape"),
            data.decode("latin-1"),
        ]
    )


def _unicode_digits(text: str) -> str:
    """``text`` with its ASCII digits swapped for Arabic-Indic ones (same numeric value)."""
    return "".join(chr(0x0660 + int(c)) if c.isascii() and c.isdigit() else c for c in text)


texts = st.one_of(
    st.text(),
    st.text(NEAR, max_size=20),
    st.text(NEAR, min_size=40, max_size=70),
    st.binary(max_size=64).flatmap(_decoded),
    st.sampled_from(
        [
            "123.456.789-09",
            "11.222.333/0001-81",
            "12.ABC.345/01DE-35",
            "01310-100",
            "(11) 98765-4321",
            "+55 11 98765-4321",
            "7891000315507",
            "SEM GTIN",
            "8471.30.12",
            "5.102",
            "SP",
            "35",
            "41190908328657000194550015624654251041433087",
        ]
    ).flatmap(lambda t: st.sampled_from([t, _unicode_digits(t), t + "\x00", f" {t} "])),
)
objects = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def _ascii_only(value: object) -> bool:
    """Every string reachable in a parse result (str, attrs or dataclass fields) is ASCII."""
    if isinstance(value, str):
        return value.isascii()
    if isinstance(value, tuple | list | frozenset):
        return all(_ascii_only(v) for v in value)
    cls: Any = type(value)
    if attrs.has(cls):
        return all(_ascii_only(getattr(value, a.name)) for a in attrs.fields(cls))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(_ascii_only(getattr(value, f.name)) for f in dataclasses.fields(value))
    return True


@FUZZ
@given(value=st.one_of(texts, objects))
def test_br_is_valid_never_raises(value: object) -> None:
    for is_valid in IS_VALID:
        result = is_valid(value)
        if is_valid is br.document_kind:
            assert result in set(br.DocumentKind)
        else:
            assert isinstance(result, bool), is_valid.__name__


@FUZZ
@given(value=st.one_of(texts, objects))
def test_br_parsers_raise_only_br_validation_error(value: object) -> None:
    for parse in PARSERS:
        try:
            result = parse(value)
        except BrValidationError as exc:
            error: BrValidationError | None = exc
        else:
            error = None
            assert _ascii_only(result), (parse.__name__, result)
        if error is not None:
            assert error.kind
            assert error.rule


@FUZZ
@given(value=st.one_of(texts, objects), alnum=st.booleans())
def test_access_key_checks_raise_only_their_error(value: object, alnum: bool) -> None:
    assert isinstance(fiscal.is_valid_access_key(value, allow_alphanumeric_cnpj=alnum), bool)
    try:
        key = fiscal.parse_access_key(value, allow_alphanumeric_cnpj=alnum)  # type: ignore[arg-type]
    except InvalidAccessKeyError as exc:
        field: str | None = exc.field
    else:
        field = None
        assert key.key.isascii()
    assert field in (None, "access_key")


VALID_KEY = "41190908328657000194550015624654251041433087"


def _with_check_digit(body: str) -> str:
    return body + str(fiscal.access_key_check_digit(body))


@pytest.mark.parametrize("digit", ["\u0660", "\u00b2", "\uff11"])
def test_access_key_issuer_refuses_unicode_digits(digit: str) -> None:
    key = _with_check_digit(VALID_KEY[:6] + digit * 2 + VALID_KEY[8:43])
    assert not fiscal.is_valid_access_key(key)
    assert not br.is_valid_nfe_key(key)


# --- webhooks --------------------------------------------------------------------------------

MARKER = "zq-body-marker-4711"
"""Put in every generated body: an error message must never quote it."""


def _notification_shapes() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "type": st.sampled_from(["ORDER", "PRODUCT", "TRANSMISSION", "X", ""]),
            "content": st.fixed_dictionaries(
                {"id": st.one_of(st.text(max_size=5), st.integers())},
                optional={"oi": st.sampled_from(["99999.", "99999", " ", MARKER, ""])},
            ),
        },
        optional={"event": st.sampled_from(["CREATE", "UPDATE", "?", MARKER]), MARKER: st.just(1)},
    )


def _as_json_bytes(value: Any) -> bytes:
    return json.dumps(value, default=str).encode()


bodies: st.SearchStrategy[Any] = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200),
    st.text(max_size=50).map(lambda t: f'{{"type": "{MARKER}{t}"'),
    _notification_shapes(),
    mutated(_notification_shapes()),
    mutated(_notification_shapes()).map(_as_json_bytes),
    mutated(_notification_shapes()).map(lambda d: _as_json_bytes(d).decode()),
    st.integers(min_value=1, max_value=200).map(lambda n: _as_json_bytes(nested(n))),
    st.sampled_from([b"\xef\xbb\xbf{}", b"\xff\xfe{", "\ud800", b"", "   ", b"x" * 70_000]),
    objects,
)


@FUZZ
@given(body=bodies, expected=st.sampled_from([None, "99999", ["1", "99999."]]))
@example(body={"type": "ORDER", "content": {"id": "1", "oi": "99999."}}, expected="99999")
def test_parse_notification_raises_only_its_errors(body: Any, expected: Any) -> None:
    try:
        n = parse_notification(body, expected_oi=expected)
    except (InvalidNotification, WrongAccount) as exc:
        error: Exception | None = exc
    else:
        error = None
        assert isinstance(n.type, webhooks.NotificationType)
        assert isinstance(n.content.id, str)
        assert n.key
        repr(n)
    if isinstance(error, InvalidNotification):
        assert MARKER not in str(error)
    if isinstance(error, WrongAccount):
        assert expected is not None


@pytest.mark.parametrize("body", [b"[" * 50_000, "[" * 50_000, b'{"a":' * 12_000])
def test_parse_notification_deeply_nested(body: bytes | str) -> None:
    with pytest.raises(InvalidNotification):
        parse_notification(body)


def test_parse_notification_of_a_mapping_needs_no_json() -> None:
    body: Mapping[str, Any] = {"type": "ORDER", "content": {"id": 7, "oi": "99999."}}
    n = parse_notification(body, expected_oi="99999")
    assert n.resource_id == 7


# --- pagination links (server-provided text) --------------------------------------------------


@FUZZ
@given(
    href=st.one_of(
        st.text(max_size=40), st.text(NEAR, max_size=20).map("https://x/y?offset={}".format)
    )
)
def test_link_offset_never_raises_on_ascii(href: str) -> None:
    if not href.isascii():
        href = href.encode("ascii", "ignore").decode()
    offset = Link(rel="next", href=href).offset
    assert offset is None or offset >= 0


def test_link_offset_with_unicode_digits_is_none() -> None:
    assert Link(rel="next", href="https://x/y?offset=%C2%B2").offset is None

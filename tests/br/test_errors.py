"""The error model: one exception type, stable kind/rule codes, masked messages."""

from __future__ import annotations

import pickle

import pytest

from m2_adapter.br import (
    MAX_INPUT_LENGTH,
    BrValidationError,
    is_valid_cpf,
    parse_cep,
    parse_cnpj,
    parse_cpf,
    parse_phone,
)


def error(parse: object, text: object) -> BrValidationError:
    assert callable(parse)
    with pytest.raises(BrValidationError) as info:
        parse(text)
    return info.value


def test_is_a_value_error_with_kind_rule_and_message() -> None:
    exc = error(parse_cpf, "529.982.247-24")
    assert isinstance(exc, ValueError)
    assert (exc.kind, exc.rule) == ("cpf", "check_digit")
    assert exc.message == str(exc) == "invalid CPF '*********24': the check digits do not match"
    assert repr(exc).startswith("BrValidationError(kind='cpf', rule='check_digit'")


def test_pickles_with_its_attributes() -> None:
    exc = error(parse_cnpj, "11.222.333/0001-80")
    copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes)
    assert (copy.kind, copy.rule, copy.message) == (exc.kind, exc.rule, exc.message)


def test_message_shows_only_the_last_two_characters() -> None:
    for text in ("529.982.247-24", "52998224724"):
        message = error(parse_cpf, text).message
        assert "5299822472" not in message.replace(".", "").replace("-", "")
        assert message.count("*") == 9
        assert "'*********24'" in message
    phone = error(parse_phone, "(11) 81234-5678").message
    assert "8123" not in phone
    assert "78'" in phone


def test_long_input_is_refused_before_any_work_and_not_echoed() -> None:
    text = "1" * (MAX_INPUT_LENGTH + 1)
    exc = error(parse_cpf, text)
    assert exc.rule == "length"
    assert "11" not in exc.message.replace(str(MAX_INPUT_LENGTH), "")
    assert not is_valid_cpf("5" * 10_000_000)


def test_star_run_is_bounded_and_unprintables_are_replaced() -> None:
    exc = error(parse_cep, "1" * 40 + "\n\x00")
    assert exc.rule == "characters"
    assert "************...1?'" in exc.message
    assert "\x00" not in exc.message


def test_short_inputs_are_shown_whole() -> None:
    assert "'1'" in error(parse_cep, "1").message
    assert error(parse_cep, "").message == "invalid CEP: empty"


def test_non_text_gets_rule_type() -> None:
    exc = error(parse_cpf, 52998224725)
    assert (exc.kind, exc.rule) == ("cpf", "type")
    assert "52998224725" not in exc.message

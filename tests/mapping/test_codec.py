"""The partnerId codec: fixed vectors, then properties (round trip, length limit, alphabet,
no collisions, canonical decoding)."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from m2_adapter.mapping import (
    PARTNER_ID_MAX_LENGTH,
    PARTNER_ID_SAFE_CHARACTERS,
    PartnerIdError,
    decode_partner_id,
    encode_partner_id,
    is_partner_id,
)

FAST = settings(max_examples=100, deadline=None)
SAFE = "".join(sorted(PARTNER_ID_SAFE_CHARACTERS))
HEX = "0123456789ABCDEF"


def expected_length(code: str) -> int:
    """The encoded length, computed independently of the codec."""
    if code and set(code) == {"."}:
        return 3 * len(code)
    return sum(1 if c in SAFE else 3 * len(c.encode("utf-8")) for c in code)


@pytest.mark.parametrize(
    ("code", "partner_id"),
    [
        ("CAM-BASICA-BRA-P", "CAM-BASICA-BRA-P"),
        ("abc_1.2-3", "abc_1.2-3"),
        ("A B", "A~20B"),
        ("CX/12", "CX~2F12"),
        ("50%", "50~25"),
        ("~", "~7E"),
        ("ç", "~C3~A7"),
        ("Açúcar 1kg", "A~C3~A7~C3~BAcar~201kg"),
        ("€", "~E2~82~AC"),
        ("😀", "~F0~9F~98~80"),
        (".", "~2E"),
        ("..", "~2E~2E"),
        ("1.002.003", "1.002.003"),
        (" X ", "~20X~20"),
    ],
)
def test_vectors(code: str, partner_id: str) -> None:
    assert encode_partner_id(code) == partner_id
    assert decode_partner_id(partner_id) == code


@pytest.mark.parametrize(
    ("partner_id", "rule"),
    [
        ("", "empty"),
        ("A~2", "characters"),  # truncated escape
        ("A~2f", "characters"),  # lower-case hex is not canonical
        ("A~G0", "characters"),
        ("A B", "characters"),  # a space is always escaped
        ("A/B", "characters"),
        ("~41", "not_canonical"),  # "A" escaped
        ("~2E.", "not_canonical"),  # dots are escaped only when the code is all dots
        ("..", "not_canonical"),
        ("~C3", "characters"),  # not UTF-8
        ("~C3~28", "characters"),
        ("~ED~A0~80", "characters"),  # an encoded surrogate is not UTF-8
        ("A" * (PARTNER_ID_MAX_LENGTH + 1), "too_long"),
    ],
)
def test_decode_refuses_what_the_codec_never_produces(partner_id: str, rule: str) -> None:
    with pytest.raises(PartnerIdError) as info:
        decode_partner_id(partner_id)
    assert info.value.rule == rule
    assert not is_partner_id(partner_id)


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("", "empty"),
        ("\ud800", "characters"),
        ("A" * 121, "too_long"),
        ("/" * 41, "too_long"),
        ("ç" * 21, "too_long"),
    ],
)
def test_encode_refusals(code: str, rule: str) -> None:
    with pytest.raises(PartnerIdError) as info:
        encode_partner_id(code)
    assert info.value.rule == rule


def test_type_errors_are_partner_id_errors() -> None:
    with pytest.raises(PartnerIdError) as info:
        encode_partner_id(12)  # type: ignore[arg-type]
    assert info.value.rule == "type"
    with pytest.raises(PartnerIdError):
        decode_partner_id(None)  # type: ignore[arg-type]
    assert not is_partner_id(12)


def test_length_limit_boundaries() -> None:
    assert len(encode_partner_id("A" * 120)) == 120
    assert len(encode_partner_id("/" * 40)) == 120
    assert len(encode_partner_id("ç" * 20)) == 120
    assert len(encode_partner_id("😀" * 10)) == 120


# --- properties ------------------------------------------------------------------------------

codes = st.text(min_size=1, max_size=60)
ascii_codes = st.text(alphabet=string.printable, min_size=1, max_size=40)
safe_codes = st.text(alphabet=SAFE, min_size=1, max_size=120).filter(lambda s: set(s) != {"."})


@FAST
@given(codes)
def test_round_trip_or_too_long(code: str) -> None:
    length = expected_length(code)
    if length > PARTNER_ID_MAX_LENGTH:
        with pytest.raises(PartnerIdError) as info:
            encode_partner_id(code)
        assert info.value.rule == "too_long"
        return
    partner_id = encode_partner_id(code)
    assert len(partner_id) == length <= PARTNER_ID_MAX_LENGTH
    assert set(partner_id) <= PARTNER_ID_SAFE_CHARACTERS | {"~"}
    assert decode_partner_id(partner_id) == code


@FAST
@given(st.text(min_size=1, max_size=10))
def test_any_ten_characters_fit(code: str) -> None:
    assert decode_partner_id(encode_partner_id(code)) == code


@FAST
@given(ascii_codes)
def test_any_forty_ascii_characters_fit(code: str) -> None:
    assert decode_partner_id(encode_partner_id(code)) == code


@FAST
@given(safe_codes)
def test_safe_codes_are_their_own_partner_id(code: str) -> None:
    assert encode_partner_id(code) == code


@FAST
@given(codes, codes)
def test_distinct_codes_never_collide(a: str, b: str) -> None:
    try:
        pa, pb = encode_partner_id(a), encode_partner_id(b)
    except PartnerIdError:
        return
    assert (pa == pb) == (a == b)


@FAST
@given(st.text(alphabet=SAFE + "~" + HEX + HEX.lower() + " /", min_size=1, max_size=40))
def test_decode_accepts_only_canonical_forms(text: str) -> None:
    """Whatever decodes re-encodes to exactly the same text: so decoding is injective and
    two different partnerIds never name the same M2 code."""
    try:
        code = decode_partner_id(text)
    except PartnerIdError:
        return
    assert encode_partner_id(code) == text


@FAST
@given(codes)
def test_escapes_are_upper_case_hex_pairs(code: str) -> None:
    try:
        partner_id = encode_partner_id(code)
    except PartnerIdError:
        return
    parts = partner_id.split("~")
    assert all(len(p) >= 2 and set(p[:2]) <= set(HEX) for p in parts[1:])

"""Logging under ``anymarket_sdk``: silent by default (no handler is installed on import
unless ``ANYMARKET_LOG=debug|info`` asks for console output, e.g. in a notebook).

What is logged: method, route template, status, elapsed time and retry decisions; request
and response bodies only at DEBUG, truncated and masked. The token is never logged (it only
travels in a header that the SDK never formats); ``mask`` also scrubs anything shaped like a
``gumgaToken`` assignment, CPF/CNPJ numbers, e-mail addresses and phone numbers.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Final

logger: Final = logging.getLogger("anymarket_sdk")

_TOKEN_RE: Final = re.compile(
    r"""(?i)((?:gumga-?token|"token"|use-relatorio-token)["']?\s*[:=]\s*["']?)[^\s"',;&}]+"""
)
_EMAIL_RE: Final = re.compile(r"[\w.+-]+@([\w-]+\.)+[\w-]{2,}")
# CNPJ first (14 digits, numeric or alphanumeric), then CPF (11), then phones.
_CNPJ_RE: Final = re.compile(
    r"(?<![\w])[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2}(?![\w])"
)
_CPF_RE: Final = re.compile(r"(?<![\w.])\d{3}[.\s]?\d{3}[.\s]?\d{3}[-\s]?\d{2}(?![\w])")
_PHONE_RE: Final = re.compile(
    r"(?<![\w])(\+?55\s?)?\(?0?\d{2}\)?\s?(?:9\s?)?\d{4}[-\s]?\d{4}(?![\w])"
)


def _keep_tail(m: re.Match[str]) -> str:
    text = m.group(0)
    return "*" * (len(text) - 2) + text[-2:]


def mask(text: str) -> str:
    """Mask secrets and personal data in free text (bodies, messages)."""
    text = _TOKEN_RE.sub(r"\1***", text)
    text = _EMAIL_RE.sub("***@***", text)
    text = _CNPJ_RE.sub(_keep_tail, text)
    text = _CPF_RE.sub(_keep_tail, text)
    return _PHONE_RE.sub(_keep_tail, text)


class Masked:
    """Defers masking (and truncation) until a log record is actually emitted."""

    __slots__ = ("_limit", "_raw", "_secret")

    def __init__(
        self, raw: bytes | str | None, limit: int = 2000, *, secret: str | None = None
    ) -> None:
        self._raw = raw
        self._limit = limit
        self._secret = secret

    def __str__(self) -> str:
        raw = self._raw
        if raw is None:
            return "<no body>"
        text = mask(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw)
        if self._secret:
            text = text.replace(self._secret, "***")
        if len(text) > self._limit:
            text = text[: self._limit] + f"... ({len(text)} chars)"
        return text


class MaskingFilter(logging.Filter):
    """A handler filter that masks the formatted message of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        return True


def setup_from_env(environ: dict[str, str] | None = None) -> None:
    """Honour ``ANYMARKET_LOG=debug|info``: attach one console handler to our logger."""
    env = os.environ if environ is None else environ
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        env.get("ANYMARKET_LOG", "").strip().lower()
    )
    if level is None or any(getattr(h, "_anymarket", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler._anymarket = True  # type: ignore[attr-defined]
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)

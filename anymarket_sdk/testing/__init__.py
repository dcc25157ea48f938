"""Helpers for testing code that uses ``anymarket_sdk`` (importable without pytest)."""

from ._clock import ManualClock

__all__ = ["ManualClock"]

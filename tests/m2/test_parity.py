"""Every sync class of ``m2_adapter.m2`` has an async twin with the same signatures."""

from __future__ import annotations

import collections.abc
import inspect
import typing
from typing import Any

import pytest

from m2_adapter import m2

TWINS = [
    (m2.ExtracaoClient, m2.AsyncExtracaoClient),
    (m2.FileSource, m2.AsyncFileSource),
    (m2.InMemoryOrderSink, m2.AsyncInMemoryOrderSink),
    (m2.SqliteOrderSink, m2.AsyncSqliteOrderSink),
    (m2.M2Source, m2.AsyncM2Source),
    (m2.M2OrderSink, m2.AsyncM2OrderSink),
]
# what only one side has: closing, and FileSource's raw-file helpers
ONLY: dict[type[Any], set[str]] = {
    m2.ExtracaoClient: {"close"},
    m2.AsyncExtracaoClient: {"aclose"},
    m2.FileSource: {"rows", "path_of"},
    m2.InMemoryOrderSink: {"orders"},
}


def _public(cls: type[Any]) -> dict[str, Any]:
    return {
        name: fn
        for name, fn in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def _params(fn: Any) -> list[tuple[str, Any, Any]]:
    hints = typing.get_type_hints(fn)
    return [
        (p.name, p.kind, p.default, hints.get(p.name))  # type: ignore[misc]
        for p in inspect.signature(fn).parameters.values()
    ]


@pytest.mark.parametrize(("sync_cls", "async_cls"), TWINS, ids=[s.__name__ for s, _ in TWINS])
def test_twins_match(sync_cls: type[Any], async_cls: type[Any]) -> None:
    sync_methods = {n: f for n, f in _public(sync_cls).items() if n not in ONLY.get(sync_cls, ())}
    async_methods = {
        n: f for n, f in _public(async_cls).items() if n not in ONLY.get(async_cls, ())
    }
    assert sorted(sync_methods) == sorted(async_methods)
    for name, sync_fn in sync_methods.items():
        async_fn = async_methods[name]
        if name != "from_env":
            assert _params(sync_fn) == _params(async_fn), name
        s_ret = typing.get_type_hints(sync_fn).get("return")
        a_ret = typing.get_type_hints(async_fn).get("return")
        origin = typing.get_origin(s_ret)
        if origin in (collections.abc.Iterator, collections.abc.Iterable):
            assert typing.get_origin(a_ret) is collections.abc.AsyncIterator, name
            assert typing.get_args(s_ret) == typing.get_args(a_ret), name
        elif name != "from_env":
            assert inspect.iscoroutinefunction(async_fn), name
            assert s_ret == a_ret, name


def test_constructors_match() -> None:
    for sync_cls, async_cls in TWINS[:4]:
        s = inspect.signature(sync_cls).parameters
        a = inspect.signature(async_cls).parameters
        assert list(s) == list(a), sync_cls.__name__


def test_public_names_read_as_the_package() -> None:
    assert m2.Item.__module__ == "m2_adapter.m2"
    assert m2.ExtracaoRateLimitError.__module__ == "m2_adapter.m2"
    assert repr(m2.Item(item_id=1, code="A", description="B")).startswith("Item(")
    for name in m2.__all__:
        assert hasattr(m2, name), name

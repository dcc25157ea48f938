"""Every sync resource method has an async twin with the same signature."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from typing import Any

import pytest

import anymarket_sdk.resources
from anymarket_sdk import Anymarket, AsyncAnymarket
from anymarket_sdk.resources._base import AsyncResource, SyncResource


def _pairs() -> list[tuple[type[Any], type[Any]]]:
    pairs = []
    for info in pkgutil.iter_modules(anymarket_sdk.resources.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"anymarket_sdk.resources.{info.name}")
        for name, cls in vars(module).items():
            if (
                isinstance(cls, type)
                and issubclass(cls, SyncResource)
                and cls is not SyncResource
                and cls.__module__ == module.__name__
            ):
                twin = getattr(module, f"Async{name}", None)
                assert twin is not None, f"{module.__name__}.{name} has no Async{name}"
                assert issubclass(twin, AsyncResource)
                pairs.append((cls, twin))
    return pairs


def _public(cls: type[Any]) -> dict[str, Any]:
    return {n: f for n, f in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_")}


PAIRS = _pairs()


def test_every_resource_module_has_pairs() -> None:
    names = {s.__name__ for s, _ in PAIRS}
    assert {"Brands", "Categories", "Variations", "Products", "Skus", "Images"} <= names


@pytest.mark.parametrize(("sync_cls", "async_cls"), PAIRS, ids=[s.__name__ for s, _ in PAIRS])
def test_twins_match(sync_cls: type[Any], async_cls: type[Any]) -> None:
    sync_methods, async_methods = _public(sync_cls), _public(async_cls)
    assert sorted(sync_methods) == sorted(async_methods)
    for name, sync_fn in sync_methods.items():
        async_fn = async_methods[name]
        s_sig, a_sig = inspect.signature(sync_fn), inspect.signature(async_fn)
        assert list(s_sig.parameters.values()) == list(a_sig.parameters.values()), name
        s_ret = typing.get_type_hints(sync_fn).get("return")
        a_ret = typing.get_type_hints(async_fn).get("return")
        origin = typing.get_origin(s_ret)
        if origin is not None and origin.__name__ == "Iterator":
            # iterators: a plain def returning an AsyncIterator of the same item type
            assert not inspect.iscoroutinefunction(async_fn), name
            a_origin = typing.get_origin(a_ret)
            assert a_origin is not None
            assert a_origin.__name__ == "AsyncIterator", name
            assert typing.get_args(s_ret) == typing.get_args(a_ret), name
        else:
            assert inspect.iscoroutinefunction(async_fn), f"{async_cls.__name__}.{name}"
            assert s_ret == a_ret, name


def test_clients_expose_the_same_resources_and_methods() -> None:
    def members(cls: type[Any]) -> set[str]:
        return {n for n in dir(cls) if not n.startswith("_")}

    renamed = {"close": "aclose"}
    sync_names = {renamed.get(n, n) for n in members(Anymarket)}
    assert sync_names == members(AsyncAnymarket)
    for name in ("send", "send_raw", "request", "aclose"):
        assert inspect.iscoroutinefunction(getattr(AsyncAnymarket, name)), name
    init_s = inspect.signature(Anymarket.__init__).parameters
    init_a = inspect.signature(AsyncAnymarket.__init__).parameters
    assert list(init_s) == list(init_a)

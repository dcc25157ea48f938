"""Compiled structuring of attrs models: the fast path behind the converter.

cattrs' generated functions validate every value through its generic dispatch, which costs
several times what ``json.loads`` does. For each model this module generates one plain
function (``exec`` of generated source, as cattrs and attrs themselves do) with the
conversions inlined: an exact-type check per value, our scalar hooks only when the check
fails, nested models and lists by direct calls.

It is only a fast path. The converter calls it first and, if it raises anything, runs
cattrs' detailed structuring on the same data, which either succeeds or produces the error
list with JSON paths. So the two must accept the same data; tests compare them.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

import attrs

from .types import OpenStrEnum

Fn = Callable[[Any], Any]
Normaliser = Callable[[dict[str, Any]], dict[str, Any]]
"""Rewrites a raw JSON object; must not mutate its argument (copy when changing it)."""
_MISSING = object()


class FastDecoder:
    """Compiles and caches one structuring function per attrs class (one mode: strict or not)."""

    def __init__(
        self,
        *,
        strict: bool,
        scalars: Mapping[type[Any], Callable[[Any, Any], Any]],
        enum_hook: Callable[[Any, Any], Any],
        wire_names: Callable[[type[Any]], dict[str, str]],
        normalisers: Mapping[type[Any], Normaliser],
        fallback: Callable[[Any, Any], Any],
    ) -> None:
        self.strict = strict
        self._scalars = scalars
        self._enum_hook = enum_hook
        self._wire_names = wire_names
        self._normalisers = normalisers
        self._fallback = fallback
        self._cache: dict[type[Any], Fn] = {}
        self._counter = 0

    def for_class(self, cls: type[Any]) -> Fn:
        fn = self._cache.get(cls)
        if fn is None:
            fn = self._compile(cls)
            self._cache[cls] = fn
        return fn

    # -- code generation ---------------------------------------------------------------------

    def _trampoline(self, cls: type[Any], ns: dict[str, Any], key: str) -> Fn:
        """Calls the compiled function of ``cls`` (compiled on first use, which allows
        recursive models) and then puts it in ``ns`` so later calls go straight to it."""

        def call(v: Any) -> Any:
            fn = self.for_class(cls)
            ns[key] = fn
            return fn(v)

        return call

    def _expr(self, t: Any, v: str, ns: dict[str, Any]) -> str:
        """A Python expression converting the simple name ``v`` to type ``t``."""
        self._counter += 1
        key = f"_h{self._counter}"
        if t is Any or t is object:
            return v
        if t is Decimal:
            ns[key] = self._scalars[t]
            ns[key + "t"] = t
            return (
                f"({v} if {v}.__class__ is {key}t and {v}.is_finite() else "
                f"{key}t({v}) if {v}.__class__ is int else {key}({v}, {key}t))"
            )
        if t in (str, int, bool):
            ns[key] = self._scalars[t]
            ns[key + "t"] = t
            return f"({v} if {v}.__class__ is {key}t else {key}({v}, {key}t))"
        if t in (datetime, date, float):
            ns[key] = self._scalars[t]
            ns[key + "t"] = t
            return f"{key}({v}, {key}t)"
        if isinstance(t, type) and issubclass(t, OpenStrEnum):
            ns[key + "m"] = t._value2member_map_
            ns[key] = self._enum_hook
            ns[key + "t"] = t
            if self.strict:
                return f"{key}({v}, {key}t)"
            return f"({key}m[{v}] if {v} in {key}m else {key}({v}, {key}t))"
        if isinstance(t, type) and attrs.has(t):
            ns[key] = self._trampoline(t, ns, key)
            return f"{key}({v})"
        origin, args = get_origin(t), get_args(t)
        if origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) == 1 and len(args) == 2:
                return f"(None if {v} is None else {self._expr(rest[0], v, ns)})"
        if origin is list and len(args) == 1:
            ns[key] = self._helper("list", f"[{self._expr(args[0], 'x', ns)} for x in v]", ns)
            return f"{key}({v})"
        if origin is dict and len(args) == 2:
            k_expr = self._expr(args[0], "k", ns)
            v_expr = self._expr(args[1], "x", ns)
            body = f"{{{k_expr}: {v_expr} for k, x in v.items()}}"
            ns[key] = self._helper("dict", body, ns)
            return f"{key}({v})"
        if origin is Literal:
            ns[key] = frozenset(args)
            ns[key + "f"] = self._fallback
            ns[key + "t"] = t
            return f"({v} if {v} in {key} else {key}f({v}, {key}t))"
        # anything else: the generic converter
        ns[key] = self._fallback
        ns[key + "t"] = t
        return f"{key}({v}, {key}t)"

    @staticmethod
    def _helper(kind: str, body: str, ns: dict[str, Any]) -> Fn:
        """A function converting a list or dict; it shares ``ns`` (for the trampolines)."""
        ns["_list"], ns["_dict"] = list, dict
        src = (
            f"def helper_{kind}(v):\n"
            f"    if v.__class__ is not _{kind}:\n"
            f"        raise TypeError('expected a JSON {kind}')\n"
            f"    return {body}\n"
        )
        exec(compile(src, f"<anymarket fast {kind}>", "exec"), ns)  # noqa: S102
        fn: Fn = ns.pop(f"helper_{kind}")
        return fn

    @staticmethod
    def _direct_slots(model: type[Any]) -> bool:
        if hasattr(model, "__attrs_post_init__") or hasattr(model, "__attrs_pre_init__"):
            return False
        for a in attrs.fields(model):
            if a.validator is not None or a.converter is not None or a.alias != a.name:
                return False
            if not hasattr(model.__dict__.get(a.name), "__set__"):
                return False
        return True

    def _compile(self, cls: type[Any]) -> Fn:
        attrs.resolve_types(cls)
        names = self._wire_names(cls)
        ns: dict[str, Any] = {
            "_cls": cls,
            "_M": _MISSING,
            "_known": frozenset(names.values()),
            "_norm": self._normalisers.get(cls),
        }
        lines = [
            "def structure(d):",
            "    if d.__class__ is not dict:",
            f"        raise TypeError('expected a JSON object for {cls.__name__}')",
        ]
        if ns["_norm"] is not None:
            lines.append("    d = _norm(d)")
        lines.append("    g = d.get")
        args: list[str] = []
        has_extra = False
        for i, a in enumerate(attrs.fields(cls)):
            if a.name == "extra":
                has_extra = True
                continue
            wire = names[a.name]
            out = f"f{i}"
            expr = self._expr(a.type, "v", ns)
            lines.append(f"    v = g({wire!r}, _M)")
            if a.default is attrs.NOTHING:
                lines.append("    if v is _M:")
                lines.append(f"        raise KeyError({wire!r})")
                lines.append(f"    {out} = {expr}")
            elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                ns[f"_d{i}"] = a.default.factory
                lines.append(f"    {out} = _d{i}() if v is _M or v is None else {expr}")
            else:
                ns[f"_d{i}"] = a.default
                lines.append(f"    {out} = _d{i} if v is _M else {expr}")
            args.append(f"{a.name.lstrip('_')}={out}")
        if self.strict:
            lines.append("    if d.keys() - _known:")
            lines.append("        raise ValueError('extra fields found')")
            if has_extra:
                args.append("extra={}")
        elif has_extra:
            lines.append("    ks = d.keys() - _known")
            lines.append("    ex = {k: x for k, x in d.items() if k in ks} if ks else {}")
            args.append("extra=ex")
        if self._direct_slots(cls):
            # Frozen slotted attrs classes set each field through object.__setattr__ in
            # __init__; writing the slots through their descriptors is about twice as fast
            # and equivalent for models without validators, converters or post-init.
            ns["_new"] = object.__new__
            lines.append("    o = _new(_cls)")
            for arg in args:
                name, value = arg.split("=", 1)
                ns[f"_set_{name}"] = cls.__dict__[name].__set__
                lines.append(f"    _set_{name}(o, {value})")
            lines.append("    return o")
        else:
            lines.append(f"    return _cls({', '.join(args)})")
        src = "\n".join(lines) + "\n"
        exec(compile(src, f"<anymarket fast {cls.__qualname__}>", "exec"), ns)  # noqa: S102
        fn: Fn = ns["structure"]
        return fn

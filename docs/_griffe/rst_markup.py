"""Griffe extension for the documentation build: reST habits in our docstrings, as Markdown.

The docstrings are prose written for ``help()`` and editors, with a few reStructuredText
habits that Markdown would print literally:

- a paragraph ending in ``::`` (reST: "a literal block follows") ends in ``:`` instead, and a
  line holding only ``::`` is dropped; the indented block after it is already a Markdown
  code block;
- roles such as ``:class:`Product``` become plain code spans;
- a simple table (rows between ``=====  ====`` borders) becomes a preformatted block, kept
  as it is aligned.

Double backticks need nothing: Markdown reads them as a code span too. Only the rendered
text changes; the source files are left alone.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj):`~?([^`]+)`")
_LITERAL_MARK = re.compile(r"(\S)::[ \t]*$", re.MULTILINE)
_BARE_MARK = re.compile(r"^[ \t]*::[ \t]*\n", re.MULTILINE)
_TABLE_BORDER = re.compile(r"^=+( +=+)+[ \t]*$")


def _simple_tables_as_code(text: str) -> str:
    """Indent each reST simple table (three ``=`` borders) into a Markdown code block."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _TABLE_BORDER.match(lines[i]):
            borders = [j for j in range(i, len(lines)) if _TABLE_BORDER.match(lines[j])][:3]
            if len(borders) == 3 and all(lines[j].strip() for j in range(i, borders[2] + 1)):
                out += ["", *("    " + line for line in lines[i : borders[2] + 1]), ""]
                i = borders[2] + 1
                continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def to_markdown(text: str) -> str:
    """The docstring ``text`` with its reST literal markers and roles made Markdown."""
    text = _simple_tables_as_code(_BARE_MARK.sub("", text))
    text = _LITERAL_MARK.sub(r"\1:", text)
    return _ROLE.sub(r"`\1`", text)


class RstMarkup(griffe.Extension):
    """Rewrites every docstring with ``to_markdown`` once the object tree is complete."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        # griffe visits a top-level package here, not through on_object
        self.on_object(obj=pkg, loader=loader)

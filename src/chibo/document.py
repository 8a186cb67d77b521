"""A format-neutral document: what renderers turn into DOCX, HTML or PDF.

Blocks carry a *role* ("body", "heading_2", "motto"…); the format profile says
what each role looks like. Nothing here knows about Party work.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool | None = None  # None: as the role says
    italic: bool | None = None
    underline: bool | None = None


@dataclass
class Paragraph:
    runs: list[Run]
    role: str = "body"

    @classmethod
    def of(cls, text: str, role: str = "body") -> "Paragraph":
        return cls([Run(text)], role)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0  # share of the table width
    numeric: bool = False  # numbers are centred


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]
    caption: str | None = None
    bold_rows: frozenset[int] = frozenset()  # e.g. a total row
    dense: bool = False  # many columns: set in the profile's smaller "…_dense" roles

    def role(self, role: str, styles) -> str:
        """The role of this table's header or cells ("table_header"…) among the profile's ``styles``."""
        dense = f"{role}_dense"
        return dense if self.dense and dense in styles else role


@dataclass
class Figure:
    png: bytes
    width_ratio: float = 1.0  # of the text width
    aspect: float = 0.5  # height / width
    caption: str | None = None


Block = Paragraph | Table | Figure


@dataclass
class Masthead:
    """Two columns at the top of page 1 (issuer left, motto and date right)."""

    left: list[Paragraph]
    right: list[Paragraph]


@dataclass
class Closing:
    """Two columns at the end: distribution list left, signature right."""

    left: list[Paragraph]
    right_top: list[Paragraph]  # above the space left for signing
    right_bottom: list[Paragraph]  # below it: the name


@dataclass
class Document:
    masthead: Masthead
    body: list[Block] = field(default_factory=list)
    closing: Closing | None = None
    title: str = ""  # document properties
    author: str = ""

    def paragraphs(self):
        """Every paragraph in reading order (masthead, body, closing)."""
        yield from self.masthead.left
        yield from self.masthead.right
        for block in self.body:
            if isinstance(block, Paragraph):
                yield block
        if self.closing:
            yield from self.closing.right_top
            yield from self.closing.right_bottom
            yield from self.closing.left

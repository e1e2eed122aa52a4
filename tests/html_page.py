"""Reading comparison.html back in tests: its visible text, its elements and attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""  # the text directly and indirectly inside it


@dataclass
class ParsedPage(HTMLParser):
    """Every element with its attributes, the visible text, and the text of each heading."""

    elements: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    style: list[str] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)
    _joined: bool = False  # after a <wbr>: the next text goes on the same word

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        self._joined = tag == "wbr"
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        self._joined = False
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(e.tag == "style" for e in self._open):
            self.style.append(data)
            return
        if any(e.tag in ("title", "head") for e in self._open):
            return
        if self._joined and self.texts:
            self.texts[-1] += data
        else:
            self.texts.append(data)
        self._joined = False
        for element in self._open:
            element.text += data

    @property
    def text(self) -> str:
        """The page's visible text, its white space made single spaces."""
        return " ".join(" ".join(self.texts).split())

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


VOID = frozenset({"meta", "br", "link", "img", "hr", "input", "wbr"})


def parse(data: bytes) -> ParsedPage:
    page = ParsedPage()
    page.feed(data.decode("utf-8"))
    page.close()
    return page

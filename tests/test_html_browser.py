"""comparison.html in a real browser: headless Chromium, driven by Playwright.

- axe-core (the copy the axe-playwright-python package ships) finds no violation of WCAG 2.1
  A and AA, nor of its best practices, on both comparisons, the six-guideline case and the
  hostile cases;
- the page asks the network for nothing;
- Tab moves through the links in reading order;
- the print stylesheet applies;
- a screenshot is made (docs/html.md shows one, made by scripts/html_preview.py).

These tests need Debian's `chromium` (`apt-get install -y chromium`; .ci/run installs it) or a
Chromium named by GUIDECOMPARE_CHROMIUM. Without one they fail, saying so: the rest of the suite
still runs (`pytest -m 'not browser'` leaves them out).
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_html import PAGES, _comparison, _page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# WCAG 2.1 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# As this machine's notes advise: no background traffic to a closed network, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    named = os.environ.get("GUIDECOMPARE_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "NO BROWSER: the browser tests of comparison.html did not run. Install Debian's "
            "chromium (apt-get install -y chromium) or set GUIDECOMPARE_CHROMIUM to a Chromium; "
            "pytest -m 'not browser' runs the rest.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each test page written to a file, as build writes it."""
    directory = tmp_path_factory.mktemp("pages")
    written = {}
    for spec in PAGES:
        name = spec.parent.name if spec.name == "spec" else spec.name
        path = directory / f"{name}.html"
        path.write_bytes(_page(_comparison(spec)))
        written[name] = path
    return written


def _open(browser: Any, path: Path, requests: list[str] | None = None) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return page


@pytest.mark.parametrize("name", [p.parent.name if p.name == "spec" else p.name for p in PAGES])
def test_axe_finds_no_violation(browser: Any, pages: dict[str, Path], name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    requests: list[str] = []
    page = _open(browser, pages[name], requests)
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    page.close()
    assert results.violations_count == 0, results.generate_report()
    # The rules ran: axe reports which, and its version.
    assert results.response["testEngine"]["name"] == "axe-core"
    # Nothing was fetched but the page itself.
    assert requests == [pages[name].as_uri()]


def test_tab_moves_through_the_links_in_reading_order(browser: Any, pages: dict[str, Path]) -> None:
    """Links, and the tables' scrolling regions (focusable, so that a keyboard can scroll them)."""
    page = _open(browser, pages["ketamine-crps"])
    links = page.evaluate(
        """() => [...document.querySelectorAll('a[href], [tabindex]')].map((a, i) => {
            a.dataset.order = i;
            const box = a.getBoundingClientRect();
            return {top: box.top + window.scrollY, left: box.left};
        })"""
    )
    assert len(links) > 20
    reached = []
    for _ in links:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => Number(document.activeElement.dataset.order)"))
    page.close()
    # Every link once, in the order of the page's text.
    assert reached == list(range(len(links)))
    # Which is the order it reads in: each next link is lower on the page, or on the same
    # line (or the same table row) further right.
    for before, after in itertools.pairwise(links):
        assert after["top"] >= before["top"] - 1 or after["left"] > before["left"], (before, after)


@pytest.mark.parametrize("width", [1280, 390, 320])
@pytest.mark.parametrize("name", ["statins-primary-prevention", "six-guidelines", "long-statement"])
def test_the_page_never_scrolls_sideways(
    browser: Any, pages: dict[str, Path], name: str, width: int
) -> None:
    """The page reflows to the window (WCAG 1.4.10): only a table too wide for it scrolls, in
    its own region."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(pages[name].as_uri())
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    page.close()
    assert overflow <= 0


# Every word of a table cell that the browser set on more than one line: a word cut mid-way.
_CUT_WORDS = """() => {
  const cut = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s\\-\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                                         .map(r => Math.round(r.top)));
        if (lines.size > 1) cut.push(word[0]);
      }
    }
  }
  return cut;
}"""


@pytest.mark.parametrize("width", [1280, 1024])
@pytest.mark.parametrize("name", ["ketamine-crps", "statins-primary-prevention"])
def test_on_a_wide_screen_every_table_fits_and_no_word_is_cut(
    browser: Any, pages: dict[str, Path], name: str, width: int
) -> None:
    """On a desktop screen no table scrolls: a web address quoted in a note breaks after its
    punctuation (the statins comparison has them in two tables), and ordinary words stay whole."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(pages[name].as_uri())
    wider = page.evaluate(
        """() => [...document.querySelectorAll('.table')]
                   .filter(region => region.scrollWidth > region.clientWidth)
                   .map(region => region.querySelector('caption').textContent)"""
    )
    cut = page.evaluate(_CUT_WORDS)
    page.close()
    assert wider == []
    assert cut == []


def test_the_print_stylesheet_applies(browser: Any, pages: dict[str, Path]) -> None:
    page = _open(browser, pages["ketamine-crps"])
    page.emulate_media(media="print")
    hidden = page.evaluate("() => getComputedStyle(document.querySelector('nav')).display")
    repeated = page.evaluate("() => getComputedStyle(document.querySelector('thead')).display")
    pdf = page.pdf(format="Letter")
    page.close()
    assert hidden == "none"  # the contents links are for the screen
    assert repeated == "table-header-group"  # a table cut by a page repeats its header
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["statins-primary-prevention", "six-guidelines", "long-statement"])
def test_every_table_fits_the_printed_page(browser: Any, pages: dict[str, Path], name: str) -> None:
    """Printed, no table runs off the paper: a column is never cut (a long web address or
    reference number wraps)."""
    page = _open(browser, pages[name])
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 720, "height": 900})  # US Letter's printable width
    widths = page.evaluate(
        """() => [document.body.clientWidth,
                  ...[...document.querySelectorAll('table')].map(t => t.scrollWidth)]"""
    )
    page.close()
    body, *tables = widths
    assert tables and max(tables) <= body


def test_a_screenshot_of_the_page_is_made(
    browser: Any, pages: dict[str, Path], tmp_path: Path
) -> None:
    page = _open(browser, pages["ketamine-crps"])
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.close()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # Width and height from the PNG header: the whole page, not one screenful.
    width, tall = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280 and tall == height > 900

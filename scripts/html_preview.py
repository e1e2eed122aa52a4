"""Screenshot the top of the reference comparison's HTML page to docs/html.png (docs/html.md).

Needs Chromium (Debian: `apt-get install chromium`) and the test extra (Playwright). Run it
after `guidecompare build specs`, from the repository root:

    python scripts/html_preview.py [--html output/ketamine-crps/comparison.html] [--out docs/html.png]

The page is drawn 1100 pixels wide, and the first 1500 pixels are kept: the question, the
bottom line, the warnings and the at-a-glance matrix, as page one of the PDF shows them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HTML = ROOT / "output" / "ketamine-crps" / "comparison.html"
DEFAULT_PNG = ROOT / "docs" / "html.png"
WIDTH, HEIGHT = 1100, 1500
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def screenshot(html: Path, png: Path) -> Path:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium not found: install it (see this script's docstring)")
    if not html.is_file():
        raise SystemExit(f"{html}: no such page; run 'guidecompare build specs' first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(html.resolve().as_uri())
        page.screenshot(path=str(png), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML, help="the page to show")
    parser.add_argument("--out", type=Path, default=DEFAULT_PNG, help="the PNG to write")
    options = parser.parse_args(argv)
    print(f"wrote {screenshot(options.html, options.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

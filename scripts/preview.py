"""Render page 1 of the reference PDF to docs/page1.png, the picture the README shows.

Needs `pdftoppm` from poppler-utils (Debian/Ubuntu: `apt-get install poppler-utils`; macOS:
`brew install poppler`). Run it after `guidecompare build specs`, from the repository root:

    python scripts/preview.py [--pdf output/ketamine-crps/comparison.pdf] [--out docs/page1.png]

100 dpi makes a US Letter page 850 pixels wide: readable on GitHub without zooming, and small
enough to keep in the repository.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDF = ROOT / "output" / "ketamine-crps" / "comparison.pdf"
DEFAULT_PNG = ROOT / "docs" / "page1.png"
DPI = 100


def render_first_page(pdf: Path, png: Path, dpi: int = DPI) -> Path:
    """Write page 1 of `pdf` to `png` as a PNG image of `dpi` dots per inch; return `png`."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm not found: install poppler-utils (see this script's docstring)")
    if not pdf.is_file():
        raise SystemExit(f"{pdf}: no such PDF; run 'guidecompare build specs' first")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        # -singlefile: the output is <prefix>.png, not <prefix>-1.png.
        prefix = Path(work) / "page1"
        command = [pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([*command, str(pdf), str(prefix)], check=True)
        shutil.move(prefix.with_suffix(".png"), png)
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF, help="the PDF to preview")
    parser.add_argument("--out", type=Path, default=DEFAULT_PNG, help="the PNG to write")
    parser.add_argument("--dpi", type=int, default=DPI, help=f"resolution (default {DPI})")
    options = parser.parse_args(argv)
    written = render_first_page(options.pdf, options.out, options.dpi)
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The page's stylesheet, inline in the page: for the screen, and for print.

Every text colour reaches at least 4.5:1 against every background it is set on (WCAG AA), as in
the PDF; axe-core checks the page in a browser (tests/test_html_browser.py). A verdict is shown
by its symbol and word as well as its tint: never by colour alone.
"""

from __future__ import annotations

from guidecompare.render.html.markup import verdict_class
from guidecompare.render.saying import MARKS

_BASE = """\
:root { --ink: #1A1A1A; --muted: #4A4A4A; --accent: #1F3A5F; --link: #1A4F8B;
  --rule: #9AA5B1; --head: #E4EAF1; --absent: #F1F1F1; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink);
  background: #FFFFFF; font: 1rem/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif;
  overflow-wrap: break-word; }
a[href^="http"] { overflow-wrap: anywhere; }
a { color: var(--link); }
a:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.2rem 0 1rem; color: var(--accent); }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem; color: var(--accent);
  border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.1rem; margin: 1.8rem 0 0.4rem; color: var(--accent); }
p { margin: 0.3rem 0; }
.kicker { font-size: 0.8rem; letter-spacing: 0.06em; color: var(--muted); margin: 0; }
.small, .legend-note { font-size: 0.85rem; color: var(--muted); }
.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.3rem 1.2rem; margin: 0;
  padding: 0.6rem 0; border-top: 2px solid var(--accent); border-bottom: 1px solid var(--rule); }
.meta dt { font-weight: bold; color: var(--muted); }
.meta dd { margin: 0; }
.meta ul { margin: 0; padding: 0; list-style: none; }
.meta p { margin: 0 0 0.4rem; }
nav ul { margin: 0.8rem 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap;
  gap: 0.2rem 1.2rem; font-size: 0.9rem; }
.bottom-line { margin: 1rem 0; padding: 0.6rem 0.8rem; border-left: 4px solid var(--accent);
  background: var(--head); }
.table { overflow-x: auto; margin: 0.6rem 0; position: relative; }
.table:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
caption { text-align: left; font-size: 0.85rem; color: var(--muted); padding: 0.2rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--head); }
tbody th { font-weight: bold; }
td.absent { background: var(--absent); }
.matrix tbody th { width: 11rem; }
.matrix td:last-child { width: 9rem; }
.facts tbody th { width: 12rem; }
.profiles tbody th { width: 9rem; }
.statement + .statement { border-top: 1px dotted var(--rule); margin-top: 0.5rem;
  padding-top: 0.5rem; }
.statement p { margin: 0.2rem 0; }
.statement ul { margin: 0.2rem 0; padding-left: 1.2rem; }
blockquote { margin: 0.3rem 0 0.3rem 0.6rem; padding-left: 0.6rem; font-style: italic;
  border-left: 2px solid var(--rule); }
.verdict { margin: 0.6rem 0 0; padding: 0.6rem 0.8rem; border: 1px solid var(--rule); }
.legend { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
  gap: 0.3rem; margin: 0.4rem 0; font-size: 0.85rem; }
.legend div { padding: 0.3rem 0.5rem; }
.legend dt { font-weight: bold; }
.legend dd { margin: 0; }
.references, .notes { list-style: none; padding: 0; }
.references li, .notes li { margin: 0.3rem 0; padding-left: 2.2rem; text-indent: -2.2rem; }
.disclaimer { margin-top: 1.2rem; font-size: 0.85rem; color: var(--muted); }
footer { margin-top: 2rem; padding-top: 0.4rem; border-top: 1px solid var(--rule);
  font-size: 0.85rem; color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (max-width: 40rem) {
  body { padding: 1rem 0.6rem 2rem; }
  .meta { grid-template-columns: minmax(0, 1fr); gap: 0 0; }
  .meta dd { margin-bottom: 0.5rem; }
  table { font-size: 0.8rem; }
  th, td { padding: 0.25rem 0.3rem; min-width: 5.5rem; hyphens: auto; }
  .matrix tbody th, .matrix td:last-child, .facts tbody th, .profiles tbody th { width: auto; }
}
@media print {
  @page { margin: 15mm 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  .table { overflow: visible; }
  th, td { overflow-wrap: anywhere; }
  .matrix tr, .facts tr, .profiles tr, .verdict, .bottom-line { break-inside: avoid; }
  #background, #topics, #guidelines { break-before: page; }
}
"""


def stylesheet() -> str:
    """The whole stylesheet: the base, then each verdict's tint."""
    tints = "".join(
        f".{verdict_class(name)} {{ background: {mark.tint}; }}\n" for name, mark in MARKS.items()
    )
    return _BASE + tints

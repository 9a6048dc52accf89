"""Pure rendering: Casebook -> HTML or Markdown text. No I/O, no MkDocs.

Every value from the data passes through ``html.esc`` (or ``html.href`` for URLs)
before it lands in markup. Page-level Markdown is limited to fixed headings; data
goes inside HTML blocks, which Markdown passes through untouched, so Markdown
syntax in case text (links, images, emphasis) stays literal text.

``base`` arguments are the relative path from the page being rendered to the site
root (``"../"`` from ``cases/``), so links work on any host and under any prefix.
"""

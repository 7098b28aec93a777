"""Pagers for long pages: the links a page of results shows to its neighbours.

Every long page of the UI (diff, audit trail, batch results) is cut into pages; the
pager keeps the page's other query parameters (its filters) in every link, so moving
between pages never drops a filter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

__all__ = ["PageLink", "page_links", "page_number"]


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None: the current page, or a gap ("…")
    current: bool = False


def page_number(text: str | None) -> int:
    """A page number from a query string; anything unreadable is page 1."""
    try:
        return max(1, int(str(text or "1").strip()))
    except ValueError:
        return 1


def page_links(path: str, params: Mapping[str, str], page: int, pages: int,
               ) -> list[PageLink]:
    """Previous, first, a window around ``page``, last, next (empty for one page)."""
    if pages <= 1:
        return []
    kept = {k: v for k, v in params.items() if v and k != "page"}

    def url(n: int) -> str:
        return f"{path}?{urlencode({**kept, 'page': str(n)})}"

    links: list[PageLink] = []
    if page > 1:
        links.append(PageLink("‹ Previous", url(page - 1)))
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    last = 0
    for n in shown:
        if n - last > 1:
            links.append(PageLink("…", None))
        links.append(PageLink(str(n), None if n == page else url(n), n == page))
        last = n
    if page < pages:
        links.append(PageLink("Next ›", url(page + 1)))
    return links

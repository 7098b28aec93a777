"""Small things a newcomer notices first: the favicon, page titles, the home page's
entry counts and the list-age notice, the draft shown by its S/ symbol."""

from __future__ import annotations

import re

import httpx

from tests.api.server import Server
from tests.web.test_forms import _login
from unsc.web.headers import CSP


def test_favicon_is_served_with_the_headers(ui_server: Server) -> None:
    icon = httpx.get(ui_server.url + "/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert icon.headers["content-security-policy"] == CSP


def test_home_titles_entries_and_list_age(ui_server: Server) -> None:
    with _login(ui_server, "viewer") as c:
        home = c.get("/ui/").text
        assert "<title>Screen a name · unsc</title>" in home
        assert re.search(r"<td>un-2026-05-08</td><td>2026-05-08</td><td class=\"num\">1,009</td>",
                         home), "the Entries column holds the version's entry count"
        assert "Old list:" in home and "unsc lists update" in home
        titles = [re.search(r"<title>(.*?)</title>", c.get(p).text).group(1)  # type: ignore[union-attr]
                  for p in ("/ui/review", "/ui/lists", "/ui/audit", "/ui/batch", "/ui/regime")]
        assert all(t.endswith(" · unsc") and t != "unsc · unsc" for t in titles), titles


def test_council_page_shows_symbol_and_reconstruction(ui_server: Server) -> None:
    with _login(ui_server, "analyst") as c:
        page = c.get("/ui/council").text
        if "not stored yet" in page:
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            c.post("/ui/council/example", data={"csrf": token})
            page = c.get("/ui/council").text
        assert "S/2022/431" in page and "S-2022-431" not in page
        assert page.count('<span class="badge escalate">reconstruction</span>') == 5


def test_subjects_and_review_queue_are_paged(ui_server: Server) -> None:
    with _login(ui_server, "analyst") as c:
        for n in range(55):
            token = re.search(r'name="csrf" value="([^"]+)"',  # type: ignore[union-attr]
                              c.get("/ui/").text).group(1)
            done = c.post("/ui/subjects", data={"csrf": token, "ref": f"paged-{n:02d}",
                                                "name": f"Paged Customer {n}",
                                                "kind": "customer", "schema": "Person"})
            assert done.status_code == 303
        first = c.get("/ui/subjects").text
        total = int(re.search(r"Registered \(([\d,]+)\)", first).group(1)  # type: ignore[union-attr]
                    .replace(",", ""))
        assert total >= 55 and first.count("<td>customer</td>") == 50
        last = c.get("/ui/subjects", params={"page": -(-total // 50)}).text
        assert last.count("<td>customer</td>") == total - 50 * (-(-total // 50) - 1)
        assert 'aria-label="Pages"' in first
        queue = c.get("/ui/review", params={"status": "all"}).text
        assert queue.count('class="button" href="/ui/alerts/') <= 50


def test_search_from_a_link_queues_only_on_request(ui_server: Server) -> None:
    """A search URL without this session's form token (a link, an old bookmark, a forged
    cross-site request) raises no alert by itself: it offers a button to queue them."""
    query = {"name": "Kwangson Banking Corporation", "schema": ""}
    with _login(ui_server, "analyst") as c:
        forged = c.get("/ui/search", params={**query, "csrf": "forged"}).text
        assert "added to the review queue" not in forged
        assert "not in the review queue yet" in forged and 'action="/ui/search/alerts"' in forged
        token = re.search(r'name="csrf" value="([^"]+)"', forged).group(1)  # type: ignore[union-attr]
        assert c.post("/ui/search/alerts", data=query).status_code == 403  # no token
        queued = c.post("/ui/search/alerts", data={**query, "csrf": token})
        assert queued.status_code == 303
        again = c.get(queued.headers["location"]).text
        assert "not in the review queue yet" not in again
        alert = re.search(r'href="/ui/alerts/(\d+)">alert #\1</a> <span class="badge open">',
                          again)
        assert alert, "the match shows its queued alert"
        page = c.get(f"/ui/alerts/{alert.group(1)}").text
        assert "KWANGSON BANKING CORPORATION" in page and "search" in page

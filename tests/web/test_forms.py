"""Web UI at the HTTP level: login, sessions, CSRF refusals, role checks, page rendering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.api.server import Server


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "form without a CSRF token"
    return match.group(1)


@contextmanager
def _login(server: Server, role: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        page = c.get("/ui/login")
        done = c.post("/ui/login", data={"key": server.keys[role], "csrf": _csrf(page.text),
                                         "next": "/ui/"})
        assert done.status_code == 303 and done.headers["location"] == "/ui/"
        yield c


def test_pages_need_a_session(ui_server: Server) -> None:
    with httpx.Client(base_url=ui_server.url) as c:
        response = c.get("/ui/review")
        assert response.status_code == 303
        assert response.headers["location"] == "/ui/login?next=/ui/review"
        # An API key header is not a session: the UI wants its login.
        headers = {"Authorization": f"ApiKey {ui_server.keys['admin']}"}
        assert c.get("/ui/", headers=headers).status_code == 303


def test_login_with_a_wrong_key_fails(ui_server: Server) -> None:
    with httpx.Client(base_url=ui_server.url) as c:
        token = _csrf(c.get("/ui/login").text)
        bad = c.post("/ui/login", data={"key": "unsc_wrong", "csrf": token})
        assert bad.status_code == 401 and "unknown or revoked" in bad.text


def test_post_without_or_with_forged_csrf_is_refused(ui_server: Server) -> None:
    with _login(ui_server, "analyst") as c:
        form = {"ref": "csrf-1", "name": "Someone", "kind": "customer", "schema": "Person"}
        assert c.post("/ui/subjects", data=form).status_code == 403
        assert c.post("/ui/subjects", data={**form, "csrf": "forged"}).status_code == 403
        token = _csrf(c.get("/ui/subjects").text)
        ok = c.post("/ui/subjects", data={**form, "csrf": token})
        assert ok.status_code == 303
        assert "csrf-1" in c.get("/ui/subjects").text
    # A login form posted without the token (a cross-site login attempt) is refused too.
    with httpx.Client(base_url=ui_server.url) as c:
        assert c.post("/ui/login", data={"key": ui_server.keys["admin"]}).status_code == 403


def test_viewer_cannot_decide_but_can_search(ui_server: Server) -> None:
    with _login(ui_server, "viewer") as c:
        page = c.get("/ui/search", params={"name": "Yun Ho Jin"})
        assert page.status_code == 200 and "YUN HO-JIN" in page.text
        hit = c.get("/ui/hit", params={"name": "Yun Ho Jin", "schema": "Person",
                                       "entity_id": "un-KPi.001"})
        assert hit.status_code == 200 and "Decisions need the analyst role" in hit.text
        refused = c.post("/ui/hit/decide", data={
            "csrf": _csrf(hit.text), "name": "Yun Ho Jin", "schema": "Person",
            "entity_id": "un-KPi.001", "decision": "true_match", "reason": "x"})
        assert refused.status_code == 403


def test_every_page_renders(ui_server: Server) -> None:
    with _login(ui_server, "admin") as c:
        for path in ("/ui/", "/ui/review", "/ui/review?status=all", "/ui/subjects",
                     "/ui/lists", "/ui/audit", "/ui/audit?verify=1"):
            response = c.get(path)
            assert response.status_code == 200, path
            assert "<h1>" in response.text
        assert "chain intact" in c.get("/ui/audit?verify=1").text
        lists = c.get("/ui/lists").text
        assert "un-2026-05-08" in lists
        same = c.get("/ui/lists/diff", params={"old": "un-2026-05-08", "new": "un-2026-05-08"})
        assert same.status_code == 200 and "<strong>0</strong> added" in same.text
        assert "No changes." in same.text
        assert c.get("/ui/lists/diff", params={"old": "x", "new": "y"}).status_code == 404
        logout = c.post("/ui/logout", data={"csrf": _csrf(c.get("/ui/").text)})
        assert logout.status_code == 303
        c.cookies.delete("unsc_session")
        assert c.get("/ui/").status_code == 303


def test_council_and_regime_pages(ui_server: Server) -> None:
    with _login(ui_server, "analyst") as c:
        page = c.get("/ui/council")
        assert page.status_code == 200 and "not stored yet" in page.text
        stored = c.post("/ui/council/example", data={"csrf": _csrf(page.text)})
        assert stored.status_code == 303
        page = c.get("/ui/council", params={"year": 2022, "yes": "rest", "no": "CHN,RUS",
                                            "veto_date": "2022-05-26"})
        assert "S/2022/431" in page.text and "GA meeting due by" in page.text
        assert "vote" in page.text and "13" in page.text
        assert "year must be a number" in c.get("/ui/council", params={"year": "abc"}).text
        png = c.get("/ui/council/vetoes.png")
        assert png.content[:4] == b"\x89PNG"
        regime = c.get("/ui/regime", params={"as_of": "2023-01-01", "what_if": "1"})
        assert regime.status_code == 200 and "what-if" in regime.text
        token = _csrf(regime.text)
        verdict = c.post("/ui/regime", data={
            "csrf": token, "form": "shipment", "action": "check", "date": "2024-01-10",
            "direction": "from_dprk", "goods-0-hs_code": "2701", "goods-1-hs_code": "8703"})
        assert verdict.status_code == 200 and 'id="result"' in verdict.text
        assert "Verdict on the shipment of 2024-01-10" in verdict.text
        assert '<span class="badge big match">prohibited</span>' in verdict.text
        bad = c.post("/ui/regime", data={"csrf": token, "form": "shipment_json",
                                         "shipment": "{"})
        assert "not valid JSON" in bad.text
        # Every problem of the form at once, each next to its field.
        wrong = c.post("/ui/regime", data={
            "csrf": token, "form": "shipment", "action": "check", "date": "2024-02-30",
            "direction": "sideways", "goods-0-hs_code": "27x", "goods-1-hs_code": "8703",
            "goods-1-quantity": "-5", "parties-0-role": "consignee", "vessel-imo": "123"})
        assert "6 problems in the form; nothing was checked" in wrong.text
        for field in ("date", "direction", "goods-0-hs_code", "goods-1-quantity",
                      "parties-0-name", "vessel-imo"):
            assert f'id="err-{field}"' in wrong.text, field
        gauge = c.post("/ui/regime", data={
            "csrf": token, "form": "oil_cap", "period": "2018", "product": "refined",
            "action": "report", "ledger_rows": "1", "ledger-0-date": "2018-02-10",
            "ledger-0-supplier": "A", "ledger-0-product": "refined",
            "ledger-0-quantity": "400000", "ledger-0-unit": "barrels"})
        assert 'role="meter"' in gauge.text and "(<strong>80 %</strong>)" in gauge.text
        assert "<strong>400,000</strong> of <strong>500,000</strong>" in gauge.text
        assert ".0 %" not in gauge.text and "500000.0" not in gauge.text
        assert gauge.text.count('class="marker"') == 3
        upload = c.post("/ui/regime", data={"csrf": token, "form": "oil_cap", "period": "2018",
                                            "product": "refined", "action": "report"},
                        files={"ledger_file": ("ledger.csv", b"date,supplier,product,quantity"
                                               b",unit\n2018-01-02,B,refined,x,barrels\n"
                                               b"2018-13-01,,refined,5,litres\n", "text/csv")})
        assert "The ledger has 4 problems" in upload.text
        assert "line 2 quantity" in upload.text and "line 3 unit" in upload.text
        assert c.post("/ui/regime", data={"form": "oil_cap"}).status_code == 403
        iran = c.get("/ui/regime", params={"regime": "1737", "as_of": "2026-01-01"})
        assert iran.status_code == 200 and "S/RES/1737 (2006) OP12" in iran.text
        assert "Shipment check" not in iran.text and 'value="2048"' in iran.text
        before = c.get("/ui/regime", params={"regime": "1737", "as_of": "2025-06-01"})
        assert "terminated" in before.text
        assert "unknown regime" in c.get("/ui/regime", params={"regime": "Atlantis"}).text


def test_forged_or_tampered_session_cookies_are_refused(ui_server: Server) -> None:
    with _login(ui_server, "viewer") as c:
        good = c.cookies["unsc_session"]
        payload, mac = good.rsplit(".", 1)
        for forged in (payload + ".AAAA", "bm9wZQ." + mac, "garbage", good.replace(".", "")):
            c.cookies.set("unsc_session", forged)
            assert c.get("/ui/").status_code == 303, forged
        c.cookies.set("unsc_session", good)
        assert c.get("/ui/").status_code == 200


def test_list_versions_and_diff_pages(ui_server: Server, shared_data: Path) -> None:
    older = shared_data / "un" / "un_consolidated_2025-11-20.xml"
    loaded = httpx.post(f"{ui_server.url}/lists/load", timeout=120,
                        headers={"Authorization": f"ApiKey {ui_server.keys['admin']}"},
                        files={"file": (older.name, older.read_bytes(), "application/xml")},
                        data={"historical": "true"})  # older than the current version
    assert loaded.status_code == 201, loaded.text
    old = loaded.json()["version"]
    with _login(ui_server, "viewer") as c:
        page = c.get("/ui/lists").text
        link = f"/ui/lists/diff?old={old}&new=un-2026-05-08"
        assert link in page, "the newer version links to what changed since the older one"
        diff = c.get("/ui/lists/diff", params={"old": old, "new": "un-2026-05-08"})
        assert diff.status_code == 200
        counts = re.search(r"<strong>(\d+)</strong> added.*<strong>(\d+)</strong> removed.*"
                           r"<strong>(\d+)</strong> amended", diff.text, re.S)
        assert counts and [int(n) for n in counts.groups()] == [11, 2, 640]
        # Added entries are named and linked to the entry as the new version lists it.
        assert "SAMI JASIM MUHAMMAD JAATA AL-JABURI" in diff.text
        entry = "/ui/lists/entry?version=un-2026-05-08&amp;id=un-QDi.437"
        assert entry in diff.text
        shown = c.get(entry.replace("&amp;", "&"))
        assert shown.status_code == 200 and "QDi.437" in shown.text
        # 50 rows a page, filters kept in the pager links; no literal "\n" anywhere.
        assert diff.text.count('<span class="badge') >= 50 and "page 1 of 19" in diff.text
        assert "page=2" in diff.text and "\\n" not in diff.text
        comments = c.get("/ui/lists/diff", params={"old": old, "new": "un-2026-05-08",
                                                    "field": "comments", "page": 2})
        assert "page 2 of 3" in comments.text and "field=comments" in comments.text
        assert "<del>Individuals</del>" in comments.text
        assert "<ins>Entities</ins>" in comments.text
        beyond = c.get("/ui/lists/diff", params={"old": old, "new": "un-2026-05-08",
                                                  "page": 99})
        assert beyond.status_code == 400 and "pages run from 1 to 19" in beyond.text


def _current(c: httpx.Client) -> str:
    row = re.search(r"<tr><td>([^<]+)</td>(?:(?!</tr>).)*badge ok\">current", c.get(
        "/ui/lists").text, re.S)
    assert row, "no version marked current"
    return row.group(1)


def test_admin_rolls_back_and_deletes_versions_with_csrf(ui_server: Server,
                                                         shared_data: Path) -> None:
    older = shared_data / "un" / "un_consolidated_2025-08-02.xml"
    loaded = httpx.post(f"{ui_server.url}/lists/load", timeout=120,
                        headers={"Authorization": f"ApiKey {ui_server.keys['admin']}"},
                        files={"file": (older.name, older.read_bytes(), "application/xml")},
                        data={"historical": "true"})
    assert loaded.status_code == 201, loaded.text
    old = loaded.json()["version"]
    with _login(ui_server, "viewer") as c:
        assert "/ui/lists/use" not in c.get("/ui/lists").text  # no forms for a viewer
        token = _csrf(c.get("/ui/subjects").text)
        assert c.post("/ui/lists/use", data={"version": old, "csrf": token}).status_code == 403
    with _login(ui_server, "admin") as c:
        page = c.get("/ui/lists").text
        assert "/ui/lists/use" in page and _current(c) == "un-2026-05-08"
        assert c.post("/ui/lists/use", data={"version": old}).status_code == 403  # no CSRF
        token = _csrf(page)
        moved = c.post("/ui/lists/use", data={"version": old, "csrf": token})
        assert moved.status_code == 303 and _current(c) == old
        refused = c.post("/ui/lists/delete", data={"version": old, "csrf": token})
        assert refused.status_code == 409 and "current version" in refused.text
        back = c.post("/ui/lists/use", data={"version": "un-2026-05-08", "csrf": token})
        assert back.status_code == 303 and _current(c) == "un-2026-05-08"
        gone = c.post("/ui/lists/delete", data={"version": old, "csrf": token})
        assert gone.status_code == 303 and old not in c.get("/ui/lists").text
        audit = c.get("/ui/audit").text
        assert "list.use" in audit and "list.delete" in audit


def test_search_and_hit_pages_show_the_measures_binding_the_entry(ui_server: Server) -> None:
    """The search table names the measures per hit; the hit page cites each paragraph and the
    exemptions in force (KPi.001 is a 1718 listing: S/RES/1718 (2006) OP8(d) freezes)."""
    with _login(ui_server, "viewer") as c:
        page = c.get("/ui/search", params={"name": "Yun Ho Jin", "schema": "Person"})
        assert page.status_code == 200
        assert "Measures binding it" in page.text and "1718: asset freeze" in page.text
        hit = c.get("/ui/hit", params={"name": "Yun Ho Jin", "schema": "Person",
                                       "entity_id": "un-KPi.001"})
        assert hit.status_code == 200
        assert "Measures binding this entry on" in hit.text
        assert "S/RES/1718 (2006) OP8(d)" in hit.text and "S/RES/1718 (2006) OP9(a)" in hit.text

"""The REST API over real HTTP: access control, screening, lists, decisions, subjects,
audit. The server has the real UN list of 2026-05-08 loaded (see conftest)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.api.server import Server


def client(server: Server, role: str | None = None, key: str | None = None) -> httpx.Client:
    headers = {}
    if role or key:
        headers["Authorization"] = f"ApiKey {key or server.keys[str(role)]}"
    return httpx.Client(base_url=server.url, headers=headers, timeout=60)


def test_healthz_needs_no_key_and_openapi_needs_one(server: Server) -> None:
    with client(server) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.get("/openapi.json").status_code == 401  # setting api_docs=key (default)
        assert c.get("/docs").status_code == 303  # a browser page: to the login form
    with client(server, "viewer") as c:
        paths = c.get("/openapi.json").json()["paths"]
    for path in ("/match/{dataset}", "/screen", "/screen/batch", "/lists/versions",
                 "/lists/diff", "/decisions", "/alerts", "/subjects", "/audit", "/keys"):
        assert path in paths, path


@pytest.mark.parametrize("path", ["/lists/versions", "/audit", "/alerts", "/subjects"])
def test_missing_or_unknown_key_is_401(server: Server, path: str) -> None:
    with client(server) as c:
        assert c.get(path).status_code == 401
    with client(server, key="unsc_made-up") as c:
        assert c.get(path).status_code == 401


def test_roles(server: Server) -> None:
    body = {"ref": "role-test", "name": "Nobody In Particular"}
    with client(server, "viewer") as c:
        assert c.get("/lists/versions").status_code == 200
        assert c.post("/subjects", json=body).status_code == 403
        assert c.post("/keys", json={"role": "viewer"}).status_code == 403
    with client(server, "analyst") as c:
        assert c.post("/subjects", json=body).status_code == 201
        assert c.post("/keys", json={"role": "viewer"}).status_code == 403
        assert c.get("/keys").status_code == 403
    with client(server, "admin") as c:
        made = c.post("/keys", json={"role": "viewer", "label": "new"})
        assert made.status_code == 201
        new_key = made.json()["key"]
    with client(server, key=new_key) as c:
        assert c.get("/lists/versions").status_code == 200


def test_screen_one_and_batch(server: Server) -> None:
    with client(server, "viewer") as c:
        one = c.post("/screen", json={"name": "Yun Ho Jin", "birth_date": "1944-10-13",
                                      "schema": "Person", "id": "c-1"})
        assert one.status_code == 200, one.text
        data = one.json()
        assert data["id"] == "c-1"
        top = data["hits"][0]
        assert top["caption"] == "YUN HO-JIN" and top["match"] is True
        assert top["explanation"] and top["features"]
        assert data["versions"][0]["list"] == "un"
        batch = c.post("/screen/batch", json={"queries": [
            {"name": "Yun Ho Jin", "id": "a"}, {"name": "Zzyzx Qwerty Unlisted", "id": "b"}]})
        assert batch.status_code == 200
        results = batch.json()["results"]
        assert [r["id"] for r in results] == ["a", "b"]
        assert results[0]["hits"][0]["caption"] == "YUN HO-JIN"
        assert not any(h["match"] for h in results[1]["hits"])
        too_many = c.post("/screen/batch", params={"limit": 1},
                          json={"queries": [{"name": "x"}] * 501})
        assert too_many.status_code == 422 and "api_max_batch" in too_many.json()["detail"]
        assert c.post("/screen", json={"name": ""}).status_code == 400
        assert c.post("/screen", params={"list": "nope"}, json={"name": "x"}).status_code == 404


def test_lists_load_versions_entries_diff(server: Server, shared_data: Path) -> None:
    older = shared_data / "un" / "un_consolidated_2025-11-20.xml"
    with client(server, "analyst") as c:
        files = {"file": (older.name, older.read_bytes(), "application/xml")}
        assert c.post("/lists/load", files=files).status_code == 403
    with client(server, "admin") as c:
        files = {"file": (older.name, older.read_bytes(), "application/xml")}
        refused = c.post("/lists/load", files=files)  # older than the current 2026-05-08
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"] == "ListGateError"
        assert refused.json()["gates"] == ["older"] and "historical" in refused.text
        loaded = c.post("/lists/load", files=files, data={"historical": "true"})
        assert loaded.status_code == 201, loaded.text
        old_version = loaded.json()["version"]
        assert loaded.json()["current"] is False
        versions = c.get("/lists/versions").json()
        ids = [v["version"] for v in versions]
        assert old_version in ids and len(ids) >= 2
        new_version = next(v["version"] for v in versions if "2026-05-08" in v["version"])
        assert {v["version"] for v in versions if v["current"]} == {new_version}
        entries = c.get(f"/lists/versions/{new_version}/entries", params={"limit": 5}).json()
        assert entries["total"] == 737 + 272 and len(entries["entries"]) == 5
        diff = c.get("/lists/diff", params={"old": old_version, "new": new_version}).json()
        assert diff["added"] or diff["amended"] or diff["removed"]
        # the paged report of the web diff page, from the same endpoint with page=N
        report = c.get("/lists/diff", params={"old": old_version, "new": new_version,
                                              "page": 1, "per_page": 500, "kind": "added"})
        assert report.status_code == 200, report.text
        body = report.json()
        assert body["summary"]["added"] == len(diff["added"])
        assert body["summary"]["amended"] == len(diff["amended"])
        assert sorted(r["ref"] for r in body["rows"]) == sorted(diff["added"])
        assert all(r["caption"] and r["caption"] != r["ref"] for r in body["rows"])
        second = c.get("/lists/diff", params={"old": old_version, "new": new_version,
                                              "page": 2, "kind": "amended"}).json()
        assert second["page"] == 2 and len(second["rows"]) == 50
        assert {r["kind"] for r in second["rows"]} == {"amended"}
        assert all("change" in r for r in second["rows"])
        for bad in ({"kind": "added"}, {"page": 999}, {"page": 1, "kind": "renamed"}):
            refused = c.get("/lists/diff", params={"old": old_version, "new": new_version,
                                                   **bad})
            assert refused.status_code == 400, (bad, refused.text)
        assert c.get("/lists/diff", params={"old": "nope", "new": new_version}
                     ).status_code == 404
        knic = c.get("/lists/entry", params={"ref": "KPe.048", "as_of": "2026-01-01"})
        assert knic.status_code == 200 and knic.json()["id"] == "un-KPe.048"
        assert c.get("/lists/entry", params={"ref": "KPe.048", "as_of": "2015-01-01"}
                     ).status_code == 404
        assert c.get("/lists/entry", params={"ref": "KPe.048", "as_of": "2015-13-01"}
                     ).status_code == 400
        bad = c.post("/lists/load", files={"file": ("bad.xml", b"<nope/>", "application/xml")})
        assert bad.status_code in (400, 422)
        # roll back to the older version, refuse to delete it while current, roll forward
        back = c.post(f"/lists/versions/{old_version}/use")
        assert back.status_code == 200, back.text
        assert (back.json()["changed"], back.json()["previous"]) == (True, new_version)
        current = {v["version"] for v in c.get("/lists/versions").json() if v["current"]}
        assert current == {old_version}
        assert c.delete(f"/lists/versions/{old_version}").status_code == 409
        assert c.post(f"/lists/versions/{new_version}/use").json()["changed"] is True
        assert c.post("/lists/versions/nope/use").status_code == 404
        gone = c.delete(f"/lists/versions/{old_version}")
        assert gone.status_code == 200 and gone.json()["entities"] == 727 + 273
        assert old_version not in {v["version"] for v in c.get("/lists/versions").json()}
        actions = [(r["action"], r["payload"].get("version")) for r in
                   c.get("/audit", params={"limit": 20}).json()["records"]]
        assert ("list.use", old_version) in actions and ("list.delete", old_version) in actions
        # an empty list is refused; force=true loads it, audited with the gates it passed
        empty = {"file": ("empty.xml", b'<CONSOLIDATED_LIST dateGenerated="2026-06-01T00:00:'
                          b'00Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>',
                          "application/xml")}
        refused = c.post("/lists/load", files=empty)
        assert refused.status_code == 422 and refused.json()["gates"] == ["empty", "shrink"]
        forced = c.post("/lists/load", files=empty, data={"force": "true"})
        assert forced.status_code == 201 and forced.json()["forced"] == ["empty", "shrink"]
        record = c.get("/audit", params={"action": "list.load", "limit": 1}).json()["records"][0]
        assert record["payload"]["force"] is True and record["actor"] != "system"
        assert c.post(f"/lists/versions/{new_version}/use").json()["changed"] is True
        assert c.delete(f"/lists/versions/{forced.json()['version']}").status_code == 200
    with client(server, "analyst") as c:
        assert c.post(f"/lists/versions/{new_version}/use").status_code == 403
        assert c.delete(f"/lists/versions/{new_version}").status_code == 403


def test_subject_alert_decision_audit(server: Server) -> None:
    with client(server, "analyst") as c:
        made = c.post("/subjects", json={"ref": "cust-42", "name": "Yun Ho Jin",
                                         "birth_date": "1944-10-13", "kind": "customer"})
        assert made.status_code == 201
        alerts = made.json()["alerts"]
        assert alerts and alerts[0]["caption"] == "YUN HO-JIN"
        alert_id = alerts[0]["id"]
        queue = c.get("/alerts").json()
        assert alert_id in [a["id"] for a in queue]
        bad = c.post("/decisions", json={"alert_id": alert_id, "decision": "nope",
                                         "reason": "x"})
        assert bad.status_code == 422
        decided = c.post("/decisions", json={"alert_id": alert_id, "decision": "true_match",
                                             "reason": "name and date of birth agree"})
        assert decided.status_code == 201, decided.text
        assert decided.json()["actor"].startswith("key:")
        assert alert_id not in [a["id"] for a in c.get("/alerts").json()]
        # Registering the same subject again raises nothing new.
        again = c.post("/subjects", json={"ref": "cust-42", "name": "Yun Ho Jin",
                                          "birth_date": "1944-10-13"})
        assert again.json()["alerts"] == []
        records = c.get("/audit", params={"action": "decision.record"}).json()["records"]
        assert any(r["payload"]["alert_id"] == alert_id for r in records)
        screens = c.get("/audit", params={"action": "subject.register"}).json()
        assert screens["total"] >= 2
        assert c.get("/audit/verify").json()["ok"] is True
        assert c.get("/alerts/999999").status_code == 404

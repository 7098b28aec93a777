"""Council, regime and exemption endpoints over real HTTP, on the shipped data and the
docs/examples files."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.api.server import Server

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def client(server: Server, role: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60,
                        headers={"Authorization": f"ApiKey {server.keys[role]}"})


def test_council_vote_draft_initiative_vetoes(server: Server) -> None:
    with client(server, "viewer") as c:
        vote = c.post("/council/vote", json={"year": 2022, "yes": "rest", "no": "CHN,RUS"})
        assert vote.status_code == 200, vote.text
        assert "13" in json.dumps(vote.json())
        assert c.post("/council/vote", json={"year": 2022, "yes": "XXX"}).status_code == 400
        assert c.post("/council/drafts/examples",
                      params={"symbol": "S/2022/431"}).status_code == 403
        init = c.get("/council/veto-initiative", params={"veto_date": "2022-05-26"}).json()
        assert init["veto_date"] == "2022-05-26" and init["meeting_due_by"] > "2022-05-26"
        bad = c.get("/council/veto-initiative", params={"veto_date": "2022-02-30"})
        assert bad.status_code == 400
        counts = c.get("/council/vetoes", params={"by": "member"}).json()
        assert counts["vetoes"] >= 214
        chart = c.get("/council/vetoes/chart.png")
        assert chart.headers["content-type"] == "image/png"
        assert chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    with client(server, "analyst") as c:
        stored = c.post("/council/drafts/examples", params={"symbol": "S/2022/431"})
        assert stored.status_code == 201, stored.text
        draft = c.get("/council/draft", params={"ref": "S/2022/431"}).json()
        assert draft["timeline"]["steps"] and draft["timeline"]["tally"]
        assert c.get("/council/draft", params={"ref": "S/1999/1"}).status_code == 404


def test_regime_show_diff_check_oil_cap(server: Server) -> None:
    with client(server, "viewer") as c:
        real = c.get("/regime/1718", params={"as_of": "2023-01-01"}).json()
        hypo = c.get("/regime/1718", params={"as_of": "2023-01-01",
                                             "what_if": "S/2022/431"}).json()
        assert real["measure_count"] > 0 and hypo["what_if"] == "S/2022/431"
        diff = c.get("/regime/1718/diff", params={"as_of": "2023-01-01"}).json()
        assert diff["changed"] or diff["added"]
        shipment = json.loads((EXAMPLES / "shipment_coal.json").read_text())
        verdict = c.post("/regime/check", json=shipment)
        assert verdict.status_code == 200, verdict.text
        assert verdict.json()["verdict"] == "prohibited"
        dozers = json.loads((EXAMPLES / "shipment_bulldozers.json").read_text())
        out = c.post("/regime/check", json=dozers).json()
        assert out["verdict"] == "prohibited"
        assert out["exemption_route"][0]["citation"] == "S/RES/2397 (2017) OP25"
        bad = c.post("/regime/check", json={**shipment, "date": "2018-02-30"})
        assert bad.status_code == 400
        ledger = (EXAMPLES / "ledger.csv").read_text()
        report = c.post("/regime/oil-cap", params={"period": 2018}, content=ledger,
                        headers={"Content-Type": "text/csv"})
        assert report.status_code == 200, report.text
        assert report.json()["cap"] == 500000 and report.json()["delivered"] > 0


def test_what_if_that_is_not_a_known_draft_is_a_clear_4xx(server: Server) -> None:
    """Issue 9 item 7: 255 characters of what-if once reached the file system (500)."""
    with client(server, "viewer") as c:
        long = c.get("/regime/1718", params={"what_if": "A" * 255})
        assert long.status_code == 400, long.text
        assert long.json()["error"] == "InputError" and "S/2022/431" in long.json()["message"]
        assert len(long.json()["message"]) < 300
        unknown = c.get("/regime/1718", params={"what_if": "S/1999/1"})
        assert unknown.status_code == 404 and "S/2022/431" in unknown.json()["message"]
        path = c.get("/regime/1718/diff", params={"what_if": "../../etc/passwd"})
        assert path.status_code == 400
        name = c.get("/regime/" + "9" * 255)
        assert name.status_code == 404
        other = c.get("/regime/1267", params={"what_if": "S/2022/431"})
        assert other.status_code == 400 and "1718" in other.json()["message"]


def test_every_regime_and_the_entity_view_name_the_binding_measures(server: Server) -> None:
    with client(server, "viewer") as c:
        regimes = c.get("/regime", params={"as_of": "2026-05-08"})
        assert regimes.status_code == 200, regimes.text
        assert len(regimes.json()) == 17
        for row in regimes.json():
            shown = c.get(f"/regime/{row['regime']}", params={"as_of": "2026-05-08"}).json()
            assert shown["status"]["status"] == row["status"]
        entry = c.get("/lists/entry", params={"ref": "QDi.335", "as_of": "2026-05-08"}).json()
        binding = entry["binding_measures"]
        assert binding["regime"] == "1267" and binding["bound"] is True
        assert "S/RES/2734 (2024) OP1(a)" in {m["citation"] for m in binding["measures"]}
        iran = c.get("/lists/entry", params={"ref": "IRe.001"}).json()["binding_measures"]
        assert iran["regime"] == "1737" and iran["regime_status"] == "active"


def test_exemption_procedure(server: Server) -> None:
    request = json.loads((EXAMPLES / "exemption_request.json").read_text())
    with client(server, "viewer") as c:
        assert c.post("/exemptions", json=request).status_code == 403
    with client(server, "analyst") as c:
        made = c.post("/exemptions", json=request, params={"on": "2021-03-01"})
        assert made.status_code == 201, made.text
        rid = made.json()["id"]
        held = c.post(f"/exemptions/{rid}/hold", json={"member": "USA", "on": "2021-03-02"})
        assert held.status_code == 200, held.text
        blocked = c.post(f"/exemptions/{rid}/decide", params={"on": "2021-04-01"})
        assert blocked.status_code == 409
        c.post(f"/exemptions/{rid}/lift-hold", json={"member": "USA", "on": "2021-03-03"})
        done = c.post(f"/exemptions/{rid}/decide", params={"on": "2021-04-01"}).json()
        assert done["status"] == "approved"
        assert c.get(f"/exemptions/{rid}").json()["status"] == "approved"
        assert c.get("/exemptions/999999").status_code == 404
    with client(server, "admin") as c:
        current = c.get("/settings").json()
        assert current["api_max_batch"] == 500 and "host" in current


def test_screening_hits_name_the_measures_binding_the_entry(server: Server) -> None:
    """/screen, /screen/batch and /match: the hit on KPi.001 (YUN HO-JIN, 1718) carries the
    measures binding it today, as the entity view gives them; QDi.335 (1267) its own."""
    with client(server, "viewer") as c:
        entry = c.get("/lists/entry", params={"ref": "KPi.001"}).json()
        want = [m["citation"] for m in entry["binding_measures"]["measures"]]
        assert "S/RES/1718 (2006) OP8(d)" in want
        one = c.post("/screen", json={"name": "Yun Ho Jin", "schema": "Person"})
        assert one.status_code == 200, one.text
        hit = next(h for h in one.json()["hits"] if h["reference_number"] == "KPi.001")
        assert hit["binding_measures"]["regime"] == "1718"
        assert [m["citation"] for m in hit["binding_measures"]["measures"]] == want
        batch = c.post("/screen/batch", json={"queries": [
            {"name": "Yun Ho Jin"}, {"name": c.get("/lists/entry", params={
                "ref": "QDi.335"}).json()["names"][0]["value"]}]})
        assert batch.status_code == 200, batch.text
        first, second = batch.json()["results"]
        assert first["hits"][0]["binding_measures"]["regime"] == "1718"
        found = next(h for h in second["hits"] if h["reference_number"] == "QDi.335")
        assert found["binding_measures"]["regime"] == "1267"
        assert "S/RES/2734 (2024) OP1(a)" in {
            m["citation"] for m in found["binding_measures"]["measures"]}
        match = c.post("/match/default", json={"queries": {"q": {
            "schema": "Person", "properties": {"name": ["Yun Ho Jin"]}}}})
        assert match.status_code == 200, match.text
        top = match.json()["responses"]["q"]["results"][0]
        assert top["id"] == "un-KPi.001"
        assert [m["citation"] for m in top["binding_measures"]["measures"]] == want

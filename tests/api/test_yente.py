"""yente compatibility: the unchanged yente-client package talks to a real unsc server."""

from __future__ import annotations

import httpx
import pytest
import yente_client
from yente_client import Client, Organization, Person

from tests.api.server import Server, running_server


def test_yente_client_match_person(server: Server) -> None:
    with Client(base_url=server.url, api_key=server.keys["viewer"]) as yc:
        assert yc.healthz().status == "ok"
        assert yc.algorithms().default == "unsc"
        [dataset] = yc.datasets().datasets
        assert dataset.name == "un" and dataset.load and dataset.entity_count == 1009
        response = yc.match(Person(name=["Yun Ho Jin"], birthDate=["1944-10-13"]), limit=3)
    top = response.top
    assert top is not None and top.caption == "YUN HO-JIN"
    assert top.match and 0.7 <= top.score <= 1.0
    assert top.schema_ == "Person" and top.datasets == ["un"]
    assert "YUN HO-JIN" in top.properties["name"]
    assert top.contributing_explanations, "explanations carry the per-feature scores"
    assert response.total.value == len(response.results) <= 3
    assert response.query["properties"]["name"] == ["Yun Ho Jin"]


def test_yente_client_dataset_threshold_and_errors(server: Server) -> None:
    with Client(base_url=server.url, api_key=server.keys["viewer"]) as yc:
        # A wrong date of birth pulls the score below 1, so the threshold decides.
        person = Person(name=["Yun Ho Jin"], birthDate=["1980-02-02"])
        loose = yc.match(person, datasets=["un"], threshold=0.5)
        strict = yc.match(person, datasets=["un"], threshold=0.999)
        assert loose.top is not None and 0.5 <= loose.top.score < 0.999 and loose.top.match
        assert strict.top is not None and strict.top.id == loose.top.id
        assert not strict.top.match
        org = yc.match(Organization(name=["Korea Mining Development Trading Corporation"]),
                       algorithm="best")
        assert org.top is not None and "KOREA MINING DEVELOPMENT" in org.top.caption
        with pytest.raises(yente_client.BadRequestError) as refused:
            yc.match(Person(name=["Yun Ho Jin"]), algorithm="logic-v2")
        assert "unsc, best, default" in str(refused.value)
        first = yc.match(Person(name=["Yun Ho Jin"])).top
        assert first is not None
        rest = yc.match(Person(name=["Yun Ho Jin"]), exclude_entities=[first.id])
        assert first.id not in [r.id for r in rest.results]
        with pytest.raises(yente_client.BadRequestError):
            yc.match(Person(name=["Yun Ho Jin"]), exclude_datasets=["un"])
        with pytest.raises(yente_client.NotFoundError):
            yc.match(Person(name=["x"]), datasets=["no-such-list"])
    with Client(base_url=server.url, api_key="unsc_wrong") as bad, \
            pytest.raises(yente_client.AuthenticationError):
        bad.match(Person(name=["Yun Ho Jin"]))


def test_raw_multi_query_request(server: Server) -> None:
    body = {"queries": {
        "q1": {"schema": "Person", "properties": {"name": ["Yun Ho-jin", "Yun Ho Jin"],
                                                  "nationality": ["kp"]}},
        "q2": {"schema": "Person", "properties": {"name": ["Totally Unlisted Person"]}},
        "q3": {"schema": "Person", "properties": {}},
        "q4": {"schema": "Person", "properties": {"name": ["Yun Ho Jin"],
                                                  "birthDate": ["1944-10-13T00:00:00"]}},
        "q5": {"schema": "CryptoWallet", "properties": {"name": ["x"]}},
    }}
    response = httpx.post(f"{server.url}/match/default", json=body, params={"limit": 2},
                          headers={"Authorization": f"ApiKey {server.keys['viewer']}"},
                          timeout=60)
    assert response.status_code == 200
    data = response.json()
    assert data["limit"] == 2 and set(data["responses"]) == {"q1", "q2", "q3", "q4", "q5"}
    q1 = data["responses"]["q1"]
    assert q1["status"] == 200 and q1["results"][0]["caption"] == "YUN HO-JIN"
    ids = [r["id"] for r in q1["results"]]
    assert len(ids) == len(set(ids)), "one result per entity across the query's names"
    assert not any(r["match"] for r in data["responses"]["q2"]["results"])
    assert data["responses"]["q3"]["status"] == 400
    q4 = data["responses"]["q4"]
    assert q4["status"] == 200 and q4["results"][0]["caption"] == "YUN HO-JIN"
    assert "birth_date" in q4["results"][0]["explanations"]
    q5 = data["responses"]["q5"]
    assert q5["status"] == 400 and "schema" in q5["detail"]


def match(server: Server, body: dict[str, object], **params: object) -> httpx.Response:
    return httpx.post(f"{server.url}/match/default", json=body, params=params,
                      headers={"Authorization": f"ApiKey {server.keys['viewer']}"},
                      timeout=60)


YUN = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Yun Ho Jin"]}}}}


def test_algorithm_weights_and_config_are_honoured_or_refused(server: Server) -> None:
    unsc = match(server, YUN, algorithm="unsc").json()["responses"]["q"]["results"]
    assert unsc[0]["caption"] == "YUN HO-JIN"
    for name in ("best", "default"):
        same = match(server, YUN, algorithm=name).json()["responses"]["q"]["results"]
        assert [r["id"] for r in same] == [r["id"] for r in unsc]
    for params, body, words in [
            ({"algorithm": "regression-v1"}, YUN, "unsc, best, default"),
            ({}, {**YUN, "weights": {"name_match": 0.5}}, "weights"),
            ({}, {**YUN, "config": {"nationality": True}}, "config")]:
        response = match(server, body, **params)
        assert response.status_code == 400 and words in response.text, response.text
    described = httpx.get(f"{server.url}/algorithms", timeout=30, headers={
        "Authorization": f"ApiKey {server.keys['viewer']}"}).json()
    assert [a["name"] for a in described["algorithms"]] == ["unsc"]


def test_match_exclude_schema_topics_and_changed_since(server: Server) -> None:
    body = {"queries": {"q": {"schema": "LegalEntity",
                              "properties": {"name": ["Korea Mining Development"]}}}}
    found = match(server, body, limit=10).json()["responses"]["q"]["results"]
    assert any(r["schema"] == "Organization" for r in found)
    no_orgs = match(server, body, limit=10, exclude_schema="Organization").json()
    kept = no_orgs["responses"]["q"]["results"]
    assert all(r["schema"] != "Organization" for r in kept)
    assert [r["id"] for r in kept] == [r["id"] for r in found
                                       if r["schema"] != "Organization"][:len(kept)]
    assert match(server, body, exclude_schema="Sofa").status_code == 400
    sanctioned = match(server, YUN, topics="sanction").json()["responses"]["q"]["results"]
    assert sanctioned[0]["caption"] == "YUN HO-JIN"
    assert match(server, YUN, topics="role.pep").json()["responses"]["q"]["results"] == []
    since = match(server, YUN, changed_since="2026-05-08T00:00:00").json()
    assert since["responses"]["q"]["results"][0]["caption"] == "YUN HO-JIN"
    later = match(server, YUN, changed_since="2026-05-09").json()
    assert later["responses"]["q"]["results"] == []
    assert match(server, YUN, changed_since="soon").status_code == 400


def test_yente_client_filters(server: Server) -> None:
    with Client(base_url=server.url, api_key=server.keys["viewer"]) as yc:
        assert yc.match(Person(name=["Yun Ho Jin"]), topics=["role.pep"]).results == []
        hit = yc.match(Person(name=["Yun Ho Jin"]), changed_since="2026-01-01").top
        assert hit is not None and hit.caption == "YUN HO-JIN"
        assert yc.match(Person(name=["Yun Ho Jin"]), exclude_schemata=["Person"]).results \
            == []


def test_readyz_is_public_and_says_what_is_loaded(server: Server, tmp_path_factory:
                                                  pytest.TempPathFactory) -> None:
    ready = httpx.get(f"{server.url}/readyz", timeout=30)
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "lists": {"un": "2026-05-08"}}
    with Client(base_url=server.url, api_key=None) as yc:
        assert yc.readyz().status == "ok"
    with running_server(tmp_path_factory.mktemp("empty-home"), []) as empty:
        bare = httpx.get(f"{empty.url}/readyz", timeout=30)
        assert bare.status_code == 503 and bare.json()["status"] == "not ready"
        assert "lists load" in bare.json()["message"]
        assert httpx.get(f"{empty.url}/healthz", timeout=30).status_code == 200

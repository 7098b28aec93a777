"""yente compatibility: the unchanged yente-client package talks to a real unsc server."""

from __future__ import annotations

import httpx
import pytest
import yente_client
from yente_client import Client, Organization, Person

from tests.api.server import Server


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
                       algorithm="logic-v2")
        assert org.top is not None and "KOREA MINING DEVELOPMENT" in org.top.caption
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

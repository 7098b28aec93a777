"""OpenRefine reconciliation over real HTTP, as OpenRefine sends it (form-encoded
``queries``/``extend``, the key as ``api_key`` in the URL), checked field by field against
the Reconciliation Service API 0.2 (https://reconciliation-api.github.io/specs/0.2/ and
its JSON schemas in reconciliation-api/specs, 0.2/schemas/): manifest.json,
reconciliation-result-batch.json, suggest-*-response.json, data-extension-response.json.
The server holds the real UN list of 2026-05-08 (see conftest)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.api.server import Server

YUN = "un-KPi.001"


def call(server: Server, method: str, path: str, key: bool = True, **kwargs: Any,
         ) -> httpx.Response:
    params = dict(kwargs.pop("params", {}))
    if key:
        params["api_key"] = server.keys["viewer"]
    return httpx.request(method, f"{server.url}{path}", params=params, timeout=60, **kwargs)


def assert_manifest(data: dict[str, Any]) -> None:
    """manifest.json: required versions (containing 0.2), name, identifierSpace,
    schemaSpace; view/preview URL templates with {{id}}; typed suggest/extend entries."""
    assert "0.2" in data["versions"]
    for field in ("name", "identifierSpace", "schemaSpace"):
        assert isinstance(data[field], str) and data[field]
    assert "{{id}}" in data["view"]["url"] and "{{id}}" in data["preview"]["url"]
    assert isinstance(data["preview"]["width"], int)
    assert isinstance(data["preview"]["height"], int)
    for kind in ("entity", "type", "property"):
        service = data["suggest"][kind]
        assert isinstance(service["service_url"], str)
        assert isinstance(service["service_path"], str)
    types = [t["id"] for t in data["defaultTypes"]]
    assert len(types) == len(set(types)) and "Person" in types
    for setting in data["extend"]["property_settings"]:
        assert setting["type"] in ("number", "text", "checkbox", "select")
        assert {"label", "name"} <= set(setting)
        if setting["type"] == "select":
            assert all({"value", "name"} <= set(c) for c in setting["choices"])
    assert data["authentication"] == {"type": "apiKey", "name": "api_key", "in": "query"}


def assert_results(batch: dict[str, Any]) -> None:
    """reconciliation-result-batch.json: each query has result[] of {id, name, score}
    with optional typed description, match, type[] and features[]."""
    for answer in batch.values():
        for candidate in answer["result"]:
            assert isinstance(candidate["id"], str) and isinstance(candidate["name"], str)
            assert isinstance(candidate["score"], (int, float))
            assert isinstance(candidate["match"], bool)
            assert isinstance(candidate["description"], str)
            assert all("id" in t for t in candidate["type"])
            for feature in candidate["features"]:
                assert isinstance(feature["id"], str)
                assert isinstance(feature["value"], (bool, int, float))


def test_manifest_is_public_and_carries_the_key_on(server: Server) -> None:
    bare = call(server, "GET", "/reconcile", key=False)
    assert bare.status_code == 200, bare.text
    assert_manifest(bare.json())
    assert bare.json()["suggest"]["entity"]["service_path"] == "/suggest/entity"
    assert bare.json()["suggest"]["entity"]["service_url"].endswith("/reconcile/default")
    keyed = call(server, "GET", "/reconcile/un").json()
    assert_manifest(keyed)
    assert keyed["suggest"]["entity"]["service_url"].endswith("/reconcile/un")
    assert keyed["suggest"]["type"]["service_path"] == (
        f"/suggest/type?api_key={server.keys['viewer']}")
    assert keyed["preview"]["url"].endswith(f"&api_key={server.keys['viewer']}")
    assert call(server, "GET", "/reconcile/no-such-list", key=False).status_code == 404


def test_queries_round_trip_as_openrefine_sends_them(server: Server) -> None:
    queries = {
        "q0": {"query": "Yun Ho Jin", "type": "Person", "limit": 3,
               "properties": [{"pid": "birthDate", "v": "1944-10-13"},
                              {"pid": "Person:nationality", "v": "kp"}]},
        "q1": {"query": "Yun Ho Jin", "type": "Person", "limit": 3,
               "properties": [{"pid": "birthDate", "v": "1980-02-02"}]},
        "q2": {"query": "Totally Unlisted Person", "type_strict": "should"},
    }
    response = call(server, "POST", "/reconcile/default",
                    data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    batch = response.json()
    assert set(batch) == {"q0", "q1", "q2"}
    assert_results(batch)
    best = batch["q0"]["result"][0]
    assert best["id"] == YUN and best["name"] == "YUN HO-JIN" and best["match"] is True
    assert best["type"] == [{"id": "Person", "name": "Person"}]
    assert 0 < best["score"] <= 100 and len(batch["q0"]["result"]) <= 3
    assert "KPi.001" in best["description"]
    wrong_birth = batch["q1"]["result"][0]
    assert wrong_birth["id"] == YUN and wrong_birth["score"] < best["score"]
    assert not any(c["match"] for c in batch["q2"]["result"])
    same = call(server, "GET", "/reconcile", params={"queries": json.dumps(
        {"a": queries["q0"]})}).json()
    assert same["a"]["result"][0] == best, "GET with queries answers like POST"


def test_extend_and_propose_properties(server: Server) -> None:
    proposed = call(server, "GET", "/reconcile/default/extend/property",
                    params={"type": "Person"}).json()
    assert proposed["type"] == "Person"
    ids = {p["id"]: p["name"] for p in proposed["properties"]}
    assert ids["birthDate"] == "Birth date" and "nationality" in ids
    extend = {"ids": [YUN, "no-such-entity"],
              "properties": [{"id": "nationality"}, {"id": "birthDate"},
                             {"id": "nationality", "settings": {"render": "raw"}}]}
    data = call(server, "POST", "/reconcile/default",
                data={"extend": json.dumps(extend)}).json()
    assert {m["id"]: m["name"] for m in data["meta"]} == {"nationality": "Nationality",
                                                          "birthDate": "Birth date"}
    row = data["rows"][YUN]
    assert row["birthDate"] == [{"str": "1944-10-13"}]
    assert row["nationality"] == [{"str": "kp"}], "the last setting for a property wins"
    readable = call(server, "POST", "/reconcile/default", data={"extend": json.dumps(
        {"ids": [YUN], "properties": [{"id": "nationality"}]})}).json()
    assert readable["rows"][YUN]["nationality"] == [{"str": "North Korea"}]
    assert data["rows"]["no-such-entity"] == {"nationality": [], "birthDate": []}


def test_suggest_entity_type_property(server: Server) -> None:
    entity = call(server, "GET", "/reconcile/default/suggest/entity",
                  params={"prefix": "yun ho"}).json()
    assert YUN in [r["id"] for r in entity["result"]]
    assert all({"id", "name"} <= set(r) for r in entity["result"])
    types = call(server, "GET", "/reconcile/default/suggest/type",
                 params={"prefix": "pers"}).json()
    assert [t["id"] for t in types["result"]] == ["Person"]
    props = call(server, "GET", "/reconcile/default/suggest/property",
                 params={"prefix": "birth"}).json()
    assert {"birthDate", "birthPlace"} <= {p["id"] for p in props["result"]}
    assert all({"id", "name"} <= set(p) for p in props["result"])


def test_preview_is_a_frameable_card(server: Server) -> None:
    response = call(server, "GET", "/reconcile/default/preview", params={"id": YUN})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert "<h1>YUN HO-JIN</h1>" in response.text and "<script" not in response.text
    assert call(server, "GET", "/reconcile/default/preview",
                params={"id": "nope"}).status_code == 404


def test_keys_and_bad_input(server: Server) -> None:
    body = {"queries": json.dumps({"q": {"query": "Yun Ho Jin"}})}
    assert call(server, "POST", "/reconcile", key=False, data=body).status_code == 401
    assert call(server, "GET", "/reconcile", key=False, params={
        "queries": body["queries"]}).status_code == 401
    assert call(server, "GET", "/reconcile/default/suggest/type",
                key=False).status_code == 401
    header = httpx.post(f"{server.url}/reconcile", data=body, timeout=60, headers={
        "Authorization": f"ApiKey {server.keys['viewer']}"})
    assert header.status_code == 200, "the header works too"
    assert httpx.get(f"{server.url}/search/default", params={
        "api_key": server.keys["viewer"]}, timeout=30).status_code == 401, \
        "api_key in the URL is for the reconciliation paths only"
    for queries, words in [("{not json", "not JSON"), ("[]", "JSON object"),
                           (json.dumps({"q": {"query": "x", "type": "Sofa"}}), "type"),
                           (json.dumps({"q": {"query": "x", "properties": [
                               {"pid": "colour", "v": "red"}]}}), "colour"),
                           (json.dumps({"q": {"query": "x", "limit": 0}}), "limit")]:
        response = call(server, "POST", "/reconcile", data={"queries": queries})
        assert response.status_code == 400 and words in response.text, response.text


def test_changed_since_and_algorithm_on_queries(server: Server) -> None:
    body = {"queries": json.dumps({"q": {"query": "Yun Ho Jin", "type": "Person"}})}
    since = call(server, "POST", "/reconcile", data=body,
                 params={"changed_since": "2026-05-08", "algorithm": "best"}).json()
    assert since["q"]["result"][0]["id"] == YUN
    later = call(server, "POST", "/reconcile", data=body,
                 params={"changed_since": "2026-05-09T00:00:00"}).json()
    assert later["q"]["result"] == []
    refused = call(server, "POST", "/reconcile", data=body, params={"algorithm": "logic-v1"})
    assert refused.status_code == 400 and "unsc, best, default" in refused.text

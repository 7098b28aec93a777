"""yente's data access endpoints over real HTTP and through the unchanged yente-client:
``GET /search/{dataset}`` and ``GET /entities/{id}``.

Two servers: the session server (the real UN list of 2026-05-08), and one started here
with the OpenSanctions-style FtM fixture (tests/lists/_ftm.py) next to the same UN list,
for per-entity datasets, addresses, ownerships and referents, which the UN list lacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yente_client
from yente_client import Client

from tests.api.server import Server, running_server
from tests.lists._ftm import FLAT, NESTED, write


def get(server: Server, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=60,
                     headers={"Authorization": f"ApiKey {server.keys['viewer']}"})


@pytest.fixture(scope="module")
def ftm_server(tmp_path_factory: pytest.TempPathFactory, shared_data: Path,
               ) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("ftm-server-home")
    source = write(home / "os_2026-06-01.ftm.json", [*FLAT, NESTED])
    un = shared_data / "un" / "un_consolidated_2026-05-08.xml"
    with running_server(home, [source, un]) as srv:
        yield srv


def test_search_words_identifier_and_shape(server: Server) -> None:
    data = get(server, "/search/default", q="yun ho jin").json()
    assert set(data) >= {"results", "facets", "total", "limit", "offset"}
    assert data["total"] == {"value": 1, "relation": "eq"}
    [hit] = data["results"]
    assert hit["caption"] == "YUN HO-JIN" and hit["schema"] == "Person"
    assert hit["datasets"] == ["un"] and hit["target"] is True
    assert hit["first_seen"].startswith("2026-05-08") and hit["properties"]["birthDate"]
    by_ref = get(server, "/search/un", q="KPi.001").json()
    assert [r["id"] for r in by_ref["results"]] == [hit["id"]], "a reference number finds"
    facets = data["facets"]
    assert facets["countries"]["values"] == [{"name": "kp", "label": "North Korea",
                                              "count": 1}]
    assert facets["topics"]["values"][0]["name"] == "sanction"


def test_search_filters_facets_and_paging(server: Server) -> None:
    everything = get(server, "/search/default", limit=0).json()
    assert everything["total"]["value"] == 1009 and everything["results"] == []
    kinds = {v["name"]: v["count"] for v in everything["facets"]["countries"]["values"]}
    iran = get(server, "/search/default", countries="ir", limit=500).json()
    assert iran["total"]["value"] == kinds["ir"] == len(iran["results"]) > 0
    orgs = get(server, "/search/default", schema="Organization", limit=0).json()
    people = get(server, "/search/default", schema="Person", limit=0).json()
    assert orgs["total"]["value"] + people["total"]["value"] == 1009
    assert get(server, "/search/default", schema="LegalEntity", exclude_schema="Person",
               limit=0).json()["total"] == orgs["total"]
    pages = [get(server, "/search/default", q="", limit=25, offset=o).json()["results"]
             for o in (0, 25)]
    whole = get(server, "/search/default", limit=50).json()["results"]
    assert [r["id"] for r in pages[0] + pages[1]] == [r["id"] for r in whole]
    assert len({r["id"] for r in whole}) == 50


def test_search_fuzzy_changed_since_and_errors(server: Server) -> None:
    assert get(server, "/search/default", q="yun ho jinn").json()["total"]["value"] == 0
    fuzzy = get(server, "/search/default", q="yun ho jinn", fuzzy="true").json()
    assert [r["caption"] for r in fuzzy["results"]] == ["YUN HO-JIN"]
    assert 0 < fuzzy["results"][0]["score"] < 1
    later = get(server, "/search/default", changed_since="2026-05-09T00:00:00").json()
    assert later["total"]["value"] == 0, "one version loaded: nothing changed after it"
    since = get(server, "/search/default", changed_since="2026-05-08", limit=0).json()
    assert since["total"]["value"] == 1009
    for params, status, words in [
            ({"schema": "Nope"}, 400, "schema"), ({"facets": "colour"}, 400, "facet"),
            ({"sort": "caption:asc"}, 400, "sort"), ({"changed_since": "yesterday"}, 400,
                                                      "changed_since")]:
        response = get(server, "/search/default", **params)
        assert response.status_code == status and words in response.text, response.text
    assert get(server, "/search/no-such-list").status_code == 404
    assert httpx.get(f"{server.url}/search/default", timeout=30).status_code == 401


def test_entity_nested_flat_redirect_and_missing(server: Server) -> None:
    nested = get(server, "/entities/un-KPi.001").json()
    assert nested["caption"] == "YUN HO-JIN" and nested["schema"] == "Person"
    [sanction] = nested["properties"]["sanctions"]
    assert sanction["schema"] == "Sanction" and "entity" not in sanction["properties"]
    assert sanction["properties"]["authority"] == ["United Nations Security Council"]
    assert sanction["properties"]["unscId"] == ["KPi.001"]
    flat = get(server, "/entities/un-KPi.001", nested="false").json()
    assert "sanctions" not in flat["properties"]
    assert flat["properties"]["name"] == nested["properties"]["name"]
    moved = get(server, "/entities/KPi.001")
    assert moved.status_code == 308
    assert moved.headers["location"] == "/entities/un-KPi.001"
    missing = get(server, "/entities/no-such-entity")
    assert missing.status_code == 404 and "no-such-entity" in missing.text


def test_ftm_entity_nested_links_addresses_and_referents(ftm_server: Server) -> None:
    acme = get(ftm_server, "/entities/os-acme").json()
    props = acme["properties"]
    assert acme["datasets"] == ["eu_fsf"] and acme["referents"] == ["eu-fsf-123"]
    [address] = props["addressEntity"]
    assert address["schema"] == "Address" and address["properties"]["city"] == ["Moscow"]
    [owned] = props["ownershipAsset"]
    assert owned["schema"] == "Ownership" and "asset" not in owned["properties"]
    [owner] = owned["properties"]["owner"]
    assert owner["id"] == "os-ivan" and owner["caption"] == "Ivan Petrov", "far end whole"
    [directed] = props["directorshipOrganization"]
    assert directed["properties"]["director"][0]["id"] == "os-ivan"
    [sanction] = props["sanctions"]
    assert sanction["properties"]["program"] == ["EU Russia"]
    ivan = get(ftm_server, "/entities/os-ivan").json()
    assert ivan["properties"]["ownershipOwner"][0]["properties"]["asset"][0]["id"] == \
        "os-acme"
    [passport] = ivan["properties"]["identification"]
    assert passport["schema"] == "Passport" and passport["properties"]["number"] == [
        "123456789"]
    referent = get(ftm_server, "/entities/eu-fsf-123")
    assert referent.status_code == 308 and referent.headers["location"] == "/entities/os-acme"


def test_ftm_search_datasets_topics_and_scope(ftm_server: Server) -> None:
    facets = get(ftm_server, "/search/default", limit=0).json()["facets"]
    datasets = {v["name"]: v["count"] for v in facets["datasets"]["values"]}
    assert datasets == {"un": 1009, "eu_fsf": 1, "gb_hmt_sanctions": 2}
    topics = {v["name"]: v["count"] for v in facets["topics"]["values"]}
    assert topics["role.pep"] == 1
    pep = get(ftm_server, "/search/default", topics="role.pep").json()
    assert [r["id"] for r in pep["results"]] == ["os-ivan"]
    gb = get(ftm_server, "/search/default", datasets="gb_hmt_sanctions").json()
    assert sorted(r["id"] for r in gb["results"]) == ["os-ivan", "os-nest"]
    assert get(ftm_server, "/search/eu_fsf", limit=0).json()["total"]["value"] == 3
    only_un = get(ftm_server, "/search/default", exclude_dataset="eu_fsf", limit=0).json()
    assert only_un["total"]["value"] == 1009
    ru = get(ftm_server, "/search/default", countries="ru", q="acme").json()
    assert [r["id"] for r in ru["results"]] == ["os-acme"], "jurisdiction is a country"
    by_number = get(ftm_server, "/search/default", q="1027700132195").json()["results"]
    assert [r["id"] for r in by_number] == ["os-acme"], "a registration number finds"


def test_yente_client_search_and_fetch(ftm_server: Server) -> None:
    with Client(base_url=ftm_server.url, api_key=ftm_server.keys["viewer"]) as yc:
        found = yc.search("yun ho jin", datasets=["un"], schema="Person")
        assert [r.caption for r in found.results] == ["YUN HO-JIN"]
        assert found.total.value == 1 and found.facets["countries"].values[0].name == "kp"
        fuzzy = yc.search("ivan petrow", fuzzy=True, countries=["ru"])
        assert [r.id for r in fuzzy.results] == ["os-ivan"]
        acme = yc.fetch("eu-fsf-123")  # a referent: the client follows the 308
        assert acme.id == "os-acme" and acme.referents == ["eu-fsf-123"]
        sanction = acme.properties["sanctions"][0]
        assert isinstance(sanction, yente_client.Entity)
        assert sanction.properties["authority"] == ["Council of the European Union"]
        assert "sanctions" not in yc.fetch("os-acme", nested=False).properties
        with pytest.raises(yente_client.NotFoundError):
            yc.fetch("no-such-entity")


def test_match_uses_registration_numbers_and_jurisdiction(ftm_server: Server) -> None:
    def top(props: dict[str, list[str]]) -> dict[str, Any]:
        response = httpx.post(f"{ftm_server.url}/match/default", timeout=60, json={
            "queries": {"q": {"schema": "Company", "properties": props}}},
            headers={"Authorization": f"ApiKey {ftm_server.keys['viewer']}"})
        results: list[dict[str, Any]] = response.json()["responses"]["q"]["results"]
        assert results, response.text
        return results[0]

    by_number = top({"name": ["Akme Trading"], "registrationNumber": ["1027700132195"]})
    assert by_number["id"] == "os-acme" and by_number["score"] == 1.0
    assert "id_number" in by_number["features"]
    same = top({"name": ["Acme Trading LLC"], "jurisdiction": ["ru"]})
    other = top({"name": ["Acme Trading LLC"], "jurisdiction": ["fr"]})
    assert same["id"] == other["id"] == "os-acme"
    assert same["features"]["nationality"] == 1.0 and other["features"]["nationality"] == 0.0
    assert same["score"] > other["score"]


def test_adjacent_raw_and_with_yente_client(ftm_server: Server) -> None:
    data = get(ftm_server, "/entities/os-ivan/adjacent").json()
    assert data["entity"]["id"] == "os-ivan" and "ownershipOwner" not in data["entity"][
        "properties"], "the entity itself is flat"
    adjacent = data["adjacent"]
    assert set(adjacent) == {"ownershipOwner", "directorshipDirector", "identification"}
    owned = adjacent["ownershipOwner"]
    assert owned["total"] == {"value": 1, "relation": "eq"}
    assert owned["results"][0]["properties"]["asset"][0]["id"] == "os-acme"
    page = get(ftm_server, "/entities/os-acme/adjacent/sanctions", limit=1).json()
    assert page["total"]["value"] == 1 and page["results"][0]["schema"] == "Sanction"
    empty = get(ftm_server, "/entities/os-acme/adjacent/sanctions", offset=1).json()
    assert empty["results"] == [] and empty["total"]["value"] == 1
    assert get(ftm_server, "/entities/os-acme/adjacent/colour").status_code == 400
    assert get(ftm_server, "/entities/eu-fsf-123/adjacent").status_code == 404
    with Client(base_url=ftm_server.url, api_key=ftm_server.keys["viewer"]) as yc:
        both = yc.adjacent("os-acme")
        assert both.entity.id == "os-acme"
        [address] = both.adjacent["addressEntity"].results
        assert isinstance(address, yente_client.Entity) and address.schema_ == "Address"
        one = yc.adjacent("os-acme", prop="ownershipAsset")
        assert one.total.value == 1

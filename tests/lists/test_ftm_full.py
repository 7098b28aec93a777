"""Full FtM data: an OpenSanctions-style file with addresses, an ownership, a passport,
per-entity datasets, referents and a nested (yente-style) entity loads with nothing lost
in silence, and export -> load -> export is a fixed point.

The file is written here (no OpenSanctions export is in ../shared/data); its records
follow the FtM schemata (https://followthemoney.tech/explorer/) and every value in it is
checked by FtM on the way in, so a wrong fixture fails the test rather than passing it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from tests.lists._data import cli
from tests.lists._ftm import FLAT, NESTED, NESTED_FLAT, write
from unsc.lists import service
from unsc.lists.export import export_entities
from unsc.lists.ftm import open_ftm


def records(text: str) -> dict[str, dict[str, Any]]:
    """The records of an FtM file by id, header line left out, values order-free."""
    found: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        data = json.loads(line)
        if "id" not in data:
            continue
        found[data["id"]] = {
            "schema": data["schema"], "datasets": sorted(data.get("datasets", [])),
            "referents": sorted(data.get("referents", [])),
            "properties": {k: sorted(v) for k, v in data["properties"].items()}}
    return found


def exported(version: str) -> str:
    out = io.StringIO()
    export_entities("ftm", out, version)
    return out.getvalue()


def test_flat_and_nested_round_trip_nothing_lost(tmp_path: Path) -> None:
    source = write(tmp_path / "os_2026-06-01.ftm.json", [*FLAT, NESTED])
    first = service.load_list(source)
    assert first.dropped == {}, "a clean OpenSanctions-style file drops nothing"
    text = exported(first.version)
    want = records("".join(json.dumps(r) + "\n" for r in [*FLAT, *NESTED_FLAT]))
    assert records(text) == want, "every record, property, dataset and referent kept"

    again = write(tmp_path / "again_2026-06-02.ftm.json", [])
    again.write_text(text)
    second = service.load_list(again, force=True)
    assert second.dropped == {}
    assert records(exported(second.version)) == want, "export -> load -> export is fixed"


def test_entities_keep_their_own_datasets_links_and_evidence(tmp_path: Path) -> None:
    with open_ftm(write(tmp_path / "os.ftm.json", [*FLAT, NESTED])) as stream:
        assert stream.count == 3 and stream.list == "eu_fsf"
        by_id = {e.id: e for e in stream.entities()}
    acme, ivan, nest = by_id["os-acme"], by_id["os-ivan"], by_id["os-nest"]
    assert acme.datasets == ("eu_fsf",) and ivan.datasets == ("gb_hmt_sanctions",)
    assert acme.jurisdictions == ("ru",) and acme.referents == ("eu-fsf-123",)
    assert [a.full for a in acme.addresses] == ["1 Tverskaya St, Moscow"]
    assert [a.country for a in acme.addresses] == ["ru"]
    assert sorted(link.schema for link in acme.links) == ["Directorship", "Ownership"]
    assert sorted(link.schema for link in ivan.links) == ["Directorship", "Ownership"]
    [sanction] = acme.sanctions
    assert sanction.properties["program"] == ("EU Russia",)
    assert sanction.properties["authority"] == ("Council of the European Union",)
    assert [d.number for d in ivan.documents] == ["123456789"]
    assert ivan.topics == ("sanction", "role.pep")
    [nested_sanction] = nest.sanctions
    assert nested_sanction.properties["program"] == ("UK Russia",)
    assert [a.full for a in nest.addresses] == ["10 Downing St, London"]


def test_what_is_dropped_on_purpose_is_counted_and_printed(tmp_path: Path) -> None:
    """The list of what unsc drops on purpose, each counted by reason: yente's timestamps
    (unsc dates entries by its versions), values FtM's types refuse, properties the schema
    lacks, and adjacent records no listed entity refers to."""
    odd = [
        {**FLAT[1], "first_seen": "2022-01-01T00:00:00", "last_change": "2023-01-01"},
        {"id": "p2", "schema": "Person", "datasets": ["x"],
         "properties": {"name": ["Odd One"], "birthDate": ["not a date"],
                        "noSuchProperty": ["v"]}},
        {"id": "addr-9", "schema": "Address", "properties": {"full": ["Nowhere"]}},
    ]
    path = write(tmp_path / "odd_2026-06-01.ftm.json", odd)
    with open_ftm(path) as stream:
        dropped = stream.dropped
    assert sum(dropped.values()) == 5, dropped
    assert [k for k in dropped if "first_seen" in k or "last_change" in k], dropped
    assert [k for k in dropped if "birthDate" in k], dropped
    assert [k for k in dropped if "noSuchProperty" in k], dropped
    assert [k for k in dropped if "Address" in k], dropped
    result = cli("lists", "load", str(path))
    assert result.exit_code == 0, result.output
    assert "5 FtM value(s) or record(s) dropped" in result.output
    more = write(tmp_path / "odd_2026-06-02.ftm.json",
                 [*odd, {"id": "addr-8", "schema": "Address", "properties": {"full": ["X"]}}])
    as_json = json.loads(cli("lists", "load", str(more), "--json").stdout)
    assert sum(as_json["dropped"].values()) == 6
    assert {k: v for k, v in as_json["dropped"].items() if "Address" not in k} == {
        k: v for k, v in dropped.items() if "Address" not in k}


def test_a_large_file_streams_with_progress(tmp_path: Path) -> None:
    """A generated 10 MB OpenSanctions-style file (bench/bench_ftm_stream.py) reports how
    far it has read (every 8 MB) and built (every 10,000 entities), and loads whole."""
    from bench.bench_ftm_stream import generate

    path = tmp_path / "os_10mb_2026-06-01.ftm.json"
    made = generate(path, 10)
    seen: list[tuple[str, int, int]] = []
    result = service.load_list(path, progress=lambda *step: seen.append(step))
    groups = made["groups"]
    assert result.entities == 2 * groups and result.dropped == {}, "a person and a company each"
    reads = [s for s in seen if s[0] == "read"]
    builds = [s for s in seen if s[0] == "build"]
    assert reads and all(total == made["bytes"] and 0 < done <= total
                         for _, done, total in reads)
    assert [done for _, done, _ in builds] == list(range(10_000, 2 * groups + 1, 10_000))
    assert all(total == 2 * groups for _, _, total in builds)

"""The public CLI contracts of `unsc regime` and `unsc exemptions` (through CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from unsc.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
runner = CliRunner()


def run_json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_regime_show_as_of_the_three_dates() -> None:
    counts = {}
    for day in ("2016-01-01", "2018-01-01", "2022-05-27"):
        data = run_json("regime", "show", "1718", "--as-of", day)
        assert data["as_of"] == day and data["regime"] == "1718"
        counts[day] = data["measure_count"]
        for m in data["measures"]:
            assert m["id"] and m["citation"] and m["verification"] in "YCN"
    assert counts["2016-01-01"] < counts["2018-01-01"]
    hypo = run_json("regime", "show", "1718", "--as-of", "2022-05-27", "--what-if", "S/2022/431")
    assert hypo["what_if"] == "S/2022/431" and hypo["what_if_in_force"] is True
    caps = {m["id"] for m in hypo["measures"] if m["cap"]}
    assert caps == {"S/2022/431-crude-cap", "S/2022/431-refined-cap"}
    assert hypo["hs_inference"]["verified"] is False


def test_regime_diff_contract() -> None:
    data = run_json("regime", "diff", "1718", "--what-if", "S/2022/431", "--as-of", "2022-05-27")
    assert set(data) >= {"added", "changed", "removed", "elements"}
    assert len(data["elements"]) == 13
    assert {c["current"]["id"] for c in data["changed"]} == {"2397-OP4-crude-cap",
                                                             "2397-OP5-refined-cap"}


def test_regime_check_contract() -> None:
    data = run_json("regime", "check", str(EXAMPLES / "shipment_coal.json"))
    assert data["verdict"] == "prohibited"
    assert {"id", "citation", "reason"} <= set(data["measures"][0])
    assert data["measures"][0]["citation"] == "S/RES/2371 (2017) OP8"
    assert [p["name"] for p in data["parties"]] == ["Example Shipping Co.",
                                                    "Example Coal Buyer Ltd", "EXAMPLE STAR"]
    early = run_json("regime", "check", str(EXAMPLES / "shipment_coal.json"),
                     "--as-of", "2015-01-01")
    assert early["verdict"] == "permitted"
    tobacco = str(EXAMPLES / "shipment_tobacco.json")
    assert run_json("regime", "check", tobacco)["verdict"] == "permitted"
    assert run_json("regime", "check", tobacco, "--what-if", "S/2022/431")["verdict"] == \
        "prohibited"


def test_regime_oil_cap_contract() -> None:
    ledger = str(EXAMPLES / "ledger.csv")
    data = run_json("regime", "oil-cap", ledger, "--period", "2018")
    assert {"product", "cap", "unit", "delivered", "remaining", "exceeded",
            "threshold_events"} <= set(data)
    assert (data["product"], data["cap"], data["unit"]) == ("refined", 500000, "barrels")
    assert data["exceeded"] is True
    crude = run_json("regime", "oil-cap", ledger, "--period", "2018", "--product", "crude")
    assert crude["cap"] == 4000000 and crude["exceeded"] is False
    hypo = run_json("regime", "oil-cap", ledger, "--period", "2022", "--what-if", "S/2022/431")
    assert hypo["cap"] == 375000 and hypo["exceeded"] is True


def test_human_output_and_errors(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["regime", "show", "1718", "--as-of", "2018-01-01"])
    assert shown.exit_code == 0 and "2397-OP5-refined-cap" in shown.output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"date": "2018-01-01", "direction": "to_dprk",
                               "goods": [{"hs_code": "7701"}]}))
    for args, code, word in [
        (["regime", "check", str(bad), "--json"], 2, "chapter 77"),
        (["regime", "show", "1718", "--as-of", "2018-13-01", "--json"], 2, "YYYY-MM-DD"),
        (["regime", "show", "1718", "--what-if", "S/1999/1", "--json"], 3, "S/2022/431"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == code
        assert word in result.output and "Traceback" not in result.output


def test_exemptions_commands() -> None:
    rec = run_json("exemptions", "submit", str(EXAMPLES / "exemption_request.json"),
                   "--date", "2021-03-01")
    rid = str(rec["id"])
    assert run_json("exemptions", "hold", rid, "--member", "CHN", "--date",
                    "2021-03-02")["holds"] == ["CHN"]
    blocked = runner.invoke(app, ["exemptions", "decide", rid, "--date", "2021-03-09"])
    assert blocked.exit_code != 0 and "on hold by CHN" in blocked.output
    run_json("exemptions", "lift-hold", rid, "--member", "CHN", "--date", "2021-03-09")
    decided = run_json("exemptions", "decide", rid, "--date", "2021-03-09")
    assert decided["status"] == "approved" and decided["valid_until"] == "2021-09-09"
    assert [r["id"] for r in run_json("exemptions", "list", "--status", "approved")] == [rec["id"]]
    shown = run_json("exemptions", "show", rid)
    assert [e["action"] for e in shown["events"]] == ["submit", "hold", "lift_hold", "decide"]
    second = run_json("exemptions", "submit", str(EXAMPLES / "exemption_request.json"))
    objected = run_json("exemptions", "object", str(second["id"]), "--member", "RUS")
    assert objected["objections"] == ["RUS"]
    cats = run_json("exemptions", "categories", "--what-if", "S/2022/431")
    assert {c["id"] for c in cats} == {"medical", "food-security", "wash", "covid-19"}
    assert all(c["verified"] is False for c in cats)
    human = runner.invoke(app, ["exemptions", "list"])
    assert human.exit_code == 0 and "Example Humanitarian NGO" in human.output


def test_installed_command_reports_errors_cleanly(tmp_path: Path) -> None:
    """The console script reports every ledger problem and fails (exit code and traceback
    handling belong to unsc.cli.main, tested there)."""
    import subprocess
    import sys

    unsc = Path(sys.executable).parent / "unsc"
    bad = tmp_path / "ledger.csv"
    bad.write_text("date,supplier,product,quantity,unit\n2018-02-30,A,petrol,x,litres\n")
    result = subprocess.run([str(unsc), "regime", "oil-cap", str(bad), "--period", "2018",
                             "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    for word in ("ListFormatError", "line 2", "date", "product", "quantity", "unit"):
        assert word in result.stderr, word


def test_regime_list_shows_every_regime_with_its_status() -> None:
    data = run_json("regime", "list", "--as-of", "2026-05-08")
    statuses = {r["regime"]: r["status"] for r in data}
    assert len(statuses) == 17
    assert sorted(k for k, v in statuses.items() if v == "ended") == ["1521", "1572", "2374"]
    assert all(r["status_citation"] and r["as_of"] == "2026-05-08" for r in data)
    iran = {r["regime"]: r for r in run_json("regime", "list", "--as-of", "2025-06-01")}["1737"]
    assert iran["status"] == "terminated" and iran["status_citation"].startswith("S/RES/2231")
    human = runner.invoke(app, ["regime", "list", "--as-of", "2026-05-08"])
    assert human.exit_code == 0 and "Guinea-Bissau" in human.output


def test_regime_show_works_for_every_regime_and_alias() -> None:
    for row in run_json("regime", "list", "--as-of", "2026-05-08"):
        data = run_json("regime", "show", row["regime"], "--as-of", "2026-05-08")
        assert data["regime"] == row["regime"] and data["measure_count"] == row["measure_count"]
        assert data["status"]["status"] == row["status"]
        assert data["regime_info"]["committee"]["name"]
    assert run_json("regime", "show", "2713", "--as-of", "2024-01-01")["regime"] == "751"
    bad = runner.invoke(app, ["regime", "show", "Atlantis", "--json"])
    assert bad.exit_code == 3 and "unknown regime" in bad.output
    wrong = runner.invoke(app, ["regime", "show", "1267", "--what-if", "S/2022/431", "--json"])
    assert wrong.exit_code == 2 and "1718" in wrong.output


def test_lists_show_names_the_binding_measures_for_each_regime(shared_data: Path) -> None:
    """One entry of each of the fourteen regimes on the real 2026-05-08 list."""
    loaded = runner.invoke(app, ["lists", "load",
                                 str(shared_data / "un" / "un_consolidated_2026-05-08.xml"),
                                 "--json"])
    assert loaded.exit_code == 0, loaded.output
    refs = {"1267": "QDi.335", "1988": "TAi.155", "1718": "KPi.064", "1737": "IRi.032",
            "1518": "IQi.019", "1533": "CDi.040", "1970": "LYi.026", "751": "SOi.017",
            "2127": "CFi.012", "1591": "SDi.007", "2140": "YEi.001", "2653": "HTi.008",
            "2048": "GBi.005", "2206": "SSi.001"}
    for regime, ref in refs.items():
        data = run_json("lists", "show", ref, "--as-of", "2026-05-08")
        binding = data["binding_measures"]
        assert binding["regime"] == regime and binding["bound"] is True, (ref, binding)
        assert binding["listed_on"] == data["listed_on"]
        assert all(m["citation"].startswith("S/RES/") for m in binding["measures"])
    november = shared_data / "un" / "un_consolidated_2025-11-20.xml"
    # older than the current version: stored for "as of" look-ups, not made current
    assert runner.invoke(app, ["lists", "load", str(november), "--historical"]).exit_code == 0
    iran = run_json("lists", "show", "IRi.032", "--as-of", "2026-01-01")
    assert iran["binding_measures"]["bound"] is True
    assert "S/RES/1737 (2006) OP12" in {m["citation"] for m in iran["binding_measures"]["measures"]}
    human = runner.invoke(app, ["lists", "show", "GBi.005", "--as-of", "2026-05-08"])
    assert human.exit_code == 0 and "S/RES/2048 (2012) OP4" in human.output


# One entry of each of the fourteen regimes on the 2026-05-08 list, with the paragraph of
# its asset freeze as the regime data cites it (src/unsc/data/regime/*/regime.json).
FOURTEEN = {"1267": "QDi.335", "1988": "TAi.155", "1718": "KPi.064", "1737": "IRi.032",
            "1518": "IQi.019", "1533": "CDi.040", "1970": "LYi.026", "751": "SOi.017",
            "2127": "CFi.012", "1591": "SDi.007", "2140": "YEi.001", "2653": "HTi.008",
            "2048": "GBi.005", "2206": "SSi.001"}


def test_a_screening_hit_names_the_binding_measures_for_each_regime(shared_data: Path) -> None:
    """`unsc screen name` on the listed name of one entry per regime: the hit on that entry
    carries the measures binding it today, each cited, as `lists show` gives them."""
    loaded = runner.invoke(app, ["lists", "load",
                                 str(shared_data / "un" / "un_consolidated_2026-05-08.xml")])
    assert loaded.exit_code == 0, loaded.output
    for regime, ref in FOURTEEN.items():
        entry = run_json("lists", "show", ref)
        hits = run_json("screen", "name", entry["names"][0]["value"], "--schema",
                        entry["schema"])
        hit = next(h for h in hits if h["reference_number"] == ref)
        binding = hit["binding_measures"]
        assert binding["regime"] == regime and binding["bound"] is True, (ref, binding)
        assert binding["listed_on"] == entry["listed_on"]
        shown = entry["binding_measures"]
        assert [m["citation"] for m in binding["measures"]] == \
            [m["citation"] for m in shown["measures"]]
        assert all(m["citation"].startswith("S/RES/") for m in binding["measures"])
        assert [e["citation"] for m in binding["measures"] for e in m["exemptions"]] == \
            [e["citation"] for m in shown["measures"] for e in m["exemptions"]]
    # The table names the kinds per hit and, under it, each match's paragraphs.
    human = runner.invoke(app, ["screen", "name", "Yun Ho Jin", "--schema", "Person"])
    assert human.exit_code == 0, human.output
    assert "KPi.001: 1718: asset freeze (S/RES/1718 (2006) OP8(d))" in " ".join(
        human.stdout.split())


def test_a_hit_on_a_national_list_says_no_council_measure_binds_it(shared_data: Path) -> None:
    """An OFAC SDN entry is not a Council listing: the hit says so instead of inventing one."""
    sdn = shared_data / "ofac" / "sdn_2024-05-03.csv"
    loaded = runner.invoke(app, ["lists", "load", str(sdn)])
    assert loaded.exit_code == 0, loaded.output
    hits = run_json("screen", "name", "Korea Kwangson Banking Corp")
    ofac = next(h for h in hits if h["list"] != "un")
    assert ofac["binding_measures"]["bound"] is False
    assert ofac["binding_measures"]["measures"] == []
    assert "national list" in ofac["binding_measures"]["notes"][0]

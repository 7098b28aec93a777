"""Why a good triggers a measure, word for word: the reason names the good, how its HS code
or description matched (and whether that mapping is read in a resolution or is the
project's UNVERIFIED inference), then the measure's scope and exceptions as written in
data/regime/1718/*.json. Only prohibitions offer exemption routes (2397 OP4 has one, yet a
crude delivery under the cap is reporting, not a ban)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from unsc.compliance.exemptions import Exemption
from unsc.compliance.parties import exact_screener
from unsc.compliance.shipment import Shipment, _goods_triggers, check_shipment
from unsc.regime import regime_as_of
from unsc.regime.model import RegimeState

CASES = [
    (
        ("2018-03-01", "from_dprk", "2701", ""),
        [
            (
                "2371-OP8-coal-iron",
                "prohibited",
                False,
                (
                    "HS 2701: HS 2701 falls under HS 2701 (HS mapping is an UNVERIFIED "
                    "inference); Coal, iron and iron ore: full ban on supply, sale or transfer "
                    "from the DPRK. Exceptions: coal of non-DPRK origin through Rajin (Rason), "
                    "with prior notice to the Committee; pre-adoption contracts (wind-down "
                    "UNVERIFIED)"
                ),
                0,
            )
        ],
    ),
    (
        ("2018-03-01", "to_dprk", "2709", "crude petroleum oil"),
        [
            (
                "2397-OP4-crude-cap",
                "reporting",
                False,
                (
                    "crude petroleum oil: HS 2709 falls under HS 2709 (HS mapping is an "
                    "UNVERIFIED inference); counts against the cap (Crude oil: no more than "
                    "4,000,000 barrels or 525,000 tons per twelve months from 22 December "
                    "2017). Reporting: Supplying State reports the amount supplied to the "
                    "Committee every 90 days"
                ),
                0,
            )
        ],
    ),
    (
        ("2018-03-01", "to_dprk", "2709", "natural gas condensate"),
        [
            (
                "2375-OP13-condensates",
                "prohibited",
                False,
                (
                    "natural gas condensate: HS 2709 described as 'condensate' falls under HS "
                    "2709 as described (mapping is an UNVERIFIED inference); All condensates "
                    "and natural gas liquids"
                ),
                0,
            )
        ],
    ),
    (
        ("2012-05-01", "to_dprk", "9302", "pistols"),
        [
            (
                "1874-OP9-10-arms",
                "reporting",
                False,
                (
                    "pistols: HS 9302 falls under HS 93 (HS mapping is an UNVERIFIED "
                    "inference); All arms and related materiel, and related financial "
                    "transactions, technical training, advice and services, in both "
                    "directions, except small arms and light weapons provided to the DPRK. "
                    "Exceptions: small arms and light weapons and their related materiel "
                    "supplied to the DPRK, if the supplying State notifies the Committee at "
                    "least five days in advance (OP10). Permitted with prior notice: "
                    "S/RES/1874 (2009) OP10 (notification): Small arms and light weapons and "
                    "their related materiel supplied, sold or transferred to the DPRK. "
                    "Procedure: The supplying State notifies the 1718 Committee at least five "
                    "days before selling, supplying or transferring the small arms or light "
                    "weapons to the DPRK (matched by description: an UNVERIFIED inference)"
                ),
                0,
            )
        ],
    ),
    (
        ("2016-05-01", "to_dprk", "2710.19", "kerosene-type jet fuel"),
        [
            (
                "2270-OP31-aviation-fuel",
                "prohibited",
                False,
                (
                    "kerosene-type jet fuel: description mentions 'jet fuel' (keyword mapping "
                    "is an UNVERIFIED inference); Aviation fuel, including aviation gasoline, "
                    "naphtha-type jet fuel, kerosene-type jet fuel and kerosene-type rocket "
                    "fuel. Exceptions: Committee-approved exceptional humanitarian needs (case "
                    "by case); fuel for civil passenger aircraft outside the DPRK, for the "
                    "return flight only"
                ),
                1,
            )
        ],
    ),
    (
        ("2018-03-01", "from_dprk", "8901", ""),
        [
            (
                "2397-OP6-export-ban",
                "prohibited",
                True,
                (
                    "HS 8901: HS 8901 falls under HS 89; Food and agricultural products, "
                    "machinery, electrical equipment, earth and stone including magnesite and "
                    "magnesia, wood, and vessels; also fishing rights"
                ),
                0,
            )
        ],
    ),
    (
        # chapter 27 holds heading 2701 (coal, 2371 OP8): a declared chapter cannot be cleared
        ("2018-03-01", "from_dprk", "27", ""),
        [
            (
                "2371-OP8-coal-iron",
                "prohibited",
                False,
                (
                    "HS 27: declared HS 27 is broader than the covered HS 2701; it cannot be "
                    "cleared without a more specific code (HS mapping is an UNVERIFIED "
                    "inference); Coal, iron and iron ore: full ban on supply, sale or transfer "
                    "from the DPRK. Exceptions: coal of non-DPRK origin through Rajin (Rason), "
                    "with prior notice to the Committee; pre-adoption contracts (wind-down "
                    "UNVERIFIED)"
                ),
                0,
            )
        ],
    ),
]


@pytest.mark.parametrize(("shipment", "expected"), CASES)
def test_reasons_word_for_word(
    shipment: tuple[str, str, str, str], expected: list[tuple[str, str, bool, str, int]]
) -> None:
    day, direction, hs, desc = shipment
    verdict = check_shipment(
        Shipment.from_dict(
            {"date": day, "direction": direction, "goods": [{"hs_code": hs, "description": desc}]}
        ),
        exemptions=[],
    )
    assert [
        (t.measure.id, t.effect, t.hs_verified, t.reason, len(t.exemption_route))
        for t in verdict.triggers
    ] == expected


# --- a ban lifted by an exemption, word for word ---------------------------------------------

PUMPS_BAN = (
    "water pumps: HS 841370 falls under HS 84 (HS mapping is an UNVERIFIED inference); All "
    "industrial machinery, transportation vehicles, iron, steel and other metals. Exceptions: "
    "spare parts to maintain DPRK commercial civilian passenger aircraft currently in use; "
    "Committee humanitarian exemption (OP25) case by case")
CATCH_ALL = ("Catch-all (2270 OP7-8): any item except food or medicine is banned if the "
             "exporting State determines it could contribute to the DPRK armed forces' "
             "operational capabilities; this cannot be decided from HS codes.")
CONDENSATE = ("HS 2709: heading 2709 also covers condensate / natural gas liquid, banned by "
              "S/RES/2375 (2017) OP13; the description does not say so, so the good was not "
              "treated as such. Describe it to be sure.")
REPORTING = "Reporting duties also apply (see the measures with effect 'reporting')."


def _ship(day: str, *goods: tuple[str, str], parties: list[dict[str, str]] | None = None
          ) -> Shipment:
    return Shipment.from_dict({"date": day, "direction": "to_dprk", "parties": parties or [],
                               "goods": [{"hs_code": h, "description": d} for h, d in goods]})


def _approval() -> Exemption:
    """Committee exemption 7 for HS 8413.70 pumps, valid 7 January to 7 July 2019."""
    return Exemption(7, ({"hs_code": "841370", "description": "pumps", "quantity": 1,
                          "unit": "u"},), ("County People's Hospital",),
                     date(2019, 1, 7), date(2019, 7, 7))


def test_a_covered_ban_keeps_its_reason_and_route_and_names_the_exemption() -> None:
    """2397 OP7 bans machinery (HS 84) to the DPRK; its OP25 route is the Committee's
    humanitarian exemption, and an approved one (IAN No. 7) lifts the ban."""
    label = "1718 Committee exemption 7 (valid 2019-01-07 to 2019-07-07)"
    verdict = check_shipment(_ship("2019-03-01", ("8413.70", "water pumps")),
                             exemptions=[_approval()])
    assert verdict.verdict == "permitted_under_exemption"
    assert verdict.exemptions == (label,)
    [trig] = verdict.triggers
    assert (trig.measure.id, trig.effect, trig.hs_verified, trig.good, trig.exemption) == (
        "2397-OP7-import-ban", "covered", False, 0, label)
    assert trig.reason == f"{PUMPS_BAN}. Covered by {label}"
    assert [r["id"] for r in trig.exemption_route] == ["2397-OP25-humanitarian-exemption"]
    # only the catch-all note: nothing else applies, so no reporting duty is announced
    assert verdict.notes == (CATCH_ALL,)


def test_reporting_duties_are_announced_only_next_to_a_covered_ban() -> None:
    """Crude oil counts against the 2397 OP4 cap (reporting); with a covered ban in the same
    shipment the verdict says reporting duties also apply, alone it is its own verdict."""
    both = check_shipment(_ship("2019-03-01", ("8413.70", "water pumps"),
                                ("2709", "crude petroleum oil")), exemptions=[_approval()])
    assert both.verdict == "permitted_under_exemption"
    assert both.notes == (CATCH_ALL, REPORTING, CONDENSATE)
    crude = check_shipment(_ship("2019-03-01", ("2709", "crude petroleum oil")), exemptions=[])
    assert crude.verdict == "permitted_with_reporting"
    assert crude.notes == (CATCH_ALL, CONDENSATE)


def test_a_what_if_category_is_named_as_the_exemption() -> None:
    """whatif/S_2022_431.json: the 'covid-19' category holds HS 8418 (cold chain)."""
    label = ("what-if S/2022/431 category covid-19 (COVID-19 relief package (vaccines, tests, "
             "protective equipment, oxygen, cold chain); categories are an UNVERIFIED "
             "inference)")
    verdict = check_shipment(_ship("2022-06-01", ("8418.50", "vaccine cold-chain freezers")),
                             what_if="S/2022/431", exemptions=[])
    assert verdict.exemptions == (label,)
    assert [(t.effect, t.exemption) for t in verdict.triggers] == [("covered", label)]


def test_before_its_vote_the_draft_neither_exempts_nor_designates() -> None:
    """S/2022/431 was put to the vote on 26 May 2022: on the 25th its categories lift no
    ban and its designations (LAZARUS GROUP among them) match no party."""
    shipment = _ship("2022-05-25", ("8418.50", "vaccine cold-chain freezers"),
                     parties=[{"name": "LAZARUS GROUP", "role": "buyer"}])
    verdict = check_shipment(shipment, what_if="S/2022/431", exemptions=[],
                             screen_parties=exact_screener())
    assert verdict.verdict == "prohibited"
    assert verdict.exemptions == ()
    assert [(t.measure.id, t.effect) for t in verdict.triggers] == [
        ("2397-OP7-import-ban", "prohibited")]
    assert verdict.parties[0]["match"] is False


# --- data shapes the loader accepts that today's files do not use ---------------------------

def _with(state: RegimeState, mid: str, **changes: Any) -> RegimeState:
    return replace(state, measures=tuple(replace(m, **changes) if m.id == mid else m
                                         for m in state.measures))


def test_a_cap_without_its_own_reporting_text_reports_to_the_committee() -> None:
    """Every cap shipped names its reporting duty; one that does not (the data file's
    ``reporting`` is optional) still tells the supplier whom to report to."""
    state = _with(regime_as_of("1718", "2019-03-01"), "2397-OP4-crude-cap", reporting=None)
    [trig] = _goods_triggers(_ship("2019-03-01", ("2709", "crude petroleum oil")), state)
    assert (trig.measure.id, trig.effect) == ("2397-OP4-crude-cap", "reporting")
    assert trig.reason == (
        "crude petroleum oil: HS 2709 falls under HS 2709 (HS mapping is an UNVERIFIED "
        "inference); counts against the cap (Crude oil: no more than 4,000,000 barrels or "
        "525,000 tons per twelve months from 22 December 2017). Reporting: to the Committee")


def test_a_goods_exemption_counts_only_from_its_own_first_day() -> None:
    """An exemption may carry dates of its own (as the 2664 carve-out of the 1718 freeze
    does). The 1874 OP10 notice for small arms, were it to start on 1 June 2012, would
    neither turn a May 2012 pistol shipment into reporting nor be offered as its route."""
    state = regime_as_of("1718", "2012-05-01")
    arms = state.measure("1874-OP9-10-arms")
    assert arms is not None and [e.id for e in arms.exemptions] == ["1874-OP10-salw-notice"]
    later = replace(arms.exemptions[0], effective_from=date(2012, 6, 1))
    state = _with(state, "1874-OP9-10-arms", exemptions=(later,))
    [trig] = _goods_triggers(_ship("2012-05-01", ("9302", "pistols")), state)
    assert (trig.measure.id, trig.effect, trig.exemption_route) == (
        "1874-OP9-10-arms", "prohibited", ())
    assert "Permitted with prior notice" not in trig.reason

"""Why a good triggers a measure, word for word: the reason names the good, how its HS code
or description matched (and whether that mapping is read in a resolution or is the
project's UNVERIFIED inference), then the measure's scope and exceptions as written in
data/regime/1718/*.json. Only prohibitions offer exemption routes (2397 OP4 has one, yet a
crude delivery under the cap is reporting, not a ban)."""

from __future__ import annotations

import pytest

from unsc.compliance.shipment import Shipment, check_shipment

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

"""A standing exemption is in force from its first day through its last, both included.

S/RES/2664 (2022) OP1 (adopted 9 December 2022, SC/15134) applies to the 1267 regime "for a
period of two years" (OP4), so the carve-out on the 1267 asset freeze runs 2022-12-09 to
2024-12-08 in src/unsc/data/regime/exemptions.json ("2664-1267"); S/RES/2761 (2024) then
extends it. The four days around the two ends are checked one by one.
"""

from __future__ import annotations

from datetime import date

import pytest

from unsc.regime.asof import regime_as_of
from unsc.regime.model import Exemption, StatusEvent


def _carve_out() -> Exemption:
    freeze = next(m for m in regime_as_of("1267", "2023-06-01").measures
                  if m.id == "2610-OP1-asset-freeze")
    return next(e for e in freeze.exemptions if e.id == "2664-1267-2610-OP1-asset-freeze")


@pytest.mark.parametrize(("day", "in_force"), [
    (date(2022, 12, 8), False),   # the day before adoption
    (date(2022, 12, 9), True),    # adoption day: first day
    (date(2024, 12, 8), True),    # last day of the two years
    (date(2024, 12, 9), False),   # the day after
])
def test_2664_on_the_1267_freeze_first_and_last_day(day: date, in_force: bool) -> None:
    carve_out = _carve_out()
    assert (carve_out.effective_from, carve_out.effective_until) == (
        date(2022, 12, 9), date(2024, 12, 8))
    assert carve_out.in_force(day) is in_force


def test_a_regime_before_its_first_resolution_is_not_established() -> None:
    """S/RES/1718 (2006) was adopted on 14 October 2006 (SC/8853); on the day before, the
    regime's status names that resolution and when it came; on the day itself it is active."""
    info = regime_as_of("1718", "2006-10-13").info
    assert info is not None
    assert info.status_on(date(2006, 10, 13)) == StatusEvent(
        date(2006, 10, 13), "not_established", "S/RES/1718 (2006)",
        "press.un.org/en/2006/sc8853.doc.htm (SC/8853)", "established on 2006-10-14", "Y")
    assert info.status_on(date(2006, 10, 14)).status == "active"

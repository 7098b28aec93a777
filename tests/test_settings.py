"""Every setting is documented in docs/settings.md and parses from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from unsc import settings
from unsc.errors import InputError

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [s.env for s in settings.SETTINGS.values() if f"`{s.env}`" not in text]
    assert not missing, f"undocumented settings: {missing}"


def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_MATCH_THRESHOLD", "0.91")
    assert settings.get("match_threshold") == pytest.approx(0.91)


def test_invalid_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_VETO_DAY_COUNTS", "perhaps")
    with pytest.raises(InputError, match="UNSC_VETO_DAY_COUNTS"):
        settings.get("veto_day_counts")

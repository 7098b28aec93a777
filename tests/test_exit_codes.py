"""CLI exit codes per error class, through real commands (the promise of src/unsc/errors.py:
"each class carries ... the CLI exit code (exit_code); a test checks both").

Exit codes (errors.py): 1 UnscError and StoreError, 2 input errors, 3 not found,
4 conflicts, 5 authentication, 6 upstream, 7 service unavailable. Every class a CLI command
can meet is provoked below; the rest occur only behind HTTP (a request body over its limit,
an API key, a request's screening time) and are listed in API_ONLY.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unsc import errors
from unsc.cli import app

ROOT = Path(__file__).resolve().parent.parent
API_ONLY = {"UnscError", "PayloadTooLargeError", "AuthError", "ForbiddenError",
            "TimeLimitError"}
EXIT_CODES = {"UnscError": 1, "StoreError": 1, "InputError": 2, "ListFormatError": 2,
              "HostileXmlError": 2, "ListGateError": 2, "InvalidDateError": 2,
              "UnknownCodeError": 2, "VoteError": 2, "LimitError": 2, "PayloadTooLargeError": 2,
              "NotFoundError": 3,
              "ConflictError": 4, "TransitionError": 4, "AuthError": 5, "ForbiddenError": 5,
              "UpstreamError": 6, "ServiceUnavailableError": 7, "TimeLimitError": 7}


def _write(tmp: Path, name: str, text: str) -> str:
    (tmp / name).write_text(text, encoding="utf-8")
    return str(tmp / name)


def _illegal_draft(tmp: Path) -> list[str]:
    events = [{"type": "created", "date": "2024-01-01", "penholders": ["FRA"]},
              {"type": "zero_draft", "date": "2024-01-02", "text": "x"},
              {"type": "vote", "date": "2024-01-03", "yes": ["rest"]}]
    return ["council", "draft", "import",
            _write(tmp, "bad.json", json.dumps({"id": "bad", "events": events}))]


def _decided_too_early(tmp: Path) -> list[str]:
    request = str(ROOT / "docs" / "examples" / "exemption_request.json")
    made = CliRunner().invoke(app, ["exemptions", "submit", request, "--date", "2021-03-01",
                                    "--json"])
    assert made.exit_code == 0, made.output
    return ["exemptions", "decide", str(json.loads(made.stdout)["id"]), "--date", "2021-03-02"]


CASES: dict[str, tuple[Callable[[Path], list[str]], dict[str, str]]] = {
    "InputError": (lambda t: ["council", "draft", "import", _write(t, "j.json", "{no")], {}),
    "ListFormatError": (lambda t: ["lists", "load", _write(t, "x.xml", "<x/>")], {}),
    "HostileXmlError": (lambda t: ["lists", "load", _write(
        t, "h.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')], {}),
    "ListGateError": (lambda t: ["lists", "load", _write(  # a readable list with no entries
        t, "empty.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST '
        'dateGenerated="2026-01-01T00:00:00.000-05:00"><INDIVIDUALS/><ENTITIES/>'
        '</CONSOLIDATED_LIST>\n')], {}),
    "InvalidDateError": (lambda t: ["council", "veto-initiative", "--veto-date", "2022-02-30"],
                         {}),
    "UnknownCodeError": (lambda t: ["council", "vote", "--year", "2022", "--for", "XYZ"], {}),
    "VoteError": (lambda t: ["council", "vote", "--year", "2022", "--for", "FRA",
                             "--against", "FRA"], {}),
    "LimitError": (lambda t: ["screen", "name", "Kim Jong Un " * 100], {}),
    "NotFoundError": (lambda t: ["lists", "show", "KPi.033"], {}),
    "ConflictError": (_decided_too_early, {}),
    "TransitionError": (_illegal_draft, {}),
    "UpstreamError": (lambda t: ["lists", "update", "--url", "http://127.0.0.1:9/list.xml"],
                      {}),
    "StoreError": (lambda t: ["lists", "versions"],
                   {"UNSC_DATABASE_URL": "postgresql+psycopg://nobody:pw@127.0.0.1:9/none"}),
    "ServiceUnavailableError": (lambda t: ["screen", "name", "Ri Won Ho"], {}),
}


def test_every_class_has_its_exit_code_and_every_class_is_covered() -> None:
    classes = {cls.__name__: cls for cls in errors.all_error_classes()}
    assert set(classes) == set(EXIT_CODES)
    for name, cls in classes.items():
        assert cls.exit_code == EXIT_CODES[name], name
    assert set(CASES) | API_ONLY == set(classes) and not set(CASES) & API_ONLY


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_error_class_exits_with_its_code(name: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make_args, env = CASES[name]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, make_args(tmp_path))
    assert result.exit_code == EXIT_CODES[name], (result.exit_code, result.output)
    assert f"error: {name}:" in result.stderr, result.stderr
    assert "Traceback" not in result.output

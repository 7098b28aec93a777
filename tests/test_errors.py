"""The exception tree: every class maps to a deliberate HTTP status and exit code."""

from __future__ import annotations

import pytest

from unsc import errors

EXPECTED_STATUS = {
    "UnscError": 500,
    "InputError": 400,
    "ListFormatError": 422,
    "HostileXmlError": 422,
    "ListGateError": 422,
    "InvalidDateError": 400,
    "UnknownCodeError": 400,
    "VoteError": 400,
    "LimitError": 422,
    "PayloadTooLargeError": 413,
    "NotFoundError": 404,
    "ConflictError": 409,
    "TransitionError": 409,
    "AuthError": 401,
    "ForbiddenError": 403,
    "UpstreamError": 502,
    "StoreError": 500,
    "ServiceUnavailableError": 503,
    "TimeLimitError": 503,
}


def test_every_class_has_its_intended_status() -> None:
    classes = {cls.__name__: cls for cls in errors.all_error_classes()}
    assert set(classes) == set(EXPECTED_STATUS), "a new error class needs a deliberate status"
    for name, cls in classes.items():
        assert cls.http_status == EXPECTED_STATUS[name], name


@pytest.mark.parametrize("cls", [c for c in errors.all_error_classes()
                                  if issubclass(c, errors.InputError)])
def test_validation_errors_are_value_errors(cls: type[errors.UnscError]) -> None:
    assert issubclass(cls, ValueError)


def test_list_format_error_lists_every_problem() -> None:
    problems = [errors.Problem("a.xml", "KPi.001", "DATE", "bad date"),
                errors.Problem("a.xml", "KPi.002", None, "no name")]
    exc = errors.ListFormatError("cannot load a.xml", problems)
    assert "KPi.001" in str(exc) and "KPi.002" in str(exc)
    assert len(exc.to_dict()["problems"]) == 2  # type: ignore[arg-type]

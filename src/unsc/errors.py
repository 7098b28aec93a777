"""One exception tree for the whole of unsc.

Every error a user can cause or meet is a subclass of :class:`UnscError`, so adapters need
one ``except`` and one HTTP handler. Each class carries the HTTP status the API answers
with (``http_status``) and the CLI exit code (``exit_code``); a test checks both for every
class, so a new subclass cannot silently fall back to 500.

::

    UnscError (500)
    ├── InputError (400, also ValueError)          bad user input
    │   ├── ListFormatError (422)                  a list file that cannot be loaded
    │   │   ├── HostileXmlError (422)              DTD / entity / XXE payloads refused
    │   │   └── ListGateError (422)                a readable list a load gate refuses
    │   ├── InvalidDateError (400)
    │   ├── UnknownCodeError (400)                 HS code, country code, member code
    │   ├── VoteError (400)                        an impossible Council vote
    │   └── LimitError (422)                       over a documented bound (batch, depth)
    │       └── PayloadTooLargeError (413)         a request body over its size limit
    ├── NotFoundError (404)                        a version, entry, draft or key that is absent
    ├── ConflictError (409)                        an illegal state change
    │   └── TransitionError (409)                  a draft event out of order
    ├── AuthError (401)                            no or unknown API key
    │   └── ForbiddenError (403)                   key lacks the role
    ├── UpstreamError (502)                        a download that failed
    ├── StoreError (500)                           storage failures
    └── ServiceUnavailableError (503)
        └── TimeLimitError (503)                   a request over its screening time
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AuthError",
    "ConflictError",
    "ForbiddenError",
    "HostileXmlError",
    "InputError",
    "InvalidDateError",
    "LimitError",
    "ListFormatError",
    "ListGateError",
    "NotFoundError",
    "PayloadTooLargeError",
    "Problem",
    "ServiceUnavailableError",
    "StoreError",
    "TimeLimitError",
    "TransitionError",
    "UnknownCodeError",
    "UnscError",
    "UpstreamError",
    "VoteError",
    "all_error_classes",
]


class UnscError(Exception):
    """Root of every error unsc raises on purpose."""

    http_status: int = 500
    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": self.message}


class InputError(UnscError, ValueError):
    """The caller gave something unusable; nothing was changed."""

    http_status = 400
    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and what is wrong."""

    file: str
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f", record {self.record}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


class ListFormatError(InputError):
    """A list file that cannot be loaded. Carries every problem found, not just the first."""

    http_status = 422

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        text = message
        if self.problems:
            text += "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(text)

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["problems"] = [p.__dict__ for p in self.problems]
        return data


class HostileXmlError(ListFormatError):
    """XML that tries DTDs, entity expansion or external entities; refused before parsing."""


class ListGateError(ListFormatError):
    """A list file that parses but must not silently replace the current version: it has
    no entries, shrinks the list by more than ``max_shrink``, lacks its format's
    completeness marker, or carries a future or older publication date. ``gates`` names
    the checks that refused it; an explicit ``--force`` (``--historical`` for an older
    date) overrides them, and the override is recorded in the audit trail."""

    def __init__(self, message: str, problems: Sequence[Problem] = (),
                 gates: Sequence[str] = ()) -> None:
        super().__init__(message, problems)
        self.gates = list(gates)

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data["gates"] = list(self.gates)
        return data


class InvalidDateError(InputError):
    """A date that is not a valid ISO 8601 calendar date."""


class UnknownCodeError(InputError):
    """A code (HS, country, Council member, programme) that unsc does not know."""


class VoteError(InputError):
    """A Council vote that cannot have happened (double vote, non-member, unknown code)."""


class LimitError(InputError):
    """A request over a documented bound on the work it may cause (queries per batch,
    names per query, JSON depth); the message names the bound and its setting."""

    http_status = 422


class PayloadTooLargeError(LimitError):
    """A request body over its size limit, refused before it is read."""

    http_status = 413


class NotFoundError(UnscError):
    """The thing asked for does not exist."""

    http_status = 404
    exit_code = 3


class ConflictError(UnscError):
    """The request contradicts the current state."""

    http_status = 409
    exit_code = 4


class TransitionError(ConflictError):
    """A draft-resolution event that is illegal in the draft's current state."""


class AuthError(UnscError):
    """Missing or unknown credentials."""

    http_status = 401
    exit_code = 5


class ForbiddenError(AuthError):
    """Valid credentials without the role the action needs."""

    http_status = 403


class UpstreamError(UnscError):
    """A remote source (the UN list URL) failed or sent something unusable."""

    http_status = 502
    exit_code = 6


class StoreError(UnscError):
    """The database failed in a way the user cannot fix by changing input."""

    http_status = 500


class ServiceUnavailableError(UnscError):
    """A dependency is not ready (no list loaded, index building)."""

    http_status = 503
    exit_code = 7


class TimeLimitError(ServiceUnavailableError):
    """A request that ran out of its screening time (``api_request_seconds``): stopped,
    nothing recorded; split the batch or retry."""


def all_error_classes() -> list[type[UnscError]]:
    """Every class in the tree, for the status-mapping test and the HTTP handler."""
    seen: list[type[UnscError]] = []
    stack: list[type[UnscError]] = [UnscError]
    while stack:
        cls = stack.pop()
        if cls not in seen:
            seen.append(cls)
            stack.extend(cls.__subclasses__())
    return seen

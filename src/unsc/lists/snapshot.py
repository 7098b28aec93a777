"""The UN list snapshot shipped in the package, and how old the lists screened against are.

A first start without a network must still give a working product: the package carries
one compressed copy of the UN Consolidated List (``unsc/data/un/``, described by
``snapshot.json``: its publication date and SHA-256). :func:`load_bundled` checks the
bytes against that hash and loads them through the ordinary reader and load gates, like
any file; ``scripts/run.sh`` falls back to it when the download fails.

A snapshot is old by nature, and a list a month old misses every designation since. So
wherever results are shown (CLI, API answers, UI), :func:`list_ages` says how old each
list version is and, past the ``stale_list_days`` setting, how to update it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.resources import files
from typing import Any

from unsc import settings
from unsc.errors import ListFormatError, Problem
from unsc.lists import service
from unsc.lists.service import LoadResult, VersionInfo

__all__ = ["Snapshot", "age_message", "bundled", "bundled_bytes", "list_ages", "load_bundled",
           "stale_notices"]

HOW_TO_UPDATE = ("update with `unsc lists update` (downloads the current UN list) or "
                 "`unsc lists load FILE`")


@dataclass(frozen=True)
class Snapshot:
    """The bundled list file as ``snapshot.json`` describes it."""

    file: str
    list: str
    published: str
    sha256: str
    gzip_sha256: str
    official_url: str
    provenance: str

    @property
    def source(self) -> str:
        """The source name its version is stored under (says where it came from)."""
        return f"bundled snapshot {self.file}"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _folder() -> Any:
    return files("unsc") / "data" / "un"


def bundled() -> Snapshot:
    """What the package ships (read from ``snapshot.json``)."""
    raw = json.loads((_folder() / "snapshot.json").read_text(encoding="utf-8"))
    return Snapshot(raw["file"], raw["list"], raw["published"], raw["sha256"],
                    raw["gzip_sha256"], raw["official_url"], raw["provenance"])


def bundled_bytes(snapshot: Snapshot | None = None) -> bytes:
    """The snapshot's XML, decompressed and checked against the manifest's SHA-256.

    A damaged or replaced file is refused (ListFormatError) before anything is parsed."""
    snap = snapshot or bundled()
    try:
        packed = (_folder() / snap.file).read_bytes()
        data = gzip.decompress(packed)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ListFormatError(f"bundled snapshot {snap.file} is unreadable: {exc}",
                              [Problem(snap.file, None, None, str(exc))]) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != snap.sha256:
        raise ListFormatError(
            f"bundled snapshot {snap.file} does not match snapshot.json (sha256 {digest[:12]}, "
            f"expected {snap.sha256[:12]}); reinstall unsc",
            [Problem(snap.file, None, None, "sha256 mismatch")])
    return data


def load_bundled(actor: str = "system") -> tuple[LoadResult | None, VersionInfo | None]:
    """Load the bundled snapshot unless its list already has a version in the store.

    Returns (what the load did, None), or (None, the version already there): a version
    in the store was loaded on purpose (a download, a file chosen by hand), and the
    snapshot is never a reason to replace it. The load is audited as ``actor``; the caller
    then re-screens (``compliance.subjects.after_list_load``)."""
    snap = bundled()
    present = [v for v in service.latest_versions() if v.list == snap.list]
    if present:
        return None, present[0]
    return service.load_list(snap.source, data=bundled_bytes(snap), actor=actor), None


def _today() -> date:
    return datetime.now(UTC).date()


def age_message(list_name: str, version: str, published: str, days: int) -> str:
    """One line: which list, which date, how old, how to update."""
    when = "published today" if days == 0 else f"{days} day{'s' if days != 1 else ''} old"
    return (f"the {list_name} list screened against ({version}, published {published}) is "
            f"{when}; {HOW_TO_UPDATE}")


def list_ages(versions: list[dict[str, Any]], today: date | None = None,
              ) -> list[dict[str, Any]]:
    """Per list version screened against: its age in days, whether it is older than
    ``stale_list_days``, and what to tell the user. A version without a readable
    publication date counts as stale (nobody can say it is current)."""
    day = today or _today()
    limit = int(settings.get("stale_list_days"))
    out: list[dict[str, Any]] = []
    for v in versions:
        name, version = str(v.get("list")), str(v.get("version"))
        published = str(v.get("published") or "")
        try:
            age: int | None = (day - date.fromisoformat(published[:10])).days
        except ValueError:
            age = None
        stale = age is None or age > limit
        message = (age_message(name, version, published, age) if age is not None else
                   f"the {name} list screened against ({version}) has no readable "
                   f"publication date; {HOW_TO_UPDATE}")
        out.append({"list": name, "version": version, "published": published,
                    "age_days": age, "stale": stale, "stale_after_days": limit,
                    "message": message})
    return out


def stale_notices(versions: list[dict[str, Any]], today: date | None = None) -> list[str]:
    """The messages of the stale versions only (what a page or a command shows)."""
    return [a["message"] for a in list_ages(versions, today) if a["stale"]]

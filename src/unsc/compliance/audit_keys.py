"""The audit key ring: secret keys that sign (HMAC) every audit record and checkpoint.

Why a key on top of the hash chain: anyone who can write SQL can also recompute SHA-256,
so a chain alone proves only that rows were not changed *clumsily*. An HMAC under a key
kept outside the database (``$UNSC_HOME/audit_key``, mode 0600, or the file named by
``UNSC_AUDIT_KEY_FILE``) means a rewritten row no longer verifies unless the attacker also
holds that file; a checkpoint kept elsewhere (see ``audit.checkpoint``) covers even that.

The ring keeps every key ever used, oldest first, so records signed before a rotation
still verify; which key signs the next record is decided by the trail itself (the key of
the last record, or the new key a rotation record names), never by "the newest key in the
file". Servers that share one store on several machines must share this file too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.errors import StoreError

__all__ = ["KeyRing", "fingerprint", "key_path", "load_ring", "mac", "ring_with_new_key"]

FORMAT = "unsc-audit-keys/1"


def key_path() -> Path:
    configured = settings.get("audit_key_file")
    return Path(configured) if configured else settings.home() / "audit_key"


def mac(key: bytes, key_id: int, digest: str) -> str:
    """The record MAC: HMAC-SHA256 over the key id and the record's chain hash (which
    already covers the record's content and its predecessor)."""
    message = f"unsc-audit/1:{key_id}:{digest}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def fingerprint(key: bytes) -> str:
    """A public name for a key (safe to write into the trail): not the key, not its MAC."""
    return hashlib.sha256(b"unsc-audit-key-fingerprint:" + key).hexdigest()[:32]


class KeyRing:
    """Keys by id; ``newest`` is the highest id (used only when the trail names none)."""

    def __init__(self, keys: dict[int, bytes]) -> None:
        self.keys = dict(keys)

    @property
    def newest(self) -> int | None:
        return max(self.keys) if self.keys else None

    def get(self, key_id: int | None) -> bytes | None:
        return None if key_id is None else self.keys.get(int(key_id))

    def to_json(self) -> str:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        return json.dumps({"format": FORMAT, "keys": [
            {"id": k, "key": v.hex(), "written_at": now} for k, v in sorted(self.keys.items())]},
            indent=1) + "\n"


_cache: dict[str, tuple[tuple[int, int], KeyRing]] = {}


def _parse(path: Path, text: str) -> KeyRing:
    try:
        data: dict[str, Any] = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
        return KeyRing({int(k["id"]): bytes.fromhex(str(k["key"])) for k in data["keys"]})
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"audit key file {path} is unreadable ({exc}); restore it from a "
                         "backup: without it no record can be verified") from None


def load_ring(create: bool = False) -> KeyRing:
    """The ring from the key file (re-read when the file changes, so a rotation made by
    another process is seen). With ``create``, a missing file is created with one key."""
    path = key_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        if not create:
            return KeyRing({})
        _create(path, KeyRing({1: secrets.token_bytes(32)}))
        stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    ring = _parse(path, path.read_text(encoding="utf-8"))
    _cache[str(path)] = (stamp, ring)
    return ring


def _write_tmp(path: Path, ring: KeyRing) -> str:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit_key.", suffix=".tmp")  # 0600
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(ring.to_json())
        out.flush()
        os.fsync(out.fileno())
    return tmp


def _create(path: Path, ring: KeyRing) -> None:
    """Create the key file whole or not at all; if another process won the race, its
    file stands (``link`` fails on an existing name, unlike ``rename``)."""
    tmp = _write_tmp(path, ring)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def ring_with_new_key() -> tuple[KeyRing, int]:
    """Add a fresh key to the ring file (atomically replaced) and return it with the new
    id. Callers hold the audit append lock, so two rotations cannot interleave."""
    path = key_path()
    ring = load_ring(create=True)
    new_id = (ring.newest or 0) + 1
    grown = KeyRing({**ring.keys, new_id: secrets.token_bytes(32)})
    tmp = _write_tmp(path, grown)
    os.replace(tmp, path)
    return load_ring(), new_id

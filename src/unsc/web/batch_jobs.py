"""Batch screening jobs started from the web UI: an uploaded file screened in the
background, its progress and its result files.

A job is a private folder under ``$UNSC_HOME/ui-batch/`` (input, output, ``meta.json``,
``status.json``) and a worker *process* (``python -m unsc.web.batch_worker``) that runs
:func:`unsc.screening.screen_batch` on it, exactly as ``unsc screen batch`` does. A process,
not a thread: the batch code forks its own workers, which a multi-threaded web server must
not do, and a crash or a long run cannot take the server with it. Workers take turns
(a file lock), so two uploads never compete for the same cores; a waiting job says it is
queued. The page polls ``status.json``.

Only the user who uploaded a job (or an admin) sees it; its files are removed after
``ui_batch_keep_days``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.errors import InputError, NotFoundError

__all__ = ["Job", "delete_job", "get_job", "jobs_dir", "list_jobs", "start_job",
           "write_json"]

_ID = re.compile(r"^[A-Za-z0-9_-]{16}$")
SUFFIXES = (".csv", ".parquet", ".pq")
_RUNNING: dict[str, subprocess.Popen[bytes]] = {}  # reaped as their jobs are looked at


def jobs_dir() -> Path:
    path = settings.home() / "ui-batch"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace a small JSON file atomically (a reader never sees half of it)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def _read(path: Path) -> dict[str, Any]:
    try:
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return found
    except (OSError, ValueError):
        return {}


@dataclass(frozen=True)
class Job:
    id: str
    folder: Path
    meta: dict[str, Any]
    status: dict[str, Any]

    @property
    def input(self) -> Path:
        return self.folder / str(self.meta["input"])

    @property
    def output(self) -> Path:
        return self.folder / "results.csv"

    @property
    def state(self) -> str:
        return str(self.status.get("state", "queued"))

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.meta.get("file"), "owner": self.meta.get("owner"),
                "created": self.meta.get("created"), "limit": self.meta.get("limit"),
                **self.status, "state": self.state}


def _cleanup() -> None:
    keep = float(settings.get("ui_batch_keep_days")) * 86400
    now = time.time()
    for folder in jobs_dir().iterdir():
        if (folder.is_dir() and _ID.match(folder.name) and folder.name not in _RUNNING
                and now - folder.stat().st_mtime > keep):
            shutil.rmtree(folder, ignore_errors=True)


def start_job(owner: str, filename: str, data: bytes, limit: int = 5) -> Job:
    """Store the upload and start its worker; InputError for a file it cannot be."""
    name = Path(filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{name or 'the upload'}: expected a .csv or .parquet file "
                         "(columns id,name[,schema,birth_date,nationality,id_number])")
    if not data:
        raise InputError(f"{name}: the file is empty")
    if not 1 <= limit <= 100:
        raise InputError("candidates per row must be between 1 and 100")
    _cleanup()
    job_id = secrets.token_urlsafe(12)
    folder = jobs_dir() / job_id
    folder.mkdir(mode=0o700)
    (folder / f"input{suffix}").write_bytes(data)
    meta = {"owner": owner, "file": name, "input": f"input{suffix}", "limit": limit,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    write_json(folder / "meta.json", meta)
    write_json(folder / "status.json", {"state": "queued", "done": 0, "total": None})
    log = (folder / "worker.log").open("wb")
    try:
        _RUNNING[job_id] = subprocess.Popen(
            [sys.executable, "-m", "unsc.web.batch_worker", str(folder)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    finally:
        log.close()
    return get_job(job_id, owner)


def _reap() -> None:
    for job_id, proc in list(_RUNNING.items()):
        if proc.poll() is not None:
            del _RUNNING[job_id]
            status = _read(jobs_dir() / job_id / "status.json")
            if status.get("state") not in ("done", "failed"):  # died without saying why
                write_json(jobs_dir() / job_id / "status.json", {
                    **status, "state": "failed",
                    "error": f"the batch worker stopped unexpectedly (exit {proc.returncode})"})


def get_job(job_id: str, owner: str, admin: bool = False) -> Job:
    """A job of ``owner`` (any job for an admin); NotFoundError otherwise, the same answer
    for a job that does not exist and one that is someone else's."""
    _reap()
    folder = jobs_dir() / job_id
    meta = _read(folder / "meta.json") if _ID.match(job_id) else {}
    if not meta or (meta.get("owner") != owner and not admin):
        raise NotFoundError(f"no batch job {job_id!r}")
    return Job(job_id, folder, meta, _read(folder / "status.json"))


def list_jobs(owner: str, admin: bool = False) -> list[Job]:
    """The owner's jobs (all for an admin), newest first."""
    _reap()
    found = []
    for folder in jobs_dir().iterdir():
        meta = _read(folder / "meta.json") if _ID.match(folder.name) else {}
        if meta and (meta.get("owner") == owner or admin):
            found.append(Job(folder.name, folder, meta, _read(folder / "status.json")))
    return sorted(found, key=lambda j: str(j.meta.get("created")), reverse=True)


def delete_job(job_id: str, owner: str, admin: bool = False) -> None:
    job = get_job(job_id, owner, admin)
    proc = _RUNNING.pop(job_id, None)
    if proc is not None and proc.poll() is None:
        proc.terminate()  # our own worker, by its handle
        proc.wait(timeout=10)
    shutil.rmtree(job.folder, ignore_errors=True)

"""The worker process of one web batch job: ``python -m unsc.web.batch_worker FOLDER``.

It waits its turn (a lock shared by all jobs), runs :func:`unsc.screening.screen_batch`
on the job's input as ``unsc screen batch`` would, writes its progress to ``status.json``
a few times a second, and records the run in the audit trail under the uploader's name
(input and output by SHA-256, counts, list versions), as the CLI does for a file batch.
"""

from __future__ import annotations

import fcntl
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from unsc.errors import UnscError
from unsc.screening.batchio import file_sha256
from unsc.web.batch_jobs import write_json

__all__ = ["main", "run"]

CHUNK = 500  # rows per progress step (the batch code's chunks)


def run(folder: Path) -> dict[str, Any]:
    from unsc.compliance import audit, subjects
    from unsc.screening import screen_batch

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    status_path = folder / "status.json"
    last = [0.0]
    started = time.time()

    def progress(done: int, total: int) -> None:
        now = time.time()
        if now - last[0] >= 0.2 or done == total:
            last[0] = now
            write_json(status_path, {"state": "running", "done": done, "total": total,
                                     "started": started})

    with (folder.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one job screens at a time; the others queue
        write_json(status_path, {"state": "running", "done": 0, "total": None,
                                 "started": started})
        source, output = folder / str(meta["input"]), folder / "results.csv"
        report = screen_batch(source, output, limit=int(meta["limit"]), progress=progress,
                              chunk_size=CHUNK)
    result = report.to_dict()
    result["input"], result["output"] = meta["file"], output.name
    versions = subjects.current_versions()
    audit.record("screen.batch.file", {
        "input": meta["file"], "input_sha256": file_sha256(source), "output": output.name,
        "output_sha256": file_sha256(output), "queries": report.queries, "rows": report.rows,
        "matches": report.matches, "rows_with_warnings": report.with_warnings,
        "limit": meta["limit"], "threshold": None, "versions": versions, "via": "web"},
        str(meta["owner"]))
    final = {"state": "done", "done": report.queries, "total": report.queries,
             "started": started, "report": result, "versions": versions}
    write_json(status_path, final)
    return final


def main() -> None:
    folder = Path(sys.argv[1])
    try:
        run(folder)
    except UnscError as exc:
        write_json(folder / "status.json", {"state": "failed", "error": exc.message})
        sys.exit(exc.exit_code)
    except Exception:  # any other fault: say so on the page, keep the trace in the log
        traceback.print_exc()
        write_json(folder / "status.json", {
            "state": "failed", "error": "the batch worker failed (see worker.log in the job "
                                        "folder); nothing was recorded"})
        sys.exit(1)


if __name__ == "__main__":
    main()

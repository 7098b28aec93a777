"""Batch screening in the browser: upload a CSV or Parquet file of names, watch its
progress, read the summary, open any row's hits, download the results (CSV or Parquet).

The upload is bounded like any request to the service (``api_max_body_bytes``) and names
like any query (``max_name_chars``); the screening runs in a background worker process
(``batch_jobs``). The job page refreshes itself while the job runs: through
``static/batch.js`` when JavaScript is on, through a ``<noscript>`` meta refresh when not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from unsc import settings
from unsc.compliance.keys import Principal
from unsc.errors import InputError
from unsc.web import batch_jobs
from unsc.web.paging import page_links, page_number
from unsc.web.render import check_form, render, user

__all__ = ["router"]

router = APIRouter()
PER_PAGE = 25  # input rows a page (each with its candidates)
SHOW = ("all", "matches", "warnings")


def _admin(who: Principal) -> bool:
    return who.role == "admin"


@router.get("/batch", response_class=HTMLResponse)
def batch_page(request: Request, who: Principal = Depends(user)) -> Response:
    jobs = batch_jobs.list_jobs(who.name, _admin(who))
    return render(request, "batch.html", {
        "title": "Batch screening", "jobs": [j.to_dict() for j in jobs[:50]],
        "max_bytes": int(settings.get("api_max_body_bytes"))}, who=who)


@router.post("/batch")
async def upload(request: Request) -> Response:
    form = await request.form()
    check_form(request, {k: v for k, v in form.items() if isinstance(v, str)})
    who = user(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError("choose a CSV or Parquet file to screen")
    try:
        limit = int(str(form.get("limit") or "5"))
    except ValueError:
        raise InputError("candidates per row must be a number") from None
    job = batch_jobs.start_job(who.name, upload.filename, await upload.read(), limit)
    return RedirectResponse(f"/ui/batch/{job.id}", status_code=303)


@router.get("/batch/{job_id}/status.json")
def job_status(job_id: str, who: Principal = Depends(user)) -> Response:
    job = batch_jobs.get_job(job_id, who.name, _admin(who))
    return JSONResponse(job.to_dict())


def _queries(path: Path) -> dict[int, dict[str, str]]:
    from unsc.screening.batchio import read_rows

    return {line: row for line, row, _ in read_rows(path, ("id", "name"))}


def _groups(path: Path) -> Iterator[tuple[int, list[dict[str, str]]]]:
    """Result rows grouped by input line, in input order."""
    with path.open(newline="", encoding="utf-8") as fh:
        line, group = -1, list[dict[str, str]]()
        for row in csv.DictReader(fh):
            n = int(row["row"])
            if n != line and group:
                yield line, group
                group = []
            line = n
            group.append(row)
        if group:
            yield line, group


@router.get("/batch/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, show: str = "all",
             who: Principal = Depends(user)) -> Response:
    job = batch_jobs.get_job(job_id, who.name, _admin(who))
    context: dict[str, Any] = {"title": f"Batch {job.meta.get('file')}", "job": job.to_dict(),
                               "show": show if show in SHOW else "all", "groups": []}
    if job.state == "done" and job.output.is_file():
        context.update(_results(request, job, context["show"]))
    return render(request, "batch_job.html", context, who=who)


def _results(request: Request, job: batch_jobs.Job, show: str) -> dict[str, Any]:
    queries = _queries(job.input)
    groups = list(_groups(job.output))
    matched = sum(1 for _, g in groups if any(r["match"] == "true" for r in g))
    chosen = [(n, g) for n, g in groups
              if show == "all" or (show == "matches" and any(r["match"] == "true" for r in g))
              or (show == "warnings" and g[0]["warnings"])]
    pages = max(1, -(-len(chosen) // PER_PAGE))
    page = min(page_number(request.query_params.get("page")), pages)
    shown = []
    for line, group in chosen[(page - 1) * PER_PAGE: page * PER_PAGE]:
        query = queries.get(line, {})
        base = {f: query.get(f, "") for f in ("name", "schema", "birth_date", "nationality",
                                               "id_number")}
        hits = [{**r, "link": "/ui/hit?" + urlencode({**base, "entity_id": r["entity_id"]})}
                for r in group if r["rank"]]
        shown.append({"line": line, "id": group[0]["id"], "query": base, "hits": hits,
                      "warnings": group[0]["warnings"],
                      "match": any(r["match"] == "true" for r in group)})
    return {"groups": shown, "rows_matched": matched, "matching": len(chosen), "page": page,
            "pages": pages, "pager": page_links(request.url.path, {"show": show}, page,
                                                pages)}


@router.get("/batch/{job_id}/results.{fmt}")
def download(job_id: str, fmt: str, who: Principal = Depends(user)) -> Response:
    job = batch_jobs.get_job(job_id, who.name, _admin(who))
    if job.state != "done" or not job.output.is_file():
        raise InputError("the results are not ready yet")
    stem = Path(str(job.meta.get("file") or "batch")).stem + "-results"
    if fmt == "csv":
        return FileResponse(job.output, media_type="text/csv", filename=f"{stem}.csv")
    if fmt == "parquet":
        target = job.folder / "results.parquet"
        if not target.is_file():
            _to_parquet(job.output, target)
        return FileResponse(target, media_type="application/vnd.apache.parquet",
                            filename=f"{stem}.parquet")
    raise InputError(f"unknown result format {fmt!r}; expected csv or parquet")


def _to_parquet(source: Path, target: Path) -> None:
    """The CSV results as Parquet, every column text, as ``unsc screen batch`` writes."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    with source.open(encoding="utf-8") as fh:
        columns = next(csv.reader(fh))
    table = pacsv.read_csv(source, convert_options=pacsv.ConvertOptions(
        column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=False))
    tmp = target.with_name(f".{target.name}.tmp")
    pq.write_table(table, tmp)
    tmp.replace(target)


@router.post("/batch/{job_id}/delete")
async def delete(request: Request, job_id: str) -> Response:
    form = await request.form()
    check_form(request, {k: v for k, v in form.items() if isinstance(v, str)})
    who = user(request)
    batch_jobs.delete_job(job_id, who.name, _admin(who))
    return RedirectResponse("/ui/batch", status_code=303)

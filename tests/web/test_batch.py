"""Batch screening in the web UI at the HTTP level, against the real service and the real
UN list: an upload runs in the background to one result group per input row; its status,
summary, hits and downloads (CSV, Parquet) belong to the uploader; file-level faults fail
the job with a clear message; the run is audited."""

from __future__ import annotations

import csv
import io
import re
import time

import httpx
import pyarrow.parquet as pq

from tests.api.server import Server
from tests.web.test_forms import _csrf, _login

ROWS = [("c1", "Yun Ho Jin", "1944-10-13"), ("c2", "Korea Mining Development Trading "
        "Corporation", ""), ("c3", "Jane Ordinary", "17/07/1964"), ("c4", "", ""),
        ("c5", "Ri Won Ho", "1964-13-45")]


def _file(rows: list[tuple[str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "name", "birth_date"])
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(c: httpx.Client, name: str, data: bytes) -> httpx.Response:
    token = _csrf(c.get("/ui/batch").text)
    return c.post("/ui/batch", data={"csrf": token, "limit": "3"},
                  files={"file": (name, data, "text/csv")})


def _wait(c: httpx.Client, url: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = c.get(url + "/status.json").json()
        if status["state"] in ("done", "failed"):
            return dict(status)
        time.sleep(0.2)
    raise AssertionError("the batch did not finish in 120 s")


def test_upload_screens_every_row_and_downloads(ui_server: Server) -> None:
    with _login(ui_server, "analyst") as c:
        started = _upload(c, "customers.csv", _file(ROWS))
        assert started.status_code == 303
        url = started.headers["location"]
        assert re.fullmatch(r"/ui/batch/[A-Za-z0-9_-]{16}", url)
        status = _wait(c, url)
        assert status["state"] == "done", status
        report = status["report"]
        assert isinstance(report, dict) and report["queries"] == len(ROWS)
        assert report["with_warnings"] == 2  # the empty name, month 13 (17/07/1964 reads)
        page = c.get(url).text
        assert "5</strong> rows" in page and "rows with a match" in page
        assert "YUN HO-JIN" in page and "KPi.001" in page
        assert "/ui/hit?name=Yun+Ho+Jin" in page  # each hit opens on the hit page
        result = c.get(url + "/results.csv")
        assert result.status_code == 200
        assert 'filename="customers-results.csv"' in result.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(result.text)))
        assert sorted({int(r["row"]) for r in rows}) == [2, 3, 4, 5, 6]  # one group a row
        first = [r for r in rows if r["id"] == "c1"]
        assert first[0]["reference_number"] == "KPi.001" and first[0]["match"] == "true"
        assert next(r for r in rows if r["id"] == "c4")["warnings"]
        parquet = c.get(url + "/results.parquet")
        table = pq.read_table(io.BytesIO(parquet.content))
        assert table.num_rows == len(rows) and table.column_names == list(rows[0])
        assert table.column("entity_id").to_pylist() == [r["entity_id"] for r in rows]
        audit = c.get("/ui/audit", params={"action": "screen.batch.file"}).text
        assert "customers.csv" in audit and "5 rows" in audit
    with _login(ui_server, "viewer") as other:  # not theirs: as if it did not exist
        assert other.get(url).status_code == 404
        assert other.get(url + "/results.csv").status_code == 404
    with _login(ui_server, "admin") as admin:
        assert admin.get(url).status_code == 200


def test_file_faults_are_clear(ui_server: Server) -> None:
    with _login(ui_server, "analyst") as c:
        wrong = _upload(c, "customers.xlsx", b"PK\x03\x04")
        assert wrong.status_code == 400 and "expected a .csv or .parquet file" in wrong.text
        started = _upload(c, "no-name.csv", b"id,fullname\n1,Yun Ho Jin\n")
        status = _wait(c, started.headers["location"])
        assert status["state"] == "failed"
        assert "missing column(s) name" in str(status["error"])
        page = c.get(started.headers["location"]).text
        assert "The batch failed" in page and "missing column(s) name" in page
        token = _csrf(page)
        gone = c.post(started.headers["location"] + "/delete", data={"csrf": token})
        assert gone.status_code == 303
        assert c.get(started.headers["location"]).status_code == 404

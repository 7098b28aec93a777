"""Hostile and broken inputs: refused with every problem named, store exactly as before."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import func, select

from tests.conftest import ROOT
from tests.lists._data import assert_fails, cli, ofac_dir, un_dir, un_file
from unsc.errors import HostileXmlError, ListFormatError
from unsc.lists import service
from unsc.lists.readers import read_list
from unsc.store import connect
from unsc.store import lists_tables as repo

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>
<FIRST_NAME>&lol9;</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
<REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


def xxe(url: str) -> bytes:
    return (f"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "{url}">]>
<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>
<FIRST_NAME>&xxe;</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
<REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>
</CONSOLIDATED_LIST>""").encode()


def state() -> tuple[list[tuple[str, str]], int]:
    with connect() as conn:
        versions = [(r["id"], r["sha256"]) for r in repo.select_versions(conn)]
        count = conn.execute(select(func.count()).select_from(repo.entries)).scalar_one()
    return versions, int(count)


@pytest.fixture
def loaded() -> tuple[list[tuple[str, str]], int]:
    """A store holding one real version, so 'exactly as before' is not trivially empty."""
    service.load_list(un_dir() / "un_1718_dprk_only_2015-03-17.xml")
    before = state()
    assert before[1] == 32
    return before


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "unsc"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_billion_laughs_refused_without_expansion(tmp_path: Path, loaded: object) -> None:
    path = write(tmp_path, "laughs.xml", BILLION_LAUGHS)
    with pytest.raises(HostileXmlError, match="DOCTYPE"):
        service.load_list(path)
    assert state() == loaded


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"LEAKED")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}/secret"
    server.shutdown()
    server.server_close()


def test_xxe_file_and_network_refused(tmp_path: Path, loaded: object, recorder: str) -> None:
    for n, url in enumerate(["file:///etc/passwd", recorder]):
        path = write(tmp_path, f"xxe{n}.xml", xxe(url))
        with pytest.raises(HostileXmlError) as info:
            read_list(path)
        assert "root:" not in str(info.value) and "LEAKED" not in str(info.value)
        with pytest.raises(HostileXmlError):
            service.load_list(path)
    assert _Recorder.hits == []  # the entity URL was never fetched
    assert state() == loaded


def test_hostile_xml_cli_exit_code(tmp_path: Path) -> None:
    result = run_cli("lists", "load", str(write(tmp_path, "x.xml", xxe("file:///etc/passwd"))))
    assert result.returncode == HostileXmlError.exit_code != 0
    assert "HostileXmlError" in result.stderr and "DOCTYPE" in result.stderr
    assert "Traceback" not in result.stderr
    assert "root:x" not in result.stdout + result.stderr


def test_truncated_file(tmp_path: Path, loaded: object) -> None:
    data = un_file("2026-05-08").read_bytes()
    path = write(tmp_path, "truncated.xml", data[: len(data) // 2])
    with pytest.raises(ListFormatError) as info:
        service.load_list(path)
    assert "truncated" in info.value.message and info.value.problems[0].record.startswith("line")
    assert state() == loaded


def test_empty_file(tmp_path: Path, loaded: object) -> None:
    path = write(tmp_path, "sdn.csv", b"")
    with pytest.raises(ListFormatError, match="empty"):
        service.load_list(path)
    assert_fails(cli("lists", "load", str(path)), ListFormatError, "empty")
    assert state() == loaded


@pytest.mark.parametrize("content", [
    b"date,name\n2024-01-01,x\n",
    b"<?xml version='1.0'?><rss><channel/></rss>",
    b"\x89PNG\r\n\x1a\n\x00\x00",
])
def test_not_a_list(tmp_path: Path, loaded: object, content: bytes) -> None:
    with pytest.raises(ListFormatError, match="not"):
        service.load_list(write(tmp_path, "other.dat", content))
    assert state() == loaded


def test_broken_records_all_reported(tmp_path: Path, loaded: object) -> None:
    text = un_file("2017-06-30").read_text(encoding="utf-8")
    text, n1 = re.subn(r"(<REFERENCE_NUMBER>KPi\.033</REFERENCE_NUMBER>\s*<LISTED_ON>)"
                       r"2016-11-30", r"\g<1>2016-13-45", text)
    text, n2 = re.subn(r"<FIRST_NAME>RI\s*</FIRST_NAME>(\s*<SECOND_NAME>SU YONG\s*"
                       r"</SECOND_NAME>)", r"<FIRST_NAME/>", text)
    text, n3 = re.subn(r"<DATE>1964-07-17</DATE>", "<DATE>1964-02-30</DATE>", text)
    assert (n1, n2, n3) == (1, 1, 1)
    path = write(tmp_path, "broken.xml", text.encode())
    with pytest.raises(ListFormatError) as info:
        service.load_list(path)
    where = {(p.record, p.field) for p in info.value.problems}
    assert ("KPi.033", "LISTED_ON") in where
    assert ("KPi.033", "INDIVIDUAL_DATE_OF_BIRTH") in where
    assert ("KPi.052", "FIRST_NAME") in where
    assert all(p.file == str(path) for p in info.value.problems)
    assert_fails(cli("lists", "load", str(path)), ListFormatError, "KPi.033", "KPi.052",
                 "LISTED_ON")
    assert state() == loaded


def test_malformed_csv_rows_name_their_lines(tmp_path: Path, loaded: object) -> None:
    lines = (ofac_dir() / "sdn_2024-05-03.csv").read_bytes().split(b"\r\n")[:40]
    lines[6] = b'99999,"ONLY TWO COLUMNS"'
    lines[20] = b'abc,"BAD NUMBER",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
    path = write(tmp_path, "sdn_2024-05-03.csv", b"\r\n".join(lines))
    with pytest.raises(ListFormatError) as info:
        service.load_list(path)
    records = {p.record for p in info.value.problems}
    assert "line 7" in records and any(r.startswith("line 21") for r in records)
    assert state() == loaded


def test_ofac_xml_record_count_mismatch(tmp_path: Path) -> None:
    text = (ofac_dir() / "ofac_consolidated_nonsdn_2025-03-28.xml").read_text(encoding="utf-8")
    text = re.sub(r"<sdnEntry>.*?</sdnEntry>", "", text, count=1, flags=re.S)
    with pytest.raises(ListFormatError) as info:
        read_list(write(tmp_path, "cons_nonsdn.xml", text.encode()))
    assert [p.field for p in info.value.problems] == ["Record_Count"]


def test_failure_while_writing_rolls_back(loaded: object, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: object, rows: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(repo, "insert_entries", broken)
    with pytest.raises(RuntimeError):
        service.load_list(un_file("2026-05-08"))
    assert state() == loaded


def test_hostile_ofac_xml_and_broken_ftm_lines(tmp_path: Path) -> None:
    hostile = (b'<?xml version="1.0"?>\n<!DOCTYPE sdnList [<!ENTITY x SYSTEM '
               b'"file:///etc/passwd">]>\n<sdnList><sdnEntry><lastName>&x;</lastName>'
               b"</sdnEntry></sdnList>")
    with pytest.raises(HostileXmlError):
        read_list(write(tmp_path, "sdn.xml", hostile))
    good = '{"id": "x1", "schema": "Person", "properties": {"name": ["A B"]}}'
    lines = [good, '{"id": "x2", "schema": "NoSuchSchema", "properties": {}}',
             '{"id": "x3", "schema": "Person", "properties": {}}', "{not json"]
    with pytest.raises(ListFormatError) as info:
        read_list(write(tmp_path, "bad.ftm.json", "\n".join(lines).encode()))
    assert [p.record.split()[:2] for p in info.value.problems if p.record] == [
        ["line", "2"], ["line", "3"], ["line", "4"]]


FTM_PERSON = {"id": "p1", "schema": "Person", "properties": {"name": ["Kim Test"]},
              "datasets": ["ftm-test"]}


def _ftm(*records: object) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


@pytest.mark.parametrize(("lines", "field", "text"), [
    ([{**FTM_PERSON, "datasets": 5}], "datasets", "list of list names"),
    ([{**FTM_PERSON, "datasets": [None]}], "datasets", "list of list names"),
    ([FTM_PERSON, "[null]"], None, "got list"),
    ([FTM_PERSON, "null"], None, "got NoneType"),
    ([FTM_PERSON, "5"], None, "got int"),
    ([FTM_PERSON, FTM_PERSON], "id", "duplicate id"),
    ([FTM_PERSON, "[" * 2000 + "]" * 2000], None, "nested deeper"),
    (['{"a":' * 2000 + "1" + "}" * 2000], None, "nested deeper"),
    ([{**FTM_PERSON, "properties": {"name": [5]}}], "name", "list of strings"),
    ([{**FTM_PERSON, "properties": ["name"]}], "properties", "must be an object"),
    ([{**FTM_PERSON, "id": None}], "id", "missing or non-string id"),
    ([{**FTM_PERSON, "id": "x" * 201}], "id", "longer than 200"),
    ([{**FTM_PERSON, "schema": 7}], "schema", "non-string schema"),
    ([{**FTM_PERSON, "schema": "NoSuchSchema"}], None, "not an FtM entity"),
    ([{"unsc_export": 1, "versions": "x", "records": 1}, FTM_PERSON], "unsc_export",
     "without versions"),
    ([FTM_PERSON, {"unsc_export": 1}], "unsc_export", "first line"),
])
def test_hostile_ftm_lines_are_reported_not_raised(
        tmp_path: Path, loaded: object, lines: list[object], field: str | None,
        text: str) -> None:
    path = write(tmp_path, "hostile.ftm.json", _ftm(*lines))
    with pytest.raises(ListFormatError) as info:
        service.load_list(path)
    assert any(p.field == field and text in p.message for p in info.value.problems), \
        info.value.problems
    assert state() == loaded


def test_hostile_ftm_cli_has_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.ftm.json", _ftm(FTM_PERSON, "[" * 100_000 + "]" * 100_000,
                                                 {**FTM_PERSON, "datasets": 5}))
    result = run_cli("lists", "load", str(path))
    assert result.returncode == ListFormatError.exit_code
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert "nested deeper" in result.stderr and "line 3" in result.stderr


def test_devices_fifos_and_directories_refused_before_reading(tmp_path: Path,
                                                              loaded: object) -> None:
    fifo = tmp_path / "list.fifo"
    os.mkfifo(fifo)  # no writer: opening it for reading would block forever
    for path, kind in ((Path("/dev/zero"), "character device"), (fifo, "FIFO"),
                       (tmp_path, "directory")):
        start = time.monotonic()
        with pytest.raises(ListFormatError, match=kind):
            service.load_list(path)
        with pytest.raises(ListFormatError, match=kind):
            read_list(path)
        assert time.monotonic() - start < 2
    result = run_cli("lists", "load", "/dev/zero")
    assert result.returncode == ListFormatError.exit_code and "Traceback" not in result.stderr
    assert "character device" in result.stderr
    assert state() == loaded


def test_size_bound_holds_while_streaming(monkeypatch: pytest.MonkeyPatch,
                                          loaded: object) -> None:
    """/proc files are regular files that report size 0: only a streaming bound sees them."""
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0 and len(maps.read_bytes()) > 200
    monkeypatch.setenv("UNSC_MAX_LIST_BYTES", "200")
    with pytest.raises(ListFormatError, match="more than max_list_bytes=200"):
        service.load_list(maps)
    with pytest.raises(ListFormatError, match="exceeds max_list_bytes=200"):
        service.load_list(un_file("2026-05-08"))  # a large regular file: refused by its size
    assert state() == loaded


def test_xml_never_recovers_and_keeps_libxml2_limits(tmp_path: Path, loaded: object) -> None:
    """recover=False: every cut before the closing root element fails to parse (here at
    each 500 bytes of a real file); huge_tree=False: nesting past 256 levels is an error."""
    data = (un_dir() / "un_1718_dprk_only_2015-03-17.xml").read_bytes()
    for cut in range(500, len(data), 500):
        with pytest.raises(ListFormatError, match="not well-formed"):
            read_list(write(tmp_path, "cut.xml", data[:cut]))
    deep = (b'<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>'
            + b"<x>" * 300 + b"</x>" * 300 + b"</INDIVIDUALS></CONSOLIDATED_LIST>")
    with pytest.raises(ListFormatError) as info:
        service.load_list(write(tmp_path, "deep.xml", deep))
    assert "depth" in info.value.problems[0].message.lower()
    assert state() == loaded

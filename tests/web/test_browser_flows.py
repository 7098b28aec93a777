"""What analysts and researchers do, in a real headless Chromium on the real lists:

- a search with the default Type ("any") finds a company, and its match goes to the review
  queue at once; a what-if search queues nothing;
- a CSV batch uploaded, its progress seen moving, its results downloaded (JavaScript on);
- the 2025-11-20 -> 2026-05-08 diff paged, filtered, with a real before/after;
- a shipment with two goods checked under the S/2022/431 what-if, and a bad one with all
  its errors at once;
- the audit trail filtered by who and what, and still paged at 1,000 records.

Most tests run with JavaScript off (the UI must work without it); the batch test turns it
on to see the progress bar move. Screenshots go to test-artifacts/ (``browser_flows-*``).
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from tests.api.server import Server, prepared_home
from tests.web.test_browser import CHROMIUM_ARGS

SCREENS = 3 * 900  # "no page over 3 screens without paging", at the 1280x900 viewport


def _context(pw: object, tmp: Path, js: bool) -> BrowserContext:
    executable = os.environ.get("UNSC_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}; set UNSC_CHROMIUM", pytrace=False)
    return pw.chromium.launch_persistent_context(  # type: ignore[attr-defined, no-any-return]
        str(tmp), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900}, java_script_enabled=js, accept_downloads=True)


@pytest.fixture(scope="module")
def browsers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, BrowserContext]]:
    with sync_playwright() as pw:
        plain = _context(pw, tmp_path_factory.mktemp("chromium-nojs"), js=False)
        scripted = _context(pw, tmp_path_factory.mktemp("chromium-js"), js=True)
        yield {"nojs": plain, "js": scripted}
        plain.close()
        scripted.close()


def _login(context: BrowserContext, server: Server, role: str) -> Page:
    page = context.new_page()
    page.goto(server.url + "/ui/login")
    page.fill("input[name=key]", server.keys[role])
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Screen a name")
    return page


def _shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"browser_flows-{name}.png"), full_page=True)


def _height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


@pytest.mark.browser
def test_default_any_search_finds_a_company_and_queues_its_match(
        browsers: dict[str, BrowserContext], ui_server: Server, artifacts: Path) -> None:
    page = _login(browsers["nojs"], ui_server, "analyst")
    expect(page.locator("select[name=schema]")).to_have_value("")  # "any"
    page.fill("input[name=name]", "Korea Mining Development Trading Corporation")
    page.click("form[action='/ui/search'] button[type=submit]")
    first = page.locator("table tr").nth(1)
    expect(first).to_contain_text("KOREA MINING DEVELOPMENT TRADING CORPORATION")
    expect(first).to_contain_text("Organization")
    expect(first).to_contain_text("match")
    queued = page.locator("p.flash", has_text="added to the review queue")
    expect(queued).to_be_visible()
    _shot(page, artifacts, "01-search-any")
    alert_link = first.get_by_role("link", name="alert #")
    alert_id = (alert_link.text_content() or "").removeprefix("alert #")
    alert_link.click()
    expect(page.locator("h1")).to_contain_text(f"Alert {alert_id}")
    expect(page.locator("h1")).to_contain_text("open")
    page.get_by_role("link", name="Review queue").click()
    row = page.locator("table tr", has_text="KOREA MINING DEVELOPMENT TRADING CORPORATION")
    expect(row).to_contain_text("search")
    _shot(page, artifacts, "02-review-queue")
    # The same search again raises nothing new; a what-if search raises nothing at all.
    page.goto(ui_server.url + "/ui/")
    page.fill("input[name=name]", "Ryonha Machinery Joint Venture Corporation")
    page.check("input[name=what_if]")
    page.click("form[action='/ui/search'] button[type=submit]")
    expect(page.locator("table tr").nth(1)).to_contain_text("RYONHA MACHINERY")
    expect(page.locator(".whatif-note")).to_contain_text("not queued for review")
    expect(page.locator("p.flash", has_text="added to the review queue")).to_have_count(0)
    page.goto(ui_server.url + "/ui/review?status=all")
    expect(page.locator("table")).not_to_contain_text("RYONHA MACHINERY")
    page.close()


def _customers(shared_data: Path, path: Path, count: int) -> int:
    """A customer file built from the list's own names (a real mix of scripts and
    cultures), each made a distinct customer, plus a few rows a person would get wrong."""
    from unsc.lists.readers import read_list

    names = sorted({n.value for e in read_list(
        shared_data / "un" / "un_consolidated_2026-05-08.xml").entities for n in e.names})
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "birth_date"])
        for n in range(count):
            name = names[n % len(names)] + ("" if n < len(names) else f" {n}")
            writer.writerow([f"cust-{n}", name, "17/07/1964" if n % 7 == 0 else ""])
        writer.writerow(["cust-empty", "", "1964-13-45"])
    return count + 1


@pytest.mark.browser
def test_batch_upload_progress_and_download(browsers: dict[str, BrowserContext],
                                            ui_server: Server, shared_data: Path,
                                            artifacts: Path, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    rows = _customers(shared_data, source, 6000)
    page = _login(browsers["js"], ui_server, "analyst")
    page.get_by_role("link", name="Batch").click()
    page.set_input_files("input[name=file]", str(source))
    page.click("form.upload button[type=submit]")
    expect(page.locator("h1")).to_have_text("Batch: customers.csv")
    bar = page.locator("progress")
    seen: set[int] = set()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if page.locator("text=Download CSV").count():
            break
        if bar.count():
            try:
                seen.add(int(bar.get_attribute("value", timeout=1000) or 0))
                if len(seen) == 2:
                    _shot(page, artifacts, "03-batch-progress")
            except Exception:  # the page reloads when the job is done
                pass
        time.sleep(0.1)
    assert any(0 < v < rows for v in seen), f"no progress update seen: {sorted(seen)}"
    expect(page.locator(".progress-text")).to_contain_text(f"Done: {rows:,} rows screened")
    expect(page.locator(".counts")).to_contain_text("1 row with warnings")  # the empty one
    _shot(page, artifacts, "04-batch-done")
    with page.expect_download() as download:
        page.click("text=Download CSV")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "customers-results.csv"
    with saved.open(encoding="utf-8") as fh:
        result = list(csv.DictReader(fh))
    assert sorted({int(r["row"]) for r in result}) == list(range(2, rows + 2))
    assert next(r for r in result if r["id"] == "cust-empty")["warnings"]
    page.click("text=rows with a match")
    first = page.locator("table.batch tr").nth(1)
    expect(first).to_contain_text("match")
    first.get_by_role("link", name="open").first.click()
    expect(page.get_by_text("Why this hit")).to_be_visible()
    page.close()


@pytest.mark.browser
def test_diff_page_paging_filter_and_before_after(browsers: dict[str, BrowserContext],
                                                  ui_server: Server, shared_data: Path,
                                                  artifacts: Path) -> None:
    older = shared_data / "un" / "un_consolidated_2025-11-20.xml"
    loaded = httpx.post(f"{ui_server.url}/lists/load", timeout=120,
                        headers={"Authorization": f"ApiKey {ui_server.keys['admin']}"},
                        files={"file": (older.name, older.read_bytes(), "application/xml")},
                        data={"historical": "true"})  # an older edition, not current
    assert loaded.status_code == 201, loaded.text
    page = _login(browsers["nojs"], ui_server, "viewer")
    page.get_by_role("link", name="Lists").click()
    page.get_by_role("link", name="what changed since un-2025-11-20").click()
    counts = page.locator("p.counts")
    expect(counts).to_contain_text("11 added")
    expect(counts).to_contain_text("2 removed")
    expect(counts).to_contain_text("640 amended")
    expect(page.locator("tr.group").first).to_contain_text("Added (11)")
    expect(page.get_by_role("link", name="SAMI JASIM MUHAMMAD JAATA AL-JABURI")).to_be_visible()
    assert page.locator("table.diff tr:not(.group)").count() == 51  # header + 50 rows
    _shot(page, artifacts, "05-diff-page1")
    page.locator("nav.pager").first.get_by_role("link", name="2", exact=True).click()
    expect(page.locator("#rows")).to_contain_text("page 2 of 19")
    page.select_option("select[name=field]", "comments")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#rows")).to_contain_text("136 changes shown (filtered), page 1 of 3")
    cell = page.locator("table.diff tr", has_text="CDe.002").first
    expect(cell.locator("del").first).to_have_text("Individuals")
    expect(cell.locator("ins").first).to_have_text("Entities")
    cell.locator("summary", has_text="Full text").click()
    expect(cell.locator("details p").first).to_contain_text("Privately-owned airline")
    assert "\\n" not in page.content()
    _shot(page, artifacts, "06-diff-comments")
    cell.get_by_role("link", name="BUTEMBO AIRLINES (BAL)").click()
    expect(page.locator("h1")).to_have_text("BUTEMBO AIRLINES (BAL)")
    expect(page.locator("dd.comments")).to_contain_text("View-UN-Notices-Entities")
    page.close()


@pytest.mark.browser
def test_shipment_with_two_goods_under_the_what_if(browsers: dict[str, BrowserContext],
                                                   ui_server: Server, artifacts: Path) -> None:
    page = _login(browsers["nojs"], ui_server, "analyst")
    page.goto(ui_server.url + "/ui/regime?what_if=1")
    form = page.locator("form.shipment")
    form.locator("input[name=date]").fill("2024-01-10")
    form.locator("select[name=direction]").select_option("to_dprk")
    for i, (code, what, qty, unit) in enumerate([("2710", "diesel", "50", "t"),
                                                  ("8703", "passenger cars", "2", "units")]):
        form.locator(f"input[name='goods-{i}-hs_code']").fill(code)
        form.locator(f"input[name='goods-{i}-description']").fill(what)
        form.locator(f"input[name='goods-{i}-quantity']").fill(qty)
        form.locator(f"input[name='goods-{i}-unit']").fill(unit)
    form.locator("input[name='parties-0-name']").fill("")
    form.locator("input[name='parties-0-role']").fill("")
    form.locator("input[name='parties-0-country']").fill("")
    form.locator("button[value=check]").click()
    result = page.locator("#result")
    expect(result).to_be_in_viewport()  # the form's action scrolls to the result
    expect(result.locator("h2")).to_have_text("Hypothetical verdict on the shipment of "
                                              "2024-01-10")
    expect(result.locator(".verdict .badge.whatif")).to_contain_text("WHAT-IF")
    expect(result.locator(".verdict .badge.big")).to_have_text("prohibited")
    rows = result.locator("table").first.locator("tr")
    expect(rows.filter(has_text="S/2022/431")).to_contain_text("what-if")
    expect(rows.filter(has_text="S/2022/431")).to_contain_text("#1")
    expect(rows.filter(has_text="2397-OP7")).to_contain_text("#2")
    expect(page.locator(".hint[data-for='goods-1-hs_code']")).to_contain_text("S/RES/2397")
    _shot(page, artifacts, "07-shipment-whatif")
    form = page.locator("form.shipment")
    form.locator("input[name=date]").fill("2024-02-30")
    form.locator("input[name='goods-0-hs_code']").fill("27x")
    form.locator("input[name='goods-1-quantity']").fill("-2")
    form.locator("button[value=check]").click()
    problems = page.locator("#result li")
    expect(problems).to_have_count(3)
    expect(page.locator("#err-date")).to_be_visible()
    expect(page.locator("#err-goods-0-hs_code")).to_be_visible()
    expect(page.locator("#err-goods-1-quantity")).to_be_visible()
    _shot(page, artifacts, "08-shipment-errors")
    page.close()


@pytest.mark.browser
def test_audit_filter_and_paging_at_1000_records(browsers: dict[str, BrowserContext],
                                                 ui_server: Server, artifacts: Path) -> None:
    from unsc.compliance import audit

    with prepared_home(ui_server.home):  # the server's own store, written as it runs
        for n in range(1000):
            audit.record("screen", {"query": {"name": f"Customer {n}"}, "versions": [],
                                    "results": []}, "key:bulk-import")
    page = _login(browsers["nojs"], ui_server, "viewer")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.locator("nav.pager").first).to_be_visible()
    assert page.locator("table.audit tr").count() == 51
    assert _height(page) <= SCREENS, f"audit page is {_height(page)} px"
    _shot(page, artifacts, "09-audit")
    page.select_option("select[name=actor]", "key:bulk-import")
    page.select_option("select[name=action]", "screen")
    page.click("form.filters button[type=submit]")
    expect(page.locator("main p.muted").nth(0)).to_contain_text("1,000 records match")
    for who in page.locator("table.audit tr td:nth-child(3)").all_text_contents():
        assert who == "key:bulk-import"
    expect(page.locator("table.audit tr").nth(1)).to_contain_text(
        "screened 'Customer 999' against no list")
    page.locator("table.audit td.what summary").first.click()
    expect(page.locator("table.audit details pre").first).to_contain_text('"Customer 999"')
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    page.fill("input[name=until]", yesterday)
    page.click("form.filters button[type=submit]")
    expect(page.get_by_text("No record matches.")).to_be_visible()
    _shot(page, artifacts, "10-audit-filtered")
    page.close()

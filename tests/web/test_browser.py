"""The analyst's path in a real headless Chromium with JavaScript disabled: log in, search a
name, open a hit, record a decision, find it in the audit trail. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from tests.api.server import Server

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    executable = os.environ.get("UNSC_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}; set UNSC_CHROMIUM", pytrace=False)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            java_script_enabled=False)  # the UI must work without JavaScript
        yield context
        context.close()


@pytest.mark.browser
def test_search_open_decide_audit(browser: BrowserContext, ui_server: Server,
                                  artifacts: Path) -> None:
    page: Page = browser.new_page()
    page.goto(ui_server.url + "/ui/")
    expect(page).to_have_url(ui_server.url + "/ui/login?next=/ui/")
    page.fill("input[name=key]", ui_server.keys["analyst"])
    page.screenshot(path=str(artifacts / "01-login.png"), full_page=True)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Screen a name")

    page.fill("input[name=name]", "Yun Ho Jin")
    page.fill("input[name=birth_date]", "1944-10-13")
    page.click("form[action='/ui/search'] button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Yun Ho Jin")
    first = page.locator("table tr").nth(1)
    expect(first).to_contain_text("YUN HO-JIN")
    expect(first).to_contain_text("match")
    page.screenshot(path=str(artifacts / "02-search.png"), full_page=True)

    first.get_by_role("link", name="Open").click()
    expect(page.locator("h1")).to_contain_text("YUN HO-JIN")
    expect(page.get_by_text("Why this hit")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("name")
    page.screenshot(path=str(artifacts / "03-hit.png"), full_page=True)

    page.check("input[value=true_match]")
    page.fill("textarea[name=reason]", "Name and date of birth agree with KPi.001")
    page.click("form.decide button[type=submit]")
    expect(page.get_by_text("Decision saved")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Name and date of birth agree with KPi.001")
    page.screenshot(path=str(artifacts / "04-decided.png"), full_page=True)

    page.get_by_role("link", name="Audit trail").click()
    page.select_option("select[name=action]", "decision.record")
    page.click("form[action='/ui/audit'] button[type=submit]")
    row = page.locator("table tr", has_text="decision.record").first
    expect(row).to_contain_text("Name and date of birth agree with KPi.001")
    expect(row).to_contain_text("key:")
    page.screenshot(path=str(artifacts / "05-audit.png"), full_page=True)
    page.close()


@pytest.mark.browser
def test_council_and_regime_pages_render(browser: BrowserContext, ui_server: Server,
                                         artifacts: Path) -> None:
    page: Page = browser.new_page()
    page.goto(ui_server.url + "/ui/login")
    page.fill("input[name=key]", ui_server.keys["viewer"])
    page.click("button[type=submit]")
    page.goto(ui_server.url + "/ui/council?veto_date=2022-05-26&year=2022&yes=rest&no=CHN,RUS")
    expect(page.get_by_text("GA meeting due by")).to_be_visible()
    chart = page.locator("img.chart")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 500, "the veto chart did not load"
    page.screenshot(path=str(artifacts / "06-council.png"), full_page=True)
    page.goto(ui_server.url + "/ui/regime?as_of=2023-01-01")
    page.check("input[name=what_if]")
    page.click("form[action='/ui/regime'][method=get] button[type=submit]")
    expect(page.locator("h2", has_text="measures in force")).to_contain_text(
        "WHAT-IF · hypothetical (S/2022/431 was not adopted)")
    page.locator("form.ledger button[value=report]").click()
    expect(page.locator("#result [role=meter]")).to_be_visible()
    page.screenshot(path=str(artifacts / "07-regime.png"), full_page=True)
    page.close()

"""In Chromium: a good upload changes every page for this session only; a bad or hostile one changes nothing."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import no_exception, open_page, wait_for_app, wait_for_charts
from tests.conftest import save_screenshot
from tests.factories import csv_text, exchange_row, talks_row

pytestmark = pytest.mark.browser

GOOD = csv_text(
    [
        exchange_row(event_id="2025-05-23-prisoners", date="2025-05-23", to_ukraine=111, to_russia=222,
                     civilians_to_ukraine="", mediator="Testland"),
        exchange_row(event_id="2025-06-11-bodies", date="2025-06-11", kind="body_repatriation", to_ukraine=333,
                     to_russia=44, civilians_to_ukraine="", mediator=""),
    ]
)  # fmt: skip
BAD = GOOD.replace("2025-06-11,body_repatriation", "2025-13-01,body_repatriation").replace("333", "-5")
HOSTILE_NOTES = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_REFUSED = csv_text([exchange_row(source_url="javascript:alert(1)", notes=HOSTILE_NOTES)])
HOSTILE_ACCEPTED_EXCHANGES = csv_text(
    [exchange_row(notes=HOSTILE_NOTES, source_publisher="[click](javascript:alert(1)) <b>x</b>",
                  mediator="<a href='javascript:alert(3)'>UAE</a>")]
)  # fmt: skip
HOSTILE_TALKS = csv_text(
    [talks_row(title="**bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>", start_date="2024-01-03",
               agreed='=HYPERLINK("https://evil.example","click")')]
)  # fmt: skip


def metric_value(page: Page, label: str):
    """The value of the key figure `label` (a locator: assert on it with expect, which waits for reruns)."""
    return page.locator(".key-figure", has_text=label).first.locator(".key-figure-value")


def choose_file(page: Page, index: int, name: str, content: bytes) -> None:
    """Put a file in the index-th uploader and wait until Streamlit has received it."""
    uploader = page.locator('[data-testid="stFileUploader"]').nth(index)
    uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    expect(uploader.locator('[data-testid="stFileChipName"]')).to_have_text(name, timeout=30_000)


def upload(page: Page, app_url: str, exchanges: str, talks: str | None = None, same_session: bool = False) -> None:
    """Upload files on the upload page; `same_session` goes there by the sidebar (a reload is a new session)."""
    if same_session:
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Use your own data").click()
        wait_for_app(page)
    else:
        open_page(page, app_url, "upload")
    choose_file(page, 0, "exchanges.csv", exchanges.encode())
    if talks is not None:
        choose_file(page, 1, "talks.csv", talks.encode())
    page.get_by_role("button", name="Check and use these files").click()
    wait_for_app(page)


def watch_for_scripts(page: Page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def test_a_good_upload_changes_every_page_for_this_session_only(page: Page, app_url: str, browser):
    open_page(page, app_url, "overview")
    published = metric_value(page, "People to Ukraine").inner_text()
    upload(page, app_url, GOOD)
    expect(page.get_by_text("your uploaded data")).to_be_visible()
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Overview").click()
    wait_for_app(page)
    expect(page.get_by_text("your uploaded data")).to_be_visible()
    expect(metric_value(page, "People to Ukraine")).to_have_text("111")
    expect(metric_value(page, "Bodies to Russia")).to_have_text("44")
    save_screenshot(page, "upload-overview")
    other = browser.new_context().new_page()
    open_page(other, app_url, "overview")
    expect(metric_value(other, "People to Ukraine")).to_have_text(published)
    other.context.close()
    page.get_by_role("button", name="Return to the published data").click()
    expect(metric_value(page, "People to Ukraine")).to_have_text(published)
    no_exception(page)


def test_a_bad_upload_lists_every_problem_and_changes_nothing(page: Page, app_url: str):
    upload(page, app_url, GOOD)
    upload(page, app_url, BAD, same_session=True)
    message = page.locator('[data-testid="stCode"]')
    expect(message).to_contain_text('line 3, column date: "2025-13-01" is not a date in YYYY-MM-DD')
    expect(message).to_contain_text('line 3, column to_ukraine: "-5" must be a whole number of 0 or more')
    expect(page.get_by_text("Your files were not used: 2 problems found")).to_be_visible()
    save_screenshot(page, "upload-bad-file")
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Overview").click()
    expect(metric_value(page, "People to Ukraine")).to_have_text("111")  # the previous (good) upload is still shown
    no_exception(page)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02junk\xff\xfe" * 50, "is a binary file"),
        (b"id;date\n1;2\n", "is not the header of exchanges.csv"),
        (GOOD.encode("cp1251").replace(b"test row", "обмін".encode("cp1251")), "not UTF-8"),
    ],
    ids=["empty", "binary", "not-our-csv", "windows-1251"],
)
def test_unreadable_files_get_a_clear_message(page: Page, app_url: str, content: bytes, fragment: str):
    open_page(page, app_url, "upload")
    choose_file(page, 0, "exchanges.csv", content)
    page.get_by_role("button", name="Check and use these files").click()
    wait_for_app(page)
    expect(page.locator('[data-testid="stCode"]')).to_contain_text(fragment)
    no_exception(page)


def test_a_javascript_source_is_refused_and_shown_as_text(page: Page, app_url: str):
    dialogs = watch_for_scripts(page)
    upload(page, app_url, HOSTILE_REFUSED)
    expect(page.locator('[data-testid="stCode"]')).to_contain_text('"javascript:alert(1)" must be an https:// address')
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []


def test_hostile_text_in_accepted_data_never_runs_or_links(page: Page, app_url: str):
    dialogs = watch_for_scripts(page)
    upload(page, app_url, HOSTILE_ACCEPTED_EXCHANGES, HOSTILE_TALKS)
    expect(page.get_by_text("your uploaded data")).to_be_visible()
    for name in ("Prisoner exchanges", "Talks", "Data & sources", "Overview"):
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name).click()
        wait_for_app(page)
        no_exception(page)
        if name == "Talks":
            expect(page.get_by_text(re.compile(r"\*\*bold\*\* \[x\]\(javascript:alert\(1\)\)"))).to_be_visible()
        if name == "Prisoner exchanges":
            wait_for_charts(page, 1)
            box = page.locator(".js-plotly-plot .nsewdrag").nth(1).bounding_box()  # the per-exchange bars
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 5)
            page.wait_for_timeout(300)
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert page.locator("img[src=x]").count() == 0
        assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    save_screenshot(page, "upload-hostile-overview")

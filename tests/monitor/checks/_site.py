"""Build Site and Page objects from fixture files, for the pure check tests (no network).

Each check's fixtures live in `fixtures/<check>/`; `cases.toml` there says what each file must yield, so that a fixture
file without an expectation fails the test instead of passing silently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable

from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = "http://www.example.gov.cn/"
AS_OF = dt.date(2020, 11, 1)
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
_ATTACHMENT_TYPES = {".txt": "text/plain", ".pdf": "application/pdf", ".xlsx": "application/vnd.ms-excel"}


def decode(data: bytes) -> tuple[str, str]:
    """Decode a fixture as the crawler does without a charset header: `<meta>`, else UTF-8, else GB18030."""
    match = _META_CHARSET_RE.search(data[:2048])
    if match:
        charset = match.group(1).decode("ascii").lower()
        return data.decode(charset), charset
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def html_page(path: Path, url: str | None = None, headers: dict[str, str] | None = None) -> Page:
    """A fetched HTML page whose body is the fixture file."""
    text, charset = decode(path.read_bytes())
    url = url or ROOT + path.name
    return Page(url=url, final_url=url, status=200, headers=headers or {"Content-Type": "text/html"},
                content_type="text/html", text=text, charset=charset)


def attachment_page(path: Path, referrer: str) -> Page:
    """An attachment whose extracted text is the fixture file (tab-separated rows, as from a spreadsheet)."""
    text, charset = decode(path.read_bytes())
    url = ROOT + "files/" + path.name
    return Page(url=url, final_url=url, status=200, headers={}, content_type=_ATTACHMENT_TYPES[path.suffix],
                text=text, charset=charset, is_html=False, is_attachment=True, referrer=referrer, depth=2)


def findings_of(items: Iterable[CheckItem]) -> list[Finding]:
    """The findings among what a check's `run` or `run_page` yields (exceptions propagate)."""
    return [item for item in items if isinstance(item, Finding)]


def observed_of(items: Iterable[CheckItem]) -> int:
    """How many things a check's `run` or `run_page` says it observed."""
    return sum(item.count for item in items if isinstance(item, Observed))


def make_site(pages: Iterable[Page], probes: dict[str, Any] | None = None, as_of: dt.date = AS_OF) -> Site:
    return Site(root=ROOT, as_of=as_of, pages=tuple(pages), probes=probes or {})


def cases(check: str) -> dict[str, dict[str, Any]]:
    """The expectations of a check's fixtures, by file name, from fixtures/<check>/cases.toml."""
    with open(FIXTURES / check / "cases.toml", "rb") as handle:
        return tomllib.load(handle)["files"]


def fixture_files(check: str) -> list[str]:
    """Every fixture file of a check (cases.toml aside), so that the tests cover all of them."""
    return sorted(p.name for p in (FIXTURES / check).iterdir() if p.name != "cases.toml")


def page_site(check: str, name: str) -> Site:
    """A site holding one fixture: an HTML page, or an attachment together with the page that links it."""
    path = FIXTURES / check / name
    if path.suffix in (".html", ".htm"):
        return make_site([html_page(path)])
    referrer = ROOT + "list.html"
    linking = Page(url=referrer, final_url=referrer, status=200, headers={}, content_type="text/html",
                   text=f"<html><body><a href='files/{name}'>附件</a></body></html>")
    return make_site([linking, attachment_page(path, referrer)])


def json_fixture(check: str, name: str) -> dict[str, Any]:
    """A JSON fixture (probe results or response headers with the expected findings)."""
    return json.loads((FIXTURES / check / name).read_text(encoding="utf-8"))


def identification_cases(check: str) -> list[str]:
    """The homepage fixtures shared by the four site identification checks (fixtures/identification)."""
    table = cases("identification")
    assert sorted(table) == fixture_files("identification")
    assert all(check in expected for expected in table.values()), f"a fixture has no expectation for {check}"
    return sorted(table)


def assert_identification_case(module: ModuleType, name: str) -> None:
    """Run a site identification check on a homepage fixture and compare with cases.toml."""
    expected = cases("identification")[name][module.NAME]
    site = make_site([html_page(FIXTURES / "identification" / name, url=ROOT)])
    (finding,) = findings_of(module.run(site, CheckConfig()))
    assert (finding.check, finding.url, finding.page) == (module.NAME, ROOT, ROOT)
    assert finding.evidence["found"] == expected["found"]
    if expected["found"] is True:
        assert (finding.severity, finding.value) == ("info", expected["value"])
        assert finding.evidence["where"] == expected["where"]
    elif expected["found"] == "public_institution":  # the wrong badge: a problem whose value says what is shown
        assert (finding.severity, finding.value) == ("medium", expected["value"])
        assert finding.evidence["where"] == expected["where"]
    else:
        assert (finding.severity, finding.value) == ("medium", None)


def homepage(body: str) -> Page:
    """A homepage with the given body markup."""
    return Page(url=ROOT, final_url=ROOT, status=200, headers={}, content_type="text/html",
                text=f"<html><body>{body}</body></html>")


def only_finding(module: ModuleType, page: Page) -> Finding:
    """The single finding a site-level check gives on a one-page site."""
    (finding,) = findings_of(module.run(make_site([page]), CheckConfig()))
    return finding

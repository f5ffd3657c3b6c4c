"""Unmasked mobile numbers of private persons (隐私保护; docs/checks.md).

A mobile number alone is no leak: offices publish their contact's mobile, and 12345 or 010-xxxxxxxx are hotlines.
What the privacy indicator penalises is a list of private persons with their numbers (低保名单, 申请人公示, 户主名册).
So a mobile number (1[3-9] + 9 digits, not inside a longer digit run, not masked as 138****1234) is reported only

- in a table whose headings name private persons (申请人, 户主, 身份证… anywhere; 姓名 or 联系人 unless the table also
  has office headings such as 单位/部门/职务, which make it a directory of officials);
- in a table without such headings that lists at least two rows of a personal name next to a mobile number;
- on a text line labelled with a private-person label (申请人：…, 户主：…);
- on at least two text lines of the page each holding a personal name and a mobile number, none labelled as an
  office contact (联系人/联系电话/咨询电话).

Rows naming an organisation (某某公司 applying for a licence) are left out: the number is the organisation's contact.

Pages titled as contact pages or directories (联系我们, 通讯录…, or /lxwm/, /contact in the URL) are read as
directories of officials: only tables with strong private-person headings count there.

Observed: each page or attachment whose text was read.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identifiers import MOBILE_RE, digit_windows, digits_only, normalize
from dgeval.monitor.checks._sentences import field_place, masked
from dgeval.monitor.checks._text import PageContent, Table, context, page_content, readable, where
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

NAME = "phone_leak"
TITLE = gettext_noop("手机号泄露")

_CANDIDATE_RE = re.compile(r"(?<!\d)1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)", re.ASCII)
_STRONG_PERSON_RE = re.compile(
    r"申请人|户主|户名|当事人|身份证|证件号|住址|家庭|性别|年龄|出生|民族|收款人|领取人|救助|补助对象|补贴对象|受助|"
    r"被执行人|被处罚人|投诉人|举报人|参保人|承包人|监护人|患者|考生|学生|贫困户|低保|残疾人|获得者|户籍"
)
_WEAK_PERSON_RE = re.compile(r"姓名|联系人|名字")
_OFFICE_HEADING_RE = re.compile(r"单位|部门|乡镇|街道|科室|机构|窗口|职务|职位|办公电话|服务热线|热线|值班|监督电话|咨询电话|举报电话")
_OFFICE_LABEL_RE = re.compile(r"联系人|联系电话|咨询电话|联系方式|办公电话|值班电话|服务热线|举报电话|监督电话|传真")
_LABELLED_PERSON_RE = re.compile(
    r"(?:申请人|户主|户名|当事人|(?<!联系人)姓名|收款人|领取人|投诉人|举报人|被执行人|监护人|家长)\s*[：:]"
)
_CONTACT_TITLE_RE = re.compile(r"联系我们|联系方式|通讯录|服务热线|咨询电话|办事电话|联系电话|contact", re.IGNORECASE)
_CONTACT_URL_RE = re.compile(r"contact|lxwm|lxfs|txl", re.IGNORECASE)  # 联系我们, 联系方式, 通讯录 in pinyin
# Common single-character surnames; a personal name is one of them followed by one or two Han characters that do not
# end like an office (科长, 中心, 村委…).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易"
    "乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴"
)
_NAME_RE = re.compile(rf"^[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}$")
_NOT_NAME_END_RE = re.compile(r"[局委办科院所站队部处室镇乡村区县市省厅司组会社馆中心长任员师]$")
# A row naming an organisation (a company applying for a licence) gives its contact's number, not a private person's.
_ORGANISATION_CELL_RE = re.compile(
    r"(?:公司|合作社|中心|厂|局|委员会|政府|学校|医院|协会|事务所|银行|支行|集团|研究院|研究所|办公室|大学|学院)$"
)
_TOKEN_SPLIT_RE = re.compile(r"[\s,，、；;：:（）()|/]+")


def _is_name(token: str) -> bool:
    return bool(_NAME_RE.match(token)) and not _NOT_NAME_END_RE.search(token)


def _mobiles(text: str) -> Iterator[tuple[str, int, int]]:
    for match in MOBILE_RE.finditer(text):
        yield digits_only(match.group(1)), match.start(1), match.end(1)


def _table_rows(table: Table, contact_page: bool) -> Iterator[tuple[str, str]]:
    """(row text, reason) of the rows whose mobile numbers are leaks."""
    heading = " ".join(table.header)
    if _STRONG_PERSON_RE.search(heading):
        reason = f"table headed {heading}"
    elif _WEAK_PERSON_RE.search(heading) and not _OFFICE_HEADING_RE.search(heading) and not contact_page:
        reason = f"table headed {heading}"
    elif _OFFICE_HEADING_RE.search(heading) or contact_page:
        return
    else:
        named = [row for row in table.rows if any(_is_name(cell) for cell in row) and _any_mobile(" ".join(row))]
        if len(named) < 2:
            return
        for row in named:
            yield " | ".join(row), "table rows of personal names with mobile numbers"
        return
    for row in table.rows:
        if not any(_ORGANISATION_CELL_RE.search(cell) for cell in row):
            yield " | ".join(row), reason


def _any_mobile(text: str) -> bool:
    return next(_mobiles(normalize(text)), None) is not None


def _line_reasons(content: PageContent, contact_page: bool) -> Iterator[tuple[str, str]]:
    """(line, reason) of the text lines whose mobile numbers are leaks.

    Cells of tables with headings were judged by their table (a directory of officials stays one); cells of tables
    without headings are read as lines.
    """
    judged = {cell for table in content.tables if table.header for row in table.rows for cell in row}
    listed: list[str] = []
    for line in content.text.split("\n"):
        if line in judged or not _any_mobile(line):
            continue
        if _LABELLED_PERSON_RE.search(line) and not contact_page:
            yield line, "line labelled with a private person"
        elif not _OFFICE_LABEL_RE.search(line) and any(_is_name(t) for t in _TOKEN_SPLIT_RE.split(line)):
            listed.append(line)
    if len(listed) >= 2 and not contact_page:
        for line in listed:
            yield line, "list of personal names with mobile numbers"


def _page_findings(page: Page) -> Iterator[Finding]:
    content = page_content(page)
    url, seen_on, location = where(page)
    contact_page = bool(_CONTACT_TITLE_RE.search(content.title) or _CONTACT_URL_RE.search(page.url))
    text = normalize(content.text)
    spans: dict[str, tuple[int, int]] = {}
    for number, start, end in _mobiles(text):
        spans.setdefault(number, (start, end))
    sources: list[tuple[str, str, str]] = [
        (row, reason, "table") for table in content.tables for row, reason in _table_rows(table, contact_page)
    ]
    sources += [(line, reason, "text") for line, reason in _line_reasons(content, contact_page)]
    reported: set[str] = set()
    for fragment, reason, field in sources:
        for number, start, end in _mobiles(normalize(fragment)):
            if number in reported:
                continue
            reported.add(number)
            span = spans.get(number)
            yield Finding(
                check=NAME,
                url=url,
                page=seen_on,
                value=number,
                severity="high",
                evidence={
                    "context": context(text, *span) if span else context(fragment, start, end),
                    "field": location or field,
                    "reason": reason,
                },
            )


def _may_leak(page: Page) -> bool:
    """A cheap pass over the raw page: parse only pages with two distinct mobiles, or one and a personal word.

    Most pages carry at most the office mobile in their footer and no personal words; they need no parsing.
    """
    found = {m.group(0) for window, pos in digit_windows(page.text) for m in _CANDIDATE_RE.finditer(window, pos)}
    if not found:
        return False
    return len(found) >= 2 or bool(_STRONG_PERSON_RE.search(page.text) or _WEAK_PERSON_RE.search(page.text)
                                   or _LABELLED_PERSON_RE.search(page.text))


def run_page(page: Page, site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding per distinct leaked mobile number on this page or attachment."""
    if not readable(page):
        return
    yield Observed()
    if _may_leak(page):
        yield from _page_findings(page)


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    for page in site.pages:
        yield from run_page(page, site, config)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return _("%(place)s公开了个人手机号码 %(number)s（规则：网站不得泄露个人隐私信息）") % {
        "place": field_place(evidence.get("field")), "number": masked(value or "", 3, 4)}

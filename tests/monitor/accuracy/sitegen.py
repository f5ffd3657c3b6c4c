"""Unseen government sites for the monitor's accuracy evaluation (docs/checks.md).

`build_sites(seed)` returns four small county/city portals built from what government sites look like, not from the
check authors' fixtures: four markups (ul/li lists, old table layouts, div cards, dl lists), four date styles
(2020-10-12 with a time, 2020年10月12日, 2020/10/12, [10-12] with the year in the article URL), UTF-8 and GBK, paginated
columns (index_1.html and ?pageNum=2), attachments, a message board, policy interpretations, privacy lists and
typos; list pages with sub-column menus, a per-column 相关专题 box of undated links and 共N条 pagers; columns at their
period's edge (14/15 days, 180/181 days); a 民情直通车 board at CMS URLs told only by its labelled fields, beside a FAQ
and a news article about it; misspellings of official names no curated pair lists, beside correct text they could be
read into; a site code shown as an image's alt text, commented-out identification and the blue 事业单位 badge.
Every site carries planted defects AND decoys for each check, and `FixtureSite.expected` is the ground truth
the scan must report — worked out here from the data the pages are printed from, with the national rules
(国办函〔2019〕76号 column classes, 5 working days for messages, GB 11643 ID numbers, Luhn card numbers).

Paths in `expected` are site paths; "ext:" paths live on the external loopback server, "/" is the site root for
site-level checks. Pages may say `__EXT__` where the external server's origin goes (filled in when served).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from typing import Literal

import chinese_calendar
from dgeval.demo.documents import tiny_pdf

Behaviour = Literal["head405", "flaky503", "blocked403", "redirect"]


@dataclass(slots=True)
class Resource:
    """One response the fixture server gives for a path (query included when it matters)."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    behaviour: Behaviour | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class Expected:
    """A finding the scan must report: check, where (site path, "ext:/path" or "/" for the site), value or None."""

    check: str
    where: str
    value: str | None = None


@dataclass(slots=True)
class FixtureSite:
    name: str
    as_of: dt.date
    resources: dict[str, Resource]
    expected: list[Expected]
    external_check: bool  # scanned with external="check": its only foreign links go to the loopback external server
    search: Literal["works", "finds_nothing"] | None
    notes: list[str] = field(default_factory=list)


#: Column classes of the national rule (国办函〔2019〕76号 栏目不更新): days after which a column is stale.
THRESHOLDS = {"dynamic": 14, "notice": 180, "long": 365}
SENTENCES = (
    "会议强调，要坚持以人民为中心的发展思想，把保障和改善民生作为工作的出发点和落脚点。",
    "各乡镇、各部门要进一步提高政治站位，切实增强责任感和紧迫感，确保各项任务落到实处。",
    "要坚持问题导向，聚焦群众反映强烈的突出问题，逐项建立台账，明确责任单位和完成时限。",
    "要加强统筹协调，形成工作合力，建立健全长效机制，推动工作常态化、制度化、规范化。",
    "今年以来，全县上下认真贯彻落实党中央、国务院决策部署，经济社会发展保持稳中向好态势。",
    "要进一步优化办事流程，压缩办理时限，推行一网通办，让企业和群众少跑腿。",
    "检查组一行先后深入企业车间、施工现场和村社区，实地查看了工作开展情况。",
    "下一步，将继续坚持稳中求进工作总基调，统筹推进疫情防控和经济社会发展各项工作。",
    "要坚持依法行政，严格规范公正文明执法，不断提升治理体系和治理能力现代化水平。",
    "中华人民共和国成立以来，在中国共产党的领导下，人民代表大会制度不断完善。",
)
TOPICS = (
    "安全生产大检查", "优化营商环境", "乡村振兴重点工作", "疫情防控常态化", "秋冬季森林防火", "民生实事项目",
    "农村人居环境整治", "政务公开标准化", "河长制工作", "高标准农田建设", "医疗保险参保", "防汛抗旱",
    "重点项目建设", "文明城市创建", "粮食安全生产", "人口普查入户登记", "生态环境督察整改", "招商引资",
)
SUBJECTS = ("县政府", "县发改局", "县财政局", "县教育局", "县卫健局", "县应急局", "城关镇", "青石镇", "东湖街道", "县农业农村局")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
GIVEN = ("建国", "秀英", "桂兰", "志强", "海燕", "国华", "玉梅", "明", "伟", "芳", "军", "丽华", "德胜", "春花")


# --- identifiers ----------------------------------------------------------------------------------------------------


def id_number(rng: random.Random, division: str = "330102") -> str:
    """A valid GB 11643 resident ID number."""
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(60 * 365))
    first = f"{division}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first + _id_check(first)


def _id_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def bad_check_id(rng: random.Random) -> str:
    number = id_number(rng)
    wrong = "0123456789X".replace(number[-1], "")
    return number[:-1] + rng.choice(wrong)


def credit_code_like_id(rng: random.Random) -> str:
    """An all-digit unified social credit code (事业单位, 12…) that is also a valid-looking ID number."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    for _ in range(200_000):
        body = f"123310{rng.randint(1960, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randrange(1000):03d}"
        check = alphabet[(31 - sum(alphabet.index(c) * w for c, w in zip(body, weights)) % 31) % 31]
        if check.isdigit() and _id_check(body) == check:
            return body + check
    raise RuntimeError("no credit code found")


def card_number(rng: random.Random, length: int = 19) -> str:
    """A Luhn-valid UnionPay card number."""
    body = "62" + "".join(str(rng.randrange(10)) for _ in range(length - 3))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10)}{rng.randrange(10**8):08d}"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def working_days_after(sent: dt.date, as_of: dt.date) -> int:
    """Working days strictly after `sent` up to `as_of` (chinese_calendar: holidays and make-up days)."""
    return sum(1 for k in range(1, (as_of - sent).days + 1)
               if chinese_calendar.is_workday(sent + dt.timedelta(days=k)))


# --- markup styles --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    site_name: str
    encoding: str  # "utf-8" or "gbk"
    declare: str  # "meta" (charset only in <meta>) or "header" (Content-Type charset only)
    nav: str  # "ul", "table", "nav", "div"
    listing: str  # "ul", "table", "div", "dl"
    date_style: str  # "iso_time", "cn", "slash", "short"
    pagination: str  # "index_n" or "pagenum"


def fmt_date(date: dt.date, style: str) -> str:
    if style == "iso_time":
        return f"{date.isoformat()} 09:{date.day:02d}"
    if style == "cn":
        return f"{date.year}年{date.month:02d}月{date.day:02d}日"
    if style == "slash":
        return f"{date:%Y/%m/%d}"
    return f"[{date:%m-%d}]"


@dataclass(slots=True)
class Item:
    title: str
    path: str
    date: dt.date | None
    body: str = ""  # extra HTML for the article body
    exists: bool = True


@dataclass(slots=True)
class Column:
    code: str
    name: str
    klass: str | None  # dynamic/notice/long, or None for names no rule judges
    items: list[Item] = field(default_factory=list)
    blank: str | None = None  # "marker" (暂无信息) or "empty" for a blank column
    single_page: str | None = None  # HTML of a single-page column (机构职能)
    parent: str | None = None  # landing column code

    def path(self, page: int = 0, style: Style | None = None) -> str:
        base = f"/{self.code}/"
        if page == 0:
            return base + "index.html"
        if style is not None and style.pagination == "pagenum":
            return base + f"index.html?uid=4873&pageNum={page + 1}"
        return base + f"index_{page}.html"


class Builder:
    """Builds one site's pages in a given style and records the ground truth while doing it."""

    def __init__(self, style: Style, as_of: dt.date, rng: random.Random, variant: int) -> None:
        self.style = style
        self.variant = variant
        self.sidebar = ""  # a "latest news" box some CMSs print on every list page
        self.topics = False  # an undated 相关专题 box beside each list page: not the column's items
        self.as_of = as_of
        self.rng = rng
        self.resources: dict[str, Resource] = {}
        self.expected: list[Expected] = []
        self.columns: list[Column] = []
        self.next_id = 1000
        self.footer_html = ""
        self.head_extra = ""
        self.search_form = ""
        self.headers: dict[str, str] = {}

    # pages
    def put(self, path: str, html: str, *, status: int = 200) -> None:
        encoding = self.style.encoding
        if self.style.declare == "meta":
            content_type = "text/html"
        else:
            content_type = f"text/html; charset={'GBK' if encoding == 'gbk' else 'utf-8'}"
        self.resources[path] = Resource(html.encode(encoding), content_type, status)

    def page(self, title: str, body: str, *, crumbs: list[tuple[str, str]] = (), home: bool = False) -> str:
        charset = "gb2312" if self.style.encoding == "gbk" else "utf-8"
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if self.style.declare == "meta" \
            else '<meta name="viewport" content="width=device-width">'
        crumb = ""
        if crumbs:
            crumb = ('<div class="position">当前位置：<a href="/index.html">首页</a>'
                     + "".join(f" &gt; <a href=\"{p}\">{n}</a>" if p else f" &gt; {n}" for n, p in crumbs) + "</div>")
        return (f"<!DOCTYPE html><html><head>{meta}<title>{title}_{self.style.site_name}</title>{self.head_extra}"
                f'<link rel="stylesheet" href="/css/main.css"></head><body>'
                f"{self.header(home)}<div class=\"main\">{crumb}{body}</div>{self.footer()}</body></html>")

    def header(self, home: bool) -> str:
        top = [c for c in self.columns if c.parent is None]
        links = ([("/index.html", "首页")] + [(c.path(), c.name) for c in top]
                 + [("/hdjl/lyb/index.html", "网上留言"), (FIELD_BOARD, "民情直通车")])
        today = f'<span class="today">今天是{self.as_of.year}年{self.as_of.month}月{self.as_of.day}日</span>' if home else ""
        banner = f'<div class="top">{today}<img src="/images/banner.jpg" alt="{self.style.site_name}">{self.search_form}</div>'
        if self.style.nav == "ul":
            nav = '<div class="nav"><ul>' + "".join(f'<li><a href="{p}">{n}</a></li>' for p, n in links) + "</ul></div>"
        elif self.style.nav == "table":
            nav = ('<table class="dh" width="1000" cellpadding="0"><tr>'
                   + "".join(f'<td align="center"><a href="{p}">{n}</a></td>' for p, n in links) + "</tr></table>")
        elif self.style.nav == "nav":
            nav = "<header><nav>" + " ".join(f'<a href="{p}">{n}</a>' for p, n in links) + "</nav></header>"
        else:
            nav = '<div id="menu">' + "".join(f'<div class="menu-item"><a href="{p}">{n}</a></div>' for p, n in links) + "</div>"
        return banner + nav

    def footer(self) -> str:
        return f'<div class="footer">{self.footer_html}</div>'

    def listing(self, items: list[Item], *, with_dates: bool = True) -> str:
        def date_of(item: Item) -> str:
            return fmt_date(item.date, self.style.date_style) if (item.date and with_dates) else ""

        kind = self.style.listing
        if kind == "ul":
            return '<ul class="list">' + "".join(
                f'<li><a href="{i.path}" target="_blank" title="{i.title}">{i.title}</a><span class="date">{date_of(i)}</span></li>'
                for i in items) + "</ul>"
        if kind == "table":
            return '<table width="100%" class="listtable">' + "".join(
                f'<tr><td width="15"><img src="/images/dot.gif"></td><td><a href="{i.path}">{i.title}</a></td>'
                f'<td width="120" align="right">{date_of(i)}</td></tr>' for i in items) + "</table>"
        if kind == "div":
            return '<div class="news-cards">' + "".join(
                f'<div class="card"><h4><a href="{i.path}">{i.title}</a></h4><p class="summary">{SENTENCES[len(i.title) % 5][:24]}…</p>'
                f'<div class="meta"><em>{date_of(i)}</em></div></div>' for i in items) + "</div>"
        return '<dl class="infolist">' + "".join(
            f'<dd><span class="time">{date_of(i)}</span><a href="{i.path}">{i.title}</a></dd>' for i in items) + "</dl>"

    def topics_box(self, column: Column) -> str:
        """A 相关专题 box of undated links, different on every column's pages (so no widget), as CMSs print beside
        lists: its links are not the column's items, and beside an empty list they do not fill it."""
        if not self.topics or "解读" in column.name:  # a 解读专题 page would be an interpretation
            return ""
        links = []
        for k, label in enumerate(("专题报道", "政策问答")):
            path = f"/ztzl/{column.code}/zt{k}.html"
            if path not in self.resources:
                self.put(path, self.page(column.name + label, f"<h1>{column.name}{label}</h1>{self.paragraphs(1)}"))
            links.append(f'<li><a href="{path}">{column.name}{label}</a></li>')
        return f'<div class="side-zt"><h3>相关专题</h3><ul>{"".join(links)}</ul></div>'

    def pager(self, column: Column, page: int, count: int) -> str:
        if count <= 1:
            return f'<div class="pagination">共{len(column.items)}条 首页 上一页 <b>1</b> 下一页 尾页</div>'
        links = [f'<a href="{column.path(0, self.style)}">首页</a>']
        if page > 0:
            links.append(f'<a href="{column.path(page - 1, self.style)}">上一页</a>')
        links += [f'<a href="{column.path(p, self.style)}">{p + 1}</a>' if p != page else f"<b>{p + 1}</b>" for p in range(count)]
        if page + 1 < count:
            links.append(f'<a href="{column.path(page + 1, self.style)}">下一页</a>')
        links.append(f'<a href="{column.path(count - 1, self.style)}">尾页</a>')
        return f'<div class="pagination">共{len(column.items)}条 {" ".join(links)} 共{count}页</div>'

    # content
    def article_path(self, column: Column, date: dt.date) -> str:
        self.next_id += 1
        if self.style.date_style == "short":
            return f"/art/{date.year}/{date.month}/{date.day}/art_{self.next_id}.html"
        return f"/{column.code}/{date:%Y%m}/t{date:%Y%m%d}_{self.next_id}.html"

    def add_items(self, column: Column, newest_age: int, count: int, spacing: int, *, undated: bool = False) -> None:
        for k in range(count):
            date = self.as_of - dt.timedelta(days=newest_age + k * spacing)
            title = f"{self.rng.choice(SUBJECTS)}召开{self.rng.choice(TOPICS)}推进会（{date.month}月第{k % 4 + 1}期）"
            column.items.append(Item(title, self.article_path(column, date), None if undated else date))

    def special(self, column: Column, title: str, age: int, body: str, *, path: str | None = None) -> Item:
        date = self.as_of - dt.timedelta(days=age)
        item = Item(title, path or self.article_path(column, date), date, body)
        column.items.insert(0, item)
        column.items.sort(key=lambda i: i.date or dt.date.min, reverse=True)
        return item

    def paragraphs(self, count: int = 3) -> str:
        return "".join(f"<p>{''.join(self.rng.sample(SENTENCES[:9], 3))}</p>" for _ in range(count))

    def render(self, list_size: int = 10) -> None:
        by_code = {c.code: c for c in self.columns}
        for column in self.columns:
            crumbs: list[tuple[str, str]] = []
            if column.parent:
                parent = by_code[column.parent]
                crumbs.append((parent.name, parent.path()))
            crumbs.append((column.name, ""))
            children = [c for c in self.columns if c.parent == column.code]
            side = ""
            if children or column.parent:
                siblings = children or [c for c in self.columns if c.parent == column.parent]
                side = ('<div class="left-menu"><h3>' + (column.name if children else by_code[column.parent].name)
                        + "</h3><ul>" + "".join(f'<li><a href="{c.path()}">{c.name}</a></li>' for c in siblings)
                        + "</ul></div>")
            side += self.topics_box(column)
            if children:  # a landing page: one block per child column with its newest items
                blocks = "".join(
                    f'<div class="block"><div class="block-title"><span>{c.name}</span>'
                    f'<a href="{c.path()}" class="more">更多&gt;&gt;</a></div>{self.listing(c.items[:5])}</div>'
                    for c in children if c.items)
                self.put(column.path(), self.page(column.name, side + blocks, crumbs=crumbs))
                continue
            if column.single_page is not None:
                self.put(column.path(), self.page(column.name, side + f"<h2>{column.name}</h2>{column.single_page}",
                                                  crumbs=crumbs))
                continue
            if column.blank is not None:
                marker = ("暂无信息", "本栏目正在建设中", "暂无相关内容", "共0条记录")[self.variant]
                inner = f'<div class="nodata">{marker}</div>' if column.blank == "marker" else '<ul class="list"></ul>'
                self.put(column.path(), self.page(column.name, side + f'<div class="list-box"><h2>{column.name}</h2>{inner}</div>',
                                                  crumbs=crumbs))
                continue
            pages = max(1, -(-len(column.items) // list_size))
            for p in range(pages):
                chunk = column.items[p * list_size:(p + 1) * list_size]
                body = (side + f'<div class="list-box"><h2>{column.name}</h2>{self.listing(chunk)}'
                        f"{self.pager(column, p, pages)}</div>{self.sidebar}")
                self.put(column.path(p, self.style), self.page(column.name, body, crumbs=crumbs))
            for k, item in enumerate(column.items):
                if not item.exists:
                    continue
                neighbours = ""
                if k + 1 < len(column.items):
                    nxt = column.items[k + 1]
                    neighbours = f'<div class="pre-next">下一篇：<a href="{nxt.path}">{nxt.title}</a></div>'
                info = f"发布时间：{item.date.isoformat()}" if item.date else "来源：本站"
                body = (f'<div class="article"><h1>{item.title}</h1><div class="info">{info} 来源：{self.style.site_name}</div>'
                        f'<div class="content">{item.body or self.paragraphs()}</div>{neighbours}</div>')
                crumbs_a = crumbs[:-1] + [(column.name, column.path()), ("正文", "")]
                self.put(item.path, self.page(item.title, body, crumbs=crumbs_a))

    # ground truth
    def expect_columns(self) -> None:
        for column in self.columns:
            if any(c.parent == column.code for c in self.columns):
                items = [i for c in self.columns if c.parent == column.code for i in c.items[:5]]
            else:
                items = column.items
            if column.blank is not None:
                self.expected.append(Expected("blank_column", column.path(), column.name))
                continue
            if column.klass is None or not items:
                continue
            dates = [i.date for i in items if i.date is not None]
            if not dates or (self.as_of - max(dates)).days > THRESHOLDS[column.klass]:
                self.expected.append(Expected("stale_column", column.path(), column.name))


# --- the sites ------------------------------------------------------------------------------------------------------

STYLES = (
    Style("qingshan", "青山县人民政府", "utf-8", "header", "ul", "ul", "iso_time", "index_n"),
    Style("baishui", "白水县人民政府", "gbk", "meta", "table", "table", "cn", "index_n"),
    Style("hongyan", "红岩市人民政府", "utf-8", "meta", "nav", "div", "slash", "pagenum"),
    Style("donghu", "东湖区人民政府", "gbk", "header", "div", "dl", "short", "index_n"),
)


def build_sites(seed: int = 4) -> list[FixtureSite]:
    rng = random.Random(seed)
    return [
        _build(STYLES[0], dt.date(2020, 11, 20), rng, variant=0),
        _build(STYLES[1], dt.date(2020, 11, 20), rng, variant=1),
        _build(STYLES[2], dt.date(2020, 11, 20), rng, variant=2),
        _build(STYLES[3], dt.date(2020, 10, 12), rng, variant=3),
    ]


def _build(style: Style, as_of: dt.date, rng: random.Random, variant: int) -> FixtureSite:
    b = Builder(style, as_of, rng, variant)
    ext = "__EXT__"  # the external loopback server's origin
    external_check = variant == 3
    notes: list[str] = []

    # Columns: landing pages, classed sub-columns, unjudged names, blank ones, a single-page column.
    news = Column("xwzx", "新闻中心", "dynamic")
    gov = Column("zwgk", "政务公开", None)
    b.columns += [news, gov]
    stale_home = variant == 1  # the homepage of this site has not been updated for three weeks
    dyn_fresh_age = 22 if stale_home else rng.randint(1, 6)
    work = Column("gzdt", "工作动态", "dynamic", parent="xwzx")
    town = Column("xzdt", "乡镇动态", "dynamic", parent="xwzx")
    photo = Column("tpxw", "图片新闻", "dynamic", parent="xwzx")
    b.add_items(work, dyn_fresh_age, 23, 2)
    b.add_items(town, 40 if variant != 2 else 9, 14, 5)  # stale on three sites, fresh (9 days) on one
    b.add_items(photo, 16 if variant in (0, 3) else dyn_fresh_age + 1, 8, 3)  # 16 days: just past 2 weeks
    # Period edges: a column is stale only MORE than its period after its newest item.
    dept = Column("bmdt", "部门动态", "dynamic", parent="xwzx")
    grassroots = Column("jcdt", "基层动态", "dynamic", parent="xwzx")
    b.add_items(dept, 14, 10, 4)  # exactly two weeks: fresh
    b.add_items(grassroots, 15, 1, 1)  # one day past: stale, a list of one item
    announce = Column("zfgg", "政府公告", "notice", parent="zwgk")
    b.add_items(announce, 180 + variant % 2, 3, 40)  # 180 days fresh, 181 stale
    notice = Column("tzgg", "通知公告", "notice", parent="zwgk")
    policy = Column("zcwj", "政策文件", "notice", parent="zwgk")
    personnel = Column("rsxx", "人事信息", "long", parent="zwgk")
    plan = Column("ghjh", "规划计划", "long", parent="zwgk")
    stats = Column("tjsj", "统计数据", "long", parent="zwgk")
    org = Column("jgzn", "机构职能", None, parent="zwgk")
    budget = Column("czyjs", "财政预决算", "long", parent="zwgk", blank="marker")
    emergency = Column("yjgl", "应急管理", None, parent="zwgk", blank="empty" if variant in (1, 2) else None)
    leaders = Column("ldxx", "领导信息", None, parent="zwgk")
    board = Column("gsgg", "公示公告", "notice", parent="zwgk")  # where the privacy lists and link tests are published
    interp = Column("zcjd", "政策解读", None)
    special = Column("ztzl", "专题专栏", None)
    b.columns += [work, town, photo, dept, grassroots, notice, board, announce, policy, personnel, plan, stats, org,
                  budget, emergency, leaders, interp, special]
    b.add_items(notice, 25 if variant != 1 else 200, 18, 9)
    policy_age = 60 if variant != 2 else 190
    b.add_items(policy, policy_age + 70, 12, 30)
    b.add_items(board, 20, 4, 30)
    b.add_items(personnel, 300 if variant != 0 else 400, 6, 60)
    b.add_items(plan, 120, 4, 200)
    b.add_items(stats, 30, 12, 30, undated=variant == 2)  # undated items: not updated as far as anyone can tell
    b.add_items(leaders, 900, 3, 100)  # old, but no rule judges a 领导信息 page by date
    b.add_items(special, 700, 6, 30)  # 专题 columns end with their campaign
    b.topics = True
    org.single_page = ("<p>" + "青山县人民政府办公室是县人民政府的办事机构，主要职责是：协助县政府领导同志处理县政府日常工作，"
                       "负责县政府会议的组织工作，督促检查县政府各部门和各乡镇人民政府对县政府工作部署的贯彻落实情况。"
                       "</p><p>内设机构：秘书科、综合科、督查科、政务公开科。</p>")
    if emergency.blank is None:
        b.add_items(emergency, 50, 5, 20)

    # Privacy: a 低保 list (ID numbers, mobiles), a subsidy list with bank cards, decoys around them.
    ids = [id_number(rng) for _ in range(3)]
    while not ids[2].endswith("X"):
        ids[2] = id_number(rng)
    shown = list(ids)
    if variant == 0:  # typed with a Chinese IME: full-width digits, and a lower-case check character
        shown[1] = ids[1].translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
        shown[2] = ids[2][:-1] + "x"
    phones = [mobile(rng) for _ in range(3)]
    cards = [card_number(rng) for _ in range(2)]
    masked = id_number(rng)
    masked = masked[:6] + "********" + masked[14:]
    rows = "".join(
        f"<tr><td>{k + 1}</td><td>{person(rng)}</td><td>{shown[k]}</td><td>{rng.choice(SUBJECTS[6:9])}幸福村</td>"
        f"<td>{phones[k]}</td><td>{rng.randint(2, 4)}</td></tr>" for k in range(3))
    dibao = b.special(board, f"关于{as_of.year}年第三季度城乡最低生活保障对象的公示", 12,
                      "<p>根据有关规定，现将本季度新增低保对象予以公示，公示期7天。</p>"
                      "<table border=\"1\"><tr><th>序号</th><th>户主姓名</th><th>身份证号码</th><th>家庭住址</th>"
                      f"<th>联系电话</th><th>保障人口</th></tr>{rows}</table>"
                      f"<p>监督电话：0571-8701{rng.randint(1000, 9999)}，12345政务服务热线。</p>")
    for value in ids:
        b.expected.append(Expected("id_number_leak", dibao.path, value))
    for value in phones:
        b.expected.append(Expected("phone_leak", dibao.path, value))
    card_rows = "".join(
        f"<tr><td>{person(rng)}</td><td>{masked if k == 0 else ids[0][:6] + '**********' + ids[0][-2:]}</td>"
        f"<td>{cards[k] if variant != 1 else ' '.join(cards[k][i:i + 4] for i in range(0, 19, 4))}</td><td>1200</td></tr>"
        for k in range(2))
    subsidy = b.special(board, "2020年度耕地地力保护补贴发放明细公示", 30,
                        "<table><tr><th>姓名</th><th>身份证号</th><th>银行卡号</th><th>补贴金额（元）</th></tr>"
                        f"{card_rows}</table>"
                        f"<p>补贴资金由县财政局统一拨付。户名：{style.site_name[:3]}财政局 开户行：农业银行 账号：{card_number(rng)}</p>")
    for value in cards:
        b.expected.append(Expected("bank_card_leak", subsidy.path, value))

    # Decoys: an officials' directory with mobiles, a credit code that reads as an ID number, bad check digits,
    # masked numbers, long order numbers, Luhn-failing account numbers, hotlines.
    officials = "".join(f"<tr><td>{s}</td><td>{t}</td><td>{person(rng)}</td><td>{mobile(rng)}</td></tr>"
                        for s, t in (("县政府办公室", "主任"), ("县应急管理局", "副局长"), ("县政务服务中心", "科长")))
    bad_card = card_number(rng)
    bad_card = bad_card[:-1] + str((int(bad_card[-1]) + 1) % 10)
    b.special(board, "全县防汛防台工作责任人及联系方式", 40,
              "<table><tr><th>单位</th><th>职务</th><th>姓名</th><th>手机</th></tr>" + officials + "</table>"
              f"<p>统一社会信用代码：{credit_code_like_id(rng)}</p><p>项目编号：{rng.randrange(10**19, 10**20)}</p>"
              f"<p>受理编号：{bad_check_id(rng)}</p><p>请拨打服务热线 138****{rng.randint(1000, 9999)} 或 0571-12345</p>"
              f"<p>专户账号：{bad_card}</p>")

    # Attachments: a GBK text file and a Word table with ID numbers; a clean spreadsheet (decoy).
    att_ids = [id_number(rng, "330106") for _ in range(2)]
    txt = "\n".join(f"{person(rng)}\t{n}\t困难群众临时救助" for n in att_ids).encode("gbk")
    b.resources["/uploads/2020/lsjz_mingdan.txt"] = Resource(txt, "text/plain")
    docx_id = id_number(rng, "330104")
    b.resources["/uploads/2020/gongshi.docx"] = Resource(_docx([("姓名", "身份证号", "事项"), (person(rng), docx_id, "残疾人两项补贴")]),
                                                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    b.resources["/uploads/2020/xiangmu.xlsx"] = Resource(_xlsx(rng), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    b.special(board, "临时救助对象名单及残疾人补贴公示（附件）", 45,
              '<p>详见附件：</p><p><a href="/uploads/2020/lsjz_mingdan.txt">临时救助名单.txt</a></p>'
              '<p><a href="/uploads/2020/gongshi.docx">残疾人补贴公示.docx</a></p>'
              '<p><a href="/uploads/2020/xiangmu.xlsx">项目清单.xlsx</a></p>')
    for value in att_ids:
        b.expected.append(Expected("id_number_leak", "/uploads/2020/lsjz_mingdan.txt", value))
    b.expected.append(Expected("id_number_leak", "/uploads/2020/gongshi.docx", docx_id))
    if variant == 3:
        listed = [mobile(rng) for _ in range(3)]
        lines = "".join(f"<p>{k + 1}. {person(rng)} {m} 东湖街道幸福社区</p>" for k, m in enumerate(listed))
        relief = b.special(board, "2020年第三季度临时救助对象名单", 35, "<p>经审核，以下人员符合临时救助条件：</p>" + lines)
        b.expected += [Expected("phone_leak", relief.path, m) for m in listed]
    applicant = mobile(rng)
    apply_page = b.special(board, "政府信息公开申请答复书（青政公开〔2020〕12号）", 50,
                           f"<p>申请人：{person(rng)}  联系电话：{applicant}</p><p>你于2020年9月提交的政府信息公开申请收悉，现答复如下。</p>")
    b.expected.append(Expected("phone_leak", apply_page.path, applicant))

    # Severe wrong words in what visitors read; the same words in comments, attributes and scripts are decoys.
    wrong = [("中华人民共合国", work), ("社会注义", town), ("人民政腐", board)][: 2 + (variant % 2)]
    for k, (word, column) in enumerate(wrong):
        if word == "人民政腐":
            text = f"<p>{style.site_name[:3]}<b>人民</b>政腐办公室关于做好冬季供暖工作的通知。</p>"
        else:
            text = f"<p>为庆祝{word}成立七十一周年，各单位要认真组织学习。</p>" if word.startswith("中华") else \
                f"<p>坚持和发展中国特色{word}，推动高质量发展。</p>"
        newest = min((as_of - i.date).days for i in column.items if i.date)
        item = b.special(column, f"{SUBJECTS[k]}学习贯彻全会精神情况通报（{variant}-{k}）", newest + 1 + k,
                         text + b.paragraphs(2))
        b.expected.append(Expected("wrong_word", item.path, "人民政腐" if word == "人民政腐" else word))
    b.special(work, "全县干部学习习近平新时代中国特色社会主义思想", dyn_fresh_age + 1,
              "<!-- 中华人民共合国 --><p title=\"社会注义\">中国共产党领导是中国特色社会主义最本质的特征。</p>"
              "<script>var s='人民政腐';</script><p>练习近乎每天都在进行，共产党圆满完成各项任务。</p>")
    # Misspelt official names that no curated pair lists (generated from data/official_names.txt), and correct text
    # a generated misspelling could be read into: 共产党圆满 (圆满), 中国共产党圆了 (a name, then 圆), 山西/陕西.
    generated = [("六稳六宝", "扎实做好六稳六宝工作"), ("党风廉正建设", "深入推进党风廉正建设"),
                 ("攻务公开", "认真做好攻务公开工作"), ("国家卫生建康委员会", "传达国家卫生建康委员会有关会议精神")][variant]
    item = b.special(work, f"县政府党组理论学习中心组集中学习（{variant}）", dyn_fresh_age + 4,
                     f"<p>会议要求，{generated[1]}，确保各项任务落到实处。</p>" + b.paragraphs(1))
    b.expected.append(Expected("wrong_word", item.path, generated[0]))
    b.special(work, "县委理论学习中心组专题学习党史", dyn_fresh_age + 5,
              "<p>百年来，中国共产党圆了中华民族千年小康梦想，全县共产党员要圆满完成各项任务。</p>"
              "<p>山西省人民政府和陕西省人民政府有关负责同志介绍了经验，会议要求攻坚克难、做好政务公开。</p>")
    wrong_doc = b"\xd6\xd0\xb9\xfa\xb9\xb2\xb2\xfa\xbe\xf5"  # 中国共产觉 in GBK
    b.resources["/uploads/2020/xuexi.txt"] = Resource("学习材料\n".encode("gbk") + wrong_doc + "第二十次全国代表大会\n".encode("gbk"),
                                                      "text/plain")
    b.special(work, "机关党支部开展主题党日活动", dyn_fresh_age + 2,
              '<p>学习材料见附件：<a href="/uploads/2020/xuexi.txt">学习材料.txt</a></p>')
    b.expected.append(Expected("wrong_word", "/uploads/2020/xuexi.txt", "中国共产觉"))

    # Policy documents and their interpretations.
    docs = []
    for k, name in enumerate(("关于加快推进乡村振兴的实施意见", "关于进一步优化营商环境的若干措施", "促进就业创业十条政策")):
        title = f"{style.site_name}{name}"
        docs.append(b.special(policy, title, policy_age + k * 20, b.paragraphs(4)))
    def add_interp(title: str, body: str, age: int) -> Item:
        return b.special(interp, title, age, body)
    add_interp(f"《{docs[0].title}》政策解读", f'<p>一、制定背景</p>{b.paragraphs(2)}<p>原文链接：<a href="{docs[0].path}">《{docs[0].title}》</a></p>', 68)
    add_interp("一图读懂营商环境若干措施", f'{b.paragraphs(1)}<p><a href="{docs[1].path}">政策原文</a></p>', 50)
    add_interp("就业创业十条政策问答", f'{b.paragraphs(2)}<p>附件：<a href="/uploads/2020/jycy.pdf">就业创业十条政策.pdf</a></p>', 30)
    b.resources["/uploads/2020/jycy.pdf"] = Resource(tiny_pdf("Ten measures on employment"), "application/pdf")
    if variant == 2:
        notice_doc = b.special(policy, "关于印发红岩市就业创业扶持办法的通知", policy_age + 5, b.paragraphs(2))
        add_interp("市人社局负责人就就业创业扶持办法答记者问", f'{b.paragraphs(2)}<p>相关文件：<a href="{notice_doc.path}">{notice_doc.title}</a></p>', 40)
    orphan1 = add_interp("关于我县城乡居民医疗保险缴费标准调整的解读", b.paragraphs(3), 25)
    orphan2 = add_interp("图解：2020年县政府工作报告", b.paragraphs(1) + '<p>更多解读请关注本栏目。</p>', 200)
    b.expected += [Expected("orphan_interpretation", orphan1.path), Expected("orphan_interpretation", orphan2.path)]
    if variant in (2, 3):
        orphan3 = add_interp("专家解读：稳就业保民生政策效应持续显现", b.paragraphs(2), 10)
        b.expected.append(Expected("orphan_interpretation", orphan3.path))
    # A news article that talks about an interpretation meeting is not an interpretation itself.
    b.special(work, "县司法局开展新修订法律法规宣讲活动", dyn_fresh_age + 3, "<p>会上，工作人员对新修订的条例进行了宣讲和说明。</p>")

    # Message board: list and detail pages.
    _message_board(b, variant)
    _field_board(b, variant)
    b.special(work, "我县上半年受理群众诉求情况通报", dyn_fresh_age + 6,
              "<p>今年上半年，我县通过网上留言、民情直通车等渠道共受理群众诉求326件，已办结318件，其余8件正在处理中。</p>"
              "<p>截至2020年6月30日，留言办结率97.5%，群众满意率98.2%。</p>")

    # Broken links: internal 404 pages, images and attachments; a 500; decoys that work (redirect, HEAD 405, retry,
    # 403 blocked, percent-encoded Chinese file names, fragments and javascript: links).
    broken = [f"/{work.code}/201912/t20191230_{90000 + variant}.html", f"/uploads/old/2019_{variant}.pdf",
              f"/images/2019/banner_old_{variant}.jpg"]
    b.resources["/images/dot.gif"] = Resource(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif")
    for image in ("jiucuo.png", "sydw.png"):
        b.resources[f"/images/{image}"] = Resource(b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image/png")
    b.resources["/images/banner.jpg"] = Resource(b"\xff\xd8\xff\xe0" + b"\0" * 64 + b"\xff\xd9", "image/jpeg")
    b.resources["/css/main.css"] = Resource(b"body{margin:0}", "text/css")
    b.resources["/server/error.jsp"] = Resource(b"<html><body>500 Internal Server Error</body></html>", status=500)
    b.resources["/go/old-zwfw"] = Resource(b"", status=301, behaviour="redirect", location="/zwgk/index.html")
    b.resources["/download.do?id=18"] = Resource(tiny_pdf("download"), "application/pdf", behaviour="head405")
    b.resources["/xxgk/flaky.html"] = Resource(b.page("flaky", "<p>ok</p>").encode(style.encoding), behaviour="flaky503")
    b.resources["/member/only.html"] = Resource(b"forbidden", status=403, behaviour="blocked403")
    b.resources["/uploads/附件1：申报表.pdf"] = Resource(tiny_pdf("form"), "application/pdf")
    links = (f'<p>相关链接：<a href="{broken[0]}">2019年工作总结</a> <a href="{broken[1]}">2019年预算公开表</a> '
             f'<img src="{broken[2]}" alt="旧横幅"> <a href="/server/error.jsp">在线查询</a> '
             f'<a href="/go/old-zwfw">政务服务（旧版）</a> <a href="/download.do?id=18">下载申报材料</a> '
             f'<a href="/xxgk/flaky.html">历史信息</a> <a href="/member/only.html">内部通讯录</a> '
             f'<a href="/uploads/%E9%99%84%E4%BB%B61%EF%BC%9A%E7%94%B3%E6%8A%A5%E8%A1%A8.pdf">附件1：申报表</a> '
             f'<a href="#top">返回顶部</a> <a href="javascript:void(0)">打印</a> <a href="mailto:ban@example.gov.cn">来信</a></p>')
    b.special(board, "关于做好2021年度项目申报工作的通知", 15, b.paragraphs(2) + links)
    b.expected += [Expected("broken_link", p) for p in broken + ["/server/error.jsp"]]
    if external_check:
        b.special(board, "相关网站链接汇总", 16,
                  f'<p><a href="{ext}/zwfw/index.html">市政务服务网</a> <a href="{ext}/old/gone.html">原市信息公开平台</a> '
                  f'<a href="{ext}/redirect">市数据开放平台</a></p>')
        b.expected.append(Expected("broken_link", "ext:/old/gone.html"))
        notes.append("external links checked against the loopback external server")

    # Homepage: search form, the newest items of the news columns, identification in the footer.
    _identification(b, variant, notes)
    if variant in (0, 3):
        b.search_form = ('<form action="/search/index.jsp" method="get" class="search"><input type="text" name="q" '
                         'placeholder="请输入关键词"><input type="submit" value="搜索"></form>')
    elif variant == 2:
        b.search_form = ('<form action="/was5/web/search" method="get"><input type="hidden" name="channelid" value="2246">'
                         '<input type="text" name="searchword"><button>站内搜索</button></form>')
    search: Literal["works", "finds_nothing"] | None = {0: "works", 2: "finds_nothing", 3: "works"}.get(variant)
    if search == "finds_nothing":  # no form at all is not observed: the search leaf goes to manual collection
        b.expected.append(Expected("search", "/"))
    b.headers = _security_headers(variant)
    b.expected.append(Expected("security_headers", "/", _security_value(variant)))

    if variant == 2:  # every list page shows the site's newest news on the right: not the column's own items
        b.sidebar = ('<div class="right-side"><h3>最新发布</h3>' + b.listing(work.items[:5]) + "</div>")
    b.render()
    home_columns = (work, town, photo, policy)
    home_items = [i for c in home_columns for i in c.items[:6]]
    blocks = "".join(
        f'<div class="index-block"><div class="index-tit"><h3>{c.name}</h3><a href="{c.path()}">更多&gt;&gt;</a></div>'
        f"{b.listing(c.items[:6])}</div>" for c in home_columns)
    updated = '<div class="update">更新时间：' + as_of.isoformat() + "</div>"
    b.put("/index.html", b.page("首页", updated + blocks, home=True))
    b.resources["/"] = b.resources["/index.html"]
    newest = max(i.date for i in home_items if i.date)
    if (as_of - newest).days > 14:
        b.expected.append(Expected("homepage_not_updated", "/"))
    b.expect_columns()
    for resource in b.resources.values():
        resource.headers.update(b.headers if resource.content_type.startswith("text/html") else {})
    return FixtureSite(style.name, as_of, b.resources, b.expected, external_check, search, notes)


def _message_board(b: Builder, variant: int) -> None:
    """A 网上留言 list and detail pages; the overdue ones (> 5 working days unanswered) go to the ground truth."""
    rng = b.rng
    as_of = b.as_of
    if as_of.month == 10:  # National Day week: holidays and make-up working days decide
        sent_dates = [dt.date(2020, 9, 29), dt.date(2020, 9, 25), dt.date(2020, 9, 30), dt.date(2020, 9, 10)]
        replied = [None, None, None, dt.date(2020, 9, 14)]
    else:
        sent_dates = [dt.date(2020, 11, 10), dt.date(2020, 11, 16), dt.date(2020, 10, 20), dt.date(2020, 9, 1),
                      dt.date(2020, 11, 13)]
        replied = [None, None, dt.date(2020, 10, 30), None, None if variant != 1 else dt.date(2020, 11, 18)]
    topics = ("小区路灯不亮", "学校门口交通拥堵", "农村道路破损", "噪音扰民", "低保申请进度", "自来水水压不足")
    rows = []
    for k, (sent, reply) in enumerate(zip(sent_dates, replied)):
        path = f"/hdjl/lyb/detail_{variant}{k:02d}.html"
        title = f"关于{topics[k]}的问题"
        status = "已回复" if reply else "未回复"
        if variant == 2:
            detail = (f'<table class="ly"><tr><th>留言标题</th><td>{title}</td></tr><tr><th>留言时间</th><td>{sent.isoformat()}</td></tr>'
                      f"<tr><th>留言内容</th><td>{''.join(rng.sample(SENTENCES[:6], 1))}</td></tr>"
                      f"<tr><th>办理状态</th><td>{status}</td></tr>"
                      + (f"<tr><th>回复时间</th><td>{reply.isoformat()}</td></tr><tr><th>回复内容</th><td>您好，已转相关部门处理。</td></tr>" if reply else "")
                      + "</table>")
        else:
            detail = (f'<div class="ly-detail"><h1>{title}</h1><p>留言人：网友 留言时间：{sent.isoformat()}</p>'
                      f"<p>留言内容：我反映的问题已经存在很久了，希望尽快解决。</p>"
                      + (f'<div class="reply"><p>回复单位：县住建局 回复时间：{reply.isoformat()}</p><p>回复内容：您好，已安排维修。</p></div>'
                         if reply else '<div class="reply"><p>回复内容：暂无回复</p></div>')
                      + "</div>")
        b.put(path, b.page(title, detail, crumbs=[("互动交流", ""), ("网上留言", "/hdjl/lyb/index.html")]))
        rows.append(f'<tr><td><a href="{path}">{title}</a></td><td>{sent.isoformat()}</td><td>{status}</td></tr>')
        if reply is None and working_days_after(sent, as_of) > 5:
            b.expected.append(Expected("overdue_message", path))
    b.put("/hdjl/lyb/index.html", b.page("网上留言", '<table class="lylist"><tr><th>标题</th><th>留言时间</th><th>状态</th></tr>'
                                          + "".join(rows) + "</table>", crumbs=[("互动交流", ""), ("网上留言", "")]))


FIELD_BOARD = "/col/col1230/index.html"


def _field_board(b: Builder, variant: int) -> None:
    """A 民情直通车 board at CMS URLs: nothing in its URLs, titles or breadcrumbs says 留言; its pages show labelled
    message fields. Beside it a FAQ about 办理状态 and a news article about the board are not message pages."""
    crumbs = [("互动交流", ""), ("民情直通车", FIELD_BOARD)]
    overdue = b.as_of - dt.timedelta(days=21)
    recent = b.as_of - dt.timedelta(days=2)
    answered = b.as_of - dt.timedelta(days=30)
    rows = []
    for k, (sent, topic, status) in enumerate(((overdue, "危房改造补助", "处理中"), (answered, "农村道路养护", "已办结"),
                                                (recent, "自来水管网改造", "处理中"))):
        path = f"/art/{sent.year}/{sent.month}/{sent.day}/art_{8800 + variant * 10 + k}.html"
        title = f"关于{topic}的问题"
        reply = (f"<tr><td>答复单位</td><td>{b.style.site_name[:3]}住建局</td></tr>"
                 f"<tr><td>答复时间</td><td>{(sent + dt.timedelta(days=2)).isoformat()}</td></tr>"
                 "<tr><td>答复内容</td><td>您好，已安排专人处理。</td></tr>") if status == "已办结" else \
            "<tr><td>答复单位</td><td></td></tr><tr><td>答复内容</td><td>暂无答复</td></tr>"
        b.put(path, b.page(title, f'<div class="detail"><h1>{title}</h1><table class="xx">'
                                  f"<tr><td>留言人</td><td>{b.rng.choice(SURNAMES)}**</td></tr>"
                                  f"<tr><td>留言时间</td><td>{sent.isoformat()} 10:{k}5:00</td></tr>"
                                  f"<tr><td>留言内容</td><td>{SENTENCES[k]}</td></tr>"
                                  f"<tr><td>办理状态</td><td>{status}</td></tr>{reply}</table></div>", crumbs=crumbs))
        rows.append(f'<tr><td><a href="{path}">{title}</a></td><td>{sent.isoformat()}</td><td>{status}</td></tr>')
        if status == "处理中" and working_days_after(sent, b.as_of) > 5:
            b.expected.append(Expected("overdue_message", path))
    faq = "/col/col1230/cjwt.html"
    b.put(FIELD_BOARD, b.page("民情直通车", '<table class="list"><tr><th>标题</th><th>来信时间</th><th>处理状态</th></tr>'
                                         + "".join(rows) + f'</table><p><a href="{faq}">常见问题解答</a></p>',
                                         crumbs=crumbs[:1] + [("民情直通车", "")]))
    b.put(faq, b.page("常见问题解答", "<h1>常见问题解答</h1><p>问：如何查询留言办理状态？</p>"
                                       "<p>答：显示“处理中”的信件正在办理，显示“已办结”的信件已经答复。答复时间：一般为5个工作日。</p>",
                      crumbs=crumbs))


def _identification(b: Builder, variant: int, notes: list[str]) -> None:
    """Footer identification, different per site; absent or malformed ones go to the ground truth."""
    name = b.style.site_name
    contact = "联系电话：0571-87012345"
    if variant == 0:  # all four, the usual footer with links
        b.footer_html = (f"<p>主办：{name}办公室 {contact} "
                         '<img src="/images/jiucuo.png" alt="网站标识码：3301000001"></p>'
                         '<p><a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备05012345号-1</a> '
                         '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010202000123">'
                         '<img src="/images/dot.gif">浙公网安备 33010202000123号</a></p>'
                         '<p><span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D4E5F">'
                         '<img src="/images/dot.gif" alt="党政机关"></a></span></p>')
    elif variant == 1:  # an old table footer: no site code, no PSB filing; the badge by script
        b.footer_html = ("<!-- 旧版：网站标识码：3301000002 浙公网安备 33010002000222号 -->"
                         f'<table width="1000"><tr><td>版权所有：{name} 技术支持：某某网络科技有限公司<br>'
                         f'地址：县府路8号 {contact} 浙ICP备09001234号</td>'
                         '<td><span id="_ideConac"></span><script type="text/javascript" '
                         'src="https://dcs.conac.cn/js/33/000/0000/60001234/CA330000000600012340001.js"></script></td></tr></table>')
        b.expected += [Expected("missing_site_code", "/"), Expected("missing_psb_filing", "/")]
    elif variant == 2:  # a malformed site code, no ICP, the blue 事业单位 badge, a 中国机构编制网 friend link
        b.footer_html = (f"<p>{name}主办 网站标识码：330100001 浙公网安备33020302000456号</p>"
                         '<p><a href="http://bszs.conac.cn/sitename?method=show&amp;id=09C5E784889E29BDE053012819ACE67A">'
                         '<img src="/images/sydw.png" alt="事业单位"></a></p>'
                         '<div class="yqlj">友情链接：<a href="http://www.conac.cn/">中国机构编制网</a> '
                         '<a href="http://www.gov.cn/">中国政府网</a></div>')
        b.expected += [Expected("missing_site_code", "/"), Expected("missing_icp", "/"), Expected("missing_gov_badge", "/")]
    else:  # no outside links at all (scanned with external links checked): texts without links, no badge
        b.footer_html = (f"<p>主办单位：{name} 网站标识码:3301060004 浙ICP备12345678号 浙公网安备 33010602001234号</p>"
                         '<!-- <span id="_ideConac"><img src="/images/dzjg.png" alt="党政机关"></span> -->')
        b.expected.append(Expected("missing_gov_badge", "/"))
        notes.append("no badge, identification as plain text")


def _security_headers(variant: int) -> dict[str, str]:
    return [
        {"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff",
         "X-Frame-Options": "SAMEORIGIN", "Strict-Transport-Security": "max-age=31536000"},
        {},
        {"Content-Security-Policy-Report-Only": "default-src 'self'", "X-Frame-Options": "ALLOW-FROM http://a.b",
         "X-Content-Type-Options": "nosniff"},
        {"Content-Security-Policy": "frame-ancestors 'self'", "X-Content-Type-Options": "nosniff"},
    ][variant]


def _security_value(variant: int) -> str:
    # HSTS never counts over http (browsers ignore it there), so 75 is the best a loopback http site can score.
    return ["75/100", "0/100", "25/100", "75/100"][variant]


def _docx(rows: list[tuple[str, ...]]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("公示名单")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(rng: random.Random) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "项目名称", "项目编号", "金额（万元）"])
    for k in range(1, 6):
        sheet.append([k, f"村道硬化工程{k}标段", f"QS2020{rng.randrange(10**12):012d}", 50 + k])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()



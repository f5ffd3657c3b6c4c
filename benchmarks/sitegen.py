"""A county government portal on disk, shaped like a real one, for the crawl benchmark (see benchmarks/README.md).

What a real county portal (县人民政府门户网站) looks like to a crawler, in the figures that decide a crawler's speed:
- pages of about 20 KB: the CMS meta tags (SiteName, SiteIDCode, ColumnName…), a top bar, a navigation bar of
  every column, a search box, breadcrumbs (当前位置), a side menu of the section's columns and of hot items, a
  body, 友情链接 to other government sites, and a footer with 主办单位, 网站标识码, ICP and 公安备案 numbers and
  the 党政机关 badge;
- about 68 links per page (frame, side menu, list items and pager, related articles);
- list pages of twenty items with a pager (首页 上一页 1 2 … 下一页 尾页), in ul, table and div markup;
- articles with body text, pictures now and then, and on about a third of them a small attachment: a real PDF with
  text (half of them) or a real XLSX written with openpyxl (the other half);
- one article in ten served in GBK;
- about 3.5 % of the distinct same-host link targets broken (404): old articles, pictures and attachments that were
  deleted, each linked from one to three articles, plus a few links to an "external" loopback host nobody listens on
  (out of scope for every tool: the benchmark runs `--external skip`, Scrapy's spider and wget stay on the host).
  Links to real government sites (www.gov.cn…) are written but never fetched by anything here.

Deterministic for a given seed and page count, so two runs crawl the same site. `build_site` writes the files and
returns a `SiteManifest` with the exact counts and the broken links every tool should find.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dgeval.demo.documents import tiny_pdf

SITE_NAME = "青山县人民政府"
AS_OF = dt.date(2020, 11, 20)
LIST_SIZE = 20
PAGER_WINDOW = 8
IMAGE_COUNT = 60
ATTACHMENT_SHARE = 1 / 3  # articles carrying an attachment
GBK_SHARE = 0.10  # articles served in GBK
BROKEN_SHARE = 0.035  # of the distinct same-host link targets
EXTERNAL_BROKEN = 5
ARTICLE_BYTES = (16_000, 24_000)  # an article page's size, drawn uniformly
LIST_SUMMARY_CHARS = 100

#: (directory, name, weight of the article share, section)
COLUMNS: tuple[tuple[str, str, int, int], ...] = (
    ("xwdt", "新闻动态", 20, 0),
    ("zwyw", "政务要闻", 14, 0),
    ("bmdt", "部门动态", 12, 0),
    ("xzdt", "乡镇动态", 12, 0),
    ("tzgg", "通知公告", 10, 1),
    ("zcwj", "政策文件", 8, 1),
    ("zcjd", "政策解读", 6, 1),
    ("rsxx", "人事信息", 4, 1),
    ("ghjh", "规划计划", 3, 2),
    ("tjxx", "统计信息", 4, 2),
    ("czxx", "财政信息", 4, 2),
    ("gsgg", "公示公告", 3, 2),
)
SECTIONS = ("新闻中心", "政务公开", "信息公开")
#: Static pages linked from every page's top bar and footer.
STATIC_PAGES: tuple[tuple[str, str], ...] = (
    ("/zjqs/xqgk.html", "县情概况"), ("/zjqs/ldzc.html", "领导之窗"), ("/zjqs/jgzn.html", "机构职能"),
    ("/zwfw/index.html", "政务服务"), ("/hdjl/index.html", "互动交流"), ("/wzdt.html", "网站地图"),
    ("/lxwm.html", "联系我们"), ("/gywm.html", "关于我们"), ("/yssm.html", "隐私声明"), ("/syb.html", "使用帮助"),
)
#: 友情链接: real government sites, written as links, never fetched (every tool here stays on the host).
FRIEND_LINKS: tuple[tuple[str, str], ...] = (
    ("http://www.gov.cn/", "中国政府网"), ("http://www.zj.gov.cn/", "浙江省人民政府"),
    ("http://www.hangzhou.gov.cn/", "杭州市人民政府"), ("http://www.zjzwfw.gov.cn/", "浙江政务服务网"),
    ("http://www.court.gov.cn/", "最高人民法院"), ("http://www.spp.gov.cn/", "最高人民检察院"),
)

_SUBJECTS = (
    "县委常委会", "县政府常务会议", "县人大常委会", "县政协", "县发展和改革局", "县财政局", "县教育局", "县卫生健康局",
    "县自然资源局", "县生态环境局", "县住房和城乡建设局", "县交通运输局", "县农业农村局", "县水利局", "县商务局",
    "县文化和旅游局", "县应急管理局", "县市场监督管理局", "县医疗保障局", "县行政审批服务局", "城关镇", "青石镇",
    "白水乡", "红岩镇", "东湖街道", "县政务服务中心", "县税务局", "县公安局", "县人力资源和社会保障局", "县统计局",
)
_ACTIONS = (
    "召开专题会议部署", "深入推进", "扎实开展", "全面落实", "组织召开", "专题研究", "督导检查", "启动实施", "持续推进",
    "集中开展", "安排部署", "调研指导",
)
_TOPICS = (
    "安全生产大检查工作", "优化营商环境改革", "乡村振兴重点工作", "疫情防控常态化工作", "秋冬季森林防火工作",
    "民生实事项目建设", "农村人居环境整治", "政务公开标准化规范化建设", "“放管服”改革", "河长制湖长制工作",
    "扫黑除恶专项斗争", "脱贫攻坚成果巩固", "高标准农田建设", "城乡居民医疗保险参保工作", "防汛抗旱工作",
    "重点项目建设", "文明城市创建工作", "冬季供暖保障工作", "粮食安全生产工作", "营商环境评价迎检工作",
    "第七次全国人口普查工作", "生态环境保护督察整改", "招商引资项目推进", "教育均衡发展工作",
)
_SENTENCES = (
    "会议强调，要坚持以人民为中心的发展思想，把保障和改善民生作为工作的出发点和落脚点。",
    "各乡镇、各部门要进一步提高政治站位，切实增强责任感和紧迫感，确保各项任务落到实处。",
    "要坚持问题导向，聚焦群众反映强烈的突出问题，逐项建立台账，明确责任单位和完成时限。",
    "会议听取了相关部门关于前一阶段工作进展情况的汇报，并对下一步工作作出具体安排。",
    "要加强统筹协调，形成工作合力，建立健全长效机制，推动工作常态化、制度化、规范化。",
    "今年以来，全县上下认真贯彻落实党中央、国务院决策部署，经济社会发展保持稳中向好态势。",
    "截至目前，已累计完成投资十二点六亿元，占年度计划的百分之八十七，项目建设总体进展顺利。",
    "要严格落实属地管理责任、部门监管责任和企业主体责任，坚决遏制各类事故发生。",
    "要进一步优化办事流程，压缩办理时限，推行“一网通办”和“最多跑一次”，让企业和群众少跑腿。",
    "检查组一行先后深入企业车间、施工现场和村（社区），实地查看了工作开展情况。",
    "要加大宣传力度，充分利用政府网站、政务新媒体等渠道，营造全社会共同参与的良好氛围。",
    "各责任单位要按照职责分工，细化工作措施，确保按时保质完成各项目标任务。",
    "与会人员围绕主题进行了深入交流讨论，大家一致表示将以更加务实的作风推动工作落实。",
    "下一步，我县将继续坚持稳中求进工作总基调，统筹推进疫情防控和经济社会发展各项工作。",
    "要强化督查考核，对工作推进不力、落实不到位的单位和个人严肃追责问责。",
    "县政务服务中心设立综合受理窗口，实行“前台综合受理、后台分类审批、统一窗口出件”。",
    "全县共排查各类隐患四百二十三处，已完成整改三百九十八处，其余隐患正在限期整改中。",
    "活动期间，共发放宣传资料一万余份，接受群众现场咨询八百余人次，取得了良好的社会效果。",
    "要加强基层组织建设，充分发挥基层党组织战斗堡垒作用和党员先锋模范作用。",
    "该项目总投资约三点五亿元，建成后将有效改善周边群众的出行条件和生活环境。",
    "会议要求，要认真梳理存在的短板弱项，举一反三，建立整改清单，实行销号管理。",
    "要坚持依法行政，严格规范公正文明执法，不断提升政府治理体系和治理能力现代化水平。",
    "本次培训采取集中授课与现场教学相结合的方式，参训人员纷纷表示收获很大。",
    "今年全县城乡居民人均可支配收入预计增长百分之七点二，高于全市平均水平。",
)
_CURRENT = ' class="cur"'
_ANALYTICS = (  # what a CMS's visit counter looks like inline; no URL in it is fetched by anything
    "<script type=\"text/javascript\">var _hmt=_hmt||[];(function(){var hm=document.createElement(\"script\");"
    "hm.src=\"/js/stat.js?v=20201120\";var s=document.getElementsByTagName(\"script\")[0];"
    "s.parentNode.insertBefore(hm,s);})();</script>"
)


@dataclass(slots=True)
class SiteManifest:
    """What was written: counts and the broken links the tools are expected to find (absolute paths, no host)."""

    pages: int
    articles: int
    list_pages: int
    gbk_pages: int
    images: int
    attachments: int
    bytes: int
    links_per_page: float  # mean over the HTML pages, every href/src counted
    broken: list[str] = field(default_factory=list)  # same-host targets that answer 404
    external_broken: list[str] = field(default_factory=list)  # loopback host nobody listens on: never checked

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass(slots=True)
class _Article:
    column: int
    date: dt.date
    number: int
    title: str
    summary: str
    gbk: bool = False
    attachment: str | None = None

    @property
    def path(self) -> str:
        return f"/col/{COLUMNS[self.column][0]}/{self.date:%Y%m}/t{self.date:%Y%m%d}_{self.number}.html"


def _plan_articles(pages: int) -> tuple[list[int], int]:
    """Per-column article counts and the number of filler pages so that home + static + fillers + lists + articles
    == `pages`."""
    weights = [w for _, _, w, _ in COLUMNS]
    total_weight = sum(weights)
    for articles in range(max(0, pages - 3), 0, -1):
        split = [articles * w // total_weight for w in weights]
        split[0] += articles - sum(split)
        lists = sum(max(1, math.ceil(n / LIST_SIZE)) for n in split)
        fillers = pages - 1 - len(STATIC_PAGES) - lists - articles
        if fillers >= 0:
            return split, fillers
    raise ValueError(f"cannot build a site of {pages} pages (at least {len(COLUMNS) + len(STATIC_PAGES) + 2} needed)")


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 7))) for _ in range(count)]


def _head(title: str, charset: str, column: str = "", extra_meta: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{title}_{SITE_NAME}</title>\n"
        f'<meta name="SiteName" content="{SITE_NAME}">\n<meta name="SiteDomain" content="www.qingshan.gov.cn">\n'
        '<meta name="SiteIDCode" content="3301000001">\n'
        f'<meta name="ColumnName" content="{column or "首页"}">\n<meta name="ColumnType" content="{column or "首页"}">\n'
        f"{extra_meta}"
        f'<meta name="Keywords" content="{SITE_NAME},{column or "首页"},青山县">\n'
        '<link rel="stylesheet" type="text/css" href="/css/base.css">\n'
        '<link rel="stylesheet" type="text/css" href="/css/style.css">\n'
        '<script type="text/javascript" src="/js/jquery.min.js"></script>\n'
        '<script type="text/javascript" src="/js/common.js"></script>\n</head>\n<body>\n'
    )


def _header(active: int | None) -> str:
    items = ['<li class="nav-home"><a href="/index.html">首页</a></li>']
    for i, (code, name, _, _) in enumerate(COLUMNS):
        cls = ' class="on"' if i == active else ""
        items.append(f'<li{cls}><a href="/col/{code}/index.html" title="{name}">{name}</a></li>')
    items.append('<li><a href="/zwfw/index.html">政务服务</a></li><li><a href="/hdjl/index.html">互动交流</a></li>')
    return (
        '<div class="topbar"><div class="w1200"><span class="date" id="today"></span>'
        '<span class="top-r"><a href="javascript:void(0)" onclick="setHome(this)">设为首页</a> | '
        '<a href="/wzdt.html">网站地图</a> | '
        '<a href="/lxwm.html">联系我们</a></span></div></div>\n'
        '<div class="header"><div class="w1200"><a class="logo" href="/index.html">'
        f'<img src="/images/logo.png" alt="{SITE_NAME}" width="520" height="90"></a>'
        '<div class="search"><form action="/search/" method="get" target="_blank" name="searchform">'
        '<input type="hidden" name="siteCode" value="3301000001"><input type="text" name="q" class="s-input" '
        'placeholder="请输入关键字" autocomplete="off"><input type="submit" value="搜索" class="s-btn"></form>'
        '<div class="hotword">热词：<span>营商环境</span> <span>乡村振兴</span> <span>社保</span></div></div></div></div>\n'
        f'<div class="nav"><div class="w1200"><ul class="clearfix">{"".join(items)}</ul></div></div>\n'
    )


def _breadcrumb(*crumbs: tuple[str, str] | str) -> str:
    parts = ['<a href="/index.html">首页</a>']
    for crumb in crumbs:
        parts.append(crumb if isinstance(crumb, str) else f'<a href="{crumb[0]}">{crumb[1]}</a>')
    return f'<div class="position"><span>当前位置：</span>{" &gt; ".join(parts)}</div>'


def _side(active: int | None, hot: list[_Article]) -> str:
    section = COLUMNS[active][3] if active is not None else 0
    menu = "".join(
        f'<li{_CURRENT if i == active else ""}><a href="/col/{code}/index.html">{name}</a></li>'
        for i, (code, name, _, s) in enumerate(COLUMNS) if s == section
    )
    hot_items = "".join(f'<li><a href="{a.path}" title="{a.title}">{a.title[:18]}</a></li>' for a in hot)
    return (
        f'<div class="side"><div class="side-tit"><h3>{SECTIONS[section]}</h3></div><ul class="side-menu">{menu}</ul>'
        f'<div class="side-tit"><h3>热点关注</h3></div><ul class="side-list">{hot_items}</ul>'
        '<div class="side-ad"><a href="/zwfw/index.html"><img src="/images/zwfw.png" alt="政务服务"></a>'
        '<a href="/hdjl/index.html"><img src="/images/xjxx.png" alt="县长信箱"></a></div></div>'
    )


def _footer() -> str:
    friends = "".join(f'<li><a href="{url}" target="_blank">{name}</a></li>' for url, name in FRIEND_LINKS)
    return (
        f'<div class="links"><div class="w1200"><h4>友情链接</h4><ul class="clearfix">{friends}</ul></div></div>\n'
        '<div class="footer"><div class="w1200">'
        '<p class="f-nav"><a href="/gywm.html">关于我们</a> | <a href="/wzdt.html">网站地图</a> | '
        '<a href="/lxwm.html">联系我们</a> | <a href="/yssm.html">隐私声明</a></p>'
        f"<p>主办：{SITE_NAME}办公室　承办：青山县大数据发展中心　地址：青山县人民路1号　邮编：330100</p>"
        "<p>联系电话：0571-87012345　网站标识码：3301000001　"
        '<a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备05012345号-1</a>　'
        '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010002000123" target="_blank">'
        '<img src="/images/gaba.png" alt="">浙公网安备 33010002000123号</a></p>'
        '<p class="badge"><a href="http://bszs.conac.cn/sitename?method=show&amp;id=1234ABCD" target="_blank">'
        '<img src="/images/dzjg.png" alt="党政机关"></a> '
        '<a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?site_code=3301000001" target="_blank">'
        '<img src="/images/jiucuo.png" alt="政府网站找错"></a></p>'
        f"<p>Copyright &copy; 2003-2020 {SITE_NAME} 版权所有</p></div></div>\n"
        f"{_ANALYTICS}\n</body>\n</html>\n"
    )


def _date_text(date: dt.date, style: int) -> str:
    if style == 0:
        return date.isoformat()
    if style == 1:
        return f"{date.year}年{date.month}月{date.day}日"
    if style == 2:
        return f"{date:%Y/%m/%d}"
    return f"[{date:%m-%d}]"


class _Writer:
    """Writes pages under the site root and keeps the totals the manifest reports."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bytes = 0
        self.pages = 0
        self.links = 0

    def write(self, path: str, html: str, charset: str = "utf-8") -> None:
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("gbk" if charset == "gbk" else "utf-8")
        target.write_bytes(data)
        self.bytes += len(data)
        self.pages += 1
        self.links += html.count(' href="') + html.count(' src="')


def build_site(root: Path, pages: int = 10_000, seed: int = 2020, dead_port: int = 9) -> SiteManifest:
    """Write the site under `root` (which must exist) and return its manifest. `dead_port`: the external host's port."""
    rng = random.Random(seed)
    split, filler_count = _plan_articles(pages)
    bank = _paragraphs(rng, 400)

    # Articles, newest first within each column, spread over the last three years (some columns fall stale).
    articles: list[_Article] = []
    by_column: list[list[_Article]] = []
    number = 100_000
    for column, count in enumerate(split):
        span_days = 60 if column < 4 else 1000
        newest = AS_OF - dt.timedelta(days=rng.randint(0, 5) if column < 6 else rng.randint(30, 500))
        entries = []
        for k in range(count):
            date = newest - dt.timedelta(days=int(k * span_days / max(1, count)) + rng.randint(0, 1))
            number += 1
            title = f"{rng.choice(_SUBJECTS)}{rng.choice(_ACTIONS)}{rng.choice(_TOPICS)}"
            summary = rng.choice(bank)[:LIST_SUMMARY_CHARS]
            entries.append(_Article(column, date, number, title, summary, gbk=rng.random() < GBK_SHARE))
        by_column.append(entries)
        articles.extend(entries)

    # Attachments: real small files, alternately PDF and XLSX.
    carriers = rng.sample(articles, max(1, round(len(articles) * ATTACHMENT_SHARE)))
    for i, article in enumerate(carriers):
        ext = (".pdf", ".xlsx")[i % 2]
        name = f"/attach/{article.date:%Y%m}/P{article.number}{ext}"
        article.attachment = name
        _write_attachment(root / name.lstrip("/"), ext, article, i)

    # Planted broken links: ~BROKEN_SHARE of the distinct same-host targets (pages, attachments, pictures), each
    # linked from one to three articles; a few more to a loopback host nobody listens on.
    targets = pages + len(carriers) + IMAGE_COUNT + 12
    broken_count = max(3, round(targets * BROKEN_SHARE / (1 - BROKEN_SHARE)))
    broken_pages = [f"/col/{COLUMNS[i % len(COLUMNS)][0]}/201912/t20191231_{900_000 + i}.html"
                    for i in range(broken_count * 7 // 10)]
    broken_images = [f"/images/upload/2019/pic_{i:04d}.jpg" for i in range(broken_count * 15 // 100)]
    broken_attachments = [f"/attach/old/2018_{i:04d}.pdf"
                          for i in range(broken_count - len(broken_pages) - len(broken_images))]
    external = [f"http://127.0.0.2:{dead_port}/zwgk/{i}.html" for i in range(EXTERNAL_BROKEN)]
    plants: dict[int, list[tuple[str, str]]] = {}
    for target, kind in ([(t, "a") for t in broken_pages] + [(t, "img") for t in broken_images]
                         + [(t, "att") for t in broken_attachments] + [(t, "a") for t in external]):
        for article in rng.sample(articles, rng.randint(1, 3)):
            plants.setdefault(article.number, []).append((target, kind))

    out = _Writer(root)
    _write_assets(root)
    hot = articles[:4]

    # Homepage: the navigation, each column's six newest items (dates in the column's style), the footer.
    blocks = []
    for i, (code, name, _, _) in enumerate(COLUMNS):
        rows = "".join(
            f'<li><a href="{a.path}" title="{a.title}" target="_blank">{a.title}</a><span>{_date_text(a.date, 0)}</span></li>'
            for a in by_column[i][:6]
        )
        blocks.append(
            f'<div class="box"><div class="box-tit"><h3>{name}</h3><a class="more" href="/col/{code}/index.html">更多&gt;&gt;</a>'
            f"</div><ul>{rows}</ul></div>"
        )
    home = (_head("首页", "utf-8") + _header(None) + '<div class="main w1200">' + "".join(blocks)
            + '<div class="links"><a href="/col/xwdt/202001/t20200101_999999.html">县情概况（旧版）</a></div></div>'
            + _footer())
    out.write("/index.html", home)
    broken_pages.append("/col/xwdt/202001/t20200101_999999.html")  # the homepage's own broken link

    # Static pages (linked from every page) and fillers listed on 机构职能 that make the page count exact.
    fillers = [f"/zjqs/jgzn/{k}.html" for k in range(filler_count)]
    filler_links = "".join(f'<li><a href="{path}">内设机构（{k + 1}）</a></li>' for k, path in enumerate(fillers))
    for k, path in enumerate(fillers):
        title = f"内设机构（{k + 1}）"
        out.write(path, _head(title, "utf-8", "机构职能") + _header(None) + '<div class="main w1200">'
                  + _breadcrumb(("/zjqs/jgzn.html", "机构职能"), title) + _side(None, hot)
                  + f'<div class="content"><h1>{title}</h1>' + "".join(f"<p>{p}</p>" for p in bank[k % 300:k % 300 + 8])
                  + "</div></div>" + _footer())
    for path, title in STATIC_PAGES:
        body = "".join(f"<p>{p}</p>" for p in bank[:8])
        if path == "/zjqs/jgzn.html":
            body += f"<ul>{filler_links}</ul>"
        elif path == "/lxwm.html":
            body = ("<table><tr><th>部门</th><th>办公电话</th></tr><tr><td>县政府办公室</td><td>0571-87012345</td></tr>"
                    "<tr><td>县政务服务中心</td><td>0571-87016789</td></tr></table>")
        out.write(path, _head(title, "utf-8", title) + _header(None) + '<div class="main w1200">'
                  + _breadcrumb(title) + _side(None, hot) + f'<div class="content"><h1>{title}</h1>{body}</div></div>'
                  + _footer())

    # Column list pages, LIST_SIZE items each with a summary line, and a pager.
    list_pages = 0
    for i, (code, name, _, section) in enumerate(COLUMNS):
        entries = by_column[i]
        count = max(1, math.ceil(len(entries) / LIST_SIZE))
        style = i % 4
        for p in range(count):
            chunk = entries[p * LIST_SIZE : (p + 1) * LIST_SIZE]
            if i % 3 == 0:
                rows = "".join(f'<li><a href="{a.path}" target="_blank" title="{a.title}">{a.title}</a><span class="date">'
                               f'{_date_text(a.date, style)}</span><p class="zy">{a.summary}……</p></li>' for a in chunk)
                listing = f'<ul class="list">{rows}</ul>'
            elif i % 3 == 1:
                rows = "".join(f'<tr><td class="t"><a href="{a.path}" title="{a.title}">{a.title}</a>'
                               f'<p class="zy">{a.summary}……</p></td><td class="d">{_date_text(a.date, style)}</td></tr>'
                               for a in chunk)
                listing = f'<table class="list" width="100%" cellspacing="0" cellpadding="0">{rows}</table>'
            else:
                rows = "".join(f'<div class="item"><a href="{a.path}" title="{a.title}">{a.title}</a>'
                               f'<i>{_date_text(a.date, style)}</i><p class="zy">{a.summary}……</p></div>' for a in chunk)
                listing = f'<div class="list">{rows}</div>'
            out.write(_list_path(code, p), _head(name, "utf-8", name) + _header(i) + '<div class="main w1200">'
                      + _breadcrumb(SECTIONS[section], (f"/col/{code}/index.html", name)) + _side(i, hot)
                      + f'<div class="content"><div class="con-tit"><h2>{name}</h2></div>{listing}'
                      + f"{_pager(code, p, count)}</div></div>" + _footer())
            list_pages += 1

    positions = {a.number: k for entries in by_column for k, a in enumerate(entries)}
    gbk_pages = 0
    # Articles: breadcrumb, title, meta line, body paragraphs up to the page size, pictures, attachment, related.
    for article in articles:
        code, name, _, section = COLUMNS[article.column]
        images = "".join(f'<p style="text-align:center"><img src="/images/photo_{rng.randrange(IMAGE_COUNT):02d}.jpg" '
                         f'alt="{article.title}" width="600"></p>' for _ in range(rng.choice((0, 0, 1, 1, 2))))
        extra = []
        for target, kind in plants.get(article.number, []):
            if kind == "img":
                extra.append(f'<p style="text-align:center"><img src="{target}" alt="现场图片"></p>')
            elif kind == "att":
                extra.append(f'<p>附件：<a href="{target}">相关材料.pdf</a></p>')
            else:
                extra.append(f'<p>相关链接：<a href="{target}">详见原文</a></p>')
        attachment = ""
        if article.attachment:
            label = f"{article.title}.{article.attachment.rsplit('.', 1)[1]}"
            attachment = f'<div class="fj"><p>附件：</p><p><a href="{article.attachment}" target="_blank">{label}</a></p></div>'
        siblings = by_column[article.column]
        position = positions[article.number]
        related = "".join(f'<li><a href="{a.path}" title="{a.title}">{a.title}</a><span>{a.date.isoformat()}</span></li>'
                          for a in rng.sample(siblings, min(4, len(siblings))))
        prev_next = []
        if position > 0:
            prev_next.append(f'<p>上一篇：<a href="{siblings[position - 1].path}">{siblings[position - 1].title}</a></p>')
        if position + 1 < len(siblings):
            prev_next.append(f'<p>下一篇：<a href="{siblings[position + 1].path}">{siblings[position + 1].title}</a></p>')
        charset = "gbk" if article.gbk else "utf-8"
        meta = (f'<meta name="ArticleTitle" content="{article.title}">\n'
                f'<meta name="PubDate" content="{article.date.isoformat()} 09:{rng.randint(0, 59):02d}">\n'
                f'<meta name="ContentSource" content="{rng.choice(_SUBJECTS)}">\n')
        before = (_head(article.title, charset, name, meta) + _header(article.column) + '<div class="main w1200">'
                  + _breadcrumb(SECTIONS[section], (f"/col/{code}/index.html", name), "正文") + _side(article.column, hot)
                  + f'<div class="content"><div class="article"><h1>{article.title}</h1>'
                  + f'<div class="info"><span>发布时间：{article.date.isoformat()}</span><span>来源：'
                  + f'{rng.choice(_SUBJECTS)}</span><span>浏览次数：<em id="hits">{rng.randint(10, 5000)}</em></span>'
                  + '<span>字号：[<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> '
                  + '<a href="javascript:doZoom(12)">小</a>]</span></div><div class="TRS_Editor">')
        after = (images + attachment + "".join(extra) + "</div>" + "".join(prev_next)
                 + '<div class="share"><a href="javascript:window.print()">【打印本页】</a> '
                 + '<a href="javascript:window.close()">【关闭窗口】</a></div></div>'
                 + f'<div class="related"><h3>相关文章</h3><ul>{related}</ul></div></div></div>' + _footer())
        budget = rng.randint(*ARTICLE_BYTES) - len((before + after).encode("utf-8"))
        paragraphs = []
        while budget > 0:
            paragraph = rng.choice(bank)
            paragraphs.append(f'<p style="text-indent:2em">{paragraph}</p>')
            budget -= len(paragraphs[-1].encode("utf-8"))
        out.write(article.path, before + "".join(paragraphs) + after, charset)
        gbk_pages += article.gbk

    return SiteManifest(
        pages=out.pages, articles=len(articles), list_pages=list_pages, gbk_pages=gbk_pages,
        images=IMAGE_COUNT + 6, attachments=len(carriers), bytes=out.bytes, links_per_page=out.links / out.pages,
        broken=sorted(broken_pages + broken_images + broken_attachments), external_broken=external,
    )


def _list_path(code: str, page: int) -> str:
    return f"/col/{code}/index.html" if page == 0 else f"/col/{code}/index_{page}.html"


def _pager(code: str, page: int, count: int) -> str:
    if count <= 1:
        return '<div class="page">共1页</div>'
    parts = [f'<a href="{_list_path(code, 0)}">首页</a>']
    if page > 0:
        parts.append(f'<a href="{_list_path(code, page - 1)}">上一页</a>')
    start = max(0, page - PAGER_WINDOW // 2)
    for p in range(start, min(count, start + PAGER_WINDOW)):
        parts.append(f'<span class="cur">{p + 1}</span>' if p == page else f'<a href="{_list_path(code, p)}">{p + 1}</a>')
    if page + 1 < count:
        parts.append(f'<a href="{_list_path(code, page + 1)}">下一页</a>')
    parts.append(f'<a href="{_list_path(code, count - 1)}">尾页</a>')
    return f'<div class="page">{" ".join(parts)} <span>共{count}页</span></div>'


def _write_assets(root: Path) -> None:
    images = root / "images"
    images.mkdir(parents=True, exist_ok=True)
    for i in range(IMAGE_COUNT):
        (images / f"photo_{i:02d}.jpg").write_bytes(_tiny_jpeg(i))
    for name in ("logo.png", "dzjg.png", "gaba.png", "jiucuo.png", "zwfw.png", "xjxx.png"):
        (images / name).write_bytes(_TINY_PNG)
    (root / "css").mkdir(exist_ok=True)
    (root / "css" / "base.css").write_text("*{margin:0;padding:0}ul{list-style:none}.clearfix:after{clear:both}\n")
    (root / "css" / "style.css").write_text("body{font-family:SimSun,serif}.nav li{display:inline}.w1200{width:1200px}\n")
    (root / "js").mkdir(exist_ok=True)
    (root / "js" / "jquery.min.js").write_text("/* jQuery stand-in */window.jQuery=function(){};\n")
    (root / "js" / "common.js").write_text("function setHome(){return false}function doZoom(){}\n")
    (root / "js" / "stat.js").write_text("/* visit counter */\n")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n")


def _write_attachment(path: Path, ext: str, article: _Article, index: int) -> None:
    """A real attachment: a PDF whose page shows text, or a workbook of a budget table written by openpyxl."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if ext == ".pdf":
        path.write_bytes(tiny_pdf(f"Qingshan County notice {article.number} of {article.date.isoformat()}"))
        return
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(article.title[:20])
    sheet.append([article.title])
    sheet.append(["序号", "项目名称", "责任单位", "金额（万元）", "完成时限"])
    for i in range(1, 13 + index % 8):
        sheet.append([i, f"{_TOPICS[(index + i) % len(_TOPICS)]}项目", _SUBJECTS[(index * 7 + i) % len(_SUBJECTS)],
                      round(100 + (index * 37 + i * 11) % 900 + 0.5, 1), f"2020年{1 + (i % 12)}月"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


# A 1×1 PNG; JPEG-named photos are small distinct byte strings (servers and crawlers never decode them).
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _tiny_jpeg(i: int) -> bytes:
    return b"\xff\xd8\xff\xe0" + bytes([i % 256]) * 2048 + b"\xff\xd9"

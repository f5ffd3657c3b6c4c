"""A 10,000-page local government site on disk, for the crawl benchmark (issue 4 §8; see benchmarks/README.md).

The site looks like a county portal: a homepage with a navigation bar and dated lists, twelve columns (栏目) with
paginated lists, articles of 10–30 KB of Chinese text with a sidebar, related links, images and now and then an
attachment, one article in ten in GBK, and a known set of planted broken links: internal 404 pages, images and
attachments, and a few links to an "external" loopback host nobody listens on (out of scope for every tool: the
benchmark runs `--external skip`, Scrapy's spider and wget stay on the host).

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
PAGER_WINDOW = 10
IMAGE_COUNT = 40
ATTACHMENT_SHARE = 0.05  # articles carrying an attachment
GBK_SHARE = 0.10  # articles served in GBK
BROKEN_PAGES = 30
BROKEN_IMAGES = 10
BROKEN_ATTACHMENTS = 5
EXTERNAL_BROKEN = 5

COLUMNS: tuple[tuple[str, str, int], ...] = (
    # (directory, name, weight of the article share)
    ("xwdt", "新闻动态", 20),
    ("zwyw", "政务要闻", 14),
    ("bmdt", "部门动态", 12),
    ("xzdt", "乡镇动态", 12),
    ("tzgg", "通知公告", 10),
    ("zcwj", "政策文件", 8),
    ("zcjd", "政策解读", 6),
    ("rsxx", "人事信息", 4),
    ("ghjh", "规划计划", 3),
    ("tjxx", "统计信息", 4),
    ("czxx", "财政信息", 4),
    ("gsgg", "公示公告", 3),
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
_FOOTER = (
    f"<p>主办：{SITE_NAME}办公室 承办：青山县大数据中心 地址：青山县人民路1号 邮编：330100</p>"
    "<p>联系电话：0571-87012345 网站标识码：3301000001 <a href=\"https://beian.miit.gov.cn/\">浙ICP备05012345号-1</a> "
    "<a href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010002000123\">浙公网安备 33010002000123号</a></p>"
    "<p><a href=\"http://bszs.conac.cn/sitename?method=show&amp;id=1234ABCD\"><img src=\"/images/dzjg.png\" alt=\"党政机关\"></a> "
    "Copyright &copy; 2003-2020 青山县人民政府 版权所有</p>"
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
    gbk: bool = False
    attachment: str | None = None

    @property
    def path(self) -> str:
        return f"/col/{COLUMNS[self.column][0]}/{self.date:%Y%m}/t{self.date:%Y%m%d}_{self.number}.html"


def _plan_articles(pages: int) -> tuple[list[int], int]:
    """Per-column article counts and the number of static pages so that home + static + lists + articles == `pages`."""
    weights = [w for _, _, w in COLUMNS]
    total_weight = sum(weights)
    for articles in range(max(0, pages - 3), 0, -1):
        split = [articles * w // total_weight for w in weights]
        split[0] += articles - sum(split)
        lists = sum(max(1, math.ceil(n / LIST_SIZE)) for n in split)
        static = pages - 1 - lists - articles
        if static >= 2:
            return split, static
    raise ValueError(f"cannot build a site of {pages} pages (at least {len(COLUMNS) + 4} needed)")


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 7))) for _ in range(count)]


def _head(title: str, charset: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="{charset}">'
        f"<title>{title}_{SITE_NAME}</title>"
        '<meta name="SiteName" content="青山县人民政府"><meta name="SiteDomain" content="www.qingshan.gov.cn">'
        '<meta name="SiteIDCode" content="3301000001">'
        '<link rel="stylesheet" href="/css/style.css"><script src="/js/common.js"></script></head>\n<body>\n'
    )


def _header(active: int | None) -> str:
    items = ['<li><a href="/index.html">首页</a></li>']
    for i, (code, name, _) in enumerate(COLUMNS):
        cls = ' class="on"' if i == active else ""
        items.append(f'<li{cls}><a href="/col/{code}/index.html">{name}</a></li>')
    items.append('<li><a href="/about.html">机构概况</a></li><li><a href="/contact.html">联系我们</a></li>')
    return (
        '<div class="top"><div class="logo"><img src="/images/logo.png" alt="青山县人民政府"></div>'
        '<div class="top-links"><a href="/index.html">设为首页</a> | <a href="/contact.html">联系我们</a></div></div>\n'
        f'<div class="nav"><ul>{"".join(items)}</ul></div>\n'
    )


def _footer() -> str:
    return f'<div class="footer">{_FOOTER}</div>\n</body></html>\n'


def _date_text(date: dt.date, style: int) -> str:
    if style == 0:
        return date.isoformat()
    if style == 1:
        return f"{date.year}年{date.month}月{date.day}日"
    if style == 2:
        return f"{date:%Y/%m/%d}"
    return f"[{date:%m-%d}]"


def build_site(root: Path, pages: int = 10_000, seed: int = 2020, dead_port: int = 9) -> SiteManifest:
    """Write the site under `root` (which must exist) and return its manifest. `dead_port`: the external host's port."""
    rng = random.Random(seed)
    split, static = _plan_articles(pages)
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
            entries.append(_Article(column, date, number, title, gbk=rng.random() < GBK_SHARE))
        by_column.append(entries)
        articles.extend(entries)

    # Attachments: real small files of the types the monitor extracts.
    attach_dir = root / "attach"
    attach_dir.mkdir(parents=True, exist_ok=True)
    carriers = rng.sample(articles, max(1, int(len(articles) * ATTACHMENT_SHARE)))
    for i, article in enumerate(carriers):
        ext = (".txt", ".docx", ".pdf", ".xlsx")[i % 4]
        name = f"/attach/{article.date:%Y%m}_{article.number}{ext}"
        article.attachment = name
        _write_attachment(root / name.lstrip("/"), ext, article.title, bank[i % len(bank)])

    # Planted broken links: targets nobody serves, each linked from one to three articles (never the same twice).
    broken_pages = [f"/col/{COLUMNS[i % len(COLUMNS)][0]}/201912/t20191231_{900_000 + i}.html" for i in range(BROKEN_PAGES)]
    broken_images = [f"/images/upload/2019/pic_{i:03d}.jpg" for i in range(BROKEN_IMAGES)]
    broken_attachments = [f"/attach/old/2018_{i:03d}.pdf" for i in range(BROKEN_ATTACHMENTS)]
    external = [f"http://127.0.0.2:{dead_port}/zwgk/{i}.html" for i in range(EXTERNAL_BROKEN)]
    plants: dict[int, list[tuple[str, str]]] = {}
    for target, kind in ([(t, "a") for t in broken_pages] + [(t, "img") for t in broken_images]
                         + [(t, "att") for t in broken_attachments] + [(t, "a") for t in external]):
        for article in rng.sample(articles, rng.randint(1, 3)):
            plants.setdefault(article.number, []).append((target, kind))

    written = 0
    gbk_pages = 0

    def write(path: str, html: str, charset: str = "utf-8") -> None:
        nonlocal written
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("gbk" if charset == "gbk" else "utf-8")
        target.write_bytes(data)
        written += len(data)

    # Static assets.
    (root / "images").mkdir(exist_ok=True)
    for i in range(IMAGE_COUNT):
        (root / "images" / f"photo_{i:02d}.jpg").write_bytes(_tiny_jpeg(i))
    (root / "images" / "logo.png").write_bytes(_TINY_PNG)
    (root / "images" / "dzjg.png").write_bytes(_TINY_PNG)
    (root / "css").mkdir(exist_ok=True)
    (root / "css" / "style.css").write_text("body{font-family:SimSun,serif}.nav li{display:inline}\n")
    (root / "js").mkdir(exist_ok=True)
    (root / "js" / "common.js").write_text("function setHome(){return false}\n")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n")

    # Homepage: the navigation, then each column's five newest items (dates in the column's style), the footer.
    blocks = []
    for i, (code, name, _) in enumerate(COLUMNS):
        rows = "".join(
            f'<li><a href="{a.path}" title="{a.title}">{a.title}</a><span>{_date_text(a.date, 0)}</span></li>'
            for a in by_column[i][:5]
        )
        blocks.append(
            f'<div class="box"><div class="box-tit"><h3>{name}</h3><a class="more" href="/col/{code}/index.html">更多&gt;&gt;</a>'
            f"</div><ul>{rows}</ul></div>"
        )
    home = (_head("首页", "utf-8") + _header(None) + '<div class="main">' + "".join(blocks)
            + '<div class="links"><a href="/col/xwdt/202001/t20200101_999999.html">县情概况（旧版）</a></div></div>'
            + _footer())
    write("/index.html", home)
    broken_pages.append("/col/xwdt/202001/t20200101_999999.html")  # the homepage's own broken link

    fillers = [f"/zwgk/jgzn_{k}.html" for k in range(static - 2)]  # 机构职能 pages that make the count exact
    filler_links = "".join(f'<li><a href="{path}">机构职能（{k + 1}）</a></li>' for k, path in enumerate(fillers))
    for k, path in enumerate(fillers):
        write(path, _head(f"机构职能（{k + 1}）", "utf-8") + _header(None)
              + f'<div class="main"><h1>机构职能（{k + 1}）</h1>' + "".join(f"<p>{p}</p>" for p in bank[k % 300:k % 300 + 5])
              + "</div>" + _footer())
    for path, title, body in (
        ("/about.html", "机构概况", "".join(f"<p>{p}</p>" for p in bank[:6]) + f"<ul>{filler_links}</ul>"),
        ("/contact.html", "联系我们",
         "<table><tr><th>部门</th><th>办公电话</th></tr><tr><td>县政府办公室</td><td>0571-87012345</td></tr>"
         "<tr><td>县政务服务中心</td><td>0571-87016789</td></tr></table>"),
    ):
        write(path, _head(title, "utf-8") + _header(None)
              + f'<div class="main"><div class="position">当前位置：<a href="/index.html">首页</a> &gt; {title}</div>'
              f"<h1>{title}</h1>{body}</div>" + _footer())

    # Column list pages, LIST_SIZE items each, with a pager (首页 上一页 window 下一页 尾页).
    list_pages = 0
    for i, (code, name, _) in enumerate(COLUMNS):
        entries = by_column[i]
        count = max(1, math.ceil(len(entries) / LIST_SIZE))
        style = i % 4
        for p in range(count):
            chunk = entries[p * LIST_SIZE : (p + 1) * LIST_SIZE]
            if i % 3 == 0:
                rows = "".join(f'<li><a href="{a.path}" target="_blank">{a.title}</a><span class="date">'
                               f"{_date_text(a.date, style)}</span></li>" for a in chunk)
                listing = f'<ul class="list">{rows}</ul>'
            elif i % 3 == 1:
                rows = "".join(f'<tr><td class="t"><a href="{a.path}">{a.title}</a></td><td class="d">'
                               f"{_date_text(a.date, style)}</td></tr>" for a in chunk)
                listing = f'<table class="list" width="100%">{rows}</table>'
            else:
                rows = "".join(f'<div class="item"><a href="{a.path}">{a.title}</a><i>{_date_text(a.date, style)}</i></div>'
                               for a in chunk)
                listing = f'<div class="list">{rows}</div>'
            write(_list_path(code, p), _head(name, "utf-8") + _header(i)
                  + f'<div class="main"><div class="position">当前位置：<a href="/index.html">首页</a> &gt; {name}</div>'
                  + f"<h2>{name}</h2>{listing}{_pager(code, p, count)}</div>" + _footer())
            list_pages += 1

    positions = {a.number: k for entries in by_column for k, a in enumerate(entries)}
    # Articles: breadcrumb, title, meta line, body paragraphs (10–30 KB), images, attachment, sidebar, related.
    for article in articles:
        code, name, _ = COLUMNS[article.column]
        paragraphs = rng.sample(bank, rng.randint(10, 40))
        images = "".join(f'<p style="text-align:center"><img src="/images/photo_{rng.randrange(IMAGE_COUNT):02d}.jpg" '
                         f'alt="{article.title}"></p>' for _ in range(rng.randint(0, 2)))
        extra = []
        for target, kind in plants.get(article.number, []):
            if kind == "img":
                extra.append(f'<p><img src="{target}" alt="现场图片"></p>')
            elif kind == "att":
                extra.append(f'<p>附件：<a href="{target}">相关材料.pdf</a></p>')
            else:
                extra.append(f'<p>相关链接：<a href="{target}">详见原文</a></p>')
        attachment = (f'<p class="fj">附件：<a href="{article.attachment}">{article.title}.{article.attachment.rsplit(".", 1)[1]}</a></p>'
                      if article.attachment else "")
        siblings = by_column[article.column]
        position = positions[article.number]
        side = "".join(f'<li><a href="{a.path}">{a.title}</a></li>' for a in siblings[:8])
        related = "".join(f'<li><a href="{a.path}">{a.title}</a> {a.date.isoformat()}</li>'
                          for a in rng.sample(articles, min(5, len(articles))))
        prev_next = ""
        if position + 1 < len(siblings):
            prev_next = f'<p>下一篇：<a href="{siblings[position + 1].path}">{siblings[position + 1].title}</a></p>'
        charset = "gbk" if article.gbk else "utf-8"
        html = (_head(article.title, charset) + _header(article.column)
                + '<div class="main"><div class="position">当前位置：<a href="/index.html">首页</a> &gt; '
                + f'<a href="/col/{code}/index.html">{name}</a> &gt; 正文</div>'
                + f'<div class="article"><h1>{article.title}</h1><div class="info">发布时间：{article.date.isoformat()} '
                + f"来源：{rng.choice(_SUBJECTS)} 浏览次数：{rng.randint(10, 5000)}</div>"
                + '<div class="content">' + "".join(f"<p>{p}</p>" for p in paragraphs) + images + attachment
                + "".join(extra) + "</div>" + prev_next + "</div>"
                + f'<div class="side"><h3>{name}</h3><ul>{side}</ul><h3>相关文章</h3><ul>{related}</ul></div></div>'
                + _footer())
        write(article.path, html, charset)
        gbk_pages += article.gbk

    return SiteManifest(
        pages=1 + static + list_pages + len(articles), articles=len(articles), list_pages=list_pages, gbk_pages=gbk_pages,
        images=IMAGE_COUNT + 2, attachments=len(carriers), bytes=written,
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
        parts.append(f"<span>{p + 1}</span>" if p == page else f'<a href="{_list_path(code, p)}">{p + 1}</a>')
    if page + 1 < count:
        parts.append(f'<a href="{_list_path(code, page + 1)}">下一页</a>')
    parts.append(f'<a href="{_list_path(code, count - 1)}">尾页</a>')
    return f'<div class="page">{" ".join(parts)} 共{count}页</div>'


def _write_attachment(path: Path, ext: str, title: str, paragraph: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if ext == ".txt":
        path.write_bytes(f"{title}\n\n{paragraph}\n".encode("gbk"))
    elif ext == ".docx":
        import docx

        document = docx.Document()
        document.add_heading(title, level=1)
        document.add_paragraph(paragraph)
        buffer = io.BytesIO()
        document.save(buffer)
        path.write_bytes(buffer.getvalue())
    elif ext == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["序号", "项目名称", "金额（万元）"])
        for i in range(1, 11):
            sheet.append([i, f"{title[:10]}项目{i}", 100 + i])
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(buffer.getvalue())
    else:
        path.write_bytes(tiny_pdf(f"Qingshan County document {path.stem}"))


# A 1×1 PNG; JPEG-named photos are small distinct byte strings (servers and crawlers never decode them).
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _tiny_jpeg(i: int) -> bytes:
    return b"\xff\xd8\xff\xe0" + bytes([i % 256]) * 2048 + b"\xff\xd9"

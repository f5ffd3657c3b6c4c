"""broken_link: a link target that failed after the crawler's retries (docs/checks.md).

Reads `site.links`: only status "broken" (4xx/5xx other than persistent 403/429, DNS failure, refused, timeout)
counts; "blocked", "unchecked" and "skipped" targets are not findings. One finding per target: `url` is the
target, `page` the first page linking it. Links from the homepage weigh more (severity high) than links from
inner pages (medium); images, scripts and attachments count as links. Observed: each target the crawler checked
and got an answer or a failure for ("ok" or "broken"); blocked, unchecked and skipped targets were not judged.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._urls import url_key
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "broken_link"
TITLE = gettext_noop("不可用链接")
MAX_LINKED_FROM = 5


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    home = site.homepage
    home_keys = {url_key(site.root)}
    if home is not None:
        home_keys.update(url_key(u) for u in (home.url, home.final_url) if u)
    seen: set[str] = set()
    checked = sum(1 for result in site.links if result.status in ("ok", "broken"))
    if checked:
        yield Observed(checked)
    for result in site.links:
        if result.status != "broken" or result.url in seen:
            continue
        seen.add(result.url)
        on_homepage = any(url_key(page) in home_keys for page in result.pages)
        yield Finding(
            check=NAME,
            url=result.url,
            page=result.pages[0] if result.pages else None,
            value=str(result.http_status) if result.http_status is not None else (result.error or "error"),
            severity="high" if on_homepage else "medium",
            evidence={
                "status": result.http_status,
                "error": result.error,
                "kind": result.kind,
                "external": result.external,
                "linked_from": list(result.pages[:MAX_LINKED_FROM]),
                "on_homepage": on_homepage,
            },
        )


def _resource(kind: object, external: object) -> str:
    what = {
        "img": _("图片"), "srcset": _("图片"), "script": _("脚本文件"), "link": _("样式或资源文件"),
        "iframe": _("内嵌页面"), "frame": _("内嵌页面"), "form": _("表单提交地址"),
    }.get(str(kind), _("链接"))
    return _("%(what)s（指向外部网站）") % {"what": what} if external else what


def _failure(status: object, error: object) -> str:
    if isinstance(status, int):
        return _("返回 HTTP %(status)s 错误") % {"status": status}
    text = str(error or "").lower()
    for start, words in (("timeout", _("访问超时")), ("disconnected", _("连接中断")), ("dns", _("域名无法解析")),
                         ("redirect", _("重定向过多或循环")), ("more than", _("重定向过多或循环")),
                         ("connect", _("无法连接服务器")), ("invalid url", _("链接地址无效"))):
        if text.startswith(start):
            return words
    return _("无法访问")


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    where = _("首页") if evidence.get("on_homepage") else _("页面")
    return _("%(where)s上的%(resource)s不可用：%(failure)s（规则：网站不得存在不可用链接）") % {
        "where": where,
        "resource": _resource(evidence.get("kind"), evidence.get("external")),
        "failure": _failure(evidence.get("status"), evidence.get("error") or value),
    }

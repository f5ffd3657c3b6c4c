"""Published results pages: campaigns, peer-group rankings, scorecards, open data, reports and archived pages.

Public once a campaign is published; before that a scorecard is a preview for the team and the target's webmaster.
Views parse input and call one selector or service.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dgeval.errors import WorkflowError
from dgeval.reports.csp import report_policy
from dgeval.reports.html import source_labels
from dgeval.web.accounts.roles import Role, is_team, role_of
from dgeval.web.campaigns.selectors import campaign_get
from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.monitoring.views import archive_response
from dgeval.web.publication import documents, opendata, selectors, services
from dgeval.web.publication.models import Publication
from dgeval.web.scores.groups import group_of
from dgeval.web.targets.models import Target

REPORT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _published_or_404(year: int) -> Publication:
    publication = selectors.publication_for_year(year=year)
    if publication is None:
        raise Http404(_("%(year)s年度的评估结果尚未发布") % {"year": year})
    return publication


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "publication/index.html", {"published": selectors.campaigns_published()})


def campaign_results(request: HttpRequest, year: int) -> HttpResponse:
    campaign = campaign_get(year)
    if campaign is None:
        raise Http404(_("没有%(year)s年度的评估活动") % {"year": year})
    publication = selectors.publication_current(campaign=campaign)
    if publication is None and not is_team(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("结果发布前，仅评估团队可见"))
    return render(request, "publication/campaign.html", {
        "campaign": campaign, "publication": publication,
        "groups": selectors.groups_published(publication=publication) if publication else [],
        "history": selectors.publication_history(campaign=campaign),
        "can_publish": role_of(request.user) == Role.ADMIN,
    })


@require_POST
def publish(request: HttpRequest, year: int) -> HttpResponse:
    campaign = campaign_get(year)
    if campaign is None:
        raise Http404(_("没有%(year)s年度的评估活动") % {"year": year})
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        publication = services.results_publish(campaign=campaign, actor=request.user,
                                               note=request.POST.get("note", ""))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已发布第 %(version)s 版评估结果") % {"version": publication.version})
    return redirect("publication:campaign", year)


def ranking(request: HttpRequest, year: int, framework: str, slug: str) -> HttpResponse:
    publication = _published_or_404(year)
    group = selectors.peer_group_get(f"{framework}/{slug}")
    if group is None:
        raise Http404(_("没有这个排名分组"))
    region, province = request.GET.get("region", ""), request.GET.get("province", "")
    rows = selectors.group_results(publication=publication, group=group.key, region=region, province=province)
    everyone = selectors.group_results(publication=publication, group=group.key)
    provinces = sorted({(r.province_code, r.target_name if r.province_code == r.target_code else "")
                        for r in everyone if r.province_code})
    return render(request, "publication/ranking.html", {
        "publication": publication, "campaign": publication.campaign, "group": group, "rows": rows,
        "level1": list(everyone[0].level1) if everyone else [], "regions": selectors.region_choices(),
        "region": region, "province": province, "provinces": provinces, "total": len(everyone),
    })


def open_data(request: HttpRequest, year: int, framework: str, slug: str, fmt: str) -> HttpResponse:
    publication = _published_or_404(year)
    group = selectors.peer_group_get(f"{framework}/{slug}")
    if group is None or fmt not in ("csv", "xlsx", "json"):
        raise Http404(_("没有这个数据文件"))
    rows = selectors.group_results(publication=publication, group=group.key)
    if not rows:
        raise Http404(_("没有这个数据文件"))
    body, ctype = {
        "csv": lambda: (opendata.as_csv(rows), "text/csv; charset=utf-8"),
        "xlsx": lambda: (opendata.as_xlsx(rows), REPORT_TYPES["xlsx"]),
        "json": lambda: (opendata.as_json(publication, group, rows), "application/json; charset=utf-8"),
    }[fmt]()
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{year}-{framework}-{slug}.{fmt}"'
    return response


def scorecard(request: HttpRequest, year: int, code: str, framework: str) -> HttpResponse:
    campaign = campaign_get(year)
    target = get_object_or_404(Target, code=code)
    if campaign is None:
        raise Http404(_("没有%(year)s年度的评估活动") % {"year": year})
    publication = selectors.publication_current(campaign=campaign)
    column = request.GET.get("column", "")
    result = selectors.result_get(publication=publication, target_code=code, framework=framework,
                                  column=column) if publication else None
    if result is not None:
        report = documents.published_target_report(publication, result)
        return render(request, "publication/scorecard.html", {
            "report": report, "campaign": campaign, "publication": publication, "result": result, "preview": False,
            "source_labels": source_labels(), "other": selectors.results_of_target(publication=publication,
                                                                                   target_code=code)})
    if not selectors.can_preview(user=request.user, target=target):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("结果发布前，仅评估团队和本单位可查看得分"))
    report = _preview(campaign, target, framework, column)
    return render(request, "publication/scorecard.html", {
        "report": report, "campaign": campaign, "publication": None, "preview": True,
        "source_labels": source_labels(), "other": []})


def _preview(campaign, target: Target, framework: str, wanted: str = ""):
    """The scorecard computed from the live scores (not published yet), in column WANTED when given."""
    for fw_name, column in target.evaluations(campaign):
        group = group_of(framework=fw_name, column=column, kind=target.kind)
        if fw_name != framework or group is None or (wanted and column != wanted):
            continue
        targets = {t.code: t for t in Target.objects.filter(kind__in=group.kinds).select_related("parent__parent")}
        rows = services.group_results(campaign=campaign, group=group, targets=targets)
        own = next((r for r in rows if r["target_code"] == target.code), None)
        if own is not None:
            return documents.target_report(campaign=campaign, result=own, peers=rows, publication=None)
    raise Http404(_("该评估对象在这项评估中还没有得分"))


def target_download(request: HttpRequest, year: int, code: str, framework: str, fmt: str) -> HttpResponse:
    publication = _published_or_404(year)
    result = selectors.result_get(publication=publication, target_code=code, framework=framework,
                                  column=request.GET.get("column", ""))
    if result is None or fmt not in REPORT_TYPES:
        raise Http404(_("没有这份报告"))
    path = documents.target_file(publication, result, fmt)
    return _report_response(path, fmt, f"{year}-{code}-{framework}-{result.column}.{fmt}")


def national_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    publication = _published_or_404(year)
    if fmt not in REPORT_TYPES:
        raise Http404(_("没有这份报告"))
    path = documents.national_file(publication, fmt)
    return _report_response(path, fmt, f"{year}-national.{fmt}")


def _report_response(path: Path, fmt: str, filename: str) -> HttpResponse:
    """A report file: HTML opens in the browser, under a policy that runs only the report's own scripts."""
    response = FileResponse(path.open("rb"), content_type=REPORT_TYPES[fmt], as_attachment=fmt != "html",
                            filename=filename)
    if fmt == "html":
        response["Content-Security-Policy"] = report_policy(path.read_text(encoding="utf-8"))
    return response


def finding_archive(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """The archived page behind a published finding, served inert like the monitoring archive view."""
    publication = _published_or_404(year)
    if not selectors.finding_published(publication=publication, finding_id=pk):
        raise Http404(_("该问题不在已发布的结果中"))
    return archive_response(get_object_or_404(FindingRecord, pk=pk))

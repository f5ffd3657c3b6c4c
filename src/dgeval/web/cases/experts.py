"""Experts and conflicts of interest: who may not review which case, and why.

An expert never reviews a case
- of their own province: the province of any of the case's targets (GB/T 2260, via `dgeval.targets.load_divisions`),
  or of the nominating webmaster's target;
- of their own organisation: the expert's 工作单位 and the nominating unit's name or a target's name, compared without
  spaces, one containing the other ("杭州市人民政府" and "杭州市人民政府办公厅" are one organisation);
- that they declared a conflict with.
Experts without a profile are never assigned automatically: their conflicts cannot be checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import TargetError, WorkflowError
from dgeval.targets import load_divisions
from dgeval.web.accounts.models import User
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.cases.models import Case, ConflictDeclaration, ExpertProfile, ReviewAssignment

#: 新疆生产建设兵团 is a province-level target without a GB/T 2260 division.
CORPS_CODE = "660000"


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """GB/T 2260 province code → name, plus 兵团 (for the profile form's choices)."""
    divisions = load_divisions()
    names = {d.code: d.name for d in divisions.by_code.values() if d.level == "province"}
    names[CORPS_CODE] = _("新疆生产建设兵团")
    return dict(sorted(names.items()))


def province_of_target(target: Any) -> str | None:
    """The province code of a target (itself for a province), or None for central bodies and unknown codes."""
    if target.kind == "corps":
        return CORPS_CODE
    chain = [target, *target.ancestors()]
    for node in chain:
        code = (node.division_code or "").strip()
        if not code:
            continue
        try:
            return load_divisions().province_of(code).code
        except TargetError:
            continue
    return None


def _compact(text: str) -> str:
    return "".join(text.split())


def same_organisation(a: str, b: str) -> bool:
    a, b = _compact(a), _compact(b)
    return bool(a and b) and (a in b or b in a)


def case_provinces(case: Case) -> set[str]:
    targets = list(case.targets.all())
    nominator = case.nomination.nominator
    if nominator is not None and getattr(nominator, "target", None) is not None:
        targets.append(nominator.target)
    return {code for code in (province_of_target(t) for t in targets) if code}


def case_organisations(case: Case) -> list[str]:
    return [case.nomination.unit_name, *(t.name for t in case.targets.all())]


def conflicts_of(case: Case, experts: Iterable[Any]) -> dict[int, str]:
    """Expert id → why EXPERTS (users) may not review CASE; experts without a conflict are absent."""
    provinces = case_provinces(case)
    organisations = case_organisations(case)
    declared = dict(ConflictDeclaration.objects.filter(case=case).values_list("expert_id", "reason"))
    names = province_names()
    experts = list(experts)
    profiles = {p.user_id: p for p in ExpertProfile.objects.filter(user__in=[e.pk for e in experts])}
    out: dict[int, str] = {}
    for expert in experts:
        profile = profiles.get(expert.pk)
        if expert.pk in declared:
            out[expert.pk] = _("本人声明回避：%(reason)s") % {"reason": declared[expert.pk]}
        elif profile is None:
            out[expert.pk] = _("未填写专家信息，无法核查利益冲突")
        elif profile.province_code and profile.province_code in provinces:
            out[expert.pk] = _("与案例同属%(province)s") % {"province": names.get(profile.province_code, "")}
        elif any(same_organisation(profile.organisation, org) for org in organisations):
            out[expert.pk] = _("与推荐单位或评估对象为同一单位（%(org)s）") % {"org": profile.organisation}
    return out


def experts_active() -> list[User]:
    """Every active expert account, in a stable order."""
    return list(User.objects.filter(role=Role.EXPERT, is_active=True).order_by("pk"))


@transaction.atomic
def expert_profile_set(*, expert: User, actor: Any, province_code: str, organisation: str) -> ExpertProfile:
    """Set an expert's province and organisation (the expert, or an admin; audited)."""
    if role_of(expert) != Role.EXPERT:
        raise ValidationError({"expert": _("%(user)s 不是专家账户") % {"user": expert}})
    if not (role_of(actor) == Role.ADMIN or (role_of(actor) == Role.EXPERT and actor.pk == expert.pk)):
        raise PermissionDenied(_("只有专家本人或管理员可以修改专家信息"))
    province_code = province_code.strip()
    if province_code and province_code not in province_names():
        raise ValidationError({"province_code": _("“%(code)s”不是省级行政区划代码") % {"code": province_code}})
    if not organisation.strip():
        raise ValidationError({"organisation": _("请填写工作单位")})
    profile = ExpertProfile.objects.filter(user=expert).first()
    before = None if profile is None else {"province_code": profile.province_code, "organisation": profile.organisation}
    profile = profile or ExpertProfile(user=expert)
    profile.province_code, profile.organisation = province_code, organisation.strip()
    profile.save()
    audit_record(actor=actor, action="case.expert_profile_set", obj=profile, before=before,
                 after={"province_code": profile.province_code, "organisation": profile.organisation})
    return profile


@transaction.atomic
def conflict_declare(*, case: Case, expert: Any, reason: str) -> ConflictDeclaration:
    """The expert declares a conflict with CASE; an unreviewed assignment is withdrawn at once (audited).

    A conflict declared after reviewing withdraws the review too: it must not count.
    """
    require_role(expert, Role.EXPERT)
    if not reason.strip():
        raise ValidationError({"reason": _("请说明回避原因")})
    if ConflictDeclaration.objects.filter(case=case, expert=expert).exists():
        raise WorkflowError(_("已声明过与该案例的利益冲突"))
    declaration = ConflictDeclaration.objects.create(case=case, expert=expert, reason=reason.strip())
    audit_record(actor=expert, action="case.conflict_declare", obj=case, before=None,
                 after={"expert": expert.pk, "reason": declaration.reason})
    assignment = ReviewAssignment.objects.filter(case=case, expert=expert).first()
    if assignment is not None:
        review = getattr(assignment, "review", None)
        before = {"expert": expert.pk, "review": review.snapshot() if review else None}
        assignment.delete()
        audit_record(actor=expert, action="case.unassign", obj=case, before=before, after=None,
                     reason=_("专家声明利益冲突"))
    return declaration

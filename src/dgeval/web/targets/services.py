"""Target services: loading the foundation registry and the team's Excel round trip.

The registry (`dgeval.targets`: provinces, key cities, ministries) is the plan's scope; counties
join through registration (附件2) and cities/counties may also come from the team's spreadsheet.
Imports are all-or-nothing: any bad row refuses the whole file and nothing stored changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.targets import load_targets
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.targets.models import Channel, ChannelKind, Target, TargetKind


@dataclass
class ImportResult:
    """What an import did: counts of created and updated targets and channels."""

    created: int = 0
    updated: int = 0
    channels_created: int = 0
    channels_updated: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)


def _kind_of(level: str, kind: str) -> TargetKind:
    """Map the registry's (level, kind) to the platform's TargetKind; 兵团 is its own kind."""
    if level == "province":
        return TargetKind.CORPS if kind == "corps" else TargetKind.PROVINCE
    if level == "key_city":
        return TargetKind.KEY_CITY
    return TargetKind.MINISTRY


def target_fields(target: Target) -> dict[str, Any]:
    """The audited/exported view of a target's own fields."""
    return {
        "code": target.code,
        "name": target.name,
        "short_name": target.short_name,
        "kind": target.kind,
        "parent": target.parent.code if target.parent_id else None,
        "division_code": target.division_code,
        "has_website": target.has_website,
        "website_url": target.website_url,
    }


@transaction.atomic
def targets_import_registry(*, actor: Any = None) -> ImportResult:
    """Create or update every registry target (with its website channel); idempotent, audited once."""
    result = ImportResult()
    registry = load_targets()
    by_code: dict[str, Target] = {}
    # Provinces first so that key cities find their parent.
    for item in sorted(registry, key=lambda t: t.parent_code is not None):
        values = {
            "name": item.name,
            "short_name": item.short_name,
            "kind": _kind_of(item.level, item.kind),
            "parent": by_code.get(item.parent_code) if item.parent_code else None,
            "division_code": item.code if item.level != "ministry" else "",
            "has_website": item.has_website,
            "website_url": item.website or "",
        }
        target, created = Target.objects.update_or_create(code=item.code, defaults=values)
        by_code[item.code] = target
        result.created += created
        result.updated += not created
        result.codes.append(item.code)
        if item.website:
            _, ch_created = Channel.objects.update_or_create(
                target=target, kind=ChannelKind.WEBSITE, name=item.name, defaults={"url": item.website}
            )
            result.channels_created += ch_created
            result.channels_updated += not ch_created
    audit_record(
        actor=actor,
        action="targets.import_registry",
        obj=None,
        before=None,
        after={"created": result.created, "updated": result.updated, "channels_created": result.channels_created},
        reason="",
    )
    return result


@transaction.atomic
def target_create(
    *,
    code: str,
    name: str,
    kind: TargetKind | str,
    short_name: str = "",
    parent: Target | None = None,
    division_code: str = "",
    website_url: str = "",
    website_name: str = "",
    campaign_joined: Any = None,
    actor: Any = None,
    reason: str = "",
) -> Target:
    """Create one target, with a website channel when it has a URL; audited."""
    target = Target(
        code=code,
        name=name,
        short_name=short_name,
        kind=TargetKind(kind),
        parent=parent,
        division_code=division_code,
        has_website=bool(website_url),
        website_url=website_url,
        campaign_joined=campaign_joined,
    )
    target.full_clean()
    target.save()
    if website_url:
        Channel.objects.create(target=target, kind=ChannelKind.WEBSITE, name=website_name or name, url=website_url)
    audit_record(actor=actor, action="target.create", obj=target, before=None, after=target_fields(target), reason=reason)
    return target


@transaction.atomic
def target_allow_private_set(*, target: Target, allow: bool, reason: str, actor: Any) -> Target:
    """Let the monitor scan TARGET at private and loopback addresses (an intranet or test site), or stop it.

    Admins only, with a reason; audited. No scan option can do this: a run reads it from each target. Link-local
    and cloud metadata addresses stay refused whatever this says (`dgeval.monitor.safety`).
    """
    require_role(actor, Role.ADMIN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由")})
    target = Target.objects.select_for_update().get(pk=target.pk)
    before = {"allow_private": target.allow_private, "allow_private_reason": target.allow_private_reason}
    target.allow_private = allow
    target.allow_private_reason = reason if allow else ""
    target.save(update_fields=["allow_private", "allow_private_reason"])
    audit_record(actor=actor, action="target.allow_private", obj=target, before=before,
                 after={"allow_private": target.allow_private, "allow_private_reason": target.allow_private_reason},
                 reason=reason)
    return target


# -- the division registry: parents by code, the plan's local-website scope -------------------------------------------


def _division_kind(division: Any, divisions: Any) -> TargetKind:
    if division.level == "province":
        return TargetKind.PROVINCE
    if division.level == "prefecture":
        return TargetKind.KEY_CITY if divisions.is_key_city(division.code) else TargetKind.CITY
    return TargetKind.COUNTY


def target_for_division(*, code: str, actor: Any = None, reason: str = "", campaign_joined: Any = None) -> Target:
    """The target of division CODE (a province, 地级市 or county of `dgeval.targets.divisions`): the one with that
    division code, else a new one named from the registry, under its parent's target (made the same way), without
    a website yet (the Excel import fills it). Raises TargetError for a code the registry does not know."""
    from dgeval.targets.divisions import load_divisions

    divisions = load_divisions()
    division = divisions.get(code)
    found = Target.objects.filter(division_code=code).order_by("pk").first() or \
        Target.objects.filter(code=code).first()
    if found is not None:
        return found
    parent = target_for_division(code=division.parent_code, actor=actor, reason=reason) \
        if division.parent_code else None
    kind = _division_kind(division, divisions)
    name = division.name if kind == TargetKind.COUNTY or division.name.endswith("人民政府") else f"{division.name}人民政府"
    return target_create(code=code, name=name, short_name=division.name, kind=kind, parent=parent,
                         division_code=code, campaign_joined=campaign_joined, actor=actor,
                         reason=reason or _("行政区划 %(code)s（%(source)s）") % {"code": code, "source": divisions.source})


def division_parent(*, division_code: str, actor: Any = None) -> Target:
    """The parent target of a county-level division: its 地级市 (or, under a municipality or directly under a
    province, the province). Raises TargetError when the code is not a county-level division of the registry."""
    from dgeval.errors import TargetError
    from dgeval.targets.divisions import load_divisions

    divisions = load_divisions()
    division = divisions.get(division_code)
    if division.level != "county" or division.parent_code is None:
        raise TargetError(_("行政区划代码 %(code)s（%(name)s）不是区县级行政区划（区、县、县级市）") % {
            "code": division_code, "name": division.name})
    return target_for_division(code=division.parent_code, actor=actor)


@dataclass
class ScopeImport:
    """What importing the local-website scope did: targets created, and those already there."""

    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def directly_included(division: Any, divisions: Any) -> bool:
    """Is a county-level division directly in the local-website evaluation? The plan includes the districts and
    counties of municipalities, provincial capitals and separately planned cities (the key cities); the others
    volunteer through registration (附件2)."""
    if division.level != "county" or division.parent_code is None:
        return False
    parent = divisions.get(division.parent_code)
    if parent.level == "province":
        return parent.name.endswith("市")  # a municipality (直辖市); others are counties directly under a province
    return divisions.is_key_city(parent.code)


@transaction.atomic
def local_scope_import(*, campaign: Any, actor: Any) -> ScopeImport:
    """Make every 地级市 and every directly included district or county a target of CAMPAIGN (their websites to be
    filled by the Excel import). Idempotent; one audit entry for the import, one per target created."""
    from dgeval.targets.divisions import load_divisions

    if actor is not None:
        require_role(actor, Role.ADMIN)
    divisions = load_divisions()
    result = ScopeImport()
    wanted = [d for d in divisions.of_level("prefecture")] + \
        [d for d in divisions.of_level("county") if directly_included(d, divisions)]
    for division in sorted(wanted, key=lambda d: d.code):
        existing = Target.objects.filter(division_code=division.code).first()
        if existing is not None:
            if division.level == "county" and existing.campaign_joined_id is None:
                Target.objects.filter(pk=existing.pk).update(campaign_joined=campaign)
            result.existing.append(division.code)
            continue
        target_for_division(code=division.code, actor=actor,
                            campaign_joined=campaign if division.level == "county" else None,
                            reason=f"{campaign.name}：地方政府网站评估范围")
        result.created.append(division.code)
    audit_record(actor=actor, action="targets.import_local_scope", obj=None, before=None,
                 after={"campaign": campaign.year, "created": len(result.created), "existing": len(result.existing)},
                 reason=divisions.source)
    return result

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

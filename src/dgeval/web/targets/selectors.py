"""Reading targets: the team's filtered list and one target's detail."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from dgeval.web.targets.models import Target


def target_list(*, kind: str = "", parent: Target | None = None, q: str = "") -> QuerySet[Target]:
    """Targets with their parent and channel count, filtered by kind, parent and a name/code search."""
    qs = Target.objects.select_related("parent").annotate(channel_count=Count("channels"))
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    return qs.order_by("kind", "code")


def target_get(code: str) -> Target | None:
    """The target with `code`, or None."""
    return Target.objects.select_related("parent").filter(code=code).first()

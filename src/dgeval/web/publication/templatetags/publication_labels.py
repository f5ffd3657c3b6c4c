"""Template filters naming stored publication keys in Chinese: `{{ change.group|group_title }}`."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from dgeval.web.scores.groups import group_get

register = template.Library()


@register.filter("group_title")
def group_title(key: str) -> str:
    """The peer group's title for its stored key; readers never see the key."""
    group = group_get(str(key))
    return group.title if group is not None else _("其他分组")

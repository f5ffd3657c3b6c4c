"""Template filters naming framework codes in Chinese: `{{ item.framework|evaluation:item.column }}`,
`{{ code|leaf_name:fw }}` (the leaf's name with its code; FW is a framework or a framework's name), `{{ 0.8|share }}` (80%)."""

from __future__ import annotations

from django import template

from dgeval.framework import Framework
from dgeval.web.common.frameworks import evaluation_label, framework_latest, leaf_label

register = template.Library()

register.filter("evaluation", evaluation_label)


@register.filter("leaf_name")
def leaf_name(code: str, framework: Framework | str) -> str:
    fw = framework if isinstance(framework, Framework) else framework_latest(str(framework))
    return code if fw is None else leaf_label(fw, code)


@register.filter("share")
def share(fraction: float) -> str:
    """A share of a leaf's weight as a percentage: 0.8 → "80%"."""
    return f"{float(fraction) * 100:.0f}%"

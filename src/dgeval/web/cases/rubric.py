"""The expert rubric: the five aspects 附件3 asks nominators to describe, 20 points each, 100 in all.

附件3's 推荐理由 note lists 展现功能、做法模式、效益效果、制度机制、可推广性; experts score a case on the same aspects
so that the reason and the review speak of the same things.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: (field name on Review, Chinese name, the question it answers)
DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("presentation", _("展现功能"), _("案例的形式展现与功能特点是否清晰、完整、好用")),
    ("approach", _("做法模式"), _("做法与模式是否有创新、有特色")),
    ("benefit", _("效益效果"), _("取得的社会效果与效益是否明显、有数据支撑")),
    ("institution", _("制度机制"), _("是否形成了可持续的制度机制与保障")),
    ("replicability", _("可推广性"), _("是否可供其他地区、部门复制推广")),
)
DIMENSION_MAX = 20
TOTAL_MAX = DIMENSION_MAX * len(DIMENSIONS)

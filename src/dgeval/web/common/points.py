"""The one check of points on the platform: `dgeval.scoring.check_points`, its refusal worded in Chinese.

Forms only parse numbers; services call `points_check` before they store anything, so the web, the imports and the
CLI apply the same rule. The refusal (`PointsError`) carries the field, the value and the maximum; the message here is
built from those facts, never from the engine's English text.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dgeval.errors import PointsError
from dgeval.framework import Framework
from dgeval.scoring import check_points, leaf_max
from dgeval.web.common.frameworks import leaf_label

#: Points are stored to this many decimal places.
PLACES = 3


def leaf_max_points(fw: Framework, column: str, code: str) -> float:
    """The most leaf CODE can earn in COLUMN: its weight, or the bonus cap for a bonus (优秀创新案例) category.

    ValidationError keyed by field for an unknown column or code, or a leaf that does not apply ("—" in the plan).
    """
    try:
        indicator = check_points(fw, column, code, 0.0)
    except PointsError as exc:
        raise points_error(exc, fw) from exc
    maximum = leaf_max(fw, indicator, column)
    assert maximum is not None  # check_points refused a leaf that does not apply
    return float(maximum)


def points_check(fw: Framework, column: str, code: str, points: Any, *, maximum: float | None = None) -> float:
    """POINTS as a number (rounded to PLACES) if leaf CODE may get them in COLUMN, within MAXIMUM when it scores
    only part of the leaf; else ValidationError keyed by the field at fault, in Chinese."""
    value = points
    if isinstance(points, str):
        try:
            value = float(points.strip())
        except ValueError:
            value = points
    try:
        check_points(fw, column, code, value, maximum=maximum)
    except PointsError as exc:
        raise points_error(exc, fw) from exc
    return round(float(value), PLACES)


def points_error(exc: PointsError, fw: Framework) -> ValidationError:
    """The refusal EXC as a ValidationError on its field, worded for the person at the form."""
    column_label = fw.column_labels.get(exc.column, exc.column)
    if exc.reason == "unknown_column":
        known = "、".join(fw.column_labels.get(c, c) for c in fw.columns)
        message = _("指标体系“%(framework)s”没有评估类别“%(column)s”（可选：%(known)s）") % {
            "framework": fw.title, "column": exc.column, "known": known}
    elif exc.reason == "unknown_code":
        message = _("指标体系“%(framework)s”没有指标 %(code)s") % {"framework": fw.title, "code": exc.value}
    elif exc.reason == "not_applicable":
        message = _("指标 %(leaf)s 不适用于%(column)s") % {"leaf": leaf_label(fw, str(exc.code)), "column": column_label}
    elif exc.reason == "not_a_number":
        message = _("得分须为数字（收到 %(value)s）") % {"value": exc.value}
    else:
        maximum = exc.maximum if exc.maximum is not None else 0.0
        whole = leaf_max(fw, fw.indicator(str(exc.code)), exc.column)
        if exc.bonus:
            what = _("加分上限")
        elif whole is not None and maximum < whole - 1e-9:
            what = _("本部分满分")
        else:
            what = _("满分")
        message = _("得分 %(points)s 超出范围：指标 %(leaf)s 的%(what)s %(maximum)s 分，应在 0 到 %(maximum)s 分之间") % {
            "points": f"{float(exc.value):g}", "leaf": leaf_label(fw, str(exc.code)), "what": what,
            "maximum": f"{maximum:g}"}
    return ValidationError({exc.field: message}, code=exc.reason)

"""Admin list columns that hold stored codes, shown by name: the admin is read by people too.

Models keep framework names, column keys, leaf codes, check names and audit action codes as stable strings; the
admin's change lists would print them as such ("local_site", "county", "management.identification"). Each such
column is swapped for one that names the value from the framework data or the label tables, sorting as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import admin
from django.utils.translation import gettext as _

from dgeval.monitor.describe import check_title
from dgeval.web.audit import labels
from dgeval.web.common.frameworks import framework_latest, leaf_name_any


def _framework(value: str) -> str:
    fw = framework_latest(value)
    return fw.title if fw is not None else _("未知指标体系")


def _column(value: str) -> str:
    from dgeval.framework.load import available
    from dgeval.web.common.frameworks import framework_dir

    for _year, name, _path in available(framework_dir()):
        fw = framework_latest(name)
        if fw is not None and value in fw.column_labels:
            return fw.column_labels[value]
    return _("未知评估类别")


def _check(value: str) -> str:
    title = check_title(value)
    return _("未知检查项") if title == value else title


#: field name → how its stored code is named.
NAMERS: dict[str, Callable[[str], str]] = {
    "framework": _framework,
    "column": _column,
    "code": lambda value: leaf_name_any(value) or _("未知指标"),
    "indicator_code": lambda value: leaf_name_any(value) or _("未知指标"),
    "check_name": _check,
    "action": labels.action_label,
    "object_type": labels.object_type_label,
}


def _named_column(model: Any, name: str) -> Callable[[Any], str]:
    namer = NAMERS[name]

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def column(obj: Any) -> str:
        value = getattr(obj, name)
        return namer(str(value)) if value not in (None, "") else "—"

    return column


def named_list_display(model: Any, list_display: Sequence[Any]) -> list[Any]:
    """LIST_DISPLAY with each code-holding field of MODEL replaced by a column that names its values."""
    field_names = {field.name for field in model._meta.get_fields()}
    return [_named_column(model, item) if isinstance(item, str) and item in NAMERS and item in field_names
            and not getattr(model._meta.get_field(item), "choices", None) else item for item in list_display]

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

from dgeval.web.audit import labels
from dgeval.web.audit.sentences import check_title_of
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
    return check_title_of(value) or _("未知检查项")


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


def named_value(name: str, value: Any) -> str:
    """VALUE stored in a code field called NAME, by its name ("—" when empty)."""
    return NAMERS[name](str(value)) if value not in (None, "") else "—"


def _named_column(model: Any, name: str) -> Callable[[Any], str]:
    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def column(obj: Any) -> str:
        return named_value(name, getattr(obj, name))

    return column


def _named_filter(model: Any, name: str) -> type[admin.SimpleListFilter]:
    namer = NAMERS[name]

    class NamedFilter(admin.SimpleListFilter):
        title = model._meta.get_field(name).verbose_name
        parameter_name = name

        def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
            values = model._default_manager.order_by(name).values_list(name, flat=True).distinct()
            return [(value, namer(str(value))) for value in values if value not in (None, "")]

        def queryset(self, request: Any, queryset: Any) -> Any:
            return queryset.filter(**{name: self.value()}) if self.value() else queryset

    return NamedFilter


def holds_codes(model: Any, item: Any) -> bool:
    """Whether ITEM names a field of MODEL that stores codes without choices (framework, leaf, check…)."""
    if not isinstance(item, str) or item not in NAMERS:
        return False
    try:
        return not getattr(model._meta.get_field(item), "choices", None)
    except Exception:  # noqa: BLE001 - not a field of this model
        return False


def named_list_filter(model: Any, list_filter: Sequence[Any]) -> list[Any]:
    """LIST_FILTER with each code-holding field of MODEL replaced by a filter that names its values."""
    return [_named_filter(model, item) if holds_codes(model, item) else item for item in list_filter]


def named_list_display(model: Any, list_display: Sequence[Any]) -> list[Any]:
    """LIST_DISPLAY with each code-holding field of MODEL replaced by a column that names its values."""
    return [_named_column(model, item) if holds_codes(model, item) else item for item in list_display]

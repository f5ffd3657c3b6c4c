"""An audit entry's before/after as sentences a reader can follow: "状态：待审核 → 已确认".

Entries keep their snapshots as JSON with the models' field names and stored codes, so filters and exports stay
stable; the pages must not show those. A key is named by the audited model's field (its verbose name), else by any
model's field of that name, else by KEY_LABELS; a value is named by the field's choices, a leaf code by the leaf's
name in the framework data, a framework and column by their titles, a target code by the target's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dgeval.framework.load import available, load_file
from dgeval.web.audit.labels import object_type_label
from dgeval.web.common.frameworks import framework_dir, leaf_name_any

#: Snapshot keys that are no model field (counts, options, summaries written by services).
KEY_LABELS: Mapping[str, Any] = {
    "assignments": gettext_lazy("分配"),
    "case": gettext_lazy("案例"),
    "changed": gettext_lazy("变动"),
    "channels_created": gettext_lazy("新建渠道"),
    "code": gettext_lazy("指标"),
    "column": gettext_lazy("评估类别"),
    "combined": gettext_lazy("综合得分"),
    "count": gettext_lazy("数量"),
    "created": gettext_lazy("新建"),
    "double": gettext_lazy("双人评分"),
    "evidence": gettext_lazy("证据"),
    "expert": gettext_lazy("专家"),
    "expert_part": gettext_lazy("专家评议部分"),
    "expert_reviews": gettext_lazy("专家评议份数"),
    "expert_score": gettext_lazy("专家评分"),
    "external": gettext_lazy("外部链接"),
    "file": gettext_lazy("文件"),
    "framework": gettext_lazy("指标体系"),
    "as_of": gettext_lazy("评估基准日"),
    "leaf_scores": gettext_lazy("指标得分"),
    "max_pages": gettext_lazy("最多页面数"),
    "max_points": gettext_lazy("满分"),
    "method": gettext_lazy("方式"),
    "new": gettext_lazy("新用户"),
    "on": gettext_lazy("日期"),
    "options": gettext_lazy("选项"),
    "parts": gettext_lazy("得分组成"),
    "points": gettext_lazy("得分"),
    "policy": gettext_lazy("规则"),
    "public_part": gettext_lazy("网民评选部分"),
    "reason": gettext_lazy("原因"),
    "results": gettext_lazy("结果"),
    "rows": gettext_lazy("行数"),
    "scope": gettext_lazy("范围"),
    "selected": gettext_lazy("入选"),
    "sha256": gettext_lazy("文件校验值"),
    "slot": gettext_lazy("得分来源"),
    "source": gettext_lazy("来源"),
    "source_kind": gettext_lazy("来源类型"),
    "state": gettext_lazy("状态"),
    "status": gettext_lazy("状态"),
    "targets": gettext_lazy("评估对象"),
    "total": gettext_lazy("合计"),
    "updated": gettext_lazy("更新"),
    "valid": gettext_lazy("有效投票"),
    "version": gettext_lazy("版本"),
    "voided": gettext_lazy("作废投票"),
    "voter": gettext_lazy("投票人"),
    "votes": gettext_lazy("票数"),
}
#: Stored codes of values with no model choices behind them.
VALUE_LABELS: Mapping[str, Any] = {
    "auto": gettext_lazy("自动"),
    "manual": gettext_lazy("人工"),
    "scan": gettext_lazy("全站扫描"),
    "skip": gettext_lazy("不检查"),
    "check": gettext_lazy("检查"),
    "email": gettext_lazy("电子邮箱"),
}
REFERENCE = re.compile(r"^(?P<type>[a-z_]+\.[a-z_]+):(?P<pk>\d+)$")
MAX_ITEMS = 6


@lru_cache(maxsize=1)
def _field_index() -> dict[str, tuple[str, dict[str, str]]]:
    """field name → (verbose name, choices) over every model; the first model's name wins, choices merge."""
    index: dict[str, tuple[str, dict[str, str]]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not hasattr(field, "verbose_name") or field.auto_created:
                continue
            name, choices = index.get(field.name, (str(field.verbose_name), {}))
            for value, label in getattr(field, "flatchoices", None) or ():
                choices.setdefault(str(value), str(label))
            index[field.name] = (name, choices)
    return index


@lru_cache(maxsize=1)
def _frameworks() -> tuple[Any, ...]:
    return tuple(load_file(path) for _year, _name, path in available(framework_dir()))


def leaf_name(code: str) -> str | None:
    """The leaf's Chinese name in the newest framework that has CODE; None for no leaf."""
    return leaf_name_any(code)


def _framework_title(name: str) -> str | None:
    for framework in _frameworks():
        if framework.name == name:
            return framework.title
    return None


def _column_label(column: str) -> str | None:
    for framework in _frameworks():
        if column in framework.column_labels:
            return framework.column_labels[column]
    return None


def _target_name(code: str) -> str | None:
    try:
        target = apps.get_model("targets.Target").objects.filter(code=code).only("name").first()
    except LookupError:
        return None
    return target.name if target is not None else None


def check_title_of(name: str) -> str | None:
    """The Chinese name of a monitor or new-media check NAME; None for what names no titled check."""
    from dgeval.monitor.checks import CHECK_MODULES
    from dgeval.monitor.describe import check_title
    from dgeval.newmedia.checks import CHECK_MODULES as NEWMEDIA_CHECKS
    from dgeval.newmedia.checks import check_title as newmedia_check_title

    if name in CHECK_MODULES:
        title = check_title(name)
    elif name in NEWMEDIA_CHECKS:
        title = newmedia_check_title(name)
    else:
        return None
    return title if title != name else None  # a check without a title is not named by its code either


def key_label(key: str, model: Any = None) -> str:
    """The Chinese name of snapshot KEY (the audited MODEL's field first); keys that are check names or leaf codes
    (counts by check, points by leaf) are named as such."""
    if model is not None:
        try:
            return str(model._meta.get_field(key).verbose_name)
        except Exception:  # noqa: BLE001 - a key that is no field of this model
            pass
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    if key in _field_index():
        return _field_index()[key][0]
    return check_title_of(key) or ("." in key and leaf_name(key)) or _("其他信息")


def _choice(key: str, value: str, model: Any) -> str | None:
    if model is not None:
        try:
            field = model._meta.get_field(key)
            for stored, label in getattr(field, "flatchoices", None) or ():
                if str(stored) == value:
                    return str(label)
        except Exception:  # noqa: BLE001 - a key that is no field of this model
            pass
    return _field_index().get(key, ("", {}))[1].get(value)


def value_text(key: str, value: Any, model: Any = None) -> str:
    """VALUE of snapshot KEY in words: choices, leaves, frameworks and targets named; lists and dicts spelled out."""
    if value is None or value == "" or value == [] or value == {}:
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, Mapping):
        return "；".join(f"{key_label(str(k), None)}：{value_text(str(k), v, None)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        shown = [value_text(key, item, model) for item in value[:MAX_ITEMS]]
        more = _("等 %(n)s 项") % {"n": len(value)} if len(value) > MAX_ITEMS else ""
        return "、".join(shown) + more
    text = str(value)
    named = (
        _choice(key, text, model)
        or (leaf_name(text) if key in ("code", "leaf", "leaves", "category") or "." in text else None)
        or (_framework_title(text) if key == "framework" else None)
        or (_column_label(text) if key == "column" else None)
        or (_target_name(text) if key in ("targets", "target", "parent", "owner") else None)
        or (VALUE_LABELS.get(text) and str(VALUE_LABELS[text]))
        or check_title_of(text)
    )
    if named:
        return named
    reference = REFERENCE.match(text)
    if reference:
        return f"{object_type_label(reference['type'])} #{reference['pk']}"
    return text


def _model_of(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def change_sentences(object_type: str, before: Any, after: Any) -> list[str]:
    """One sentence per changed key: "状态：待审核 → 已确认"; a new record lists its values, a removed one its last."""
    model = _model_of(object_type)
    before_map = before if isinstance(before, Mapping) else {}
    after_map = after if isinstance(after, Mapping) else {}
    if not isinstance(before, (Mapping, type(None))) or not isinstance(after, (Mapping, type(None))):
        return [_("修改前：%(before)s；修改后：%(after)s") % {
            "before": value_text("", before, model), "after": value_text("", after, model)}]
    sentences: list[str] = []
    for key in _keys(before_map, after_map):
        label = key_label(key, model)
        if key not in before_map:
            sentences.append(f"{label}：{value_text(key, after_map[key], model)}")
        elif key not in after_map:
            sentences.append(_("%(label)s：%(value)s（已删除）") % {
                "label": label, "value": value_text(key, before_map[key], model)})
        elif before_map[key] != after_map[key]:
            sentences.append(f"{label}：{value_text(key, before_map[key], model)} → "
                             f"{value_text(key, after_map[key], model)}")
    return sentences


def _keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterable[str]:
    return list(before) + [key for key in after if key not in before]

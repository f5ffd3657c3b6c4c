"""The values of a model instance as the audit log stores them, and what changed between two of them.

Used where a change is not made by a service that knows its own fields (the admin site): every concrete field and
every many-to-many field (a user's groups and permissions) is kept, foreign keys as "name #id" so the entry reads
well and still names the row. Password hashes are never stored: only a short digest, so a change still shows.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile

#: Fields whose value never goes into the log.
SECRET_FIELDS = frozenset({"password"})


class _Encoder(DjangoJSONEncoder):
    """Dates, decimals and UUIDs as Django encodes them; files by name; anything else as its text."""

    def default(self, o: Any) -> Any:
        if isinstance(o, FieldFile):
            return o.name or ""
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=_Encoder, ensure_ascii=False))


def _secret(value: Any) -> str:
    if not value:
        return ""
    return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:12]


def _related(obj: models.Model, field: models.ForeignKey) -> str | None:
    pk = getattr(obj, field.attname)
    if pk is None:
        return None
    try:
        return f"{getattr(obj, field.name)} #{pk}"
    except field.related_model.DoesNotExist:
        return f"#{pk}"


def field_values(obj: models.Model) -> dict[str, Any]:
    """Every concrete and many-to-many field of OBJ (the primary key aside), ready for a JSON column."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name in SECRET_FIELDS:
            values[field.name] = _secret(field.value_from_object(obj))
        elif field.is_relation:
            values[field.name] = _related(obj, field)
        else:
            values[field.name] = _jsonable(field.value_from_object(obj))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            values[m2m.name] = sorted(str(item) for item in getattr(obj, m2m.name).all())
    return values


def changed_values(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose value differs, as (old values, new values)."""
    keys = [key for key in after if before.get(key) != after[key]]
    keys += [key for key in before if key not in after]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}

"""`has_item`: a JSON list field holds this item, asked of the database in one parameter.

Django's `contains` on a JSONField is not supported on SQLite, and reading every row's list in Python to filter by
primary key sends one parameter per match (SQLite refuses past 32,766). Each backend answers it its own way: a
`json_each` scan on SQLite, jsonb containment (`@>`, served by a GIN index if one is made) on PostgreSQL.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import NotSupportedError
from django.db.models import JSONField, Lookup
from django.utils.translation import gettext as _


@JSONField.register_lookup
class HasItem(Lookup):
    lookup_name = "has_item"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [value]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        raise NotSupportedError(_("数据库 %(vendor)s 不支持按列表中的一项筛选") % {"vendor": connection.vendor})

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) AS item WHERE item.value = {rhs})"
        return sql, [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", [*lhs_params, json.dumps([self.rhs])]

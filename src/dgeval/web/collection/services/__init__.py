"""Manual collection services, by job: the scope and who scores it (`items`), scoring and deciding (`scoring`), and
the Excel round trip (`sheets`). Every rule is enforced there; views, admin actions and the demo call the names
importable here."""

from dgeval.web.collection.services.items import (
    collection_policy_for,
    collection_policy_set,
    reconciler_pick,
    work_item_assign,
    work_item_reconciler_assign,
    work_items_generate,
)
from dgeval.web.collection.services.scoring import (
    item_max_points,
    item_points_check,
    manual_phase_require_open,
    manual_score_save,
    reconcile_permission_check,
    score_permission_check,
    work_item_reconcile,
)
from dgeval.web.collection.services.sheets import (
    EXPORT_HEADER,
    SheetImportError,
    work_items_export_xlsx,
    work_items_import_xlsx,
)

__all__ = [
    "EXPORT_HEADER",
    "SheetImportError",
    "collection_policy_for",
    "collection_policy_set",
    "item_max_points",
    "item_points_check",
    "manual_phase_require_open",
    "manual_score_save",
    "reconcile_permission_check",
    "reconciler_pick",
    "score_permission_check",
    "work_item_assign",
    "work_item_reconcile",
    "work_item_reconciler_assign",
    "work_items_export_xlsx",
    "work_items_import_xlsx",
]

"""Template filters naming audit actions and object types in Chinese: `{{ e.action|audit_action }}`."""

from django import template

from dgeval.web.audit import labels

register = template.Library()

register.filter("audit_action", labels.action_label)
register.filter("audit_object_type", labels.object_type_label)

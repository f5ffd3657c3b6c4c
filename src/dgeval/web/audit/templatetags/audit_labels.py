"""Template filters naming audit actions and object types in Chinese: `{{ e.action|audit_action }}`."""

from django import template

from dgeval.web.audit import labels, sentences

register = template.Library()

register.filter("audit_action", labels.action_label)
register.filter("audit_object_type", labels.object_type_label)


@register.filter("audit_changes")
def audit_changes(entry) -> list[str]:
    """The entry's before/after as sentences, one per changed field."""
    return sentences.change_sentences(entry.object_type, entry.before, entry.after)


@register.filter("audit_object")
def audit_object(entry) -> str:
    """The entry's object in words, as it names itself now."""
    return labels.object_label(entry.object_type, entry.object_id, entry.object_repr)

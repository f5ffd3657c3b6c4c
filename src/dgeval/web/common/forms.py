"""A service's refusal shown to the person who asked: on the form's field, or as one line of text."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from dgeval.errors import WorkflowError


def form_errors_from(form: forms.Form, exc: ValidationError | WorkflowError) -> None:
    """Put a service's error on the form: on its field when the field is on the form, else as a form error."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, str(exc))


def error_text(exc: Exception) -> str:
    """A service's refusal as one line for a message banner ("；" between the messages of several fields)."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
        return "；".join(exc.messages)
    return str(exc)

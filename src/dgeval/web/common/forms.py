"""A service's outcome shown to the person who asked: on the form's field, or as one message line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

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


def form_action_message(
    request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], object], *, done: str, invalid: str
) -> bool:
    """Call ACTION (one service) with FORM's data and say the outcome as one message: DONE, the service's refusal,
    or INVALID when the form does not parse. True when the action was done."""
    if not form.is_valid():
        messages.error(request, invalid)
        return False
    try:
        action(form.cleaned_data)
    except (ValidationError, WorkflowError) as exc:
        messages.error(request, error_text(exc))
        return False
    messages.success(request, done)
    return True

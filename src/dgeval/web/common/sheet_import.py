"""The page that takes a filled sheet back: one shape for every import of the apps (scores, findings, FOI register).

A valid upload is handed to the app's service; a `SheetError` lists every bad cell under the form (answered 400, and
nothing is applied), a `ValidationError` or `WorkflowError` goes to the form, and a success goes back to the list
with how many records changed (or that the sheet matched what is stored).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.common.forms import form_errors_from
from dgeval.web.common.sheets import SheetError


def sheet_import_page(
    request: HttpRequest, *, form: forms.Form, template: str, apply: Callable[[dict[str, Any]], int],
    refused: str, changed: Callable[[int], str], done: str, context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Run `apply(form.cleaned_data)` on a valid POST; it returns how many records changed.

    `refused` says what was not done ("未导入任何评分"), after the count of errors; `changed(n)` is the success
    message for n > 0; `done` is the URL name gone to after a success.
    """
    cell_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = apply(form.cleaned_data)
        except SheetError as exc:
            cell_errors = [str(error) for error in exc.cell_errors]
            form.add_error(None, _("表格有 %(n)s 处错误，%(refused)s") % {"n": len(cell_errors), "refused": refused})
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, changed(count) if count else _("表格与平台记录一致，没有修改"))
            return redirect(done)
    return render(request, template, {**(context or {}), "form": form, "cell_errors": cell_errors},
                  status=400 if cell_errors else 200)


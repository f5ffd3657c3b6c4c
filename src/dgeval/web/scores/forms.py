"""Forms of scores: parsing only; the points are checked by the services (`dgeval.web.common.points`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OverrideForm(forms.Form):
    """An evaluator's score for a whole leaf, over the monitor's part and manual collection's."""

    points = forms.FloatField(label=_("整项得分"))
    reason = forms.CharField(label=_("覆盖理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=_("必填：说明为何不采用系统监测和人工采集的分项得分"))

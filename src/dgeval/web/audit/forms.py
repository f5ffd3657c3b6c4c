"""The audit list's filter form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    """Filters of the team's audit list; all optional."""

    action = forms.CharField(label=_("操作"), required=False, max_length=100)
    object_type = forms.CharField(label=_("对象类型"), required=False, max_length=100)
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    since = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

"""Forms for changing a phase's dates (admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.web.campaigns.models import Phase


class PhaseDatesForm(forms.ModelForm):
    """A phase's dates plus the reason for the change, which the audit log keeps."""

    reason = forms.CharField(label=_("修改原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Phase
        fields = ["starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

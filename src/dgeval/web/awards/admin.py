"""Decisions and bonus entries in the admin, read-only: they change only through the audited decision page."""

from django.contrib import admin

from dgeval.web.awards.models import BonusEntry, CaseDecision
from dgeval.web.cases.admin import ReadOnlyAdmin

admin.site.register(CaseDecision, ReadOnlyAdmin)
admin.site.register(BonusEntry, ReadOnlyAdmin)

"""Decisions and bonus entries in the admin, read-only: they change only through the audited decision page."""

from django.contrib import admin

from dgeval.web.audit.modeladmin import ReadOnlyModelAdmin
from dgeval.web.awards.models import BonusEntry, CaseDecision

admin.site.register(CaseDecision, ReadOnlyModelAdmin)
admin.site.register(BonusEntry, ReadOnlyModelAdmin)

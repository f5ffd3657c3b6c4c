"""Votes in the admin, read-only: voiding goes through the audited service on the management page."""

from django.contrib import admin

from dgeval.web.audit.modeladmin import ReadOnlyModelAdmin
from dgeval.web.voting.models import Vote, VoteRound


@admin.register(VoteRound)
class VoteRoundAdmin(ReadOnlyModelAdmin):
    list_display = ("title", "opens_on", "closes_on", "published_at")


@admin.register(Vote)
class VoteAdmin(ReadOnlyModelAdmin):
    list_display = ("round", "case", "voted_on", "ip_network", "voided_at")
    list_filter = ("round", "voted_on")

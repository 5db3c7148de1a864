"""Admin lists of the organisation, for ministry admins. Day-to-day changes go through the
organisation page or the API (services with optimistic locking and the audit trail)."""

from django.contrib import admin

from .models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

READ_ONLY = ["uid", "row_version", "created_at", "updated_at"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["acronym", "name", "region", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["acronym", "name", "code", "region__name", "region__code"]
    raw_id_fields = ["region"]
    readonly_fields = READ_ONLY


@admin.register(Decree)
class DecreeAdmin(admin.ModelAdmin[Decree]):
    list_display = ["number", "date", "kind", "region", "title"]
    list_filter = ["kind"]
    search_fields = ["number", "title", "region__name", "region__code"]
    raw_id_fields = ["region"]
    readonly_fields = READ_ONLY
    date_hierarchy = "date"


@admin.register(BodyMember)
class BodyMemberAdmin(admin.ModelAdmin[BodyMember]):
    list_display = ["name", "body", "role", "sector", "region", "agency"]
    list_filter = ["body", "role", "sector"]
    search_fields = ["name", "position", "region__name", "region__code"]
    raw_id_fields = ["region", "agency", "decree"]
    readonly_fields = READ_ONLY


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin[WorkingGroup]):
    list_display = ["region", "dimension", "leading_agency", "lead_name"]
    list_filter = ["dimension"]
    search_fields = ["region__name", "region__code", "lead_name"]
    raw_id_fields = ["region", "leading_agency", "decree"]
    readonly_fields = READ_ONLY


@admin.register(ForumMeeting)
class ForumMeetingAdmin(admin.ModelAdmin[ForumMeeting]):
    list_display = ["date", "title", "region", "attendees"]
    search_fields = ["title", "place", "region__name", "region__code"]
    raw_id_fields = ["region"]
    readonly_fields = READ_ONLY
    date_hierarchy = "date"

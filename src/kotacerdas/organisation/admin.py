from django.contrib import admin

from .models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["acronym", "name", "region", "kind", "is_active"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name", "region__name", "region__code"]
    raw_id_fields = ["region"]


for model in (Decree, BodyMember, WorkingGroup, ForumMeeting):
    admin.site.register(model, raw_id_fields=["region"])

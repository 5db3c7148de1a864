from django.contrib import admin

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name", "level", "province", "valid_from", "valid_until"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["province", "split_from", "replaced_by"]

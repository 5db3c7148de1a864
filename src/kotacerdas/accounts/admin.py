from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.permissions import actor_for

from .models import Membership, User


def _ministry_admin_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and actor_for(request.user).is_ministry_admin)


admin.site.has_permission = _ministry_admin_only  # type: ignore[method-assign]
admin.site.site_header = _("Kota Cerdas administration")
admin.site.site_title = _("Kota Cerdas")


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["region", "agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Kota Cerdas"), {"fields": ("full_name", "position", "phone")}))  # type: ignore[misc]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "region", "agency"]
    list_filter = ["role"]
    search_fields = ["user__username", "region__name", "agency__name"]
    autocomplete_fields = ["user", "region", "agency"]

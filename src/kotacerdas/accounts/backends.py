"""Ministry admins hold every Django model permission (for the Django admin); others none."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from kotacerdas.core.permissions import actor_for


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_active", False):
            return False
        return actor_for(user_obj).is_ministry_admin or super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not getattr(user_obj, "is_active", False):
            return False
        return actor_for(user_obj).is_ministry_admin or super().has_module_perms(user_obj, app_label)

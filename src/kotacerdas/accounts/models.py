"""People and their roles: a user has memberships (role + region or agency)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.roles import Role


class User(AbstractUser):
    """A person who signs in. Roles come from ``Membership`` rows, not from Django groups."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # API tokens issued before this moment are refused (see ``accounts.tokens``).
    password_changed_at = models.DateTimeField(
        _("password changed at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    def set_password(self, raw_password: str | None) -> None:
        """Every way of changing a password (reset link, admin, command) passes here."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Membership(TimeStampedModel):
    """One role of one user, scoped to a region (pendamping, coordinator) or an agency (officer).

    An agency officer's row also names the agency's region, so that region scoping is one filter.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=[Role.MINISTRY_ADMIN, Role.ASSESSOR], region__isnull=True, agency__isnull=True)
                    | Q(
                        role__in=[Role.PENDAMPING, Role.COORDINATOR],
                        region__isnull=False,
                        agency__isnull=True,
                    )
                    | Q(role=Role.AGENCY_OFFICER, region__isnull=False, agency__isnull=False)
                ),
                name="membership_scope_matches_role",
            ),
            # NULLs are distinct in SQL: the service refuses duplicate global roles.
            models.UniqueConstraint(fields=["user", "role", "region", "agency"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        scope = self.agency or self.region
        return f"{self.user} · {self.get_role_display()}" + (f" · {scope}" if scope else "")

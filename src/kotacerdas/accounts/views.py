"""Sign-in (rate-limited), and the people pages for ministry admins."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core.models import AuditAction
from kotacerdas.core.permissions import require
from kotacerdas.core.ratelimit import client_address
from kotacerdas.core.roles import Role
from kotacerdas.core.services import audit_record
from kotacerdas.regions.selectors import region_find

from . import selectors, services
from .forms import MembershipForm, UserCreateForm, agencies_for_region
from .models import Membership, User


def _client_address(request: HttpRequest) -> str:
    return client_address(request.META)


class LoginView(auth_views.LoginView):
    """Django's login, refusing further attempts after too many failures (HTTP 429)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = request.POST.get("username", "")
        address = _client_address(request)
        if services.login_is_blocked(username=username, address=address):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed attempts. Wait a few minutes, then try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            services.login_failures_clear(username=username)
            audit_record(actor=request.user, action=AuditAction.LOGIN, obj=request.user)
        else:
            services.login_failure_record(username=username, address=address)
        return response


class PasswordChangedMixin:
    """After a password change or reset: revoke the person's API tokens and record it."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        services.user_password_changed(user=form.user)
        return response


class PasswordChangeView(PasswordChangedMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("site:home")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed. API tokens issued before were revoked."))
        return response


class PasswordResetConfirmView(PasswordChangedMixin, auth_views.PasswordResetConfirmView):
    pass


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "people.manage")
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    page = Paginator(selectors.user_list(actor=request.user, query=query, role=role), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "rows": _people_rows(page),
            "query": query,
            "role": role,
            "roles": Role.choices,
            "form": UserCreateForm(),
        },
    )


def _people_rows(page: Iterable[User]) -> list[dict[str, object]]:
    """Each person with the regions of their roles (memberships are prefetched with regions)."""
    rows: list[dict[str, object]] = []
    for person in page:
        memberships = list(person.memberships.all())
        regions = {m.region.code: m.region for m in memberships if m.region is not None}
        rows.append(
            {"person": person, "memberships": memberships, "regions": [regions[c] for c in sorted(regions)]}
        )
    return rows


@login_required
def agency_options(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements: the agencies of the region named by ``region`` (code or name), for
    the membership form's agency list, which follows the chosen region."""
    require(request.user, "people.manage")
    region = region_find(text=request.GET.get("region", "")[:200])
    return render(
        request,
        "accounts/_agency_options.html",
        {"agencies": agencies_for_region(region) if region is not None else [], "region": region},
    )


@login_required
@require_POST
def user_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "people.manage")
    form = UserCreateForm(request.POST)
    if form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Account created. Send the person a password reset link to sign in."))
            return HttpResponseRedirect(reverse("accounts:user_detail", args=[user.username]))
    page = Paginator(selectors.user_list(actor=request.user), 50).get_page(1)
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "rows": _people_rows(page), "form": form, "roles": Role.choices},
        status=400,
    )


@login_required
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    require(request.user, "people.manage")
    person = selectors.user_get_for_actor(actor=request.user, username=username)
    form = MembershipForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            region = form.cleaned_data.get("region")
            agency = form.cleaned_data.get("agency")
            try:
                services.membership_add(
                    actor=request.user,
                    user=person,
                    role=form.cleaned_data["role"],
                    region_id=region.pk if region else None,
                    agency_id=agency.pk if agency else None,
                )
            except ValidationError as exc:
                for field, errors in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
                ):
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Role added."))
                return HttpResponseRedirect(request.path)
        status = 400
    return render(request, "accounts/user_detail.html", {"person": person, "form": form}, status=status)


@login_required
@require_POST
def user_deactivate(request: HttpRequest, username: str) -> HttpResponse:
    """A ministry admin stops a person signing in (web sessions and API tokens end)."""
    require(request.user, "people.manage")
    person = selectors.user_get_for_actor(actor=request.user, username=username)
    try:
        services.user_deactivate(actor=request.user, user=person)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The account was deactivated."))
    return HttpResponseRedirect(reverse("accounts:user_detail", args=[person.username]))


@login_required
@require_POST
def membership_remove(request: HttpRequest, username: str, pk: int) -> HttpResponse:
    require(request.user, "people.manage")
    person = selectors.user_get_for_actor(actor=request.user, username=username)
    membership = get_object_or_404(Membership, pk=pk, user=person)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("Role removed."))
    return HttpResponseRedirect(reverse("accounts:user_detail", args=[person.username]))

"""The notifications page: one's own notifications, opening one, marking all read."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import selectors, services

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """Opening a notification reads it, then goes where it points (only ever within the site)."""
    notification = selectors.notification_get_for_user(actor=request.user, uid=uid)
    services.notification_read(actor=request.user, notification=notification)
    if services.is_site_path(notification.url):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_read_all(actor=request.user)
    return HttpResponseRedirect(reverse("notifications:list"))

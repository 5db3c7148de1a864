"""A region's organisation page: agencies (OPD), decrees (SK), Dewan Smart City, Tim Pelaksana,
pokja and Forum Smart City meetings, each a section edited in place.

Every section is a partial (``organisation/_<section>.html``). With HTMX a form posts to its
own URL and gets the section back (plus, out of band, the sections that show what changed);
without JavaScript the same form posts the whole page and is redirected back to it. Every
view finds the region through ``region_get_private`` (404 for missing and forbidden alike)
and, before any write or edit form, requires ``organisation.change`` for that region (403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.errors import ConflictError
from kotacerdas.core.files import file_download
from kotacerdas.core.forms import add_service_errors, save_edit
from kotacerdas.core.permissions import can, require
from kotacerdas.core.services import json_value
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region
from kotacerdas.regions.selectors import region_get_private

from . import selectors, services
from .choices import Body, BodyRole
from .forms import (
    AgencyEditForm,
    AgencyForm,
    BodyMemberEditForm,
    BodyMemberForm,
    DecreeEditForm,
    DecreeForm,
    ForumMeetingEditForm,
    ForumMeetingForm,
    WorkingGroupForm,
)
from .models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

MEETINGS_PER_PAGE = 50
BODY_SECTION = {Body.DEWAN: "dewan", Body.TIM_PELAKSANA: "tim-pelaksana"}
ROLE_ORDER = Case(
    *[When(role=role, then=Value(i)) for i, role in enumerate(BodyRole.values)],
    default=Value(99),
    output_field=IntegerField(),
)
# Sections whose rows or choices show agencies and decrees: refreshed when those change.
DEPENDENTS = ("dewan", "tim-pelaksana", "pokja")

Section = dict[str, Any]


def _htmx(request: HttpRequest) -> bool:
    """Did HTMX send this request (django-htmx's ``request.htmx``)?"""
    return bool(getattr(request, "htmx", False))


def _new_id(key: str) -> str:
    """Element ids of a section's add form (several forms share one page)."""
    return f"{key}-new-%s"


def _edit_id(key: str) -> str:
    return f"{key}-edit-%s"


# --- sections -----------------------------------------------------------------------------


def _agencies(request: HttpRequest, region: Region, **state: Any) -> Section:
    rows = Agency.objects.filter(region=region).order_by("-is_active", "acronym")
    return {
        "id": "opd",
        "template": "organisation/_agencies.html",
        "rows": rows,
        "add_form": AgencyForm(auto_id=_new_id("opd")),
    } | state


def _decrees(request: HttpRequest, region: Region, **state: Any) -> Section:
    rows = Decree.objects.filter(region=region).order_by("-date", "number")
    return {
        "id": "sk",
        "template": "organisation/_decrees.html",
        "rows": rows,
        "add_form": DecreeForm(auto_id=_new_id("sk")),
    } | state


def _members(request: HttpRequest, region: Region, body: str, **state: Any) -> Section:
    rows = (
        BodyMember.objects.filter(region=region, body=body)
        .select_related("agency", "decree")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "name")
    )
    return {
        "id": BODY_SECTION[Body(body)],
        "template": "organisation/_members.html",
        "body": body,
        "title": Body(body).label,
        "create_url": reverse(
            "organisation:dewan_create" if body == Body.DEWAN else "organisation:tim_create",
            args=[region.code],
        ),
        "rows": rows,
        "add_form": BodyMemberForm(region=region, body=body, auto_id=_new_id(BODY_SECTION[Body(body)])),
    } | state


def _pokja(request: HttpRequest, region: Region, **state: Any) -> Section:
    return {
        "id": "pokja",
        "template": "organisation/_working_groups.html",
        "rows": selectors.working_groups_by_dimension(region=region),
    } | state


def _meetings(request: HttpRequest, region: Region, **state: Any) -> Section:
    page = Paginator(selectors.meeting_list_for_region(region=region), MEETINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "id": "rapat",
        "template": "organisation/_meetings.html",
        "page": page,
        "add_form": ForumMeetingForm(auto_id=_new_id("rapat")),
    } | state


BUILDERS: dict[str, Callable[..., Section]] = {
    "opd": _agencies,
    "sk": _decrees,
    "dewan": lambda request, region, **state: _members(request, region, Body.DEWAN, **state),
    "tim-pelaksana": lambda request, region, **state: _members(request, region, Body.TIM_PELAKSANA, **state),
    "pokja": _pokja,
    "rapat": _meetings,
}


def _context(request: HttpRequest, region: Region) -> dict[str, Any]:
    return {"region": region, "may_change": can(request.user, "organisation.change", region_id=region.pk)}


def _page(
    request: HttpRequest, region: Region, sections: dict[str, Section] | None = None, status: int = 200
) -> HttpResponse:
    """The whole organisation page; ``sections`` replace the default state of some sections."""
    chosen = dict(sections or {})
    context = _context(request, region)
    context["sections"] = [chosen.get(key) or build(request, region) for key, build in BUILDERS.items()]
    return render(request, "organisation/overview.html", context, status=status)


def _partials(
    request: HttpRequest, region: Region, section: Section, also: Iterable[str] = (), status: int = 200
) -> HttpResponse:
    """One section (the HTMX target) and, out of band, the sections named in ``also``."""
    context = _context(request, region)
    html = [render_to_string(section["template"], context | {"s": section}, request=request)]
    for key in also:
        extra = BUILDERS[key](request, region)
        html.append(render_to_string(extra["template"], context | {"s": extra, "oob": True}, request=request))
    return HttpResponse("".join(html), status=status)


def _show(request: HttpRequest, region: Region, section: Section, status: int = 200) -> HttpResponse:
    """A section in a given state (an edit form, errors): alone for HTMX, else in the page."""
    if _htmx(request):
        return _partials(request, region, section, status=status)
    return _page(request, region, {section["id"]: section}, status=status)


def _saved(
    request: HttpRequest, region: Region, key: str, message: str, also: Iterable[str] = ()
) -> HttpResponse:
    """After a successful write: the fresh section for HTMX, else a redirect to the page."""
    if _htmx(request):
        return _partials(request, region, BUILDERS[key](request, region, notice=message), also=also)
    messages.success(request, message)
    return HttpResponseRedirect(reverse("organisation:overview", args=[region.code]) + f"#{key}")


def _writable_region(request: HttpRequest, code: str) -> Region:
    region = region_get_private(actor=request.user, code=code)
    require(request.user, "organisation.change", region_id=region.pk)
    return region


def _conflict(exc: ConflictError, model: type[Any], mine: dict[str, Any] | None = None) -> dict[str, Any]:
    """The other writer's values, labelled, for the conflict box: those that differ from
    ``mine`` (what the editor just sent), or all of them."""
    values = []
    for name, value in exc.current.items():
        if mine is not None and name in mine and json_value(mine[name]) == value:
            continue
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = name
        values.append((label, value))
    return {"message": exc.message, "values": values}


def _rebound(form_class: type[Form], request: HttpRequest, row_version: int, **kwargs: Any) -> Form:
    """The editor's form with their values kept and the current ``row_version`` (after a conflict)."""
    data = request.POST.copy()
    data["row_version"] = str(row_version)
    return form_class(data, request.FILES, **kwargs)


def _edit(
    request: HttpRequest,
    region: Region,
    *,
    key: str,
    obj: Any,
    form_class: type[Form],
    initial: dict[str, Any],
    save: Callable[[dict[str, Any], int], Any],
    title: str,
    saved_message: str,
    also: Iterable[str] = (),
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET: the section with the edit form; POST: save with optimistic locking."""
    kwargs = (form_kwargs or {}) | {"auto_id": _edit_id(key)}
    action = request.path
    if request.method != "POST":
        form = form_class(initial=initial | {"row_version": obj.row_version}, **kwargs)
        return _show(
            request,
            region,
            BUILDERS[key](request, region, edit={"form": form, "action": action, "title": title, "obj": obj}),
        )
    form = form_class(request.POST, request.FILES, **kwargs)
    outcome = save_edit(form, type(obj), obj.pk, save)
    if outcome.saved:
        return _saved(request, region, key, saved_message, also=also)
    conflict = None
    if outcome.conflict is not None:
        if outcome.gone:  # deleted meanwhile: nothing left to edit
            error = outcome.conflict.message
            return _show(request, region, BUILDERS[key](request, region, error=error), status=409)
        conflict = _conflict(outcome.conflict, type(obj), outcome.data)
    edit = {"form": form, "action": action, "title": title, "obj": obj, "conflict": conflict}
    return _show(request, region, BUILDERS[key](request, region, edit=edit), status=outcome.status)


def _create(
    request: HttpRequest,
    region: Region,
    *,
    key: str,
    form: Form,
    save: Callable[[dict[str, Any]], Any],
    saved_message: str,
    also: Iterable[str] = (),
) -> HttpResponse:
    if form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, region, key, saved_message, also=also)
    return _show(request, region, BUILDERS[key](request, region, add_form=form), status=400)


def _remove(
    request: HttpRequest,
    region: Region,
    *,
    key: str,
    delete: Callable[[int | None], Any],
    saved_message: str,
    also: Iterable[str] = (),
) -> HttpResponse:
    """A delete (or deactivate) button: refused changes come back as a message in the section."""
    raw = request.POST.get("row_version", "")
    version = int(raw) if raw.isdigit() else None
    try:
        delete(version)
    except ValidationError as exc:
        return _show(
            request, region, BUILDERS[key](request, region, error=" ".join(exc.messages)), status=400
        )
    except ConflictError as exc:
        return _show(request, region, BUILDERS[key](request, region, error=exc.message), status=409)
    return _saved(request, region, key, saved_message, also=also)


# --- the page -----------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, code: str) -> HttpResponse:
    """Agencies, decrees, councils, pokja and forum meetings of one region.

    ``?section=<id>`` with HTMX returns that section alone (cancel buttons, meeting pages).
    """
    region = region_get_private(actor=request.user, code=code)
    key = request.GET.get("section", "")
    if _htmx(request) and key in BUILDERS:
        return _partials(request, region, BUILDERS[key](request, region))
    return _page(request, region)


# --- agencies -----------------------------------------------------------------------------


@login_required
@require_POST
def agency_create(request: HttpRequest, code: str) -> HttpResponse:
    region = _writable_region(request, code)
    return _create(
        request,
        region,
        key="opd",
        form=AgencyForm(request.POST, auto_id=_new_id("opd")),
        save=lambda data: services.agency_create(actor=request.user, region=region, **data),
        saved_message=_("Agency added."),
        also=DEPENDENTS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_update(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    agency = selectors.organisation_item_get(model=Agency, region=region, uid=uid)
    return _edit(
        request,
        region,
        key="opd",
        obj=agency,
        form_class=AgencyEditForm,
        initial={f: getattr(agency, f) for f in services.AGENCY_FIELDS},
        save=lambda data, version: services.agency_update(
            actor=request.user, agency=agency, data=data, expected_version=version
        ),
        title=_("Edit %(name)s") % {"name": agency.acronym},
        saved_message=_("Agency saved."),
        also=DEPENDENTS,
    )


@login_required
@require_POST
def agency_deactivate(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    agency = selectors.organisation_item_get(model=Agency, region=region, uid=uid)
    return _remove(
        request,
        region,
        key="opd",
        delete=lambda version: services.agency_deactivate(
            actor=request.user, agency=agency, expected_version=version
        ),
        saved_message=_("%(name)s is no longer active.") % {"name": agency.acronym},
        also=DEPENDENTS,
    )


# --- decrees ------------------------------------------------------------------------------


@login_required
@require_POST
def decree_create(request: HttpRequest, code: str) -> HttpResponse:
    region = _writable_region(request, code)
    return _create(
        request,
        region,
        key="sk",
        form=DecreeForm(request.POST, request.FILES, auto_id=_new_id("sk")),
        save=lambda data: services.decree_create(actor=request.user, region=region, **data),
        saved_message=_("Decree recorded."),
        also=DEPENDENTS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decree_update(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    decree = selectors.organisation_item_get(model=Decree, region=region, uid=uid)
    return _edit(
        request,
        region,
        key="sk",
        obj=decree,
        form_class=DecreeEditForm,
        initial={f: getattr(decree, f) for f in ("kind", "number", "date", "title")},
        save=lambda data, version: services.decree_update(
            actor=request.user, decree=decree, data=data, expected_version=version
        ),
        title=_("Edit decree %(number)s") % {"number": decree.number},
        saved_message=_("Decree saved."),
        also=DEPENDENTS,
    )


@login_required
@require_POST
def decree_delete(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    decree = selectors.organisation_item_get(model=Decree, region=region, uid=uid)
    return _remove(
        request,
        region,
        key="sk",
        delete=lambda version: services.decree_delete(
            actor=request.user, decree=decree, expected_version=version
        ),
        saved_message=_("Decree %(number)s deleted.") % {"number": decree.number},
        also=DEPENDENTS,
    )


def _file_response(field: Any) -> StreamingHttpResponse:
    """A stored PDF, shown in the browser (404 when there is none)."""
    return file_download(field, content_type="application/pdf", inline=True)


@login_required
def decree_document(request: HttpRequest, code: str, uid: UUID) -> StreamingHttpResponse:
    """The decree's PDF, for those who may see the region's private pages."""
    region = region_get_private(actor=request.user, code=code)
    decree = selectors.organisation_item_get(model=Decree, region=region, uid=uid)
    return _file_response(decree.document)


# --- Dewan Smart City and Tim Pelaksana ---------------------------------------------------


@login_required
@require_POST
def member_create(request: HttpRequest, code: str, body: str) -> HttpResponse:
    region = _writable_region(request, code)
    key = BODY_SECTION[Body(body)]
    form = BodyMemberForm(request.POST, region=region, body=body, auto_id=_new_id(key))
    return _create(
        request,
        region,
        key=key,
        form=form,
        save=lambda data: services.body_member_create(actor=request.user, region=region, body=body, **data),
        saved_message=_("Member added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_update(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    member = selectors.organisation_item_get(model=BodyMember, region=region, uid=uid)
    return _edit(
        request,
        region,
        key=BODY_SECTION[Body(member.body)],
        obj=member,
        form_class=BodyMemberEditForm,
        initial={
            "name": member.name,
            "position": member.position,
            "role": member.role,
            "sector": member.sector,
            "agency": member.agency.uid if member.agency else None,
            "decree": member.decree.uid if member.decree else None,
        },
        save=lambda data, version: services.body_member_update(
            actor=request.user, member=member, data=data, expected_version=version
        ),
        title=_("Edit %(name)s") % {"name": member.name},
        saved_message=_("Member saved."),
        form_kwargs={"region": region, "body": member.body, "current": member},
    )


@login_required
@require_POST
def member_delete(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    member = selectors.organisation_item_get(model=BodyMember, region=region, uid=uid)
    return _remove(
        request,
        region,
        key=BODY_SECTION[Body(member.body)],
        delete=lambda version: services.body_member_delete(
            actor=request.user, member=member, expected_version=version
        ),
        saved_message=_("%(name)s removed.") % {"name": member.name},
    )


# --- pokja --------------------------------------------------------------------------------


def _dimension(code: str) -> Dimension:
    dimension = Dimension.objects.filter(code__iexact=code).first()
    if dimension is None:
        raise Http404("dimension")
    return dimension


@login_required
@require_http_methods(["GET", "POST"])
def working_group_set(request: HttpRequest, code: str, dimension: str) -> HttpResponse:
    """Form a dimension's pokja or change it (one per dimension)."""
    region = _writable_region(request, code)
    dim = _dimension(dimension)
    group = (
        WorkingGroup.objects.select_related("leading_agency", "decree")
        .filter(region=region, dimension=dim)
        .first()
    )
    title = _("Pokja %(dimension)s") % {"dimension": dim}
    kwargs: dict[str, Any] = {"region": region, "current": group, "auto_id": _edit_id("pokja")}
    conflict = None
    if request.method != "POST":
        initial = {}
        if group is not None:
            initial = {
                "leading_agency": group.leading_agency.uid,
                "lead_name": group.lead_name,
                "decree": group.decree.uid if group.decree else None,
                "row_version": group.row_version,
            }
        edit = {
            "form": WorkingGroupForm(initial=initial, **kwargs),
            "action": request.path,
            "title": title,
            "obj": group,
        }
        return _show(request, region, _pokja(request, region, edit=edit))
    form: Form = WorkingGroupForm(request.POST, **kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("row_version")
        try:
            services.working_group_set(
                actor=request.user, region=region, dimension=dim, expected_version=version, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ConflictError as exc:
            conflict = _conflict(exc, WorkingGroup, data)
            fresh = WorkingGroup.objects.filter(region=region, dimension=dim).first()
            form = (
                _rebound(WorkingGroupForm, request, fresh.row_version, **kwargs)
                if fresh
                else WorkingGroupForm(request.POST.dict() | {"row_version": ""}, **kwargs)
            )
        else:
            return _saved(request, region, "pokja", _("Pokja saved."))
    edit = {"form": form, "action": request.path, "title": title, "obj": group, "conflict": conflict}
    return _show(request, region, _pokja(request, region, edit=edit), status=409 if conflict else 400)


@login_required
@require_POST
def working_group_delete(request: HttpRequest, code: str, dimension: str) -> HttpResponse:
    region = _writable_region(request, code)
    dim = _dimension(dimension)
    group = WorkingGroup.objects.filter(region=region, dimension=dim).first()
    if group is None:
        raise Http404("pokja")
    return _remove(
        request,
        region,
        key="pokja",
        delete=lambda version: services.working_group_delete(
            actor=request.user, working_group=group, expected_version=version
        ),
        saved_message=_("Pokja %(dimension)s dissolved.") % {"dimension": dim},
    )


# --- Forum Smart City meetings ------------------------------------------------------------


@login_required
@require_POST
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    region = _writable_region(request, code)
    return _create(
        request,
        region,
        key="rapat",
        form=ForumMeetingForm(request.POST, request.FILES, auto_id=_new_id("rapat")),
        save=lambda data: services.forum_meeting_create(actor=request.user, region=region, **data),
        saved_message=_("Meeting recorded."),
    )


@login_required
def meeting_detail(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    """One Forum Smart City meeting: its minutes and file."""
    region = region_get_private(actor=request.user, code=code)
    meeting = selectors.organisation_item_get(model=ForumMeeting, region=region, uid=uid)
    return render(
        request,
        "organisation/meeting_detail.html",
        _context(request, region) | {"meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    meeting = selectors.organisation_item_get(model=ForumMeeting, region=region, uid=uid)
    return _edit(
        request,
        region,
        key="rapat",
        obj=meeting,
        form_class=ForumMeetingEditForm,
        initial={f: getattr(meeting, f) for f in ("date", "title", "place", "attendees", "minutes")},
        save=lambda data, version: services.forum_meeting_update(
            actor=request.user, meeting=meeting, data=data, expected_version=version
        ),
        title=_("Edit the meeting of %(date)s") % {"date": meeting.date.strftime("%d-%m-%Y")},
        saved_message=_("Meeting saved."),
    )


@login_required
@require_POST
def meeting_delete(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    region = _writable_region(request, code)
    meeting = selectors.organisation_item_get(model=ForumMeeting, region=region, uid=uid)
    return _remove(
        request,
        region,
        key="rapat",
        delete=lambda version: services.forum_meeting_delete(
            actor=request.user, meeting=meeting, expected_version=version
        ),
        saved_message=_("Meeting deleted."),
    )


@login_required
def meeting_file(request: HttpRequest, code: str, uid: UUID) -> StreamingHttpResponse:
    region = region_get_private(actor=request.user, code=code)
    meeting = selectors.organisation_item_get(model=ForumMeeting, region=region, uid=uid)
    return _file_response(meeting.minutes_file)

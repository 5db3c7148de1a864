"""Organisation API: agencies (OPD), decrees (SK), Dewan / Tim Pelaksana members, pokja and
Forum Smart City meetings, addressed by ``uid``.

Reads are scoped to the regions the actor may see (agency names are public). Writes need
``organisation.change`` for the object's region and go through the same services as the
pages; PATCH must carry the ``row_version`` that was read (a stale one answers 409).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from kotacerdas.core.permissions import can, require
from kotacerdas.programme.models import Dimension
from kotacerdas.regions.models import Region

from . import selectors, services
from .choices import Body
from .models import Agency, BodyMember, Decree, ForumMeeting, WorkingGroup

UID_REGEX = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
TIMESTAMPS = ["created_at", "updated_at"]
ROW_VERSION_HELP = _("The row_version you read: required on PATCH (optimistic locking).")
FILE_URL = {"type": "string", "format": "uri", "nullable": True, "description": "null when no file"}


# Query parameters: a value that is not one of these answers 400.


class RegionFilterSerializer(serializers.Serializer[Any]):
    region = serializers.RegexField(
        r"^\d{2}(\.\d{2})?$", required=False, help_text="Kemendagri code of the region, e.g. 52.04"
    )


class AgencyFilterSerializer(RegionFilterSerializer):
    active = serializers.BooleanField(
        required=False, allow_null=True, help_text="Only active (true) or inactive (false) agencies"
    )


class BodyFilterSerializer(RegionFilterSerializer):
    body = serializers.ChoiceField(choices=Body.choices, required=False)


class DeleteQuerySerializer(serializers.Serializer[Any]):
    row_version = serializers.IntegerField(
        required=False, min_value=1, help_text="The row_version you read; a stale one answers 409 (optional)"
    )


class UidRelatedField(serializers.SlugRelatedField[Any]):
    """A reference to another row by its public ``uid``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="uid", **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")


class RegionField(serializers.SlugRelatedField[Region]):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Region.objects.all(), **kwargs)


def _file_url(request: Any, url_name: str, obj: Any, field: Any) -> str | None:
    if not field:
        return None
    url = reverse(url_name, args=[obj.region.code, obj.uid])
    return request.build_absolute_uri(url) if request is not None else url


class AgencySerializer(serializers.ModelSerializer[Agency]):
    region = RegionField()
    row_version = serializers.IntegerField(min_value=1, required=False, help_text=ROW_VERSION_HELP)

    class Meta:
        model = Agency
        fields = ["uid", "region", "code", "acronym", "name", "kind", "is_active", "row_version", *TIMESTAMPS]
        read_only_fields = ["uid", *TIMESTAMPS]
        validators: list[Any] = []


class DecreeSerializer(serializers.ModelSerializer[Decree]):
    region = RegionField()
    row_version = serializers.IntegerField(min_value=1, required=False, help_text=ROW_VERSION_HELP)
    document = serializers.FileField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("The decree as a PDF (multipart upload)."),
    )
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Decree
        fields = [
            "uid",
            "region",
            "kind",
            "number",
            "date",
            "title",
            "document",
            "document_url",
            "row_version",
            *TIMESTAMPS,
        ]
        read_only_fields = ["uid", *TIMESTAMPS]
        validators: list[Any] = []

    @extend_schema_field(FILE_URL)
    def get_document_url(self, obj: Decree) -> str | None:
        return _file_url(self.context.get("request"), "organisation:decree_document", obj, obj.document)


class BodyMemberSerializer(serializers.ModelSerializer[BodyMember]):
    region = RegionField()
    row_version = serializers.IntegerField(min_value=1, required=False, help_text=ROW_VERSION_HELP)
    agency = UidRelatedField(queryset=Agency.objects.all(), allow_null=True, required=False)
    decree = UidRelatedField(queryset=Decree.objects.all(), allow_null=True, required=False)

    class Meta:
        model = BodyMember
        fields = [
            "uid",
            "region",
            "body",
            "name",
            "position",
            "role",
            "sector",
            "agency",
            "decree",
            "row_version",
            *TIMESTAMPS,
        ]
        read_only_fields = ["uid", *TIMESTAMPS]
        validators: list[Any] = []


class WorkingGroupSerializer(serializers.ModelSerializer[WorkingGroup]):
    region = RegionField()
    row_version = serializers.IntegerField(min_value=1, required=False, help_text=ROW_VERSION_HELP)
    dimension = serializers.SlugRelatedField(slug_field="code", queryset=Dimension.objects.all())
    leading_agency = UidRelatedField(queryset=Agency.objects.all())
    decree = UidRelatedField(queryset=Decree.objects.all(), allow_null=True, required=False)

    class Meta:
        model = WorkingGroup
        fields = [
            "uid",
            "region",
            "dimension",
            "leading_agency",
            "lead_name",
            "decree",
            "row_version",
            *TIMESTAMPS,
        ]
        read_only_fields = ["uid", *TIMESTAMPS]
        validators: list[Any] = []


class ForumMeetingSerializer(serializers.ModelSerializer[ForumMeeting]):
    region = RegionField()
    row_version = serializers.IntegerField(min_value=1, required=False, help_text=ROW_VERSION_HELP)
    minutes_file = serializers.FileField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("The minutes as a PDF (multipart upload)."),
    )
    minutes_file_url = serializers.SerializerMethodField()

    class Meta:
        model = ForumMeeting
        fields = [
            "uid",
            "region",
            "date",
            "title",
            "place",
            "attendees",
            "minutes",
            "minutes_file",
            "minutes_file_url",
            "row_version",
            *TIMESTAMPS,
        ]
        read_only_fields = ["uid", *TIMESTAMPS]
        validators: list[Any] = []

    @extend_schema_field(FILE_URL)
    def get_minutes_file_url(self, obj: ForumMeeting) -> str | None:
        return _file_url(self.context.get("request"), "organisation:meeting_file", obj, obj.minutes_file)


class MayChangeOrganisation(BasePermission):
    """Reads for whoever the queryset lets see; writes need ``organisation.change`` for the
    object's region (404 when the actor may not even see the region's private pages)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not can(request.user, "region.view_private", region_id=obj.region_id):
            raise Http404("region")
        return can(request.user, "organisation.change", region_id=obj.region_id)


class OrganisationViewSet(viewsets.ModelViewSet[Any]):
    """Shared plumbing: lookup by uid, region filter, permission checks, service calls."""

    lookup_field = "uid"
    lookup_value_regex = UID_REGEX
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    permission_classes = [MayChangeOrganisation]
    filter_backends: list[type] = []
    filter_serializer_class: type[serializers.Serializer[Any]] = RegionFilterSerializer

    def scoped_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def list_filters(self) -> dict[str, Any]:
        """The list's query parameters, checked (400 for a bad value); none for other actions."""
        if self.action != "list":
            return {}
        filters = self.filter_serializer_class(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return dict(filters.validated_data)

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.scoped_queryset()
        code = self.list_filters().get("region")
        if code:
            qs = qs.filter(region__code=code)
        return qs

    # --- hooks the concrete viewsets fill in
    def service_create(self, region: Region, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def service_update(self, obj: Any, data: dict[str, Any], version: int) -> Model:
        raise NotImplementedError

    def service_delete(self, obj: Any, version: int | None) -> None:
        raise NotImplementedError

    # --- the shared flow
    def writable_region(self, region: Region) -> Region:
        if not can(self.request.user, "region.view_private", region_id=region.pk):
            raise Http404("region")
        require(self.request.user, "organisation.change", region_id=region.pk)
        return region

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("row_version", None)
        region = self.writable_region(data.pop("region"))
        serializer.instance = self.service_create(region, data)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        obj: Any = serializer.instance
        data = dict(serializer.validated_data)
        if "row_version" not in data:
            raise serializers.ValidationError({"row_version": [str(ROW_VERSION_HELP)]})
        version = data.pop("row_version")
        region = data.pop("region", None)
        if region is not None and region.pk != obj.region_id:
            raise serializers.ValidationError({"region": [_("An item cannot move to another region.")]})
        serializer.instance = self.service_update(obj, data, version)

    def perform_destroy(self, instance: Any) -> None:
        query = DeleteQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        self.service_delete(instance, query.validated_data.get("row_version"))


@extend_schema_view(
    list=extend_schema(
        parameters=[AgencyFilterSerializer],
        description="Agencies (OPD): public names, listed for every region.",
    ),
    partial_update=extend_schema(description="Change an agency; `is_active: false` deactivates it."),
)
class AgencyViewSet(OrganisationViewSet):
    """Regional agencies (OPD). Deactivate with PATCH ``is_active: false``; they are never deleted."""

    serializer_class = AgencySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_serializer_class = AgencyFilterSerializer

    def scoped_queryset(self) -> QuerySet[Any]:
        qs = selectors.agency_list(actor=self.request.user, public=True)
        active = self.list_filters().get("active")
        if active is not None:
            qs = qs.filter(is_active=active)
        return qs

    def service_create(self, region: Region, data: dict[str, Any]) -> Model:
        data.pop("is_active", None)
        return services.agency_create(actor=self.request.user, region=region, **data)

    def service_update(self, obj: Any, data: dict[str, Any], version: int) -> Model:
        return services.agency_update(
            actor=self.request.user, agency=obj, data=data, expected_version=version
        )


@extend_schema_view(
    list=extend_schema(parameters=[RegionFilterSerializer]),
    destroy=extend_schema(parameters=[DeleteQuerySerializer]),
)
class DecreeViewSet(OrganisationViewSet):
    """Decrees (SK Bupati/Wali Kota) forming the Dewan, the Tim Pelaksana and the pokja."""

    serializer_class = DecreeSerializer

    def scoped_queryset(self) -> QuerySet[Any]:
        return selectors.decree_list(actor=self.request.user).order_by("region__code", "-date", "number")

    def service_create(self, region: Region, data: dict[str, Any]) -> Model:
        return services.decree_create(actor=self.request.user, region=region, **data)

    def service_update(self, obj: Any, data: dict[str, Any], version: int) -> Model:
        return services.decree_update(
            actor=self.request.user, decree=obj, data=data, expected_version=version
        )

    def service_delete(self, obj: Any, version: int | None) -> None:
        services.decree_delete(actor=self.request.user, decree=obj, expected_version=version)


@extend_schema_view(
    list=extend_schema(parameters=[BodyFilterSerializer]),
    destroy=extend_schema(parameters=[DeleteQuerySerializer]),
)
class BodyMemberViewSet(OrganisationViewSet):
    """Members of the Dewan Smart City and the Tim Pelaksana."""

    serializer_class = BodyMemberSerializer
    filter_serializer_class = BodyFilterSerializer

    def scoped_queryset(self) -> QuerySet[Any]:
        qs = selectors.body_member_list(actor=self.request.user)
        body = self.list_filters().get("body")
        if body:
            qs = qs.filter(body=body)
        return qs

    def service_create(self, region: Region, data: dict[str, Any]) -> Model:
        return services.body_member_create(actor=self.request.user, region=region, **data)

    def service_update(self, obj: Any, data: dict[str, Any], version: int) -> Model:
        return services.body_member_update(
            actor=self.request.user, member=obj, data=data, expected_version=version
        )

    def service_delete(self, obj: Any, version: int | None) -> None:
        services.body_member_delete(actor=self.request.user, member=obj, expected_version=version)


@extend_schema_view(
    list=extend_schema(parameters=[RegionFilterSerializer]),
    create=extend_schema(
        description="Form the pokja of a dimension, or replace its leading agency, head and decree "
        "(one pokja per dimension and region)."
    ),
    destroy=extend_schema(parameters=[DeleteQuerySerializer], description="Dissolve the pokja."),
)
class WorkingGroupViewSet(OrganisationViewSet):
    """Pokja: one per smart dimension and region, each led by an agency."""

    serializer_class = WorkingGroupSerializer

    def scoped_queryset(self) -> QuerySet[Any]:
        return selectors.working_group_list(actor=self.request.user)

    def service_create(self, region: Region, data: dict[str, Any]) -> Model:
        return services.working_group_set(actor=self.request.user, region=region, **data)

    def service_update(self, obj: Any, data: dict[str, Any], version: int) -> Model:
        dimension = data.pop("dimension", obj.dimension)
        if dimension.pk != obj.dimension_id:
            raise serializers.ValidationError({"dimension": [_("A pokja cannot move to another dimension.")]})
        return services.working_group_set(
            actor=self.request.user,
            region=obj.region,
            dimension=dimension,
            leading_agency=data.get("leading_agency", obj.leading_agency),
            lead_name=data.get("lead_name", obj.lead_name),
            decree=data.get("decree", obj.decree),
            expected_version=version,
        )

    def service_delete(self, obj: Any, version: int | None) -> None:
        services.working_group_delete(actor=self.request.user, working_group=obj, expected_version=version)


@extend_schema_view(
    list=extend_schema(parameters=[RegionFilterSerializer]),
    destroy=extend_schema(parameters=[DeleteQuerySerializer]),
)
class ForumMeetingViewSet(OrganisationViewSet):
    """Forum Smart City meetings and their minutes."""

    serializer_class = ForumMeetingSerializer

    def scoped_queryset(self) -> QuerySet[Any]:
        return selectors.forum_meeting_list(actor=self.request.user).order_by("region__code", "-date", "-id")

    def service_create(self, region: Region, data: dict[str, Any]) -> Model:
        return services.forum_meeting_create(actor=self.request.user, region=region, **data)

    def service_update(self, obj: Any, data: dict[str, Any], version: int) -> Model:
        return services.forum_meeting_update(
            actor=self.request.user, meeting=obj, data=data, expected_version=version
        )

    def service_delete(self, obj: Any, version: int | None) -> None:
        services.forum_meeting_delete(actor=self.request.user, meeting=obj, expected_version=version)


def register(router: Any) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("agencies", AgencyViewSet, basename="agency")
    router.register("decrees", DecreeViewSet, basename="decree")
    router.register("body-members", BodyMemberViewSet, basename="bodymember")
    router.register("working-groups", WorkingGroupViewSet, basename="workinggroup")
    router.register("forum-meetings", ForumMeetingViewSet, basename="forummeeting")

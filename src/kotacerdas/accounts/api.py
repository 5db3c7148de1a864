"""People API: users with their memberships (roles).

Those with ``people.manage`` (ministry admins) list, read and create people and add or remove
their roles, through ``services``; everyone signed in reads themselves at ``/people/me/``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kotacerdas.core.api_pagination import KeysetPagination
from kotacerdas.core.permissions import require
from kotacerdas.core.roles import Role
from kotacerdas.organisation.models import Agency
from kotacerdas.regions.models import Region

from . import selectors, services
from .models import Membership, User


@extend_schema_field(
    {"type": "string", "enum": list(Role.values), "description": "A role: " + ", ".join(Role.values)},
    component_name="Role",
)
class RoleField(serializers.ChoiceField):
    """A role, documented once as the ``Role`` component (other apps have fields named "role" too)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Role.choices, **kwargs)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    role = RoleField(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True)
    region_name = serializers.CharField(source="region.name", read_only=True, allow_null=True)
    agency = serializers.CharField(source="agency.code", read_only=True, allow_null=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "role", "role_label", "region", "region_name", "agency", "agency_name", "created_at"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer[User]):
    display_name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True, help_text="Email address (empty when unknown)")
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "username",
            "display_name",
            "full_name",
            "email",
            "position",
            "phone",
            "is_active",
            "date_joined",
            "last_login",
            "memberships",
        ]
        read_only_fields = fields


class PersonFilterSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, max_length=100, help_text="Username, name or email contains")
    role = RoleField(required=False, help_text="Has this role")


class PersonCreateSerializer(serializers.Serializer[Any]):
    """A new account has no password: the person sets one through the password-reset link."""

    username = serializers.CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_username(self, username: str) -> str:
        if username.lower() == "me":  # /people/me/ is the caller, so nobody can be called "me"
            raise serializers.ValidationError(_("This username is reserved."))
        return username


class MembershipAddSerializer(serializers.Serializer[Any]):
    role = RoleField()
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        help_text="Kemendagri code: the region of a pendamping, a coordinator or an agency officer",
    )
    agency = serializers.SlugField(
        max_length=40, required=False, allow_blank=True, help_text="Agency code within the region (officers)"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        code = attrs.get("agency") or ""
        attrs["agency"] = None
        if code:
            region = attrs.get("region")
            if region is None:
                raise serializers.ValidationError({"region": _("Name the agency's region.")})
            attrs["agency"] = Agency.objects.filter(region=region, code=code).first()
            if attrs["agency"] is None:
                raise serializers.ValidationError({"agency": _("Unknown agency.")})
        return attrs


USERNAME_PARAM = OpenApiParameter(
    "username",
    str,
    OpenApiParameter.PATH,
    pattern=r"^[\w.@+-]+$",
    examples=[OpenApiExample("A coordinator", value="koord_a")],
)
MEMBERSHIP_PARAM = OpenApiParameter(
    "membership_id", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH, description="Membership id"
)


def _person(user_id: Any) -> User:
    """One person with their memberships (regions and agencies joined): one query each."""
    return User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("region", "agency"))
    ).get(pk=user_id)


@extend_schema_view(
    list=extend_schema(
        summary="Everyone, with their roles (people.manage)",
        parameters=[PersonFilterSerializer],
        responses=PersonSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One person (people.manage, or oneself)", parameters=[USERNAME_PARAM]),
    me=extend_schema(summary="The signed-in person and their roles"),
    create=extend_schema(
        summary="Create an account (people.manage)",
        request=PersonCreateSerializer,
        responses={201: PersonSerializer},
    ),
    memberships=extend_schema(
        summary="Give a person a role (people.manage)",
        parameters=[USERNAME_PARAM],
        request=MembershipAddSerializer,
        responses={201: PersonSerializer},
    ),
    membership_remove=extend_schema(
        summary="Take a role away (people.manage)",
        parameters=[USERNAME_PARAM, MEMBERSHIP_PARAM],
        request=None,
        responses={204: None},
    ),
)
class PersonViewSet(viewsets.GenericViewSet[User]):
    """People who sign in, and their roles (memberships)."""

    serializer_class = PersonSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "username"
    lookup_value_regex = r"[\w.@+-]+"
    filter_backends: list[type] = []
    pagination_class = KeysetPagination  # people across the country: cursor pages
    keyset_ordering = ["username"]

    def _managed(self, username: str) -> User:
        require(self.request.user, "people.manage")
        return selectors.user_get_for_actor(actor=self.request.user, username=username)

    def list(self, request: Request) -> Response:
        require(request.user, "people.manage")
        filters = PersonFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.user_list(
            actor=request.user,
            query=filters.validated_data.get("q", "").strip(),
            role=filters.validated_data.get("role", ""),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PersonSerializer(page, many=True).data)

    def retrieve(self, request: Request, username: str) -> Response:
        if username == request.user.get_username():
            return Response(PersonSerializer(_person(request.user.pk)).data)
        return Response(PersonSerializer(self._managed(username)).data)

    @action(detail=False, methods=["get"])
    def me(self, request: Request) -> Response:
        return Response(PersonSerializer(_person(request.user.pk)).data)

    def create(self, request: Request) -> Response:
        require(request.user, "people.manage")
        data = PersonCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(actor=request.user, **data.validated_data)
        response = Response(PersonSerializer(_person(user.pk)).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:person-detail", args=[user.username])
        return response

    @action(detail=True, methods=["post"])
    def memberships(self, request: Request, username: str) -> Response:
        person = self._managed(username)
        data = MembershipAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        region, agency = data.validated_data.get("region"), data.validated_data["agency"]
        services.membership_add(
            actor=request.user,
            user=person,
            role=data.validated_data["role"],
            region_id=region.pk if region else None,
            agency_id=agency.pk if agency else None,
        )
        return Response(PersonSerializer(_person(person.pk)).data, status=status.HTTP_201_CREATED)

    @action(
        detail=True,
        methods=["delete"],
        url_path=r"memberships/(?P<membership_id>\d+)",
        url_name="membership",
    )
    def membership_remove(self, request: Request, username: str, membership_id: str) -> Response:
        person = self._managed(username)
        membership = person.memberships.filter(pk=int(membership_id)).first()
        if membership is None:
            raise NotFound(_("Not found."))
        services.membership_remove(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: Any) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("people", PersonViewSet, basename="person")

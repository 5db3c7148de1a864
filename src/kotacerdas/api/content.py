"""What the API answers with, whatever the client asks for.

- JSON when the ``Accept`` header names nothing the endpoint renders: a browser sends
  ``Accept: text/html``, and gets the JSON (there is no browsable HTML API; the OpenAPI docs page
  at /api/v1/docs/ is the human view).
- ``OPTIONS`` says what an endpoint renders and parses. Its fields are described by the OpenAPI
  schema (/api/v1/schema/), so ``OPTIONS`` does not build serializers or look objects up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import exceptions
from rest_framework.metadata import BaseMetadata
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class JsonFallbackNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, but an ``Accept`` header that matches no renderer gets the endpoint's
    first renderer (JSON) instead of 406. An explicit unknown ``?format=`` stays a 404."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            return renderers[0], renderers[0].media_type


class DescribeMetadata(BaseMetadata):
    """The answer to ``OPTIONS``: the endpoint's name, description, and media types."""

    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }

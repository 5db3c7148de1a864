"""Corrections to the generated OpenAPI schema so that it says what the API answers.

``paging_bounds`` (a drf-spectacular post-processing hook): the paging parameters of every list
carry their bounds (``page`` from 1, ``page_size`` from 1 to the maximum), which
``api.middleware`` enforces with 400 and the pagination class with 404 for a page past the end.
"""

from __future__ import annotations

from typing import Any

from .middleware import PAGE_SIZE_PARAM, max_page_size


def paging_bounds(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    limit = max_page_size()
    bounds = {
        "page": {"type": "integer", "minimum": 1},
        PAGE_SIZE_PARAM: {"type": "integer", "minimum": 1, **({"maximum": limit} if limit else {})},
    }
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and parameter.get("name") in bounds:
                    parameter["schema"] = dict(bounds[parameter["name"]])
    return result

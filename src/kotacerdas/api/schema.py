"""Corrections to the generated OpenAPI schema so that it says what the API answers.

``paging_bounds`` (a drf-spectacular post-processing hook): the ``page`` parameter of every
numbered list starts at 1 (the pagination class answers 404 past the end); ``page_size``
carries its bounds from the pagination classes themselves (``core/api_pagination.py``).
"""

from __future__ import annotations

from typing import Any


def paging_bounds(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and parameter.get("name") == "page":
                    parameter["schema"] = {"type": "integer", "minimum": 1}
    return result

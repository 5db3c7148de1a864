"""The OpenAPI schema: a valid OpenAPI 3 document that says what the API answers (the error
shape, nullable values, paging bounds, 409 and 429). ``test_api_fuzz.py`` holds the API to it."""

from __future__ import annotations

from typing import Any

from django.test import Client

SCHEMA_URL = "/api/v1/schema/"


def _schema_document() -> dict[str, Any]:
    response = Client().get(f"{SCHEMA_URL}?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def _validate(document: dict[str, Any]) -> None:
    """The official OpenAPI 3.0 JSON schema: openapi-spec-validator when present, else the copy
    drf-spectacular ships (checked with jsonschema)."""
    try:
        from openapi_spec_validator import validate
    except ImportError:
        from drf_spectacular.validation import validate_schema as validate
    validate(document)


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def test_schema_is_a_valid_openapi_3_document(db):
    document = _schema_document()
    assert document["openapi"].startswith("3.")
    _validate(document)
    schemas = document["components"]["schemas"]
    missing = {r for r in _refs(document) if r.removeprefix("#/components/schemas/") not in schemas}
    assert not missing, f"unresolved references: {missing}"
    operation_ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for path in (
        "/api/v1/regions/",
        "/api/v1/cohorts/",
        "/api/v1/participations/{code}/advance/",
        "/api/v1/participations/{code}/mou/",
        "/api/v1/people/me/",
        "/api/v1/audit-events/",
        "/api/v1/jobs/{code}/",
        "/api/v1/monitoring/reports/",
        "/api/v1/monitoring/regions/{code}/progress/",
    ):
        assert path in document["paths"], path
    upsert = document["paths"]["/api/v1/monitoring/reports/"]["put"]["responses"]
    assert {"200", "201", "400", "401", "403", "409"} <= set(upsert)


def test_error_shape_is_documented(db):
    document = _schema_document()
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    detail = document["paths"]["/api/v1/participations/{code}/"]["patch"]["responses"]
    for status in ("400", "401", "403", "404", "409"):
        assert detail[status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    mou = document["paths"]["/api/v1/participations/{code}/mou/"]["post"]["requestBody"]["content"]
    assert mou["multipart/form-data"]["schema"]["$ref"].endswith("MoURecordRequest")


def test_docs_page(db):
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    # the page's script is served apart (no inline script under the Content-Security-Policy)
    script = Client().get("/api/v1/docs/?script=")
    assert script.status_code == 200 and SCHEMA_URL.encode() in script.content


def _property(document: dict[str, Any], component: str, name: str) -> dict[str, Any]:
    return document["components"]["schemas"][component]["properties"][name]


def test_values_that_can_be_empty_or_null_are_documented_so(db):
    document = _schema_document()
    for component, name in [
        ("Decree", "document_url"),
        ("ForumMeeting", "minutes_file_url"),
        ("MoU", "document"),
        ("Version", "ratification_document"),
    ]:
        assert _property(document, component, name).get("nullable") is True, (component, name)
    kind = _property(document, "Version", "ratification_kind")
    assert {"$ref": "#/components/schemas/BlankEnum"} in kind["oneOf"]
    assert "format" not in _property(document, "Person", "email")  # empty when unknown


def test_the_worksheet_400_may_come_without_rows(db):
    document = _schema_document()
    detail = document["components"]["schemas"]["WorksheetErrorDetail"]
    assert set(detail["required"]) == {"code", "message"}
    assert {"rows", "fields"} <= set(detail["properties"])


def test_409_and_429_are_documented(db):
    document = _schema_document()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if method in {"post", "put", "patch", "delete"} and path != "/api/v1/auth/token/":
                assert "409" in responses, (method, path)
            if path not in {"/api/v1/schema/", "/api/v1/docs/"}:
                assert "429" in responses, (method, path)
    conflict = document["components"]["schemas"]["ErrorDetail"]["properties"]["current"]
    assert "row_version" in conflict["description"]


def test_paging_parameters_carry_their_bounds(db):
    document = _schema_document()
    lists = [op for item in document["paths"].values() for op in item.values() if "parameters" in op]
    paged = [p for op in lists for p in op["parameters"] if p["name"] in {"page", "page_size"}]
    assert len(paged) > 20
    for parameter in paged:
        assert parameter["schema"]["minimum"] == 1
        if parameter["name"] == "page_size":
            assert parameter["schema"]["maximum"] == 500

"""Runs every case of the permission matrix for every role, and checks every URL has a case.

One test per case: the world and the case's ``setup`` and ``path`` are built once, then each role
makes its request inside a savepoint that is rolled back, so every role sees the same state (a
write allowed for one role is gone before the next one asks). A write refused to a role (an
error status, or the login redirect for an anonymous caller) must have written nothing: no
audit event (but the failed-login event of a refused sign-in), no row added or removed, no
``row_version`` raised, in any table.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver

from . import __path__ as matrix_path
from .cases import ROLES, Case

EXEMPT = {"set_language"}  # Django's own language switch
EXEMPT_PREFIXES = ("admin:",)  # Django admin: ministry admins only, tested in test_admin.py
SAFE_METHODS = {"get", "head", "options"}
# Sessions change with every sign-in and sign-out; they are not the application's data.
NOT_DATA = {"sessions.session"}
# A refused sign-in is itself recorded (a failed-login audit event): that row is expected.
AUDIT_EXPECTED_ON_REFUSAL = "login_failed"


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for module in pkgutil.iter_modules(matrix_path):
        if module.name.startswith("cases_"):
            cases.extend(importlib.import_module(f"{__package__}.{module.name}").CASES)
    return cases


CASES = _all_cases()


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_has_a_case():
    covered = {case.url_name for case in CASES}
    names = {n for n in _url_names(get_resolver()) if n not in EXEMPT and not n.startswith(EXEMPT_PREFIXES)}
    names = {n for n in names if not n.endswith(("-format", ":api-root-format"))}
    missing = sorted(names - covered)
    assert not missing, f"URLs without a permission-matrix case: {missing}"


def _fingerprint_sql() -> tuple[list[str], str]:
    """One query that counts the rows of every model's table (and sums ``row_version`` where
    a table has it): equal fingerprints mean nothing was added, removed or versioned up."""
    labels: list[str] = []
    parts: list[str] = []
    quote = connection.ops.quote_name
    for model in apps.get_models():
        meta = model._meta
        if meta.label_lower in NOT_DATA or not meta.managed or meta.proxy:
            continue
        table = quote(meta.db_table)
        labels.append(f"{meta.label_lower} rows")
        if meta.label_lower == "core.auditevent":
            parts.append(f"(SELECT COUNT(*) FROM {table} WHERE {quote('action')} <> %s)")
        else:
            parts.append(f"(SELECT COUNT(*) FROM {table})")
        if any(f.column == "row_version" for f in meta.concrete_fields):
            labels.append(f"{meta.label_lower} row_version")
            parts.append(f"(SELECT COALESCE(SUM({quote('row_version')}), 0) FROM {table})")
    return labels, "SELECT " + ", ".join(parts)


def _fingerprint() -> dict[str, int]:
    labels, sql = _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [AUDIT_EXPECTED_ON_REFUSAL])
        row = cursor.fetchone()
    return dict(zip(labels, (int(v) for v in row), strict=True))


def _close(response: Any) -> None:
    """Close a response (file downloads hold their file open until closed) as the test client
    does: without ``close_old_connections``, which would drop PostgreSQL's connection inside the
    test's transaction (the next role's request would find it closed)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _refused(role: str, status: int) -> bool:
    return status >= 400 or (role == "anonymous" and status == 302)


def _request(world: Any, case: Case, role: str, path: str) -> tuple[int, list[str]]:
    """One role's request; the status and what a refused write changed (nothing, if it is right)."""
    client = world.client_for(role)
    kwargs: dict[str, Any] = {}
    if case.data is not None:
        kwargs["data"] = case.data(world)
    if case.content_type:
        kwargs["content_type"] = case.content_type
    checks_writes = case.method not in SAFE_METHODS
    before = _fingerprint() if checks_writes else {}
    try:
        response = getattr(client, case.method)(path, **kwargs)
    except Exception as exc:
        raise AssertionError(f"{role} {case.method.upper()} {path} raised {exc!r}") from exc
    _close(response)
    status = response.status_code
    changed: list[str] = []
    if checks_writes and _refused(role, status):
        after = _fingerprint()
        changed = [f"{k} {before[k]} -> {after[k]}" for k in before if before[k] != after[k]]
    return status, changed


@pytest.mark.parametrize("case", CASES, ids=[c.label() for c in CASES])
def test_matrix(world, case: Case):
    if case.setup:
        case.setup(world)
    path = case.path(world)
    wrong: list[str] = []
    for role in ROLES:
        cache.clear()  # login counters and API throttles start at zero for each role
        with transaction.atomic():
            status, changed = _request(world, case, role, path)
            transaction.set_rollback(True)
        if status != case.expect[role]:
            wrong.append(f"{role} {case.method.upper()} {path}: {status}, expected {case.expect[role]}")
        elif changed:
            wrong.append(f"{role} {case.method.upper()} {path} was refused ({status}) but wrote: {changed}")
    assert not wrong, "\n".join(wrong)

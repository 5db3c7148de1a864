"""Runs every case of the permission matrix for every role, and checks every URL has a case."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from . import __path__ as matrix_path
from .cases import ROLES, Case

EXEMPT = {"set_language"}  # Django's own language switch
EXEMPT_PREFIXES = ("admin:",)  # Django admin: ministry admins only, tested in test_admin.py


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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.label() for c in CASES])
def test_matrix(world, case: Case, role: str):
    if case.setup:
        case.setup(world)
    path = case.path(world)
    client = world.client_for(role)
    kwargs = {}
    if case.data is not None:
        kwargs["data"] = case.data(world)
    if case.content_type:
        kwargs["content_type"] = case.content_type
    response = getattr(client, case.method)(path, **kwargs)
    response.close()  # file downloads hold their file open until closed
    assert response.status_code == case.expect[role], (
        f"{role} {case.method.upper()} {path}: {response.status_code}, expected {case.expect[role]}"
    )

"""The layer contract (`make lint`, import-linter over grimp): dependencies point one way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the package and its pyproject.toml, to break on purpose."""
    shutil.copytree(
        ROOT / "src" / "kotacerdas",
        tmp_path / "src" / "kotacerdas",
        ignore=shutil.ignore_patterns("static", "locale", "templates", "__pycache__", "data"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_the_contract() -> None:
    result = _lint_imports(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_importing_a_domain_app_breaks_the_contract(package_copy: Path) -> None:
    services = package_copy / "src" / "kotacerdas" / "core" / "services.py"
    services.write_text(services.read_text() + "\nfrom kotacerdas.masterplans import models  # noqa\n")
    result = _lint_imports(package_copy, package_copy / "src")
    assert result.returncode != 0
    assert "kotacerdas.core is not allowed to import kotacerdas.masterplans" in result.stdout
    assert "kotacerdas.core.services -> kotacerdas.masterplans.models" in result.stdout


def test_a_domain_app_importing_a_higher_one_breaks_the_contract(package_copy: Path) -> None:
    services = package_copy / "src" / "kotacerdas" / "programme" / "services.py"
    services.write_text(services.read_text() + "\nfrom kotacerdas.masterplans import selectors  # noqa\n")
    result = _lint_imports(package_copy, package_copy / "src")
    assert result.returncode != 0
    assert "kotacerdas.programme is not allowed to import kotacerdas.masterplans" in result.stdout


def test_notifications_importing_a_domain_app_breaks_the_contract(package_copy: Path) -> None:
    """Notifications sit just above core: every app may notify, so they import none of them."""
    services = package_copy / "src" / "kotacerdas" / "notifications" / "services.py"
    services.write_text(services.read_text() + "\nfrom kotacerdas.regions import models  # noqa\n")
    result = _lint_imports(package_copy, package_copy / "src")
    assert result.returncode != 0
    assert "kotacerdas.notifications is not allowed to import kotacerdas.regions" in result.stdout

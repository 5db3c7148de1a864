"""Sessions and logins: shared login counters, idle and browser-bound sessions, expiring API
tokens, password hashing, security headers, rate-limited documents, replaced files."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from kotacerdas import settings as project_settings
from kotacerdas.accounts.middleware import LAST_SEEN_KEY
from kotacerdas.accounts.models import User
from kotacerdas.core.checks import shared_cache_check
from kotacerdas.core.models import AuditEvent
from kotacerdas.programme import services as programme_services
from kotacerdas.programme.models import MoU

from .factories import CohortFactory

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kotacerdas_cache"}
}
SRC = Path(__file__).resolve().parent.parent / "src"


# --- login counters in the shared cache -----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "KOTACERDAS_ENV"}}
    env.update(
        {
            "KOTACERDAS_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "kotacerdas.settings",
            "PYTHONPATH": str(SRC),
            **extra,
        }
    )
    return env


def _kotacerdas(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "kotacerdas", *args], env=env, check=True, capture_output=True)


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else "server exited"
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{base} did not start")


class Browser:
    """One person's browser: cookies shared by both servers (same host, other port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self, base: str) -> str:
        self.opener.open(f"{base}/akun/masuk/", timeout=30).read()
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, base: str, username: str, password: str) -> int:
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf(base)}
        ).encode()
        request = urllib.request.Request(f"{base}/akun/masuk/", data=body, headers={"Referer": base})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)


def test_sixth_wrong_password_is_refused_by_either_server_process(tmp_path):
    """Two server processes with the default settings (database cache) count failures together."""
    env = _env(tmp_path / "var")
    _kotacerdas(env, "migrate", "--noinput")
    _kotacerdas(
        env,
        "shell",
        "-c",
        "from kotacerdas.accounts.models import User; "
        "User.objects.create_user('ganda', password='secret-pass-123')",
    )
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "kotacerdas", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, server in zip(bases, servers, strict=True):
            _wait_until_up(base, server)
        browser = Browser()
        limit = project_settings.LOGIN_FAILURE_LIMIT
        assert limit == 5
        for attempt in range(limit):  # wrong passwords, answered in turn by each process
            assert browser.login(bases[attempt % 2], "ganda", "wrong") == 200
        # the sixth attempt is refused whichever process answers, even with the right password
        assert browser.login(bases[0], "ganda", "secret-pass-123") == 429
        assert browser.login(bases[1], "ganda", "secret-pass-123") == 429
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
            if server.stderr:
                server.stderr.close()


def test_login_limit_with_the_database_cache(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    with override_settings(CACHES=DATABASE_CACHE):  # restored before the fixtures' teardown
        for _ in range(2):
            assert (
                client.post("/akun/masuk/", {"username": "koord_a", "password": "wrong"}).status_code == 200
            )
        blocked = client.post("/akun/masuk/", {"username": "koord_a", "password": "secret-pass-123"})
        assert blocked.status_code == 429


def test_success_does_not_reset_the_address_counter(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    assert client.post("/akun/masuk/", {"username": "nobody1", "password": "x"}).status_code == 200
    assert client.post("/akun/masuk/", {"username": "nobody2", "password": "x"}).status_code == 200
    assert (
        client.post("/akun/masuk/", {"username": "koord_a", "password": "secret-pass-123"}).status_code == 302
    )
    other = Client()  # same address, another browser
    assert other.post("/akun/masuk/", {"username": "nobody3", "password": "x"}).status_code == 200
    assert (
        other.post("/akun/masuk/", {"username": "koord_b", "password": "secret-pass-123"}).status_code == 429
    )


def test_deploy_check_warns_on_a_per_process_cache():
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        assert [m.id for m in shared_cache_check()] == ["kotacerdas.W001"]
    with override_settings(CACHES=DATABASE_CACHE):
        assert shared_cache_check() == []
    assert project_settings.CACHES["default"]["BACKEND"] in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


# --- sessions ---------------------------------------------------------------------------------


def test_sessions_end_with_the_browser(world, client):
    response = client.post("/akun/masuk/", {"username": "koord_a", "password": "secret-pass-123"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert project_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_idle_session_is_signed_out(world, settings):
    assert project_settings.SESSION_IDLE_MINUTES == 30
    settings.SESSION_IDLE_MINUTES = 30
    client = world.client_for("coordinator_a")
    assert client.get("/jejak-audit/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 29 * 60  # active 29 minutes ago: still signed in
    session.save()
    assert client.get("/jejak-audit/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5  # the activity was noted
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/jejak-audit/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    assert "_auth_user_id" not in client.session


# --- API tokens -------------------------------------------------------------------------------


def _token(username: str = "koord_a") -> str:
    response = Client().post("/api/v1/auth/token/", {"username": username, "password": "secret-pass-123"})
    assert response.status_code == 200, response.content
    assert response.json()["expires_at"]
    return str(response.json()["token"])


def _me(token: str) -> int:
    return Client().get("/api/v1/people/me/", headers={"authorization": f"Token {token}"}).status_code


def test_expired_token_is_refused(world, settings):
    settings.API_TOKEN_HOURS = 24
    token = _token()
    assert _me(token) == 200
    Token.objects.filter(key=token).update(created=timezone.now() - dt.timedelta(hours=23))
    assert _me(token) == 200
    Token.objects.filter(key=token).update(created=timezone.now() - dt.timedelta(hours=24, seconds=1))
    assert _me(token) == 401
    assert not Token.objects.filter(key=token).exists()
    fresh = _token()  # signing in again gives a new, working token
    assert fresh != token and _me(fresh) == 200


def test_token_is_refused_after_a_password_change(world):
    token = _token()
    client = Client()
    client.force_login(world.users["coordinator_a"])
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": "secret-pass-123",
            "new_password1": "an0ther-Long-pass",
            "new_password2": "an0ther-Long-pass",
        },
    )
    assert response.status_code == 302
    assert _me(token) == 401
    assert not Token.objects.filter(user=world.users["coordinator_a"]).exists()
    assert client.get("/jejak-audit/").status_code == 200  # the session that changed it stays
    assert AuditEvent.objects.filter(object_type="accounts.user", action="update").exists()


def test_token_is_refused_after_a_password_set_elsewhere(world):
    """A reset link, the Django admin or a command: every change goes through set_password."""
    token = _token()
    user = User.objects.get(username="koord_a")
    user.set_password("reset-by-link-123")
    user.save()
    assert _me(token) == 401


def test_token_is_refused_after_deactivation(world):
    token = _token("koord_b")
    person_client = world.client_for("coordinator_b")
    admin = world.client_for("ministry_admin")
    assert admin.post("/akun/orang/koord_b/nonaktifkan/").status_code == 302
    assert User.objects.get(username="koord_b").is_active is False
    assert not Token.objects.filter(user__username="koord_b").exists()
    assert _me(token) == 401
    assert person_client.get("/jejak-audit/").status_code == 302  # their session ended too
    change = AuditEvent.objects.get(object_type="accounts.user", action="update")
    assert change.changes == {"is_active": [True, False]}


def test_deactivation_is_refused_for_oneself_and_others(world):
    admin = world.client_for("ministry_admin")
    admin.post("/akun/orang/admin/nonaktifkan/")
    assert User.objects.get(username="admin").is_active is True
    assert world.client_for("coordinator_a").post("/akun/orang/koord_b/nonaktifkan/").status_code == 403
    assert User.objects.get(username="koord_b").is_active is True


# --- passwords --------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2(settings):
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("secret-pass-123").startswith("argon2$argon2id$")


# --- headers ----------------------------------------------------------------------------------


def test_production_settings_send_csp_and_permissions_policy(tmp_path):
    """A process with production settings: the headers on a real response."""
    env = _env(
        tmp_path,
        KOTACERDAS_ENV="production",
        SECRET_KEY="test-only-" + "x" * 60,
        ALLOWED_HOSTS="kotacerdas.example",
    )
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/health/', secure=True, headers={'host': 'kotacerdas.example'})\n"
        "print(r.status_code)\n"
        "print(r.headers.get('Content-Security-Policy', ''))\n"
        "print(r.headers.get('Permissions-Policy', ''))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    status, csp, permissions = out[-3:]
    assert status == "200"
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # the nonce is added only when a page uses it
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "camera=()" in permissions and "geolocation=()" in permissions


def test_pages_send_the_policy_and_need_no_inline_script(world, settings):
    settings.SECURE_CSP = project_settings.CONTENT_SECURITY_POLICY
    response = world.client_for("coordinator_a").get("/jejak-audit/")
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "Permissions-Policy" in response.headers


def test_templates_have_no_inline_scripts_or_event_handlers():
    """Under the policy they would not run: behaviour goes in static/kotacerdas/*.js."""
    handler = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
    inline_script = re.compile(r"<script(?![^>]*\b(src|nonce)=)[^>]*>", re.S)
    offenders = []
    for path in (SRC / "kotacerdas").rglob("*.html"):
        text = path.read_text()
        if handler.search(text) or inline_script.search(text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


# --- document generation rate -----------------------------------------------------------------


def test_rate_hit_counts_per_scope_and_ident_in_the_shared_cache(world):
    from kotacerdas.core.ratelimit import rate_hit

    assert [rate_hit(scope="t", ident="user:1", rate="2/hour") for _ in range(2)] == [0, 0]
    retry = rate_hit(scope="t", ident="user:1", rate="2/hour")
    assert 1 <= retry <= 3600
    # another person, and another scope, have their own allowance
    assert rate_hit(scope="t", ident="user:2", rate="2/hour") == 0
    assert rate_hit(scope="u", ident="user:1", rate="2/hour") == 0


# --- replaced files ---------------------------------------------------------------------------


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.mark.django_db(transaction=True)
def test_replaced_mou_file_is_deleted_after_commit_and_kept_on_rollback(world):
    CohortFactory(year=2022)
    participation = programme_services.participation_enrol(
        actor=world.users["ministry_admin"],
        region_code="52.04",
        cohort_year=2022,
        selected_on=dt.date(2022, 1, 10),
    )

    def record(document: SimpleUploadedFile) -> MoU:
        return programme_services.mou_record(
            actor=None,
            participation=participation,
            number="MOU/1/2022",
            date=dt.date(2022, 2, 1),
            signatories="Bupati",
            document=document,
        )

    first = record(_pdf("first.pdf")).document.name
    assert default_storage.exists(first)
    second = record(_pdf("second.pdf")).document.name
    assert second != first and default_storage.exists(second)
    assert not default_storage.exists(first)  # gone once the change committed

    with pytest.raises(RuntimeError), transaction.atomic():
        record(_pdf("third.pdf"))
        raise RuntimeError("the surrounding change fails")
    assert MoU.objects.get().document.name == second
    assert default_storage.exists(second)  # rolled back: the current file stays


def test_rates_are_parsed_or_refused():
    from kotacerdas.core.ratelimit import rate_parse

    assert rate_parse("10/min") == (10, 60) and rate_parse("100/day") == (100, 86400)
    for bad in ("ten/min", "10/fortnight", "10"):
        with pytest.raises(ValueError):
            rate_parse(bad)
    assert rate_parse(project_settings.DOCUMENT_RATE)  # the setting's default is valid

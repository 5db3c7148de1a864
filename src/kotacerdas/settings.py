"""Kota Cerdas settings: one module, driven by the environment.

With no environment at all it runs locally on SQLite (``var/kotacerdas.sqlite3``).
``KOTACERDAS_ENV=production`` turns on the production defaults (DEBUG off, secure cookies,
HSTS, a required SECRET_KEY). See ``docs/operators/settings.md`` for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("KOTACERDAS_HOME", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("KOTACERDAS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("KOTACERDAS_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when KOTACERDAS_ENV=production.")
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdefghijklmnop"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "kotacerdas.core.error_pages.csrf_failure"  # the layout; JSON under /api/v1/

# Demo mode creates the demo logins; production never does.
DEMO_MODE = env_bool("KOTACERDAS_DEMO", not PRODUCTION) and not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "kotacerdas.core",
    "kotacerdas.notifications",
    "kotacerdas.accounts",
    "kotacerdas.regions",
    "kotacerdas.programme",
    "kotacerdas.organisation",
    "kotacerdas.masterplans",
    "kotacerdas.monitoring",
    "kotacerdas.evaluation",
    "kotacerdas.api",
    "kotacerdas.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kotacerdas.api.middleware.ApiErrorMiddleware",  # errors under /api/v1/ as JSON
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kotacerdas.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kotacerdas.core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kotacerdas.urls"
WSGI_APPLICATION = "kotacerdas.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["kotacerdas.accounts.backends.RoleBackend"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "kotacerdas.site.context_processors.navigation",
            ],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "kotacerdas.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A table in the database every worker shares, so login counters and API throttles hold
    # across processes and servers with no extra service (created by the core migrations;
    # `kotacerdas createcachetable` re-creates it). `check --deploy` warns on a per-process cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": os.environ.get("KOTACERDAS_CACHE_TABLE", "kotacerdas_cache"),
        }
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("KOTACERDAS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Master-plan documents: seconds per programme or action row to expect when choosing between
# rendering in the request and a background job (unset: what the app measures on its renders).
DOCUMENTS_SECONDS_PER_ROW = float(os.environ.get("KOTACERDAS_DOCUMENTS_SECONDS_PER_ROW") or 0) or None

# Argon2id for new and changed passwords; older hashes still verify and are upgraded at sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
# Login rate limit: this many failures per username or per address within the window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("KOTACERDAS_LOGIN_FAILURE_LIMIT", "5"))
# Per client address the limit is higher: many people may share one office address.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("KOTACERDAS_LOGIN_FAILURE_LIMIT_PER_ADDRESS", "50"))
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("KOTACERDAS_TRUSTED_PROXY_COUNT", "0"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("KOTACERDAS_LOGIN_FAILURE_WINDOW", "900"))
# Sessions end with the browser, and after this many minutes without a request (everyone who
# signs in is programme staff; the public never signs in).
SESSION_IDLE_MINUTES = int(os.environ.get("KOTACERDAS_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# API tokens expire this many hours after they were issued; a password change or a deactivated
# account revokes them at once.
API_TOKEN_HOURS = int(os.environ.get("KOTACERDAS_API_TOKEN_HOURS", "24"))
# PDF/DOCX generation per signed-in person (n/second, minute, hour or day).
DOCUMENT_RATE = os.environ.get("KOTACERDAS_DOCUMENT_RATE", "10/min")
# Background jobs: finished jobs (and their temporary files) older than this many days are
# removed by `kotacerdas jobs_cleanup`.
JOB_RETENTION_DAYS = int(os.environ.get("KOTACERDAS_JOB_RETENTION_DAYS", "30"))
# `kotacerdas send_reminders` reminds agencies of reports due within this many days (--days overrides it).
REMINDER_DAYS = int(os.environ.get("KOTACERDAS_REMINDER_DAYS", "7"))

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("KOTACERDAS_STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it to exist
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KOTACERDAS_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: documents (MoU, SK, minutes, ratification) and worksheets.
MAX_UPLOAD_BYTES = int(os.environ.get("KOTACERDAS_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
# Evidence files of progress reports (PDF, PNG, JPEG, .xlsx, .docx: core.files.evidence_check).
EVIDENCE_MAX_BYTES = int(os.environ.get("KOTACERDAS_EVIDENCE_MAX_BYTES") or 10 * 1024 * 1024)
# An uploaded image with more pixels than this is refused before it is decoded.
IMAGE_MAX_PIXELS = int(os.environ.get("KOTACERDAS_IMAGE_MAX_PIXELS") or 40_000_000)
# Master-plan worksheets (.xlsx) larger than this are refused before they are read.
KOTACERDAS_MAX_WORKSHEET_BYTES = int(os.environ.get("KOTACERDAS_MAX_WORKSHEET_BYTES", str(20 * 1024 * 1024)))
# Every workbook (.xlsx) is checked against these bounds before it is parsed (core.workbooks):
# its parts once unpacked (each and together), the rows of each sheet, and a time budget.
WORKBOOK_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("KOTACERDAS_WORKBOOK_MAX_UNCOMPRESSED_BYTES", str(64 * 1024 * 1024))
)
WORKBOOK_MAX_PART_BYTES = int(os.environ.get("KOTACERDAS_WORKBOOK_MAX_PART_BYTES", str(32 * 1024 * 1024)))
WORKBOOK_MAX_ROWS = int(os.environ.get("KOTACERDAS_WORKBOOK_MAX_ROWS", "100000"))
WORKBOOK_TIME_BUDGET_SECONDS = float(os.environ.get("KOTACERDAS_WORKBOOK_TIME_BUDGET_SECONDS", "60"))
# Workbooks with more rows than this (all sheets together) are read by a background job.
WORKBOOK_BACKGROUND_ROWS = int(os.environ.get("KOTACERDAS_WORKBOOK_BACKGROUND_ROWS", "5000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email (Django 6.1 MAILERS): SMTP in production, the console locally.
if os.environ.get("EMAIL_HOST") or PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kota Cerdas <noreply@kotacerdas.localhost>")
# The site's public address, for links in e-mails sent outside a request (notifications).
SITE_URL = os.environ.get("KOTACERDAS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "kotacerdas.accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON only, also for a browser's "Accept: text/html"; OPTIONS without serializer forms.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "kotacerdas.api.content.JsonFallbackNegotiation",
    "DEFAULT_METADATA_CLASS": "kotacerdas.api.content.DescribeMetadata",
    "DEFAULT_PAGINATION_CLASS": "kotacerdas.core.api_pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "kotacerdas.core.api_errors.ErrorResponsesAutoSchema",
    "EXCEPTION_HANDLER": "kotacerdas.core.api_errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("KOTACERDAS_API_ANON_RATE", "600/min"),
        "user": os.environ.get("KOTACERDAS_API_USER_RATE", "3000/min"),
    },
    "NUM_PROXIES": int(os.environ.get("KOTACERDAS_TRUSTED_PROXY_COUNT", "0")) or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kota Cerdas API",
    "DESCRIPTION": "REST API of Kota Cerdas, Indonesia's national smart-city programme platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kotacerdas.api.schema.paging_bounds",
    ],
    # Choice sets that share a field name across apps get explicit names (no enum collisions).
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "kotacerdas.core.roles.Role",
        "BodyRoleEnum": "kotacerdas.organisation.choices.BodyRole",
        "ReportStateEnum": "kotacerdas.monitoring.choices.ReportState",
        "ReportKindEnum": "kotacerdas.monitoring.serializers.REPORT_KINDS",
        "FindingKindEnum": "kotacerdas.evaluation.choices.FindingKind",
        "EvaluationPhaseEnum": "kotacerdas.evaluation.choices.Phase",
        "EvaluationStageEnum": "kotacerdas.evaluation.choices.Stage",
        "ProgrammeStageEnum": "kotacerdas.programme.choices.Stage",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy: scripts only from this site (inline scripts need the request's nonce,
# `{{ csp_nonce }}`; no inline event handlers; Alpine.js is its CSP build, so no 'unsafe-eval').
# Inline style attributes stay allowed. Enforced in production; report-only elsewhere, so that
# Django's debug pages keep working while violations still show in the browser console.
CONTENT_SECURITY_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if PRODUCTION or env_bool("KOTACERDAS_CSP_ENFORCE", False):
    SECURE_CSP = CONTENT_SECURITY_POLICY
else:
    SECURE_CSP_REPORT_ONLY = CONTENT_SECURITY_POLICY
# Browser features no page uses are switched off (Permissions-Policy header).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

"""Django settings for Basisbaan, configured from environment variables.

See README.md ("Configuration") for every variable.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # PYTEST_VERSION is set by pytest itself while the test suite runs.
    if DEBUG or os.environ.get("BASISBAAN_ALLOW_INSECURE_KEY") or os.environ.get("PYTEST_VERSION"):
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # core before django.forms: its templates override django/forms/widgets/*.
    "basisbaan.core",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # Basisbaan apps, one per domain concept (core is above).
    "basisbaan.accounts",
    "basisbaan.tenants",
    "basisbaan.organisations",
    "basisbaan.audit",
    "basisbaan.privacy",
    "basisbaan.jobs",
    "basisbaan.participants",
    "basisbaan.messaging",
    "basisbaan.werkprogramma",
    "basisbaan.communitytasks",
    "basisbaan.planning",
    "basisbaan.guidance",
    "basisbaan.finance",
    "basisbaan.evaluation",
    "basisbaan.api",
    "basisbaan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "basisbaan.core.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "basisbaan.accounts.middleware.TwoFactorRequiredMiddleware",
    "basisbaan.accounts.middleware.ActiveMunicipalityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last (innermost): with DEBUG on, the site's 404 page instead of Django's technical one.
    "basisbaan.core.middleware.SiteNotFoundMiddleware",
]
# DEBUG only: show Django's technical 404 page (the URL patterns) instead of the site's.
BASISBAAN_TECHNICAL_404 = env_bool("BASISBAAN_TECHNICAL_404", False)

ROOT_URLCONF = "basisbaan.urls"
WSGI_APPLICATION = "basisbaan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "basisbaan.core.context_processors.basisbaan",
            ],
        },
    }
]

# Database: SQLite by default (the demo needs no server), PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{REPO_DIR / 'var' / 'basisbaan.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect); answers nothing unless configured below.
    "basisbaan.accounts.oidc.OIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Two factors for staff. The demo switches it off (BASISBAAN_REQUIRE_2FA=0).
BASISBAAN_REQUIRE_2FA = env_bool("BASISBAAN_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Basisbaan"

# Single sign-on for staff through OpenID Connect (docs/sso.md): off unless an issuer
# and a client are set. Endpoints come from the issuer's discovery document unless set.
BASISBAAN_OIDC_ISSUER = os.environ.get("BASISBAAN_OIDC_ISSUER", "")
BASISBAAN_OIDC_CLIENT_ID = os.environ.get("BASISBAAN_OIDC_CLIENT_ID", "")
BASISBAAN_OIDC_CLIENT_SECRET = os.environ.get("BASISBAAN_OIDC_CLIENT_SECRET", "")
BASISBAAN_OIDC_SCOPES = os.environ.get("BASISBAAN_OIDC_SCOPES", "openid email profile")
BASISBAAN_OIDC_BUTTON_LABEL = os.environ.get("BASISBAAN_OIDC_BUTTON_LABEL", "")
BASISBAAN_OIDC_SIGN_ALGORITHM = os.environ.get("BASISBAAN_OIDC_SIGN_ALGORITHM", "RS256")
# How Basisbaan proves itself at the token endpoint: client_secret_basic or client_secret_post.
BASISBAAN_OIDC_TOKEN_AUTH_METHOD = os.environ.get(
    "BASISBAAN_OIDC_TOKEN_AUTH_METHOD", "client_secret_basic"
)
# acr values that mean the provider checked two factors (besides amr "mfa", "otp", ...).
BASISBAAN_OIDC_MFA_ACR = env_list("BASISBAAN_OIDC_MFA_ACR", "")
BASISBAAN_OIDC_LINK_BY_EMAIL = env_bool("BASISBAAN_OIDC_LINK_BY_EMAIL", True)
BASISBAAN_OIDC_LOGOUT_AT_PROVIDER = env_bool("BASISBAAN_OIDC_LOGOUT_AT_PROVIDER", False)
BASISBAAN_OIDC_TIMEOUT = float(os.environ.get("BASISBAAN_OIDC_TIMEOUT", "10"))
BASISBAAN_OIDC_AUTHORIZATION_ENDPOINT = os.environ.get("BASISBAAN_OIDC_AUTHORIZATION_ENDPOINT", "")
BASISBAAN_OIDC_TOKEN_ENDPOINT = os.environ.get("BASISBAAN_OIDC_TOKEN_ENDPOINT", "")
BASISBAAN_OIDC_USERINFO_ENDPOINT = os.environ.get("BASISBAAN_OIDC_USERINFO_ENDPOINT", "")
BASISBAAN_OIDC_JWKS_URI = os.environ.get("BASISBAAN_OIDC_JWKS_URI", "")
BASISBAAN_OIDC_END_SESSION_ENDPOINT = os.environ.get("BASISBAAN_OIDC_END_SESSION_ENDPOINT", "")

# Login throttling.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The client address behind a reverse proxy (also for the public forms' rate limits).
AXES_CLIENT_IP_CALLABLE = "basisbaan.core.clientip.client_ip"
# Single sign-on logins are throttled by the identity provider, not counted here.
AXES_WHITELIST_CALLABLE = "basisbaan.accounts.oidc.exempt_from_login_throttling"

# Reverse proxies in front of the application, as addresses or CIDR networks: only for
# requests from these is X-Forwarded-For believed (see core/clientip.py). Default: none.
BASISBAAN_TRUSTED_PROXIES = env_list("BASISBAAN_TRUSTED_PROXIES", "")
for _proxy in BASISBAAN_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"BASISBAAN_TRUSTED_PROXIES: {_proxy!r} is not an address or network"
        ) from None

# Language: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# The foundation's catalogue; every other app keeps its own in <app>/locale.
LOCALE_PATHS = [BASE_DIR / "core" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", REPO_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", REPO_DIR / "var" / "media"))
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True

# Security baseline. Secure cookies and HSTS when served over HTTPS.
HTTPS = env_bool("BASISBAAN_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Mail: the console in development and the demo, SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    }
elif os.environ.get("EMAIL_FILE_PATH"):
    # Mails as files in that folder (the browser tests read links from them).
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": os.environ["EMAIL_FILE_PATH"]},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "basisbaan@example.org")
BASISBAAN_BASE_URL = os.environ.get("BASISBAAN_BASE_URL", "http://127.0.0.1:8000")

# Messages to participants when their published week changes (docs/messaging.md).
# The SMS gateway: a dotted path to a class with send(to, text); the console in the demo,
# files in BASISBAAN_SMS_FILE_PATH when that is set.
BASISBAAN_SMS_FILE_PATH = os.environ.get("BASISBAAN_SMS_FILE_PATH", "")
BASISBAAN_SMS_BACKEND = os.environ.get(
    "BASISBAAN_SMS_BACKEND",
    "basisbaan.messaging.backends.FileSmsBackend"
    if BASISBAAN_SMS_FILE_PATH
    else "basisbaan.messaging.backends.ConsoleSmsBackend",
)
# At most this many publications messaged per participant per day (more: logged, not sent).
BASISBAAN_MESSAGE_DAILY_LIMIT = int(os.environ.get("BASISBAAN_MESSAGE_DAILY_LIMIT", "3"))
# The channel of a participant who never chose one: sms, email, both or none.
BASISBAAN_MESSAGE_DEFAULT_CHANNEL = os.environ.get("BASISBAAN_MESSAGE_DEFAULT_CHANNEL", "none")

# Background jobs: "thread" runs jobs in a background thread of the web process
# (the demo, no extra services), "celery" hands them to Redis-backed Celery workers,
# "sync" runs them inline (tests).
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
BASISBAAN_JOBS_BACKEND = os.environ.get("BASISBAAN_JOBS_BACKEND", "thread")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The retention job (docs/privacy.md) every night at 03:15, with ``celery -A basisbaan
# beat``; without beat, run ``basisbaan apply_retention`` from cron.
CELERY_BEAT_SCHEDULE = {
    "apply-retention": {
        "task": "basisbaan.privacy.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    # API idempotency keys are kept 24 hours (basisbaan.api.idempotency).
    "purge-idempotency-keys": {
        "task": "basisbaan.api.purge_idempotency_keys",
        "schedule": crontab(minute=40),
    },
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("CACHE_REDIS", "") and REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

REST_FRAMEWORK = {
    # Sessions (the pages' users) and API tokens of partner systems (basisbaan.api.tokens).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "basisbaan.api.authentication.SessionAuthentication",
        "basisbaan.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Basisbaan API",
    "DESCRIPTION": "API of the Basisbaan programme software. Every object is scoped to the "
    "municipalities in which the caller holds a role.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The write API's enums, named apart from the read API's "kind" and "status".
    "ENUM_NAME_OVERRIDES": {
        "HourKindEnum": "basisbaan.guidance.models.HourKind",
        "TimesheetStatusEnum": "basisbaan.guidance.models.Timesheet.Status",
        "PlanVersionStatusEnum": "basisbaan.planning.models.PlanVersion.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "basisbaan.api.schema.document_errors",
    ],
}

# Logging: structlog, JSON in production, never personal data.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"()": "basisbaan.core.logging.formatter", "json": not DEBUG},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}

FORM_RENDERER = "basisbaan.core.forms.BasisbaanFormRenderer"

# Rate limits of the public forms (see communitytasks/throttle.py and docs/tasks.md).
BASISBAAN_PUBLIC_FORM_LIMIT_PER_ADDRESS = int(
    os.environ.get("BASISBAAN_PUBLIC_FORM_LIMIT_PER_ADDRESS", "5")
)
BASISBAAN_TASK_SUBMISSION_LIMIT_PER_EMAIL = int(
    os.environ.get("BASISBAAN_TASK_SUBMISSION_LIMIT_PER_EMAIL", "3")
)

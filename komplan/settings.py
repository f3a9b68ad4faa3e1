"""komplan's one settings module, configured by environment variables.

Every variable is optional on a developer's machine: with none set, komplan runs in
debug mode on an SQLite file in the working directory. A production deployment sets
KOMPLAN_SECRET_KEY, KOMPLAN_DEBUG=0, KOMPLAN_ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("KOMPLAN_DATA_DIR", Path.cwd()))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but the listed spellings is an error, not a guess."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off, not {raw!r}"
    )


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read a whole number, failing loudly on anything else."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


DEBUG = env_bool("KOMPLAN_DEBUG", True)
SECRET_KEY = os.environ.get("KOMPLAN_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("KOMPLAN_SECRET_KEY must be set when KOMPLAN_DEBUG is off")
    SECRET_KEY = "komplan-development-key-not-for-production"

ALLOWED_HOSTS = env_list("KOMPLAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("KOMPLAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "komplan.accounts",
    "komplan.core",
    "komplan.plans",
    "komplan.audit",
    "komplan.exports",
    "komplan.meetings",
    "komplan.versions",
    "komplan.imports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "komplan.audit.middleware.ActorMiddleware",
]

ROOT_URLCONF = "komplan.urls"
WSGI_APPLICATION = "komplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "komplan.accounts.context_processors.memberships",
                "komplan.plans.context_processors.plan_sections",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'komplan.sqlite3'}",
        conn_max_age=env_int("KOMPLAN_DB_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Positions are unique per parent through a deferred constraint, which SQLite cannot have:
# Django creates none there and warns (models.W038). SQLite needs none: it runs one writing
# transaction at a time (komplan/core/ordering.py has the rules).
SILENCED_SYSTEM_CHECKS = ["models.W038"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:list"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish first: most of our users are in Swedish municipalities and regions.
LANGUAGE_CODE = "sv"
LANGUAGES = [
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("nb", _("Norwegian Bokmål")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("KOMPLAN_TIME_ZONE", "Europe/Stockholm")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("KOMPLAN_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"

EMAIL_BACKEND = os.environ.get(
    "KOMPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("KOMPLAN_FROM_EMAIL", "komplan@localhost")
EMAIL_HOST = os.environ.get("KOMPLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KOMPLAN_EMAIL_PORT", 25)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Paginated lists: large enough that a plan's registers usually fit on one page,
# small enough that a 10,000-activity plan renders fast.
KOMPLAN_PAGE_SIZE = env_int("KOMPLAN_PAGE_SIZE", 100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOMPLAN_LOG_LEVEL", "WARNING")},
}

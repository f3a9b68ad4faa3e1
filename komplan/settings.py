"""komplan's one settings module, configured by environment variables.

Every variable is optional on a developer's machine: with none set, komplan runs in
debug mode on an SQLite file in the working directory. A production deployment sets
KOMPLAN_SECRET_KEY, KOMPLAN_DEBUG=0, KOMPLAN_ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
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

# The host name that ends calendar event UIDs (activity-7@komplan.example.org): unique to this
# installation, so that a calendar subscribed to two komplan installations keeps their events
# apart. Default: the first named host of ALLOWED_HOSTS (a leading "." dropped, "*" skipped).
# LibreOffice lays Word files out once, so that their table of contents has page numbers
# (komplan.exports.office); "" turns it off.
KOMPLAN_LIBREOFFICE = os.environ.get(
    "KOMPLAN_LIBREOFFICE", shutil.which("soffice") or shutil.which("libreoffice") or ""
)
KOMPLAN_LIBREOFFICE_TIMEOUT = env_int("KOMPLAN_LIBREOFFICE_TIMEOUT", 60)

KOMPLAN_CALENDAR_DOMAIN = os.environ.get("KOMPLAN_CALENDAR_DOMAIN", "").strip() or next(
    (host.lstrip(".") for host in ALLOWED_HOSTS if host.lstrip(".") not in ("", "*")),
    "localhost",
)

INSTALLED_APPS = [
    "komplan.accounts",
    "komplan.core",
    "komplan.plans",
    "komplan.audit",
    "komplan.exports",
    "komplan.meetings",
    "komplan.versions",
    "komplan.imports",
    "komplan.cascade",
    "komplan.people",
    "komplan.surveys",
    "komplan.followup",
    "komplan.home",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "komplan.reminders",
    # Before django-ninja: its browsable page is ours (komplan/api/templates/ninja/).
    "komplan.api",
    "ninja",
    "komplan.webhooks",
    "komplan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the session, messages and everything else: each try starts from a clean request.
    "komplan.core.middleware.RetryConflictsMiddleware",
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
                "komplan.accounts.context_processors.sign_in",
                "komplan.plans.context_processors.plan_sections",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'komplan.sqlite3'}",
        # Kept between requests (with a health check before reuse, below): opening a PostgreSQL
        # connection costs more than most pages.
        conn_max_age=env_int("KOMPLAN_DB_CONN_MAX_AGE", 60),
    )
}
# PostgreSQL prepares the queries every page runs (the permission gate's, the plan's content
# stamp: komplan.core.prepared) once per connection. Off behind PgBouncer in transaction mode,
# whose clients do not keep their server connection.
KOMPLAN_DB_PREPARE = env_bool("KOMPLAN_DB_PREPARE", True)
# Django's backends with a hook before each commit, so that the audit trail commits with the
# change it records (komplan.core.transactions).
KOMPLAN_BACKENDS = {
    "django.db.backends.sqlite3": "komplan.core.backends.sqlite3",
    "django.db.backends.postgresql": "komplan.core.backends.postgresql",
}
if DATABASES["default"]["ENGINE"] not in KOMPLAN_BACKENDS:
    raise ImproperlyConfigured(
        f"DATABASE_URL must name SQLite or PostgreSQL, not {DATABASES['default']['ENGINE']}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite run in memory, as with Django's own backend; said explicitly because
    # pytest-django's xdist workers otherwise take the renamed backend's file name as theirs.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
DATABASES["default"]["ENGINE"] = KOMPLAN_BACKENDS[DATABASES["default"]["ENGINE"]]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Positions are unique per parent through a deferred constraint, which SQLite cannot have:
# Django creates none there and warns (models.W038). SQLite needs none: it runs one writing
# transaction at a time (komplan/core/ordering.py has the rules).
SILENCED_SYSTEM_CHECKS = ["models.W038"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:home"
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
# One date style per language and 24-hour times everywhere: see komplan/formats.
FORMAT_MODULE_PATH = ["komplan.formats"]
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
# Where the file backend (django.core.mail.backends.filebased.EmailBackend) writes each email.
EMAIL_FILE_PATH = os.environ.get("KOMPLAN_EMAIL_FILE_PATH", str(DATA_DIR / "sent-email"))
# The address komplan is reached at, for the links in emails sent outside a request (digests).
KOMPLAN_SITE_URL = os.environ.get("KOMPLAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_PORT = env_int("KOMPLAN_EMAIL_PORT", 25)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Paginated lists: large enough that a plan's registers usually fit on one page,
# small enough that a 10,000-activity plan renders fast.
KOMPLAN_PAGE_SIZE = env_int("KOMPLAN_PAGE_SIZE", 100)

# --- Import limits ---------------------------------------------------------------------------
# What an uploaded file may hold before komplan parses it (komplan/imports/importers/
# safety.py checks them first, from the zip directory and while inflating): a file within
# them is read in seconds, one beyond them is refused at once with a message naming the limit
# and what the file had. benchmarks/import_limits.py times a file just within them.
# A .docx or .xlsx: its XML parts together, unpacked.
KOMPLAN_IMPORT_MAX_XML_MB = env_int("KOMPLAN_IMPORT_MAX_XML_MB", 50)
# A .docx: its paragraphs, those in table cells included.
KOMPLAN_IMPORT_MAX_PARAGRAPHS = env_int("KOMPLAN_IMPORT_MAX_PARAGRAPHS", 20_000)
# A .docx's table rows, an .xlsx's rows (all sheets together), a .csv file's rows.
KOMPLAN_IMPORT_MAX_ROWS = env_int("KOMPLAN_IMPORT_MAX_ROWS", 20_000)
# An .xlsx: its cells, all sheets together (20,000 rows of 10 columns: openpyxl reads
# about 40,000 cells a second).
KOMPLAN_IMPORT_MAX_CELLS = env_int("KOMPLAN_IMPORT_MAX_CELLS", 200_000)
# A .csv file's size.
KOMPLAN_IMPORT_MAX_CSV_MB = env_int("KOMPLAN_IMPORT_MAX_CSV_MB", 10)
# --- end of import limits ---------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOMPLAN_LOG_LEVEL", "WARNING")},
}

# --- Trustworthy under load and attack ---------------------------------------------------
# The embedded database's settings for concurrent writers, login throttling and password
# hashing, kept in one block (docs/deployment.md says how far SQLite goes and when to move).

# SQLite serves one writer at a time. Without these, a second writer that finds the file
# locked fails at once with "database is locked"; with them, it waits its turn:
# - IMMEDIATE: a transaction takes the write lock when it begins, so two transactions never
#   both read and then deadlock upgrading to write (which no timeout can cure);
# - timeout: seconds a writer waits for the lock before giving up (sqlite3's busy timeout);
# - WAL: readers no longer block the writer nor the writer the readers; synchronous=NORMAL
#   is WAL's recommended pairing (durable across application crashes, fewer fsyncs).
SQLITE_OPTIONS: dict[str, str | int] = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("KOMPLAN_SQLITE_TIMEOUT", 20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == KOMPLAN_BACKENDS["django.db.backends.sqlite3"]:
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **SQLITE_OPTIONS}

# Logins and set-password links are throttled; komplan/accounts/throttling.py has the rules.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last: it turns a lockout into a page
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before any password is checked.
    "komplan.accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on with OpenID Connect (docs/sso.md): on when KOMPLAN_OIDC_CLIENT_ID is set.
KOMPLAN_OIDC_CLIENT_ID = os.environ.get("KOMPLAN_OIDC_CLIENT_ID", "")
KOMPLAN_OIDC_BUTTON = os.environ.get("KOMPLAN_OIDC_BUTTON", "") or _(
    "Log in with your organisation's account"
)
# Off: the login page offers only the organisation's provider, and refuses passwords.
KOMPLAN_PASSWORD_LOGIN = env_bool("KOMPLAN_PASSWORD_LOGIN", True)
_OIDC_ISSUER = os.environ.get("KOMPLAN_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = KOMPLAN_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = os.environ.get("KOMPLAN_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get(
    "KOMPLAN_OIDC_AUTHORIZATION_ENDPOINT", _OIDC_ISSUER + "/oauth2/authorize"
)
OIDC_OP_TOKEN_ENDPOINT = os.environ.get(
    "KOMPLAN_OIDC_TOKEN_ENDPOINT", _OIDC_ISSUER + "/oauth2/token"
)
OIDC_OP_USER_ENDPOINT = os.environ.get("KOMPLAN_OIDC_USERINFO_ENDPOINT", _OIDC_ISSUER + "/userinfo")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("KOMPLAN_OIDC_JWKS_ENDPOINT", _OIDC_ISSUER + "/jwks")
OIDC_RP_SIGN_ALGO = os.environ.get("KOMPLAN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_TIMEOUT = env_int("KOMPLAN_OIDC_TIMEOUT", 10)
LOGIN_REDIRECT_URL_FAILURE = "/accounts/sso/refused/"
if KOMPLAN_OIDC_CLIENT_ID:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("komplan.accounts.sso.InvitedOIDCBackend")
AXES_HANDLER = "komplan.accounts.throttling.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_FAILURE_LIMIT = 5  # wrong passwords for one account
KOMPLAN_ADDRESS_FAILURE_LIMIT = 20  # for any accounts from one address (an office's NAT)
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# A try during the lockout is not counted: the time the login page names stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "komplan.accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "komplan.accounts.throttling.client_address"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login (data minimisation)
# Reverse proxies in front of komplan that append to X-Forwarded-For (nginx: 1).
KOMPLAN_TRUSTED_PROXIES = env_int("KOMPLAN_TRUSTED_PROXIES", 0)
KOMPLAN_RESET_EMAIL_LIMIT = 3  # set-password links an hour for one email address
KOMPLAN_RESET_ADDRESS_LIMIT = 10  # … and from one client address

# Argon2 for new and changed passwords; the others still check the hashes stored before and
# upgrade them at the next login. (The test suite swaps in MD5: tests/conftest.py.)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# --- Production: static files, security headers, request limits, faults -------------------
# Everything a deployment behind a proxy needs, in one place; docs/deployment.md lists the
# variables, and `komplan check --deploy` is clean with them.

# WhiteNoise serves the collected static files (hashed names, compressed, cached for a year)
# from the app itself, so KOMPLAN_DEBUG=0 works behind any proxy; it sits right after
# SecurityMiddleware, and runserver hands static files to it too, as its docs ask.
INSTALLED_APPS.insert(
    INSTALLED_APPS.index("django.contrib.staticfiles"), "whitenoise.runserver_nostatic"
)
INSTALLED_APPS.append("csp")
_SECURITY = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
MIDDLEWARE[_SECURITY + 1 : _SECURITY + 1] = [
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything else, so that error pages get the policy too.
    "csp.middleware.CSPMiddleware",
]
# Last: the language and the user are known there, and nothing has read the body yet.
MIDDLEWARE += [
    "komplan.core.errors.RequestSizeLimitMiddleware",
    "komplan.core.errors.DatabaseUnavailableMiddleware",
]
STORAGES: dict[str, dict[str, object]] = {
    # Uploads are written beside their place and renamed into it: a failed write leaves nothing.
    "default": {"BACKEND": "komplan.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "komplan.core.static.StaticStorage"},
}

# No inline script, style or event handler anywhere; a script that must be inline carries
# the request's nonce (`nonce="{{ request.csp_nonce }}"`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # Designsystemet's stylesheet draws its small icons (a select's arrow, a checkbox's
        # tick) as data: SVG images; nothing else loads from anywhere but komplan itself.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# HTTPS. Behind a proxy that ends TLS, KOMPLAN_BEHIND_HTTPS_PROXY=1 trusts its
# X-Forwarded-Proto header; without it the SSL redirect would loop.
SECURE_HSTS_SECONDS = env_int("KOMPLAN_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KOMPLAN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("KOMPLAN_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("KOMPLAN_SSL_REDIRECT", False)
if env_bool("KOMPLAN_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("KOMPLAN_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Request sizes. A body larger than KOMPLAN_MAX_REQUEST_BYTES is refused with 413 before it
# is read. It sits well above the largest file a form accepts (an import, 20 MB), so that a
# file a little too large still gets the form's own message, naming the form's limit.
# Form fields without files may total DATA_UPLOAD_MAX_MEMORY_SIZE; an upload larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE waits in a temporary file rather than in memory.
KOMPLAN_MAX_REQUEST_BYTES = env_int("KOMPLAN_MAX_REQUEST_BYTES", 32 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("KOMPLAN_MAX_FORM_BYTES", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("KOMPLAN_UPLOAD_MEMORY_BYTES", 2_621_440)

# Error pages that need neither the database nor a logged-in user (komplan/core/errors.py).
CSRF_FAILURE_VIEW = "komplan.core.errors.csrf_failure"
# A connection the database dropped is noticed when the next request starts, and replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Work outside the request: the task queue, its worker and schedule -----------------------
# Django's Tasks API (the `django-tasks` backport). Embedded default: the tasks wait in the
# database (SQLite or PostgreSQL) and `komplan worker` runs them. With KOMPLAN_REDIS_URL set
# they wait in Redis and RQ's worker runs them (`pip install 'komplan[redis]'`). docs/tasks.md
# has the rules: retries, the schedule, restarts.
KOMPLAN_REDIS_URL = os.environ.get("KOMPLAN_REDIS_URL", "").strip()
if KOMPLAN_REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    # RQ stops a job after 180 s by default; the whole PDF of a 10,000-activity plan takes
    # minutes (benchmarks/build_rates.py).
    RQ_QUEUES = {"default": {"URL": KOMPLAN_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A failed task is tried again after 30 s, 2 min, 8 min …; after the last try it is shown to
# the organisation's administrators (Settings → Failed work).
KOMPLAN_TASK_ATTEMPTS = env_int("KOMPLAN_TASK_ATTEMPTS", 4)
KOMPLAN_TASK_BACKOFF_SECONDS = env_int("KOMPLAN_TASK_BACKOFF_SECONDS", 30)
# Webhooks (docs/webhooks.md): seconds to connect and to wait for each answer, and whether
# addresses in loopback/private networks are allowed (a receiver inside your own network).
KOMPLAN_WEBHOOK_TIMEOUT = env_int("KOMPLAN_WEBHOOK_TIMEOUT", 5)
KOMPLAN_WEBHOOKS_ALLOW_PRIVATE = env_bool("KOMPLAN_WEBHOOKS_ALLOW_PRIVATE", False)
# The queue's record of a finished task is deleted after this many days (daily).
KOMPLAN_TASK_RESULT_DAYS = env_int("KOMPLAN_TASK_RESULT_DAYS", 14)
# A worker that has not said it is alive for this long is taken for dead, and the task it was
# running is run again (one on the same machine whose process is gone, at once).
KOMPLAN_WORKER_STALE_SECONDS = env_int("KOMPLAN_WORKER_STALE_SECONDS", 60)
# How often a worker looks whether a periodic task is due (komplan.core.schedule).
KOMPLAN_SCHEDULE_TICK_SECONDS = env_int("KOMPLAN_SCHEDULE_TICK_SECONDS", 30)
# Digests go out from this hour of the day (local time); weekly ones on Mondays.
KOMPLAN_DIGEST_HOUR = env_int("KOMPLAN_DIGEST_HOUR", 6)

# --- Work outside the request and more than one server ------------------------------------
# docs/deployment.md ("More than one server") says how these fit together.

# The cache every server shares: Redis when configured, else a table in the database
# (made by `komplan migrate`, core migration 0002). Everything komplan caches is keyed by
# the content it was made from, so a server never serves another's stale copy.
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": KOMPLAN_REDIS_URL}
        if KOMPLAN_REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "komplan_cache",
        }
    )
}
# Sessions live in the database (Django's default, said here on purpose): any server reads
# any session, and a restart of Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Uploads and generated documents go through Django's storage API; KOMPLAN_S3_BUCKET puts
# both in an S3-compatible bucket (django-storages, `pip install 'komplan[s3]'`) that every
# server shares. The AWS_* variables django-storages reads are set in the environment.
KOMPLAN_S3_BUCKET = os.environ.get("KOMPLAN_S3_BUCKET", "").strip()
if KOMPLAN_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": KOMPLAN_S3_BUCKET,
            "endpoint_url": os.environ.get("KOMPLAN_S3_ENDPOINT_URL") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# A document whose build is estimated to take longer than this many seconds is made by a
# task while a progress page waits; smaller ones are made in the request
# (komplan/exports/documents.py has the estimate).
KOMPLAN_BACKGROUND_SECONDS = float(os.environ.get("KOMPLAN_BACKGROUND_SECONDS", "2") or 2)
# A calendar feed of a plan with more dated activities than this is never written in the
# request: its subscribers get the last copy made (or 503 and Retry-After the very first time)
# while a task writes the new one.
KOMPLAN_INLINE_CALENDAR_ACTIVITIES = env_int("KOMPLAN_INLINE_CALENDAR_ACTIVITIES", 2_000)
# A load balancer checks /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# /healthz fails when the oldest task ready to run has waited longer than this (no worker).
KOMPLAN_HEALTH_QUEUE_LAG = env_int("KOMPLAN_HEALTH_QUEUE_LAG", 300)

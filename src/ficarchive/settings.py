"""Ficarchive's one settings module; configuration comes from the environment (see env.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import django_stubs_ext
from django.core.management.utils import get_random_secret_key

from ficarchive.env import (
    SettingError,
    env_bool,
    env_choice,
    env_data_dir,
    env_database,
    env_email_address,
    env_email_host,
    env_hosts,
    env_int,
    env_networks,
    env_origins,
    env_port,
    env_redis,
    env_secret_key,
    env_str,
    env_time_zone,
    env_url,
)

# Lets admin.ModelAdmin[Model] and friends be subscripted at run time, as the types say.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_data_dir("FICARCHIVE_DATA_DIR", "data")

DEBUG = env_bool("DEBUG", False)

# "database" searches with the database's own full-text index (SQLite FTS5 or PostgreSQL);
# "tantivy" keeps a Tantivy index in the data folder (one server; much faster past ~20,000 works).
SEARCH_BACKEND = env_choice("FICARCHIVE_SEARCH_BACKEND", "database", ["database", "tantivy"])
SEARCH_INDEX_DIR = DATA_DIR / "search-index"


def _secret_key() -> str:
    """The configured key, or one generated once and kept in the data folder."""
    configured = env_secret_key("SECRET_KEY", production=not DEBUG)
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    # Created 0600 from the start: never readable by others, not even for a moment.
    with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
        out.write(key)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_hosts(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], production=not DEBUG
)
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")
# Proxies whose X-Forwarded-For names the visitor (ficarchive.core.requests.client_ip).
FICARCHIVE_TRUSTED_PROXIES = env_networks("FICARCHIVE_TRUSTED_PROXIES")

# Our apps come first, so our templates (registration/*, 404...) win over the admin's.
INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "ficarchive.core",
    "ficarchive.accounts",
    "ficarchive.tags",
    "ficarchive.works",
    "ficarchive.reader",
    "ficarchive.search",
    "ficarchive.community",
    "ficarchive.offline",
    "ficarchive.notifications",
    "ficarchive.muting",
    "ficarchive.readings",
    "ficarchive.downloads",
    "ficarchive.kosync",
    "ficarchive.feeds",
    "ficarchive.moderation",
    "ficarchive.privacy",
    "ficarchive.efiction",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Guests' reading pages from the shared cache, before sessions, CSRF and auth cost anything.
    "ficarchive.core.pagecache.GuestPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ficarchive.core.middleware.permissions_policy",
    # With a read replica, a visitor who wrote reads the primary for a while (no-op without).
    "ficarchive.core.replica.pin_to_primary_after_writes",
]

ROOT_URLCONF = "ficarchive.urls"
WSGI_APPLICATION = "ficarchive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ficarchive.reader.context_processors.reader_preferences",
                "ficarchive.notifications.context_processors.inbox",
            ],
        },
    },
]

_SQLITE_DEFAULT = f"sqlite:///{DATA_DIR / 'ficarchive.sqlite3'}"
_database: dict[str, Any] = env_database("DATABASE_URL", _SQLITE_DEFAULT) or {}
_database["CONN_MAX_AGE"] = 60
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN, so concurrent writers wait (busy_timeout) instead of failing.
    _database["ENGINE"] = "ficarchive.core.sqlite3"  # creates the file 0600
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # Spelled out (not None) so pytest-django sees the test database is in memory.
    _database.setdefault("TEST", {})["NAME"] = ":memory:"
else:
    _database["CONN_HEALTH_CHECKS"] = True
    # A server that does not answer is reported within seconds, not after minutes.
    _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 10)
DATABASES = {"default": _database}

# A read replica of PostgreSQL (streaming replication): list pages, search and feeds read from
# it inside their read-only scope (ficarchive.core.replica); everything else, and any request
# that writes, stays on the primary. Unset: one database, nothing changes.
_replica = env_database("DATABASE_REPLICA_URL", None)
if _replica is not None:
    if _replica["ENGINE"] != "django.db.backends.postgresql" or _database["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        raise SettingError(
            "DATABASE_REPLICA_URL", env_str("DATABASE_REPLICA_URL", ""),
            "a read replica needs PostgreSQL, in it and in DATABASE_URL",
            "postgres://ficarchive:password@replica.example.org:5432/ficarchive",
        )  # fmt: skip
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 10)
    # Tests read the primary's test database through it (pytest-django makes no other).
    DATABASES["replica"] = {
        **_replica, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True, "TEST": {"MIRROR": "default"},
    }  # fmt: skip
    DATABASE_ROUTERS = ["ficarchive.core.replica.ReplicaRouter"]  # core.replica.ROUTER
# After a change, and after a visitor's own write, reads stay on the primary this long: a page
# drawn from a replica that is behind is never cached for guests nor shown to the writer.
DATABASE_REPLICA_LAG_SECONDS = env_int("DATABASE_REPLICA_LAG_SECONDS", 10)

# The shared cache: rate limits (ficarchive.core.ratelimit) and, later, cached pages. Every web
# worker, the command line and the task worker see the same one: Redis when REDIS_URL is set,
# otherwise a database cache, which on SQLite lives in its own file so that its writes never
# wait on (or hold up) the archive's own. `migrate` creates its table (core.apps).
REDIS_URL = env_redis("REDIS_URL")
_CACHE_TABLE = "ficarchive_cache"
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES: dict[str, Any] = {"default": _redis, "pages": {**_redis, "KEY_PREFIX": "pages"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": _CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        # Guest pages in a table of their own: a flood of distinct URLs can only push out
        # other pages, never the rate limits' counts, sessions or hits kept in "default".
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": f"{_CACHE_TABLE}_pages",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
    if _database["ENGINE"] == "ficarchive.core.sqlite3":
        DATABASES["cache"] = {
            **_database,
            "NAME": str(DATA_DIR / "cache.sqlite3"),
            "OPTIONS": {**_database["OPTIONS"]},
            # Kept open: a cached guest page is one read of this file, and opening SQLite
            # (connect and pragmas) per request would cost more than that read.
            "CONN_MAX_AGE": None,
            "TEST": {"NAME": ":memory:"},
        }
        DATABASE_ROUTERS = ["ficarchive.core.routers.CacheDatabaseRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Every login path (the account form, the admin) goes through the one throttle.
AUTHENTICATION_BACKENDS = ["ficarchive.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Ficarchive's own rules.
FICARCHIVE_INVITE_ONLY = env_bool("FICARCHIVE_INVITE_ONLY", False)
FICARCHIVE_LOGIN_FAILURES = env_int("FICARCHIVE_LOGIN_FAILURES", 5)
FICARCHIVE_LOGIN_WINDOW_SECONDS = env_int("FICARCHIVE_LOGIN_WINDOW_SECONDS", 15 * 60)
FICARCHIVE_LOGIN_FAILURES_PER_ADDRESS = env_int("FICARCHIVE_LOGIN_FAILURES_PER_ADDRESS", 20)
FICARCHIVE_SIGNUPS_PER_HOUR = env_int("FICARCHIVE_SIGNUPS_PER_HOUR", 5)  # per visitor
FICARCHIVE_PASSWORD_RESETS_PER_HOUR = env_int("FICARCHIVE_PASSWORD_RESETS_PER_HOUR", 10)
FICARCHIVE_PASSWORD_RESET_MAILS_PER_HOUR = env_int("FICARCHIVE_PASSWORD_RESET_MAILS_PER_HOUR", 3)
FICARCHIVE_CONFIRMATION_MAILS_PER_HOUR = env_int("FICARCHIVE_CONFIRMATION_MAILS_PER_HOUR", 3)
FICARCHIVE_POSTS_PER_HOUR = env_int("FICARCHIVE_POSTS_PER_HOUR", 30)
FICARCHIVE_COMMENTS_PER_HOUR = env_int("FICARCHIVE_COMMENTS_PER_HOUR", 60)
FICARCHIVE_GUEST_COMMENTS_PER_HOUR = env_int("FICARCHIVE_GUEST_COMMENTS_PER_HOUR", 10)
# Comments one work may take from guests in an hour, and guest kudos (a wave on one work).
FICARCHIVE_GUEST_COMMENTS_PER_WORK_PER_HOUR = env_int(
    "FICARCHIVE_GUEST_COMMENTS_PER_WORK_PER_HOUR", 20
)
FICARCHIVE_GUEST_KUDOS_PER_WORK_PER_HOUR = env_int("FICARCHIVE_GUEST_KUDOS_PER_WORK_PER_HOUR", 100)
# Guests and members younger than this many days are new: few links, first comments held.
FICARCHIVE_NEW_ACCOUNT_DAYS = env_int("FICARCHIVE_NEW_ACCOUNT_DAYS", 7)
FICARCHIVE_NEW_ACCOUNT_LINKS = env_int("FICARCHIVE_NEW_ACCOUNT_LINKS", 1)
# A member's first comments wait for approval until this many were approved (0: off).
FICARCHIVE_HOLD_FIRST_COMMENTS = env_int("FICARCHIVE_HOLD_FIRST_COMMENTS", 0)
# The same (long) words posted this many times in an hour, by anyone, are refused.
FICARCHIVE_DUPLICATE_COMMENTS_PER_HOUR = env_int("FICARCHIVE_DUPLICATE_COMMENTS_PER_HOUR", 3)
# Downloads of all their data a member may make in a day (each builds every work's EPUB).
FICARCHIVE_EXPORTS_PER_DAY = env_int("FICARCHIVE_EXPORTS_PER_DAY", 5)
# Reports one work, comment or member may receive in an hour (a brigade of reports).
FICARCHIVE_REPORTS_PER_TARGET_PER_HOUR = env_int("FICARCHIVE_REPORTS_PER_TARGET_PER_HOUR", 20)
# Guests' forms (comments, reports, sign-up) sent back sooner than this were not typed.
FICARCHIVE_FORM_MIN_SECONDS = env_int("FICARCHIVE_FORM_MIN_SECONDS", 3)
# Reports a member, or a guest's address, may send the moderators in an hour.
FICARCHIVE_REPORTS_PER_HOUR = env_int("FICARCHIVE_REPORTS_PER_HOUR", 10)
FICARCHIVE_KUDOS_PER_HOUR = env_int("FICARCHIVE_KUDOS_PER_HOUR", 100)
# Places a member's reader may send in an hour (the script sends one every few seconds at most).
FICARCHIVE_PROGRESS_PER_HOUR = env_int("FICARCHIVE_PROGRESS_PER_HOUR", 1200)
# Hits wait in the shared cache; each web worker's flusher folds them in, one write this often.
FICARCHIVE_HITS_FLUSH_SECONDS = env_int("FICARCHIVE_HITS_FLUSH_SECONDS", 60, minimum=1)

# Mail: SMTP when a host is configured, otherwise the console (the log) for development.
# Background tasks (ficarchive.core.tasks), run by `ficarchive worker`: rows in the archive's
# database by default, so one machine needs nothing more; RQ on Redis when REDIS_URL is set.
TASK_QUEUES = ["default", "email"]
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS: dict[str, Any] = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}
    }
    RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 1800} for name in TASK_QUEUES}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# How often a worker's clock looks for periodic tasks (digests, pruning) that are due.
FICARCHIVE_CLOCK_SECONDS = env_int("FICARCHIVE_CLOCK_SECONDS", 60, minimum=1)
# Downloads: built files, once per version of a work; works longer than this build in a task.
FICARCHIVE_DOWNLOADS_DIR = DATA_DIR / "downloads"
# Members' downloads of their own data (privacy app), kept a few days, readable by the app only.
FICARCHIVE_EXPORTS_DIR = DATA_DIR / "exports"
FICARCHIVE_DOWNLOADS_BACKGROUND_WORDS = env_int("FICARCHIVE_DOWNLOADS_BACKGROUND_WORDS", 1_000_000)

EMAIL_HOST = env_email_host("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_port("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_email_address("DEFAULT_FROM_EMAIL", "Ficarchive <noreply@localhost>")
# The archive's public address, for the links in emails sent by background tasks.
FICARCHIVE_SITE_URL = env_url("FICARCHIVE_SITE_URL", "http://localhost:8000")

LANGUAGE_CODE = "en"
TIME_ZONE = env_time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security: HTTPS settings are on in production unless the admin turns them off.
_HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = _HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe app servers over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Enforced, and the same for every request (no nonces), so a cached page stays valid: scripts
# and styles only from our own files; the reader's settings are data attributes, not styles.
# Images may come over https, as the sanitizer allows them in works.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        # The service worker (/sw.js) and the web app manifest, from our own origin only.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the shared cache (written through to the database): a member's page
# does not query the archive's database for its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]),
    },
}

"""Careerguide settings: everything that differs between machines comes from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for local development).")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "careerguide.core.apps.CareerguideAdminConfig",  # django.contrib.admin, with the editors' site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    # Versions of schools, careers and resources (careerguide.core.versions).
    "reversion",
    "careerguide.core",
    "schools",
    "careerguide.careers",
    "resources",
    "careerguide.importing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "careerguide.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags from content for the responses the next one leaves alone (a visitor's own page).
    "django.middleware.http.ConditionalGetMiddleware",
    "careerguide.core.http_caching.HttpCachingMiddleware",
    "careerguide.core.db_router.ReadsOnReplicaMiddleware",
    "careerguide.core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "careerguide.urls"

# The public pages are Jinja2 templates (jinja2/), whole pages; the admin's are Django templates
# (templates/ and the apps'). Each page is rendered by one engine.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "careerguide.core.jinja2.environment",
            "autoescape": True,
            "context_processors": ["django.contrib.messages.context_processors.messages"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "careerguide.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while an import writes; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it estimates as costly (a whole-table export, the career
    # finder's per-school totals) before running it, for a web request that never reuses the
    # compiled code: JIT off. Kept beside any `options` that DATABASE_URL gives.
    postgres_options = DATABASES["default"].setdefault("OPTIONS", {})
    postgres_options["options"] = f"{postgres_options.get('options', '')} -c jit=off".strip()

# A read replica of the primary (PostgreSQL streaming replication, say): public GETs read there
# (careerguide.core.db_router says what stays on the primary). Tests read the primary's test database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["careerguide.core.db_router.PrimaryReplicaRouter"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Shared cache (careerguide.core.cache) ---------------------------------------------------
# Redis in production (every worker shares pages and the data version); one process's memory
# when REDIS_URL is unset (development, tests).
# A Redis that fails makes every cache read a miss (logged, counted, shown by /readyz): the site
# serves pages uncached rather than failing. Its answers are waited for at most REDIS_TIMEOUT
# seconds (a Redis on another machine that stops answering must not hold every page up).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
CACHES = {
    "default": (
        {
            "BACKEND": "careerguide.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Pages that change only when data changes (views marked `cached_page`), served from the cache to
# anonymous visitors. PAGE_CACHE=0 turns it off (the test suite does: its tests change rows in bulk
# between requests; tests/test_page_cache.py turns it on).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "900"))
# A request with any of these cookies sees its own page (its shortlist, a flash message).
PAGE_CACHE_VISITOR_COOKIES = ["shortlist", "messages"]
# A save or delete in these apps makes every cached page stale.
PAGE_CACHE_DATA_APPS = ["schools", "careers", "resources"]
# HTTP caching (careerguide.core.http_caching): how long a shared cache (the proxy, a CDN) may serve
# a public page without asking, so how long an editor's save may take to reach everyone (at most 60).
HTTP_CACHE_SHARED_SECONDS = int(os.environ.get("HTTP_CACHE_SHARED_SECONDS", "30"))
# The code's part of the pages' ETags: a release's name, or empty for a digest of the code's files.
CODE_VERSION = os.environ.get("CODE_VERSION", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# An English-only site: no translation machinery to consult on every reverse() and format.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production; plain files for DEBUG and tests (no collectstatic).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATICFILES_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env_bool("STATICFILES_MANIFEST", not DEBUG)
# Serving from the finders, look each file up when it is asked for instead of indexing all of them
# whenever a middleware chain is built (every test client builds one).
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
# Files browsers ask for at the site's root, by names they expect and never hashed: /favicon.ico,
# /apple-touch-icon.png (a phone's bookmark), the web app manifest and its icons.
WHITENOISE_ROOT = BASE_DIR / "public"

# An import reads each data file whole into memory: a file inside a .zip download larger than
# this is refused before it is unpacked (the real files are at most tens of megabytes).
IMPORT_MAX_ARCHIVE_MEMBER_BYTES = int(os.environ.get("IMPORT_MAX_ARCHIVE_MEMBER_MB", "512")) * 1024 * 1024

# Uploads larger than the logo limit are refused by the form with a message, not by the server.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security: headers, cookies, HTTPS (careerguide.core.security adds CSP and Permissions-Policy) ---
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Every script and stylesheet is a file under /static/: no inline script, style or event handler,
# public pages or admin. JSON-LD <script type="application/ld+json"> blocks are data, not
# scripts, so script-src does not apply to them. Uploaded logos are served from /media/ (same origin).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Nothing on the site asks for these; an embedded third party could not either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# The header the front proxy sets to the scheme the browser used, e.g. X-Forwarded-Proto. Trust it
# only behind a proxy that always overwrites it (deploy/nginx-careerguide.conf does).
if proxy_ssl_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Both reach beyond this site (every subdomain; browsers' built-in lists, hard to leave):
    # the operator opts in. Declining them is a decision, so the deploy check's reminder is silenced.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Admin login throttling (django-axes) ---------------------------------------------------
# Fair to editors (SPEC section 5): AXES_FAILURE_LIMIT wrong passwords for one account from one
# address (the two together) refuse that account's logins from that address for the cool-off
# time, so nobody elsewhere can lock an editor out by guessing at their username; and an address
# with LOGIN_ADDRESS_FAILURE_LIMIT failed logins in an hour, whatever the accounts, is refused as a
# whole (careerguide.core.admin_access). A refused login is not counted as another failure. A
# failed login says how many tries remain; a refused one (HTTP 429) why, for how long and whom to
# ask. Every failure is recorded; administrators see them in the admin (Axes: access attempts and
# access failures), and can unlock by deleting an account's attempts.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as django-axes requires
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins, then records failures
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "careerguide.core.admin_access.FairLoginHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "careerguide.core.admin_access.lockout_response"
# Behind the front proxy every request comes from its address: the client's is the one the proxy
# appended to X-Forwarded-For (LOGIN_THROTTLE_PROXY_COUNT trusted proxies, 0 when clients connect directly).
AXES_CLIENT_IP_CALLABLE = "careerguide.core.admin_tools.login_client_address"
LOGIN_THROTTLE_PROXY_COUNT = int(os.environ.get("LOGIN_THROTTLE_PROXY_COUNT", "0"))

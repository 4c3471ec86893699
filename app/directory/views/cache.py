"""Whole-response cache of the public directory (pages under /directory, the JSON API under
/api/directory, the master chart exports) for signed-out visitors.

A response is stored (body, status 200, headers) under its path, query string, language
(Accept-Language and a `lang`/`language` cookie), the app's date (pages print it) and the
directory version, the one-row `directory_version` that `app.directory.operations` raises in the
transaction of every change to what the directory shows. Each worker reads that version at most
every DIRECTORY_CACHE_SECONDS seconds (default 5): a committed change shows within that many
seconds, and pages of an older version are never served after it. DIRECTORY_CACHE_SECONDS < 0
turns the cache off.

Never cached: a request of a signed-in user (or one with a remember-me cookie or a message still
to flash), a response that is not 200, sets a cookie or streams. An entry keeps the headers the
after-request hooks gave the page (the security headers of `app.headers`, Vary), so a hit is the
same answer wherever it is served from. Two places serve hits, with one key and one store:

- `CachedAnswers`, a WSGI middleware around `app.wsgi_app`, answers a GET that carries no cookie
  but the language ones while this worker's reading of the directory version is fresh, before
  Flask builds a request context (its hooks, the session and the teardown were most of a hit's
  cost). It never reads the database: when the version is due to be read, Flask answers.
- A `before_request` hook answers every other GET of a signed-out visitor (one with any other
  cookie, such as a session without a user, or when the version is due to be read).

The middleware may skip the request hooks: an entry exists only for a path and query string that
passed `app.inputs` (that check reads nothing else, and both are in the key), and only for an
answer that set no language cookie (`app.i18n` sets it from the query string and the `lang`
cookie alone, both in the key).

The store is an in-process LRU bounded by DIRECTORY_CACHE_BYTES of bodies (cachetools), or Redis
when DIRECTORY_CACHE_URL (from CACHE_URL or REDIS_URL) is set, entries expiring after
DIRECTORY_CACHE_TTL seconds.
"""

import hashlib
import json
import threading
import time

from cachetools import LRUCache
from flask import Response, current_app, request, session
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Request

from app import clock
from app.extensions import db
from app.models import DirectoryVersion

CACHED_PREFIXES = ("/directory/", "/api/directory/")
LANGUAGE_COOKIES = ("lang", "language")
DROPPED_HEADERS = {"set-cookie", "content-length"}  # never replayed; computed for each answer
# Kept in the WSGI environ, which is per request (`g` lives as long as the app context, which
# a test or a CLI command may share between requests).
KEY = "ses.directory_cache_key"
HIT = "ses.directory_cache_hit"


class MemoryStore:
    """An LRU of (headers, body) bounded by the bodies' bytes; safe across threads."""

    def __init__(self, max_bytes):
        self.entries: LRUCache[str, tuple[object, bytes]] = LRUCache(
            maxsize=max_bytes, getsizeof=lambda entry: len(entry[1]) + 1
        )
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            return self.entries.get(key)

    def set(self, key, headers, body):
        if len(body) + 1 > self.entries.maxsize:
            return  # larger than the whole cache: not kept
        with self.lock:
            self.entries[key] = (headers, body)


class RedisStore:
    """Entries in Redis (shared by every worker), as JSON headers, a newline, then the body."""

    def __init__(self, url, ttl, prefix):
        import redis

        self.client, self.ttl = redis.Redis.from_url(url), ttl
        self.prefix = f"{prefix}:directory-cache:"  # apps sharing one Redis stay apart

    def get(self, key):
        stored = self.client.get(self.prefix + key)
        if stored is None:
            return None
        assert isinstance(stored, bytes)  # the client was made without decode_responses
        headers, _, body = stored.partition(b"\n")
        return [tuple(pair) for pair in json.loads(headers)], body

    def set(self, key, headers, body):
        self.client.set(self.prefix + key, json.dumps(headers).encode() + b"\n" + body, ex=self.ttl)


class DirectoryCache:
    """The store and this worker's last reading of the directory version."""

    def __init__(self, app):
        config = app.config
        self.interval = float(config.get("DIRECTORY_CACHE_SECONDS", 5))
        url = config.get("DIRECTORY_CACHE_URL")
        self.store = (
            RedisStore(
                url,
                int(config.get("DIRECTORY_CACHE_TTL", 3600)),
                config.get("DIRECTORY_CACHE_PREFIX", "ses"),
            )
            if url
            else MemoryStore(int(config.get("DIRECTORY_CACHE_BYTES", 64 * 2**20)))
        )
        self.version, self.read_at = None, float("-inf")
        self.lock = threading.Lock()
        self.values = {}  # name: (version, value) of `kept`

    def kept(self, name, compute):
        """compute(), kept until the directory version changes (figures every page shows)."""
        version = self.current_version()
        with self.lock:
            found = self.values.get(name)
        if found is not None and found[0] == version:
            return found[1]
        value = compute()
        with self.lock:
            self.values[name] = (version, value)
        return value

    def fresh_version(self, now=None):
        """The version last read if it was read less than `interval` seconds ago, else None."""
        now = time.monotonic() if now is None else now
        with self.lock:
            if self.version is not None and now - self.read_at < self.interval:
                return self.version
        return None

    def current_version(self):
        """The directory version, read from the database at most every `interval` seconds."""
        now = time.monotonic()
        version = self.fresh_version(now)
        if version is not None:
            return version
        version = (
            db.session.scalar(select(DirectoryVersion.version).where(DirectoryVersion.id == 1)) or 0
        )
        with self.lock:
            self.version, self.read_at = version, now
        return version


def _anonymous():
    """True when nothing about this request may differ per visitor: not signed in, no
    remember-me cookie, no flashed message waiting."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return (
        "_user_id" not in session and "_flashes" not in session and remember not in request.cookies
    )


def _key(version, asking):
    """The store's key of the request `asking` (Flask's, or the middleware's plain werkzeug
    one) at `version`. The parts are written as a JSON list, so no two requests share a key."""
    language = ",".join(f"{value};{quality}" for value, quality in asking.accept_languages)
    parts = [
        version,
        clock.today().isoformat(),
        asking.path,
        asking.query_string.decode("latin-1"),
        language[:300],
        *(asking.cookies.get(name, "")[:100] for name in LANGUAGE_COOKIES),
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


class CachedAnswers:
    """WSGI middleware: a hit of a cookie-less GET (language cookies aside) answered before
    Flask builds a request context, as a caching reverse proxy in front of the app would."""

    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        try:
            entry = self.hit(environ)
        except Exception:  # e.g. Redis unreachable: Flask answers, and reports it as it does
            entry = None  # every error (its error page, its log), not the WSGI server's 500
        if entry is None:
            return self.wsgi_app(environ, start_response)
        # What Flask sends for the Response of `serve_cached` (its after-request hooks change
        # nothing on a stored entry's headers), written without a Response: half a hit's cost.
        headers, body = entry
        start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def hit(self, environ):
        """The stored entry answering this request, or None to let Flask answer it."""
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        cache = self.app.extensions["directory_cache"]
        version = cache.fresh_version()  # None when off or due to be read: Flask reads it
        if version is None:
            return None
        asking = Request(environ, populate_request=False)
        if not asking.path.startswith(CACHED_PREFIXES) or any(
            name not in LANGUAGE_COOKIES for name in asking.cookies
        ):
            return None  # a session or remember-me cookie: Flask decides who is asking
        with self.app.app_context():  # the app's date (clock.today) reads its configuration
            return cache.store.get(_key(version, asking))


def serve_cached():
    """before_request: answer a signed-out GET of a directory page from the cache."""
    cache = current_app.extensions["directory_cache"]
    if (
        cache.interval < 0
        or request.method != "GET"
        or not request.path.startswith(CACHED_PREFIXES)
        or not _anonymous()
    ):
        return None
    key = request.environ[KEY] = _key(cache.current_version(), request)
    entry = cache.store.get(key)
    if entry is None:
        return None
    request.environ[HIT] = True
    headers, body = entry
    return Response(body, status=200, headers=headers)


def store_response(response):
    """after_request: keep a fresh 200 answer to a signed-out visitor (no cookie set)."""
    key = request.environ.get(KEY)
    if (
        key is None
        or request.environ.get(HIT)
        or response.status_code != 200
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or current_user.is_authenticated
        or current_app.session_interface.should_set_cookie(current_app, session)
    ):
        return response
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in DROPPED_HEADERS and not name.lower().startswith("x-ratelimit")
    ]
    current_app.extensions["directory_cache"].store.set(key, headers, response.get_data())
    return response


def register(app):
    """Cache the directory's signed-out answers of `app`."""
    app.extensions["directory_cache"] = DirectoryCache(app)
    app.before_request(serve_cached)
    app.after_request(store_response)
    # Flask's documented way to add middleware. ProxyFix, if any, stays inside: a hit reads
    # nothing it fixes (the client address, scheme and host are not in the key).
    app.wsgi_app = CachedAnswers(app, app.wsgi_app)

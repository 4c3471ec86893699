"""Spanish for the parent-facing directory pages (issue 11): Flask-Babel, the language switch.

The language is `?lang=es|en` (remembered in the `lang` cookie), else the cookie, else the best
match of the browser's Accept-Language among the catalog's languages, else English.
"""

from functools import lru_cache

from flask import has_request_context, request
from flask_babel import (
    Babel,
    format_currency,
    format_date,
    format_decimal,
    get_locale,
    get_translations,
    refresh,
)
from jinja2 import pass_eval_context
from markupsafe import Markup

from config import BASE_DIR

LANGUAGES = ("en", "es")
LANG_COOKIE = "lang"
LANG_COOKIE_AGE = 365 * 24 * 3600  # a parent's choice lasts the school year and more

babel = Babel()


def N_(message):
    """Mark `message` for the catalog without translating it here (labels kept in English for
    the exports; pages translate them with gettext when they show them)."""
    return message


def _asked():
    value = request.args.get("lang", "")
    return value if value in LANGUAGES else None


def select_locale():
    """The language of this request (see the module docstring)."""
    cookie = request.cookies.get(LANG_COOKIE)
    return (
        _asked()
        or (cookie if cookie in LANGUAGES else None)
        or request.accept_languages.best_match(LANGUAGES)
        or "en"
    )


def _remember(response):
    # Only an explicit, valid ?lang= changes the remembered choice.
    # The page depends on the cookie and Accept-Language: shared caches must key on them.
    response.vary.update(("Cookie", "Accept-Language"))
    asked = _asked()
    if asked and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE,
            asked,
            max_age=LANG_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure,
            httponly=True,
        )
    return response


def current_language():
    """'en' or 'es': for `<html lang>` and the switch link."""
    return str(get_locale() or "en")


def local_date(value):
    """'July 17, 2009' / '17 de julio de 2009'; '' for None."""
    return "" if value is None else format_date(value, "long")


def money(value):
    """'$1,200.00' / '1200,00 US$' (dollars in the page's language); '' for None."""
    return "" if value is None else format_currency(value, "USD")


def number(value):
    """A number in the page's language; '' for None."""
    return "" if value is None else format_decimal(value)


def register(app):
    """Install Babel (catalog in translations/), the cookie hook and the template global."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(BASE_DIR / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    # Babel caches the locale on the app context, which outlives a request when one is already
    # pushed (CLI, tests): choose again for every request.
    app.before_request(refresh)
    app.after_request(_remember)
    app.jinja_env.globals["current_language"] = current_language
    _install_template_gettext(app)
    app.jinja_env.filters.update(local_date=local_date, money=money, number=number)


def _install_template_gettext(app):
    """`_()` and `{% trans %}` in templates from a per-application cache of (language, message):
    the catalogs are read once at start-up and never change while the process runs, and
    Flask-Babel's own lookup (domain, locale, catalog, on every call) was a fifth of a signed-in
    page's time. A page rendered for a request is given the gettext of its language, chosen
    once per render (a signed-in page calls `_()` two dozen times; Jinja's own `_` reached the
    translation through three context calls and a locale lookup each time). It does what
    Jinja's newstyle gettext does: the translation is markup where autoescaping is on, and
    always a format string of the call's variables. Plural and context forms stay
    Flask-Babel's; outside a request (a letter rendered by the sweep) the globals serve.
    """

    @lru_cache(maxsize=4096)  # bounded: templates translate literals and a few label tables
    def translated(language, message):
        return get_translations().ugettext(message)

    @lru_cache(maxsize=8)
    def gettext_in(language):
        @pass_eval_context
        def gettext(eval_ctx, message, **variables):
            text = translated(language, message)
            return (Markup(text) if eval_ctx.autoescape else text) % variables

        return gettext

    app.jinja_env.install_gettext_callables(
        gettext=lambda message: translated(current_language(), message),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.context_processor
    def page_gettext():
        if not has_request_context():
            return {}
        gettext = gettext_in(current_language())
        return {"_": gettext, "gettext": gettext}

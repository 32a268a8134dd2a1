"""Translations: `t(key, lang, **params)` looks a key up in `cxreport.translations`.

Strict or forgiving: an unknown key (or a language outside `LANGS`, or a placeholder the
caller did not pass) is a bug to catch in tests, but must never break a page a customer is
looking at. So `t` raises `KeyError` when strict, and otherwise returns the key itself
(and leaves unfilled placeholders as ``{name}``).

Strict when the environment variable ``CXREPORT_I18N_STRICT`` is "1" (forgiving when
"0"); when it is unset, strict exactly while pytest runs a test (pytest sets
``PYTEST_CURRENT_TEST``), so tests and AppTest page tests fail on a missing key while the
running app stays forgiving.
"""

from __future__ import annotations

import os
import string

from cxreport.translations import TRANSLATIONS

LANGS: tuple[str, ...] = ("en", "id")
DEFAULT_LANG = "en"

_FORMATTER = string.Formatter()


def is_strict() -> bool:
    flag = os.environ.get("CXREPORT_I18N_STRICT")
    if flag is not None:
        return flag.strip() == "1"
    return "PYTEST_CURRENT_TEST" in os.environ


class _KeepMissing(dict):
    # Forgiving mode: a placeholder the caller forgot stays visible as {name}.
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def t(key: str, /, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text of `key` in `lang`, with `params` filled in by ``str.format``.

    `key` is positional-only so that texts may use a ``{key}`` placeholder.
    """
    strict = is_strict()
    entry = TRANSLATIONS.get(key)
    if entry is None or lang not in LANGS:
        if strict:
            raise KeyError(f"no translation for key {key!r} in language {lang!r}")
        if entry is None:
            return key
        lang = DEFAULT_LANG
    text = entry.get(lang) or entry.get(DEFAULT_LANG)
    if text is None:
        if strict:
            raise KeyError(f"no translation for key {key!r} in language {lang!r}")
        return key
    if strict:
        return text.format(**params)
    try:
        return text.format_map(_KeepMissing(params))
    except (ValueError, IndexError, AttributeError):  # a malformed value must not break a page
        return text


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a text (format specs and conversions ignored)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in _FORMATTER.parse(text) if name is not None}


def missing_keys() -> dict[str, list[str]]:
    """Per language, the keys without a (non-empty) text in that language."""
    return {lang: sorted(k for k, v in TRANSLATIONS.items() if not v.get(lang)) for lang in LANGS}


def placeholder_mismatches() -> dict[str, dict[str, set[str]]]:
    """Keys whose translations use other placeholders than the English text: key -> lang -> set."""
    out: dict[str, dict[str, set[str]]] = {}
    for key, texts in TRANSLATIONS.items():
        expected = placeholders(texts.get(DEFAULT_LANG, ""))
        for lang in LANGS:
            if lang in texts and placeholders(texts[lang]) != expected:
                out.setdefault(key, {})[lang] = placeholders(texts[lang])
    return out

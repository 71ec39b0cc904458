"""The kit's own words in the learner's language: ``lang`` is ``"en"`` (default) or ``"zh"``.

What the kit itself says to a learner — exercise verdicts, ``kubelab hint:`` lines, trace
explanations, widget labels, picture titles and legends — follows the language; what kubectl
and the API server print stays as they print it (English, as on a real cluster).

Messages are written in English where they are made (the English edition reads exactly as
before). The catalogue (``kubelab/i18n/zh.py``) maps each English *template* to its
translation; a template is the message with its variable parts written ``{name}``, as in the
f-string that makes it::

    'there is no Secret "{secret}"; create it with kubectl create secret generic.'
        → 'Secret "{secret}" 不存在；请用 kubectl create secret generic 创建它。'

``translate(message)`` finds the template a finished message instantiates and fills the
translation with the same parts, so the modules that make messages need no change beyond
passing the finished text through ``translate`` (or ``tr``) where it is shown.

>>> from kubelab.i18n import translate
>>> translate("Send", lang="zh")
'发送'
>>> translate("Send")                  # the default language
'Send'

The language is chosen with ``kubelab.set_lang("zh")`` (the Chinese edition's first code cell
does that), or for a whole process with the environment variable ``KUBELAB_LANG=zh``.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

LANGS = ("en", "zh")
_lang: str | None = None


def set_lang(lang: str) -> None:
    """Choose the language of the kit's own words: "en" or "zh"."""
    global _lang
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    _lang = lang
    if lang == "zh":
        from . import fonts
        fonts.register_cjk_font()


def get_lang() -> str:
    if _lang is not None:
        return _lang
    env = os.environ.get("KUBELAB_LANG", "en")
    return env if env in LANGS else "en"


def catalogue(lang: str) -> dict[str, str]:
    if lang == "zh":
        from .zh import MESSAGES
        return MESSAGES
    return {}


@lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[re.Pattern, str]]:
    """The catalogue's templates with placeholders, as anchored regular expressions (longest
    literal text first, so the most specific template wins)."""
    out = []
    for en, target in catalogue(lang).items():
        if "{" not in en or not re.sub(r"\{\w+\}", "", en).strip() or en == target:
            continue                    # (an entry kept as it is, "{ip}:{port}", matches nothing)
        parts = re.split(r"\{(\w+)\}", en)
        seen: set[str] = set()
        rx = ""
        for i, p in enumerate(parts):
            if i % 2 == 0:
                rx += re.escape(p)
            elif p in seen:
                rx += f"(?P={p})"                       # the same part again
            else:
                seen.add(p)
                rx += f"(?P<{p}>.*?)"                 # a part may be empty (" as {fqdn}" left out)
        literal = sum(len(p) for p in parts[::2])
        out.append((literal, re.compile(rx + r"\Z", re.S), target))
    out.sort(key=lambda t: -t[0])
    return [(rx, target) for _, rx, target in out]


def translate(message: str, lang: str | None = None) -> str:
    """`message` in the chosen language: the catalogue's translation of the template it
    instantiates, or `message` itself when the catalogue has none (or the language is English).
    A message of several lines is translated line by line when it has no entry as a whole."""
    lang = lang or get_lang()
    if lang == "en" or not message:
        return message
    found = _lookup(message, lang)
    if found is not None:
        return found
    if "\n" in message:
        return "\n".join(_lookup(line, lang) or line for line in message.split("\n"))
    return message


def _lookup(message: str, lang: str) -> str | None:
    table = catalogue(lang)
    if message in table:
        return table[message]
    stripped = message.rstrip()
    if stripped != message and stripped in table:
        return table[stripped] + message[len(stripped):]
    for rx, target in _patterns(lang):
        m = rx.match(message)
        if m:
            # a part is a name or a number, or itself a phrase of the catalogue ("the only
            # ready endpoint"): strictly shorter than the message, so this ends
            return _fill(target, {k: _lookup(v, lang) or v for k, v in m.groupdict().items()})
    return None


def _fill(template: str, parts: dict[str, str]) -> str:
    """`template` with each ``{name}`` replaced (other braces, as in ``{.data.key}``, stay)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(parts.get(m.group(1), m.group(0))), template)


def label(word: str) -> str:
    """A word shown alone as a label (a hop's kind in the traffic explorer) in the chosen
    language: such words are kept out of the catalogue, where a name that happens to be
    the same word ("client", a pod's name) must stay as it is.

    >>> label("client")                   # the default language
    'client'
    """
    if get_lang() != "zh":
        return word
    from .zh import LABELS
    return LABELS.get(word, word)


def tr(template: str, /, **parts) -> str:
    """``template`` filled with ``parts`` in the chosen language (a label, a title)."""
    lang = get_lang()
    text = catalogue(lang).get(template, template) if lang != "en" else template
    return _fill(text, parts) if parts else text


def localize(widget):
    """Put a control's labels (``description``, ``tooltip``, tab ``titles``) in the chosen language, through
    the whole tree of ipywidgets under `widget`; returns `widget`. Values (a placeholder such
    as ``nginx:1.27``, the options of a dropdown) stay as they are: they are what kubectl takes."""
    if get_lang() == "en":
        return widget
    seen = set()

    def walk(w) -> None:
        if id(w) in seen:
            return
        seen.add(id(w))
        for attr in ("description", "tooltip"):
            value = getattr(w, attr, None)
            if isinstance(value, str) and value:
                new = translate(value)
                if new != value:
                    setattr(w, attr, new)
        titles = getattr(w, "titles", None)          # a Tab's or an Accordion's titles
        if isinstance(titles, (tuple, list)) and titles:
            new_titles = tuple(translate(t) if isinstance(t, str) else t for t in titles)
            if new_titles != tuple(titles):
                w.titles = new_titles
        for child in getattr(w, "children", ()) or ():
            walk(child)

    walk(widget)
    return widget


class Words(dict):
    """A table of a picture's words, read in the chosen language at each lookup (so a
    language chosen after the module was imported still applies): ``WORDS = Words({...})``."""

    def __getitem__(self, key):
        return translate(super().__getitem__(key))

    def get(self, key, default=None):
        return self[key] if key in self else default

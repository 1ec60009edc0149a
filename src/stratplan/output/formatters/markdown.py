"""Plan text made inert in Markdown: every Markdown output (report, budget, diff) escapes through here."""

from __future__ import annotations

import re

from stratplan.output.formatters.terminal import printable

_SCHEME = re.compile(r"(?i)\b(javascript|data|vbscript|file|mailto):")
_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def md_escape(value: object) -> str:
    """No table broken, no HTML, link, image, heading, emphasis, autolink or @mention from plan text."""
    text = " ".join(printable(str(value)).split())
    text = _SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("@", "&#64;").replace("://", "&#58;//").replace("www.", "www&#46;")
    return _SCHEME.sub(r"\1&#58;", text)

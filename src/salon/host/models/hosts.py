"""Host names: the shape of a server's address, and the one a request names.

A property named for a host (`host`, `hostname`, `domain`, `server_host`) takes a network address:
`localhost`, an IP address, a dotted domain name ("example.org", "db.company.com"), or a URL where
the person wrote one ("http://plga.ca"). A single word is a host only when it is written as host
names are, in lower case with a digit or a hyphen ("db01", "pg-main"); a capitalised word in the
request ("PostgreSQL") names the kind of server, not where it is.

`host_in` finds the first address of that shape in a request ("The server is located at
example.org"). A dotted name whose last part is a file extension ("config.json") is a file, and one
inside an e-mail address is the mail domain, so neither is taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from salon.host.models.understanding import Span

_HOST_NAMES = frozenset({"host", "hostname", "hostnames", "hosts", "domain", "domainname", "fqdn"})
_FILE_EXTENSIONS = frozenset(
    {
        "json", "txt", "csv", "tsv", "py", "js", "ts", "yaml", "yml", "xml", "html", "htm", "md", "log",
        "conf", "cfg", "ini", "exe", "zip", "gz", "tar", "pdf", "png", "jpg", "jpeg", "gif", "sql", "db",
        "sh", "bat", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "mp3", "mp4", "wav",
    }
)  # fmt: skip
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_IPV4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_DOTTED = rf"{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,24}}"
_HOST = re.compile(
    rf"(?:[a-z][a-z0-9+.-]*://)?(?:localhost|{_IPV4}|{_DOTTED}|\[[0-9A-Fa-f:]+\])(?::\d{{1,5}})?(?:/[^\s'\"]*)?"
)
_SINGLE_LABEL = re.compile(r"^(?=[a-z0-9-]*[0-9-])[a-z][a-z0-9-]*(?::\d{1,5})?$")
_IN_TEXT = re.compile(rf"(?<![\w@.-]){_HOST.pattern}(?![\w@-])")


def wants_host(name: str) -> bool:
    """Whether a property is named for a host ("host", "db_hostname", "serverHost", "domain")."""
    words = re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower())
    return bool(set(words) & _HOST_NAMES) or name.lower().replace("_", "") in _HOST_NAMES


def looks_like_host(value: str) -> bool:
    """Whether `value` is written as a network address."""
    value = value.strip()
    if _SINGLE_LABEL.match(value):
        return True
    if not _HOST.fullmatch(value):
        return False
    return not _is_file(value)


def _is_file(value: str) -> bool:
    if "://" in value or "/" in value:
        return False
    last = value.rsplit(":", 1)[0].rsplit(".", 1)[-1].lower()
    return last in _FILE_EXTENSIONS


def host_in(text: str, free: Callable[[Span], bool]) -> tuple[str, Span] | None:
    """The first network address the request writes, if it is not already another property's."""
    for m in _IN_TEXT.finditer(text):
        value = m.group(0).rstrip(".,;:")
        span = Span(m.start(), m.start() + len(value))
        if free(span) and not _is_file(value):
            return value, span
    return None

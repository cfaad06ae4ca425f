"""Who is asking: the personal token and cookie, or the user a trusted proxy names.

Pure (no aiohttp), so each rule is tested on its own. The server asks `Personal.check` or
`Hospital.check` for every request and acts on the `Identity` or `Refusal` it gets.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.paths import user_progress_path

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_USER_ID = 256
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
HEADER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")


@dataclass(frozen=True)
class Identity:
    user: str  # "" in personal mode: the one learner whose files these are
    progress: Path | None  # None: the app's own default (TUTOR_HOME), as in a terminal

    @property
    def label(self) -> str:
        """For the log: the user id on one line, shortened."""
        if not self.user:
            return "local"
        text = _CONTROL.sub("?", self.user)
        return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str  # for the log
    page: str  # for the person in front of the browser


def parse_networks(values: Sequence[str]) -> tuple[IPNetwork, ...]:
    """`10.0.0.5`, `10.0.0.0/24`, `::1`, comma-separated or repeated. Raises ValueError."""
    networks: list[IPNetwork] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(f"{part!r} is not an IP address or network") from None
    if not networks:
        raise ValueError("no address given")
    return tuple(networks)


def peer_address(peer: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not peer:
        return None
    try:
        address = ipaddress.ip_address(peer.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def user_id_problem(value: str) -> str:
    """Why a user id from the proxy cannot be used; "" when it can."""
    if not value.strip():
        return "empty"
    if len(value) > MAX_USER_ID:
        return f"longer than {MAX_USER_ID} characters"
    if _CONTROL.search(value):
        return "has control characters"
    return ""


@dataclass(frozen=True)
class Personal:
    """One learner on this computer: a token in the printed URL, then a cookie."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    progress: Path | None = None

    @property
    def cookie_name(self) -> str:
        # Cookies ignore ports: two servers on one machine must not share one.
        return f"tutor-serve-{self.port}"

    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def check(self, host: str, cookies: Mapping[str, str]) -> Identity | Refusal:
        if host not in self.hosts():
            # A page on another name that resolves here (DNS rebinding) gets nothing.
            return Refusal(421, f"unexpected Host {host!r}", NOT_THIS_HOST)
        given = cookies.get(self.cookie_name, "")
        if not given or not hmac.compare_digest(given.encode(), self.secret.encode()):
            return Refusal(403, "no token", NEEDS_TOKEN)
        return Identity("", self.progress)


@dataclass(frozen=True)
class Hospital:
    """Behind the organisation's proxy, which signs users in and names them in a header."""

    trusted: tuple[IPNetwork, ...]
    header: str
    data_dir: Path
    course_id: str

    def check(self, peer: str | None, values: Sequence[str]) -> Identity | Refusal:
        """`values`: every value of the user header in the request (it must be exactly one)."""
        address = peer_address(peer)
        if address is None or not any(address in net for net in self.trusted):
            return Refusal(403, f"{peer} is not a trusted proxy", NOT_THROUGH_PROXY)
        if len(values) != 1:
            why = "missing" if not values else "given more than once"
            return Refusal(403, f"user header {why}", NO_USER)
        user = values[0]
        problem = user_id_problem(user)
        if problem:
            return Refusal(403, f"user header {problem}", NO_USER)
        return Identity(user, user_progress_path(self.data_dir, user, self.course_id))


_STYLE = (
    "body{background:#0c181f;color:#e8eef2;font:18px/1.5 system-ui,sans-serif;margin:0}"
    "main{max-width:36em;margin:12vh auto;padding:0 1.5em}code{font-size:.95em}"
)


def _page(title: str, text: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    )


NEEDS_TOKEN = _page(
    "This address needs its key",
    "Open the course with the whole address that <code>tutor serve</code> printed, "
    "including the part that starts with <code>?token=</code>. You can copy it from the "
    "window where <code>tutor serve</code> is running.",
)
NOT_THIS_HOST = _page(
    "Wrong address", "Open the course with the address that <code>tutor serve</code> printed."
)
NOT_THROUGH_PROXY = _page(
    "Please sign in first",
    "Open the course through your organisation's address for it, where you sign in.",
)
NO_USER = _page(
    "Your sign-in did not reach the course",
    "The course could not tell who you are. Please sign in again, and tell your education "
    "office if this keeps happening.",
)
BUSY = _page(
    "The course is busy",
    "Too many people have the course open right now. Please try again in a few minutes.",
)

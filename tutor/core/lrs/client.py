"""A small xAPI client: POST statements, GET them page by page (`more`).

Standard library only (http.client, one persistent connection): the calls are
few and large, the app must not grow a dependency for them, and a blocking client
is what a worker thread wants.
"""

from __future__ import annotations

import base64
import http.client
import json
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

XAPI_VERSION = "1.0.3"
TIMEOUT = 30.0
_LOOPBACK = ("127.", "::1", "localhost")


class LrsError(Exception):
    """Base of the client's errors; str() is one line for the user."""


class LrsUnavailable(LrsError):
    """Could not reach the LRS, or it answered 5xx/429: worth trying again later."""


class LrsAuthError(LrsError):
    """401/403: the credentials are wrong or lack a scope. Trying again will not help."""


class LrsRefused(LrsError):
    """400/409/413...: the LRS refused this request (the batch) for a reason it gave."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status}: {reason}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Credentials:
    user: str
    password: str

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return "Basic " + token


def endpoint_problem(endpoint: str) -> str | None:
    """Why `endpoint` cannot be used, in one line; None if it can."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "the LRS endpoint must be an http(s) URL, e.g. https://lrs.example.org/xAPI/"
    if parts.scheme == "http" and not parts.hostname.startswith(_LOOPBACK):
        return "use https for an LRS that is not on this machine (credentials travel with it)"
    if parts.query or parts.fragment:
        return "the LRS endpoint cannot have a query or a fragment"
    return None


def normalise_endpoint(endpoint: str) -> str:
    return endpoint if endpoint.endswith("/") else endpoint + "/"


class LrsClient:
    def __init__(
        self, endpoint: str, credentials: Credentials, *, timeout: float = TIMEOUT
    ) -> None:
        problem = endpoint_problem(endpoint)
        if problem:
            raise ValueError(problem)
        self.endpoint = normalise_endpoint(endpoint)
        self._parts = urlsplit(self.endpoint)
        self._auth = credentials.header()
        self._timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            host = self._parts.hostname or ""
            port = self._parts.port
            if self._parts.scheme == "https":
                self._conn = http.client.HTTPSConnection(
                    host, port, timeout=self._timeout, context=ssl.create_default_context()
                )
            else:
                self._conn = http.client.HTTPConnection(host, port, timeout=self._timeout)
        return self._conn

    def _request(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        headers = {
            "Authorization": self._auth,
            "X-Experience-API-Version": XAPI_VERSION,
            "Accept": "application/json",
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            conn = self._connection()
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise LrsUnavailable(f"cannot reach the LRS at {self.endpoint}: {e}") from None
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, data

    def _path(self, resource: str, query: dict[str, str] | None = None) -> str:
        path = self._parts.path + resource
        return path + ("?" + urlencode(query) if query else "")

    def post_statements(self, statements: Sequence[dict[str, Any]]) -> list[str] | None:
        """Store a batch. Returns the ids the LRS stored now (200), or None when it held
        them all already (204). Raises LrsRefused, LrsAuthError, LrsUnavailable."""
        body = json.dumps(list(statements), ensure_ascii=False, separators=(",", ":")).encode()
        status, data = self._request("POST", self._path("statements"), body)
        _raise_for(status, data)
        if status == 204 or not data.strip():
            return None
        try:
            ids = json.loads(data)
        except ValueError:
            raise LrsUnavailable(f"the LRS answered {status} with something not JSON") from None
        return [str(i) for i in ids] if isinstance(ids, list) else None

    def get_page(self, target: str) -> dict[str, Any]:
        status, data = self._request("GET", target, None)
        _raise_for(status, data)
        try:
            page = json.loads(data)
        except ValueError:
            raise LrsUnavailable("the LRS answered a query with something not JSON") from None
        if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
            raise LrsUnavailable("the LRS answered a query without a statements list")
        return page

    def statements(
        self,
        *,
        since: str | None = None,
        agent: dict[str, Any] | None = None,
        activity: str | None = None,
        verb: str | None = None,
        limit: int = 1000,
    ) -> Iterator[dict[str, Any]]:
        """Every statement matching the filters, following `more` links page by page."""
        query: dict[str, str] = {"limit": str(limit)}
        if since:
            query["since"] = since
        if agent:
            query["agent"] = json.dumps(agent, separators=(",", ":"))
        if activity:
            query["activity"] = activity
        if verb:
            query["verb"] = verb
        target = self._path("statements", query)
        seen_pages: set[str] = set()
        while True:
            page = self.get_page(target)
            yield from page["statements"]
            more = page.get("more")
            if not more or not page["statements"]:
                return
            nxt = urljoin(self.endpoint, str(more))
            parts = urlsplit(nxt)
            target = parts.path + ("?" + parts.query if parts.query else "")
            if target in seen_pages:  # a server that sends the same page again would loop
                raise LrsUnavailable("the LRS sent the same `more` link twice")
            seen_pages.add(target)

    def statement(self, statement_id: str) -> dict[str, Any] | None:
        """One statement by id, or None if the LRS does not hold it."""
        status, data = self._request(
            "GET", self._path("statements", {"statementId": statement_id}), None
        )
        if status == 404:
            return None
        _raise_for(status, data)
        value = json.loads(data)
        return value if isinstance(value, dict) else None


def _reason(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    try:
        value = json.loads(text)
    except ValueError:
        return " ".join(text.split())[:300] or "no reason given"
    if isinstance(value, dict) and "detail" in value:
        detail = value["detail"]
        if isinstance(detail, list) and detail and isinstance(detail[0], dict):
            first = detail[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            return f"{where}: {first.get('msg', '')}".strip(": ")[:300]
        return str(detail)[:300]
    if isinstance(value, dict) and "message" in value:
        return str(value["message"])[:300]
    return " ".join(text.split())[:300]


def _raise_for(status: int, data: bytes) -> None:
    if 200 <= status < 300:
        return
    if status in (401, 403):
        raise LrsAuthError(f"the LRS refused the credentials (HTTP {status}): {_reason(data)}")
    if status == 429 or status >= 500:
        raise LrsUnavailable(f"the LRS answered HTTP {status}: {_reason(data)}")
    raise LrsRefused(status, _reason(data))

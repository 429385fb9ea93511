"""Reading a calendar over HTTP, safely: the address a provider gives is untrusted.

- Only https (http only for addresses on this machine or a private network, and only
  where the ``allow_private`` setting lets such addresses be read at all).
- Every address the host name resolves to must be public (not loopback, private,
  link-local, shared or reserved), unless ``allow_private``; the connection is then made to
  the address that was checked, so a second lookup cannot point it elsewhere.
- Redirects are followed by hand, at most five, each new address checked the same way;
  a user name and password go only to the host (scheme, name and port) they were given
  for, never to another one a redirect names.
- One deadline for the whole reading (slow answers included), and a size limit on the
  body, after decompression.

Failures raise ``CalendarUnreadable`` with a sentence for the provider that never repeats
the address itself (it may be a secret) or a password.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
MAX_ADDRESS_LENGTH = 2000
CHUNK = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "ExpertBank-calendar-reader/1"

Resolver = Callable[[str, int], list[str]]


class CalendarUnreadable(Exception):
    """The calendar could not be read; ``str()`` says why, for the provider."""


class AddressRefused(CalendarUnreadable):
    """The address is not one Expert Bank reads (scheme, form, or where it leads)."""


@dataclass(frozen=True)
class FetchRules:
    timeout: float = 10.0
    max_bytes: int = 10 * 1024 * 1024
    allow_private: bool = False


@dataclass(frozen=True)
class Target:
    """A checked address: its scheme, host, port, and the path with its query."""

    scheme: str
    host: str
    port: int
    path: str

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host.lower(), self.port)

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    """Lower-case names."""
    body: bytes


def check_address(url: str, *, allow_private: bool) -> Target:
    """The address's parts, if it is one Expert Bank may read (no look-up yet)."""
    if not isinstance(url, str) or not url.strip():
        raise AddressRefused("enter the calendar's address")
    url = url.strip()
    if len(url) > MAX_ADDRESS_LENGTH:
        raise AddressRefused(f"the address must be {MAX_ADDRESS_LENGTH} characters or fewer")
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise AddressRefused("the address must not contain spaces or control characters")
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]  # Apple and Outlook show webcal:// links
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused("that is not a web address") from None
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme.lower() not in schemes:
        raise AddressRefused("the address must start https://")
    if not parts.hostname:
        raise AddressRefused("the address must name a host, as in https://example.org/...")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("put the user name and password in their own boxes, not the address")
    scheme = parts.scheme.lower()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, parts.hostname, port or (443 if scheme == "https" else 80), path)


def public_host(url: str) -> str:
    """The host name alone, to show which calendar an address is without its secret part."""
    return check_address(url, allow_private=True).host.lower()


def resolve(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise CalendarUnreadable("the calendar's host name could not be found") from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class Fetcher:
    """Makes one request (and its redirects) under ``FetchRules``. ``resolver``, ``public``
    and ``tls`` are the system's unless a test gives its own (so that it can play public
    hosts with trusted certificates on this machine)."""

    def __init__(
        self,
        rules: FetchRules,
        resolver: Resolver = resolve,
        public: Callable[[str], bool] = is_public,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.rules = rules
        self.resolver = resolver
        self.public = public
        self.tls = tls or ssl.create_default_context()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        auth: tuple[str, str] | None = None,
    ) -> Answer:
        """The final answer (a 3xx only when it names nowhere to go)."""
        deadline = time.monotonic() + self.rules.timeout
        target = check_address(url, allow_private=self.rules.allow_private)
        origin = target.origin
        for _ in range(MAX_REDIRECTS + 1):
            sent = dict(headers or {})
            if auth is not None and target.origin == origin:
                sent["Authorization"] = _basic(*auth)
            answer = self._once(method, target, sent, body, deadline)
            location = answer.headers.get("location")
            if answer.status not in REDIRECTS or not location:
                return answer
            if answer.status == 303:
                method, body = "GET", None
            url = urljoin(_url_of(target), location)
            target = check_address(url, allow_private=self.rules.allow_private)
            if origin[0] == "https" and target.scheme != "https":
                raise AddressRefused("the calendar's address redirects to one that is not https")
        raise CalendarUnreadable(
            f"the calendar's address redirects more than {MAX_REDIRECTS} times"
        )

    def _checked_addresses(self, target: Target) -> list[str]:
        addresses = self.resolver(target.host, target.port)
        if not addresses:
            raise CalendarUnreadable("the calendar's host name could not be found")
        public = [self.public(a) for a in addresses]
        if not all(public) and not self.rules.allow_private:
            raise AddressRefused(
                "that address leads to this machine or a private network, which Expert Bank "
                "does not read"
            )
        if target.scheme == "http" and any(public):
            raise AddressRefused("the address must start https://")
        return addresses

    def _once(
        self,
        method: str,
        target: Target,
        headers: dict[str, str],
        body: bytes | None,
        deadline: float,
    ) -> Answer:
        sock = self._connect(target, deadline)
        connection = http.client.HTTPConnection(target.host, target.port)
        connection.sock = sock
        response: http.client.HTTPResponse | None = None
        try:
            sent = {
                "Host": target.host_header,
                "User-Agent": USER_AGENT,
                "Accept-Encoding": "gzip",
                **headers,
            }
            connection.request(method, target.path, body=body, headers=sent)
            sock.settimeout(_left(deadline))
            response = connection.getresponse()
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
            content = b""
            if method != "HEAD" and response.status not in REDIRECTS:
                content = self._body(response, answer_headers, deadline)
            return Answer(response.status, answer_headers, content)
        except TimeoutError:
            raise CalendarUnreadable(
                f"the calendar did not answer within {self.rules.timeout:g} seconds"
            ) from None
        except (OSError, http.client.HTTPException):
            raise CalendarUnreadable("the calendar's server broke off its answer") from None
        finally:
            if response is not None:
                response.close()
            connection.close()

    def _connect(self, target: Target, deadline: float) -> socket.socket:
        failure: CalendarUnreadable | None = None
        for address in self._checked_addresses(target):
            try:
                sock = socket.create_connection((address, target.port), timeout=_left(deadline))
            except TimeoutError:
                failure = CalendarUnreadable(
                    f"the calendar did not answer within {self.rules.timeout:g} seconds"
                )
                continue
            except OSError:
                failure = CalendarUnreadable("the calendar's server refused the connection")
                continue
            if target.scheme == "http":
                return sock
            try:
                return self.tls.wrap_socket(sock, server_hostname=target.host)
            except ssl.SSLCertVerificationError:
                sock.close()
                raise CalendarUnreadable(
                    "the calendar's server has no valid certificate for its name"
                ) from None
            except (OSError, ssl.SSLError):
                sock.close()
                failure = CalendarUnreadable("a secure connection to the calendar failed")
        assert failure is not None
        raise failure

    def _body(
        self,
        response: http.client.HTTPResponse,
        headers: Mapping[str, str],
        deadline: float,
    ) -> bytes:
        """The body, read as it comes (each wait on the socket is bounded by its timeout,
        set to what was left of the deadline before the answer began), so a server that
        trickles its answer is given up at the deadline too."""
        limit = self.rules.max_bytes
        too_big = CalendarUnreadable(f"the calendar is larger than {limit // (1024 * 1024)} MB")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        gzipped = headers.get("content-encoding", "").lower() == "gzip"
        inflate: Any = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        parts: list[bytes] = []
        size = 0
        while True:
            _left(deadline)
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, limit + 1 - size)
                except zlib.error:
                    raise CalendarUnreadable("the calendar's server sent a broken answer") from None
            size += len(chunk)
            if size > limit:
                raise too_big
            parts.append(chunk)
        return b"".join(parts)


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _url_of(target: Target) -> str:
    return f"{target.scheme}://{target.host_header}{target.path}"

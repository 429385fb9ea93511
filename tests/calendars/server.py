"""A calendar server on this machine for tests: files at paths, each with how it answers
(ETag, Last-Modified, slow, a status, a redirect), over http or https (a certificate of
its own for made-up host names, which the test's client is told to trust)."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOSTS = ("calendar.test", "other.test")


@dataclass
class Served:
    body: bytes = b""
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    location: str | None = None
    content_type: str = "text/calendar; charset=utf-8"
    declare_length: bool = True


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class CalendarServer:
    files: dict[str, Served] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    port: int = 0
    scheme: str = "http"
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def _handler(server: CalendarServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.seen.append(Seen(self.command, self.path, headers))
            served = server.files.get(self.path)
            if served is None:
                self.send_response(404)
                self.end_headers()
                return
            if served.delay:
                server.release.wait(served.delay)
            if served.location:
                self.send_response(served.status if served.status != 200 else 302)
                self.send_header("Location", served.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            unchanged = (served.etag and self.headers.get("If-None-Match") == served.etag) or (
                served.last_modified
                and self.headers.get("If-Modified-Since") == served.last_modified
            )
            self.send_response(304 if unchanged else served.status)
            if served.etag:
                self.send_header("ETag", served.etag)
            if served.last_modified:
                self.send_header("Last-Modified", served.last_modified)
            self.send_header("Content-Type", served.content_type)
            if unchanged:
                self.end_headers()
                return
            if served.declare_length:
                self.send_header("Content-Length", str(len(served.body)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(served.body)

        do_PROPFIND = do_REPORT = do_GET

    return Handler


def certificate(folder: Path) -> tuple[Path, Path, str]:
    """A self-signed certificate for the test host names and 127.0.0.1: its file, its
    key's file, and its PEM text (for the client to trust)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOSTS[0])])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName(h) for h in HOSTS] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(pem)
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file, pem.decode()


def serve(tls_files: tuple[Path, Path] | None = None) -> Iterator[CalendarServer]:
    """Run a server on a free port of 127.0.0.1 until the generator is closed."""
    state = CalendarServer(scheme="https" if tls_files else "http")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    if tls_files:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls_files)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)

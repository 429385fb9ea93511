"""Security headers on every response, and cookies sent over HTTPS only when the site is.

The content security policy allows scripts, styles, images and fonts from this site only:
no inline script or style anywhere (``base.html`` leaves out the GOV.UK template's inline
script; ``static/init.js`` does its work). Nothing may frame a page. Every response but a
static file is ``no-store``: pages show people's details, exports and calendar feeds too.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Same-origin requests keep their Referer: Flask-WTF's CSRF check needs it over HTTPS.
    "Referrer-Policy": "same-origin",
}
ONE_YEAR = 365 * 24 * 3600


def register(app: Flask, *, https: bool) -> None:
    """Headers on every response; over ``https``, cookies and browsers kept to it."""
    app.config["SESSION_COOKIE_SECURE"] = https
    headers = dict(HEADERS)
    if https:
        headers["Strict-Transport-Security"] = f"max-age={ONE_YEAR}"

    @app.after_request
    def secure_headers(response: Response) -> Response:
        response.headers.update(headers)
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

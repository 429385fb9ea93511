"""The API's explorer at ``/api/docs``: Swagger UI from this site's own files (npm
``swagger-ui-dist``, copied by the asset build), started by a static script, so the page
keeps the content security policy."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

blueprint = Blueprint("api_docs", __name__)


@blueprint.get("/api/docs")
def explorer() -> ResponseReturnValue:
    return render_template("api/docs.html")

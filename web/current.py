"""What every page needs: the application, the read models and who is asking."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar
from uuid import UUID

from flask import abort, current_app
from flask_login import UserMixin, current_user

from projections.read_models import ReadModels
from service.accounts import SignIn
from service.application import ExpertBank
from service.records import PersonRecord

P = ParamSpec("P")
R = TypeVar("R")


class SignedIn(UserMixin):  # type: ignore[misc]
    """The person behind the session, as Flask-Login needs them. The session keeps the
    sign-in's token (``get_id``), never the person's id, so that ending the sign-in on the
    server ends every copy of the cookie."""

    def __init__(self, sign_in: SignIn) -> None:
        self.person = sign_in.person
        self.id = sign_in.token

    @property
    def is_active(self) -> bool:
        return self.person.status == "active"

    def has(self, *roles: str) -> bool:
        return any(role in self.person.roles for role in roles)


def bank() -> ExpertBank:
    app_bank: ExpertBank = current_app.extensions["expertbank"]
    return app_bank


def read_models() -> ReadModels:
    """The lists, searches and histories pages show (``bank().read_models``)."""
    return bank().read_models


def me() -> PersonRecord:
    person: PersonRecord = current_user.person
    return person


def actor() -> UUID:
    return me().id


def my_service() -> UUID:
    """The signed-in person's library service; 404 for someone without one."""
    service_id = me().service_id
    if service_id is None:
        abort(404)
    return service_id


def needs(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Refuse (403) anyone holding none of ``roles``. The service layer checks again."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.has(*roles):
                abort(403)
            return view(*args, **kwargs)

        return checked

    return decorate

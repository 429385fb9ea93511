"""The one check every lifecycle uses: is this move an arrow from the current state?"""

from __future__ import annotations

from collections.abc import Collection

from domain.errors import IllegalTransition


def require_state(noun: str, current: str, allowed: Collection[str], action: str) -> None:
    """Refuse ``action`` unless ``current`` is one of the ``allowed`` states."""
    if current not in allowed:
        options = " or ".join(sorted(allowed))
        raise IllegalTransition(
            f"cannot {action} {noun} that is {current}: only one that is {options}"
        )

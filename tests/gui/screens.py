"""What the screen tests share: an AppState for a seeded user, waiting for the workers (the zh_CN
look is the ``chinese`` fixture in tests/conftest.py)."""

from __future__ import annotations

from desktop_app.config import DatabaseProfile, DeviceConfig
from desktop_app.services.auth import CurrentUser
from desktop_app.views import ops
from desktop_app.views.state import AppState


def state_for(org, who: str, paths) -> AppState:  # type: ignore[no-untyped-def]
    """The window state of ``who`` (a login of the ``org`` fixture), logged in on its database."""
    context = org["contexts"][who]
    actor = context.actor
    state = AppState(paths, DeviceConfig(profile=DatabaseProfile(path="benji.db")))
    state.database, state.context = context.database, context
    state.user = CurrentUser(actor.user_id, actor.login, actor.display_name, False, actor.access)
    return state


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Wait until no background call is running (prefer waiting for the answer itself when chained)."""
    qtbot.waitUntil(lambda: not ops.busy(), timeout=10_000)

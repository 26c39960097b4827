"""What the running app knows: folders, device config, the open database, who is logged in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.config import DeviceConfig, Paths
from desktop_app.credentials import SessionPasswords


class ChangeBus(QObject):
    """Carries the ``Changes`` value of every write; each window decides whether to reload."""

    changed = Signal(object)


@dataclass
class AppState:
    paths: Paths
    config: DeviceConfig
    passwords: SessionPasswords = field(default_factory=SessionPasswords)
    database: Any = None  # desktop_app.db.Database, opaque to views
    context: Any = None  # services.context.Context of the logged-in user
    user: Any = None  # services.users.CurrentUser
    language: str = "en"
    bus: ChangeBus = field(default_factory=ChangeBus)

    def publish(self, changes: object) -> None:
        if changes:
            self.bus.changed.emit(changes)

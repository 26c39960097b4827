"""Device configuration: where files live, the database profile and the language.

Business settings (company, numbering, branding) live in the database; passwords live only in the OS
keyring (see credentials.py). This file never holds a secret.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from desktop_app import APP_NAME

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
MYSQL = "mysql"
KINDS = (SQLITE, POSTGRESQL, MYSQL)
DEFAULT_PORTS = {POSTGRESQL: 5432, MYSQL: 3306}
LANGUAGES = ("auto", "zh_CN", "en")


@dataclass(frozen=True)
class Paths:
    """Per-user folders. ``BENJI_HOME`` puts them all under one folder (portable use, tests)."""

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "benji.json"

    @property
    def default_database(self) -> Path:
        return self.data_dir / "benji.db"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "benji.log"

    @classmethod
    def default(cls) -> Paths:
        home = os.environ.get("BENJI_HOME")
        if home:
            base = Path(home)
            return cls(base / "config", base / "data", base / "logs")
        import platformdirs

        dirs = platformdirs.PlatformDirs("BenjiCRM", appauthor=False)
        return cls(Path(dirs.user_config_dir), Path(dirs.user_data_dir), Path(dirs.user_log_dir))


@dataclass(frozen=True)
class DatabaseProfile:
    """How to reach the database; never the password."""

    kind: str = SQLITE
    path: str = ""
    host: str = ""
    port: int = 0
    database: str = ""
    user: str = ""
    tls: bool = False  # require an encrypted connection (the server must have TLS switched on)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown database kind {self.kind!r}")

    @property
    def is_server(self) -> bool:
        return self.kind != SQLITE

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS.get(self.kind, 0)

    def secret_key(self) -> str:
        """The keyring user name under which this profile's password is stored."""
        return f"{self.kind}://{self.user}@{self.host}:{self.effective_port}/{self.database}"

    def describe(self) -> str:
        if not self.is_server:
            return self.path
        tls = " (TLS)" if self.tls else ""
        return f"{self.kind} {self.user}@{self.host}:{self.effective_port}/{self.database}{tls}"


@dataclass(frozen=True)
class DeviceConfig:
    language: str = "auto"
    profile: DatabaseProfile | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def with_profile(self, profile: DatabaseProfile) -> DeviceConfig:
        return replace(self, profile=profile)


def load_config(paths: Paths) -> DeviceConfig:
    try:
        raw = json.loads(paths.config_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DeviceConfig()
    except (OSError, ValueError):
        # A damaged config file must not lock the user out: start the wizard again.
        return DeviceConfig()
    profile = raw.get("profile")
    language = raw.get("language", "auto")
    return DeviceConfig(
        language=language if language in LANGUAGES else "auto",
        profile=DatabaseProfile(**profile) if profile else None,
        extra=raw.get("extra", {}),
    )


def save_config(paths: Paths, config: DeviceConfig) -> None:
    """Write atomically so a crash never leaves half a file."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "app": APP_NAME,
        "language": config.language,
        "profile": asdict(config.profile) if config.profile else None,
        "extra": config.extra,
    }
    fd, tmp = tempfile.mkstemp(dir=paths.config_dir, prefix=".benji-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
    os.replace(tmp, paths.config_file)

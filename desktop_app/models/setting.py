"""Business settings shared by every desktop (rounding mode, numbering, branding ...), as JSON values."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, Versioned


class Setting(Versioned, Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb"))  # a logo: > 64 KB

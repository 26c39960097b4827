"""SQLAlchemy tables. Only services (and db/migrations) import this package."""

from desktop_app.models.audit import AuditEntry
from desktop_app.models.base import Base
from desktop_app.models.company import Company
from desktop_app.models.setting import Setting
from desktop_app.models.user import User

__all__ = ["AuditEntry", "Base", "Company", "Setting", "User"]

"""SQLAlchemy tables. Only services (and db/migrations) import this package."""

from desktop_app.models.audit import AuditEntry, AuditHead
from desktop_app.models.base import Base
from desktop_app.models.bill import Bill, BilledCharge, BillLine, BillRun, RunLock, SubscriptionAdjustment
from desktop_app.models.catalog import Coupon, Plan, PlanVersionRow, Product
from desktop_app.models.company import Company
from desktop_app.models.customer import Contact, Counter, Customer, CustomField, FollowUp, ImportBatch, ImportChange
from desktop_app.models.document import IssuedDocument
from desktop_app.models.organisation import Department, Role, UserRole
from desktop_app.models.payment import Payment, PaymentAllocation, Wallet, WalletEntry
from desktop_app.models.report import SalesTarget
from desktop_app.models.saved_view import SavedView
from desktop_app.models.setting import Setting
from desktop_app.models.subscription import Subscription, SubscriptionEvent
from desktop_app.models.usage import BilledUsagePeriod, UsageRecordRow
from desktop_app.models.user import LoginFailure, User

__all__ = ["AuditEntry", "AuditHead", "Base", "Bill", "BillLine", "BillRun", "BilledCharge", "BilledUsagePeriod",
           "Company", "Contact", "Counter", "Coupon", "CustomField", "Customer", "Department", "FollowUp",
           "ImportBatch", "ImportChange", "IssuedDocument", "LoginFailure", "Payment", "PaymentAllocation", "Plan",
           "PlanVersionRow", "Product", "Role", "RunLock", "SalesTarget", "SavedView", "Setting", "Subscription",
           "SubscriptionAdjustment", "SubscriptionEvent", "UsageRecordRow", "User", "UserRole", "Wallet",
           "WalletEntry"]

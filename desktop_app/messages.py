"""Error codes from services and the database layer, as English sentences that say what to do.

Qt-free, so the admin CLI prints them too; the GUI translates each with the "Messages" context
(tools/i18n.py extracts the strings marked ``QT_TRANSLATE_NOOP`` here).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.errors import DomainError
from desktop_app.messages_account import account_templates
from desktop_app.messages_backup import backup_templates
from desktop_app.messages_bills import bill_templates
from desktop_app.messages_credit_notes import credit_note_templates
from desktop_app.messages_demo import demo_templates
from desktop_app.messages_diagnostics import diagnostics_templates
from desktop_app.messages_documents import document_templates
from desktop_app.messages_field_rules import field_rule_templates
from desktop_app.messages_payments import payment_templates
from desktop_app.messages_plans import catalog_templates
from desktop_app.messages_reports import report_templates
from desktop_app.messages_server import server_templates
from desktop_app.messages_usage import usage_templates


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


def field_label(field: str) -> str:
    labels = {
        "name": QT_TRANSLATE_NOOP("Messages", "Company name"),
        "address": QT_TRANSLATE_NOOP("Messages", "Address"),
        "phone": QT_TRANSLATE_NOOP("Messages", "Phone"),
        "tax_id": QT_TRANSLATE_NOOP("Messages", "Unified social credit code"),
        "bank_name": QT_TRANSLATE_NOOP("Messages", "Bank"),
        "bank_account": QT_TRANSLATE_NOOP("Messages", "Bank account"),
        "login": QT_TRANSLATE_NOOP("Messages", "Login name"),
        "display_name": QT_TRANSLATE_NOOP("Messages", "Display name"),
        "password": QT_TRANSLATE_NOOP("Messages", "Password"),
        "new_password": QT_TRANSLATE_NOOP("Messages", "New password"),
        "old_password": QT_TRANSLATE_NOOP("Messages", "Current password"),
        "email": QT_TRANSLATE_NOOP("Messages", "E-mail"),
        "department_id": QT_TRANSLATE_NOOP("Messages", "Department"),
        "parent_id": QT_TRANSLATE_NOOP("Messages", "Parent department"),
        "supervisor_id": QT_TRANSLATE_NOOP("Messages", "Supervisor"),
        "role_ids": QT_TRANSLATE_NOOP("Messages", "Roles"),
        "confirm_password": QT_TRANSLATE_NOOP("Messages", "Your password"),
        "short_name": QT_TRANSLATE_NOOP("Messages", "Short name"),
        "invoice_title": QT_TRANSLATE_NOOP("Messages", "Invoice title"),
        "industry": QT_TRANSLATE_NOOP("Messages", "Industry"),
        "region": QT_TRANSLATE_NOOP("Messages", "Region"),
        "source": QT_TRANSLATE_NOOP("Messages", "Source"),
        "tags": QT_TRANSLATE_NOOP("Messages", "Tags"),
        "content": QT_TRANSLATE_NOOP("Messages", "Content"),
        "label": QT_TRANSLATE_NOOP("Messages", "Label"),
        "choices": QT_TRANSLATE_NOOP("Messages", "Choices"),
        "amount": QT_TRANSLATE_NOOP("Messages", "Amount"),
        "bonus": QT_TRANSLATE_NOOP("Messages", "Bonus"),
        "low_balance": QT_TRANSLATE_NOOP("Messages", "Low-balance threshold"),
        "allocations": QT_TRANSLATE_NOOP("Messages", "Allocation"),
        "received_on": QT_TRANSLATE_NOOP("Messages", "Date received"),
        "method": QT_TRANSLATE_NOOP("Messages", "Payment method"),
        "reference": QT_TRANSLATE_NOOP("Messages", "Transaction reference"),
        "payer": QT_TRANSLATE_NOOP("Messages", "Payer"),
        "note": QT_TRANSLATE_NOOP("Messages", "Note"),
        "description": QT_TRANSLATE_NOOP("Messages", "Description"),
        "reason": QT_TRANSLATE_NOOP("Messages", "Reason"),
        "tax_rate": QT_TRANSLATE_NOOP("Messages", "Tax rate"),
        "year": QT_TRANSLATE_NOOP("Messages", "Year"),
        "recency_days": QT_TRANSLATE_NOOP("Messages", "Recency thresholds (days)"),
        "frequency": QT_TRANSLATE_NOOP("Messages", "Frequency thresholds (bills in 12 months)"),
        "monetary": QT_TRANSLATE_NOOP("Messages", "Monetary thresholds (yuan billed in 12 months)"),
        "grades": QT_TRANSLATE_NOOP("Messages", "Grade scores"),
        "tiers": QT_TRANSLATE_NOOP("Messages", "Suggested tiers"),
        "reports.customer_value": QT_TRANSLATE_NOOP("Messages", "Customer value settings"),
        "folder": QT_TRANSLATE_NOOP("Messages", "Backup folder"),
        "every_hours": QT_TRANSLATE_NOOP("Messages", "Back up every (hours)"),
        "keep_daily": QT_TRANSLATE_NOOP("Messages", "Daily backups kept"),
        "keep_weekly": QT_TRANSLATE_NOOP("Messages", "Weekly backups kept"),
        "keep_monthly": QT_TRANSLATE_NOOP("Messages", "Monthly backups kept"),
        "passphrase": QT_TRANSLATE_NOOP("Messages", "Backup passphrase"),
    }
    return labels.get(field, field)


def _templates() -> dict[str, str]:
    return {
        "db.unreachable": QT_TRANSLATE_NOOP(
            "Messages",
            "The database server {host}:{port} does not answer. Check that the server is running and "
            "that this computer can reach it on the office network, then try again.",
        ),
        "db.wrong_password": QT_TRANSLATE_NOOP(
            "Messages",
            'The database server refused the password for user "{user}". Enter the correct password '
            "(ask your IT administrator if you do not know it).",
        ),
        "db.database_missing": QT_TRANSLATE_NOOP(
            "Messages",
            'The database "{database}" does not exist on that server. Check its name, or ask your IT '
            "administrator to create it (see the admin guide).",
        ),
        "db.network_share": QT_TRANSLATE_NOOP(
            "Messages",
            "The database file {path} is on a network drive. A shared database file gets corrupted "
            "when several computers use it; choose a folder on this computer, or use server mode "
            "(PostgreSQL or MariaDB) to share data on the office network.",
        ),
        "db.no_password": QT_TRANSLATE_NOOP("Messages", "Enter the password for the database server ({profile})."),
        "db.schema_too_new": QT_TRANSLATE_NOOP(
            "Messages",
            "This database was upgraded by a newer version of Benji CRM (schema {revision}). Install "
            "the newer version on this computer to open it.",
        ),
        "db.not_benji": QT_TRANSLATE_NOOP(
            "Messages",
            "The database {database} already contains tables of another program. Choose an empty "
            "database or one created by Benji CRM.",
        ),
        "db.corrupt": QT_TRANSLATE_NOOP(
            "Messages",
            "The file {path} is not a Benji CRM database or it is damaged. Choose another file or restore a backup.",
        ),
        "db.wrong_charset": QT_TRANSLATE_NOOP(
            "Messages",
            'The MariaDB database "{database}" uses the character set {charset}; Benji CRM needs '
            "utf8mb4 to store Chinese text. Ask your IT administrator to convert it (see the admin guide).",
        ),
        "db.permission_denied": QT_TRANSLATE_NOOP(
            "Messages",
            'The database user "{user}" is not allowed to use the Benji CRM tables in "{database}". Ask '
            "your IT administrator to run `server install` as the database owner, which grants the app "
            "user its rights (see the admin guide, LAN server set-up).",
        ),
        "db.tls_unavailable": QT_TRANSLATE_NOOP(
            "Messages",
            "The database server {host}:{port} does not offer an encrypted connection (TLS), and this "
            "computer requires one. Ask your IT administrator to switch TLS on at the server (see the admin "
            "guide), or clear \"Require an encrypted connection\" if the office network is trusted.",
        ),
        "db.upgrade_needs_owner": QT_TRANSLATE_NOOP(
            "Messages",
            'The database "{database}" must be created or upgraded for this version of Benji CRM, and the '
            'user "{user}" is not allowed to change its tables. Ask your IT administrator to run `server '
            "install` as the database owner on the server (see the admin guide), then start again.",
        ),
        "db.failed": QT_TRANSLATE_NOOP("Messages", "The database could not be opened: {reason}"),
        "concurrent_edit": QT_TRANSLATE_NOOP(
            "Messages",
            "{by} changed this record at {at} while you were editing it. Reload to see their changes, "
            "then make yours again.",
        ),
        "permission_denied": QT_TRANSLATE_NOOP(
            "Messages", "You are not allowed to do this. Ask an administrator for access."
        ),
        "auth.failed": QT_TRANSLATE_NOOP(
            "Messages", "The login name or the password is wrong, or the account is disabled."
        ),
        "setup.already_done": QT_TRANSLATE_NOOP(
            "Messages", "This database has already been set up. Log in with your account."
        ),
        "setup.not_done": QT_TRANSLATE_NOOP(
            "Messages", "This database has not been set up yet. Restart Benji CRM to run the setup."
        ),
        "company.name_required": QT_TRANSLATE_NOOP("Messages", "Enter the company name."),
        "company.tax_id_invalid": QT_TRANSLATE_NOOP(
            "Messages",
            "The unified social credit code is not valid: it has 18 characters and its last one is a "
            "check digit. Check for a typing error.",
        ),
        "company.bank_account_invalid": QT_TRANSLATE_NOOP(
            "Messages", "A bank account number has digits only (spaces allowed)."
        ),
        "phone.invalid": QT_TRANSLATE_NOOP(
            "Messages",
            "Enter a mainland mobile number (11 digits) or a landline with its area code, e.g. 010-88886666.",
        ),
        "user.login_invalid": QT_TRANSLATE_NOOP(
            "Messages", "A login name has 2 to 60 letters, digits or the characters . _ @ - and no spaces."
        ),
        "password.too_short": QT_TRANSLATE_NOOP("Messages", "The password needs at least {minimum} characters."),
        "password.too_long": QT_TRANSLATE_NOOP("Messages", "The password may have at most {maximum} characters."),
        "password.same_as_login": QT_TRANSLATE_NOOP("Messages", "The password must not be the same as the login name."),
        "password.old_wrong": QT_TRANSLATE_NOOP("Messages", "The current password is wrong."),
        "password.mismatch": QT_TRANSLATE_NOOP("Messages", "The two passwords are not the same."),
        "auth.locked": QT_TRANSLATE_NOOP(
            "Messages",
            "Too many wrong passwords: this account is locked for {minutes} more minutes. Wait, or ask an "
            "administrator to unlock it.",
        ),
        "record.not_found": QT_TRANSLATE_NOOP(
            "Messages", "The record no longer exists (someone may have deleted it). Reload the list."
        ),
        "email.invalid": QT_TRANSLATE_NOOP("Messages", "Enter an e-mail address such as name@example.com."),
        "user.login_taken": QT_TRANSLATE_NOOP("Messages", "This login name is already used by another account."),
        "user.own_supervisor": QT_TRANSLATE_NOOP("Messages", "A user cannot be their own supervisor."),
        "user.last_admin": QT_TRANSLATE_NOOP(
            "Messages",
            "This would leave no active administrator. Give another active user the Administrator role first.",
        ),
        "role.name_required": QT_TRANSLATE_NOOP("Messages", "Enter a name for the role."),
        "role.name_taken": QT_TRANSLATE_NOOP("Messages", "A role with this name already exists."),
        "role.builtin_read_only": QT_TRANSLATE_NOOP(
            "Messages", "Built-in roles cannot be changed. Copy the role and change the copy."
        ),
        "role.in_use": QT_TRANSLATE_NOOP(
            "Messages", "Users still hold this role. Take it away from them before deleting it."
        ),
        "department.name_required": QT_TRANSLATE_NOOP("Messages", "Enter a name for the department."),
        "department.cycle": QT_TRANSLATE_NOOP("Messages", "A department cannot be placed below itself."),
        "department.not_empty": QT_TRANSLATE_NOOP(
            "Messages", "The department still has users or sub-departments. Move them first."
        ),
        "password.confirm_wrong": QT_TRANSLATE_NOOP(
            "Messages", "That is not your password. This action needs your own password to confirm it."
        ),
        "password.unchanged": QT_TRANSLATE_NOOP("Messages", "Choose a new password that differs from the current one."),
        "customer.name_required": QT_TRANSLATE_NOOP("Messages", "Enter the customer's name."),
        "customer.kind_invalid": QT_TRANSLATE_NOOP("Messages", "Choose whether the customer is a company or a person."),
        "customer.status_invalid": QT_TRANSLATE_NOOP("Messages", "Choose one of the listed statuses."),
        "customer.duplicate_visible": QT_TRANSLATE_NOOP(
            "Messages", "This customer already exists: {number} {name}. Open it instead of creating a second one."
        ),
        "customer.duplicate_owned": QT_TRANSLATE_NOOP(
            "Messages", "This customer already exists and belongs to {owner}. Ask them or your manager."
        ),
        "customer.duplicate_in_pool": QT_TRANSLATE_NOOP(
            "Messages", "This customer already exists in the customer pool. Claim it there."
        ),
        "pool.already_owned": QT_TRANSLATE_NOOP("Messages", "{owner} has just claimed this customer."),
        "pool.limit_reached": QT_TRANSLATE_NOOP(
            "Messages",
            "You already hold {limit} customers, the most allowed. Return some to the pool first.",
        ),
        "pool.already_in_pool": QT_TRANSLATE_NOOP("Messages", "This customer is already in the pool."),
        "contact.name_required": QT_TRANSLATE_NOOP("Messages", "Enter the contact's name."),
        "followup.kind_invalid": QT_TRANSLATE_NOOP("Messages", "Choose visit, call, message or meeting."),
        "followup.content_required": QT_TRANSLATE_NOOP("Messages", "Write what was discussed."),
        "followup.next_in_past": QT_TRANSLATE_NOOP("Messages", "The next contact time must be in the future."),
        "import.options_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Choose how to import (create, update or both) and which column identifies a customer."
        ),
        "import.duplicate_key": QT_TRANSLATE_NOOP(
            "Messages", "The same customer appears twice in the file (also on row {other_row})."
        ),
        "import.unknown_login": QT_TRANSLATE_NOOP("Messages", "No user has the login name {login}."),
        "import.not_a_date": QT_TRANSLATE_NOOP("Messages", "Not a date: write it as 2024-03-15."),
        "import.not_yours": QT_TRANSLATE_NOOP("Messages", "This customer exists but is not among yours."),
        "import.nothing_to_update": QT_TRANSLATE_NOOP("Messages", "No existing customer matches this row."),
        "import.already_exists": QT_TRANSLATE_NOOP(
            "Messages", "This customer exists already. Choose a mode that updates existing customers."
        ),
        "import.undo_blocked": QT_TRANSLATE_NOOP(
            "Messages",
            "This import can no longer be undone: {count} of its customers were changed since (edited, or "
            "given contacts or follow-ups), e.g. {codes}. Undoing it would lose that work; correct the "
            "customers by hand instead.",
        ),
        "import.already_undone": QT_TRANSLATE_NOOP("Messages", "This import has already been undone."),
        "view.name_required": QT_TRANSLATE_NOOP("Messages", "Enter a name to save it under."),
        "view.name_too_long": QT_TRANSLATE_NOOP("Messages", "The name may have at most {maximum} characters."),
        "view.kind_invalid": QT_TRANSLATE_NOOP("Messages", "This kind of saved view does not exist ({kind})."),
        "view.user_required": QT_TRANSLATE_NOOP(
            "Messages", "Saved views and presets belong to a user. Log in to the app to save one."
        ),
        "view.not_found": QT_TRANSLATE_NOOP("Messages", 'Nothing is saved under the name "{name}".'),
        "view.ambiguous": QT_TRANSLATE_NOOP(
            "Messages", 'Several users saved one named "{name}" ({logins}). Say whose to use.'
        ),
        "customer.merge_same": QT_TRANSLATE_NOOP("Messages", "Choose two different customers to merge."),
        "text.too_long": QT_TRANSLATE_NOOP("Messages", "{field_label} may have at most {maximum} characters."),
        "custom_field.label_required": QT_TRANSLATE_NOOP("Messages", "Enter a label for the field."),
        "custom_field.label_taken": QT_TRANSLATE_NOOP(
            "Messages",
            'A field labelled "{label}" already exists (it may be deactivated). Reactivate it or choose '
            "another label.",
        ),
        "custom_field.kind_invalid": QT_TRANSLATE_NOOP("Messages", "Choose text, number, date or choice as the type."),
        "custom_field.kind_fixed": QT_TRANSLATE_NOOP(
            "Messages", "The type of a field cannot be changed. Deactivate it and add a new field instead."
        ),
        "custom_field.key_invalid": QT_TRANSLATE_NOOP(
            "Messages",
            "A key starts with a lower-case letter and has at most 40 lower-case letters, digits or "
            "underscores, e.g. contract_value. Leave it empty to have one made from the label.",
        ),
        "custom_field.key_reserved": QT_TRANSLATE_NOOP(
            "Messages", 'The key "{key}" is the name of a built-in customer field. Choose another key.'
        ),
        "custom_field.key_taken": QT_TRANSLATE_NOOP(
            "Messages", 'Another field already has the key "{key}". Choose another key.'
        ),
        "custom_field.key_fixed": QT_TRANSLATE_NOOP("Messages", "The key of a field cannot be changed."),
        "custom_field.position_invalid": QT_TRANSLATE_NOOP("Messages", "The position is a number from 0 to 9999."),
        "custom_field.choices_required": QT_TRANSLATE_NOOP(
            "Messages", "A choice field needs at least one choice. Write one choice per line."
        ),
        "custom_field.too_many_choices": QT_TRANSLATE_NOOP(
            "Messages", "A choice field may have at most {maximum} choices."
        ),
        "custom_field.choice_twice": QT_TRANSLATE_NOOP("Messages", 'The choice "{choice}" is listed twice.'),
        "custom_field.value_required": QT_TRANSLATE_NOOP("Messages", "Fill in {label}: it is required."),
        "custom_field.number_invalid": QT_TRANSLATE_NOOP("Messages", "{label} must be a number, e.g. 1234.50."),
        "custom_field.number_too_big": QT_TRANSLATE_NOOP(
            "Messages", "{label} may have at most {digits} digits before the decimal point and {decimals} after it."
        ),
        "custom_field.date_invalid": QT_TRANSLATE_NOOP("Messages", "{label} must be a date, e.g. 2026-01-05."),
        "custom_field.choice_invalid": QT_TRANSLATE_NOOP("Messages", "{label} must be one of: {choices}."),
        "custom_field.text_too_long": QT_TRANSLATE_NOOP("Messages", "{label} may have at most {maximum} characters."),
        # subscriptions (services/subscriptions.py, services/subscription_changes.py)
        "customer.has_subscriptions": QT_TRANSLATE_NOOP(
            "Messages", "{name} has {count} subscription(s), so it cannot be deleted: its history must stay. Set "
            "its status to closed instead, or merge it into another customer."
        ),
        "subscription.plan_required": QT_TRANSLATE_NOOP("Messages", "Choose the plan to subscribe to."),
        "subscription.anchor_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Choose how periods are counted: from the 1st of the month (calendar) or from the start "
            "day (anniversary)."
        ),
        "subscription.plan_not_published": QT_TRANSLATE_NOOP(
            "Messages", "Only a published plan version can be subscribed to. Publish the plan first, or choose "
            "another plan."
        ),
        "subscription.seats_negative": QT_TRANSLATE_NOOP("Messages", "The number of seats cannot be negative."),
        "subscription.seats_required": QT_TRANSLATE_NOOP(
            "Messages", "This plan charges per seat: enter at least 1 seat."
        ),
        "subscription.module_unknown": QT_TRANSLATE_NOOP(
            "Messages", 'The plan has no module "{module}". Switch on only modules the plan offers.'
        ),
        "subscription.nothing_to_bill": QT_TRANSLATE_NOOP(
            "Messages", "Subscription {subscription} has nothing to bill for that period: it is paused, cancelled "
            "or ended."
        ),
        "subscription.status_invalid": QT_TRANSLATE_NOOP(
            "Messages", "Subscription {subscription} cannot be changed this way while its status is {status}."
        ),
        "subscription.cycle_change": QT_TRANSLATE_NOOP(
            "Messages", "The new plan is billed in other periods (e.g. yearly instead of monthly). Cancel "
            "subscription {subscription} at the end of its period and subscribe to the new plan instead."
        ),
        "subscription.same_plan": QT_TRANSLATE_NOOP(
            "Messages", "Subscription {subscription} is already on this plan version. Choose another one."
        ),
        "subscription.before_billed_period": QT_TRANSLATE_NOOP(
            "Messages", "This subscription is already billed up to {billed_until}, so a change can take effect on "
            "{earliest} at the earliest. Choose that day or later, and correct earlier bills with a credit note."
        ),
        "subscription.date_invalid": QT_TRANSLATE_NOOP(
            "Messages", "A change cannot take effect before the start or an earlier change. Choose {earliest} or "
            "later."
        ),
        **catalog_templates(),  # products, coupons, plans, the pricing engine's codes (messages_plans.py)
        **usage_templates(),  # the usage import (messages_usage.py)
        **document_templates(),  # printing: frozen documents, the document style (messages_documents.py)
        **bill_templates(),  # bill runs and bills (messages_bills.py)
        **payment_templates(),  # payments and wallets (messages_payments.py)
        **credit_note_templates(),  # credit notes and the bills export (messages_credit_notes.py)
        **report_templates(),  # reports and the dashboard (messages_reports.py)
        **backup_templates(),  # backups and restores (messages_backup.py)
        **diagnostics_templates(),  # the Diagnostics page and the support bundle (messages_diagnostics.py)
        **server_templates(),  # LAN server set-up and moving to a server (messages_server.py)
        **demo_templates(),  # the demo company (messages_demo.py)
        **account_templates(),  # statements and reminders (messages_account.py)
        **field_rule_templates(),  # amounts and prices a role may not see or change (messages_field_rules.py)
    }


def _as_is(text: str) -> str:
    return text


def describe(error: DomainError, translate: Callable[[str], str] = _as_is) -> str:
    """The sentence for a domain error (its field named where it has one), through ``translate``."""
    template = _templates().get(error.code)
    params = dict(error.params)
    if "problem_code" in params:  # a wrapper (plan.definition_invalid, catalog.invalid ...): the problem's sentence
        inner = {key: value for key, value in params.items() if key != "problem_code"}
        params["problem"] = describe(DomainError(str(params["problem_code"]), **inner), translate)
    if "field" in params:
        params["field_label"] = translate(field_label(str(params["field"])))
    if template is None:
        return translate(FALLBACK).format(code=error.code)
    text = translate(template)
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


FALLBACK = QT_TRANSLATE_NOOP("Messages", "The action could not be completed ({code}).")

"""First run: where the data lives, the company, the first administrator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop_app.config import DatabaseProfile
from desktop_app.views import ops
from desktop_app.views.database_form import DatabaseForm
from desktop_app.views.forms import FormErrors, company_fields
from desktop_app.views.look import ACCENT, icon
from desktop_app.views.state import AppState
from desktop_app.views.wizard_demo import DemoOption

DATABASE_PAGE, COMPANY_PAGE, ADMIN_PAGE = range(3)


@dataclass
class SetupOutcome:
    profile: DatabaseProfile
    database: Any
    user: Any  # CurrentUser when the wizard created the administrator, else None (log in next)
    demo: Any = None  # services.demo.DemoSummary when the demo company was filled


class DatabasePage(QWizardPage):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setTitle(self.tr("Where should Benji CRM keep its data?"))
        self.setSubTitle(
            self.tr(
                "One computer: keep the data on this computer. Several desktops sharing "
                "customers and bills: use a PostgreSQL or MariaDB server on the office "
                "network."
            )
        )
        self.form = DatabaseForm(str(state.paths.default_database))
        self.form.tested.connect(self._tested)
        self.form.edited.connect(self._refresh_buttons)
        self._advance_after_test = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def validatePage(self) -> bool:
        profile = self.form.profile()
        if not profile.is_server:
            return bool(profile.path)
        if self.form.tested_ok():
            return True
        self._advance_after_test = True  # test first; move on by itself when it succeeds
        self.form.test_connection()
        return False

    def _refresh_buttons(self) -> None:
        self.setFinalPage(self.joins_existing())  # also makes the wizard lay out Next/Finish again

    def _tested(self, _report: object) -> None:
        self._refresh_buttons()  # "Next" becomes "Finish" when joining a set-up database
        if self._advance_after_test and not self.joins_existing():
            self._advance_after_test = False
            self.wizard().next()

    def joins_existing(self) -> bool:
        report = self.form.report
        return self.form.profile().is_server and self.form.tested_ok() and bool(getattr(report, "initialised", False))

    def nextId(self) -> int:
        return -1 if self.joins_existing() else COMPANY_PAGE


class CompanyInfoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your company"))
        self.setSubTitle(
            self.tr(
                "These details appear in the header of every bill, receipt and statement. You can change them later."
            )
        )
        form = QFormLayout()
        self.fields = company_fields(form)
        self.errors = FormErrors(dict(self.fields))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addStretch(1)

    def details(self) -> Any:
        from desktop_app.services.company import CompanyDetails

        return CompanyDetails(**{key: edit.text() for key, edit in self.fields.items()})

    def validatePage(self) -> bool:
        from desktop_app.errors import DomainError
        from desktop_app.services.company import validated

        try:
            validated(self.details())
        except DomainError as error:
            self.errors.show(error)
            return False
        self.errors.clear()
        return True


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("The first administrator"))
        self.setSubTitle(self.tr("This account sets up users, roles and settings. Keep its password safe."))
        self.login = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("e.g. 张伟"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Login name *"), self.login)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Password *"), self.password)
        form.addRow(self.tr("Repeat password *"), self.confirm)
        hint = QLabel(self.tr("At least 8 characters, not the same as the login name."))
        hint.setProperty("role", "muted")
        self.errors = FormErrors({"login": self.login, "display_name": self.display_name, "password": self.password})
        self.demo = DemoOption()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.errors.label)
        layout.addWidget(self.demo)
        layout.addStretch(1)

    def admin(self) -> Any:
        from desktop_app.services.setup import FirstAdmin

        return FirstAdmin(self.login.text(), self.display_name.text(), self.password.text())

    def validatePage(self) -> bool:
        from desktop_app.errors import DomainError, ValidationFailed
        from desktop_app.services.passwords import check_policy
        from desktop_app.services.users import validated_login

        try:
            login = validated_login(self.login.text())
            check_policy(self.password.text(), login)
            if self.password.text() != self.confirm.text():
                raise ValidationFailed("password.mismatch", "password")
        except DomainError as error:
            self.errors.show(error)
            return False
        self.errors.clear()
        return True


class SetupWizard(QWizard):
    """Runs the chosen set-up in the background on Finish; ``outcome`` holds the result."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.outcome: SetupOutcome | None = None
        self.setWindowTitle(self.tr("Benji CRM set-up"))
        self.setWindowIcon(icon("building-2"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, icon("building-2", ACCENT).pixmap(48, 48))
        self.database_page = DatabasePage(state)
        self.company_page = CompanyInfoPage()
        self.admin_page = AdminPage()
        self.setPage(DATABASE_PAGE, self.database_page)
        self.setPage(COMPANY_PAGE, self.company_page)
        self.setPage(ADMIN_PAGE, self.admin_page)
        self.setMinimumSize(720, 560)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

    def accept(self) -> None:
        """Finish: open or create the database, set it up, remember the profile."""
        profile = self.database_page.form.profile()
        password = self.database_page.form.server_password()
        remember = self.database_page.form.remember.isChecked()
        joining = self.database_page.joins_existing()
        company = None if joining else self.company_page.details()
        admin = None if joining else self.admin_page.admin()
        demo = not joining and self.admin_page.demo.isChecked()
        paths = self.state.paths
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def work(progress: ops.Progress) -> SetupOutcome:
            from desktop_app.services.auth import log_in
            from desktop_app.services.context import Context
            from desktop_app.services.setup import initialise
            from desktop_app.services.system import open_and_prepare

            database = open_and_prepare(profile, password, paths.backup_dir)
            user = summary = None
            try:
                if company is not None and admin is not None:
                    initialise(Context(database), company, admin)
                    user = log_in(Context(database), admin.login, admin.password)
                    if demo:
                        from desktop_app.views.wizard_demo import fill

                        summary = fill(database, user, admin.password, progress)
            except BaseException:
                database.dispose()
                raise
            return SetupOutcome(profile, database, user, summary)

        def done(outcome: SetupOutcome) -> None:
            from desktop_app import credentials
            from desktop_app.config import save_config

            if profile.is_server and password is not None:
                self.state.passwords.remember(profile.secret_key(), password)
                if remember:
                    try:
                        credentials.store_password(profile.secret_key(), password)
                    except credentials.NoSecureStore:
                        pass  # kept for this session only, as the page said
            self.state.config = self.state.config.with_profile(profile)
            save_config(paths, self.state.config)
            self.outcome = outcome
            super(SetupWizard, self).accept()

        def failed(error: BaseException) -> None:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            from desktop_app.views.error_dialog import show_error

            show_error(self, error)

        ops.run(self, work, done, failed, label=self.tr("Setting up the database..."))

"""The one background runner: work off the GUI thread, one writer at a time, progress and cancel.

Heavy work is a plain function ``fn(progress)``; the runner calls it on a worker thread and hands the
result (or the exception) back on the GUI thread. Failures go to the one error dialog unless the
caller handles them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.views.error_dialog import show_error

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside the work function when the user pressed Cancel."""


class Progress:
    """Passed to the work function: ``report(done, total, text)``; raises Cancelled when asked to."""

    def __init__(self, signal: Any) -> None:
        self._signal = signal
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signal.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.progress = Progress(self.signals.progress)
        self.fn = fn

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as error:  # handed to the GUI thread, never lost
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


_writer_pool: QThreadPool | None = None
_running: set[_Job] = set()


def _pool(write: bool) -> QThreadPool:
    global _writer_pool
    if not write:
        return QThreadPool.globalInstance()
    if _writer_pool is None:
        _writer_pool = QThreadPool()
        _writer_pool.setMaxThreadCount(1)  # writes are serialised
    return _writer_pool


def run(
    parent: QWidget | None,
    fn: Callable[[Progress], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    write: bool = True,
    label: str | None = None,
    cancellable: bool = False,
) -> Progress:
    """Run ``fn`` in the background. With a ``label``, a progress dialog appears after 400 ms."""
    job = _Job(fn)
    dialog: QProgressDialog | None = None
    if label is not None:
        dialog = QProgressDialog(
            label, QCoreApplication.translate("Operations", "Cancel") if cancellable else "", 0, 0, parent
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(job.progress.cancel)

        def _progress(done: int, total: int, text: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            if text:
                dialog.setLabelText(text)

        job.signals.progress.connect(_progress)

    def _finish() -> None:
        _running.discard(job)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def _gone() -> bool:
        """The window that asked was closed and deleted meanwhile: nobody wants the answer."""
        return parent is not None and not shiboken6.isValid(parent)

    def _succeeded(result: Any) -> None:
        _finish()
        if on_success is not None and not _gone():
            on_success(result)

    def _failed(error: BaseException) -> None:
        _finish()
        if isinstance(error, Cancelled):
            return
        if _gone():
            log.warning("background work failed after its window closed: %r", error)
            return
        if on_failure is not None:
            on_failure(error)
        else:
            show_error(parent, error)

    job.signals.succeeded.connect(_succeeded, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(_failed, Qt.ConnectionType.QueuedConnection)
    _running.add(job)
    QTimer.singleShot(0, lambda: _pool(write).start(job))
    return job.progress


def wait_idle(timeout_ms: int = 30_000) -> bool:
    """Wait for background work to finish (used at exit and by tests)."""
    ok = QThreadPool.globalInstance().waitForDone(timeout_ms)
    if _writer_pool is not None:
        ok = _writer_pool.waitForDone(timeout_ms) and ok
    return ok


def busy() -> bool:
    return bool(_running)

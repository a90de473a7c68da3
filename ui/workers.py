"""Run core functions on the thread pool; results, errors and progress come back on the GUI thread.

``run_task(fn, *args, on_done=..., on_error=..., on_progress=...)`` runs ``fn`` on
``QThreadPool.globalInstance()``. Progress is reported either way a core function offers it:

* ``progress_keyword="progress"`` passes a ``progress(done, total)`` callable to ``fn``;
* a generator function ``yield``s ``(done, total)`` and ``return``s its result.

Why no signal is emitted from the worker thread: with PySide6 6.12 every signal emitted from a
pool thread leaks a reference to ``True``/``False`` and the interpreter aborts after a few
thousand emissions ("bool_dealloc"). So the worker only puts its outcome on a thread-safe
queue, and a timer on the GUI thread drains it and emits the task's signals there; the
callbacks therefore always run on the GUI thread, a few milliseconds after the work ends.
"""

from __future__ import annotations

import inspect
import logging
import queue
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[int, int], None]

_POLL_MS = 10
_DONE, _FAILED, _PROGRESS = "done", "failed", "progress"


class Task(QObject):
    """One piece of work on the pool; its signals are emitted on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)
    finished = Signal()

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        progress_keyword: str | None,
    ) -> None:
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._progress_keyword = progress_keyword
        self.result: Any = None
        self.error: BaseException | None = None
        self.is_finished = False
        self.has_error_handler = False

    def run(self) -> None:
        """Body of the worker thread: call the function, queue its outcome."""
        try:
            kwargs = dict(self._kwargs)
            if self._progress_keyword:
                kwargs[self._progress_keyword] = self._report
            outcome = self._fn(*self._args, **kwargs)
            if inspect.isgenerator(outcome):
                outcome = self._drain(outcome)
        except BaseException as exc:  # reported to the GUI, never lost in the thread
            _outbox.put((self, _FAILED, exc))
        else:
            _outbox.put((self, _DONE, outcome))

    def _report(self, done: int, total: int) -> None:
        _outbox.put((self, _PROGRESS, (int(done), int(total))))

    def _drain(self, generator: Any) -> Any:
        while True:
            try:
                done, total = next(generator)
            except StopIteration as stop:
                return stop.value
            self._report(done, total)

    def deliver(self, kind: str, payload: Any) -> None:
        """Emit the outcome (GUI thread only)."""
        if kind == _PROGRESS:
            self.progress.emit(*payload)
            return
        self.is_finished = True
        _running.discard(self)
        try:
            if kind == _DONE:
                self.result = payload
                self.done.emit(payload)
            else:
                self.error = payload
                if not self.has_error_handler:  # nobody listens: it is unexpected
                    _unexpected(self._fn, payload)
                self.failed.emit(payload)
        finally:
            self.finished.emit()


def _unexpected(fn: Callable[..., Any], error: BaseException) -> None:
    """Show a failure nobody handles in the error dialog (when installed), else log it."""
    from coordinator_ui.error_dialog import error_handler

    handler = error_handler()
    if handler is None:
        log.error("background task %s failed", fn, exc_info=error)
    else:
        handler.report(
            error, error.__traceback__, thread=f"worker running {getattr(fn, '__name__', fn)}"
        )


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task.run()


class _Dispatcher(QObject):
    """Drains the outbox on the GUI thread while tasks are running."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(_POLL_MS)
        self.timer.timeout.connect(self.drain)

    def drain(self) -> None:
        latest_progress: dict[Task, Any] = {}
        outcomes: list[tuple[Task, str, Any]] = []
        while True:
            try:
                task, kind, payload = _outbox.get_nowait()
            except queue.Empty:
                break
            if kind == _PROGRESS:
                latest_progress[task] = payload  # only the newest step matters to a bar
            else:
                outcomes.append((task, kind, payload))
        for task, payload in latest_progress.items():
            task.deliver(_PROGRESS, payload)
        for task, kind, payload in outcomes:
            task.deliver(kind, payload)
        if not _running:
            self.timer.stop()


_outbox: queue.SimpleQueue[tuple[Task, str, Any]] = queue.SimpleQueue()
# Tasks stay referenced until their outcome has been delivered on the GUI thread.
_running: set[Task] = set()
_dispatcher: _Dispatcher | None = None


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: DoneCallback | None = None,
    on_error: ErrorCallback | None = None,
    on_progress: ProgressCallback | None = None,
    progress_keyword: str | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> Task:
    """Run ``fn(*args, **kwargs)`` on the pool; call back on the GUI thread when it ends."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    task = Task(fn, args, kwargs, progress_keyword)
    if on_done is not None:
        task.done.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
        task.has_error_handler = True
    if on_progress is not None:
        task.progress.connect(on_progress)
    _running.add(task)
    _dispatcher.timer.start()
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))
    return task


def running_tasks() -> int:
    """How many tasks have not delivered their outcome yet (for tests and shutdown)."""
    return len(_running)


def wait_for_tasks(timeout_ms: int = 30_000) -> bool:
    """Block until the pool is idle, then deliver what the workers left (used at shutdown)."""
    idle = QThreadPool.globalInstance().waitForDone(timeout_ms)
    if _dispatcher is not None:
        _dispatcher.drain()
    return idle

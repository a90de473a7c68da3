"""Small pieces: the zone picker and the worker helper."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from coordinator_ui.workers import run_task, running_tasks
from coordinator_ui.zone_picker import ZonePicker, resolve_zone, selectable_zones


def test_resolve_zone() -> None:
    assert resolve_zone("Asia/Kolkata") == "Asia/Kolkata"
    assert resolve_zone("kolkata") == "Asia/Kolkata"
    assert resolve_zone("new york") == "America/New_York"
    assert resolve_zone("asia/tokyo") == "Asia/Tokyo"
    assert resolve_zone("Mars") is None and resolve_zone("") is None
    zones = selectable_zones()
    assert "Europe/Berlin" in zones and "UTC" in zones and "Etc/GMT+5" not in zones


def test_zone_picker_completes_and_shows_offset(qtbot) -> None:  # type: ignore[no-untyped-def]
    picker = ZonePicker()
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.edit, "kathm")
    completer = picker.completer
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Asia/Kathmandu"
    assert "UTC+05:45" in completer.popup().model().index(0, 0).data()
    picker.set_zone("Asia/Kathmandu")
    assert picker.offset.text().startswith("UTC+05:45 · ")


def _count(n: int, progress) -> int:  # type: ignore[no-untyped-def]
    for i in range(n):
        progress(i + 1, n)
    return n * 2


def _steps(n: int):  # type: ignore[no-untyped-def]
    for i in range(n):
        time.sleep(0.001)
        yield i + 1, n
    return "done"


def _fail() -> None:
    raise ValueError("boom")


class Sink:
    def __init__(self) -> None:
        self.results: list[object] = []
        self.progress: list[tuple[int, int]] = []

    def done(self, value: object) -> None:
        self.results.append(value)

    def error(self, exc: BaseException) -> None:
        self.results.append(f"error: {exc}")

    def step(self, done: int, total: int) -> None:
        self.progress.append((done, total))


def test_run_task_delivers_results_progress_and_errors(qtbot) -> None:  # type: ignore[no-untyped-def]
    sink = Sink()
    run_task(_count, 3, progress_keyword="progress", on_done=sink.done, on_progress=sink.step)
    run_task(_steps, 2, on_done=sink.done, on_progress=sink.step)
    run_task(_fail, on_done=sink.done, on_error=sink.error)
    qtbot.waitUntil(lambda: len(sink.results) == 3 and running_tasks() == 0, timeout=10_000)
    assert sorted(map(str, sink.results)) == ["6", "done", "error: boom"]
    assert (3, 3) in sink.progress and (2, 2) in sink.progress
    assert Qt  # the callbacks above ran on the GUI thread (queued), so Qt objects were safe

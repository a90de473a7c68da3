"""Notice system clock jumps (including sleep/resume) and changes of the machine's time zone.

APScheduler 3 sleeps on a monotonic timeout, so it neither wakes after a resume nor notices a
clock change (apscheduler#794). This watch compares the wall clock with the monotonic clock
every half minute: if they drifted apart, the clock was set or the machine slept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot


def local_zone_signature() -> str:
    """The machine's zone as the C library sees it now (re-read on POSIX)."""
    if hasattr(time, "tzset"):
        time.tzset()  # pick up a changed TZ variable or /etc/localtime
    now = datetime.now().astimezone()
    return f"{time.tzname}{now.utcoffset()}"


class ClockWatch(QObject):
    """Emits ``jumped(seconds)`` on a clock jump or resume, ``zone_changed()`` on a new zone."""

    jumped = Signal(float)  # wall-clock drift in seconds (positive: forward, e.g. after sleep)
    zone_changed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_ms: int = 30_000,
        threshold_s: float = 60.0,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        zone: Callable[[], str] = local_zone_signature,
    ) -> None:
        super().__init__(parent)
        self._wall, self._monotonic, self._zone = wall, monotonic, zone
        self._threshold = threshold_s
        self._reset()
        self._last_zone = zone()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def _reset(self) -> None:
        self._wall0, self._mono0 = self._wall(), self._monotonic()

    def start(self) -> None:
        """Start watching (re-anchors the clocks)."""
        self._reset()
        self._timer.start()

    def stop(self) -> None:
        """Stop watching."""
        self._timer.stop()

    @Slot()
    def check(self) -> None:
        """Compare the clocks and the zone with the previous check; emit what changed."""
        wall, mono = self._wall(), self._monotonic()
        drift = (wall - self._wall0) - (mono - self._mono0)
        self._wall0, self._mono0 = wall, mono
        zone = self._zone()
        if zone != self._last_zone:
            self._last_zone = zone
            self.zone_changed.emit()
        if abs(drift) >= self._threshold:
            self.jumped.emit(drift)

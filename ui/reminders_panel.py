"""The in-app reminders panel (snooze, dismiss, "open the item") and the "while you were away" list.

A list model over ``Reminder`` values, a two-line delegate, and the panel that asks the bridge
to snooze or dismiss (the writes happen on the bridge's worker, never here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.models import utcnow
from coordinator.paths import resource_path
from coordinator.reminders import Reminder, ReminderStatus, snooze_until
from coordinator_ui.theme import ACCENT, icon

ReminderRole = Qt.ItemDataRole.UserRole + 1
DetailRole = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex

TITLE, MUTED_TEXT, SNOOZED = "#111827", "#6b7280", "#b7791f"
SELECTED, HOVER, SEPARATOR = "#e8eefe", "#f5f7fb", "#eef1f6"
_LIST_STYLE = "QListView { background: #ffffff; border: 1px solid #e2e6ee; border-radius: 8px; }"

SNOOZES = (("10min", "10 minutes"), ("1h", "1 hour"), ("tomorrow", "Tomorrow morning (09:00)"))


def _span(delta: timedelta) -> str:
    minutes = max(0, round(delta.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days = round(hours / 24)
    return f"{days} day" + ("s" if days > 1 else "")


def local_time_text(instant: datetime) -> str:
    """An instant on this machine's clock with the zone named, e.g. ``Mon 2 Mar, 09:00 GMT``."""
    local = instant.astimezone()
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {local.tzname() or ''}".rstrip()


def when_text(reminder: Reminder, now: datetime) -> str:
    """Relative and local time of the occurrence, e.g. ``in 15 min · Mon 2 Mar, 09:00 GMT``."""
    event = reminder.event
    if event.start > now:
        relative = (
            "now" if event.start - now < timedelta(minutes=1) else f"in {_span(event.start - now)}"
        )
    elif event.end > now:
        relative = f"started {_span(now - event.start)} ago"
    else:
        relative = "already over"
    return f"{relative} · {local_time_text(event.start)}"


class ReminderListModel(QAbstractListModel):
    """Reminders as rows: title, detail line, and the ``Reminder`` under ``ReminderRole``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Reminder] = []
        self.now: datetime | None = None

    def set_rows(self, reminders: Sequence[Reminder], now: datetime) -> None:
        """Replace every row (times are described relative to ``now``)."""
        self.beginResetModel()
        self._rows = list(reminders)
        self.now = now
        self.endResetModel()

    def set_now(self, now: datetime) -> None:
        """Redescribe the rows relative to ``now``."""
        self.now = now
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [DetailRole])

    def rows(self) -> list[Reminder]:
        """Every row's reminder."""
        return list(self._rows)

    def reminder(self, row: int) -> Reminder:
        """The reminder on ``row``."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        reminder = self._rows[index.row()]
        now = self.now or reminder.event.start
        if role == Qt.ItemDataRole.DisplayRole:
            return reminder.event.title
        if role == DetailRole:
            return when_text(reminder, now)
        if role == ReminderRole:
            return reminder
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{reminder.event.title}, {when_text(reminder, now)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            local = reminder.event.local_start()
            return (
                f"{reminder.event.title}\n{local:%A %d %B %Y, %H:%M} {reminder.event.time_zone}"
                f"\nReminder {_span(timedelta(minutes=reminder.lead_minutes))} before"
            )
        return None


class ReminderDelegate(QStyledItemDelegate):
    """Paints a reminder as an icon, a bold title, a muted "when" line and a snooze line."""

    PAD = 8

    def _lines(self, index: _Index) -> int:
        reminder = index.data(ReminderRole)
        snoozed = isinstance(reminder, Reminder) and reminder.status is ReminderStatus.SNOOZED
        return 3 if snoozed else 2

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = option.fontMetrics.height()
        lines = self._lines(index)
        return QSize(260, lines * line + (lines - 1) * 2 + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        reminder = index.data(ReminderRole)
        if not isinstance(reminder, Reminder):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect, pad = option.rect, self.PAD
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(SELECTED))
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), QColor(ACCENT))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(HOVER))
        painter.setPen(QColor(SEPARATOR))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())

        line = option.fontMetrics.height()
        size = line + 4
        icon_rect = QRect(rect.left() + pad + 2, rect.top() + pad, size, size)
        kind_icon = icon("schedule" if reminder.event.kind == "check-in" else "volunteers", ACCENT)
        kind_icon.paint(painter, icon_rect)
        left = icon_rect.right() + pad
        width = rect.right() - left - pad
        top = rect.top() + pad
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        self._text(painter, bold, TITLE, QRect(left, top, width, line), str(index.data()))
        detail = str(index.data(DetailRole) or "")
        self._text(
            painter, option.font, MUTED_TEXT, QRect(left, top + line + 2, width, line), detail
        )
        if reminder.status is ReminderStatus.SNOOZED and reminder.snoozed_until is not None:
            until = reminder.snoozed_until.astimezone()
            snooze_rect = QRect(left, top + 2 * (line + 2), width, line)
            icon("clock", SNOOZED).paint(
                painter, QRect(left, snooze_rect.top() + 1, line - 2, line - 2)
            )
            snooze_rect.setLeft(left + line + 2)
            self._text(
                painter, option.font, SNOOZED, snooze_rect, f"Snoozed until {until:%a %H:%M}"
            )
        painter.restore()

    @staticmethod
    def _text(painter: QPainter, font: QFont, color: str, rect: QRect, text: str) -> None:
        painter.setFont(font)
        painter.setPen(QColor(color))
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)


def reminder_list(parent: QWidget | None = None) -> tuple[QListView, ReminderListModel]:
    """A list view with the reminder model and delegate (shared by panel and dialog)."""
    view = QListView(parent)
    model = ReminderListModel(view)
    view.setModel(model)
    view.setItemDelegate(ReminderDelegate(view))
    view.setObjectName("ReminderList")
    view.setSelectionMode(QListView.SelectionMode.SingleSelection)
    view.setMouseTracking(True)  # hover highlight
    view.setStyleSheet(_LIST_STYLE)
    view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
    return view, model


class RemindersPanel(QWidget):
    """Fired reminders with Snooze ▾, Dismiss and Open the item; fed by the bridge."""

    open_requested = Signal(object)  # Event
    snooze_requested = Signal(object, object)  # ReminderKey, datetime (UTC)
    dismiss_requested = Signal(object)  # ReminderKey

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RemindersPanel")
        self.clock = clock
        self.view, self.model = reminder_list(self)
        self.view.doubleClicked.connect(self._open_index)
        self.empty = QLabel(
            "No reminders right now.\nBefore each check-in and webinar they appear here "
            "and in the system tray."
        )
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)

        self.snooze_button = self._button("Snooze", "clock", "Remind me again later")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        chevron = resource_path("icons", "chevron-down-muted.svg").as_posix()
        self.snooze_button.setStyleSheet(
            "QToolButton { padding-right: 20px; }"
            "QToolButton::menu-indicator { subcontrol-origin: padding;"
            " subcontrol-position: center right; right: 5px; width: 10px;"
            f" image: url({chevron}); }}"
        )
        menu = QMenu(self.snooze_button)
        for choice, label in SNOOZES:
            action = menu.addAction(label)
            action.setData(choice)
        menu.triggered.connect(self._snooze_action)
        self.snooze_button.setMenu(menu)
        self.snooze_menu = menu
        self.dismiss_button = self._button("Dismiss", "check", "Done with this reminder")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.open_button = self._button(
            "Open", "schedule", "Open the item: show the check-in or webinar"
        )
        self.open_button.clicked.connect(self.open_selected)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(4)
        for button in (self.snooze_button, self.dismiss_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_reminders([])
        # "in 15 min" goes stale: redescribe the rows twice a minute.
        self._timer = QTimer(self)
        self._timer.setInterval(30_000)
        self._timer.timeout.connect(self.refresh_times)
        self._timer.start()

    def _button(self, text: str, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setToolTip(tip)
        button.setObjectName("ActionButton")
        button.setText(text)
        button.setIcon(icon(icon_name))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def set_reminders(self, reminders: Sequence[Reminder]) -> None:
        """Show ``reminders``; keeps the selection on the same occurrence when it is still there."""
        kept = self.selected()
        self.model.set_rows(reminders, self.clock())
        self.stack.setCurrentWidget(self.view if reminders else self.empty)
        rows = [
            i for i, r in enumerate(reminders) if kept and r.key.occurrence == kept.key.occurrence
        ]
        if reminders:
            self.view.setCurrentIndex(self.model.index(rows[0] if rows else 0))
        self._update_buttons()

    def selected(self) -> Reminder | None:
        """The selected reminder, if any."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        return self.model.reminder(index.row())

    def snooze_selected(self, choice: str) -> None:
        """Snooze the selected reminder: ``10min``, ``1h`` or ``tomorrow``."""
        reminder = self.selected()
        if reminder is None:
            return
        self.snooze_requested.emit(reminder.key, snooze_until(choice, self.clock()))
        self._remove(reminder)

    def dismiss_selected(self) -> None:
        """Dismiss the selected reminder."""
        reminder = self.selected()
        if reminder is not None:
            self.dismiss_requested.emit(reminder.key)
            self._remove(reminder)

    def open_selected(self) -> None:
        """Ask the main window to show the selected reminder's check-in or webinar."""
        reminder = self.selected()
        if reminder is not None:
            self.open_requested.emit(reminder.event)

    def _open_index(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.model.reminder(index.row()).event)

    def _snooze_action(self, action: object) -> None:
        self.snooze_selected(str(action.data()))  # type: ignore[attr-defined]

    def _remove(self, reminder: Reminder) -> None:
        rows = [
            self.model.reminder(i)
            for i in range(self.model.rowCount())
            if self.model.reminder(i).key.occurrence != reminder.key.occurrence
        ]
        self.set_reminders(rows)

    def refresh_times(self) -> None:
        """Describe the rows relative to the clock's time now (and the machine's zone now)."""
        self.model.set_now(self.clock())

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.snooze_button, self.dismiss_button, self.open_button):
            button.setEnabled(chosen)


class AwayDialog(QDialog):
    """ "While you were away": the reminders that fell due while the app was closed, once."""

    open_requested = Signal(object)  # Event

    def __init__(
        self,
        reminders: Sequence[Reminder],
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AwayDialog")
        self.setWindowTitle("While you were away")
        count = len(reminders)
        heading = QLabel("While you were away")
        heading.setObjectName("SectionTitle")
        summary = QLabel(
            f"{count} reminder{'s' if count != 1 else ''} fell due while Coordinator was not "
            "running. They stay in the Reminders panel until you dismiss them."
        )
        summary.setObjectName("Muted")
        summary.setWordWrap(True)
        self.view, self.model = reminder_list(self)
        self.model.set_rows(reminders, clock())
        self.view.doubleClicked.connect(self._open_index)
        if reminders:
            self.view.setCurrentIndex(self.model.index(0))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(
            "Open the item", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(self._open_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        self.view.setMinimumHeight(min(max(count, 2), 6) * (2 * line + 18) + 4)
        self.resize(line * 34, self.sizeHint().height())

    def _open_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.model.reminder(index.row()).event)
        self.accept()

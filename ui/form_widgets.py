"""Small widgets the edit forms share: error labels beside fields, weekday and date pickers."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.domain import WEEKDAY_NAMES, Weekdays


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def error_label() -> QLabel:
    """A label for a field's problem, hidden while there is none."""
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def hint_label(text: str) -> QLabel:
    """A muted explanation under a field."""
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def with_error(field: QWidget, error: QLabel, hint: str = "") -> QWidget:
    """A field with its hint and error label stacked under it (the row of a QFormLayout)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    if hint:
        layout.addWidget(hint_label(hint))
    layout.addWidget(error)
    return box


class FieldErrors:
    """Shows each field's problem next to it and marks the field invalid.

    A new, empty form does not greet the person with a list of errors: a field's problem is
    shown once the field has been edited (or at once, with ``reveal_all``, for existing records).
    """

    def __init__(self, reveal_all: bool = False) -> None:
        self._fields: dict[str, tuple[list[QWidget], QLabel]] = {}
        self._touched: set[str] = set()
        self.reveal_all = reveal_all

    def add(self, key: str, *widgets: QWidget) -> QLabel:
        """Register the widgets of field ``key``; returns its error label."""
        label = error_label()
        label.setObjectName(f"error_{key}")
        self._fields[key] = (list(widgets), label)
        for widget in widgets:
            for name in (
                "textEdited",
                "valueChanged",
                "currentTextChanged",
                "timeChanged",
                "changed",
            ):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(self._toucher(key))
                    break
        return label

    def _toucher(self, key: str):  # type: ignore[no-untyped-def]
        def touch(*_args: object) -> None:
            self._touched.add(key)

        return touch

    def label(self, key: str) -> QLabel:
        return self._fields[key][1]

    def show(self, problems: dict[str, str]) -> None:
        """Show ``problems`` (field → message) and clear the fields that are fine now."""
        for key, (widgets, label) in self._fields.items():
            message = problems.get(key, "") if self.reveal_all or key in self._touched else ""
            label.setText(message[:1].upper() + message[1:] if message else "")
            label.setVisible(bool(message))
            for widget in widgets:
                if bool(widget.property("invalid")) != bool(message):
                    widget.setProperty("invalid", bool(message))
                    repolish(widget)


class WeekdayPicker(QWidget):
    """Seven toggle buttons, Mon … Sun; ``value()`` is None when no day is chosen."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.buttons: list[QToolButton] = []
        for name in WEEKDAY_NAMES:
            button = QToolButton()
            button.setText(name)
            button.setCheckable(True)
            button.setProperty("chip", True)
            button.setAccessibleName(f"Works on {name}")
            button.toggled.connect(self._on_toggled)
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)

    def _on_toggled(self, _checked: bool) -> None:
        self.changed.emit()

    def value(self) -> Weekdays | None:
        days = [i for i, b in enumerate(self.buttons) if b.isChecked()]
        return Weekdays.of(days) if days else None

    def set_value(self, days: Weekdays | None) -> None:
        for i, button in enumerate(self.buttons):
            button.setChecked(days is not None and i in days)


class OptionalDate(QWidget):
    """A date that may be left unset: a check box enables the date editor."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label)
        self.editor = QDateEdit()
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("yyyy-MM-dd")
        self.editor.setDate(QDate.currentDate())
        self.editor.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        self.enabled.toggled.connect(self.editor.setEnabled)
        self.enabled.toggled.connect(self._emit)
        self.editor.dateChanged.connect(self._emit)

    def _emit(self, *_args: object) -> None:
        self.changed.emit()

    def value(self) -> date | None:
        return self.editor.date().toPython() if self.enabled.isChecked() else None  # type: ignore[no-any-return]

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.editor.setDate(QDate(value.year, value.month, value.day))


def time_edit(value: time) -> QTimeEdit:
    """A 24-hour HH:mm editor."""
    editor = QTimeEdit()
    editor.setDisplayFormat("HH:mm")
    editor.setTime(QTime(value.hour, value.minute))
    return editor


def set_time(editor: QTimeEdit, value: time) -> None:
    """Show ``value`` in a time editor."""
    editor.setTime(QTime(value.hour, value.minute))


def time_of(editor: QTimeEdit) -> time:
    """The editor's time as a ``datetime.time``."""
    value = editor.time()
    return time(value.hour(), value.minute())


def dialog_buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK/Cancel with OK named after what it does; returns the box and the OK button."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.rejected.connect(dialog.reject)
    return box, ok


def banner() -> QLabel:
    """A red message at the bottom of a form for errors that belong to no single field."""
    label = error_label()
    label.setObjectName("FormBanner")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label

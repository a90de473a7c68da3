"""What every add/edit form does: validate as you type, submit once valid, show a refusal.

A form builds its fields, calls ``finish(layout, signals)`` and implements ``values()`` and
``problems()``; the core decides what is wrong (``coordinator.editing``), this only shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from coordinator_ui.form_widgets import FieldErrors, banner, dialog_buttons

F = TypeVar("F")


class RecordForm(QDialog, Generic[F]):
    """Edit one record's values; ``submit`` saves them and returns an error message or None."""

    def __init__(
        self,
        submit: Callable[[F], str | None],
        *,
        values: F | None,
        record_id: int | None,
        taken: dict[str, int] | None,
        noun: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self._record_id = record_id
        self._taken = taken or {}
        self._original = values
        self.setWindowTitle(f"Edit {noun}" if values is not None else f"New {noun}")
        self.errors = FieldErrors(reveal_all=values is not None)
        self.banner = banner()
        buttons, self.ok = dialog_buttons(self, "Save" if values is not None else f"Add {noun}")
        buttons.accepted.connect(self._on_ok)
        self._buttons = buttons

    def finish(self, parts: Iterable[Any], signals: Iterable[Any], extra_width: int) -> None:
        """Lay out ``parts`` (layouts or widgets) above the banner and buttons; validate on
        every change of ``signals`` and now."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        for part in parts:
            if isinstance(part, QWidget):
                layout.addWidget(part)
            else:
                layout.addLayout(part)
        layout.addWidget(self.banner)
        layout.addWidget(self._buttons)
        for signal in signals:
            signal.connect(self.validate)
        self.validate()
        width = self.sizeHint().width() + self.fontMetrics().averageCharWidth() * extra_width
        self.resize(width, 0)

    def values(self) -> F:
        """The values the form shows now (may be invalid; see ``problems``)."""
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        """What is wrong now, per field."""
        raise NotImplementedError

    def validate(self, *_args: object) -> bool:
        """Show each field's problem beside it; OK is enabled only when there is none."""
        problems = self.problems()
        self.errors.show(problems)
        self.ok.setEnabled(not problems)
        self.banner.setVisible(False)
        return not problems

    def _on_ok(self) -> None:
        if not self.validate():
            return
        message = self._submit(self.values())
        if message:
            self.banner.setText(message)
            self.banner.setVisible(True)
            return
        self.accept()

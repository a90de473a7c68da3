"""The navigation rail on the left of the main window: one checkable button per page."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from coordinator_ui.theme import ON_DARK, icon


class NavRail(QFrame):
    """Buttons for the pages; ``selected(index)`` when the person picks one."""

    selected = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NavRail")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.selected)
        self.buttons: list[QToolButton] = []
        heading = QLabel(title)
        heading.setObjectName("AppTitle")
        self.footer = QLabel("")
        self.footer.setObjectName("RailFooter")
        self.footer.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 14, 12, 12)
        self._layout.setSpacing(4)
        self._layout.addWidget(heading)
        self._layout.addStretch(1)
        self._layout.addWidget(self.footer)

    def add_page(self, text: str, icon_name: str, shortcut_hint: str) -> QToolButton:
        """Add a button for the next page."""
        button = QToolButton()
        button.setText(f"  {text}")
        button.setIcon(icon(icon_name, ON_DARK, "#ffffff"))
        size = self.fontMetrics().height() + 4
        button.setIconSize(QSize(size, size))
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setSizePolicy(button.sizePolicy().Policy.Expanding, button.sizePolicy().Policy.Fixed)
        button.setToolTip(f"{text} ({shortcut_hint})")
        button.setAccessibleName(text)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.group.addButton(button, len(self.buttons))
        self._layout.insertWidget(1 + len(self.buttons), button)
        self.buttons.append(button)
        return button

    def set_current(self, index: int) -> None:
        """Check the button of page ``index`` (without emitting ``selected``)."""
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)

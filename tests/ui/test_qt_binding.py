"""Guards against a Qt binding that corrupts reference counts (PySide6 6.12.0 on Python 3.11).

That release drops a reference to ``None`` on every call that returns nothing; after a few
thousand calls Python aborts with ``none_dealloc``. The app would die mid-session.
"""

import sys

from PySide6.QtWidgets import QComboBox, QWidget


def test_void_calls_and_empty_data_do_not_leak_none(qtbot) -> None:
    widget = QWidget()
    combo = QComboBox()
    combo.addItem("nothing", None)
    qtbot.addWidget(widget)
    qtbot.addWidget(combo)
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.setEnabled(True)
        combo.itemData(0)
    # A healthy binding leaves the count as it was (give or take a few temporaries).
    assert abs(sys.getrefcount(None) - before) < 50

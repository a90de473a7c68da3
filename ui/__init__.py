"""The PySide6 window of Coordinator (installed as ``coordinator_ui``). Thin: no business rules."""

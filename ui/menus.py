"""The main window's menus and shortcuts, following the platform's conventions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from coordinator_ui.theme import icon

if TYPE_CHECKING:
    from coordinator_ui.main_window import MainWindow

Key = QKeySequence.StandardKey


def _action(
    window: MainWindow,
    name: str,
    text: str,
    slot: object,
    shortcut: QKeySequence.StandardKey | str | None = None,
    icon_name: str = "",
    role: QAction.MenuRole | None = None,
) -> QAction:
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if role is not None:
        action.setMenuRole(role)
    action.triggered.connect(slot)
    window.actions[name] = action
    return action


def build_menus(window: MainWindow) -> None:
    """File, Edit, View and Help menus; every action is also in ``window.actions``."""
    bar = window.menuBar()

    file_menu = bar.addMenu("&File")
    file_menu.addAction(
        _action(window, "new_community", "New &Community…", window.new_community, Key.New, "add")
    )
    file_menu.addAction(
        _action(window, "new_volunteer", "New &Volunteer…", window.new_volunteer, "Ctrl+Shift+N")
    )
    file_menu.addSeparator()
    file_menu.addAction(
        _action(window, "import", "&Import…", window.open_import, "Ctrl+I", "import")
    )
    file_menu.addSeparator()
    file_menu.addAction(
        _action(
            window,
            "export_calendar",
            "Export &Calendar…",
            window.export_calendar,
            "Ctrl+Shift+E",
            "schedule",
        )
    )
    file_menu.addAction(
        _action(window, "publish_calendars", "Publish C&alendars…", window.publish_calendars)
    )
    file_menu.addSeparator()
    file_menu.addAction(
        _action(window, "open_roster", "Open &Roster…", _roster_slot(window, "open"), "", "file")
    )
    file_menu.addAction(
        _action(window, "publish_roster", "&Publish Roster…", _roster_slot(window, "publish"))
    )
    file_menu.addSeparator()
    file_menu.addAction(
        _action(
            window, "monthly_report", "&Monthly Report…", _report_slot(window, "report"), "", "file"
        )
    )
    file_menu.addAction(
        _action(window, "handover", "&Hand-over Pack…", _report_slot(window, "handover"))
    )
    file_menu.addSeparator()
    settings = _action(
        window,
        "settings",
        "&Settings…",
        window.open_settings,
        Key.Preferences,
        "settings",
        QAction.MenuRole.PreferencesRole,
    )
    if settings.shortcut().isEmpty():  # Windows and some Linux desktops have no binding
        settings.setShortcut(QKeySequence("Ctrl+,"))
    file_menu.addAction(settings)
    file_menu.addSeparator()
    quit_action = _action(
        window, "quit", "&Quit", window.close, Key.Quit, role=QAction.MenuRole.QuitRole
    )
    if quit_action.shortcut().isEmpty():
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    file_menu.addAction(quit_action)

    edit_menu = bar.addMenu("&Edit")
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(Key.Undo)
    undo.setIcon(icon("undo"))
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo_keys = list(QKeySequence.keyBindings(Key.Redo))
    if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
        redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
    redo.setShortcuts(redo_keys)
    redo.setIcon(icon("redo"))
    window.actions["undo"], window.actions["redo"] = undo, redo
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    edit_menu.addAction(
        _action(window, "edit", "&Edit…", window.forward("act_edit"), "Ctrl+E", "edit")
    )
    edit_menu.addAction(
        _action(
            window, "showcase", "Flag &Showcase", window.forward("act_showcase"), "", "showcase"
        )
    )
    edit_menu.addAction(
        _action(window, "help", "&Help Requested", window.forward("act_help"), "", "help")
    )
    edit_menu.addAction(
        _action(window, "deactivate", "&Deactivate", window.forward("act_active"), "", "deactivate")
    )
    delete = _action(
        window, "delete", "De&lete", window.forward("act_delete"), Key.Delete, "delete"
    )
    # A focused line edit claims Delete itself (ShortcutOverride), so typing is unaffected.
    edit_menu.addAction(delete)
    edit_menu.addSeparator()
    edit_menu.addAction(_action(window, "find", "&Find", window.focus_filter, Key.Find, "search"))
    edit_menu.addAction(
        _action(window, "select_all", "Select &All", window.select_all, Key.SelectAll)
    )

    view_menu = bar.addMenu("&View")
    window.view_menu = view_menu
    for i, spec in enumerate(_pages()):
        view_menu.addAction(
            _action(
                window,
                f"page_{spec.key}",
                spec.title,
                _page_slot(window, i),
                f"Ctrl+{i + 1}",
                spec.icon,
            )
        )
    view_menu.addSeparator()
    view_menu.addAction(_action(window, "reload", "&Reload", window.reload_all, Key.Refresh))

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(
        _action(
            window, "about", "&About Coordinator", window.about, role=QAction.MenuRole.AboutRole
        )
    )


def _pages():  # type: ignore[no-untyped-def]
    from coordinator_ui.main_window import PAGES

    return PAGES


def _page_slot(window: MainWindow, index: int):  # type: ignore[no-untyped-def]
    def show() -> None:
        window.show_page(index)

    return show


def _roster_slot(window: MainWindow, what: str):  # type: ignore[no-untyped-def]
    def run() -> None:
        # Imported when first used: the roster window is not needed to start the editor.
        from coordinator_ui.roster_actions import open_roster_file, publish_roster_dialog

        if what == "open":
            open_roster_file(window)
        else:
            publish_roster_dialog(window)

    return run


def _report_slot(window: MainWindow, what: str):  # type: ignore[no-untyped-def]
    def run() -> None:
        # Imported when first used: reports are not needed to start the editor.
        from coordinator_ui.handover import open_handover
        from coordinator_ui.report_dialog import open_monthly_report

        if what == "report":
            open_monthly_report(window, window.database)
        else:
            open_handover(window, window.database)

    return run

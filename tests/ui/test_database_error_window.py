"""Starting the window on a database that cannot be opened: a message box, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator_ui import error_dialog
from coordinator_ui.app import run_app
from tests.ui.ui_fixtures import messages, styled

__all__ = ["messages", "styled"]


def test_a_folder_that_cannot_be_made_is_shown_in_a_message_box(
    tmp_path: Path, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real handler would stay installed for later tests; the message box is what counts.
    monkeypatch.setattr(error_dialog, "install_error_handler", lambda *_args: None)
    blocker = tmp_path / "data"
    blocker.write_text("", encoding="utf-8")

    assert run_app(str(blocker / "programme.sqlite3")) == 1

    assert messages == [
        f"Cannot create the folder {blocker} for the database "
        f"({blocker} is a file, not a folder): choose another place with --db."
    ]

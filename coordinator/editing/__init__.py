"""The edits the window makes, each one transaction with an audit entry (old → new).

Every function returns what its undo needs, and every undo is itself one of these functions,
so an undo is a transaction that is audited too. Optimistic concurrency: a change names the
``version`` it was based on; if someone else saved in between, ``EditConflict`` says so.
"""

from coordinator.editing.records import (
    create,
    delete,
    flag_help_requested,
    flag_showcase,
    read,
    restore,
    revert,
    set_active,
    set_values,
    update,
)
from coordinator.editing.settings_edits import (
    format_lead_times,
    parse_lead_times,
    read_settings,
    update_settings,
)
from coordinator.editing.values import (
    BulkChange,
    CommunityFields,
    Deleted,
    EditConflict,
    EditError,
    EditRefused,
    Entity,
    FacilitatorFields,
    Saved,
    Updated,
    community_problems,
    facilitator_problems,
)

__all__ = [
    "BulkChange",
    "CommunityFields",
    "Deleted",
    "EditConflict",
    "EditError",
    "EditRefused",
    "Entity",
    "FacilitatorFields",
    "Saved",
    "Updated",
    "community_problems",
    "create",
    "delete",
    "facilitator_problems",
    "flag_help_requested",
    "flag_showcase",
    "format_lead_times",
    "parse_lead_times",
    "read",
    "read_settings",
    "restore",
    "revert",
    "set_active",
    "set_values",
    "update",
    "update_settings",
]

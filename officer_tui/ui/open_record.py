"""Open any record by kind and id: the one place that knows which screen shows what.

Used wherever a line points to a record of another domain (a person's timeline, the
follow-up list, and later the Today pane and search).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen

from officer_tui.models.enums import RecordKind


def screen_for(kind: RecordKind | str, record_id: int) -> Screen[Any] | None:
    """The screen that shows (and edits) the record, or None for kinds without one."""
    kind = RecordKind(kind)
    if kind == RecordKind.REQUEST:
        from officer_tui.ui.screens.request_form import RequestFormScreen

        return RequestFormScreen(request_id=record_id)
    if kind == RecordKind.IDEA:
        from officer_tui.ui.screens.idea_form import IdeaFormScreen

        return IdeaFormScreen(idea_id=record_id)
    if kind == RecordKind.PROJECT:
        from officer_tui.ui.screens.project_form import ProjectFormScreen

        return ProjectFormScreen(project_id=record_id)
    if kind == RecordKind.FOLLOWUP:
        from officer_tui.ui.screens.followup_form import FollowUpFormScreen

        return FollowUpFormScreen(followup_id=record_id)
    if kind == RecordKind.MEETING:
        from officer_tui.ui.screens.meeting_detail import MeetingDetailScreen

        return MeetingDetailScreen(record_id)
    if kind == RecordKind.TRAINING_SESSION:
        from officer_tui.ui.screens.training_session import SessionScreen

        return SessionScreen(record_id)
    if kind == RecordKind.TRAINING:
        from officer_tui.ui.screens.training_forms import ProgrammeFormScreen

        return ProgrammeFormScreen(programme_id=record_id)
    if kind == RecordKind.CONTACT:
        from officer_tui.ui.screens.contact_detail import ContactDetailScreen

        return ContactDetailScreen(record_id)
    return None


def open_record(
    app: App[Any], kind: RecordKind | str, record_id: int,
    closed: Callable[[Any], None] | None = None,
) -> bool:
    """Push the record's screen; False when this kind has no screen."""
    screen = screen_for(kind, record_id)
    if screen is None:
        return False
    app.push_screen(screen, closed)
    return True

"""``officer history [KIND ID]`` and ``officer revert CHANGE_ID``: who changed what, and back.

- ``history``: the newest changes in the database (``--user``, ``--kind`` narrow them down);
  ``history request 12`` (or ``request:12``): one record's changes, with the fields before and
  after. ``--json`` prints the stored values exactly.
- ``revert CHANGE_ID``: shows what reverting the change (and everything saved with it) would
  do, asks on a terminal (``--yes`` for scripts), then reverts; a revert can be reverted again.
  Refused with exit 2 when it cannot work (an erasure, a record another one refers to ...).

There is no ``officer undo``: a command line has no session whose last change it could know.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from officer_tui.cli._common import (
    BadInput,
    confirmed,
    json_flag,
    print_json,
    session_for,
    table,
    whole,
)
from officer_tui.i18n import _, format_date, ngettext, pgettext

# What people type for a kind of record -> its table (the tables' own names work too).
KIND_WORDS = {
    "request": "request", "idea": "idea", "project": "project", "meeting": "meeting",
    "contact": "contact", "unit": "orgunit", "followup": "followup", "follow-up": "followup",
    "training": "trainingprogramme", "programme": "trainingprogramme",
    "session": "trainingsession", "enrollment": "enrollment", "goal": "strategicgoal",
    "agenda-item": "agendaitem", "item": "agendaitem", "outcome": "outcome",
    "decision": "outcome", "log": "contactlog", "contact-log": "contactlog",
    "link": "projectlink", "series": "meetingseries",
}
KINDS_HELP = "request|idea|project|meeting|contact|unit|followup|training|session|enrollment|" \
    "goal|agenda-item|outcome|log|link|series"
ONE_RECORD_LIMIT = 500
RECENT_LIMIT = 50
VALUE_WIDTH = 80  # a value longer than this is cut in the table (``--json`` is exact)


def register(commands: Any) -> None:
    text = _("the change history: who changed what and when")
    history = commands.add_parser(
        "history", help=text,
        description=text + ". " + _("Without KIND ID: the newest changes in the database."),
    )
    history.add_argument("record", nargs="*", metavar="KIND ID",
                         help=_("one record's history, e.g. 'request 12' or 'request:12'"))
    history.add_argument("--user", metavar="NAME", help=_("only changes by this user"))
    history.add_argument("--kind", metavar=KINDS_HELP, help=_("only changes of this kind of record"))
    history.add_argument("--limit", type=whole(1), metavar="N",
                         help=_("at most N changes (default {recent}; {one} for one record)").format(
                             recent=RECENT_LIMIT, one=ONE_RECORD_LIMIT))
    history.add_argument("-v", "--verbose", action="store_true",
                         help=_("show the fields before and after (always for one record)"))
    json_flag(history)
    history.set_defaults(handler=history_)

    text = _("revert a change (and what was saved with it), after a preview")
    revert = commands.add_parser(
        "revert", help=text,
        description=text + ". " + _("The revert is a change of its own: it can be reverted too."),
    )
    revert.add_argument("change", type=whole(1), metavar="CHANGE_ID",
                        help=_("the number of the change, as 'officer history' shows it"))
    revert.add_argument("--dry-run", action="store_true",
                        help=_("show what would change, change nothing"))
    revert.add_argument("--yes", action="store_true", help=_("do not ask (needed in scripts)"))
    revert.set_defaults(handler=revert_)


# --- reading -------------------------------------------------------------------------------------


def table_of(word: str, field: str) -> str:
    """The table behind a kind word (``unit`` -> ``orgunit``); unknown words are refused."""
    from sqlmodel import SQLModel

    from officer_tui.models import register_all

    key = word.strip().lower().replace("_", "-")
    if key in KIND_WORDS:
        return KIND_WORDS[key]
    register_all()
    name = key.replace("-", "")
    if name in SQLModel.metadata.tables and name not in ("change", "appstate"):
        return name
    raise _bad(field, _("{text!r} is not one of: {options}").format(
        text=word, options=KINDS_HELP.replace("|", ", ")))


def _bad(field: str, message: str) -> BadInput:
    """Refused input; ``record`` is the positional KIND ID (``where`` leaves it unnamed)."""
    if field == "record":
        return BadInput(None, "KIND ID: " + message)
    return BadInput(field, message)


def _record(words: list[str]) -> tuple[str, str, int] | None:
    """``['request', '12']`` or ``['request:12']`` -> (word, table, 12); [] -> None."""
    if not words:
        return None
    if len(words) == 1 and ":" in words[0]:
        words = words[0].split(":", 1)
    elif len(words) == 1 and "#" in words[0]:
        words = words[0].split("#", 1)
    if len(words) != 2:
        raise _bad("record", _("give a kind and a number, e.g. 'request 12'"))
    word, number = words
    table_name = table_of(word, "record")
    try:
        record_id = int(number.strip().lstrip("#"))
    except ValueError:
        raise _bad("record", _("{text!r} is not a whole number").format(text=number)) from None
    return word, table_name, record_id


def history_(args: argparse.Namespace) -> int:
    record = _record(args.record)
    kind_table = table_of(args.kind, "kind") if args.kind else None
    if record is not None and kind_table is not None:
        raise BadInput("kind", _("not together with KIND ID"))
    from officer_tui.models.history import Change
    from officer_tui.services import history

    with session_for(args) as session:
        if record is not None:
            word, table_name, record_id = record
            limit = args.limit or ONE_RECORD_LIMIT
            views = history.record_history(session, table=table_name, record_id=record_id,
                                           limit=limit + 1)
            if args.user:
                views = [view for view in views if view.user == args.user]
            if not views and not args.user and not _exists(session, table_name, record_id):
                raise _bad("record", _("{kind} {id} does not exist and has no history").format(
                    kind=word, id=record_id))
        else:
            limit = args.limit or RECENT_LIMIT
            views = history.recent_changes(session, user=args.user or None, table=kind_table,
                                           limit=limit + 1)
        more = len(views) > limit
        views = views[:limit]
        if args.json:
            stored = {change.id: change for change in session.exec(
                _select(Change).where(Change.id.in_([view.id for view in views])))}
            print_json([_as_json(view, stored[view.id]) for view in views])
            return 0
    if not views:
        print(_("No changes recorded.") if record is None
              else _("No changes recorded for {kind} {id}.").format(kind=record[0], id=record[2]))
        return 0
    print(_history_text(views, verbose=args.verbose or record is not None, one=record is not None))
    if more:
        print(_("… more: use --limit {n} to see them").format(n=limit * 2))
    return 0


def _select(model: Any) -> Any:
    from sqlmodel import select

    return select(model)


def _exists(session: Any, table_name: str, record_id: int) -> bool:
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    table_ = SQLModel.metadata.tables[table_name]
    key = table_.c.id if "id" in table_.c else next(iter(table_.primary_key.columns))
    return session.execute(sa.select(key).where(key == record_id).limit(1)).first() is not None


def when_text(moment: Any) -> str:
    """A stored moment (UTC) in local time: ``2026-03-02 14:05`` / ``02.03.2026 14:05``."""
    from datetime import UTC

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return format_date(local.date()) + local.strftime(" %H:%M")


def _one_line(text: str, width: int = VALUE_WIDTH) -> str:
    text = " ⏎ ".join(part.strip() for part in text.splitlines()) if "\n" in text else text
    return text if len(text) <= width else text[: width - 1] + "…"


def _what(view: Any) -> str:
    """``changed: Title, Priority``, ``created``, ``deleted (revert)``."""
    what = view.action_text
    if view.action == "update" and view.fields:
        what = f"{what}: {view.summary}"
    if view.reverts:
        what = _("{what} (revert)").format(what=what)
    return what


def _record_text(view: Any) -> str:
    text = f"{view.kind} #{view.record_id}"
    return text + f" “{_one_line(view.record, 60)}”" if view.record else text


def _field_lines(view: Any) -> list[str]:
    lines = []
    for change in view.fields:
        if view.action == "insert":
            shown = _one_line(change.after)
        elif view.action == "delete":
            shown = _one_line(change.before)
        else:
            shown = f"{_one_line(change.before)} → {_one_line(change.after)}"
        lines.append(f"    {change.label}: {shown}")
    return lines


def _history_text(views: list[Any], *, verbose: bool, one: bool) -> str:
    headers = [_("Change"), pgettext("column", "When"), _("Who"), _("Record"), _("What")]
    rows = [[f"{view.id}", when_text(view.at), view.user or "—", _record_text(view), _what(view)]
            for view in views]
    if not verbose:
        return table(headers, rows, right=(0,), squeeze=3)
    blocks = [_record_text(views[0])] if one else []
    for view, row in zip(views, rows, strict=True):
        head = f"#{row[0]}  {row[1]}  {row[2]}  "
        head += (row[4] if one else f"{row[3]}: {row[4]}")
        blocks.append("\n".join([head, *_field_lines(view)]))
    return "\n".join(blocks)


def _as_json(view: Any, change: Any) -> dict[str, Any]:
    return {
        "id": view.id, "group": view.group_uid, "at": change.at, "user": view.user,
        "table": view.table, "kind": view.kind, "record_id": view.record_id,
        "record_uid": change.record_uid, "record": view.record, "action": view.action,
        "what": _what(view), "version": view.version, "reverts": view.reverts or None,
        "values": change.values or {},
        "fields": [{"name": f.name, "label": f.label, "before": f.before, "after": f.after}
                   for f in view.fields],
    }


# --- reverting -----------------------------------------------------------------------------------


def _plan_lines(change_id: int, plan: Any) -> list[str]:
    count = len(plan.steps)
    lines = [ngettext(
        "Change #{id}, saved {when} by {user}: {n} record.",
        "Change #{id}, saved {when} by {user}, with what was saved with it: {n} records.",
        count).format(id=change_id, when=when_text(plan.at), user=plan.user or "—", n=count)]
    for step in plan.steps:
        record = f"{step.kind} #{step.record_id}"
        if step.record:
            record += f" “{_one_line(step.record, 60)}”"
        lines.append(f"  {record}: {step.what}")
        for change in step.fields:
            line = f"      {change.label}: {_one_line(change.now)} → {_one_line(change.becomes)}"
            if change.changed_since:
                line += "  ⚠ " + _("changed since")
            lines.append(line)
        if step.warning:
            lines.append("      ⚠ " + step.warning)
        if step.problem:
            lines.append("      ✗ " + step.problem)
    if plan.changed_since:
        lines.append("⚠ " + ngettext(
            "{n} field was changed again since: its later value is lost.",
            "{n} fields were changed again since: their later values are lost.",
            plan.changed_since).format(n=plan.changed_since))
    return lines


def revert_(args: argparse.Namespace) -> int:
    from officer_tui.models.history import Change
    from officer_tui.services import history
    from officer_tui.services.errors import NotFound, ValidationError

    with session_for(args) as session:
        try:
            group = history.group_of(session, change_id=args.change)
        except NotFound:
            raise BadInput(None, _("there is no change #{id} (see 'officer history')").format(
                id=args.change)) from None
        plan = history.revert_preview(session, group_uid=group)
        print("\n".join(_plan_lines(args.change, plan)))
        if not plan.ok:
            raise BadInput(None, _("cannot revert change #{id}: {problems}; nothing was changed").format(
                id=args.change, problems="; ".join(plan.problems)))
        if plan.nothing_to_do:
            print(_("Nothing to revert: everything is as before."))
            return 0
        if args.dry_run:
            print(_("Dry run: nothing was changed."))
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise BadInput("yes", _("required when not asked on a terminal; nothing was changed"))
            if not confirmed(_("Revert? [y/N]")):
                print(_("Nothing was changed."))
                return 1
        session.expire_all()  # read again: someone may have saved while we asked
        try:
            history.revert(session, group_uid=group)
        except ValidationError as exc:
            raise BadInput(None, _("cannot revert change #{id}: {problems}; nothing was changed").format(
                id=args.change, problems="; ".join(message for _field, message in exc.problems))) from None
        new = session.exec(
            _select(Change.id).where(Change.reverts == group).order_by(Change.id.desc())
        ).first()
    print(_("Reverted change #{id}.").format(id=args.change))
    if new is not None:
        print(_("To take the revert back: officer revert {id}").format(id=new))
    return 0

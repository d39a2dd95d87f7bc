"""``officer search QUERY``: search everything, grouped by type (or ``--json``)."""

from __future__ import annotations

import argparse
from typing import Any

from officer_tui.cli._common import BadInput, json_flag, print_json, session_for, whole
from officer_tui.i18n import _

KINDS = "request|idea|project|meeting|training|contact|followup|agenda-item|outcome|unit"


def register(commands: Any) -> None:
    text = _("search everything: requests, ideas, projects, meetings, training, people")
    parser = commands.add_parser("search", help=text, description=text)
    parser.add_argument("query", metavar="QUERY", nargs="+",
                        help=_("words to find (prefixes; capitals and accents do not matter)"))
    parser.add_argument("--kind", action="append", metavar=KINDS,
                        help=_("only this kind of record (repeat for more)"))
    parser.add_argument("--limit", type=whole(1), default=8, metavar="N",
                        help=_("at most N hits per kind (default 8)"))
    json_flag(parser)
    parser.set_defaults(handler=run)


def _count(group: Any) -> str:
    return f"{group.total}" + ("" if group.exact else "+")


def run(args: argparse.Namespace) -> int:
    from officer_tui.services.errors import ValidationError
    from officer_tui.services.search import kinds_from, plain

    query = " ".join(args.query)
    try:
        kinds = kinds_from(args.kind) if args.kind else None
    except ValidationError as exc:
        raise BadInput("kind", exc.message) from None
    with session_for(args) as session:
        from officer_tui.services.search import search

        result = search(session, query, kinds=kinds, per_group=args.limit)
    if args.json:
        print_json([
            {"kind": hit.kind, "id": hit.record_id, "title": hit.title, "detail": hit.detail,
             "snippet": plain(hit.snippet), "group": hit.group, "rank": hit.rank,
             "open": {"kind": hit.open_kind.value if hit.open_kind else "unit", "id": hit.open_id}}
            for hit in result.hits
        ])
        return 0
    if result.too_short:
        print(_("Type at least 2 letters."))
        return 0
    if not result.groups:
        print(_("No matches for {query!r}.").format(query=query))
        return 0
    blocks = []
    for group in result.groups:
        lines = [f"{group.label} · {_count(group)}"]
        width = max(len(f"{hit.kind.replace('_', '-')}:{hit.record_id}") for hit in group.hits)
        for hit in group.hits:
            key = f"{hit.kind.replace('_', '-')}:{hit.record_id}".ljust(width)
            lines.append(f"  {key}  {hit.title}" + (f"  ({hit.detail})" if hit.detail else ""))
            if hit.snippet:
                lines.append(" " * (width + 4) + plain(hit.snippet))
        if len(group.hits) < group.total:
            lines.append("  " + _("… {n} more").format(n=_count_more(group)))
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
    return 0


def _count_more(group: Any) -> str:
    return f"{group.total - len(group.hits)}" + ("" if group.exact else "+")

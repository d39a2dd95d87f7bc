"""SQLModel tables, their create/update schemas and enums.

Import from the submodules (``officer_tui.models.request`` ...). ``enums`` is pure Python
and cheap, so the UI can import it before SQLAlchemy is loaded.
"""


def register_all() -> None:
    """Import every table module so that ``SQLModel.metadata`` knows all tables."""
    from officer_tui.models import (  # noqa: F401
        history,
        meeting,
        org,
        portfolio,
        request,
        state,
        training,
    )

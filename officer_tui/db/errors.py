"""Problems with the database as a whole, worded for the person at the keyboard."""

from __future__ import annotations


class DatabaseProblem(Exception):
    """The database cannot be used as it is. ``str(exc)`` is a message for people."""

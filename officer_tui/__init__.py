"""officer-tui: a terminal workbench for the digitalisation officer."""

__version__ = "0.1.0"

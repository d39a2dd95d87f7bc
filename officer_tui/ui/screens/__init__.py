"""One screen per pane, plus the modal screens (forms, pickers, help)."""

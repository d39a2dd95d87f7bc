"""Domain services: one module per domain, keyword-only arguments, one transaction per call.

The CLI and the TUI call these; nothing above this layer touches the ORM.
"""

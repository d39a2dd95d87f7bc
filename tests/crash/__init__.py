"""Crash safety: kill the app and the CLI with SIGKILL mid-write, then prove nothing saved is lost."""

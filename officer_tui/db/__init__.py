"""Engine, sessions and migrations. Never imports Textual."""

"""The Textual UI: the only part of agenda_tui that imports textual."""

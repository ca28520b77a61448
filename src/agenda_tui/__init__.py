"""agenda-tui: a terminal conference agenda."""

__version__ = "0.1.0"

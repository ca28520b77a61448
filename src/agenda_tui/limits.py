"""Numbers the agenda's model and the user's state share, importable without either: the
state is read at every start, and its reader imports no model (nor pydantic)."""

from __future__ import annotations

SCHEMA_VERSION = 1

# The years an agenda may name. Far inside datetime's range (1 to 9999), so that a day
# after, a year after (an export's time-zone rules) or a change of zone never overflows.
SUPPORTED_YEARS = (1900, 2999)

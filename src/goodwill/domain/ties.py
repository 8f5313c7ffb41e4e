"""Who knows whom, as a rule: which groups make ties."""

from __future__ import annotations

#: A message, meeting or event with more people than this does not make everyone in it
#: know each other (a company-wide mail, a conference): it makes no ties at all.
MAX_GROUP = 30

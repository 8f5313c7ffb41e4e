"""Writers of external formats: goodwill's people as vCards and other files."""

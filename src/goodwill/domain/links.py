"""Profile links in one canonical form, so the same LinkedIn profile matches across sources."""

from __future__ import annotations


def normalise_link(url: str) -> str:
    """`http://LinkedIn.com/in/Maya/?trk=x` and `https://www.linkedin.com/in/maya` are one
    profile; other URLs are kept as written (trimmed)."""
    text = url.strip()
    lowered = text.lower()
    if "linkedin.com/" in lowered:
        text = lowered.split("?")[0].rstrip("/").replace("http://", "https://")
        text = text.replace("://linkedin.com", "://www.linkedin.com")
    return text

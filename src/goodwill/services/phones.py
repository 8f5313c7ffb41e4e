"""Phone numbers in one form (E.164 where possible), so the same number matches across sources."""

from __future__ import annotations


def normalise_phone(raw: str, region: str | None = None) -> str:
    """`+46 70-123 45 67` and `tel:+46-70-1234567` both become `+46701234567`.

    Numbers that cannot be parsed (no country code and no default region) keep
    their digits and a leading `+`, which still matches the same string again.
    """
    import phonenumbers

    text = raw.strip().removeprefix("tel:")
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    kept = "".join(ch for ch in text if ch.isdigit())
    return f"+{kept}" if text.startswith("+") else kept

"""A record's snapshot, written out field by field, is the JSON text the encoder makes
of the same fields: re-imports compare it with the stored text, written by either."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from goodwill.importers.records import ContactRecord
from goodwill.services.record_writer import SNAPSHOT_FIELDS, _snapshot
from goodwill.store.matching import snapshot_text

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
maybe_texts = st.none() | texts
lists = st.lists(texts, max_size=3).map(tuple)
days = st.none() | st.dates(min_value=date(1900, 1, 1))


@given(
    company=maybe_texts,
    title=maybe_texts,
    location=maybe_texts,
    given_name=maybe_texts,
    met_how=maybe_texts,
    birthday=days,
    met_on=days,
    emails=lists,
    phones=lists,
    links=lists,
    tags=lists,
    notes=texts,
)
def test_the_snapshot_is_the_encoders_text(**fields: object) -> None:
    record = ContactRecord(source="test", where="x:1", name="Ana", **fields)  # type: ignore[arg-type]
    expected = snapshot_text({name: getattr(record, name) for name in SNAPSHOT_FIELDS})
    assert _snapshot(record) == expected


def test_a_value_of_another_type_goes_through_the_encoder() -> None:
    record = ContactRecord(source="test", where="x:1", name="Ana", company=3)  # type: ignore[arg-type]
    expected = snapshot_text({name: getattr(record, name) for name in SNAPSHOT_FIELDS})
    assert _snapshot(record) == expected

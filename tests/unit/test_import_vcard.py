"""vCard reading (both parsing paths) and writing, on the sample exports and broken cards."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goodwill.domain.dates import NO_YEAR, yearless
from goodwill.domain.model import Person, PersonFields
from goodwill.exporters.vcard import card_hash, fingerprint, split_name, to_vcard
from goodwill.importers import vcard
from goodwill.importers.records import ContactRecord, RecordError, SkippedRecord

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "vcards"


def records(name: str) -> list[ContactRecord | RecordError | SkippedRecord]:
    found = list(vcard.read(FIXTURES / name))
    assert all(isinstance(r, ContactRecord | RecordError | SkippedRecord) for r in found)
    return found  # type: ignore[return-value]


def contact(name: str, index: int = 0) -> ContactRecord:
    found = [r for r in records(name) if isinstance(r, ContactRecord)]
    return found[index]


def card(name: str) -> vcard.Card:
    return vcard.parse_card(vcard.decode((FIXTURES / name).read_bytes()))


# -- what the samples README says a correct import sees ---------------------------------


def test_outlook_21_quoted_printable_name_and_soft_broken_note() -> None:
    jurgen = contact("outlook-2.1.vcf")
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.notes.split("\n") == [
        "Kennengelernt auf der Hannover Messe.",
        "Interessiert an Lieferketten-Analysen und Nachhaltigkeit.",
    ]
    assert jurgen.notes.endswith("und Nachhaltigkeit.")
    assert jurgen.company == "Fabrikam GmbH"
    assert jurgen.title == "Einkaufsleiter"
    assert jurgen.emails == ("juergen.mueller@example.de",)
    assert jurgen.phones == ("+49 30 1234567",)
    assert jurgen.source == "vcard"
    assert jurgen.where.endswith("outlook-2.1.vcf:1")


def test_a_card_saved_in_windows_1252() -> None:
    helene = contact("outlook-cp1252.vcf")
    assert helene.name == "Hélène Lefèvre"
    assert helene.company == "Société Générale"
    assert helene.emails == ("helene.lefevre@example.fr",)


def test_a_utf8_file_with_a_bom() -> None:
    bo = contact("with-bom.vcf")
    assert bo.name == "Bo Mbatha"
    assert bo.emails == ("bo.mbatha@example.co.za",)


def test_apple_groups_birthday_linkedin_and_a_note_with_a_newline() -> None:
    maya, raj = contact("apple-contacts.vcf", 0), contact("apple-contacts.vcf", 1)
    assert maya.name == "Maya Goldberg"
    assert maya.emails == ("maya.goldberg@example.com", "maya@goldberg.family")
    assert maya.birthday == date(1984, 7, 22)
    assert maya.links == ("https://www.linkedin.com/in/mayagoldberg",)
    assert maya.notes == "Mentor. Ask about scaling ops teams.\nLoves sailing."
    assert (maya.company, maya.title) == ("Northwind Traders", "COO")
    assert maya.phones == ("+1 (206) 555-0199",)
    assert raj.company == "Contoso, Ltd."
    assert raj.links == ("https://www.linkedin.com/in/raj-malhotra-7731",)
    assert raj.where.endswith("apple-contacts.vcf:18")


def test_apple_labels_stay_with_their_group() -> None:
    maya = card("apple-contacts.vcf")
    label = next(p for p in maya.all("X-ABLABEL") if p.value == "LinkedIn")
    url = maya.all("URL")[0]
    assert label.group == url.group == "item2"


def test_google_escaped_url_and_system_categories() -> None:
    aiko = contact("google-export.vcf")
    assert aiko.links == ("https://www.linkedin.com/in/aiko-tanaka",)
    assert aiko.tags == ()  # myContacts and starred say nothing about Aiko
    assert aiko.company == "楽天株式会社"
    assert aiko.emails == ("aiko.tanaka@example.jp",)


def test_v4_uid_tel_uri_and_x_properties() -> None:
    grace = contact("v4-with-extras.vcf")
    assert grace.uid == "urn:uuid:0b7e3f4e-5d1c-4c4f-9d0e-6a5b2f1e9c01"
    assert grace.phones == ("+1-202-555-0147",)
    assert grace.emails == ("grace.hopper@example.org",)
    parsed = card("v4-with-extras.vcf")
    assert parsed.version == "4.0"
    assert parsed.text("X-PRIVATE-FIELD") == "this must survive a round trip"
    assert parsed.all("X-SOCIALPROFILE")[0].param("TYPE") == ["mastodon"]


def test_a_truncated_card_is_reported_with_its_file_and_line() -> None:
    (error,) = records("broken-truncated.vcf")
    assert isinstance(error, RecordError)
    assert Path(error.file).name == "broken-truncated.vcf"
    assert error.line == 1
    assert "END:VCARD" in error.message


def test_a_card_left_open_does_not_swallow_the_next_one() -> None:
    error, whole = records("broken-unclosed-then-whole.vcf")
    assert isinstance(error, RecordError) and error.line == 1
    assert isinstance(whole, ContactRecord)
    assert (whole.name, whole.uid, whole.where.rsplit(":", 1)[1]) == (
        "Whole Person",
        "after-the-cut",
        "5",
    )


def test_a_card_with_nothing_to_call_it_by_is_skipped() -> None:
    (skipped,) = records("broken-no-name.vcf")
    assert isinstance(skipped, SkippedRecord)


def test_a_line_without_a_colon_is_left_out_not_fatal() -> None:
    odd = contact("broken-line-without-colon.vcf")
    assert (odd.name, odd.emails) == ("Odd Line", ("odd@example.com",))


def test_apple_photo_omitted_year_address_and_categories() -> None:
    tobi = contact("apple-photo.vcf")
    assert tobi.name == "Tobi Okafor"
    assert tobi.birthday == yearless(3, 9)  # X-APPLE-OMIT-YEAR: the day, not the year
    assert tobi.location == "Lagos"
    assert tobi.tags == ("Engineers", "friends")
    assert tobi.links == ("https://linkedin.com/in/Tobi-Okafor/",)
    assert card("apple-photo.vcf").all("PHOTO")[0].raw is not None  # kept, never decoded


def test_a_vdir_is_read_file_by_file_ignoring_temp_and_bare_files(tmp_path: Path) -> None:
    for name in ("with-bom.vcf", "v4-with-extras.vcf"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    shutil.copy(FIXTURES / "outlook-2.1.vcf", tmp_path / "half-written.vcf.tmp")
    shutil.copy(FIXTURES / "outlook-cp1252.vcf", tmp_path / "README")
    read = [r for r in vcard.read(tmp_path) if isinstance(r, ContactRecord)]
    assert sorted(r.name for r in read) == ["Bo Mbatha", "Grace Hopper"]


def test_a_card_without_uid_gets_a_stable_one() -> None:
    first, again = contact("with-bom.vcf"), contact("with-bom.vcf")
    assert first.uid and first.uid == again.uid and first.uid.startswith("vcard-")


# -- the two parsing paths ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["apple-contacts.vcf", "apple-photo.vcf", "google-export.vcf", "v4-with-extras.vcf"],
)
def test_the_fast_path_reads_what_vobject_reads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = records(name)
    for _, lines in vcard.split_cards((FIXTURES / name).read_text(encoding="utf-8")):
        assert lines is not None and vcard._fast_props(lines) is not None
    monkeypatch.setattr(vcard, "_fast_props", lambda _lines: None)
    assert records(name) == fast


def test_quoted_printable_goes_to_vobject() -> None:
    text = (FIXTURES / "outlook-2.1.vcf").read_text(encoding="utf-8")
    ((_, lines),) = list(vcard.split_cards(text))
    assert lines is not None and vcard._fast_props(lines) is None


def test_the_hash_ignores_prodid_rev_order_and_folding() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n"
    same = (
        "BEGIN:VCARD\nVERSION:3.0\nPRODID:-//Radicale//EN\nREV:20260101T000000Z\n"
        "EMAIL:ana@exa\n mple.org\nFN:Ana\nEND:VCARD"
    )
    assert card_hash(text) == card_hash(same)
    assert card_hash(text) != card_hash(text.replace("Ana", "Ann"))


# -- writing -----------------------------------------------------------------------------

ANA = PersonFields(
    name="Ana María Núñez",
    emails=("ana@example.org", "ana.n@home.example"),
    phones=("+46701234567",),
    company="Contoso, Ltd.",
    title="VP; Product",
    links=("https://www.linkedin.com/in/ana-nunez",),
    tags=("mentor", "pmi, stockholm"),
    birthday=date(1988, 2, 29),
    notes="Met at PMI.\nLoves long walks: really long ones, with a backslash \\ in between."
    " This note is long enough to be folded across several lines of the card.",
)


def read_back(text: str) -> ContactRecord:
    record = vcard.parse_card(text).record("test")
    assert isinstance(record, ContactRecord)
    return record


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_export_then_read_gives_the_same_fields(version: str) -> None:
    person = Person(id=7, fields=ANA, created_on=date(2026, 1, 1))
    text = to_vcard(person, "ana-uid", version=version)
    assert text.startswith(f"BEGIN:VCARD\r\nVERSION:{version}\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    back = read_back(text)
    assert fingerprint(back) == fingerprint(ANA)
    assert (back.uid, back.name, back.company, back.title) == (
        "ana-uid",
        ANA.name,
        ANA.company,
        ANA.title,
    )
    assert (back.emails, back.phones, back.links) == (ANA.emails, ANA.phones, ANA.links)
    assert (back.tags, back.birthday, back.notes) == (ANA.tags, ANA.birthday, ANA.notes)


@pytest.mark.parametrize(
    ("version", "written"),
    [("4.0", "BDAY:--0229\r\n"), ("3.0", f"BDAY;X-APPLE-OMIT-YEAR={NO_YEAR}:{NO_YEAR}-02-29\r\n")],
)
def test_a_birthday_without_its_year_is_written_so_and_read_back(
    version: str, written: str
) -> None:
    person = Person(
        id=7, fields=replace(ANA, birthday=yearless(2, 29)), created_on=date(2026, 1, 1)
    )
    text = to_vcard(person, "ana-uid", version=version)
    assert written in text
    assert read_back(text).birthday == yearless(2, 29)


def test_n_is_split_best_effort() -> None:
    assert split_name("Ana María Núñez") == ["Núñez", "Ana", "María", "", ""]
    assert split_name("Dr. Kwabena Asante") == ["Asante", "Kwabena", "", "Dr.", ""]
    assert split_name("Müller, Jürgen") == ["Müller", "Jürgen", "", "", ""]
    assert split_name("Cher") == ["", "Cher", "", "", ""]


def test_merging_keeps_every_property_goodwill_does_not_model() -> None:
    base = (FIXTURES / "v4-with-extras.vcf").read_text(encoding="utf-8")
    grace = read_back(base)
    fields = PersonFields(
        name=grace.name,
        emails=(*grace.emails, "grace@navy.example"),
        phones=grace.phones,
        company=grace.company,
        title="Rear Admiral",
    )
    merged = to_vcard(fields, grace.uid, base=vcard.parse_card(base))
    for kept in (
        "X-SOCIALPROFILE;TYPE=mastodon:https://mastodon.example/@grace",
        "X-PRIVATE-FIELD:this must survive a round trip",
        'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-202-555-0147',
        "EMAIL;TYPE=work;PREF=1:grace.hopper@example.org",
        "UID:urn:uuid:0b7e3f4e-5d1c-4c4f-9d0e-6a5b2f1e9c01",
    ):
        assert f"\r\n{kept}\r\n" in merged
    back = read_back(merged)
    assert back.title == "Rear Admiral"
    assert back.emails == ("grace.hopper@example.org", "grace@navy.example")
    assert to_vcard(fields, grace.uid, base=vcard.parse_card(merged)) == merged  # a fixed point


def test_an_unchanged_person_exports_exactly_the_card_it_came_from() -> None:
    for name in ("apple-photo.vcf", "google-export.vcf", "v4-with-extras.vcf"):
        base = (FIXTURES / name).read_text(encoding="utf-8")
        record = read_back(base)
        merged = to_vcard(
            record, vcard.parse_card(base).uid, base=vcard.parse_card(base)
        )  # None: no UID added
        assert card_hash(merged) == card_hash(base), name


def test_a_removed_email_takes_its_apple_label_along() -> None:
    base = (FIXTURES / "apple-contacts.vcf").read_text(encoding="utf-8")
    maya = read_back(base)
    fields = PersonFields(name=maya.name, emails=("maya@goldberg.family",), links=maya.links)
    merged = to_vcard(fields, None, base=vcard.parse_card(base))
    assert "item1." not in merged  # the email and its label
    assert "item2.X-ABLabel:LinkedIn" in merged  # the URL's label stays with the URL
    assert "X-ABUID:8A1F3C2B" in merged and "ORG:Northwind Traders;Operations" not in merged


def test_google_system_categories_survive_a_tag_change() -> None:
    base = (FIXTURES / "google-export.vcf").read_text(encoding="utf-8")
    aiko = read_back(base)
    merged = to_vcard(
        PersonFields(name=aiko.name, tags=("japan",)), aiko.uid, base=vcard.parse_card(base)
    )
    assert "CATEGORIES:myContacts,starred,japan" in merged
    assert read_back(merged).tags == ("japan",)


def test_a_21_card_is_written_back_as_30() -> None:
    base = vcard.decode((FIXTURES / "outlook-2.1.vcf").read_bytes())
    jurgen = read_back(base)
    merged = to_vcard(
        PersonFields(name=jurgen.name, title="Leiter Einkauf"), "j", base=vcard.parse_card(base)
    )
    assert "VERSION:3.0" in merged and "QUOTED-PRINTABLE" not in merged
    assert "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2" in merged
    assert read_back(merged).title == "Leiter Einkauf"


texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x00"),
    max_size=40,
).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    name=texts.filter(bool).map(lambda n: " ".join(n.split())).filter(bool),
    company=texts,
    notes=st.lists(texts, max_size=3).map("\n".join).map(str.strip),
    tags=st.lists(texts.filter(bool).map(str.lower), max_size=3, unique=True),
)
def test_any_text_survives_export_and_read(
    name: str, company: str, notes: str, tags: list[str]
) -> None:
    fields = PersonFields(
        name=name, company=company or None, notes=notes, tags=tuple(t for t in tags if t)
    )
    back = read_back(to_vcard(fields, "u"))
    assert (back.name, back.company or None, back.notes) == (name, company or None, notes)
    assert back.tags == fields.tags

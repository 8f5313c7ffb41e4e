"""Google and Outlook contact CSVs, and the shared CSV plumbing (decoding, header, line numbers)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from goodwill.domain.dates import yearless
from goodwill.importers import contacts_csv
from goodwill.importers.csvtext import Unreadable, decode, has_columns, open_table
from goodwill.importers.records import ContactRecord, ReadOptions, Record, RecordError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "csv"
GOOGLE = FIXTURES / "google-contacts.csv"
GOOGLE_OLD = FIXTURES / "google-old-utf16.csv"
OUTLOOK = FIXTURES / "outlook-contacts.csv"
R = TypeVar("R")


def of(records: Iterable[Record], kind: type[R]) -> list[R]:
    return [record for record in records if isinstance(record, kind)]


def people(records: Iterable[Record]) -> dict[str, ContactRecord]:
    return {record.name: record for record in of(records, ContactRecord)}


# --- Google ------------------------------------------------------------------------------


def test_google_new_format() -> None:
    records = list(contacts_csv.read_google(GOOGLE, ReadOptions()))
    assert of(records, RecordError) == []
    found = people(records)
    assert list(found) == ["Maya Goldberg", "Wei Zhang", "Diego Fernández"]
    maya = found["Maya Goldberg"]
    assert maya.source == "google-csv"
    assert maya.uid == "maya.goldberg@example.com"
    assert maya.emails == ("maya.goldberg@example.com", "maya@goldberg.family")
    assert maya.tags == ("Mentors",)  # myContacts is Google's, not the user's
    assert maya.company == "Northwind Traders"
    assert maya.title == "COO"
    assert maya.birthday == date(1984, 7, 22)
    assert maya.notes == "Met at SaaStr"
    assert maya.phones == ("+1 206-555-0199",)
    assert maya.links == ("https://www.linkedin.com/in/mayagoldberg",)
    assert maya.where == f"{GOOGLE}:2"
    wei = found["Wei Zhang"]
    assert wei.emails == ("wei.zhang@example.com", "wei@zhang.name")
    assert wei.phones == ("+86 138 0013 8000",)
    assert wei.tags == ()
    diego = found["Diego Fernández"]
    assert diego.uid == "diego@fernandez.mx"
    assert diego.company is None
    assert diego.title == "Freelance Designer"


def test_google_old_format_in_utf16() -> None:
    records = list(contacts_csv.read_google(GOOGLE_OLD, ReadOptions()))
    found = people(records)
    juergen = found["Jürgen Müller"]
    # The group labelled `* Work` is primary, so its addresses come first; repeats go.
    assert juergen.emails == ("J.Mueller@Example.DE", "jm@example.de", "jurgen@mueller.example")
    assert juergen.uid == "j.mueller@example.de"
    assert juergen.tags == ("Navy",)
    assert juergen.birthday == yearless(3, 14)  # `--03-14`: the day, without a year
    assert juergen.company == "Grün & Partner GmbH"
    assert juergen.title == "Berater"
    assert juergen.notes == "Loves trains.\nAsk about the Harz trip."
    assert juergen.links == ("https://www.linkedin.com/in/juergen-mueller",)
    # A contact with only a phone is named by it.
    assert found["+27 82 555 0100"].phones == ("+27 82 555 0100",)
    assert found["+27 82 555 0100"].uid == "name:+27 82 555 0100|"
    # Bo's birthday is 30 February: the row is reported, on its line (after a 2-line note).
    (error,) = of(records, RecordError)
    assert (error.file, error.line) == (str(GOOGLE_OLD), 4)
    assert "Bo Mbatha" in error.message


def test_google_labels_and_many_groups(tmp_path: Path) -> None:
    header = ["First Name", "Last Name", "Labels"]
    row = ["Ana", "Silva", "* starred ::: Family ::: * myContacts ::: Brazil"]
    for n in range(1, 6):
        header += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
        row += ["Other", f"ana{n}@example.com"]
    path = tmp_path / "contacts.csv"
    path.write_text(",".join(header) + "\n" + ",".join(row) + "\n", "utf-8")
    (ana,) = contacts_csv.read_google(path, ReadOptions())
    assert isinstance(ana, ContactRecord)
    assert ana.tags == ("Family", "Brazil")
    assert ana.emails == tuple(f"ana{n}@example.com" for n in range(1, 6))


def test_split_values() -> None:
    assert contacts_csv.split_values("* myContacts ::: Navy") == ["myContacts", "Navy"]
    assert contacts_csv.split_values("a ::: * b ::: c") == ["b", "a", "c"]
    assert contacts_csv.split_values("") == []


# --- Outlook -----------------------------------------------------------------------------


def test_outlook_cp1252_crlf() -> None:
    records = list(contacts_csv.read_outlook(OUTLOOK, ReadOptions()))
    assert of(records, RecordError) == []
    found = people(records)
    assert list(found) == ["Hélène Lefèvre", "Dr. Kwabena Asante"]
    helene = found["Hélène Lefèvre"]
    assert helene.source == "outlook-csv"
    assert helene.company == "Société Générale"
    assert helene.title == "Directrice"
    assert helene.uid == "helene.lefevre@example.fr"
    assert helene.emails == ("helene.lefevre@example.fr",)
    assert helene.phones == ("+33 1 42 14 20 00",)
    kwabena = found["Dr. Kwabena Asante"]
    assert kwabena.emails == ("k.asante@example.gh", "kwabena@asante.gh")
    assert kwabena.notes == "Met via Maya"
    assert kwabena.company == "Ghana Health Service"
    assert kwabena.phones == ("+233 24 000 0000",)
    assert kwabena.where == f"{OUTLOOK}:3"


def test_outlook_odd_values(tmp_path: Path) -> None:
    header = (
        '"First Name","Last Name","Company","Business Phone","Business Fax","Mobile Phone",'
        '"E-mail Address","E-mail Type","E-mail 2 Address","Birthday","Categories","Notes"'
    )
    rows = [
        '"Sam","Lee","Adatum","+1 555 0100","+1 555 0101","+1 555 0199",'
        '"/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=sam","EX","sam@adatum.example",'
        '"0/0/00","Work;Golf","Line one\r\nline two"',
        '"","","","","","","","","","","",""',
        '"Kim","Ng","","","","","","","","13/45/99","",""',
    ]
    path = tmp_path / "outlook.csv"
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("cp1252"))
    records = list(contacts_csv.read_outlook(path, ReadOptions()))
    sam, error = records
    assert isinstance(sam, ContactRecord)
    assert sam.emails == ("sam@adatum.example",)
    assert sam.uid == "sam@adatum.example"
    assert sam.phones == ("+1 555 0199", "+1 555 0100")  # mobile first, no fax
    assert sam.birthday is None
    assert sam.tags == ("Work", "Golf")
    assert sam.notes == "Line one\nline two"
    assert isinstance(error, RecordError)
    assert error.line == 5  # Sam's note took two lines; the empty row is passed over


def test_wrong_kind_of_file_is_one_error() -> None:
    (error,) = contacts_csv.read_google(OUTLOOK, ReadOptions())
    assert isinstance(error, RecordError)
    assert error.line is None
    assert "Google" in error.message
    (error,) = contacts_csv.read_outlook(GOOGLE, ReadOptions())
    assert isinstance(error, RecordError)
    assert "Outlook" in error.message


def test_progress_adds_up_to_the_file_size() -> None:
    for path, reader in ((GOOGLE, contacts_csv.read_google), (OUTLOOK, contacts_csv.read_outlook)):
        steps: list[int] = []
        list(reader(path, ReadOptions(advance=steps.append)))
        assert sum(steps) == path.stat().st_size


@pytest.mark.parametrize(
    ("path", "flavour"),
    [(GOOGLE, "google-csv"), (GOOGLE_OLD, "google-csv"), (OUTLOOK, "outlook-csv")],
)
def test_detect(path: Path, flavour: str) -> None:
    header = decode(path.read_bytes()).splitlines()[0].replace('"', "").split(",")
    assert contacts_csv.detect(header) == flavour


def test_detect_other_headers() -> None:
    linkedin = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    assert contacts_csv.detect(linkedin.split(",")) is None
    assert contacts_csv.detect([]) is None


# --- Shared plumbing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Zoë,Ørsted\n".encode(),
        b"\xef\xbb\xbf" + "Zoë,Ørsted\n".encode(),
        b"\xff\xfe" + "Zoë,Ørsted\n".encode("utf-16-le"),
        b"\xfe\xff" + "Zoë,Ørsted\n".encode("utf-16-be"),
        "Zoë,Ørsted\n".encode("utf-16-le"),
        "Zoë,Ørsted\n".encode("cp1252"),
    ],
)
def test_decode(data: bytes) -> None:
    assert decode(data) == "Zoë,Ørsted\n"


def test_decode_rejects_binary() -> None:
    with pytest.raises(Unreadable):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))


def test_header_after_a_preamble_and_line_numbers_across_quoted_lines() -> None:
    text = 'Notes:\n"a note, with\nlines"\n\nName,City\n"Ann\nB",Oslo\n\nCy,Rome\r\nDee,"Lima"\n'
    steps: list[int] = []
    table = open_table("f.csv", text.encode(), has_columns("name"), steps.append)
    assert table.columns == ("name", "city")
    assert table.header_line == 5
    assert list(table.rows) == [
        (6, {"name": "Ann\nB", "city": "Oslo"}),
        (9, {"name": "Cy", "city": "Rome"}),
        (10, {"name": "Dee", "city": "Lima"}),
    ]
    assert sum(steps) == len(text.encode())


def test_no_header_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="no header"):
        open_table("f.csv", b"a,b\n1,2\n", has_columns("name"), lambda _n: None)


def test_a_row_the_csv_module_rejects_is_one_error_and_reading_goes_on() -> None:
    data = ('Name,Note\nA,1\nB,"' + "x" * 200_000 + '"\nC,3\n').encode()
    rows = list(open_table("f.csv", data, has_columns("name"), lambda _n: None).rows)
    assert rows[0] == (2, {"name": "A", "note": "1"})
    assert isinstance(rows[1], RecordError)
    assert (rows[1].file, rows[1].line) == ("f.csv", 3)
    assert rows[2] == (4, {"name": "C", "note": "3"})

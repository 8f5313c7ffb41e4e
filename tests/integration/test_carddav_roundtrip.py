"""goodwill ↔ vdir ↔ vdirsyncer ↔ a real Radicale CardDAV server on loopback, both ways.

Radicale (GPL) and vdirsyncer are test-only tools, run as subprocesses from
this virtual environment. Without them the test skips, except in CI
(`CI` set to anything true), where a skip would hide the only end-to-end check of the
sync.
Radicale rewrites cards (property order, parameters), so cards are compared
by meaning, never by text.
"""

from __future__ import annotations

import http.client
import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ci import in_ci
from goodwill.importers import vcard
from goodwill.importers.records import ContactRecord
from goodwill.services import people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges
from goodwill.services.sync import sync_vdir

BIN = Path(sys.executable).parent
COLLECTION = "/alex/contacts/"
MKCOL = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<mkcol xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><set><prop>'
    "<resourcetype><collection/><CR:addressbook/></resourcetype>"
    "<displayname>contacts</displayname></prop></set></mkcol>"
)
#: Radicale with auth "none" takes any password; the user name owns the collection.
AUTH = "Basic YWxleDp4"  # alex:x


def _require_tools() -> None:
    missing = [m for m in ("radicale", "vdirsyncer") if importlib.util.find_spec(m) is None]
    if not (BIN / "vdirsyncer").exists() and "vdirsyncer" not in missing:
        missing.append("the vdirsyncer executable")
    if not missing:
        return
    reason = f"CardDAV round trip needs {', '.join(missing)} (pip install radicale vdirsyncer)"
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(port: int, method: str, path: str, body: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        headers = {"Authorization": AUTH, "Content-Type": "application/xml; charset=utf-8"}
        connection.request(method, path, body=body.encode(), headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[int]:
    """A Radicale server on a free loopback port with one empty address book."""
    _require_tools()
    port = _free_port()
    log = (tmp_path / "radicale.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--storage-filesystem-folder",
            str(tmp_path / "radicale"),
            "--auth-type",
            "none",
            "--server-hosts",
            f"127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                _request(port, "OPTIONS", "/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "Radicale did not start: " + (tmp_path / "radicale.log").read_text()
                    ) from None
                time.sleep(0.1)
        assert _request(port, "MKCOL", COLLECTION, MKCOL) == 201
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


class Vdirsyncer:
    """Two local vdirs, `goodwill` (what goodwill syncs) and `phone` (another client),
    each paired with the server's address book."""

    def __init__(self, root: Path, port: int) -> None:
        self.goodwill, self.phone = root / "goodwill-vdir", root / "phone-vdir"
        self.goodwill.mkdir()
        self.phone.mkdir()
        self.config = root / "vdirsyncer.conf"
        pairs = "".join(
            f'[pair {name}]\na = "{name}_local"\nb = "{name}_server"\ncollections = null\n\n'
            f'[storage {name}_local]\ntype = "filesystem"\npath = "{path}"\n'
            f'fileext = ".vcf"\n\n'
            f'[storage {name}_server]\ntype = "carddav"\n'
            f'url = "http://127.0.0.1:{port}{COLLECTION}"\n'
            f'username = "alex"\npassword = "x"\n\n'
            for name, path in (("goodwill", self.goodwill), ("phone", self.phone))
        )
        status = root / "vdirsyncer-status"
        self.config.write_text(f'[general]\nstatus_path = "{status}/"\n\n{pairs}')
        self.run("discover")

    def run(self, *args: str) -> None:
        result = subprocess.run(
            [str(BIN / "vdirsyncer"), "-c", str(self.config), *args],
            input="y\n" * 10,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def sync(self, pair: str) -> None:
        self.run("sync", pair)


def cards(vdir: Path) -> dict[str, ContactRecord]:
    found = {}
    for path in vdir.glob("*.vcf"):
        record = vcard.parse_card(vcard.decode(path.read_bytes())).record(path.name)
        assert isinstance(record, ContactRecord)
        found[record.name] = record
    return found


def test_contacts_travel_both_ways_through_a_carddav_server(
    sqlite_app: Context, radicale: int, tmp_path: Path
) -> None:
    app = sqlite_app
    dav = Vdirsyncer(tmp_path, radicale)
    people.add_person(
        app,
        PersonChanges(
            name="Maya Goldberg",
            emails=("maya.goldberg@example.com",),
            company="Northwind Traders",
            title="COO",
            add_tags=("mentor",),
        ),
    )
    assert sync_vdir(app, dav.goodwill).written_cards == 1

    # goodwill → server → another client
    dav.sync("goodwill")
    dav.sync("phone")
    maya = cards(dav.phone)["Maya Goldberg"]
    assert (maya.emails, maya.company, maya.title) == (
        ("maya.goldberg@example.com",),
        "Northwind Traders",
        "COO",
    )
    assert maya.tags == ("mentor",)

    # another client edits Maya and adds a contact → server → goodwill
    (path,) = dav.phone.glob("*.vcf")
    text = path.read_bytes().decode("utf-8")
    text = text.replace("TITLE:COO", "TITLE:CEO\r\nX-PHONE-ONLY:keep me")
    path.write_bytes(text.encode("utf-8"))
    (dav.phone / "raj.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:raj-from-phone\r\nFN:Raj Malhotra\r\n"
        b"N:Malhotra;Raj;;;\r\nORG:Contoso\\, Ltd.\r\nEMAIL:raj@contoso.example\r\nEND:VCARD\r\n"
    )
    dav.sync("phone")
    dav.sync("goodwill")
    result = sync_vdir(app, dav.goodwill)
    assert (result.updated_people, result.imported, result.conflicts) == (1, 1, ())
    assert people.show_person(app, "Maya Goldberg").title == "CEO"
    raj = people.show_person(app, "raj@contoso.example").to_json()
    assert (raj["name"], raj["company"]) == ("Raj Malhotra", "Contoso, Ltd.")

    # goodwill edits Maya again: the phone's own property survives the trip back
    people.edit_person(app, "Maya Goldberg", PersonChanges(add_tags=("board",)))
    assert sync_vdir(app, dav.goodwill).written_cards == 1
    dav.sync("goodwill")
    dav.sync("phone")
    (path,) = [p for p in dav.phone.glob("*.vcf") if "Maya" in p.read_text(encoding="utf-8")]
    assert "X-PHONE-ONLY:keep me" in path.read_text(encoding="utf-8")
    assert set(cards(dav.phone)["Maya Goldberg"].tags) == {"mentor", "board"}
    assert cards(dav.phone)["Maya Goldberg"].title == "CEO"

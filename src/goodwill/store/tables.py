"""The schema, as SQLAlchemy Core tables. Migrations create it; a test keeps both equal.

Per-person derived columns (`last_touch` .. `entries`, `next_due`) are kept
current in the same transaction as every ledger write and indexed for the
read paths (`today`, `due`, `health`), which never read the ledger.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: `Table.info` key of a table derived from others (by triggers, or kept on every write):
#: backups leave it out, and a restore rebuilds it from the rows it is made of.
DERIVED_TABLE = "derived"

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    #: The given name an address book gave (vCard N, a CSV's First Name): drafts greet by it.
    Column("given_name", Text),
    Column("company", Text),
    #: The company folded without its legal form (`domain.companies.company_key`).
    Column("company_key", Text),
    Column("title", Text),
    Column("discipline", Text),
    Column("location", Text),
    Column("tier", String(16), nullable=False),
    Column("cadence_days", Integer),
    Column("birthday", Date),
    Column("birthday_md", Integer),
    Column("met_on", Date),
    Column("met_md", Integer),
    Column("met_how", Text),
    Column("met_via_id", Integer, ForeignKey("people.id", ondelete="SET NULL")),
    Column("notes", Text, nullable=False, default=""),
    Column("created_on", Date, nullable=False),
    Column("snoozed_until", Date),
    Column("follow_up_on", Date),
    Column("next_due", Date),
    Column("last_touch", Date),
    Column("last_contact", Date),
    Column("last_deposit", Date),
    Column("last_give_or_touch", Date),
    Column("balance_anchor", Float, nullable=False, default=0.0),
    Column("credit_anchor", Float, nullable=False, default=0.0),
    Column("deposits", Integer, nullable=False, default=0),
    Column("withdrawals", Integer, nullable=False, default=0),
    Column("touches", Integer, nullable=False, default=0),
    Column("their_gives", Integer, nullable=False, default=0),
    Column("their_asks", Integer, nullable=False, default=0),
    Column("their_cold_asks", Integer, nullable=False, default=0),
    Column("entries", Integer, nullable=False, default=0),
    # Each index with what reads it (EXPLAIN QUERY PLAN of those reads uses it):
    #: `due` and the plan's overdue pool, most overdue first; counting the overdue.
    Index("ix_people_next_due", "next_due"),
    #: Finding a person by name or name prefix (`show Ana`, every NAME argument).
    Index("ix_people_name_key", "name_key"),
    #: The plan's pool of each tier, soonest due first; health's count of who is kept
    #: warm per tier (due in the future, touched lately).
    Index("ix_people_tier_due_touch", "tier", "next_due", "last_touch"),
    #: Health's capacity: the touches a week the tiers' cadences ask for.
    Index("ix_people_tier_cadence", "tier", "cadence_days"),
    #: Health's spread of disciplines (from the index alone), and the plan's people of the
    #: same discipline. (`list --discipline` matches any case, which no index serves.)
    Index("ix_people_discipline_tier", "discipline", "tier"),
    #: Health's deposits and withdrawals on record (all time), summed from the index alone.
    Index("ix_people_gives_asks", "deposits", "withdrawals"),
    #: Health's "only when they need something".
    Index("ix_people_cold_asks", "their_cold_asks", "their_gives"),
    #: Birthdays in the plan and the digest, by month and day.
    Index("ix_people_birthday_md", "birthday_md"),
    #: Anniversaries of meeting, by month and day.
    Index("ix_people_met_md", "met_md"),
    #: Follow-ups due, which the plan puts first.
    Index("ix_people_follow_up_on", "follow_up_on"),
    # `#id` names a person: SQLite must never give a removed person's id again.
    sqlite_autoincrement=True,
)

#: Health counts people silent for a year (dormant) and people met or added lately;
#: these expression indexes answer both with a range count instead of a table scan. The
#: first also finds the dormant and old friends health names (their last contact equals
#: the expression), and counts people per tier from the index alone.
Index(
    "ix_people_tier_quiet_since",
    people.c.tier,
    func.coalesce(people.c.last_contact, people.c.created_on),
)
Index("ix_people_met_or_added", func.coalesce(people.c.met_on, people.c.created_on))
#: Removing a person clears `met via` where it names them: without an index every removal
#: read the whole table (`undo` of an import of 10,000 people took a minute). Partial, so
#: that the many people met via nobody cost an import nothing.
Index(
    "ix_people_met_via_id",
    people.c.met_via_id,
    sqlite_where=people.c.met_via_id.is_not(None),
    postgresql_where=people.c.met_via_id.is_not(None),
)

person_emails = Table(
    "person_emails",
    metadata,
    Column("email", String(320), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Index("ix_person_emails_person_id", "person_id"),
)

person_phones = Table(
    "person_phones",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("phone", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_person_phones_phone", "phone"),
)

person_links = Table(
    "person_links",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("url", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_person_links_url", "url"),
)

person_tags = Table(
    "person_tags",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(100), primary_key=True),
    Index("ix_person_tags_tag", "tag"),
)

batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("action", Text, nullable=False),
    Column("undone", Boolean, nullable=False, default=False),
)

#: The people a write created (an event's new acquaintances, an import's new contacts):
#: `undo` of the write removes those who have nothing else by then.
batch_people = Table(
    "batch_people",
    metadata,
    Column("batch_id", Integer, ForeignKey("batches.id"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    #: Removing or merging a person finds their row.
    Index("ix_batch_people_person_id", "person_id"),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("occurred_on", Date, nullable=False),
    Column("direction", String(16), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("initiated_by", String(8), nullable=False),
    Column("by_them", Boolean, nullable=False, default=False),
    Column("weight", Float, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("source", String(32), nullable=False, default="manual"),
    Column("source_id", Text),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=True),
    #: An import recognises an entry it wrote before (re-imports add nothing).
    UniqueConstraint("source", "source_id", name="uq_interactions_source"),
    #: `undo`: the entries of the last write. (The ledger is never read by date: a
    #: person's entries go through `ix_interaction_people_person_on`, weekly counts
    #: through the per-day totals.)
    Index("ix_interactions_batch_id", "batch_id"),
)

interaction_people = Table(
    "interaction_people",
    metadata,
    Column(
        "interaction_id",
        Integer,
        ForeignKey("interactions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("occurred_on", Date, nullable=False),
    #: A person's entries, newest first: the timeline, the balance, a refold.
    Index("ix_interaction_people_person_on", "person_id", "occurred_on"),
)

plan_days = Table(
    "plan_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("completed", Boolean, nullable=False, default=False),
    #: How many picks the plan was kept with: 0 when the day had nothing to do. Removing
    #: a person removes their picks but not this count, so a missed day stays missed.
    Column("planned", Integer, nullable=False),
    Index("ix_plan_days_completed_day", "completed", "day"),
)

plan_picks = Table(
    "plan_picks",
    metadata,
    Column("day", Date, ForeignKey("plan_days.day", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=True),
)

person_sources = Table(
    "person_sources",
    metadata,
    Column("source", String(32), primary_key=True),
    Column("uid", Text, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    #: JSON of the fields as the source last gave them: an import changes a
    #: field only where the user has not changed it since.
    Column("snapshot", Text, nullable=False, default="{}"),
    Index("ix_person_sources_person_id", "person_id"),
)

person_cards = Table(
    "person_cards",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("filename", Text, nullable=False),
    #: The card as last synced, so that properties goodwill does not model survive.
    Column("card", Text, nullable=False),
    Column("card_hash", String(64), nullable=False),
    Column("etag", Text),
)

triage = Table(
    "triage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(32), nullable=False),
    Column("source_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("link", Text),
    Column("message", Text, nullable=False, default=""),
    Column("invited_on", Date),
    Column("incoming", Boolean, nullable=False),
    Column("status", String(16), nullable=False, default="pending"),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="SET NULL")),
    UniqueConstraint("source", "source_id", name="uq_triage_source"),
    Index("ix_triage_status", "status"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("location", Text),
    Column("notes", Text, nullable=False, default=""),
    #: The write that recorded it: `undo` of that write removes the event.
    Column("batch_id", Integer),
    Index("ix_events_held_on", "held_on"),
    Index("ix_events_batch_id", "batch_id"),
)

event_people = Table(
    "event_people",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_event_people_person_id", "person_id"),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("goal", Integer, nullable=False),
    Column("no_reply_days", Integer, nullable=False),
    Column("created_on", Date, nullable=False),
)

campaign_people = Table(
    "campaign_people",
    metadata,
    Column(
        "campaign_id", Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("asked_on", Date),
    Column("updated_on", Date, nullable=False),
    # The stage a move that wrote to the ledger left, so that `undo` restores it (0019).
    Column("undo_batch_id", Integer),
    Column("previous_status", String(16)),
    Column("previous_asked_on", Date),
    Column("previous_updated_on", Date),
    Index("ix_campaign_people_person_id", "person_id"),
    Index("ix_campaign_people_undo_batch_id", "undo_batch_id"),
)

#: Roles a person held before their current one (schema 0017).
person_roles = Table(
    "person_roles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("company", Text),
    Column("title", Text),
    Column("until", Date, nullable=False),
    Index("ix_person_roles_person_id", "person_id"),
)

#: News about a person found in the data, such as a new role (schema 0017).
occasions = Table(
    "occasions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("on", Date, nullable=False),
    Column("label", Text, nullable=False),
    Index("ix_occasions_on", "on"),
    Index("ix_occasions_person_id", "person_id"),
)

#: Who knows whom: one row per pair and kind, the smaller id first.
edges = Table(
    "edges",
    metadata,
    Column("a_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("b_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("strength", Float, nullable=False),
    Index("ix_edges_b_id", "b_id"),
)

#: Colleagues are found by company key (exact, or leading whole words), without storing an
#: edge per pair.
Index("ix_people_company_key", people.c.company_key)

#: The words `help` searches, kept current on every write: a person's profile and the
#: notes of their recent ledger entries that say what they know. SQLite indexes them with FTS5 (a virtual table
#: the migration creates, kept in step by triggers), PostgreSQL with a GIN index. Profiles
#: and notes are indexed apart.
search_docs = Table(
    "search_docs",
    metadata,
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("profile", Text, nullable=False),
    Column("notes", Text, nullable=False),
    Column("profile_stems", Text, nullable=False, server_default=""),
    Column("notes_stems", Text, nullable=False, server_default=""),
    #: The row of the notes in their full-text index: the day of the newest note
    #: (`date.toordinal`, 0 for none) times 2^32 plus the person, so that the index's own
    #: order is newest notes first (`SearchRepository.matching`).
    Column("notes_key", BigInteger, nullable=False, server_default="0"),
    info={DERIVED_TABLE: True},
)

# -- the team server: accounts and their credentials, in the main namespace ----------------
#
# Each account's network lives in its own namespace (`store.database`); these tables sit
# beside the single user's data and stay empty in every owner's namespace. They hold
# credentials, not a network, so backups leave them out (`TEAM_TABLE`).

#: `Table.info` key of the team tables.
TEAM_TABLE = "team"

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    #: Lowercased, so that names are unique whatever their case.
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("share_ties", Boolean, nullable=False, default=False),
    Column("digest_email", String(320)),
    Column("digest_hour", Integer),
    Column("time_zone", String(64)),
    # An id names a namespace: SQLite must never give a removed account's id again.
    sqlite_autoincrement=True,
    info={TEAM_TABLE: True},
)

sessions = Table(
    "sessions",
    metadata,
    #: sha256 of the cookie's token: a copy of the database does not log anyone in.
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Index("ix_sessions_account_id", "account_id"),
    info={TEAM_TABLE: True},
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    #: NULL: the single local user of a database without accounts.
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE")),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_used", DateTime),
    Index("ix_api_tokens_account_id", "account_id"),
    info={TEAM_TABLE: True},
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    #: "user:<name>" or "addr:<client address>": what a failed sign-in counts against.
    Column("key", String(128), nullable=False),
    Column("failed_at", DateTime, nullable=False),
    Index("ix_login_failures_key_failed_at", "key", "failed_at"),
    Index("ix_login_failures_failed_at", "failed_at"),
    info={TEAM_TABLE: True},
)

# Ledger entries per day, direction and side, kept by triggers on `interactions` (schema
# 0011) whatever writes them: the weekly trends read a year of days, not of entries.
ledger_days = Table(
    "ledger_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("direction", String(16), primary_key=True),
    Column("by_them", Boolean, primary_key=True),
    Column("entries", Integer, nullable=False),
    info={DERIVED_TABLE: True},
)

"""The JSON shapes of DESIGN.md's interface contract, which the CLI and the API share."""

#: The keys of a person, in `list --json`, `show --json` and the API.
PERSON_KEYS = frozenset(
    {
        "id",
        "name",
        "emails",
        "phones",
        "company",
        "title",
        "discipline",
        "tier",
        "tags",
        "cadence_days",
        "met_on",
        "last_touch",
        "next_due",
        "balance",
        "links",
    }
)

"""`goodwill dupes` and `goodwill merge`: people who are likely one person, joined.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json

if TYPE_CHECKING:
    from goodwill.services.merging import Candidate, Duplicate


def dupes(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many pairs.")] = 50,
    json_output: options.Json = False,
) -> None:
    """People who are likely the same person, with a score; `goodwill merge A B` joins them."""
    from goodwill.services import merging

    found = merging.find_duplicates(options.context(ctx), limit)
    if json_output:
        emit_json([pair.to_json() for pair in found])
        return
    if not found:
        console.print("no likely duplicates", style="green")
    for pair in found:
        console.print(_pair_line(pair), markup=False)


def _pair_line(pair: "Duplicate") -> str:
    def label(person: "Candidate") -> str:
        company = f" ({person.company})" if person.company else ""
        return f"#{person.id} {person.name}{company}"

    return f"{pair.score:5.1f}  {label(pair.a)}  ~  {label(pair.b)}  [{', '.join(pair.reasons)}]"


def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="A", help="The person to keep.")],
    other: Annotated[str, typer.Argument(metavar="B", help="The person merged into A.")],
    json_output: options.Json = False,
) -> None:
    """Merge B into A: emails, phones, links, tags, notes and the whole timeline.

    Example: goodwill merge "#12" "#40"
    """
    from goodwill.services import merging

    app = options.context(ctx)
    result = merging.merge(
        app, options.person(app, keep, writing=True), options.person(app, other, writing=True)
    )
    if json_output:
        emit_json(result.to_json())
    else:
        console.print(
            f"merged #{result.merged.id} {result.merged.name} into "
            f"#{result.kept.id} {result.kept.name} ({result.entries} ledger entries)",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command()(dupes)
    app.command()(merge)

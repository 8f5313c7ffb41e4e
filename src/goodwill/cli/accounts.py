"""A team server's accounts from the terminal: `goodwill user ...`, `goodwill token ...` and
`goodwill team knows`.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json

if TYPE_CHECKING:
    from goodwill.services.accounts import UserView


class Sharing(enum.StrEnum):
    ON = "on"
    OFF = "off"


user_app = typer.Typer(
    help="Accounts of a team server (goodwill serve --multi-user): each has its own network.",
    no_args_is_help=True,
)
token_app = typer.Typer(
    help="API tokens for scripts and apps: the JSON API accepts them as a bearer token.",
    no_args_is_help=True,
)
team_app = typer.Typer(
    help="What colleagues on a team server share: who knows someone at a company.",
    no_args_is_help=True,
)

Username = Annotated[str, typer.Argument(metavar="NAME", help="The username.")]
PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from stdin's first line (scripts)."),
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not options.interactive():
        from goodwill.domain.errors import BadInput

        raise BadInput("no terminal to ask for a password: pipe it in with --password-stdin")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _print_user(user: "UserView") -> None:
    sharing = "shares ties" if user.share_ties else "private"
    digest = (
        f"digest to {user.digest_email} at {user.digest_hour}:00 {user.time_zone}"
        if user.digest_email
        else "no digest"
    )
    console.print(f"{user.username}  #{user.id}  {sharing}, {digest}", markup=False)


@user_app.command("add")
def add(ctx: typer.Context, name: Username, password_stdin: PasswordStdin = False) -> None:
    """Create an account with an empty network of its own.

    Example: goodwill user add ana
    """
    from goodwill.services import accounts

    app = options.context(ctx)
    user = accounts.add_user(app, name, _password(password_stdin))
    console.print(f"added {user.username} (#{user.id})", markup=False)


@user_app.command("list")
def list_users(ctx: typer.Context, json_output: options.Json = False) -> None:
    """Accounts, whether they share their ties, and their digest settings."""
    from goodwill.services import accounts

    users = accounts.list_users(options.context(ctx))
    if json_output:
        emit_json([user.to_json() for user in users])
        return
    if not users:
        console.print("no users yet: goodwill user add NAME", style="dim")
    for user in users:
        _print_user(user)


@user_app.command("remove")
def remove(
    ctx: typer.Context,
    name: Username,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete an account with its whole network, sessions and tokens (asks first).

    Example: goodwill user remove ana --yes
    """
    from goodwill.domain.errors import BadInput
    from goodwill.services import accounts

    app = options.context(ctx)
    if not yes:
        if not options.interactive():
            raise BadInput(f"user remove {name} needs --yes when not run in a terminal")
        typer.confirm(f"Delete {name} and their whole network?", abort=True)
    user = accounts.remove_user(app, name)
    console.print(f"removed {user.username} and their data", markup=False)


@user_app.command("passwd")
def passwd(ctx: typer.Context, name: Username, password_stdin: PasswordStdin = False) -> None:
    """Set a new password; the user is logged out everywhere (API tokens keep working)."""
    from goodwill.services import accounts

    app = options.context(ctx)
    user = accounts.set_password(app, name, _password(password_stdin))
    console.print(
        f"new password for {user.username}; {user.sessions_ended} sessions ended",
        markup=False,
    )


@user_app.command("share")
def share(
    ctx: typer.Context,
    name: Username,
    setting: Annotated[Sharing, typer.Argument(metavar="on|off", help="on: share; off: stop.")],
) -> None:
    """Let colleagues see whom this user knows at a company, and how well (never notes,
    ledger, balances or emails).

    Example: goodwill user share ana on
    """
    from goodwill.services import accounts

    user = accounts.set_sharing(options.context(ctx), name, setting is Sharing.ON)
    _print_user(user)


@user_app.command("digest")
def digest(
    ctx: typer.Context,
    name: Username,
    email: Annotated[str | None, typer.Option("--email", help="Where to send it.")] = None,
    hour: Annotated[
        int | None, typer.Option("--hour", min=0, max=23, help="The hour to send it, 0-23.")
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", metavar="ZONE", help="Time zone, e.g. Europe/Paris.")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Send no digest.")] = False,
) -> None:
    """Mail this user their daily digest at an hour of their day.

    Example: goodwill user digest ana --email ana@example.org --hour 7 --tz Europe/Paris
    """
    from goodwill.domain.errors import BadInput
    from goodwill.services import accounts

    if off == (email is not None):
        raise BadInput("give --email (with --hour and --tz), or --off")
    user = accounts.set_digest(options.context(ctx), name, email, hour, tz)
    _print_user(user)


@token_app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="What the token is for, e.g. 'phone'.")],
    user: Annotated[
        str | None,
        typer.Option("--user", metavar="USER", help="A team server's account (default: you)."),
    ] = None,
    json_output: options.Json = False,
) -> None:
    """Create an API token and print it: it is shown this once, and never stored.

    Example: goodwill token create "my scripts"
    """
    from goodwill.services import accounts

    made = accounts.create_token(options.context(ctx), name, user)
    if json_output:
        emit_json(made.to_json())
        return
    owner = f" for {made.user}" if made.user else ""
    console.print(f"token #{made.id} '{made.name}'{owner}:", markup=False)
    console.print(made.token, markup=False)
    console.print("copy it now: it cannot be shown again", style="yellow")


@token_app.command("list")
def list_tokens(ctx: typer.Context, json_output: options.Json = False) -> None:
    """API tokens, whose they are and when they were last used (never the tokens)."""
    from goodwill.services import accounts

    tokens = accounts.list_tokens(options.context(ctx))
    if json_output:
        emit_json([token.to_json() for token in tokens])
        return
    if not tokens:
        console.print('no API tokens: goodwill token create "my scripts"', style="dim")
    for token in tokens:
        owner = token.user or "you"
        used = token.last_used or "never"
        console.print(
            f"#{token.id}  {token.name}  ({owner})  made {token.created_at}, last used {used}",
            markup=False,
        )


@token_app.command("revoke")
def revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's number.")],
) -> None:
    """Revoke an API token: it stops working at once."""
    from goodwill.services import accounts

    accounts.revoke_token(options.context(ctx), token_id)
    console.print(f"revoked token #{token_id}")


@team_app.command("knows")
def knows(
    ctx: typer.Context,
    company: Annotated[str, typer.Argument(help="A company, or part of its name.")],
    user: Annotated[str, typer.Option("--user", metavar="USER", help="Who is asking.")],
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Who among the colleagues sharing their ties knows someone at a company, strongest
    tie first.

    Example: goodwill team knows Acme --user ana
    """
    from goodwill.services import accounts

    app = options.context(ctx)
    asking = accounts.find_user(app, user)
    found = accounts.who_on_team_knows(app, asking.id, company, options.day(app, on) or app.today())
    if json_output:
        emit_json([tie.to_json() for tie in found])
        return
    if not found:
        console.print(f"nobody sharing their ties knows someone at {company}", markup=False)
    for tie in found:
        title = f", {tie.title}" if tie.title else ""
        console.print(
            f"{tie.strength:<7} {tie.colleague} knows {tie.person}{title} ({tie.company})",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.add_typer(team_app, name="team")

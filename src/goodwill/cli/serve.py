"""`goodwill serve`: the local web app, or the team server with `--multi-user`.

Services and the web framework load inside the command, and annotations stay evaluated:
see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8080,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the app in your browser.")
    ] = False,
    multi_user: Annotated[
        bool,
        typer.Option("--multi-user", help="A team server: accounts, sign-in, data per user."),
    ] = False,
    secure_cookies: Annotated[
        bool,
        typer.Option("--secure-cookies", help="Mark cookies Secure (when served over TLS)."),
    ] = False,
    allowed_hosts: Annotated[
        list[str] | None,
        typer.Option("--allowed-host", help="A host name the server answers to (repeatable)."),
    ] = None,
    upload_limit: Annotated[
        int, typer.Option(min=1, max=10_000, metavar="MB", help="Largest upload accepted.")
    ] = 200,
    forwarded_allow_ips: Annotated[
        list[str] | None,
        typer.Option(
            "--forwarded-allow-ips",
            metavar="ADDRESS",
            help="A reverse proxy (IP or network) whose X-Forwarded-For and -Proto headers "
            "to believe (repeatable); without it no forwarded header is.",
        ),
    ] = None,
    digests: Annotated[
        bool, typer.Option("--digests/--no-digests", help="Send daily digests when due.")
    ] = True,
    on: options.On = None,
) -> None:
    """Serve the web app and the JSON API (/api/v1) over the same database.

    Example: goodwill serve --open
    """
    from goodwill.domain.errors import BadInput

    app_ctx = options.context(ctx)
    fixed_day = options.day(app_ctx, on)
    if fixed_day is not None:
        # The pages and the API act as if it were that day (the time of day stays real);
        # the real day still bounds what may be recorded as done.
        from datetime import datetime

        app_ctx.real_clock = app_ctx.clock
        app_ctx.clock = lambda: datetime.combine(fixed_day, datetime.now().time()).replace(
            microsecond=0
        )
    if not multi_user and host not in LOOPBACK:
        raise BadInput(
            f"--host {host}: a personal server has no sign-in, so it only listens on "
            "127.0.0.1; use --multi-user for a team server"
        )
    import uvicorn

    from goodwill.web.server import ServerSettings, create_app

    app_ctx.db.engine()  # fail here, with one line, if the database cannot be opened
    from goodwill.services import admin

    admin.info(app_ctx)
    hosts = tuple(h.lower() for h in allowed_hosts or ())
    if not hosts and not multi_user:
        hosts = ServerSettings.allowed_hosts  # a personal server answers to loopback only
    settings = ServerSettings(
        multi_user=multi_user,
        secure_cookies=secure_cookies,
        upload_limit=upload_limit * 2**20,
        allowed_hosts=hosts,
        send_digests=digests,
    )
    url = f"http://{'localhost' if host in LOOPBACK else host}:{port}/"
    console.print(
        f"goodwill is serving {app_ctx.db.where} at {url}  (Ctrl+C stops it)", markup=False
    )
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    proxies = [address.strip() for address in forwarded_allow_ips or () if address.strip()]
    uvicorn.run(
        create_app(app_ctx, settings),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        # uvicorn would believe X-Forwarded-For from 127.0.0.1 by default: anyone on the
        # machine could then pick the address that sign-in limits count.
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)

"""`hindsight serve` and `hindsight user …`: run the web app and manage its local users."""

from __future__ import annotations

import sys

import typer

from hindsight.cli.common import JsonOption, Table, actor, console, opened, print_json
from hindsight.errors import InvalidInput
from hindsight.incidents import accounts
from hindsight.workspace import check_database_url

user_app = typer.Typer(
    help="Local users of the web app and their API tokens.", no_args_is_help=True
)

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_port_free(host: str, port: int) -> None:
    """InvalidInput naming the port and how to pick another when something already listens."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise InvalidInput(f"--host {host!r}: {exc.strerror or exc}", field="host") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise InvalidInput(
                f"port {port} on {host} is taken ({exc.strerror or exc}): another server is "
                f"listening there. Choose another port: `make run PORT={port + 1}` or "
                f"`hindsight serve --port {port + 1}`",
                field="port",
            ) from None


def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on (loopback by default)."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    demo: bool = typer.Option(
        False,
        "--demo",
        help="Demo workspace: make sure the demo admin (admin / admin-demo) exists "
        "(never without this flag).",
    ),
    workers: int = typer.Option(1, "--workers", min=1, max=16, help="Server processes."),
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database URL (PostgreSQL for teams); overrides HINDSIGHT_DATABASE_URL and "
        "hindsight.toml.",
    ),
) -> None:
    """Serve the web app and REST API (OpenAPI at /docs)."""
    import os

    import uvicorn

    from hindsight.store.users import DEMO_ADMIN

    if db:
        check_database_url(db)
    check_port_free(host, port)
    with opened(db) as (workspace, store):
        # only on request: a workspace merely *named* like the demo must not get a known password
        is_demo = demo
        created, users = accounts.prepare_serving(store, demo=is_demo)
        name = workspace.name
    if is_demo:
        state = "created" if created else "exists"
        console.print(
            f"Demo admin {state}: user [bold]{DEMO_ADMIN[0]}[/bold], password [bold]{DEMO_ADMIN[1]}[/bold]"
            " (demo workspace only; change it for real use)"
        )
    elif users == 0:
        console.print(
            "No users yet: create one with `hindsight user add NAME --role admin` to sign in."
        )
    if host not in LOOPBACK:
        console.print(
            f"[yellow]Listening on {host}: put it behind HTTPS before others use it.[/yellow]"
        )
    console.print(f"Hindsight for workspace {name} on http://{host}:{port}/ (API docs at /docs)")
    if db:  # the workers find their database as every process does: from the environment
        os.environ["HINDSIGHT_DATABASE_URL"] = db
    # by name, as uvicorn's factory: the CLI never imports the web face (docs/architecture.md)
    uvicorn.run(
        "hindsight.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Option("viewer", "--role", help="viewer, editor or admin."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from stdin."
    ),
    display_name: str | None = typer.Option(None, "--display-name"),
    replace: bool = typer.Option(
        False, "--replace", help="Reset the password and role of an existing user."
    ),
) -> None:
    """Create a local user (the password is stored as an Argon2 hash)."""
    from hindsight.store.users import check_role, check_username

    check_username(name)
    check_role(role)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise InvalidInput("password: empty", field="password")
    with opened() as (_, store):
        user = accounts.save_user(
            store, name, password, role, actor=actor(), display_name=display_name, replace=replace
        )
    console.print(f"User {user.username} ({user.role}) saved.")


@user_app.command("sign-out")
def user_sign_out(name: str = typer.Argument(..., help="User name.")) -> None:
    """End every web session of NAME at once (the next request of each browser must sign in).

    A password reset or role change (`user add --replace`) does this too.
    """
    with opened() as (_, store):
        ended = accounts.end_user_sessions(store, name, actor=actor())
    console.print(f"Ended {ended} session(s) of {name}.", markup=False)


@user_app.command("token")
def user_token(
    name: str = typer.Argument(..., help="User name."),
    label: str = typer.Option("cli", "--name", help="What the token is for."),
) -> None:
    """Create an API token for NAME and print it once (only its hash is stored)."""
    with opened() as (_, store):
        token = accounts.create_token(store, name, label, actor=actor())
    sys.stdout.write(token + "\n")


@user_app.command("list")
def user_list() -> None:
    """List users and their roles."""
    with opened() as (_, store):
        for user in accounts.users(store):
            console.print(f"{user.username}\t{user.role}")


@user_app.command("tokens")
def user_tokens(
    name: str | None = typer.Argument(None, help="Only this user's tokens (default: everyone's)."),
    json_out: bool = JsonOption,
) -> None:
    """List API tokens and when each was last used.

    Shows id, user, label, creation and last use (exact to the minute), never the secret: only
    its hash is stored. Revoke one with `hindsight user revoke-token ID`.
    """
    with opened() as (_, store):
        tokens = accounts.tokens(store, name)
    if json_out:
        print_json(tokens)
        return
    if not tokens:
        console.print(f"No API tokens{f' for {name}' if name else ''}.", markup=False)
        return
    table = Table("ID", "User", "Name", "Created (UTC)", "Last used (UTC)")
    for t in tokens:
        table.add_row(
            str(t.id),
            t.username,
            t.name,
            t.created_at.strftime("%Y-%m-%d %H:%M"),
            t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "never",
        )
    console.print(table)


@user_app.command("revoke-token")
def user_revoke_token(
    token_id: int = typer.Argument(
        ..., metavar="ID", min=1, max=2**31 - 1, help="Token id, as `user tokens` lists it."
    ),
) -> None:
    """Revoke an API token, effective at once.

    The web app checks the token on every request, so the next request with it gets 401.
    """
    with opened() as (_, store):
        revoked = accounts.revoke_token(store, token_id, actor=actor())
    console.print(
        f"Token {revoked.id} ({revoked.name!r} of {revoked.username}) revoked.", markup=False
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to `app`."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")

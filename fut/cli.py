"""The `fut` command: administer an instance (users, migrations) and start it (`fut up`)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

from fut.lifecycle import Role
from fut.settings import get_settings

DEMO_USERS = [
    ("handlaggare", Role.HANDLAGGARE, "Hanna Handläggare", "Socialsekreterare"),
    ("utredare", Role.UTREDARE, "Ulf Utredare", "FUT-utredare"),
    ("utredare2", Role.UTREDARE, "Ulla Utredare", "FUT-utredare"),
    ("beslutsfattare", Role.BESLUTSFATTARE, "Berit Beslutsfattare", "1:e socialsekreterare"),
    ("ekonomi", Role.EKONOMI, "Erik Ekonomi", "Ekonomiassistent"),
    ("chef", Role.CHEF, "Cecilia Chef", "Enhetschef"),
]


def _add_user(args: argparse.Namespace) -> int:
    from fut.auth import create_user
    from fut.db import session_scope
    from fut.errors import DomainError
    from fut.migrate import upgrade

    upgrade()
    try:
        with session_scope() as session:
            _, token = create_user(
                session,
                username=args.name,
                roles=args.role,
                display_name=args.display_name,
                title=args.title,
                phone=args.phone,
                email=args.email,
                units=args.unit,
            )
    except DomainError as exc:
        print(f"fut user add: {exc.message}", file=sys.stderr)
        return 2
    print(f"user {args.name} created with roles {', '.join(args.role)}; API token:")
    print(token)
    return 0


def demo_tokens(var_dir: Path) -> dict[str, str]:
    """The demo users' API tokens of an instance `fut up` started in `var_dir`."""
    known = json.loads((var_dir / "demo-users.json").read_text())
    return {username: entry["token"] for username, entry in known.items()}


def ensure_demo_users() -> dict[str, tuple[str, str]]:
    """Create the demo users once, each with an API token and a password for the pages;
    both are kept in var/demo-users.json (0600). Returns {username: (password, token)}."""
    import secrets

    from fut.auth import create_user
    from fut.db import session_scope
    from fut.passwords import set_password

    settings = get_settings()
    path = settings.var_dir / "demo-users.json"
    old_tokens = settings.var_dir / "demo-tokens.json"  # before passwords (0.1)
    known: dict[str, dict[str, str]] = json.loads(path.read_text()) if path.exists() else {}
    if not known and old_tokens.exists():
        known = {u: {"token": t} for u, t in json.loads(old_tokens.read_text()).items()}
    changed = False
    with session_scope() as session:
        for username, role, name, title in DEMO_USERS:
            entry = known.setdefault(username, {})
            if "token" not in entry:
                _, entry["token"] = create_user(
                    session,
                    username=username,
                    roles=[role],
                    display_name=name,
                    title=title,
                    phone="08-123 45 00",
                    email=f"{username}@example.se",
                )
                changed = True
            if "password" not in entry:
                entry["password"] = secrets.token_urlsafe(9)
                set_password(session, username, entry["password"])
                changed = True
    if changed:
        path.write_text(json.dumps(known, indent=2))
        path.chmod(0o600)
        old_tokens.unlink(missing_ok=True)
    return {u: (e["password"], e["token"]) for u, e in known.items()}


def _up(_: argparse.Namespace) -> int:
    from fut.migrate import upgrade
    from fut.municipality import MunicipalitySettingsError, get_municipality
    from fut.supervisor import for_instance
    from fut.system import Instance

    settings = get_settings()
    try:
        get_municipality()
    except MunicipalitySettingsError as exc:
        print(f"futflow: cannot start, municipality settings are wrong: {exc}", file=sys.stderr)
        return 2
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade()
    demo = ensure_demo_users()
    instance = Instance(settings)
    supervisor = for_instance(instance)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        print(f"futflow: starting in {settings.var_dir} …", flush=True)
        instance.start_prefect()
        instance.start_runner()
        instance.start_api()
        supervisor.adopt(instance.procs)  # from here on a child that dies is restarted
        api = f"http://{settings.api_host}:{settings.api_port}"
        print(
            f"""
futflow is running (logs in {settings.var_dir / "logs"}).
  Pages (log in):     {api}/
  API and its docs:   {api}/docs
  Prefect UI:         http://127.0.0.1:{settings.prefect_port}
  Documents:          {settings.documents_path}
Demo users: log in at {api}/login with the password; the API takes
"Authorization: Bearer <token>".
  {"user":<15} {"role":<15} {"password":<14} API token""",
            flush=True,
        )
        for username, role, *_rest in DEMO_USERS:
            password, token = demo[username]
            print(f"  {username:<15} {role.value:<15} {password:<14} {token}")
        print(f"A process that dies is restarted: {settings.var_dir / 'logs' / 'supervisor.log'}.")
        print("Stop with Ctrl-C.", flush=True)
        while not stopping:  # a signal sets it; nothing restarts after that
            supervisor.check()
            time.sleep(0.2)
    finally:
        print("futflow: stopping …", flush=True)
        instance.stop_all()
        supervisor.close()
    return 0


def _passwd(args: argparse.Namespace) -> int:
    """Set a user's password for the pages, read from standard input (one line)."""
    from fut.db import session_scope
    from fut.errors import DomainError
    from fut.migrate import upgrade
    from fut.passwords import set_password

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"New password for {args.name}: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    upgrade()
    try:
        with session_scope() as session:
            set_password(session, args.name, password)
    except DomainError as exc:
        print(f"fut user passwd: {exc.message}", file=sys.stderr)
        return 2
    print(f"password of {args.name} set")
    return 0


def _migrate(_: argparse.Namespace) -> int:
    from fut.migrate import upgrade

    upgrade()
    print("database is at the newest schema")
    return 0


def _import_payments(args: argparse.Namespace) -> int:
    from fut.cli_payments import import_payments

    return import_payments(args.file, file_format=args.format, username=args.user)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fut",
        description="Administer a futflow instance (FUT_VAR_DIR, FUT_DATABASE_URL choose which).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start the whole system").set_defaults(func=_up)
    sub.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        func=_migrate
    )
    user = sub.add_parser("user", help="users").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create a user and print its API token")
    add.add_argument("name")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        choices=[r.value for r in Role],
        help="may be given more than once",
    )
    add.add_argument("--display-name", default=None)
    add.add_argument("--title", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--email", default="")
    add.add_argument(
        "--unit",
        action="append",
        default=None,
        help="restrict the user to a unit (repeatable); default all units",
    )
    add.set_defaults(func=_add_user)
    passwd = user.add_parser(
        "passwd", help="set a user's password for the pages (read from standard input)"
    )
    passwd.add_argument("name")
    passwd.set_defaults(func=_passwd)
    pay = sub.add_parser("payments", help="the bank's payment files").add_subparsers(
        dest="payments_command", required=True
    )
    imp = pay.add_parser("import", help="read a BgMax (or the bank's CSV) file of payments")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=["bgmax", "csv"], default=None, help="default: guessed")
    imp.add_argument("--user", default=None, help="the ekonomi user it is done as (audit)")
    imp.set_defaults(func=_import_payments)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())

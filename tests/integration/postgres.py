"""A throwaway PostgreSQL server on loopback for the alembic end-to-end test, from Debian's `postgresql` package.

`initdb` refuses to run as root, so as root the server is made and run by the `postgres` user (`runuser`), in a
temporary folder that user owns. Host connections need a password (scram-sha-256), so a URL built without the
right password fails as it would in production. fsync is off and the port is a free one on 127.0.0.1: about five
seconds to a server, nothing left behind.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER_PASSWORD = "postgres-test-superuser"  # noqa: S105 - a throwaway server on loopback


class Unavailable(Exception):
    """No PostgreSQL server can be started here (the reason says why: what to install)."""


@dataclass
class Server:
    port: int
    data: Path
    runner: tuple[str, ...]
    bindir: Path

    host = "127.0.0.1"

    def execute(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user="postgres", password=SUPERUSER_PASSWORD, dbname="postgres",
            autocommit=True,
        ) as connection:  # fmt: skip
            for statement in statements:
                connection.execute(statement.encode())

    def database(self, name: str, password: str) -> None:
        """A role and a database of that name, the role owning it."""
        quoted = password.replace("'", "''")
        self.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{quoted}'", f"CREATE DATABASE {name} OWNER {name}")

    def stop(self) -> None:
        subprocess.run(  # noqa: S603 - our own server
            [*self.runner, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        shutil.rmtree(self.data.parent, ignore_errors=True)


def bindir() -> Path | None:
    """Where initdb and pg_ctl are: Debian keeps them in /usr/lib/postgresql/VERSION/bin, off the PATH."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def start() -> Server:
    binaries = bindir()
    if binaries is None:
        raise Unavailable("PostgreSQL's server is not installed (apt-get install postgresql)")
    runner: tuple[str, ...] = ()
    # /tmp where it is writable: the postgres user must reach the folder (a root TMPDIR under /root is mode 700),
    # and the server's socket path in it must stay under the 107 bytes a Unix socket name allows
    short = "/tmp" if os.access("/tmp", os.W_OK | os.X_OK) else None  # noqa: S108 - a private mkdtemp folder
    folder = Path(tempfile.mkdtemp(prefix="infra-fix-pg-", dir=short))
    if os.geteuid() == 0:  # initdb: "cannot be run as root"
        if not shutil.which("runuser"):
            raise Unavailable("running as root without runuser: cannot start PostgreSQL as the postgres user")
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no postgres user to run the server") from None
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        runner = ("runuser", "-u", "postgres", "--")
    pwfile = folder / "pw"
    pwfile.write_text(SUPERUSER_PASSWORD + "\n")
    if runner:
        os.chown(pwfile, pwd.getpwnam("postgres").pw_uid, -1)
    data = folder / "data"
    port = _free_port()
    try:
        _run(runner, binaries / "initdb", "-D", str(data), "-U", "postgres", "--pwfile", str(pwfile),
             "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync")  # fmt: skip
        options = f"-k {folder} -h {Server.host} -p {port} -F"
        _run(runner, binaries / "pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "60",
             "start")  # fmt: skip
    except subprocess.CalledProcessError as err:
        log = folder / "log"
        detail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {err.stderr!r} {detail}") from err
    return Server(port, data, runner, binaries)


def _run(runner: tuple[str, ...], *command: object) -> None:
    subprocess.run([*runner, *map(str, command)], capture_output=True, text=True, timeout=120, check=True)  # noqa: S603


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

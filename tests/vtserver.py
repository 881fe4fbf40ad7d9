"""A real OpenLink Virtuoso server (Debian's `virtuoso-opensource-7-bin`, installed by
scripts/setup-system.sh) on free loopback ports, with a throw-away database folder and a
virtuoso.ini written here. The dba password is set to a random one after start, so the
tests prove that credentials come from the environment, never from the code."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from oxserver import _free_port

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
{http_extra}
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {timeout_s}
MaxQueryCostEstimationTime = {cost_limit_s}
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running server: its URLs and the dba credentials the tests were given."""

    base: str
    sql_port: int
    password: str
    folder: Path

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def gsp(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def auth_env(self) -> dict[str, str]:
        return {"CTOCGRAPH_AUTH": f"dba:{self.password}", "CTOCGRAPH_AUTH_SCHEME": "digest"}

    def sql(self, statement: str) -> str:
        """Run one SQL statement through isql (the server's own client) as dba."""
        r = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", self.password,
                            f"EXEC={statement}"], capture_output=True, text=True, timeout=60)
        if r.returncode != 0 or "*** Error" in r.stdout + r.stderr:
            raise RuntimeError(f"isql: {statement}: {r.stdout}{r.stderr}")
        return r.stdout


def _binary() -> str:
    found = shutil.which("virtuoso-t")
    assert found and shutil.which("isql-vt"), \
        "Virtuoso is a test dependency: bash scripts/setup-system.sh"
    return found


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, timeout_s: int = 60, cost_limit_s: int = 0,
                    max_rows: int = 100_000, http_extra: str = "") -> Iterator[Virtuoso]:
    """Start Virtuoso on 127.0.0.1 with a new database in ``folder``; yield it, stop it after.

    ``timeout_s`` is MaxQueryExecutionTime, ``max_rows`` ResultSetMaxRows; ``cost_limit_s`` the estimated time past which
    Virtuoso refuses a query, 0 for none, as the README asks of a Virtuoso that serves the
    library (its estimate for `documents` was 150-800 s on the seed texts, for 0.1 s of work);
    ``http_extra`` adds lines to the [HTTPServer] section."""
    binary = _binary()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    while http_port == sql_port:
        http_port = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(db=folder, sql_port=sql_port, http_port=http_port,
                              timeout_s=timeout_s, cost_limit_s=cost_limit_s,
                              max_rows=max_rows, http_extra=http_extra), encoding="utf-8")
    log = (folder / "console.log").open("wb")
    proc = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:  # the HTTP server comes up first, then the SQL one isql needs
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                    pass
                socket.create_connection(("127.0.0.1", sql_port), timeout=2).close()
                break
            except (OSError, urllib.error.HTTPError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = (folder / "console.log").read_text("utf-8", "replace")[-2000:]
                    raise RuntimeError(f"virtuoso did not start: {tail}") from None
                time.sleep(0.2)
        server = Virtuoso(base, sql_port, "dba", folder)
        password = secrets.token_hex(12)
        server.sql(f"USER_CHANGE_PASSWORD ('dba', 'dba', '{password}')")
        yield Virtuoso(base, sql_port, password, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()

"""A real Oxigraph SPARQL server (the `oxigraph` package from PyPI) on a free loopback port."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server is a test dependency: pip install -e '.[test]'"
    return found


@contextlib.contextmanager
def oxigraph_server(location: Path, *, read_only: bool = False, timeout_s: int = 5,
                    preload: Path | None = None) -> Iterator[str]:
    """Start a server on 127.0.0.1 with the union default graph; yield its base URL."""
    binary = _binary()
    if preload is not None:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(preload)],
                       check=True, capture_output=True, timeout=120)
    port = _free_port()
    command = [binary, "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", "--timeout-s", str(timeout_s)]
    if not read_only:
        command.append("--union-default-graph")
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start: {proc.stderr.read()!r}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

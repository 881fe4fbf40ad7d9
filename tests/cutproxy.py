"""A TCP relay on a free loopback port in front of a test server, which cuts a connection off
in the middle of a request's body, or after the whole request when the answer starts to come
back: a connection that really dies, not a mocked error."""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import threading
from collections.abc import Callable, Iterator

from oxserver import _free_port


def _head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Relay both ways until both sides are done. A side that stops reading (a server that
    answers 401 before the body has come) is no reason to drop its answer."""
    with selectors.DefaultSelector() as sel:
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        while sel.get_map():
            events = sel.select(timeout=30)
            if not events:
                return
            for key, _ in events:
                source, sink = key.fileobj, key.data
                try:
                    data = source.recv(65536)  # type: ignore[union-attr]
                except OSError:
                    data = b""
                try:
                    if data:
                        sink.sendall(data)
                        continue
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                sel.unregister(source)


class CutProxy:
    """Relays to ``127.0.0.1:target``. ``cut(head)`` says what to do with a request: ``"body"``
    lets half its body through, ``"answer"`` all of it and none of the server's answer; then
    both connections are closed. Only the first request picked is cut (``cuts`` says whether it
    came); the others, and requests ``cut`` does not pick, are relayed."""

    def __init__(self, target: int, cut: Callable[[bytes], str | None]):
        self.target, self.cut, self.cuts = target, cut, 0
        self.port = _free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._stop = threading.Event()

    def _serve(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        with client, socket.create_connection(("127.0.0.1", self.target)) as server:
            data = _head(client)
            head, _, body = data.partition(b"\r\n\r\n")
            how = self.cut(head) if not self.cuts else None  # one cut, then a plain relay
            if how in ("body", "answer"):
                self.cuts += 1
                m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                size = int(m.group(1)) if m else 0
                sent = size // 2 if how == "body" else size
                while len(body) < sent:
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    body += chunk
                server.sendall(head + b"\r\n\r\n" + body[:sent])
                if how == "answer":
                    server.settimeout(60)
                    server.recv(1)  # the server has done the work and begun to answer
                for s in (server, client):  # the connection dies here
                    with contextlib.suppress(OSError):
                        s.shutdown(socket.SHUT_RDWR)
                return
            server.sendall(data)
            with contextlib.suppress(OSError):
                _pipe(client, server)


@contextlib.contextmanager
def cut_proxy(target: int, cut: Callable[[bytes], bool]) -> Iterator[CutProxy]:
    proxy = CutProxy(target, cut)
    thread = threading.Thread(target=proxy._serve, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy._stop.set()
        thread.join(timeout=5)
        proxy._listener.close()

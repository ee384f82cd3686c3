"""A TCP proxy on 127.0.0.1 that a test can cut, silence and restore: a database outage without stopping the database.

`forward` relays bytes both ways; `stop()` closes the listening socket and every relayed
connection (connections are refused, as when the server is down); `silence()` accepts
connections but never answers (as when the host is unreachable); `forward()` restores it on
the same port. `freeze()` stops relaying on every connection, open or new, without closing
any (a SIGSTOPped server, a network partition); `thaw()` relays again what was held back.
"""

import socket
import threading


class TcpProxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.mode = "forward"
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thawed = threading.Event()
        self._thawed.set()

    def forward(self) -> None:
        self._listen("forward")

    def silence(self) -> None:
        self._listen("silent")

    def freeze(self) -> None:
        self._thawed.clear()

    def thaw(self) -> None:
        self._thawed.set()

    def stop(self) -> None:
        """Refuse new connections and cut the open ones."""
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
        for sock in ([listener] if listener else []) + list(sockets):
            _close(sock)

    def _listen(self, mode: str) -> None:
        self.stop()
        listener = socket.create_server(("127.0.0.1", self.port))
        listener.settimeout(0.05)
        self.port, self.mode = listener.getsockname()[1], mode
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener, mode), daemon=True).start()

    def _accept(self, listener: socket.socket, mode: str) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._keep(client)
            if mode == "forward":
                try:
                    server = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    _close(client)
                    continue
                self._keep(server)
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=_pump, args=(source, target, self._thawed), daemon=True).start()

    def _keep(self, sock: socket.socket) -> None:
        sock.settimeout(None)
        with self._lock:
            self._sockets.add(sock)


def _pump(source: socket.socket, target: socket.socket, thawed: threading.Event) -> None:
    try:
        while data := source.recv(65536):
            thawed.wait()
            target.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(target)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()

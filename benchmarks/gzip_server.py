"""A small local HTTP server that compresses as real hosts do (GitHub Pages, a CDN): text bodies
(HTML, CSS, JavaScript, JSON, SVG) are sent gzipped (level 6) to a client that accepts gzip; fonts and
images as they are. It serves several folders under URL prefixes, e.g. the built site at ``/`` and a
stock Jupyter Book site at ``/_stock/index/``.

    server, base = serve({"/": site, "/_stock/x/": other})   # base: http://127.0.0.1:PORT
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/javascript", ".mjs")


@lru_cache(maxsize=4096)
def compressed(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6)


class GzipHandler(http.server.BaseHTTPRequestHandler):
    roots: dict[str, Path] = {}
    resolvers: dict = {}  # prefix -> function(rest of the path) -> file Path or None
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def locate(self) -> Path | None:
        path = unquote(urlparse(self.path).path)
        for prefix in sorted({**self.roots, **self.resolvers}, key=len, reverse=True):
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                if prefix in self.resolvers:
                    return self.resolvers[prefix](rest)
                root = self.roots[prefix].resolve()
                target = (root / rest).resolve()
                if not str(target).startswith(str(root)):
                    return None
                return target / "index.html" if target.is_dir() else target
        return None

    def do_GET(self) -> None:  # noqa: N802
        self.respond(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.respond(body=False)

    def respond(self, body: bool) -> None:
        target = self.locate()
        if target is None or not target.is_file():
            payload = b"not found"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body:
                self.wfile.write(payload)
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        data = target.read_bytes()
        gzipped = kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            data = compressed(str(target), target.stat().st_mtime)
        self.send_response(200)
        self.send_header(
            "Content-Type", kind + ("; charset=utf-8" if kind.startswith(("text/", "application/javascript")) else "")
        )
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends
        self.send_header("Access-Control-Allow-Origin", "*")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a browser that drops a connection it no longer needs (Lighthouse does) is no error here


def serve(roots: dict[str, Path], resolvers: dict | None = None) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (GzipHandler,), {"roots": dict(roots), "resolvers": dict(resolvers or {})})
    server = QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"

"""A minimal Language Server Protocol client for yaml-language-server over stdio: open one YAML
document and return the diagnostics the server publishes for it — what VS Code's YAML extension
(and any other yaml-language-server client) underlines in the editor.

    python tests/editor/yls_client.py FILE.yaml [--server PATH]

prints ``line:column: message`` per diagnostic. Used by tests/test_editor_schema.py.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def find_server() -> list[str] | None:
    """The server's command line: $XPLAN_YLS, yaml-language-server on PATH, or the npm install
    that .ci/run makes under ~/.cache/xplan-yls."""
    env = os.environ.get("XPLAN_YLS")
    candidates = [env] if env else []
    candidates += [shutil.which("yaml-language-server") or ""]
    candidates += [str(Path.home() / ".cache/xplan-yls/node_modules/.bin/yaml-language-server")]
    for c in candidates:
        if c and Path(c).exists():
            return [c, "--stdio"]
    return None


class Client:
    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        try:
            while True:
                self.inbox.put(self._read())
        except (EOFError, ValueError, OSError):
            self.inbox.put(None)

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        msg: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        body = json.dumps(msg).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return msg.get("id")

    def read(self, timeout: float = 60.0) -> dict[str, Any] | None:
        """The next message, or None when none came within ``timeout`` seconds."""
        try:
            return self.inbox.get(timeout=max(timeout, 0.01))
        except queue.Empty:
            return None

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("yaml-language-server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def reply(self, msg: dict[str, Any]) -> None:
        """Answer the server's own requests (configuration, capability registration)."""
        result: Any = None
        if msg.get("method") == "workspace/configuration":
            result = [{"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}
                      for _ in msg["params"]["items"]]
        body = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": result}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def diagnostics(path: Path, command: list[str] | None = None, timeout: float = 60.0) -> list[dict[str, Any]]:
    """The diagnostics yaml-language-server publishes for ``path`` (its modeline names the schema)."""
    command = command or find_server()
    if command is None:
        raise FileNotFoundError("yaml-language-server not found")
    path = path.resolve()
    client = Client(command)
    try:
        init = client.send("initialize", {"processId": os.getpid(), "rootUri": path.parent.as_uri(),
                                          "capabilities": {"workspace": {"configuration": True}}}, request=True)
        while True:
            msg = client.read(timeout)
            if msg is None:
                raise TimeoutError("yaml-language-server did not answer initialize")
            if msg.get("id") == init and "method" not in msg:
                break
            if "id" in msg and "method" in msg:
                client.reply(msg)
        client.send("initialized", {})
        client.send("workspace/didChangeConfiguration",
                    {"settings": {"yaml": {"validate": True, "schemaStore": {"enable": False}}}})
        uri = path.as_uri()
        client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                              "text": path.read_text(encoding="utf-8")}})
        deadline = time.monotonic() + timeout
        published: list[dict[str, Any]] | None = None
        while time.monotonic() < deadline:
            msg = client.read(deadline - time.monotonic())
            if msg is None:
                break
            if "id" in msg and "method" in msg:
                client.reply(msg)
            elif msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                published = msg["params"]["diagnostics"]
                # the first publication can come before the schema is loaded; a second one follows it
                if published:
                    return published
                deadline = min(deadline, time.monotonic() + 5)
        return published or []
    finally:
        client.close()


def main() -> int:
    args = sys.argv[1:]
    server = None
    if "--server" in args:
        i = args.index("--server")
        server = [args[i + 1], "--stdio"]
        del args[i:i + 2]
    for d in diagnostics(Path(args[0]), server):
        start = d["range"]["start"]
        print(f"{start['line'] + 1}:{start['character'] + 1}: {d['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""gunicorn servers and `wrk` load for the throughput measurements (Debian package `wrk`).

Both the product and its bare-Flask baseline run under the same settings: 2 sync workers on a
free local port. A server's peak memory is the sum of its workers' resident high-water marks
(VmHWM), read from /proc.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

WORKERS = 2
CONNECTIONS = 8
USER_AGENT = "ses-bench"  # the session is bound to it (Flask-Login "strong" protection)
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
RATE_RE = re.compile(r"Requests/sec:\s+([\d.]+)")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`with Server("wsgi:app", env) as server:` gunicorn serving `target` until the block ends."""

    def __init__(self, target, env, *, cwd):
        self.target, self.env, self.cwd = target, env, cwd
        self.port = _free_port()
        self.process = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            self.target,
        ]
        self.process = subprocess.Popen(command, cwd=self.cwd, env={**os.environ, **self.env})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/")[0] < 500:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn {self.target} did not start")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def request(self, method, path, body=None, headers=None):
        """(status, headers, text) of one request."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                method, path, body=body, headers={"User-Agent": USER_AGENT, **(headers or {})}
            )
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def peak_mb(self):
        """Sum of the workers' peak resident memory, in MB."""
        total = 0
        for pid in _children(self.process.pid):
            try:
                with open(f"/proc/{pid}/status") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024


def _children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found.extend(int(c) for c in children.read().split())
        except OSError:
            continue
    return found


def _cookie(headers):
    for value in headers.get_all("Set-Cookie") or ():
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return None


def signed_in_cookie(server, email, password):
    """Sign in through the real form; returns the Cookie header value of the session."""
    status, headers, html = server.request("GET", "/auth/login")
    cookie = _cookie(headers)
    token = CSRF_RE.search(html).group(1)
    body = urlencode({"email": email, "password": password, "csrf_token": token})
    status, headers, _ = server.request(
        "POST",
        "/auth/login",
        body,
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    cookie = _cookie(headers) or cookie
    status, _, html = server.request("GET", "/home", headers={"Cookie": cookie})
    if status != 200 or "Welcome" not in html:
        raise RuntimeError(f"could not sign in for the benchmark (GET /home: {status})")
    return cookie


def wrk(server, path, seconds, cookie=None):
    """Requests per second of `wrk` on `path`; refuses a run with any error response."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install -y wrk)")
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "-H",
        f"User-Agent: {USER_AGENT}",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        command + [f"http://127.0.0.1:{server.port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx or 3xx responses" in output:  # a redirect to sign-in would pass as 3xx: the
        raise RuntimeError(f"wrk saw errors on {path}:\n{output}")  # caller checked the cookie
    return float(RATE_RE.search(output).group(1))

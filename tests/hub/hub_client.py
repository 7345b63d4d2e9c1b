"""A hub user over HTTP, as a browser or JupyterLab would act: log in, get a token, use servers."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import httpx


class HubUser:
    """One person logged in to the hub (the login form), holding an API token of their own."""

    def __init__(self, base_url: str, name: str, password: str) -> None:
        self.base_url = base_url
        self.name = name
        self.http = httpx.Client(base_url=base_url, timeout=60, follow_redirects=True)
        page = self.http.get("/hub/login")
        page.raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        response = self.http.post(
            "/hub/login?next=/hub/home",
            data={"username": name, "password": password, "_xsrf": xsrf or ""},
        )
        if response.url.path != "/hub/home":
            raise AssertionError(f"{name} could not log in: ended at {response.url}")
        created = self.http.post(
            f"/hub/api/users/{name}/tokens",
            json={"note": "e2e test"},
            headers={"X-XSRFToken": self.http.cookies.get("_xsrf", path="/hub/") or ""},
        )
        created.raise_for_status()
        self.token = created.json()["token"]
        self.api = httpx.Client(
            base_url=base_url, timeout=120, headers={"Authorization": f"token {self.token}"}
        )

    def start_server(self, timeout: float = 90) -> None:
        """Start this user's single-user server and wait until it answers."""
        started = self.api.post(f"/hub/api/users/{self.name}/server")
        if started.status_code not in (201, 202, 400):
            raise AssertionError(f"server of {self.name}: {started.status_code} {started.text}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = self.api.get(f"/hub/api/users/{self.name}").json()
            server = user.get("servers", {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"server of {self.name} not ready after {timeout} s")

    def server(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request to this user's own server, e.g. ('GET', '/assignments?course_id=...')."""
        return self.api.request(method, f"/user/{self.name}{path}", **kwargs)

    def run_in_kernel(self, code: str, timeout: float = 120) -> str:
        """Run `code` in a new kernel of this user's own server; what it printed.

        The kernel runs as the user's Unix user with their server's environment, as a notebook
        cell would. An exception in `code` fails with its traceback.
        """
        started = self.server("POST", "/api/kernels", json={"name": "python3"})
        if started.status_code != 201:
            raise AssertionError(f"kernel of {self.name}: {started.status_code} {started.text}")
        kernel = started.json()["id"]
        try:
            return asyncio.run(asyncio.wait_for(self._execute(kernel, code), timeout))
        finally:
            self.server("DELETE", f"/api/kernels/{kernel}")

    async def _execute(self, kernel: str, code: str) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"{self.base_url.replace('http', 'ws', 1)}/user/{self.name}/api/kernels/{kernel}/channels"
        request = HTTPRequest(url, headers={"Authorization": f"token {self.token}"})
        connection = await websocket_connect(request)
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                  "session": uuid.uuid4().hex, "date": "", "version": "5.3"}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": False,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content,
                   "channel": "shell", "buffers": []}  # fmt: skip
        await connection.write_message(json.dumps(message))
        printed: list[str] = []
        try:
            while True:
                raw = await connection.read_message()
                if raw is None:
                    raise AssertionError(f"kernel of {self.name} closed the connection")
                reply = json.loads(raw)
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, body = reply["header"]["msg_type"], reply["content"]
                if kind == "stream":
                    printed.append(body["text"])
                elif kind == "error":
                    raise AssertionError("\n".join(body["traceback"]))
                elif kind == "status" and body["execution_state"] == "idle":
                    return "".join(printed)
        finally:
            connection.close()
            while await connection.read_message() is not None:  # until the close completes
                pass

    def service(self, name: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request to a hub service (a formgrader), with this user's token."""
        return self.api.request(method, f"/services/{name}{path}", **kwargs)

    def close(self) -> None:
        self.http.close()
        self.api.close()

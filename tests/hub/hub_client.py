"""A hub user over HTTP, as a browser or JupyterLab would act: log in, get a token, use servers."""

from __future__ import annotations

import time
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

    def service(self, name: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request to a hub service (a formgrader), with this user's token."""
        return self.api.request(method, f"/services/{name}{path}", **kwargs)

    def close(self) -> None:
        self.http.close()
        self.api.close()

"""Extract orders from the storefront API."""

import requests

API_URL = "https://storefront.acme.example/api/orders"
TIMEOUT = 10  # seconds


def fetch_orders(since: str) -> list[dict]:
    """Return every order created after `since`."""
    # TODO: paginate; the API returns at most 500 orders per call.
    response = requests.get(API_URL, params={"since": since}, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()["orders"]

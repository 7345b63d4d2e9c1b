"""InventoryClient: stock levels and reservations over the inventory API."""

from json import dumps, loads
from urllib.request import Request, urlopen


class InventoryClient:
    """Talks to inventory-service at `base_url` (its Kubernetes service name in production)."""

    def __init__(self, base_url="http://inventory-service"):
        self.base_url = base_url.rstrip("/")

    def stock_for(self, sku):
        """Every stock location of one SKU, with its quantity."""
        return self._call("GET", f"/stock/sku/{sku}")

    def reserve(self, sku, location, quantity):
        """Hold `quantity` items for a checkout; returns the reservation."""
        body = dict(sku=sku, location=location, quantity=quantity)
        return self._call("POST", "/reservations", body)

    def release(self, reservation_id):
        """Let a reservation go before it expires."""
        return self._call("DELETE", f"/reservations/{reservation_id}")

    def _call(self, method, path, body=None):
        data = None if body is None else dumps(body).encode()
        request = Request(self.base_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urlopen(request) as response:
            text = response.read()
        return loads(text) if text else None

"""Nightly snapshot of stock levels per SKU, for the availability dashboard."""

from acme_inventory import InventoryClient


def snapshot(skus, client=None):
    """Rows of (sku, quantity in stock) for every SKU, from the inventory API."""
    client = client or InventoryClient()
    return [(sku, sum(item["quantity"] for item in client.stock_for(sku))) for sku in skus]

"""The Python client of Acme's inventory API."""

from acme_inventory.client import InventoryClient

__all__ = ["InventoryClient"]

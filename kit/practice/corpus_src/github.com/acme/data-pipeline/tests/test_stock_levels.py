from acme_inventory import InventoryClient

from pipeline.stock_levels import snapshot


class FakeInventory(InventoryClient):
    def stock_for(self, sku):
        return [{"quantity": 4}, {"quantity": 1}]


def test_snapshot_adds_up_every_location():
    assert snapshot(["MUG-001"], FakeInventory()) == [("MUG-001", 5)]

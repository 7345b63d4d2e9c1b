"""Turn raw orders into warehouse rows."""


def calculate_total(order: dict) -> int:
    """Sum an order's line items, in cents."""
    return sum(item["quantity"] * item["cents"] for item in order["items"])


def to_rows(orders: list[dict]) -> list[tuple]:
    """One warehouse row per order: id, customer, total."""
    return [(o["id"], o["customer"], calculate_total(o)) for o in orders]

export interface CartItem {
  sku: string;
  quantity: number;
  priceCents: number;
}

// calculateTotal returns the cart total in cents, before tax.
export function calculateTotal(items: CartItem[]): number {
  // TODO: apply discount codes before summing.
  return items.reduce((sum, item) => sum + item.quantity * item.priceCents, 0);
}

export function isEmpty(items: CartItem[]): boolean {
  return items.length === 0;
}

import { calculateTotal, type CartItem } from "./cart";
import { getWithRetry } from "./api/client";

export async function showCartTotal(): Promise<string> {
  const items = await getWithRetry<CartItem[]>("/cart");
  return (calculateTotal(items) / 100).toFixed(2);
}

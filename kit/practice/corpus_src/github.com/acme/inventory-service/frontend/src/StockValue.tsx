import { PriceTag } from "@acme/ui-kit";

// StockValue shows what the units on hand of one SKU are worth.
export default function StockValue({ units, unitCents }: { units: number; unitCents: number }) {
  return <PriceTag cents={units * unitCents} />;
}

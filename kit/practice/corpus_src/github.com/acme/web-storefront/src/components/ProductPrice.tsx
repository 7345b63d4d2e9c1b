import { PriceTag } from "@acme/ui-kit";

// ProductPrice is the price on a product page, in the shopper's currency.
export default function ProductPrice({ cents, currency }: { cents: number; currency: string }) {
  return <PriceTag cents={cents} currency={currency} />;
}

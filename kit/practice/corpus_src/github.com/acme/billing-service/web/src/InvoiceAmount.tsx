import { PriceTag } from "@acme/ui-kit";

// InvoiceAmount shows an invoice's amount.
export default function InvoiceAmount({ cents }: { cents: number }) {
  return <PriceTag cents={cents} />;
}

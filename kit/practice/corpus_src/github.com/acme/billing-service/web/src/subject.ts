import { formatPrice } from "@acme/ui-kit";

// invoiceSubject is the subject line of the invoice e-mail, e.g. "Invoice 42: $12.50".
export default function invoiceSubject(number: string, cents: number): string {
  return `Invoice ${number}: ${formatPrice(cents)}`;
}

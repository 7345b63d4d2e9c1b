/** Formats an amount in cents as a price, e.g. 1250 -> "$12.50". */
export function formatPrice(cents: number, currency = "USD", locale = "en-US"): string {
  const amount = cents === 0 ? 0 : cents / 100;
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
}

/** @deprecated Use formatPrice; formatMoney will be removed in 4.0. */
export function formatMoney(cents: number): string {
  return formatPrice(cents);
}

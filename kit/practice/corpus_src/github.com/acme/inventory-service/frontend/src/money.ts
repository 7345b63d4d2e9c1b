// centsToPrice formats cents for the stock report's CSV export, e.g. 1250 -> "$12.50".
export default function centsToPrice(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
}

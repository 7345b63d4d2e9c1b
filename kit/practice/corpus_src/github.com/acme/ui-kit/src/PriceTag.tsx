import { formatPrice } from "./format";
import { reportUsage } from "./telemetry";
import { theme } from "./theme";

export function PriceTag({ cents, currency = "USD" }: { cents: number; currency?: string }) {
  reportUsage("PriceTag");
  return <span style={{ color: theme.colors.text }}>{formatPrice(cents, currency)}</span>;
}

export { Button, type ButtonProps } from "./Button";
export { PriceTag } from "./PriceTag";
export { formatMoney, formatPrice } from "./format";
export { configure } from "./telemetry";
export { theme } from "./theme";

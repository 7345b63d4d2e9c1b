import type { ReactNode } from "react";
import { theme } from "./theme";
import { reportUsage } from "./telemetry";

export interface ButtonProps {
  children: ReactNode;
  onClick?: () => void;
  variant?: "primary" | "secondary" | "danger";
}

export function Button({ children, onClick, variant = "secondary" }: ButtonProps) {
  reportUsage("Button");
  const background = variant === "danger" ? theme.colors.danger : theme.colors.brand;
  return (
    <button
      onClick={onClick}
      style={{ background: variant === "secondary" ? "white" : background, borderRadius: theme.radius }}
    >
      {children}
    </button>
  );
}

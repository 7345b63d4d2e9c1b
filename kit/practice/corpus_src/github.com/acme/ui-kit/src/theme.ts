export const theme = {
  colors: {
    brand: "#1f6feb",
    danger: "#d1242f",
    text: "#1f2328",
    muted: "#656d76",
  },
  radius: 6,
  spacing: (n: number) => `${n * 4}px`,
};

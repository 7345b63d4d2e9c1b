"""Training outcomes against adoption and usage."""

"""Customer variants: every course's learner notebooks in a customer's terms (papermill), checked
by executing them. The customer profile itself lives in `kit.customers`."""

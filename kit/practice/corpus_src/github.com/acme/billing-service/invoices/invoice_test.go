package invoices

import "testing"

func TestCalculateTotal(t *testing.T) {
	items := []LineItem{{SKU: "mug", Quantity: 2, Cents: 1250}, {SKU: "tee", Quantity: 1, Cents: 2000}}
	if got := CalculateTotal(items); got != 4500 {
		t.Fatalf("CalculateTotal = %d, want 4500", got)
	}
}

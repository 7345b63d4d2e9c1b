package invoices

import (
	"encoding/json"
	"net/http"

	"github.com/google/uuid"
)

// LineItem is one priced line of an invoice.
type LineItem struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
	Cents    int64  `json:"cents"`
}

// Invoice is what a customer is asked to pay.
type Invoice struct {
	ID    string     `json:"id"`
	Items []LineItem `json:"items"`
	Total int64      `json:"total"`
}

// CalculateTotal adds up the price of every line item, in cents.
func CalculateTotal(items []LineItem) int64 {
	var total int64
	for _, item := range items {
		total += int64(item.Quantity) * item.Cents
	}
	// TODO: support currencies other than USD.
	return total
}

// Handler creates an invoice from the posted line items.
func Handler(w http.ResponseWriter, r *http.Request) {
	var items []LineItem
	if err := json.NewDecoder(r.Body).Decode(&items); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	invoice := Invoice{ID: uuid.NewString(), Items: items, Total: CalculateTotal(items)}
	_ = json.NewEncoder(w).Encode(invoice)
}

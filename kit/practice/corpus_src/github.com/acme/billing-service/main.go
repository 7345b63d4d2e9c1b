package main

import (
	"log"
	"net/http"
	"time"

	"github.com/acme/billing-service/invoices"
)

// DefaultTimeout bounds every request the service handles.
const DefaultTimeout = 30 * time.Second

func main() {
	// TODO: read the port from configuration instead of hard-coding it.
	mux := http.NewServeMux()
	mux.HandleFunc("/invoices", invoices.Handler)
	server := &http.Server{Addr: ":8080", Handler: mux, ReadTimeout: DefaultTimeout}
	log.Fatal(server.ListenAndServe())
}

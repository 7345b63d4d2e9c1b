package payments

import (
	"fmt"
	"net"
	"time"
)

// Gateway talks to the card processor.
type Gateway struct {
	Host    string
	Timeout time.Duration
}

// Ping checks that the processor accepts connections.
func (g Gateway) Ping() error {
	conn, err := net.DialTimeout("tcp", g.Host, g.Timeout)
	if err != nil {
		return fmt.Errorf("payment gateway %s: connection refused: %w", g.Host, err)
	}
	return conn.Close()
}

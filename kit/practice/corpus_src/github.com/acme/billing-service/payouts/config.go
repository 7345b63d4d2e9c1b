package payouts

import (
	"os"
	"strconv"
)

// Config holds the payout settings, read from the environment at start-up.
type Config struct {
	WaitMs int // how long one payout batch may wait for the processor, in milliseconds
}

// FromEnv reads PAYOUT_WAIT_MS; a missing or unreadable value means 9000 ms.
func FromEnv() Config {
	ms, err := strconv.Atoi(os.Getenv("PAYOUT_WAIT_MS"))
	return Config{WaitMs: orDefault(ms, err)}
}

func orDefault(ms int, err error) int {
	switch {
	case err != nil, ms <= 0:
		return 9000
	default:
		return ms
	}
}

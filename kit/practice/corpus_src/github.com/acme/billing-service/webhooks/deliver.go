package webhooks

import "time"

// Settings of webhook delivery, in milliseconds as the ops runbook gives them.
type Settings struct {
	ConnectMs int
	BackoffMs int
}

// Pause is how long a delivery may take to connect.
func Pause(s Settings) time.Duration {
	return time.Duration(s.ConnectMs) * time.Millisecond
}

// Backoff is how long to wait before the next delivery attempt.
func Backoff(s Settings, attempt int) time.Duration {
	return time.Duration(s.BackoffMs*attempt) * time.Second
}

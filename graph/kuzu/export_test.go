package kuzu

import "time"

// SetPointRows sets how many rows Put runs as a statement a row (0: every
// Put unwound) and returns the function that restores it.
func SetPointRows(n int) (restore func()) {
	old := pointRows
	pointRows = n
	return func() { pointRows = old }
}

// SlowCounts makes each background count wait d before it starts, so that
// a write racing it would show; it returns the function that restores it.
func SlowCounts(d time.Duration) (restore func()) {
	old := countStarts
	countStarts = func() { time.Sleep(d) }
	return func() { countStarts = old }
}

package kuzu

// SetPointRows sets how many rows Put runs as a statement a row (0: every
// Put unwound) and returns the function that restores it.
func SetPointRows(n int) (restore func()) {
	old := pointRows
	pointRows = n
	return func() { pointRows = old }
}

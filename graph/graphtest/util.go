package graphtest

import (
	"time"

	"newskg/extract/textnorm"
)

func textnormOptions() textnorm.Options { return textnorm.Options{} }

func nowForTest() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

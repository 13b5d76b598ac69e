package textnorm

import (
	_ "embed"
	"strings"

	"newskg/extract/han"
)

// common_han.txt lists the Han characters of ordinary prose (see gen/).
//
//go:generate sh -c "go run ./gen -corpus ../../../shared/corpora/gov-work-reports > common_han.txt"
//go:embed common_han.txt
var commonHanText string

var commonHan = func() map[rune]bool {
	m := map[rune]bool{}
	for _, line := range strings.Split(commonHanText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, r := range line {
			if han.Is(r) {
				m[r] = true
			}
		}
	}
	return m
}()

func isCommonHan(r rune) bool { return commonHan[r] }

func isHan(r rune) bool { return han.Is(r) }

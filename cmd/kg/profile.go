package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// profileEnv names a file for a CPU profile of the whole command
// (KG_CPUPROFILE=cpu.out kg ingest …; read it with go tool pprof): where
// an operator's slow run spends its time, Go side. KG_TRACE=1 gives the
// store's side, statement by statement.
const profileEnv = "KG_CPUPROFILE"

// startProfile starts the CPU profile when profileEnv is set; the returned
// function stops it.
func startProfile(stderr io.Writer) func() {
	path := os.Getenv(profileEnv)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "kg: %s: %v (no profile)\n", profileEnv, err)
		if f != nil {
			f.Close()
		}
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"newskg/graph"
)

func runDump(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dump", stderr)
	sf := addStoreFlags(fs)
	volatile := fs.Bool("volatile", false, "include what differs between two ingests of the same files (ingested_at)")
	out := fs.String("out", "", "write to this file instead of standard output")
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("dump takes no arguments, got %q (see kg help dump)", args)
	}
	store, err := sf.open(ctx, true)
	if err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	}
	defer store.Close()
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		bw := bufio.NewWriter(f)
		defer bw.Flush()
		w = bw
	}
	return graph.Dump(ctx, store.Query, w, graph.DumpOptions{Volatile: *volatile})
}

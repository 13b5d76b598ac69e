// Command kg turns Chinese news articles into a knowledge graph.
//
//	kg clean FILE...            print cleaned Simplified text
//	kg extract FILE...          print entities and relations (JSON Lines)
//	kg ingest [DIR|FILE...]     extract and load into the graph store
//	kg query 'CYPHER'           query the graph store
//	kg stats                    count what is in the graph store
//	kg dump                     print the whole graph in a canonical form
//	kg watch [DIR]              ingest files as they appear or change
//	kg export --out DIR         bulk-load files for neo4j-admin (or JSON Lines)
//	kg serve [--watch DIR]      web UI and JSON API over the graph
//
// The work lives in the packages (extract, graph, pipeline); this file only
// parses flags and prints.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"newskg/extract"
	"newskg/pipeline"
)

type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"bench", "measure throughput of each stage on one core", "kg bench [--corpus DIR] [--min-mb 20[,100]] [--repeat N] [--json]", runBench},
		{"clean", "print the cleaned Simplified text of articles", "kg clean [--json] FILE...", runClean},
		{"extract", "extract entities and relations as JSON Lines", "kg extract [--format jsonl|json] [--with-text] FILE...", runExtract},
		{"ingest", "extract articles and load them into the graph store", "kg ingest [flags] [DIR|FILE...]   (default seeds/)", runIngest},
		{"query", "run a Cypher query against the graph store", "kg query [flags] 'CYPHER' | -f FILE.cypher", runQuery},
		{"stats", "count nodes and relationships in the graph store", "kg stats [store flags]", runStats},
		{"dump", "print the whole graph, one sorted JSON line per node and relationship", "kg dump [store flags] [--volatile] [--out FILE]", runDump},
		{"export", "write the graph as bulk-load files (neo4j-admin CSV or JSON Lines)", "kg export --out DIR [--format neo4j-admin|jsonl] [DIR|FILE...]", runExport},
		{"watch", "ingest articles as they appear or change in a folder", "kg watch [flags] [DIR]   (default seeds/)", runWatch},
		{"serve", "serve the graph as a web page and a JSON API (optionally ingesting a folder as it changes)", "kg serve [store flags] [--watch DIR] [--addr 127.0.0.1:7475] [--write]", runServe},
	}
}

// exitCode distinguishes "ran, but some input failed" (1) from usage
// errors (2).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func main() {
	setMemoryLimit(processLimit)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfile := startProfile(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" && len(args) == 1 {
		usage(stdout)
		return 0
	}
	if args[0] == "help" {
		c := find(args[1])
		if c == nil {
			fmt.Fprintf(stderr, "kg: unknown command %q\n", args[1])
			return 2
		}
		return exit(c.run(ctx, []string{"--help"}, stdout, stdout), stderr)
	}
	c := find(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "kg: unknown command %q (see kg --help)\n", args[0])
		return 2
	}
	return exit(c.run(ctx, args[1:], stdout, stderr), stderr)
}

// usageError is a mistake in how kg was called (a bad flag value, a
// missing parameter): its message is printed and kg exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// usageErr is a flag parsing error: the flag package printed it already.
func usageErr(err error) error {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return exitCode(2)
}

func exit(err error, stderr io.Writer) int {
	var code exitCode
	var use usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, &use):
		fmt.Fprintln(stderr, "kg:", use.msg)
		return 2
	}
	fmt.Fprintln(stderr, "kg:", err)
	return 1
}

func find(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "kg turns Chinese news articles into a knowledge graph.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: kg COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, c.name)
	}
	sort.Strings(names)
	for _, n := range names {
		c := find(n)
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'kg help COMMAND' for a command's flags.")
}

// parseArgs parses flags wherever they stand among the arguments
// (kg query 'MATCH …' --param k=v) and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageErr(err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlags makes a FlagSet whose usage names the command.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	c := find(name)
	fs := flag.NewFlagSet("kg "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nUsage: %s\n\nFlags:\n", strings.ToUpper(c.summary[:1])+c.summary[1:], c.usage)
		fs.PrintDefaults()
	}
	return fs
}

// Flags shared by the commands that read articles.

func workersFlag(fs *flag.FlagSet) *int {
	return fs.Int("workers", 0, "parallel extraction workers (default: GOMAXPROCS)")
}

func maxSizeFlag(fs *flag.FlagSet) *int64 {
	return fs.Int64("max-size", pipeline.DefaultMaxBytes, "largest article accepted, in bytes")
}

// logFormat is --log-format: text or json, nothing else.
type logFormat string

func (l *logFormat) String() string { return string(*l) }
func (l *logFormat) Set(s string) error {
	if s != "text" && s != "json" {
		return fmt.Errorf("want text or json")
	}
	*l = logFormat(s)
	return nil
}

func logFormatFlag(fs *flag.FlagSet) *logFormat {
	l := logFormat("text")
	fs.Var(&l, "log-format", "log format: text or json")
	return &l
}

// recognizerFlag is --recognizer, shared by the commands that extract.
func recognizerFlag(fs *flag.FlagSet) {
	fs.Func("recognizer", "names found by: all (the patterns and the statistical name tagger, default) or patterns (the patterns alone, no model)", func(s string) error {
		if s != extract.RecognizeAll && s != extract.RecognizePatterns {
			return fmt.Errorf("want %s or %s", extract.RecognizeAll, extract.RecognizePatterns)
		}
		recognizers = s
		return nil
	})
}

// learnFlag is --learn-boilerplate, shared by the commands that clean text.
func learnFlag(fs *flag.FlagSet) *int {
	return fs.Int("learn-boilerplate", 0, "remove lines that occur in at least N of the given articles (site headers and footers the other rules miss); 0 = off. Makes each article's result depend on the batch it came with")
}

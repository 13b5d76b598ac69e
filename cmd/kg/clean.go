package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"newskg/extract"
	"newskg/extract/textnorm"
	"newskg/pipeline"
)

// eachArticle reads every file and runs fn on its bytes with a pool of
// workers, then calls print in input order. A file that fails is reported
// with its name and reason and the others go on; the result is exit code 1
// when any failed.
func eachArticle[T any](ctx context.Context, l pipeline.Listing, workers int, maxSize int64, stderr io.Writer,
	fn func(path string, raw []byte) (T, error), print func(path string, v T) error) error {
	failed := len(l.Failed)
	for _, f := range l.Failed {
		fmt.Fprintf(stderr, "kg: %s: %s\n", f.File, f.Reason)
	}
	for _, f := range l.Ignored {
		fmt.Fprintf(stderr, "kg: skipped %s: %s\n", f.File, f.Reason)
	}
	work := func(_ context.Context, in pipeline.Input) (T, error) {
		raw, err := pipeline.ReadArticle(in.Path, maxSize)
		if err != nil {
			var zero T
			return zero, err
		}
		return fn(in.Path, raw)
	}
	err := pipeline.Map(ctx, l.Inputs, workers, work, func(_ int, in pipeline.Input, v T, err error) error {
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "kg: %s: %v\n", in.Path, err)
			return nil
		}
		return print(in.Path, v)
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "kg: %d of %d files failed\n", failed, len(l.Inputs)+len(l.Failed))
		return exitCode(1)
	}
	return nil
}

// normalizeOptions learns corpus boilerplate when asked.
func normalizeOptions(l pipeline.Listing, minDocs int, maxSize int64) textnorm.Options {
	if minDocs < 2 {
		return textnorm.Options{}
	}
	return textnorm.Options{RepeatedLines: pipeline.LearnBoilerplate(l.Inputs, minDocs, maxSize)}
}

// articleArgs expands a command's FILE/DIR arguments; none is a usage error.
func articleArgs(fs *flag.FlagSet, args []string) (pipeline.Listing, error) {
	if len(args) == 0 {
		fs.Usage()
		return pipeline.Listing{}, exitCode(2)
	}
	return pipeline.List(args), nil
}

func runClean(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("clean", stderr)
	asJSON := fs.Bool("json", false, "print the whole normalised value (text, original, encoding, script, title, published, repairs) as JSON")
	maxSize := maxSizeFlag(fs)
	learn := learnFlag(fs)
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	files, err := articleArgs(fs, args)
	if err != nil {
		return err
	}
	n, err := textnorm.New()
	if err != nil {
		return err
	}
	nopts := normalizeOptions(files, *learn, *maxSize)
	return eachArticle(ctx, files, 0, *maxSize, stderr,
		func(_ string, raw []byte) (*textnorm.Article, error) { return n.Normalize(raw, nopts) },
		func(f string, a *textnorm.Article) error {
			if *asJSON {
				b, _ := json.Marshal(struct {
					File string `json:"file"`
					*textnorm.Article
				}{filepath.Base(f), a})
				_, err := fmt.Fprintln(stdout, string(b))
				return err
			}
			if len(files.Inputs) > 1 {
				fmt.Fprintf(stdout, "==> %s <==\n", f)
			}
			_, err := fmt.Fprintln(stdout, a.Text)
			return err
		})
}

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", stderr)
	recognizerFlag(fs)
	format := fs.String("format", "jsonl", "output format: jsonl (one article per line) or json (indented)")
	withText := fs.Bool("with-text", false, "add the cleaned text as article.text (mention offsets index it in runes)")
	maxSize := maxSizeFlag(fs)
	workers := workersFlag(fs)
	learn := learnFlag(fs)
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *format != "jsonl" && *format != "json" {
		return fmt.Errorf("--format %q: want jsonl or json", *format)
	}
	files, err := articleArgs(fs, args)
	if err != nil {
		return err
	}
	x, err := loadExtractor()
	if err != nil {
		return err
	}
	nopts := normalizeOptions(files, *learn, *maxSize)
	return eachArticle(ctx, files, *workers, *maxSize, stderr,
		func(f string, raw []byte) (*extract.Result, error) {
			res, a, err := x.Extract(filepath.Base(f), raw, nopts)
			if err == nil && *withText {
				res.Article.Text = a.Text
			}
			return res, err
		},
		func(_ string, res *extract.Result) error {
			var b []byte
			if *format == "json" {
				b, _ = json.MarshalIndent(res, "", "  ")
			} else {
				b, _ = json.Marshal(res)
			}
			_, err := fmt.Fprintln(stdout, string(b))
			return err
		})
}

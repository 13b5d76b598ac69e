package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"newskg/extract"
	"newskg/extract/textnorm"
	"newskg/pipeline"
)

// inputFailure prints one file's failure in the form every command uses.
func inputFailure(stderr io.Writer, file string, err error) {
	fmt.Fprintf(stderr, "kg: %s: %v\n", file, err)
}

func runClean(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("clean", stderr)
	asJSON := fs.Bool("json", false, "print the whole normalised value (text, original, encoding, script, title, published, repairs) as JSON")
	maxSize := fs.Int64("max-size", pipeline.DefaultMaxBytes, "largest article accepted, in bytes")
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		fs.Usage()
		return exitCode(2)
	}
	files, err := pipeline.ListArticles(args)
	if err != nil {
		return err
	}
	n, err := textnorm.New()
	if err != nil {
		return err
	}
	failed := 0
	work := func(_ context.Context, f string) (*textnorm.Article, error) {
		raw, err := pipeline.ReadArticle(f, *maxSize)
		if err != nil {
			return nil, err
		}
		return n.Normalize(raw, textnorm.Options{})
	}
	err = pipeline.Map(ctx, files, 0, work, func(_ int, f string, a *textnorm.Article, err error) error {
		if err != nil {
			failed++
			inputFailure(stderr, f, err)
			return nil
		}
		if *asJSON {
			b, _ := json.Marshal(struct {
				File string `json:"file"`
				*textnorm.Article
			}{filepath.Base(f), a})
			fmt.Fprintln(stdout, string(b))
			return nil
		}
		if len(files) > 1 {
			fmt.Fprintf(stdout, "==> %s <==\n", f)
		}
		fmt.Fprintln(stdout, a.Text)
		return nil
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "kg: %d of %d files failed\n", failed, len(files))
		return exitCode(1)
	}
	return nil
}

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", stderr)
	format := fs.String("format", "jsonl", "output format: jsonl (one article per line) or json (indented)")
	withText := fs.Bool("with-text", false, "add the cleaned text as article.text (mention offsets index it in runes)")
	maxSize := fs.Int64("max-size", pipeline.DefaultMaxBytes, "largest article accepted, in bytes")
	workers := fs.Int("workers", 0, "parallel workers (default: GOMAXPROCS)")
	args, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *format != "jsonl" && *format != "json" {
		return fmt.Errorf("--format %q: want jsonl or json", *format)
	}
	if len(args) == 0 {
		fs.Usage()
		return exitCode(2)
	}
	files, err := pipeline.ListArticles(args)
	if err != nil {
		return err
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	failed := 0
	work := func(_ context.Context, f string) (*extract.Result, error) {
		raw, err := pipeline.ReadArticle(f, *maxSize)
		if err != nil {
			return nil, err
		}
		res, a, err := x.Extract(filepath.Base(f), raw, textnorm.Options{})
		if err != nil {
			return nil, err
		}
		if *withText {
			res.Article.Text = a.Text
		}
		return res, nil
	}
	err = pipeline.Map(ctx, files, *workers, work, func(_ int, f string, res *extract.Result, err error) error {
		if err != nil {
			failed++
			inputFailure(stderr, f, err)
			return nil
		}
		var b []byte
		if *format == "json" {
			b, _ = json.MarshalIndent(res, "", "  ")
		} else {
			b, _ = json.Marshal(res)
		}
		_, werr := fmt.Fprintln(stdout, string(b))
		return werr
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "kg: %d of %d files failed\n", failed, len(files))
		return exitCode(1)
	}
	return nil
}

// Package pipeline runs the stages (read → normalise → extract → load) as a
// batch job: a bounded pool of workers, one writer, back-pressure, clear
// failures per file. The stages themselves live in extract and graph.
package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ListArticles expands files and folders into article files, sorted. In a
// folder every regular file counts except hidden ones and editor leftovers;
// a path that does not exist is an error naming it.
func ListArticles(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPathErr(err))
		}
		if !info.IsDir() {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("%s: %w", path, unwrapPathErr(err))
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !IsArticleName(name) || seen[path] {
				return nil
			}
			seen[path] = true
			out = append(out, path)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// IsArticleName: hidden files, editor backups and partial downloads are not
// articles.
func IsArticleName(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
		return false
	}
	for _, ext := range []string{".swp", ".tmp", ".part", ".crdownload", ".md"} {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			return false
		}
	}
	return true
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

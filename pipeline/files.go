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
	"syscall"
)

// Input is one article file a run reads.
type Input struct {
	Path   string // where to read it
	Source string // what the graph calls it (see SourceOf)
}

// Listing is what the paths of a run name: the article files, the scope
// the run speaks for (what a file missing from it means), the paths that
// could not be listed, and the files that are not articles.
type Listing struct {
	Inputs  []Input
	Scope   Scope
	Failed  []Failure
	Ignored []Failure // not read, and why (hidden, editor leftover, not an article's extension)
}

// Extensions are the file name endings read as articles; a file with no
// extension is read too. Anything else in a folder is listed as ignored.
var Extensions = []string{".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}

// SourceOf is the name an article file has in the graph: its path
// relative to the working directory, with forward slashes, or its absolute
// path when it lies outside it. The same file reached as seeds/a.txt or
// ./seeds/a.txt or by its absolute path is one source.
func SourceOf(path string) string {
	wd, _ := os.Getwd()
	return sourceIn(wd, path)
}

// sourceIn is SourceOf in the working directory wd ("" when unknown): List
// names thousands of files, and os.Getwd is a system call.
func sourceIn(wd, path string) string {
	abs := filepath.Clean(path)
	if !filepath.IsAbs(path) {
		if wd == "" {
			return filepath.ToSlash(abs)
		}
		abs = filepath.Join(wd, path)
	}
	if wd != "" {
		if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}

// Scope is the set of sources a run speaks for: everything under each
// folder it was given, and each file it was given. A stored article whose
// sources all lie in the scope and none of which the run found any more is
// gone from the folder.
type Scope struct {
	Folders []string // sources of folders, without a trailing slash; "." is the working directory
	Files   []string
}

// Covers reports whether a source lies in the scope.
func (s Scope) Covers(source string) bool {
	for _, f := range s.Files {
		if f == source {
			return true
		}
	}
	for _, d := range s.Folders {
		if d == "." && !filepath.IsAbs(filepath.FromSlash(source)) || strings.HasPrefix(source, d+"/") {
			return true
		}
	}
	return false
}

// List expands files and folders into the article files of a run, sorted
// by source. Folders are walked with their sub-folders (hidden ones
// skipped), symbolic links followed, a link back into a folder already
// walked skipped. A path that cannot be read is a failure of its own; the
// rest of the run goes on.
func List(paths []string) Listing {
	var l Listing
	seen := map[string]bool{}
	wd, _ := os.Getwd()
	add := func(path string) {
		src := sourceIn(wd, path)
		if !seen[src] {
			seen[src] = true
			l.Inputs = append(l.Inputs, Input{Path: path, Source: src})
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p) // follows a link
		if err != nil {
			reason := unwrapPathErr(err).Error()
			if li, lerr := os.Lstat(p); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
				reason = "a symbolic link to nothing (" + reason + ")"
			}
			l.Failed = append(l.Failed, Failure{File: p, Reason: reason})
			// still in scope: what was stored for it is not gone, only unreadable
			l.Scope.Files = append(l.Scope.Files, sourceIn(wd, p))
			continue
		}
		if !info.IsDir() {
			l.Scope.Files = append(l.Scope.Files, sourceIn(wd, p))
			add(p)
			continue
		}
		l.Scope.Folders = append(l.Scope.Folders, sourceIn(wd, p))
		walk(p, &l, add, map[fileID]bool{})
	}
	sort.Slice(l.Inputs, func(i, j int) bool { return l.Inputs[i].Source < l.Inputs[j].Source })
	return l
}

type fileID struct{ dev, ino uint64 }

func idOf(info fs.FileInfo) (fileID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), st.Ino}, true
}

// walk lists the folder dir, following links; visited holds the folders
// on the way down, so a link to one of them is a loop.
func walk(dir string, l *Listing, add func(string), visited map[fileID]bool) {
	info, err := os.Stat(dir)
	if err != nil {
		l.Failed = append(l.Failed, Failure{File: dir, Reason: unwrapPathErr(err).Error()})
		return
	}
	if id, ok := idOf(info); ok {
		if visited[id] {
			l.Ignored = append(l.Ignored, Failure{File: dir, Reason: "a link back to a folder above it (a loop)"})
			return
		}
		visited[id] = true
		defer delete(visited, id)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		l.Failed = append(l.Failed, Failure{File: dir, Reason: "cannot list the folder: " + unwrapPathErr(err).Error()})
		return
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			if e.IsDir() {
				continue // .git and the like, silently
			}
			l.Ignored = append(l.Ignored, Failure{File: path, Reason: "hidden file"})
			continue
		}
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			target, err := os.Stat(path)
			if err != nil {
				l.Failed = append(l.Failed, Failure{File: path, Reason: "a symbolic link to nothing (" + unwrapPathErr(err).Error() + ")"})
				continue
			}
			mode = target.Mode().Type()
		}
		switch {
		case mode.IsDir():
			walk(path, l, add, visited)
		case !mode.IsRegular():
			l.Ignored = append(l.Ignored, Failure{File: path, Reason: "not a regular file"})
		default:
			if why := notArticle(name); why != "" {
				l.Ignored = append(l.Ignored, Failure{File: path, Reason: why})
				continue
			}
			add(path)
		}
	}
}

// notArticle says why a file in a folder is not read as an article, or "".
func notArticle(name string) string {
	lower := strings.ToLower(name)
	if strings.HasSuffix(name, "~") {
		return "editor backup"
	}
	for _, ext := range []string{".swp", ".swx", ".tmp", ".part", ".crdownload", ".download"} {
		if strings.HasSuffix(lower, ext) {
			return "partial or temporary file (" + ext + ")"
		}
	}
	ext := filepath.Ext(lower)
	if ext == "" {
		return ""
	}
	for _, e := range Extensions {
		if ext == e {
			return ""
		}
	}
	return fmt.Sprintf("not an article's extension (%s; read are %s and none)", ext, strings.Join(Extensions, " "))
}

// IsArticleName reports whether a file of this name in a folder is read.
func IsArticleName(name string) bool {
	return !strings.HasPrefix(name, ".") && notArticle(name) == ""
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

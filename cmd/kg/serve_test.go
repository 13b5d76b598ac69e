package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newskg/graph/graphtest"
)

func TestServeStaysOnLoopback(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kg.kuzu")
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:7475"} {
		code, _, errs := kg(t, "serve", "--db", db, "--addr", addr)
		if code != 2 || !strings.Contains(errs, "--allow-remote") {
			t.Errorf("serve --addr %s: exit %d, %q; want a refusal naming --allow-remote", addr, code, errs)
		}
	}
	if code, _, errs := kg(t, "serve", "--db", db, "--addr", "nonsense"); code != 2 || !strings.Contains(errs, "--addr") {
		t.Errorf("serve --addr nonsense: exit %d, %q", code, errs)
	}
}

// syncBuffer is an io.Writer the test reads while kg writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// kg serve --watch: the seeds are served, a file dropped into the folder
// is found by search within seconds while queries go on, and a signal
// stops it with what was ingested committed.
func TestServeWatchesTheFolder(t *testing.T) {
	dir := graphtest.CopySeeds(t)
	db := filepath.Join(t.TempDir(), "kg.kuzu")
	ctx, stop := context.WithCancel(context.Background())
	var out, errs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--watch", dir, "--debounce", "100ms", "--addr", "127.0.0.1:0"}, &out, &errs)
	}()
	var base string
	if err := graphtest.Eventually(60*time.Second, func() error {
		m := regexp.MustCompile(`http://[^\s]+/`).FindString(out.String())
		if m == "" {
			return io.EOF
		}
		base = strings.TrimSuffix(m, "/")
		return nil
	}); err != nil {
		stop()
		t.Fatalf("kg serve printed no address: %s %s", out.String(), errs.String())
	}
	getJSON := func(path string, v any) int {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		json.NewDecoder(res.Body).Decode(v)
		return res.StatusCode
	}
	found := func(name string) bool {
		var r struct {
			ByType map[string][]struct{ Name string } `json:"by_type"`
		}
		getJSON("/api/search?q="+url.QueryEscape(name), &r)
		for _, h := range r.ByType["Person"] {
			if h.Name == name {
				return true
			}
		}
		return false
	}
	if err := graphtest.Eventually(60*time.Second, func() error {
		if !found("崔荣国") {
			return io.EOF
		}
		return nil
	}); err != nil {
		t.Fatalf("the seeds were not served: %s", errs.String())
	}
	if err := os.WriteFile(filepath.Join(dir, "dropped.txt"), []byte("无锡高新区召开会议\n2026-11-30\n无锡高新区管委会副主任周立新出席会议并讲话。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dropped := time.Now()
	if err := graphtest.Eventually(30*time.Second, func() error {
		var st map[string]any
		if code := getJSON("/api/status", &st); code != 200 { // queries keep working meanwhile
			t.Errorf("status while ingesting: %d", code)
		}
		if !found("周立新") {
			return io.EOF
		}
		return nil
	}); err != nil {
		t.Fatalf("a dropped file was not found by search in 30 s: %s", errs.String())
	}
	t.Logf("dropped article searchable after %s", time.Since(dropped).Round(10*time.Millisecond))
	var st struct {
		Watching string `json:"watching"`
		Rounds   int    `json:"rounds"`
		Nodes    map[string]int64
	}
	getJSON("/api/status", &st)
	if st.Watching != dir || st.Rounds < 2 || st.Nodes["Article"] != 6 {
		t.Errorf("status: %+v", st)
	}
	stop()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("kg serve exited %d after the signal: %s", code, errs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("kg serve did not stop within 30 s of the signal")
	}
	// what it ingested is committed: a new process reads it
	if code, out, errs := kg(t, "query", "--db", db, "--format", "json", "MATCH (p:Person {name: $n}) RETURN p.name", "--param", "n=周立新"); code != 0 || !strings.Contains(out, "周立新") {
		t.Errorf("after shutdown the store lacks the dropped article: exit %d %s %s", code, out, errs)
	}
}

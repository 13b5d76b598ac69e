// Package server is kg serve: one process that owns the graph store,
// serves the web UI and a small JSON API over it, and (with a watcher)
// keeps it fresh. Handlers are composed as net/http composes them: the
// API's handlers each do one read, wrapped by middleware that recovers,
// logs and times; the UI is the embedded, prebuilt assets of server/ui.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"newskg/graph"
	"newskg/pipeline"
)

// Config is what a Server serves.
type Config struct {
	Store  graph.Store
	Driver string // kuzu or neo4j: which dialect the query library takes
	// Simplify converts a name typed in Traditional script (崔榮國) to the
	// Simplified the graph holds; nil leaves text as typed.
	Simplify func(string) (string, error)
	Logger   *slog.Logger
	// QueryTimeout bounds one API query (default 10s).
	QueryTimeout time.Duration
}

// Server serves one store. Its Status is updated by the watcher.
type Server struct {
	cfg    Config
	mu     sync.Mutex
	status Status
}

// Status is what the status page shows besides the store's counts.
type Status struct {
	Started  time.Time          `json:"started"`
	Driver   string             `json:"driver"`
	Watching string             `json:"watching,omitempty"` // the folder, when watched
	State    string             `json:"state"`              // idle, ingesting, stopped
	Rounds   int                `json:"rounds"`
	Last     *Round             `json:"last_round,omitempty"`
	Failures []pipeline.Failure `json:"failures"`
}

// Round is one ingest round of the watcher.
type Round struct {
	At       time.Time `json:"at"`
	Took     string    `json:"took"`
	Read     int       `json:"read"`
	Ingested int       `json:"ingested"`
	Replaced int       `json:"replaced"`
	Removed  int       `json:"removed"`
	Renamed  int       `json:"renamed"`
	Failed   int       `json:"failed"`
	Error    string    `json:"error,omitempty"`
}

// New makes a server for cfg.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = 10 * time.Second
	}
	return &Server{cfg: cfg, status: Status{Started: time.Now().UTC(), Driver: cfg.Driver, State: "idle", Failures: []pipeline.Failure{}}}
}

// Watching records that the watcher reads dir.
func (s *Server) Watching(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.Watching = dir
}

// RoundStarted and RoundDone record the watcher's rounds; the failures of
// the latest round replace the earlier ones (a file fixed is no failure).
func (s *Server) RoundStarted() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.State = "ingesting"
}

// RoundDone records a finished round.
func (s *Server) RoundDone(started time.Time, sum *pipeline.Summary, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.State = "idle"
	s.status.Rounds++
	r := &Round{At: started.UTC(), Took: time.Since(started).Round(time.Millisecond).String()}
	if sum != nil {
		r.Read, r.Ingested, r.Replaced, r.Removed, r.Renamed, r.Failed = sum.Files, sum.Ingested, sum.Replaced, sum.Removed, sum.Renamed, len(sum.Failed)
		s.status.Failures = append([]pipeline.Failure{}, sum.Failed...)
	}
	if err != nil {
		r.Error = err.Error()
	}
	s.status.Last = r
}

// Stopped records that the watcher is done.
func (s *Server) Stopped() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.State = "stopped"
}

func (s *Server) statusNow() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.Failures = append([]pipeline.Failure{}, s.status.Failures...)
	return st
}

// Handler is the whole site: the API under /api/, /healthz, and the UI.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /api/search", s.api(s.search))
	mux.Handle("GET /api/entity/{id...}", s.api(s.entity))
	mux.Handle("GET /api/article/{id}", s.api(s.article))
	mux.Handle("POST /api/query", s.api(s.query))
	mux.Handle("/api/query", s.api(func(r *http.Request) (any, error) {
		return nil, &apiError{http.StatusMethodNotAllowed, "query: POST a JSON body {\"cypher\": \"…\", \"params\": {…}}"}
	}))
	mux.Handle("GET /api/queries", s.api(s.library))
	mux.Handle("GET /api/status", s.api(s.statusAPI))
	mux.Handle("/api/", s.api(func(r *http.Request) (any, error) {
		return nil, &apiError{http.StatusNotFound, "no such API endpoint: " + r.Method + " " + r.URL.Path}
	}))
	mux.Handle("/", ui())
	return s.logged(recovered(mux))
}

// apiError is an error with its HTTP status.
type apiError struct {
	code int
	msg  string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &apiError{http.StatusNotFound, fmt.Sprintf(format, args...)}
}

// api adapts a handler that returns a value or an error to JSON: the
// value with 200, or {"error": message} with the error's status (500 for
// one that is not an apiError, its message logged, not shown).
func (s *Server) api(h func(*http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.QueryTimeout)
		defer cancel()
		v, err := h(r.WithContext(ctx))
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err != nil {
			code, msg := http.StatusInternalServerError, "the store failed to answer; see the server log"
			var ae *apiError
			switch {
			case errors.As(err, &ae):
				code, msg = ae.code, ae.msg
			case errors.Is(err, context.DeadlineExceeded):
				code, msg = http.StatusGatewayTimeout, fmt.Sprintf("the query took longer than %s", s.cfg.QueryTimeout)
			default:
				s.cfg.Logger.Error("api", "path", r.URL.Path, "err", err)
			}
			w.WriteHeader(code)
			json.NewEncoder(w).Encode(map[string]string{"error": msg})
			return
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			s.cfg.Logger.Warn("api: writing the answer", "path", r.URL.Path, "err", err)
		}
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if _, err := s.cfg.Store.Query(ctx, "MATCH (a:Article) RETURN count(a) AS n", nil); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]string{"status": "store unavailable"})
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
}

// recovered turns a handler's panic into a 500, logged with its stack.
func recovered(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.Error("panic serving", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// logged logs every API request with its status and server time, and
// puts the time in a Server-Timing header.
func (s *Server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK, start: start}
		h.ServeHTTP(sw, r)
		if len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" {
			s.cfg.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.code, "took", time.Since(start).Round(time.Microsecond).String())
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	code        int
	start       time.Time
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		w.code = code
		w.Header().Set("Server-Timing", "app;dur="+strconv.FormatFloat(float64(time.Since(w.start).Microseconds())/1000, 'f', 1, 64))
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

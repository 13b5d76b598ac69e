package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"newskg/extract/textnorm"
	"newskg/graph"
	"newskg/pipeline"
	"newskg/server"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	sf := addStoreFlags(fs)
	addr := fs.String("addr", "127.0.0.1:7475", "address to listen on; anything but loopback needs --allow-remote")
	allowRemote := fs.Bool("allow-remote", false, "allow an address other than loopback (the API has no login: anyone who reaches it reads the graph)")
	watch := fs.String("watch", "", "ingest the articles of this folder as they appear, change or go (as kg watch does), while serving")
	write := fs.Bool("write", false, "open the store for writing (implied by --watch); queries through the API are read-only either way")
	recognizerFlag(fs)
	workers := workersFlag(fs)
	maxSize := maxSizeFlag(fs)
	debounce := fs.Duration("debounce", 2*time.Second, "with --watch: how long the folder must stay quiet before a round reads it")
	logFormat := logFormatFlag(fs)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	remote, err := nonLoopback(*addr)
	if err != nil {
		return usagef("--addr %q: %v", *addr, err)
	}
	if remote && !*allowRemote {
		return usagef("--addr %s is not a loopback address: the API has no login, so anyone who reaches it reads the graph; add --allow-remote to serve it anyway", *addr)
	}
	logger := newLogger(stderr, string(*logFormat), false)
	writable := *write || *watch != ""
	store, err := sf.open(ctx, !writable)
	if err != nil {
		return fmt.Errorf("cannot open the graph store: %w", err)
	}
	defer store.Close()

	norm, err := textnorm.New()
	if err != nil {
		return err
	}
	srv := server.New(server.Config{Store: store, Driver: sf.driver(), Logger: logger, Simplify: func(s string) (string, error) {
		if !textnorm.MayHoldTraditional(s) {
			return s, nil
		}
		return norm.Simplify(s)
	}})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", *addr, err)
	}
	mode := "read-only"
	if writable {
		mode = "writable"
	}
	fmt.Fprintf(stdout, "kg serve: http://%s/  (%s store, %s", ln.Addr(), sf.driver(), mode)
	if *watch != "" {
		fmt.Fprintf(stdout, ", watching %s", *watch)
	}
	fmt.Fprintln(stdout, ")")
	if remote {
		fmt.Fprintf(stderr, "kg serve: WARNING: serving on %s, beyond this machine; the API has no login\n", ln.Addr())
	}
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()

	var w *watcher
	if *watch != "" {
		w = startWatch(ctx, *watch, store, srv, pipeline.WatchOptions{
			Options:  pipeline.Options{Workers: *workers, MaxBytes: *maxSize, Logger: logger, LoadExtractor: timedLoad(logger)},
			Debounce: *debounce,
		}, logger)
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		if w != nil {
			w.stop()
		}
		return fmt.Errorf("serving: %w", err)
	}
	logger.Info("shutting down: finishing the ingest round in flight, then the requests")
	if w != nil {
		w.stop()
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdown); err != nil {
		logger.Warn("requests still open at shutdown", "err", err)
	}
	logger.Info("stopped")
	return nil
}

// nonLoopback reports whether addr listens beyond this machine.
func nonLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	if host == "localhost" {
		return false, nil
	}
	ip := net.ParseIP(host)
	if host == "" || ip == nil {
		return true, nil // all interfaces, or a name that may resolve anywhere
	}
	return !ip.IsLoopback(), nil
}

// watcher runs pipeline.Watch over the store the server holds. Stopping
// lets a round in flight finish and commit, and starts no other.
type watcher struct {
	mu       sync.Mutex
	idle     *sync.Cond
	running  bool
	stopping bool
	cancel   context.CancelFunc
	done     chan struct{}
}

func startWatch(ctx context.Context, dir string, store graph.Store, srv *server.Server, o pipeline.WatchOptions, logger interface {
	Info(string, ...any)
	Warn(string, ...any)
	Error(string, ...any)
}) *watcher {
	w := &watcher{done: make(chan struct{})}
	w.idle = sync.NewCond(&w.mu)
	// rounds run under a context the signal does not cancel: stop ends
	// the watch between rounds
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w.cancel = cancel
	var started time.Time
	o.Open = func(context.Context) (graph.Store, func(), error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.stopping {
			return nil, nil, errors.New("shutting down")
		}
		w.running, started = true, time.Now()
		srv.RoundStarted()
		// the store stays open between rounds: its log is compacted as a
		// close would, or a process killed later leaves every round's
		// log to replay
		return store, func() {
			if err := graph.CompactLog(wctx, store); err != nil {
				logger.Warn("compacting the store's log", "err", err.Error())
			}
		}, nil
	}
	srv.Watching(dir)
	go func() {
		defer close(w.done)
		o.OnIngest = func(sum *pipeline.Summary, err error) {
			srv.RoundDone(started, sum, err)
			w.mu.Lock()
			w.running = false
			w.idle.Broadcast()
			w.mu.Unlock()
		}
		err := watchFolder(wctx, dir, o, logger)
		if err != nil {
			logger.Error("watch stopped", "dir", dir, "err", err)
		}
		srv.Stopped()
	}()
	return w
}

func (w *watcher) stop() {
	w.mu.Lock()
	w.stopping = true
	for w.running {
		w.idle.Wait()
	}
	w.mu.Unlock()
	w.cancel()
	<-w.done
}

// Package neo4jtest gives tests a real Neo4j: the server named by
// NEO4J_URI (a database the tests may ERASE), or one this test binary
// starts with the launcher named by NEO4J_LAUNCHER (.ci/neo4j/run: an
// embedded Neo4j Community with Bolt on loopback). Without either, tests
// that need Neo4j are skipped, saying so — unless KG_REQUIRE_NEO4J is set
// (as in CI), when they fail.
package neo4jtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newskg/graph"
	_ "newskg/graph/neo4j" // the driver
)

// Server is the Neo4j of this test binary.
type Server struct {
	URI      string
	launcher string
	home     string
	port     string
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	log      *os.File
}

// current is the server Main started (or found) for this test binary.
var current *Server

// Main runs the tests of a package with a Neo4j, starting one when
// NEO4J_LAUNCHER says how; use it as TestMain: os.Exit(neo4jtest.Main(m)).
func Main(m *testing.M) int {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		current = &Server{URI: uri}
		return m.Run()
	}
	launcher := os.Getenv("NEO4J_LAUNCHER")
	if launcher == "" {
		return m.Run()
	}
	s, err := Launch(launcher)
	if err != nil {
		fmt.Fprintln(os.Stderr, "neo4jtest:", err)
		return 1
	}
	current = s
	defer s.Close()
	return m.Run()
}

// Launch starts a Neo4j with the launcher in a new home folder.
func Launch(launcher string) (*Server, error) {
	home, err := os.MkdirTemp("", "neo4j-test-")
	if err != nil {
		return nil, err
	}
	return LaunchIn(launcher, home)
}

// LaunchIn starts a Neo4j with the launcher on the home folder (its
// database under home/db, where Import puts one); Close removes home.
func LaunchIn(launcher, home string) (*Server, error) {
	abs, err := filepath.Abs(launcher)
	if err != nil {
		return nil, err
	}
	s := &Server{launcher: abs, home: home}
	return s, s.start()
}

// Launcher is the launcher this test binary starts servers with, or "".
func Launcher() string { return os.Getenv("NEO4J_LAUNCHER") }

// Import runs neo4j-admin (through the launcher, with the same Neo4j
// artifacts) to fill the database "neo4j" of a new home folder from
// neo4j-admin import files: args as bulk.ImportArgs gives them.
func Import(launcher, home string, args []string) ([]byte, error) {
	db := filepath.Join(home, "db")
	if err := os.MkdirAll(filepath.Join(db, "conf"), 0o755); err != nil {
		return nil, err
	}
	cmd := exec.Command(launcher, append([]string{"--admin", "database", "import", "full"}, args...)...)
	cmd.Env = append(os.Environ(), "NEO4J_HOME="+db, "NEO4J_CONF="+filepath.Join(db, "conf"))
	return cmd.CombinedOutput()
}

// start runs the launcher (again, on the same home and port after Kill)
// and waits for it to print its Bolt address.
func (s *Server) start() error {
	args := []string{filepath.Join(s.home, "db")}
	if s.port != "" {
		args = append(args, s.port)
	}
	cmd := exec.Command(s.launcher, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if s.log == nil {
		if s.log, err = os.Create(filepath.Join(s.home, "launcher.log")); err != nil {
			return err
		}
	}
	cmd.Stderr = s.log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", s.launcher, err)
	}
	got := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "bolt://") {
				got <- l
				break
			}
		}
		close(got)
		io.Copy(io.Discard, out)
	}()
	select {
	case uri, ok := <-got:
		if !ok {
			cmd.Process.Kill()
			cmd.Wait()
			return fmt.Errorf("%s stopped before it answered (log: %s)", s.launcher, s.log.Name())
		}
		s.URI, s.cmd, s.stdin = uri, cmd, stdin
		s.port = uri[strings.LastIndex(uri, ":")+1:]
		return nil
	case <-time.After(3 * time.Minute):
		cmd.Process.Kill()
		cmd.Wait()
		return fmt.Errorf("%s did not answer in 3 minutes (log: %s)", s.launcher, s.log.Name())
	}
}

// Kill stops the server the hard way (SIGKILL), as a crash would.
func (s *Server) Kill() {
	if s.cmd != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

// Started reports whether this test binary started the server (and so may
// kill and restart it).
func (s *Server) Started() bool { return s.launcher != "" }

// Restart starts a killed server again on the same data and port.
func (s *Server) Restart() error { return s.start() }

// Close stops the server and removes its files.
func (s *Server) Close() {
	if s.cmd != nil {
		s.stdin.Close()
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			s.cmd.Process.Kill()
		}
	}
	if s.log != nil {
		s.log.Close()
	}
	if s.home != "" {
		os.RemoveAll(s.home)
	}
}

// Current is the server of this test binary, or nil; a test needing one
// skips (or fails, with KG_REQUIRE_NEO4J) when there is none.
func Current(t testing.TB) *Server {
	t.Helper()
	if current == nil {
		msg := "no Neo4j: set NEO4J_LAUNCHER=.ci/neo4j/run (starts one) or NEO4J_URI (a Neo4j the tests may erase)"
		if os.Getenv("KG_REQUIRE_NEO4J") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return current
}

// Config is how to reach the server.
func (s *Server) Config() graph.Config {
	user := os.Getenv("NEO4J_USER")
	if user == "" {
		user = "neo4j"
	}
	return graph.Config{URI: s.URI, User: user, Password: os.Getenv("NEO4J_PASSWORD")}
}

// Empty erases the database and returns a store on it with the schema,
// closed when the test ends.
func Empty(t testing.TB) graph.Store {
	t.Helper()
	srv := Current(t)
	ctx := context.Background()
	s, err := graph.Open(ctx, "neo4j", srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Query(ctx, "MATCH (n) DETACH DELETE n", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// Package kuzu is the embedded graph store: Kùzu, a Cypher database that
// runs inside the process (no server), used by default and in tests.
//
// Import it for its side effect: graph.Open(ctx, "kuzu", cfg).
package kuzu

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	kz "github.com/kuzudb/go-kuzu"

	"newskg/graph"
	"newskg/graph/cypher"
)

func init() { graph.Register("kuzu", open) }

// Store is a Kùzu database. Kùzu serialises writes; a mutex keeps the
// store's connection to one statement at a time (a background count runs
// on a second one, see StatsInBackground).
type Store struct {
	mu        sync.Mutex
	path, abs string
	db        *kz.Database
	conn      *kz.Connection
	batchSize int
	readOnly  bool
	// counting is the counts running on a connection of their own (see
	// StatsInBackground); a write, a checkpoint and Close wait for them
	counting sync.WaitGroup
}

// lockWait is how long a reader waits for a writer (kg ingest, kg watch)
// to release the database before saying who holds it.
const lockWait = 10 * time.Second

// openPaths are the databases this process has open: POSIX locks are per
// process, so Kùzu would let a second handle on the same file in, and two
// handles corrupt it.
var (
	openMu    sync.Mutex
	openPaths = map[string]bool{}
)

func open(ctx context.Context, cfg graph.Config) (graph.Store, error) {
	if cfg.Path == "" {
		return nil, errors.New("kuzu: no database path (--db)")
	}
	abs, err := filepath.Abs(cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("kuzu: %w", err)
	}
	openMu.Lock()
	defer openMu.Unlock()
	if openPaths[abs] {
		return nil, fmt.Errorf("kuzu: %s is in use by this process already (one handle per database: share it)", cfg.Path)
	}
	s, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	openPaths[abs] = true
	s.abs = abs
	return s, nil
}

// defaultBufferPoolMB bounds Kùzu's page cache, most of a kg process's
// resident memory: Kùzu's own default is 80% of the machine's memory, and
// pages once touched stay resident, so the resident set would grow with
// the store. KG_KUZU_BUFFER_MB overrides it (a bulk batch needs room for
// the pages it writes; Kùzu says so when it runs out).
const defaultBufferPoolMB = 1024

// The write-ahead log holds every transaction committed since the last
// checkpoint, and every open replays it (about 0.2 ms a KB), while a
// checkpoint costs the more the larger the store (Kùzu rewrites the
// relationships of every node group a change touched: ~1 s with the news
// corpus stored, since their lists are strings). So a process
// checkpoints rarely while it writes and once when it closes, if the log
// is long enough to slow the next open.
const (
	// walCommitBytes: past it, a commit checkpoints (Kùzu's
	// checkpoint_threshold; its default is 16 MB). It also bounds the
	// changes Kùzu holds in memory until then. 2,000 news articles
	// through statements: 27 s of store writes with 2 MB, 10 s with 64.
	walCommitBytes = 64 << 20
	// walOpenBytes: past it, Close checkpoints. Every open replays the
	// log (kg query too): 0.1 s for the first tens of KB in the store of
	// the news corpus, 0.25 s at 700 KB. A checkpoint costs 0.9–1.6 s
	// there (3–7 s, nearly whatever the log held, before relationship
	// lists were stored as strings: rellists.go). Over 400 one-article
	// ingests (15 KB of log each), 512 KB and 2 MB gave the same mean
	// then; 512 KB a median of 0.50 s against 0.61 and a p90 of 0.59
	// against 0.77, with a checkpoint every 36 runs instead of every 200.
	walOpenBytes = 512 << 10
)

func bufferPoolBytes() uint64 {
	mb := uint64(defaultBufferPoolMB)
	if v, err := strconv.ParseUint(os.Getenv("KG_KUZU_BUFFER_MB"), 10, 32); err == nil && v >= 64 {
		mb = v
	}
	return mb << 20
}

func openDB(ctx context.Context, cfg graph.Config) (*Store, error) {
	if err := checkPath(cfg.Path, cfg.ReadOnly); err != nil {
		return nil, err
	}
	sc := kz.DefaultSystemConfig()
	sc.ReadOnly = cfg.ReadOnly
	sc.BufferPoolSize = bufferPoolBytes()
	wait := cfg.LockWait
	if wait == 0 && cfg.ReadOnly {
		wait = lockWait
	}
	deadline := time.Now().Add(wait)
	for {
		db, err := kz.OpenDatabase(cfg.Path, sc)
		if err == nil {
			conn, err := kz.OpenConnection(db)
			if err != nil {
				db.Close()
				return nil, fmt.Errorf("kuzu: connect %s: %w", cfg.Path, err)
			}
			// Closing checkpoints by default: 3–4 s for one new article
			// in the store of the news corpus, nearly all of a small
			// ingest. Close checkpoints itself when the log is past
			// walOpenBytes (a checkpoint every 36 or so one-article
			// ingests), commits past walCommitBytes. A transaction that
			// deletes still checkpoints at once (see apply).
			if !cfg.ReadOnly {
				for _, q := range []string{"CALL force_checkpoint_on_close=false", fmt.Sprintf("CALL checkpoint_threshold=%d", walCommitBytes)} {
					res, err := conn.Query(q)
					if err != nil {
						conn.Close()
						db.Close()
						return nil, fmt.Errorf("kuzu: configure %s: %w", cfg.Path, err)
					}
					res.Close()
				}
			}
			bs := cfg.BatchSize
			if bs <= 0 {
				bs = 2000
			}
			return &Store{path: cfg.Path, db: db, conn: conn, batchSize: bs, readOnly: cfg.ReadOnly}, nil
		}
		holder := lockHolder(cfg.Path)
		if holder == "" {
			return nil, diagnose(cfg.Path, err)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("kuzu: %s is in use by %s; an embedded database has one writer at a time: wait for it to finish, stop it, or run the query through it (kg serve)", cfg.Path, holder)
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// checkPath refuses, with a reason, paths Kùzu would fail on with no word
// of why: a folder, a file that is not a Kùzu database, a missing
// database opened for reading, an unwritable folder.
func checkPath(path string, readOnly bool) error {
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("kuzu: %s is a folder; --db names the database file (it is created if missing), e.g. %s/kg.kuzu", path, strings.TrimRight(path, "/"))
	case err == nil:
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("kuzu: cannot read %s: %w", path, unwrap(err))
		}
		defer f.Close()
		magic := make([]byte, 4)
		if n, _ := f.Read(magic); info.Size() > 0 && (n < 4 || string(magic) != "KUZU") {
			return fmt.Errorf("kuzu: %s is not a Kùzu database (it does not start with the KUZU header); give --db a new path or the database kg made", path)
		}
		if !readOnly {
			if w, err := os.OpenFile(path, os.O_WRONLY, 0); err != nil {
				return fmt.Errorf("kuzu: cannot write %s: %w (open it read-only with kg query, or fix its permissions)", path, unwrap(err))
			} else {
				w.Close()
			}
		}
	case os.IsNotExist(err) && readOnly:
		return fmt.Errorf("kuzu: no database at %s (run kg ingest first, or give --db)", path)
	case os.IsNotExist(err):
		dir := parentDir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("kuzu: cannot create the folder for %s: %w", path, unwrap(err))
		}
		probe, err := os.CreateTemp(dir, ".kg-probe-*")
		if err != nil {
			return fmt.Errorf("kuzu: cannot create a database in %s: %w", dir, unwrap(err))
		}
		probe.Close()
		os.Remove(probe.Name())
	default:
		return fmt.Errorf("kuzu: %s: %w", path, unwrap(err))
	}
	return nil
}

// diagnose turns go-kuzu's "failed to open database with status 1" into
// what happened, where it can tell.
func diagnose(path string, err error) error {
	if _, serr := os.Stat(path + ".wal"); serr == nil {
		return fmt.Errorf("kuzu: cannot open %s (%v); its write-ahead log %s.wal is left from a run that stopped: move both aside and re-ingest if it stays so", path, err, path)
	}
	return fmt.Errorf("kuzu: cannot open %s: %w", path, err)
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// CompactLog checkpoints when the log is longer than walOpenBytes.
func (s *Store) CompactLog(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.counting.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.compactLogLocked()
}

// compactLogLocked checkpoints a read-write store whose log is longer than
// walOpenBytes. A failed checkpoint loses nothing: the log stays, and the
// next open replays it.
func (s *Store) compactLogLocked() error {
	if s.conn == nil || s.readOnly {
		return nil
	}
	fi, err := os.Stat(s.path + ".wal")
	if err != nil || fi.Size() <= walOpenBytes {
		return nil
	}
	if err := s.execLocked("CHECKPOINT", nil); err != nil {
		return fmt.Errorf("kuzu: checkpoint %s (its log stays, and the next open replays it): %w", s.path, err)
	}
	return nil
}

// Close releases the database, checkpointing first when the log is long
// enough to slow the next open (see walOpenBytes).
func (s *Store) Close() error {
	s.counting.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.conn != nil {
		err = s.compactLogLocked()
		s.conn.Close()
		s.db.Close()
		s.conn, s.db = nil, nil
		openMu.Lock()
		delete(openPaths, s.abs)
		openMu.Unlock()
	}
	return err
}

// kuzuType is the column type of a property kind.
func kuzuType(k graph.Kind) string {
	return [...]string{"STRING", "INT64", "DOUBLE", "STRING[]", "INT64[]"}[k]
}

// schema is the model as Kùzu DDL.
func schema() []string {
	var ddl []string
	for _, n := range graph.Nodes {
		var cols []string
		for _, p := range n.Props {
			cols = append(cols, graph.Quote(p.Name)+" "+kuzuType(p.Kind))
		}
		ddl = append(ddl, fmt.Sprintf("CREATE NODE TABLE IF NOT EXISTS %s(%s, PRIMARY KEY(%s))", n.Label, strings.Join(cols, ", "), graph.Quote(n.Key)))
	}
	for _, r := range graph.Rels {
		var cols []string
		for _, e := range r.Ends {
			cols = append(cols, "FROM "+e.From+" TO "+e.To)
		}
		for _, p := range r.Props {
			cols = append(cols, graph.Quote(p.Name)+" "+relColumnType(p))
		}
		ddl = append(ddl, fmt.Sprintf("CREATE REL TABLE IF NOT EXISTS %s(%s)", r.Type, strings.Join(cols, ", ")))
	}
	return ddl
}

// fingerprintNote opens the note on the Article table that names the
// model and the layout its tables were made in; layout 2 stores the lists
// of relationships as strings (see rellists.go).
const fingerprintNote = "kg model "

const layout = " layout 2"

// EnsureSchema creates the tables of the model, or checks that the tables
// there are this model's: a store made by another version of kg is
// refused with what to do.
func (s *Store) EnsureSchema(ctx context.Context) error {
	tables, err := s.Query(ctx, "CALL show_tables() RETURN name, comment", nil)
	if err != nil {
		return fmt.Errorf("kuzu: schema: %w", err)
	}
	want := fingerprintNote + graph.Fingerprint() + layout
	for _, r := range tables.Values {
		if r[0] == graph.LabelArticle {
			if r[1] != want {
				return fmt.Errorf("kuzu: %s was made by another version of kg (its model %q, this kg's %q): ingest into a new --db; the articles are read again from their files", s.path, r[1], want)
			}
			return nil
		}
	}
	if s.readOnly {
		return fmt.Errorf("kuzu: %s holds no graph yet (run kg ingest)", s.path)
	}
	for _, q := range append(schema(), fmt.Sprintf("COMMENT ON TABLE %s IS '%s'", graph.LabelArticle, want)) {
		if err := s.exec(q, nil); err != nil {
			return fmt.Errorf("kuzu: schema: %w", err)
		}
	}
	return nil
}

// exec runs one statement and discards its result.
func (s *Store) exec(q string, params map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.execLocked(q, params)
}

// trace (KG_TRACE=1) prints each write statement with its time on stderr:
// where a slow load spends its time, without a profiler.
var trace = os.Getenv("KG_TRACE") != ""

// traced times statement q for KG_TRACE until the function it returns is
// called; rows > 0 is a statement run once a row, shown as "28× …".
func traced(q string, rows int) func() {
	if !trace {
		return func() {}
	}
	t0 := time.Now()
	return func() {
		times := ""
		if rows > 0 {
			times = strconv.Itoa(rows) + "× "
		}
		fmt.Fprintf(os.Stderr, "%8.1f ms  %s%.400s\n", float64(time.Since(t0).Microseconds())/1000, times, q)
	}
}

func (s *Store) execLocked(q string, params map[string]any) error {
	res, err := s.run(q, params)
	if err != nil {
		return err
	}
	res.Close()
	return nil
}

// run prepares and executes one statement (plain Query when it has no
// parameters); the caller holds the mutex and closes the result.
func (s *Store) run(q string, params map[string]any) (*kz.QueryResult, error) {
	defer traced(q, 0)()
	if s.conn == nil {
		return nil, errors.New("kuzu: store is closed")
	}
	if len(params) == 0 {
		return s.conn.Query(q)
	}
	st, err := s.conn.Prepare(q)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return s.conn.Execute(st, params)
}

// execEach prepares q once and executes it for each row, column i bound
// to $p<i> as its canonical value (nil is NULL: unlike a list of rows, a
// parameter may be NULL in one execution and typed in the next). The
// caller holds the mutex.
func (s *Store) execEach(q string, cols []graph.Prop, rows [][]any) error {
	defer traced(q, len(rows))()
	if s.conn == nil {
		return errors.New("kuzu: store is closed")
	}
	st, err := s.conn.Prepare(q)
	if err != nil {
		return err
	}
	defer st.Close()
	params := make(map[string]any, len(cols))
	for _, row := range rows {
		for i, c := range cols {
			params[graph.ParamName(i)] = stored(c.Kind, row[i])
		}
		res, err := s.conn.Execute(st, params)
		if err != nil {
			return err
		}
		res.Close()
	}
	return nil
}

// Query runs a Cypher query; values are passed only as parameters. A store
// opened read-only refuses, by itself, whatever cypher.CheckReadOnly
// refuses: Kùzu's read-only mode still reads and writes files (LOAD FROM,
// COPY TO).
func (s *Store) Query(ctx context.Context, q string, params map[string]any) (*graph.Rows, error) {
	if s.readOnly {
		if err := cypher.CheckReadOnly(q); err != nil {
			return nil, fmt.Errorf("kuzu: refused on a read-only store: %w", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.run(q, params)
	if err != nil {
		return nil, fmt.Errorf("kuzu: %w", err)
	}
	return collect(ctx, res)
}

// collect reads a result's rows as plain Go values and closes it.
func collect(ctx context.Context, res *kz.QueryResult) (*graph.Rows, error) {
	defer res.Close()
	rows := &graph.Rows{Columns: res.GetColumnNames()}
	for res.HasNext() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, err := res.Next()
		if err != nil {
			return nil, fmt.Errorf("kuzu: %w", err)
		}
		v, err := t.GetAsSlice()
		t.Close()
		if err != nil {
			return nil, fmt.Errorf("kuzu: %w", err)
		}
		for i := range v {
			v[i] = plain(v[i])
		}
		rows.Values = append(rows.Values, v)
	}
	return rows, nil
}

// plain turns Kùzu's nodes, relationships and paths into the store-neutral
// graph.Node and graph.Rel.
func plain(v any) any {
	switch x := v.(type) {
	case kz.Node:
		return graph.Node{Labels: []string{x.Label}, Props: props(x.Properties), ID: internalID(x.ID)}
	case kz.Relationship:
		return graph.Rel{Type: x.Label, Props: props(x.Properties), From: internalID(x.SourceID), To: internalID(x.DestinationID)}
	case kz.RecursiveRelationship:
		return graph.Plain(x.Nodes, plain)
	case []any:
		return graph.Plain(x, plain)
	case string:
		return splitList(x)
	}
	return v
}

// props are a node's or relationship's properties, absent ones left out
// and joined lists read back as lists.
func props(m map[string]any) map[string]any {
	out := graph.DropNil(m)
	for k, v := range out {
		out[k] = splitList(v)
	}
	return out
}

func internalID(id kz.InternalID) string { return fmt.Sprintf("%d:%d", id.TableID, id.Offset) }

// Articles returns stored article ids and sources.
//
// Kùzu joins them into strings, one per first character of the id:
// go-kuzu crosses into C about seven times a value, and the ids and
// source lists of the news corpus' 11,716 articles cost 50–65 ms read as
// values against 12 ms as 16 strings (every ingest reads them to plan).
// No stored string holds U+001D or U+001E, nor a list element U+001F
// (encode refuses them), so the separators cannot be mistaken.
func (s *Store) Articles(ctx context.Context) (map[string][]string, error) {
	rows, err := s.Query(ctx, "MATCH (a:Article) WITH substring(a.id, 1, 1) AS k, collect(a.id + '"+csvBackslash+"' + coalesce(list_to_string('"+listSep+"', a.sources), '')) AS l RETURN list_to_string('"+csvQuote+"', l)", nil)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range rows.Values {
		joined, _ := r[0].(string)
		for _, rec := range strings.Split(joined, csvQuote) {
			id, sources, ok := strings.Cut(rec, csvBackslash)
			if !ok {
				return nil, fmt.Errorf("kuzu: reading articles: a record without its id: %.80q", rec)
			}
			out[id] = nil
			if sources != "" {
				out[id] = strings.Split(sources, listSep)
			}
		}
	}
	return out, nil
}

// Stats counts nodes per label and relationships per type.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	return graph.CountStats(ctx, s.Query)
}

// countStarts runs as a background count starts: tests slow it down.
var countStarts = func() {}

// StatsInBackground counts on a second connection while the caller goes
// on: the relationship counts scan their tables (40 ms in the store of the
// news corpus), time kg ingest spends reading the store's articles,
// planning and extracting. A write waits for the count, so that it counts
// the store before the write; so do Close and CompactLog: a checkpoint
// while another connection's transaction is open fails after 5 s in Kùzu
// 0.11.
func (s *Store) StatsInBackground(ctx context.Context) func() (*graph.Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return func() (*graph.Stats, error) { return nil, errors.New("kuzu: store is closed") }
	}
	conn, err := kz.OpenConnection(s.db)
	if err != nil {
		return func() (*graph.Stats, error) { return nil, fmt.Errorf("kuzu: a connection to count on: %w", err) }
	}
	var st *graph.Stats
	s.counting.Add(1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer s.counting.Done()
		defer conn.Close()
		countStarts()
		st, err = graph.CountStats(ctx, func(ctx context.Context, q string, _ map[string]any) (*graph.Rows, error) {
			res, err := conn.Query(q)
			if err != nil {
				return nil, fmt.Errorf("kuzu: %w", err)
			}
			return collect(ctx, res)
		})
	}()
	return func() (*graph.Stats, error) {
		<-done
		return st, err
	}
}

package pipeline

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// Map runs fn over items with a bounded pool of workers and calls emit with
// each result in input order, from one goroutine. At most a small window of
// results waits for emit, so memory stays flat however many items there
// are. When ctx is cancelled no new item starts; items in flight finish and
// are emitted. Map returns ctx's error in that case, or emit's first error.
func Map[I, T any](ctx context.Context, items []I, workers int, fn func(ctx context.Context, item I) (T, error), emit func(i int, item I, v T, err error) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		i   int
		v   T
		err error
	}
	window := 4 * workers
	jobs := make(chan int)
	results := make(chan result, window)
	slots := make(chan struct{}, window) // back-pressure: emitted frees a slot

	g, gctx := errgroup.WithContext(context.Background())
	g.Go(func() error {
		defer close(jobs)
		for i := range items {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return nil
			case <-gctx.Done():
				return nil
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return nil
			case <-gctx.Done():
				return nil
			}
		}
		return nil
	})
	workersDone := make(chan struct{})
	var wg errgroup.Group
	for w := 0; w < workers; w++ {
		wg.Go(func() error {
			for i := range jobs {
				v, err := fn(ctx, items[i])
				results <- result{i, v, err}
			}
			return nil
		})
	}
	go func() { _ = wg.Wait(); close(workersDone); close(results) }()

	pending := map[int]result{}
	next := 0
	var emitErr error
	for r := range results {
		pending[r.i] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if emitErr == nil {
				emitErr = emit(p.i, items[p.i], p.v, p.err)
				if emitErr != nil {
					// stop feeding; drain what is in flight
					g.Go(func() error { return emitErr })
				}
			}
			next++
			<-slots
		}
	}
	<-workersDone
	_ = g.Wait()
	if emitErr != nil {
		return emitErr
	}
	if ctx.Err() != nil && next < len(items) {
		return ctx.Err()
	}
	return nil
}

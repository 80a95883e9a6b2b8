package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/riverqueue/river"

	"guichet/internal/desk"
	"guichet/internal/jobs"
	"guichet/internal/store"
	"guichet/internal/store/storetest"
)

var ctx = context.Background()

type noopArgs struct{}

func (noopArgs) Kind() string { return "test_noop" }

type noopWorker struct{ river.WorkerDefaults[noopArgs] }

func (noopWorker) Work(context.Context, *river.Job[noopArgs]) error { return nil }

// enqueuer inserts one job in the store's transaction (with InsertManyTx,
// or InsertManyFastTx when fast), then fails if asked: the job must then
// vanish with the rolled-back change.
type enqueuer struct {
	r          *jobs.Runner
	fail, fast bool
}

func (e enqueuer) EnqueueMailTx(ctx context.Context, tx store.Tx, _ []int64) error {
	insert := e.r.InsertManyTx
	if e.fast {
		insert = e.r.InsertManyFastTx
	}
	if err := insert(ctx, tx, []river.InsertManyParams{{Args: noopArgs{}}}); err != nil {
		return err
	}
	if e.fail {
		return errors.New("the change fails after its job was inserted")
	}
	return nil
}

func TestJobsCommitAndRollBackWithTheStore(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			st := e.Open(t)
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			if err := jobs.Migrate(ctx, st, log); err != nil {
				t.Fatal(err)
			}
			workers := river.NewWorkers()
			river.AddWorker(workers, noopWorker{})
			r, err := jobs.New(ctx, st, jobs.Config{Workers: workers, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			create := func(subject string) error {
				_, err := st.CreateRequest(ctx, desk.SystemActor, desk.NewRequest{Subject: subject, Body: "x",
					RequesterEmail: "j@client.example"})
				return err
			}
			count := func() int {
				n, err := r.CountJobs(ctx, "test_noop")
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			// PostgreSQL inserts jobs in the change's own transaction; SQLite in the
			// transaction of the sweep that follows it (store.MailQueued).
			write := func(subject string) error {
				if st.Engine() == "postgres" {
					return create(subject)
				}
				if err := create(subject); err != nil {
					return err
				}
				_, err := st.EnqueuePendingMail(ctx, 100)
				return err
			}
			for i, fast := range []bool{false, true} {
				st.SetJobEnqueuer(enqueuer{r: r, fast: fast})
				if err := write("committed"); err != nil || count() != i+1 {
					t.Fatalf("committed change (fast %v): %v, %d jobs", fast, err, count())
				}
				st.SetJobEnqueuer(enqueuer{r: r, fail: true, fast: fast})
				if err := write("rolled back"); err == nil || count() != i+1 {
					t.Fatalf("rolled-back change (fast %v): %v, %d jobs (want the committed ones only)", fast, err, count())
				}
			}
		})
	}
}

// TestMigrateConcurrently: nodes starting together on a new PostgreSQL
// database each migrate River's tables; all succeed. (SQLite has one node.)
func TestMigrateConcurrently(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		if e.Name != "postgres" {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			st := e.Open(t)
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			errs := make(chan error, 4)
			for range 4 {
				go func() { errs <- jobs.Migrate(ctx, st, log) }()
			}
			for range 4 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

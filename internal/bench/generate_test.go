package bench

import (
	"reflect"
	"testing"
	"time"

	"guichet/internal/desk"
)

func testDirectory() *directory {
	return &directory{
		deptIDs:      []int64{1, 2, 3},
		agentIDs:     []int64{10, 11, 12},
		agentsByDept: map[int64][]int64{1: {10}, 2: {11}, 3: {12}},
		requesters:   []int64{100, 101, 102, 103},
		emails:       []string{"a@x.example", "b@x.example", "c@x.example", "d@x.example"},
	}
}

func TestGenBatch(t *testing.T) {
	cfg, _ := Config{Requests: 1000, MessagesPerRequest: 5}.withDefaults()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	reqs := genBatch(cfg, testDirectory(), now, 0, 1000)

	t.Run("the same seed gives the same data", func(t *testing.T) {
		if again := genBatch(cfg, testDirectory(), now, 0, 1000); !reflect.DeepEqual(reqs, again) {
			t.Fatal("two batches with the same seed differ")
		}
	})
	t.Run("every request follows the desk's rules", func(t *testing.T) {
		for i, r := range reqs {
			replies := 0
			for _, m := range r.Messages {
				if m.Kind == desk.KindReply {
					replies++
				}
			}
			if r.Status.Done() && replies == 0 {
				t.Fatalf("request %d is %s without a public reply", i, r.Status)
			}
			if r.Status == desk.StatusNew && len(r.Messages) != 1 {
				t.Fatalf("new request %d has %d messages", i, len(r.Messages))
			}
			if r.Messages[0].Kind != desk.KindRequester || r.Messages[0].AuthorID != r.RequesterID {
				t.Fatalf("request %d does not start with its requester's message", i)
			}
		}
	})
	t.Run("timestamps span two years, in order, never in the future", func(t *testing.T) {
		if first := reqs[0].CreatedAt; first.Before(now.Add(-span)) || first.After(now.Add(-span+30*24*time.Hour)) {
			t.Fatalf("first request created %v", first)
		}
		for i, r := range reqs {
			if i > 0 && r.CreatedAt.Before(reqs[i-1].CreatedAt.Add(-span/1000)) {
				t.Fatalf("request %d created long before its predecessor", i)
			}
			prev := r.CreatedAt
			for _, m := range r.Messages {
				if m.CreatedAt.Before(prev) || m.CreatedAt.After(now) {
					t.Fatalf("request %d: message at %v out of order", i, m.CreatedAt)
				}
				prev = m.CreatedAt
			}
			if !r.UpdatedAt.Equal(prev) {
				t.Fatalf("request %d updated %v, last message %v", i, r.UpdatedAt, prev)
			}
		}
	})
}

func TestPercentile(t *testing.T) {
	lat := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for q, want := range map[float64]time.Duration{0.5: 5, 0.95: 10, 0.99: 10, 0.1: 1} {
		if got := percentile(lat, q); got != want {
			t.Errorf("percentile(%v) = %v, want %v", q, got, want)
		}
	}
	if percentile(nil, 0.5) != 0 {
		t.Error("percentile of nothing is not 0")
	}
}

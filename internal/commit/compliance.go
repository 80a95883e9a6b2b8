package commit

import (
	"math"
	"slices"
	"time"

	"guichet/internal/desk"
)

// Class is how a clock counts in compliance figures at an instant.
type Class int

// Classes of a clock.
const (
	ClassMet      Class = iota // stopped in time
	ClassBreached              // stopped late, or running past its due time
	ClassAtRisk                // running, past AtRiskPercent of its target, not yet due
	ClassRunning               // running, on track
	ClassPaused                // paused, waiting on the requester
)

// Classify returns the class at now of a stored clock in state with its due
// and at-risk instants (nil when unknown).
func Classify(state desk.ClockState, due, atRisk *time.Time, now time.Time) Class {
	return ClassifyPast(state, due != nil && !due.After(now), atRisk != nil && !atRisk.After(now))
}

// ClassifyPast is Classify given whether now is past the due time and past
// the at-risk time.
func ClassifyPast(state desk.ClockState, pastDue, pastRisk bool) Class {
	switch {
	case state == desk.ClockMet:
		return ClassMet
	case state == desk.ClockBreached:
		return ClassBreached
	case state == desk.ClockPaused:
		return ClassPaused
	case pastDue:
		return ClassBreached
	case pastRisk:
		return ClassAtRisk
	}
	return ClassRunning
}

// Figures are the compliance figures of a group of clocks. Compliance is the
// share met among those decided (met or breached); the median and 90th
// percentile are of the business time the stopped clocks took, in hours
// (nearest rank). They are absent when nothing is decided or stopped.
type Figures struct {
	Met         int      `json:"met"`
	Breached    int      `json:"breached"`
	AtRisk      int      `json:"at_risk"`
	Running     int      `json:"running"` // on track
	Paused      int      `json:"paused"`
	Compliance  *float64 `json:"compliance,omitempty"` // 0–1
	MedianHours *float64 `json:"median_hours,omitempty"`
	P90Hours    *float64 `json:"p90_hours,omitempty"`
}

// Tally gathers the clocks of one group.
type Tally struct {
	counts  [5]int
	samples []int64 // business seconds of stopped clocks
}

// Add counts one clock of class c; stopped clocks give the business seconds
// they took (spent < 0: unknown).
func (t *Tally) Add(c Class, stopped bool, spent int64) {
	t.counts[c]++
	if stopped && spent >= 0 {
		t.samples = append(t.samples, spent)
	}
}

// Merge adds the clocks of o to t.
func (t *Tally) Merge(o *Tally) {
	for i, n := range o.counts {
		t.counts[i] += n
	}
	t.samples = append(t.samples, o.samples...)
}

// Figures returns the tally's figures. It sorts the samples in place.
func (t *Tally) Figures() Figures {
	f := Figures{Met: t.counts[ClassMet], Breached: t.counts[ClassBreached], AtRisk: t.counts[ClassAtRisk],
		Running: t.counts[ClassRunning], Paused: t.counts[ClassPaused]}
	if d := f.Met + f.Breached; d > 0 {
		f.Compliance = ptr(round(float64(f.Met)/float64(d), 4))
	}
	if len(t.samples) > 0 {
		slices.Sort(t.samples)
		f.MedianHours = ptr(hours(Percentile(t.samples, 50)))
		f.P90Hours = ptr(hours(Percentile(t.samples, 90)))
	}
	return f
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest value at least p% of the values do not
// exceed. It returns 0 for an empty slice.
func Percentile(sorted []int64, p int) int64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 · n)
	return sorted[max(rank, 1)-1]
}

func hours(seconds int64) float64 { return round(float64(seconds)/3600, 2) }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func ptr[T any](v T) *T { return &v }

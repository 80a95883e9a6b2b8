package calendar

import (
	"testing"
	"time"
)

// Deadlines as the service standards will compute them: a Québec office with
// ten years of holidays, requests arriving at varied instants of 2025.
func benchStarts(b *testing.B) (*Calendar, []time.Time) {
	c := quebecOffice(b)
	from := ts(b, "2025-01-01 00:00 -0500")
	starts := make([]time.Time, 1024)
	for i := range starts {
		starts[i] = from.Add(time.Duration(i)*8*time.Hour + 17*time.Minute)
	}
	return c, starts
}

func BenchmarkAdd4BusinessHours(b *testing.B) {
	c, starts := benchStarts(b)
	for i := 0; b.Loop(); i++ {
		c.Add(starts[i%len(starts)], 4*time.Hour)
	}
}

func BenchmarkAdd200BusinessHours(b *testing.B) {
	c, starts := benchStarts(b)
	for i := 0; b.Loop(); i++ {
		c.Add(starts[i%len(starts)], 200*time.Hour)
	}
}

func BenchmarkAdd2BusinessDays(b *testing.B) {
	c, starts := benchStarts(b)
	for i := 0; b.Loop(); i++ {
		c.AddDays(starts[i%len(starts)], 2)
	}
}

func BenchmarkBetweenOneYear(b *testing.B) {
	c, starts := benchStarts(b)
	for i := 0; b.Loop(); i++ {
		s := starts[i%len(starts)]
		c.Between(s, s.AddDate(1, 0, 0))
	}
}

func BenchmarkIsOpen(b *testing.B) {
	c, starts := benchStarts(b)
	for i := 0; b.Loop(); i++ {
		c.IsOpen(starts[i%len(starts)])
	}
}

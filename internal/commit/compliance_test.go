package commit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"guichet/internal/desk"
)

func TestPercentile(t *testing.T) {
	vals := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for p, want := range map[int]int64{50: 5, 90: 9, 100: 10, 1: 1} {
		if got := Percentile(vals, p); got != want {
			t.Errorf("Percentile(1..10, %d) = %d, want %d", p, got, want)
		}
	}
	if got := Percentile([]int64{7}, 90); got != 7 {
		t.Errorf("one value: %d", got)
	}
	if got := Percentile(nil, 50); got != 0 {
		t.Errorf("none: %d", got)
	}
}

func TestClassify(t *testing.T) {
	now := ts(t, "2025-03-03 12:00 -0500")
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	tests := []struct {
		name        string
		state       desk.ClockState
		due, atRisk *time.Time
		want        Class
	}{
		{"met", desk.ClockMet, &past, &past, ClassMet},
		{"stopped late", desk.ClockBreached, &past, &past, ClassBreached},
		{"running past due", desk.ClockRunning, &past, &past, ClassBreached},
		{"running at risk", desk.ClockRunning, &future, &past, ClassAtRisk},
		{"running on track", desk.ClockRunning, &future, &future, ClassRunning},
		{"paused", desk.ClockPaused, nil, nil, ClassPaused},
	}
	for _, tt := range tests {
		if got := Classify(tt.state, tt.due, tt.atRisk, now); got != tt.want {
			t.Errorf("%s: Classify = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestTallyFigures(t *testing.T) {
	var tl Tally
	for _, h := range []int64{1, 2, 3, 4, 10} {
		c := ClassMet
		if h > 3 {
			c = ClassBreached
		}
		tl.Add(c, true, h*3600)
	}
	tl.Add(ClassBreached, false, -1)
	tl.Add(ClassAtRisk, false, -1)
	f := tl.Figures()
	if f.Met != 3 || f.Breached != 3 || f.AtRisk != 1 || *f.Compliance != 0.5 || *f.MedianHours != 3 || *f.P90Hours != 10 {
		t.Fatalf("figures %+v compliance %v median %v p90 %v", f, *f.Compliance, *f.MedianHours, *f.P90Hours)
	}
	if empty := (&Tally{}).Figures(); empty.Compliance != nil || empty.MedianHours != nil {
		t.Fatalf("empty figures %+v", empty)
	}
}

func TestReportCSV(t *testing.T) {
	half := 0.5
	r := &Report{
		Departments: []DepartmentRow{{DepartmentID: 2, Department: "=HYPERLINK(\"x\")", Kind: KindFirstResponse,
			Figures: Figures{Met: 1, Breached: 1, Compliance: &half}}},
		Matrix:   []MatrixCell{{ProviderDepartmentID: 3, Provider: "Shipping", CustomerDepartmentID: 2, Customer: "Sales"}},
		Promises: []PromiseRow{{DepartmentID: 2, Department: "Sales", Kept: 4, Broken: 1}},
	}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "section,id,name,") {
		t.Fatalf("csv:\n%s", b.String())
	}
	if !strings.Contains(lines[1], `'=HYPERLINK`) {
		t.Errorf("a formula in a name must be defused: %s", lines[1])
	}
	if lines[2] != "matrix,,,3,Shipping,2,Sales,consult,0,0,0,0,0,,," || lines[3] != "promises,2,Sales,,,,,promise,4,1,0,0,0,,," {
		t.Errorf("rows:\n%s\n%s", lines[2], lines[3])
	}
}

func TestPromiseState(t *testing.T) {
	due := ts(t, "2025-03-06 10:00 -0500")
	early, late := due.Add(-time.Hour), due.Add(time.Hour)
	tests := []struct {
		name string
		kept *time.Time
		now  time.Time
		want PromiseState
	}{
		{"not yet due", nil, early, PromisePending},
		{"due now, still pending", nil, due, PromisePending},
		{"past due, not kept", nil, late, PromiseBroken},
		{"kept in time", &early, late, PromiseKept},
		{"kept at the due time", &due, late, PromiseKept},
		{"kept late", &late, late, PromiseBroken},
	}
	for _, tt := range tests {
		if got := StateOf(due, tt.kept, tt.now); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	t.Run("ErrPastDue", func(t *testing.T) {
		p := NewPromise{Text: "Je vous rappelle jeudi", DueAt: early}
		if e := desk.AsError(p.Validate(due)); e == nil || e.Field != "due_at" {
			t.Fatalf("Validate = %v", e)
		}
		p = NewPromise{Text: "  ", DueAt: late}
		if e := desk.AsError(p.Validate(due)); e == nil || e.Field != "text" {
			t.Fatalf("Validate = %v", e)
		}
	})
}

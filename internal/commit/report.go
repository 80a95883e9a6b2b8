package commit

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"guichet/internal/desk"
)

// MaxReportSpan bounds the period of one compliance report.
const MaxReportSpan = 2 * 366 * 24 * time.Hour

// DefaultReportSpan is the period of a compliance report that names none.
const DefaultReportSpan = 365 * 24 * time.Hour

// ReportFilter chooses the clocks a compliance report counts: those started
// in [From, To). A zero To is now; a zero From is DefaultReportSpan before To.
type ReportFilter struct {
	From time.Time
	To   time.Time
}

// Fill sets the zero bounds of f for instant now.
func (f *ReportFilter) Fill(now time.Time) {
	if f.To.IsZero() {
		f.To = now
	}
	if f.From.IsZero() {
		f.From = f.To.Add(-DefaultReportSpan)
	}
}

// Validate reports a reversed, empty or overlong period (field "from").
func (f ReportFilter) Validate() error {
	switch {
	case !f.To.After(f.From):
		return desk.Invalid("from", "the period must end after it starts")
	case f.To.Sub(f.From) > MaxReportSpan:
		return desk.Invalid("from", "the period must be at most two years")
	}
	return nil
}

// Report holds the compliance figures of a period (see Figures), grouped per
// department (the accountable one: the owner for service standards, the
// consulted department for agreements), per standard, per agreement, and as
// the matrix of internal agreements (provider × customer). Promises are
// counted per department of the request when promised.
type Report struct {
	From        time.Time       `json:"from"`
	To          time.Time       `json:"to"`
	GeneratedAt time.Time       `json:"generated_at"`
	Departments []DepartmentRow `json:"departments"`
	Standards   []StandardRow   `json:"standards"`
	Agreements  []AgreementRow  `json:"agreements"`
	Matrix      []MatrixCell    `json:"matrix"`
	Promises    []PromiseRow    `json:"promises"`
}

// DepartmentRow is one department's figures for one kind of clock.
type DepartmentRow struct {
	DepartmentID int64  `json:"department_id"`
	Department   string `json:"department"`
	Kind         string `json:"kind"`
	Figures
}

// StandardRow is one service standard's figures for one kind of clock.
type StandardRow struct {
	StandardID int64  `json:"standard_id"`
	Standard   string `json:"standard"`
	Kind       string `json:"kind"`
	Figures
}

// AgreementRow is one internal agreement's figures for one kind of clock.
type AgreementRow struct {
	AgreementID int64  `json:"agreement_id"`
	Agreement   string `json:"agreement"`
	Kind        string `json:"kind"`
	Figures
}

// MatrixCell is how well the provider department kept its agreements to the
// customer department: every consult clock (response and resolution) counted.
type MatrixCell struct {
	ProviderDepartmentID int64  `json:"provider_department_id"`
	Provider             string `json:"provider"`
	CustomerDepartmentID int64  `json:"customer_department_id"`
	Customer             string `json:"customer"`
	Figures
}

// PromiseRow counts one department's promises by state.
type PromiseRow struct {
	DepartmentID int64  `json:"department_id"`
	Department   string `json:"department"`
	Kept         int    `json:"kept"`
	Broken       int    `json:"broken"`
	Pending      int    `json:"pending"`
}

// csvHeader names the columns of WriteCSV. For promises, met counts kept
// promises, breached broken ones and running pending ones.
var csvHeader = []string{"section", "id", "name", "provider_department_id", "provider", "customer_department_id",
	"customer", "kind", "met", "breached", "at_risk", "running", "paused", "compliance", "median_hours", "p90_hours"}

// WriteCSV writes r as CSV, one row per report row, sections in the order of
// the JSON document. It returns the writer's error.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := [][]string{csvHeader}
	for _, d := range r.Departments {
		rows = append(rows, figureRow("department", d.DepartmentID, d.Department, nil, d.Kind, d.Figures))
	}
	for _, s := range r.Standards {
		rows = append(rows, figureRow("standard", s.StandardID, s.Standard, nil, s.Kind, s.Figures))
	}
	for _, a := range r.Agreements {
		rows = append(rows, figureRow("agreement", a.AgreementID, a.Agreement, nil, a.Kind, a.Figures))
	}
	for _, c := range r.Matrix {
		pair := []string{id(c.ProviderDepartmentID), c.Provider, id(c.CustomerDepartmentID), c.Customer}
		rows = append(rows, figureRow("matrix", 0, "", pair, "consult", c.Figures))
	}
	for _, p := range r.Promises {
		f := Figures{Met: p.Kept, Breached: p.Broken, Running: p.Pending}
		rows = append(rows, figureRow("promises", p.DepartmentID, p.Department, nil, "promise", f))
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

func figureRow(section string, key int64, name string, pair []string, kind string, f Figures) []string {
	if pair == nil {
		pair = []string{"", "", "", ""}
	}
	out := []string{section, id(key), cell(name)}
	for i, v := range pair {
		if i%2 == 1 {
			v = cell(v)
		}
		out = append(out, v)
	}
	return append(out, kind, strconv.Itoa(f.Met), strconv.Itoa(f.Breached), strconv.Itoa(f.AtRisk),
		strconv.Itoa(f.Running), strconv.Itoa(f.Paused), num(f.Compliance), num(f.MedianHours), num(f.P90Hours))
}

func id(v int64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// cell defuses text a spreadsheet would run as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

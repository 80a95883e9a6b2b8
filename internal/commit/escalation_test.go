package commit

import (
	"slices"
	"testing"
	"time"

	"guichet/internal/desk"
)

func TestEscalationValidate(t *testing.T) {
	h := func(d time.Duration) Target { return Target{Duration: d} }
	mgr := id64(9)
	tests := []struct {
		name  string
		e     Escalation
		field string
	}{
		{"no steps", Escalation{DepartmentID: 1}, "steps"},
		{"too many steps", Escalation{DepartmentID: 1, ManagerID: mgr, Steps: []Step{{Notify: NotifyOwner}, {Notify: NotifyLeads},
			{Notify: NotifyManager}, {Notify: NotifyManager}}}, "steps"},
		{"unknown level", Escalation{DepartmentID: 1, Steps: []Step{{Notify: "boss"}}}, "steps[0].notify"},
		{"levels out of order", Escalation{DepartmentID: 1, Steps: []Step{{Notify: NotifyLeads}, {Notify: NotifyOwner}}}, "steps[1].notify"},
		{"a level twice", Escalation{DepartmentID: 1, Steps: []Step{{Notify: NotifyLeads}, {Notify: NotifyLeads}}}, "steps[1].notify"},
		{"delays out of order", Escalation{DepartmentID: 1, Steps: []Step{{Notify: NotifyOwner, After: h(time.Hour)},
			{Notify: NotifyLeads, After: h(30 * time.Minute)}}}, "steps[1].after"},
		{"a delay in days", Escalation{DepartmentID: 1, Steps: []Step{{Notify: NotifyOwner, After: Target{Days: 1}}}}, "steps[0].after"},
		{"a manager step without manager", Escalation{DepartmentID: 1, Steps: []Step{{Notify: NotifyManager}}}, "manager_id"},
		{"manager and parent", Escalation{DepartmentID: 1, ManagerID: mgr, ParentDepartmentID: id64(2),
			Steps: []Step{{Notify: NotifyOwner}}}, "manager_id"},
		{"its own parent", Escalation{DepartmentID: 1, ParentDepartmentID: id64(1), Steps: []Step{{Notify: NotifyOwner}}}, "parent_department_id"},
		{"a reminder in days", Escalation{DepartmentID: 1, RemindBefore: Target{Days: 1}, Steps: []Step{{Notify: NotifyOwner}}}, "remind_before"},
		{"a bad lead id", Escalation{DepartmentID: 1, LeadIDs: []int64{0, 4}, Steps: []Step{{Notify: NotifyOwner}}}, "lead_ids"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.e.Validate()
			if e := desk.AsError(err); e == nil || e.Code != desk.CodeInvalid || e.Field != tt.field {
				t.Fatalf("Validate = %v, want invalid %s", err, tt.field)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		e := Escalation{DepartmentID: 1, ManagerID: mgr, LeadIDs: []int64{5, 3, 5}, Steps: []Step{{Notify: NotifyOwner},
			{Notify: NotifyLeads, After: h(time.Hour)}, {Notify: NotifyManager, After: h(time.Hour)}}}
		if err := e.Validate(); err != nil || !slices.Equal(e.LeadIDs, []int64{3, 5}) {
			t.Fatalf("Validate = %v, leads %v", err, e.LeadIDs)
		}
		d := DefaultEscalation(4)
		if err := d.Validate(); err != nil {
			t.Fatalf("the default chain is invalid: %v", err)
		}
	})
}

func TestCheckParents(t *testing.T) {
	parents := map[int64]int64{2: 3, 3: 4} // 2 → 3 → 4
	if err := CheckParents(1, id64(2), parents); err != nil {
		t.Fatalf("1 → 2 → 3 → 4 refused: %v", err)
	}
	for _, dept := range []int64{3, 4} {
		err := CheckParents(dept, id64(2), parents)
		if e := desk.AsError(err); e == nil || e.Field != "parent_department_id" {
			t.Fatalf("department %d escalating to 2 (which leads back to it): %v, want invalid parent_department_id", dept, err)
		}
	}
	if err := CheckParents(1, nil, parents); err != nil {
		t.Fatalf("no parent: %v", err)
	}
}

func TestAdvance(t *testing.T) {
	cal := office(t)
	steps := []Step{{Notify: NotifyOwner}, {Notify: NotifyLeads, After: Target{Duration: time.Hour}},
		{Notify: NotifyManager, After: Target{Duration: 4 * time.Hour}}}
	trigger := ts(t, "2025-03-07 15:30 -0500") // Friday, 1 h 30 before closing
	everyone := func(l Level) []int64 { return []int64{int64(l.rank())} }
	t.Run("OnlyWhatIsDue", func(t *testing.T) {
		fired, next, due := Advance(steps, 0, trigger, trigger, cal, everyone)
		if len(fired) != 1 || fired[0].Level != NotifyOwner || next != 1 {
			t.Fatalf("fired %+v, next %d", fired, next)
		}
		sameTime(t, "leads due", due, ts(t, "2025-03-07 16:30 -0500"))
		fired, next, due = Advance(steps, 1, trigger, ts(t, "2025-03-07 16:30 -0500"), cal, everyone)
		if len(fired) != 1 || fired[0].Level != NotifyLeads || next != 2 {
			t.Fatalf("fired %+v, next %d", fired, next)
		}
		// 1 h 30 on Friday, then Monday (after the change to summer time) from 08:30: 2 h 30 more.
		sameTime(t, "manager due (business time, over the weekend)", due, ts(t, "2025-03-10 11:00 -0400"))
	})
	t.Run("CatchesUpAfterDowntime", func(t *testing.T) {
		fired, next, due := Advance(steps, 0, trigger, ts(t, "2025-03-11 09:00 -0400"), cal, everyone)
		if len(fired) != 3 || next != 3 || !due.IsZero() {
			t.Fatalf("fired %+v, next %d, due %s", fired, next, due)
		}
		sameTime(t, "manager step was due", fired[2].Due, ts(t, "2025-03-10 11:00 -0400"))
	})
	t.Run("NobodyPassesOnAtOnce", func(t *testing.T) {
		noOwner := func(l Level) []int64 {
			if l == NotifyOwner {
				return nil
			}
			return everyone(l)
		}
		fired, next, due := Advance(steps, 0, trigger, trigger, cal, noOwner)
		if len(fired) != 2 || len(fired[0].People) != 0 || fired[1].Level != NotifyLeads || !fired[1].Due.Equal(trigger) {
			t.Fatalf("fired %+v", fired)
		}
		if next != 2 {
			t.Fatalf("next %d, want the manager", next)
		}
		sameTime(t, "manager keeps its own time", due, ts(t, "2025-03-10 11:00 -0400"))
	})
}

func TestManagersOf(t *testing.T) {
	o := Org{
		Chains: map[int64]Escalation{
			1: {ParentDepartmentID: id64(2)}, // 1's parent is 2, which has no leads: climb to 2's manager
			2: {ManagerID: id64(20)},
			3: {ManagerID: id64(30)}, // inactive
			4: {ParentDepartmentID: id64(5)},
			5: {},
		},
		Leads:  map[int64][]int64{1: {11}, 5: {51, 52}},
		Active: map[int64]bool{11: true, 20: true, 51: true, 52: true, 7: true},
	}
	for _, tt := range []struct {
		dept int64
		want []int64
	}{{1, []int64{20}}, {2, []int64{20}}, {3, nil}, {4, []int64{51, 52}}, {5, nil}, {6, nil}} {
		if got := o.ManagersOf(tt.dept); !slices.Equal(got, tt.want) {
			t.Errorf("managers of %d = %v, want %v", tt.dept, got, tt.want)
		}
	}
	if got := o.Recipients(NotifyOwner, 1, 7); !slices.Equal(got, []int64{7}) {
		t.Errorf("owner = %v", got)
	}
	if got := o.Recipients(NotifyOwner, 1, 8); got != nil {
		t.Errorf("an inactive owner is notified: %v", got)
	}
	if got := o.Recipients(NotifyLeads, 1, 0); !slices.Equal(got, []int64{11}) {
		t.Errorf("leads = %v", got)
	}
}

func TestRemindAt(t *testing.T) {
	e := DefaultEscalation(1)
	due := ts(t, "2025-03-07 15:00 -0500")
	at, ok := e.RemindAt(due, ts(t, "2025-03-06 09:00 -0500"))
	if !ok {
		t.Fatal("no reminder")
	}
	sameTime(t, "reminder", at, ts(t, "2025-03-07 14:00 -0500"))
	if _, ok := e.RemindAt(due, ts(t, "2025-03-07 14:30 -0500")); ok {
		t.Error("a promise made 30 minutes before it is due is reminded")
	}
	e.RemindBefore = Target{}
	if _, ok := e.RemindAt(due, ts(t, "2025-03-06 09:00 -0500")); ok {
		t.Error("reminded without a reminder configured")
	}
}

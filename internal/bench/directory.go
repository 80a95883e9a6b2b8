package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// directory is who the generated requests are about: departments, agents and
// requesters, created through the store API.
type directory struct {
	deptIDs      []int64
	agentsByDept map[int64][]int64
	agentIDs     []int64 // agentIDs[0] is an admin, the others plain agents
	requesters   []int64
	emails       []string // requesters' primary addresses, by index
	worker       desk.Actor
}

// buildDirectory creates cfg.Departments departments (counting the front desk),
// cfg.Agents agents spread over them, and cfg.Requesters requesters (one in ten
// a colleague, most customers in an organisation). It returns the first error.
func buildDirectory(ctx context.Context, st *store.Store, cfg Config, progress io.Writer) (*directory, error) {
	d := &directory{agentsByDept: map[int64][]int64{}}
	if err := d.departments(ctx, st, cfg.Departments); err != nil {
		return nil, err
	}
	if err := d.agents(ctx, st, cfg.Agents); err != nil {
		return nil, err
	}
	if err := d.people(ctx, st, cfg, progress); err != nil {
		return nil, err
	}
	a, err := st.ActorFor(ctx, d.agentIDs[len(d.agentIDs)-1])
	if err != nil {
		return nil, fmt.Errorf("bench: actor: %w", err)
	}
	d.worker = a
	return d, nil
}

func (d *directory) departments(ctx context.Context, st *store.Store, n int) error {
	all, err := st.Departments(ctx, desk.SystemActor)
	if err != nil {
		return fmt.Errorf("bench: departments: %w", err)
	}
	for _, dep := range all {
		d.deptIDs = append(d.deptIDs, dep.ID)
	}
	for i := len(d.deptIDs); i < n; i++ {
		name := departmentNames[i%len(departmentNames)]
		if i >= len(departmentNames) {
			name = fmt.Sprintf("%s — %s", name, places[i/len(departmentNames)])
		}
		dep := &desk.Department{Slug: fmt.Sprintf("dept-%02d", i), Name: name}
		if err := st.CreateDepartment(ctx, desk.SystemActor, dep); err != nil {
			return fmt.Errorf("bench: create department: %w", err)
		}
		d.deptIDs = append(d.deptIDs, dep.ID)
	}
	return nil
}

// agents creates n agents; agent i belongs to department i mod the count, and
// one in three also to the next department.
func (d *directory) agents(ctx context.Context, st *store.Store, n int) error {
	ids := make([]int64, n)
	err := parallel(ctx, n, 8, func(i int) error {
		home := d.deptIDs[i%len(d.deptIDs)]
		p := &desk.Person{Name: personName(i), Kind: desk.InternalPerson, DepartmentID: &home,
			Emails: []string{fmt.Sprintf("agent%04d@example.com", i)}}
		if err := st.CreatePerson(ctx, desk.SystemActor, p); err != nil {
			return fmt.Errorf("bench: create agent person: %w", err)
		}
		ag := &desk.Agent{PersonID: p.ID, Role: desk.RoleAgent, Active: true, DepartmentIDs: agentDepts(d.deptIDs, i)}
		if i == 0 {
			ag.Role = desk.RoleAdmin
		}
		if err := st.CreateAgent(ctx, desk.SystemActor, ag); err != nil {
			return fmt.Errorf("bench: create agent: %w", err)
		}
		ids[i] = p.ID
		return nil
	})
	if err != nil {
		return err
	}
	d.agentIDs = ids
	for i, id := range ids {
		for _, dep := range agentDepts(d.deptIDs, i) {
			d.agentsByDept[dep] = append(d.agentsByDept[dep], id)
		}
	}
	return nil
}

func agentDepts(depts []int64, i int) []int64 {
	home := depts[i%len(depts)]
	if i%3 != 0 {
		return []int64{home}
	}
	return []int64{home, depts[(i+1)%len(depts)]}
}

// people creates the requesters: one in ten internal, the others customers, six
// in ten of them in one of Requesters/100 organisations.
func (d *directory) people(ctx context.Context, st *store.Store, cfg Config, progress io.Writer) error {
	orgs := make([]int64, max(1, cfg.Requesters/100))
	err := parallel(ctx, len(orgs), 8, func(i int) error {
		o := &desk.Organisation{Name: fmt.Sprintf("École %s %d", schools[i%len(schools)], i),
			Domain: fmt.Sprintf("org%d.example", i), SharedRequests: i%4 == 0}
		if err := st.CreateOrganisation(ctx, desk.SystemActor, o); err != nil {
			return fmt.Errorf("bench: create organisation: %w", err)
		}
		orgs[i] = o.ID
		return nil
	})
	if err != nil {
		return err
	}
	d.requesters = make([]int64, cfg.Requesters)
	d.emails = make([]string, cfg.Requesters)
	bar := newBar(progress, "requesters", cfg.Requesters)
	var mu sync.Mutex
	done := 0
	err = parallel(ctx, cfg.Requesters, 32, func(i int) error {
		p := requesterPerson(i, d.deptIDs, orgs)
		if err := st.CreatePerson(ctx, desk.SystemActor, p); err != nil {
			return fmt.Errorf("bench: create requester: %w", err)
		}
		d.requesters[i], d.emails[i] = p.ID, p.Emails[0]
		mu.Lock()
		done++
		bar.set(done)
		mu.Unlock()
		return nil
	})
	bar.done()
	return err
}

func requesterPerson(i int, depts, orgs []int64) *desk.Person {
	p := &desk.Person{Name: personName(i + 7), Language: desk.French}
	if i%5 == 1 {
		p.Language = desk.English
	}
	switch {
	case i%10 == 0:
		dep := depts[i%len(depts)]
		p.Kind, p.DepartmentID = desk.InternalPerson, &dep
		p.Emails = []string{fmt.Sprintf("colleague%06d@example.com", i)}
	case i%10 < 7:
		org := i % len(orgs)
		p.Kind, p.OrganisationID = desk.ExternalPerson, &orgs[org]
		p.Emails = []string{fmt.Sprintf("r%06d@org%d.example", i, org)}
	default:
		p.Kind = desk.ExternalPerson
		p.Emails = []string{fmt.Sprintf("parent%06d@mail.example", i)}
	}
	return p
}

func personName(i int) string {
	return firstNames[i%len(firstNames)] + " " + lastNames[(i/len(firstNames)+i)%len(lastNames)]
}

// pickAgent returns an agent of department dep, or any agent if it has none.
func (d *directory) pickAgent(r *rand.Rand, dep int64) int64 {
	if in := d.agentsByDept[dep]; len(in) > 0 {
		return in[r.IntN(len(in))]
	}
	return d.agentIDs[r.IntN(len(d.agentIDs))]
}

// parallel runs fn(0..n-1) on workers goroutines and returns the first error;
// after an error or a cancelled ctx no new call starts.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	var next atomic.Int64
	var once sync.Once
	var first error
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
			}
		})
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return first
}

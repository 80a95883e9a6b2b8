package demo

import (
	"context"
	"fmt"

	"guichet/internal/desk"
	"guichet/internal/store"
)

// loader remembers what it created so the scripts can name people by key.
type loader struct {
	st      *store.Store
	depts   map[string]int64      // slug → id
	orgs    map[string]int64      // mail domain → id
	people  map[string]int64      // person key → id
	emails  map[string]string     // person key → email
	actors  map[string]desk.Actor // agent key → actor
	numbers map[string]int64      // story key → request number
	sum     *Summary
}

func newLoader(st *store.Store) *loader {
	return &loader{
		st:      st,
		depts:   map[string]int64{},
		orgs:    map[string]int64{},
		people:  map[string]int64{},
		emails:  map[string]string{},
		actors:  map[string]desk.Actor{},
		numbers: map[string]int64{},
		sum:     &Summary{AdminEmail: AdminEmail},
	}
}

// directory creates departments, organisations, colleagues, customers and agents.
func (l *loader) directory(ctx context.Context) error {
	steps := []func(context.Context) error{l.departments, l.mailAddresses, l.organisations, l.requesters, l.agents}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) departments(ctx context.Context) error {
	all, err := l.st.Departments(ctx, desk.SystemActor)
	if err != nil {
		return fmt.Errorf("demo: list departments: %w", err)
	}
	for _, d := range all {
		l.depts[d.Slug] = d.ID
	}
	for _, d := range departments {
		dep := &desk.Department{Slug: d.slug, Name: d.name, Handles: d.handles}
		if err := l.st.CreateDepartment(ctx, desk.SystemActor, dep); err != nil {
			return fmt.Errorf("demo: create department %s: %w", d.slug, err)
		}
		l.depts[d.slug] = dep.ID
		l.sum.Departments++
	}
	return nil
}

// mailAddresses routes the demo's French addresses to their departments.
func (l *loader) mailAddresses(ctx context.Context) error {
	for _, m := range mailAddresses {
		if err := l.st.AddMailAddress(ctx, desk.SystemActor, &desk.MailAddress{Address: m.address, DepartmentID: l.depts[m.dept]}); err != nil {
			return fmt.Errorf("demo: mail address %s: %w", m.address, err)
		}
	}
	return nil
}

func (l *loader) organisations(ctx context.Context) error {
	for _, o := range organisations {
		org := &desk.Organisation{Name: o.name, Domain: o.domain, SharedRequests: o.shared}
		if err := l.st.CreateOrganisation(ctx, desk.SystemActor, org); err != nil {
			return fmt.Errorf("demo: create organisation %s: %w", o.name, err)
		}
		l.orgs[o.domain] = org.ID
		l.sum.Organisations++
	}
	return nil
}

func (l *loader) requesters(ctx context.Context) error {
	for _, r := range requesters {
		p := &desk.Person{Name: r.name, Language: r.lang, Emails: []string{r.email}, Kind: desk.ExternalPerson}
		if r.dept != "" {
			p.Kind = desk.InternalPerson
			p.DepartmentID = l.ref(l.depts[r.dept])
		}
		if r.org != "" {
			p.OrganisationID = l.ref(l.orgs[r.org])
		}
		if err := l.addPerson(ctx, r.key, p); err != nil {
			return err
		}
		l.sum.Requesters++
	}
	return nil
}

func (l *loader) agents(ctx context.Context) error {
	for _, a := range agents {
		p := &desk.Person{Name: a.name, Language: a.lang, Emails: []string{a.email},
			Kind: desk.InternalPerson, DepartmentID: l.ref(l.depts[a.home])}
		if err := l.addPerson(ctx, a.key, p); err != nil {
			return err
		}
		ag := &desk.Agent{PersonID: p.ID, Role: a.role, Active: true}
		for _, slug := range a.depts {
			ag.DepartmentIDs = append(ag.DepartmentIDs, l.depts[slug])
		}
		if err := l.st.CreateAgent(ctx, desk.SystemActor, ag); err != nil {
			return fmt.Errorf("demo: create agent %s: %w", a.email, err)
		}
		actor, err := l.st.ActorFor(ctx, p.ID)
		if err != nil {
			return fmt.Errorf("demo: actor for %s: %w", a.email, err)
		}
		l.actors[a.key] = actor
		l.sum.Agents = append(l.sum.Agents, AgentLogin{PersonID: p.ID, Email: a.email, Name: a.name, Role: a.role})
	}
	return nil
}

func (l *loader) addPerson(ctx context.Context, key string, p *desk.Person) error {
	if err := l.st.CreatePerson(ctx, desk.SystemActor, p); err != nil {
		return fmt.Errorf("demo: create person %s: %w", p.Emails[0], err)
	}
	l.people[key] = p.ID
	l.emails[key] = p.Emails[0]
	return nil
}

// ref returns a pointer to id, or nil for 0.
func (l *loader) ref(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

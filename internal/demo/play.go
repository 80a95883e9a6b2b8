package demo

import (
	"context"
	"fmt"
	"strings"

	"guichet/internal/desk"
)

// play opens the story's request and runs its steps.
func (l *loader) play(ctx context.Context, s story) error {
	number, err := l.open(ctx, s)
	if err != nil {
		return err
	}
	if s.key != "" {
		l.numbers[s.key] = number
	}
	l.sum.Requests++
	l.sum.Messages++
	for i, st := range withTakes(s.steps) {
		if err := l.do(ctx, s, number, st); err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
	}
	return nil
}

// withTakes returns steps with an assignment inserted before each reply to an
// unassigned request: whoever answers first takes the request.
func withTakes(steps []step) []step {
	out := make([]step, 0, len(steps)+1)
	assigned := false
	for _, st := range steps {
		if st.kind == stepReply && !assigned {
			out = append(out, assign(st.by, st.by))
		}
		switch st.kind {
		case stepReply, stepAssign:
			assigned = true
		case stepHandoff:
			assigned = st.to != ""
		}
		out = append(out, st)
	}
	return out
}

// open creates the story's request as whoever brings it to the desk: the
// requester on the portal or the web, an agent on the phone, the mail ingest
// (the system) for email.
func (l *loader) open(ctx context.Context, s story) (int64, error) {
	email, known := l.emails[s.from]
	if !known {
		if !strings.Contains(s.from, "@") {
			return 0, fmt.Errorf("unknown requester %q", s.from)
		}
		email = s.from
		l.sum.Requesters++
	}
	in := desk.NewRequest{
		Subject: s.subject, Body: s.body, RequesterEmail: email, DepartmentSlug: s.dept,
		Priority: s.priority, Channel: s.channel, ContactReason: s.reason, Tags: s.tags,
	}
	actor := desk.SystemActor
	switch {
	case s.via != "":
		a, err := l.agent(s.via)
		if err != nil {
			return 0, err
		}
		actor = a
	case known && (s.channel == desk.ChannelPortal || s.channel == desk.ChannelWeb):
		a, err := l.st.ActorFor(ctx, l.people[s.from])
		if err != nil {
			return 0, fmt.Errorf("actor for %s: %w", email, err)
		}
		actor = a
	}
	r, err := l.st.CreateRequest(ctx, actor, in)
	if err != nil {
		return 0, fmt.Errorf("create: %w", err)
	}
	return r.Number, nil
}

// do runs one step on request number.
func (l *loader) do(ctx context.Context, s story, number int64, st step) error {
	if st.kind == stepSays {
		return l.requesterSays(ctx, s, number, st.text)
	}
	by, err := l.agent(st.by)
	if err != nil {
		return err
	}
	switch st.kind {
	case stepReply, stepNote:
		return l.message(ctx, by, number, st)
	case stepHandoff:
		return l.handoff(ctx, by, number, st)
	case stepMerge:
		into, ok := l.numbers[st.into]
		if !ok {
			return fmt.Errorf("merge into unknown story %q", st.into)
		}
		if _, err := l.st.Merge(ctx, by, number, desk.MergeInput{Into: into}); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		l.sum.Merged++
		return nil
	}
	return l.patch(ctx, by, number, st)
}

func (l *loader) message(ctx context.Context, by desk.Actor, number int64, st step) error {
	m := desk.NewMessage{Visibility: desk.Public, Body: st.text}
	if st.kind == stepNote {
		m.Visibility = desk.Internal
		l.sum.Notes++
	}
	if _, err := l.st.AddMessage(ctx, by, number, m); err != nil {
		return fmt.Errorf("add message: %w", err)
	}
	l.sum.Messages++
	return nil
}

func (l *loader) requesterSays(ctx context.Context, s story, number int64, text string) error {
	id, ok := l.people[s.from]
	if !ok {
		return fmt.Errorf("requester %q cannot write: not in the directory", s.from)
	}
	a, err := l.st.ActorFor(ctx, id)
	if err != nil {
		return fmt.Errorf("actor for %s: %w", s.from, err)
	}
	if _, err := l.st.AddMessage(ctx, a, number, desk.NewMessage{Visibility: desk.Public, Body: text}); err != nil {
		return fmt.Errorf("requester message: %w", err)
	}
	l.sum.Messages++
	return nil
}

func (l *loader) handoff(ctx context.Context, by desk.Actor, number int64, st step) error {
	dept, ok := l.depts[st.dept]
	if !ok {
		return fmt.Errorf("handoff to unknown department %q", st.dept)
	}
	in := desk.NewHandoff{ToDepartmentID: dept, Reason: st.text}
	if st.to != "" {
		a, err := l.agent(st.to)
		if err != nil {
			return err
		}
		in.ToAgentID = a.PersonID
	}
	if _, err := l.st.Handoff(ctx, by, number, in); err != nil {
		return fmt.Errorf("handoff: %w", err)
	}
	l.sum.Handoffs++
	return nil
}

func (l *loader) patch(ctx context.Context, by desk.Actor, number int64, st step) error {
	var p desk.RequestPatch
	switch st.kind {
	case stepAssign:
		a, err := l.agent(st.to)
		if err != nil {
			return err
		}
		p.AgentID = &a.PersonID
	case stepStatus:
		p.Status = &st.status
	case stepPriority:
		p.Priority = &st.priority
	case stepTags:
		p.Tags = &st.tags
	case stepSpam:
		return l.markSpam(ctx, by, number)
	default:
		return fmt.Errorf("unknown step kind %d", st.kind)
	}
	if _, err := l.st.UpdateRequest(ctx, by, number, p); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return nil
}

// markSpam marks the request as spam, then closes it (allowed without a reply).
func (l *loader) markSpam(ctx context.Context, by desk.Actor, number int64) error {
	yes, to := true, desk.StatusClosed
	if _, err := l.st.UpdateRequest(ctx, by, number, desk.RequestPatch{Spam: &yes}); err != nil {
		return fmt.Errorf("mark spam: %w", err)
	}
	if _, err := l.st.UpdateRequest(ctx, by, number, desk.RequestPatch{Status: &to}); err != nil {
		return fmt.Errorf("close spam: %w", err)
	}
	l.sum.Spam++
	return nil
}

// agent returns the actor of the agent with the given key.
func (l *loader) agent(key string) (desk.Actor, error) {
	a, ok := l.actors[key]
	if !ok {
		return desk.Actor{}, fmt.Errorf("unknown agent %q", key)
	}
	return a, nil
}

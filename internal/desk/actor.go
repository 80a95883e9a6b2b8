package desk

import "slices"

// Actor is whoever acts: an agent (Role set) or a requester (Role empty). The
// store checks every read and write against the actor it is given; the API and
// web pages resolve the actor from a token or session and never bypass it.
type Actor struct {
	PersonID       int64
	Name           string
	Language       Language // the person's interface and mail language
	Role           Role     // empty for a requester
	DepartmentIDs  []int64  // an agent's departments
	OrganisationID *int64   // a requester's organisation
	OrgShared      bool     // the organisation lets members read each other's requests
	System         bool     // internal work (demo loader, mail ingest): acts as the desk itself
}

// SystemActor acts as the desk itself, with every right. For trusted internal
// callers only (demo data, mail ingest, command-line tools).
var SystemActor = Actor{Name: "Guichet", Role: RoleAdmin, System: true}

// IsAgent reports whether a is an agent (of any role) or the system.
func (a Actor) IsAgent() bool { return a.System || a.Role != "" }

// IsAdmin reports whether a may manage the directory, agents and tokens.
func (a Actor) IsAdmin() bool { return a.System || a.Role == RoleAdmin }

// CanWork reports whether a may change requests as the desk (reply, note, hand
// off, assign, merge): admins and agents, not read-only agents or requesters.
func (a Actor) CanWork() bool { return a.System || a.Role == RoleAdmin || a.Role == RoleAgent }

// InDepartment reports whether the agent a is a member of department id.
func (a Actor) InDepartment(id int64) bool { return slices.Contains(a.DepartmentIDs, id) }

// CanRead reports whether a may read request r. Agents read every request; a
// requester reads their own, and their organisation's when it shares requests.
func (a Actor) CanRead(r *Request) bool {
	if a.IsAgent() {
		return true
	}
	if r.RequesterID == a.PersonID {
		return true
	}
	return a.OrgShared && a.OrganisationID != nil && r.OrganisationID != nil && *a.OrganisationID == *r.OrganisationID
}

// CanSee reports whether a may see message m: agents see everything, requesters
// never see internal notes.
func (a Actor) CanSee(m *Message) bool { return a.IsAgent() || m.Visibility == Public }

// CheckMessage reports whether a may add message m to request r (already known
// readable). Requesters may only write public messages; read-only agents nothing.
func (a Actor) CheckMessage(r *Request, m *NewMessage) error {
	if a.IsAgent() {
		if !a.CanWork() {
			return Forbidden("read-only agents cannot write messages")
		}
		return nil
	}
	if m.Visibility == Internal {
		return Forbidden("requesters cannot write internal notes")
	}
	if r.MergedInto != nil {
		return Errorf(CodeConflict, "request #%d was merged into #%d; write there", r.Number, *r.MergedInto)
	}
	return nil
}

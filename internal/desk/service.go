package desk

import (
	"context"
	"io"
)

// Directory manages organisations, departments, people and agents. Writes need an
// admin actor (CodeForbidden otherwise); unknown ids give CodeNotFound; invalid
// input gives CodeInvalid naming the field, and nothing is written.
type Directory interface {
	CreateOrganisation(ctx context.Context, a Actor, o *Organisation) error
	Organisation(ctx context.Context, a Actor, id int64) (*Organisation, error)
	Organisations(ctx context.Context, a Actor) ([]Organisation, error)
	UpdateOrganisation(ctx context.Context, a Actor, o *Organisation) error
	// DeleteOrganisation fails with CodeConflict while people belong to it.
	DeleteOrganisation(ctx context.Context, a Actor, id int64) error

	CreateDepartment(ctx context.Context, a Actor, d *Department) error
	Department(ctx context.Context, a Actor, id int64) (*Department, error)
	// DepartmentBySlug finds a department by slug; CodeNotFound if none.
	DepartmentBySlug(ctx context.Context, slug string) (*Department, error)
	Departments(ctx context.Context, a Actor) ([]Department, error)
	UpdateDepartment(ctx context.Context, a Actor, d *Department) error
	// DeleteDepartment fails with CodeConflict while it owns requests or is the front desk.
	DeleteDepartment(ctx context.Context, a Actor, id int64) error

	// CreatePerson fails with CodeConflict if one of the emails belongs to someone else.
	CreatePerson(ctx context.Context, a Actor, p *Person) error
	Person(ctx context.Context, a Actor, id int64) (*Person, error)
	// PersonByEmail finds a person by any of their addresses; CodeNotFound if none.
	PersonByEmail(ctx context.Context, a Actor, email string) (*Person, error)
	// People lists people whose name or email contains query (all if empty), by name.
	People(ctx context.Context, a Actor, query string, limit int) ([]Person, error)
	UpdatePerson(ctx context.Context, a Actor, p *Person) error

	// CreateAgent makes an existing person an agent; CodeConflict if already one.
	CreateAgent(ctx context.Context, a Actor, ag *Agent) error
	Agent(ctx context.Context, a Actor, personID int64) (*Agent, error)
	Agents(ctx context.Context, a Actor) ([]Agent, error)
	UpdateAgent(ctx context.Context, a Actor, ag *Agent) error
	// SetPassword stores a hash of password for the agent (empty clears it).
	SetPassword(ctx context.Context, personID int64, password string) error
}

// Tokens issues and checks API tokens. Only a hash of a token is stored.
type Tokens interface {
	// CreateToken issues a new token for the person and returns it in clear, once.
	CreateToken(ctx context.Context, personID int64, name string) (string, error)
	// Authenticate returns the actor owning token; CodeUnauthorized if unknown.
	Authenticate(ctx context.Context, token string) (Actor, error)
	// ActorFor returns the actor for a person (agent or requester).
	ActorFor(ctx context.Context, personID int64) (Actor, error)
}

// Requests works requests. Every method checks the actor: a requester who asks
// for a request that is not theirs gets CodeNotFound (its existence is not
// revealed), and never sees an internal note or a non-public event.
type Requests interface {
	// CreateRequest opens a request. An agent creates on behalf of the requester
	// named by email (found or created as an external person); a requester creates
	// for themselves. Routing: the department given, else the front desk. Nothing
	// is written if any part fails.
	CreateRequest(ctx context.Context, a Actor, in NewRequest) (*Request, error)
	// Request returns one request with its messages, handoffs and events.
	Request(ctx context.Context, a Actor, number int64) (*RequestDetail, error)
	// ListRequests returns a page of requests, newest activity first. A bad cursor
	// is CodeInvalid on field "cursor"; any text in Query is searched as text.
	ListRequests(ctx context.Context, a Actor, f RequestFilter) (*RequestPage, error)
	// AddMessage adds a reply, note or requester message. A requester's message
	// reopens a waiting or solved request.
	AddMessage(ctx context.Context, a Actor, number int64, in NewMessage) (*Message, error)
	// UpdateRequest applies a patch. Solving/closing without a public reply is
	// CodeCloseWithoutReply unless the request is spam or merged.
	UpdateRequest(ctx context.Context, a Actor, number int64, p RequestPatch) (*Request, error)
	// Handoff gives the request to another department (and optionally agent).
	Handoff(ctx context.Context, a Actor, number int64, in NewHandoff) (*Handoff, error)
	// Merge closes number as a duplicate of in.Into, moving nothing but linking both.
	Merge(ctx context.Context, a Actor, number int64, in MergeInput) (*Request, error)
	// Attachment opens an attachment's content if the actor may see its message.
	Attachment(ctx context.Context, a Actor, id int64) (*Attachment, io.ReadCloser, error)
}

// Store is everything the desk keeps.
type Store interface {
	Directory
	Tokens
	Requests
}

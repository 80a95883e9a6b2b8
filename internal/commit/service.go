package commit

import (
	"context"

	"guichet/internal/desk"
)

// Store keeps the commitments. Reads need an agent (requesters get
// CodeForbidden), except Promises and the request clocks, which a requester
// reads on their own requests; writes to calendars, standards and agreements
// need an admin (CodeForbidden). Unknown ids are CodeNotFound; invalid input
// is CodeInvalid naming the field, and nothing is written.
type Store interface {
	Calendars(ctx context.Context, a desk.Actor) ([]Calendar, error)
	Calendar(ctx context.Context, a desk.Actor, id int64) (*Calendar, error)
	CreateCalendar(ctx context.Context, a desk.Actor, c *Calendar) error
	UpdateCalendar(ctx context.Context, a desk.Actor, c *Calendar) error
	// DeleteCalendar fails with CodeConflict for the default calendar or one
	// still used by a standard or agreement.
	DeleteCalendar(ctx context.Context, a desk.Actor, id int64) error

	Standards(ctx context.Context, a desk.Actor) ([]Standard, error)
	Standard(ctx context.Context, a desk.Actor, id int64) (*Standard, error)
	// CreateStandard fails with CodeConflict when an active standard has the
	// same conditions.
	CreateStandard(ctx context.Context, a desk.Actor, s *Standard) error
	UpdateStandard(ctx context.Context, a desk.Actor, s *Standard) error
	// DeleteStandard fails with CodeConflict once a clock ran under it
	// (deactivate it instead).
	DeleteStandard(ctx context.Context, a desk.Actor, id int64) error

	Agreements(ctx context.Context, a desk.Actor) ([]Agreement, error)
	Agreement(ctx context.Context, a desk.Actor, id int64) (*Agreement, error)
	CreateAgreement(ctx context.Context, a desk.Actor, ag *Agreement) error
	UpdateAgreement(ctx context.Context, a desk.Actor, ag *Agreement) error
	// DeleteAgreement fails with CodeConflict once a consult ran under it.
	DeleteAgreement(ctx context.Context, a desk.Actor, id int64) error

	// OpenConsult asks another department about request number; consulting
	// the request's own department is CodeInvalid on "to_department_id".
	OpenConsult(ctx context.Context, a desk.Actor, number int64, in NewConsult) (*Consult, error)
	// Consults lists a request's consults, oldest first (agents only).
	Consults(ctx context.Context, a desk.Actor, number int64) ([]Consult, error)
	// ConsultQueue lists the open consults a department was asked, oldest first.
	ConsultQueue(ctx context.Context, a desk.Actor, departmentID int64) ([]Consult, error)
	// AnswerConsult answers a consult as the consulted department.
	AnswerConsult(ctx context.Context, a desk.Actor, number, id int64, in ConsultAnswer) (*Consult, error)

	// MakePromise records a promise to the requester of request number.
	MakePromise(ctx context.Context, a desk.Actor, number int64, in NewPromise) (*Promise, error)
	// Promises lists a request's promises, oldest first; its requester may read them.
	Promises(ctx context.Context, a desk.Actor, number int64) ([]Promise, error)
	// KeepPromise records that a promise was kept (late: broken).
	KeepPromise(ctx context.Context, a desk.Actor, number, id int64) (*Promise, error)

	// Compliance returns the compliance figures of a period.
	Compliance(ctx context.Context, a desk.Actor, f ReportFilter) (*Report, error)
}

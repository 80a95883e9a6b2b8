// Package commit holds Guichet's service commitments: service standards (what
// the desk promises requesters), internal agreements (what one department
// owes another), consults, promises, the rules of the clocks that follow them,
// and compliance figures. It is pure Go: no SQL, no HTTP; the store keeps the
// state and calls these rules, and business time comes from package calendar.
//
// # Service standards and which one applies
//
// A standard has targets for first response, next response and resolution
// (business durations such as "4h" or business days such as "2d") on a
// calendar, and conditions: owning department, requester kind (internal or
// external), organisation, priority, contact reason, channel. The standard
// that applies to a request is the most specific active one whose conditions
// all hold: the one with the most conditions; between as many, the heavier
// conditions win, in this order: organisation, contact reason, department,
// priority, requester kind, channel. Identical condition sets are refused, so
// the choice is never a tie. It is chosen again whenever the request changes
// (and for every open request when a standard or calendar changes); a clock
// that has not stopped is then counted again from its start under the new
// targets and calendar, while a stopped clock keeps the verdict of its day.
//
// # Clocks of a request
//
//   - First response runs from creation to the desk's first public reply.
//   - Next response runs from a requester's message after that reply to the
//     desk's next public reply (one cycle per unanswered message; solving
//     also ends a cycle).
//   - Resolution runs from creation to solved or closed; reopening resumes it.
//
// While the request waits on the requester every running clock is paused: the
// business time spent so far is kept and the due time is unknown; the
// requester's reply (or any move out of waiting) resumes them and the due time
// is the remaining business time after the resumption. Waiting on another
// department does not pause the requester's clocks. A clock is met when it
// stops within its target and breached once its due time passes; it is at
// risk (a reporting class) from AtRiskPercent of its target to its due time.
// A target in business days is converted, at the clock's start, to the
// business time from the start to calendar.AddDays. Spam and merged requests
// have no clocks.
//
// # Consults and agreements
//
// A consult asks another department for something while the request keeps its
// owner. It runs under the most specific active agreement in which the
// consulted department (provider) owes the asking department (customer): one
// naming the customer beats one for any department, one naming the contact
// reason beats one for any reason. Its response clock stops at the first
// answer, its resolution clock at the final one, both on the provider's
// calendar; they never pause.
//
// # Promises
//
// A promise is a dated follow-up shown to the requester; kept on or before its
// due time it is kept, otherwise (not kept once due, or kept late) broken.
package commit

package demo

import "guichet/internal/desk"

// story is one scripted request: how it arrives, then what people do with it,
// in order. People are named by the keys of company.go; a from that contains
// "@" is an address the desk has never seen (the store creates the person).
type story struct {
	key      string // lets a later story refer to this one (merge)
	from     string // requester key, or a new email address
	via      string // agent key when an agent opens it for the requester (phone)
	channel  desk.Channel
	dept     string // department slug; "" lets the desk route it (front desk)
	priority desk.Priority
	reason   string // contact reason
	tags     []string
	subject  string
	body     string
	steps    []step
}

type stepKind int

const (
	stepReply    stepKind = iota // public reply from an agent
	stepNote                     // internal note from an agent
	stepSays                     // message from the requester
	stepHandoff                  // hand off to another department (and agent)
	stepAssign                   // assign to an agent
	stepStatus                   // change the status
	stepPriority                 // change the priority
	stepTags                     // replace the tags
	stepMerge                    // merge into an earlier story's request
	stepSpam                     // mark as spam and close
)

// step is one action on a story's request. by is the agent key acting (empty
// for the requester's own messages).
type step struct {
	kind     stepKind
	by       string
	text     string
	dept     string // handoff target
	to       string // handoff or assignment agent key
	status   desk.Status
	priority desk.Priority
	tags     []string
	into     string // merge target story key
}

func reply(by, text string) step { return step{kind: stepReply, by: by, text: text} }
func note(by, text string) step  { return step{kind: stepNote, by: by, text: text} }
func says(text string) step      { return step{kind: stepSays, text: text} }
func assign(by, to string) step  { return step{kind: stepAssign, by: by, to: to} }
func spam(by string) step        { return step{kind: stepSpam, by: by} }

func handoff(by, dept, to, reason string) step {
	return step{kind: stepHandoff, by: by, dept: dept, to: to, text: reason}
}

func status(by string, s desk.Status) step { return step{kind: stepStatus, by: by, status: s} }

func priority(by string, p desk.Priority) step { return step{kind: stepPriority, by: by, priority: p} }

func retag(by string, tags ...string) step { return step{kind: stepTags, by: by, tags: tags} }

func merge(by, into string) step { return step{kind: stepMerge, by: by, into: into} }

func tags(t ...string) []string { return t }

// Shorthands for statuses used in the scripts.
const (
	solved      = desk.StatusSolved
	closed      = desk.StatusClosed
	open        = desk.StatusOpen
	waitingReq  = desk.StatusWaitingRequester
	waitingDept = desk.StatusWaitingDepartment
)

// allStories lists every scripted request in the order they are played.
func allStories() []story {
	var all []story
	all = append(all, orderStories()...)
	all = append(all, billingStories()...)
	all = append(all, internalStories()...)
	all = append(all, moreStories()...)
	return all
}

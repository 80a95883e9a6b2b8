package api

import (
	"fmt"
	"net/http"
	"time"

	"guichet/internal/calendar"
	"guichet/internal/commit"
	"guichet/internal/desk"
)

// calendarInput is the body of POST /calendars and PATCH /calendars/{id}; on
// PATCH absent fields stay as they are. Preset adds a preset's holidays
// (quebec or canada) for the years preset_from to preset_to (default: last
// year to ten years ahead), named in language (fr-CA or en), keeping dates
// the calendar already lists.
type calendarInput struct {
	Name          *string               `json:"name"`
	TimeZone      *string               `json:"time_zone"`
	Hours         *calendar.Week        `json:"hours"`
	Holidays      *[]calendar.Holiday   `json:"holidays"`
	Exceptions    *[]calendar.Exception `json:"exceptions"`
	Default       *bool                 `json:"default"`
	DepartmentIDs *[]int64              `json:"department_ids"`
	Preset        calendar.Preset       `json:"preset"`
	PresetFrom    int                   `json:"preset_from"`
	PresetTo      int                   `json:"preset_to"`
	Language      desk.Language         `json:"language"`
}

// apply copies the fields present in in onto c, then adds the preset's holidays.
func (in calendarInput) apply(c *commit.Calendar) error {
	setIf(&c.Name, in.Name)
	setIf(&c.TimeZone, in.TimeZone)
	setIf(&c.Hours, in.Hours)
	setIf(&c.Holidays, in.Holidays)
	setIf(&c.Exceptions, in.Exceptions)
	setIf(&c.Default, in.Default)
	setIf(&c.DepartmentIDs, in.DepartmentIDs)
	if in.Preset == "" {
		if in.PresetFrom != 0 || in.PresetTo != 0 {
			return desk.Invalid("preset", "preset_from and preset_to need a preset")
		}
		return nil
	}
	from, to := in.PresetFrom, in.PresetTo
	if from == 0 {
		from = time.Now().Year() - 1
	}
	if to == 0 {
		to = max(from, time.Now().Year()) + 10
	}
	return commit.ApplyPreset(&c.Spec, in.Preset, in.Language, from, to)
}

// handleListCalendars answers every business calendar, the default first.
func (s *server) handleListCalendars(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	list, err := cs.Calendars(r.Context(), a)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("calendars", list))
	return nil
}

// handleCreateCalendar creates a calendar (admins): 201 with Location.
func (s *server) handleCreateCalendar(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	var in calendarInput
	if err := decode(r, &in); err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	var c commit.Calendar
	if err := in.apply(&c); err != nil {
		return err
	}
	if err := cs.CreateCalendar(r.Context(), a, &c); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/calendars/%d", c.ID))
	s.writeJSON(w, r, http.StatusCreated, c)
	return nil
}

// handleGetCalendar answers one calendar.
func (s *server) handleGetCalendar(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "calendar")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	c, err := cs.Calendar(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// handleUpdateCalendar changes the fields given (admins) and answers the calendar.
func (s *server) handleUpdateCalendar(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	var in calendarInput
	if err := decode(r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id", "calendar")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	c, err := cs.Calendar(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := in.apply(c); err != nil {
		return err
	}
	if err := cs.UpdateCalendar(r.Context(), a, c); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// handleDeleteCalendar deletes a calendar (admins): 204, or 409 for the
// default calendar or one a standard or agreement counts on.
func (s *server) handleDeleteCalendar(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if err := requireCommitAdmin(a); err != nil {
		return err
	}
	id, err := pathID(r, "id", "calendar")
	if err != nil {
		return err
	}
	cs, err := s.commitments()
	if err != nil {
		return err
	}
	if err := cs.DeleteCalendar(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

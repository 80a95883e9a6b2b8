package api

import (
	"errors"
	"net/http"

	"guichet/internal/desk"
)

// mailStore returns the store's email channel records. The store given to
// New keeps them; any other store is an internal error here.
func (s *server) mailStore() (desk.Mail, error) {
	ms, ok := s.store.(desk.Mail)
	if !ok {
		return nil, errors.New("api: the store does not keep the email channel")
	}
	return ms, nil
}

// mailAddressInput is the body of POST /mail-addresses.
type mailAddressInput struct {
	Address      string `json:"address"`
	DepartmentID int64  `json:"department_id"`
}

// handleListMailAddresses answers the address → department mapping (agents).
func (s *server) handleListMailAddresses(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	ms, err := s.mailStore()
	if err != nil {
		return err
	}
	list, err := ms.MailAddressList(r.Context(), a)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("mail_addresses", list))
	return nil
}

// handleAddMailAddress maps an address to a department (admins): 201.
func (s *server) handleAddMailAddress(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	if !a.IsAdmin() {
		return desk.Forbidden("only admins manage the desk's mail addresses")
	}
	var in mailAddressInput
	if err := decode(r, &in); err != nil {
		return err
	}
	ms, err := s.mailStore()
	if err != nil {
		return err
	}
	m := desk.MailAddress{Address: in.Address, DepartmentID: in.DepartmentID}
	if err := ms.AddMailAddress(r.Context(), a, &m); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, m)
	return nil
}

// handleRemoveMailAddress deletes a mapping (admins): 204.
func (s *server) handleRemoveMailAddress(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	id, err := pathID(r, "id", "mail address")
	if err != nil {
		return err
	}
	ms, err := s.mailStore()
	if err != nil {
		return err
	}
	if err := ms.RemoveMailAddress(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleListRequestMail answers where each mail of a request stands
// (agents; a requester gets 404, even for their own request).
func (s *server) handleListRequestMail(w http.ResponseWriter, r *http.Request, a desk.Actor) error {
	number, err := pathID(r, "number", "request")
	if err != nil {
		return err
	}
	ms, err := s.mailStore()
	if err != nil {
		return err
	}
	list, err := ms.MailDeliveries(r.Context(), a, number)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, listOf("mail", list))
	return nil
}

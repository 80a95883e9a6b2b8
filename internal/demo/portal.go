package demo

// PortalRequesterEmail is a demo requester to try the requester portal with:
// Nathalie Lefebvre, of a school board that shares its requests between its
// people, so that she sees her colleagues' requests beside her own.
const PortalRequesterEmail = "n.lefebvre@cssdr.example"

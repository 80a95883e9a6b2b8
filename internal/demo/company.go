package demo

import "guichet/internal/desk"

// The demo company: Fournitures scolaires Boréal, a distributor of school supplies
// in Québec. Its own people use example.com addresses; the customers use their
// own domains. Everything here is fiction.

// AdminEmail is the address of the demo administrator.
const AdminEmail = "admin@example.com"

// department is one department the demo creates (the front desk already exists).
type department struct {
	slug, name, handles string
}

var departments = []department{
	{"customer-service", "Service à la clientèle",
		"commandes, suivi de commande, retours, plaintes / orders, order status, returns, complaints"},
	{"shipping", "Expédition",
		"transporteurs, colis, livraisons, bons de livraison / carriers, parcels, deliveries, packing slips"},
	{"warehouse", "Entrepôt",
		"préparation des commandes, inventaire, tablettes, réception des marchandises / picking, inventory, shelves"},
	{"billing", "Facturation",
		"factures, crédits, paiements, numéros de bon de commande / invoices, credits, payments, PO numbers"},
	{"engineering", "Ingénierie (ERP)",
		"ERP, transactions, codes d'articles, rapports, intégrations / ERP, transactions, item codes, reports"},
	{"it", "Technologies de l'information",
		"postes de travail, comptes, mots de passe, imprimantes, réseau / computers, accounts, passwords, printers"},
	{"hr", "Ressources humaines",
		"paie, vacances, horaires, accueil des nouveaux employés / payroll, vacation, schedules, onboarding"},
	{"reception", "Réception",
		"accueil, appels entrants, courrier, fournitures de bureau / front office, incoming calls, mail, office supplies"},
}

// mailAddresses are the demo's French addresses routed to a department (the
// departments' slugs, billing@ and shipping@, reach them already).
var mailAddresses = []struct{ address, dept string }{
	{"factures", "billing"},
	{"expedition", "shipping"},
	{"commandes", "customer-service"},
	{"informatique", "it"},
}

// organisation is a customer organisation; its people share its mail domain.
type organisation struct {
	name, domain string
	shared       bool
}

var organisations = []organisation{
	{"Centre de services scolaire des Deux-Rives", "cssdr.example", true},
	{"Riverside School Board", "riversidesb.example", true},
	{"École Le Petit Monde", "petitmonde.example", false},
	{"Maplewood Academy", "maplewood.example", false},
	{"Librairie-papeterie du Quartier", "librairieduquartier.example", false},
}

// agent is a colleague who serves requests in Guichet.
type agent struct {
	key, email, name string
	lang             desk.Language
	role             desk.Role
	home             string   // department the person belongs to
	depts            []string // departments the agent works in
}

var agents = []agent{
	{"martine", AdminEmail, "Martine Gagnon", desk.French, desk.RoleAdmin, "it", []string{"it", "front-desk"}},
	{"julie", "julie.bergeron@example.com", "Julie Bergeron", desk.French, desk.RoleAgent, "customer-service",
		[]string{"customer-service", "front-desk"}},
	{"kevin", "kevin.obrien@example.com", "Kevin O'Brien", desk.English, desk.RoleAgent, "customer-service",
		[]string{"customer-service", "billing"}},
	{"marc", "marc-andre.lavoie@example.com", "Marc-André Lavoie", desk.French, desk.RoleAgent, "shipping",
		[]string{"shipping", "warehouse"}},
	{"nadia", "nadia.haddad@example.com", "Nadia Haddad", desk.French, desk.RoleAgent, "warehouse", []string{"warehouse"}},
	{"luc", "luc.pelletier@example.com", "Luc Pelletier", desk.French, desk.RoleAgent, "billing", []string{"billing"}},
	{"priya", "priya.raman@example.com", "Priya Raman", desk.English, desk.RoleAgent, "engineering", []string{"engineering"}},
	{"etienne", "etienne.roy@example.com", "Étienne Roy", desk.French, desk.RoleAgent, "engineering",
		[]string{"engineering", "it"}},
	{"chantal", "chantal.cote@example.com", "Chantal Côté", desk.French, desk.RoleAgent, "reception",
		[]string{"reception", "front-desk"}},
	{"samuel", "samuel.nguyen@example.com", "Samuel Nguyen", desk.English, desk.RoleAgent, "it", []string{"it"}},
	{"isabelle", "isabelle.fortin@example.com", "Isabelle Fortin", desk.French, desk.RoleAgent, "hr", []string{"hr"}},
	{"robert", "robert.caron@example.com", "Robert Caron", desk.French, desk.RoleReadOnly, "customer-service",
		[]string{"customer-service", "shipping", "billing"}},
}

// requester is someone who asks: a colleague (dept set) or a customer (org set,
// or neither for a private person such as a parent).
type requester struct {
	key, email, name string
	lang             desk.Language
	dept             string // internal colleagues
	org              string // domain of the customer's organisation
}

var requesters = []requester{
	// colleagues who are not agents
	{"amelie", "amelie.dubois@example.com", "Amélie Dubois", desk.French, "customer-service", ""},
	{"patrick", "patrick.leblanc@example.com", "Patrick Leblanc", desk.French, "customer-service", ""},
	{"denis", "denis.morin@example.com", "Denis Morin", desk.French, "warehouse", ""},
	{"tom", "tom.wilson@example.com", "Tom Wilson", desk.English, "warehouse", ""},
	{"gabrielle", "gabrielle.simard@example.com", "Gabrielle Simard", desk.French, "shipping", ""},
	{"helene", "helene.bouchard@example.com", "Hélène Bouchard", desk.French, "billing", ""},
	// the school board that shares requests between its people
	{"nathalie", "n.lefebvre@cssdr.example", "Nathalie Lefebvre", desk.French, "", "cssdr.example"},
	{"jf", "jf.poirier@cssdr.example", "Jean-François Poirier", desk.French, "", "cssdr.example"},
	{"claire", "c.beaulieu@cssdr.example", "Claire Beaulieu", desk.French, "", "cssdr.example"},
	{"emily", "ewalsh@riversidesb.example", "Emily Walsh", desk.English, "", "riversidesb.example"},
	{"michael", "mgrant@riversidesb.example", "Michael Grant", desk.English, "", "riversidesb.example"},
	// small customers
	{"louise", "direction@petitmonde.example", "Louise Paquette", desk.French, "", "petitmonde.example"},
	{"sarah", "office@maplewood.example", "Sarah Mitchell", desk.English, "", "maplewood.example"},
	{"olivier", "olivier@librairieduquartier.example", "Olivier Girard", desk.French, "", "librairieduquartier.example"},
	// parents
	{"karine", "karine.ouellet@courriel.example", "Karine Ouellet", desk.French, "", ""},
	{"david", "dchen@mail.example", "David Chen", desk.English, "", ""},
}

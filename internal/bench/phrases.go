package bench

// Sentence templates for generated requests. Slots: {p} and {p2} a product,
// {c} a place, {s} a school, {n} an order or invoice number, {q} a quantity.

var subjectsFR = []string{
	"Commande {n} incomplète : il manque des {p}",
	"Mauvais article reçu : des {p} au lieu de {p2}",
	"Boîtes endommagées à la livraison à {c}",
	"Question sur la facture {n}",
	"Suivi de la commande {n} pour l'école {s}",
	"Retour de {p} — école {s}",
	"Demande de soumission : {q} {p}",
	"Livraison en retard à {c}",
	"Changement d'adresse de livraison pour l'école {s}",
	"Crédit pour des {p} retournés",
}

var subjectsEN = []string{
	"Order {n} incomplete: {p} missing",
	"Wrong item received: {p} instead of {p2}",
	"Damaged boxes delivered in {c}",
	"Question about invoice {n}",
	"Status of order {n} for {s} school",
	"Return of {p} from {s} school",
	"Quote request: {q} {p}",
	"Late delivery in {c}",
	"New delivery address for {s} school",
	"Credit for returned {p}",
}

var askFR = []string{
	"Bonjour, nous avons reçu la commande {n} à l'école {s} de {c}.",
	"Il manque {q} boîtes de {p} sur la commande.",
	"Nous avons reçu des {p} alors que nous avions commandé des {p2}.",
	"Deux boîtes étaient écrasées et les {p} sont inutilisables.",
	"Pouvez-vous nous dire quand le reste arrivera?",
	"Les élèves en ont besoin pour lundi.",
	"Le transporteur a laissé les boîtes à la porte sans signature.",
	"La facture {n} ne correspond pas au prix de notre entente.",
	"Merci de nous revenir rapidement, la rentrée approche.",
	"Est-ce possible de livrer à l'école {s} plutôt qu'au centre administratif?",
	"Nous aimerions retourner {q} {p} non ouverts.",
	"Je relance ma demande, je n'ai pas encore eu de réponse.",
}

var askEN = []string{
	"Hello, we received order {n} at {s} school in {c}.",
	"{q} boxes of {p} are missing from the order.",
	"We received {p} but we had ordered {p2}.",
	"Two boxes were crushed and the {p} cannot be used.",
	"Could you tell us when the rest will arrive?",
	"The students need them by Monday.",
	"The carrier left the boxes at the door without a signature.",
	"Invoice {n} does not match the price in our agreement.",
	"Please get back to us soon, school starts next week.",
	"Could you deliver to {s} school instead of the board office?",
	"We would like to return {q} unopened {p}.",
	"I'm following up on my request, I haven't had an answer yet.",
}

var replyFR = []string{
	"Bonjour, merci pour votre message, nous vérifions avec l'entrepôt.",
	"Les {q} {p} manquants partent aujourd'hui, sans frais.",
	"Toutes nos excuses pour cette erreur de préparation.",
	"Un crédit a été appliqué à la facture {n}.",
	"Le numéro de suivi est RN-{n}; la livraison est prévue jeudi à {c}.",
	"Un transporteur passera reprendre les {p2} vendredi.",
	"Je vous écris dès que les {p} sont reçus chez nous.",
	"Pouvez-vous nous confirmer le nombre exact de boîtes abîmées?",
}

var replyEN = []string{
	"Hello, thank you for your message, we are checking with the warehouse.",
	"The {q} missing {p} leave today, at no charge.",
	"We're sorry about this picking error.",
	"A credit has been applied to invoice {n}.",
	"The tracking number is RN-{n}; delivery in {c} is planned for Thursday.",
	"A courier will pick up the {p2} on Friday.",
	"I'll write as soon as the {p} arrive here.",
	"Could you confirm the exact number of damaged boxes?",
}

var noteFR = []string{
	"Vérifié dans l'ERP : la ligne des {p} a été préparée en partie.",
	"Réclamation ouverte chez le transporteur pour {c}.",
	"Même erreur que la semaine dernière avec les {p}; à signaler à l'entrepôt.",
	"Le prix de l'entente n'est pas chargé pour l'école {s}.",
}

var noteEN = []string{
	"Checked in the ERP: the {p} line was only partly picked.",
	"Claim opened with the carrier for {c}.",
	"Same mistake as last week with the {p}; flagging it to the warehouse.",
	"The agreement price isn't loaded for {s} school.",
}

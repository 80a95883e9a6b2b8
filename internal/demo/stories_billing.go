package demo

import "guichet/internal/desk"

// billingStories: invoices, credits, accounts — and the call that reached the
// wrong desk.
func billingStories() []story {
	return []story{
		{
			from: "michael", channel: desk.ChannelEmail, priority: desk.PriorityNormal,
			reason: "invoice-question", tags: tags("invoice"),
			subject: "Invoice 70112 charges shipping twice",
			body: "Hello,\n\nInvoice 70112 has two lines for shipping ($48.50 each) for a single delivery. " +
				"Could you check before we pay it? Thanks, Michael Grant",
			steps: []step{
				handoff("julie", "billing", "luc", "Question de facturation arrivée à l'accueil."),
				reply("luc", "Hello Mr. Grant,\n\nYou're right: the second shipping line is an error. I've issued "+
					"credit note C-2207 for $48.50; you can pay the invoice minus that amount. Sorry for the trouble.\n\nLuc Pelletier, Billing"),
				status("luc", solved),
			},
		},
		{
			key: "statement", from: "olivier", via: "chantal", channel: desk.ChannelPhone, dept: "reception",
			priority: desk.PriorityNormal, reason: "account-statement", tags: tags("misrouted", "statement"),
			subject: "Appel transféré : question sur un état de compte",
			body: "M. Girard (Librairie-papeterie du Quartier) a appelé le numéro principal : son état de compte de " +
				"septembre montre un solde de 1 240 $ qu'il croit avoir payé le 12. Il voulait parler à quelqu'un de la facturation.",
			steps: []step{
				handoff("chantal", "billing", "luc", "Appel reçu à la réception ; il s'agit d'un paiement à retracer, c'est pour la facturation."),
				reply("chantal", "Bonjour Monsieur Girard,\n\nComme promis au téléphone : je ne pouvais pas répondre "+
					"moi-même à votre question, alors je l'ai confiée à Luc Pelletier, de la facturation. Il a votre "+
					"dossier en main et vous revient d'ici demain midi.\n\nChantal Côté, réception"),
				note("luc", "Paiement du 12 retrouvé : appliqué par erreur sur le compte de la Librairie du Faubourg. Correction faite."),
				reply("luc", "Bonjour Monsieur Girard,\n\nVotre paiement du 12 septembre avait été appliqué au mauvais "+
					"compte. C'est corrigé : votre solde est à zéro. Un nouvel état de compte vous a été envoyé."),
				says("Merci à vous deux, c'est réglé."),
				status("luc", solved),
			},
		},
		{
			from: "nathalie", channel: desk.ChannelEmail, dept: "billing", priority: desk.PriorityNormal,
			reason: "invoice-question", tags: tags("invoice", "po-number"),
			subject: "Facture 70245 sans numéro de bon de commande",
			body: "Bonjour, notre service des finances refuse la facture 70245 parce que le numéro de bon de commande " +
				"(BC-2024-0871) n'y figure pas. Pouvez-vous la réémettre?",
			steps: []step{
				reply("luc", "Bonjour Madame Lefebvre,\n\nC'est fait : la facture 70245 a été réémise avec le numéro "+
					"BC-2024-0871. Elle est jointe au courriel que vous venez de recevoir."),
				status("luc", solved),
			},
		},
		{
			from: "claire", channel: desk.ChannelEmail, dept: "billing", priority: desk.PriorityNormal,
			reason: "invoice-question", tags: tags("invoice", "price"),
			subject: "Erreur de prix sur la facture 70301",
			body: "Les calculatrices scientifiques sont facturées 18,95 $ alors que notre entente prévoit 16,50 $. " +
				"Claire Beaulieu, École secondaire du Versant",
			steps: []step{
				assign("luc", "luc"),
				note("luc", "Le prix de l'entente n'a pas été chargé dans la liste de prix du client. Demandé à l'ingénierie de vérifier les autres articles."),
				reply("luc", "Bonjour Madame Beaulieu,\n\nVous avez raison. Je vérifie toutes les lignes de la facture "+
					"pour vous envoyer une seule correction complète, d'ici vendredi."),
				status("luc", open),
			},
		},
		{
			from: "emily", channel: desk.ChannelEmail, dept: "billing", priority: desk.PriorityNormal,
			reason: "credit", tags: tags("return", "credit"),
			subject: "Credit for returned markers",
			body:    "We sent back 40 boxes of dry-erase markers last week (return RMA-1183). When will we see the credit?",
			steps: []step{
				reply("kevin", "Hi Emily, the credit is issued as soon as the warehouse confirms the boxes are back. I've asked them today."),
				note("kevin", "Waiting for the warehouse to confirm reception of RMA-1183."),
				status("kevin", waitingDept),
			},
		},
		{
			from: "sarah", channel: desk.ChannelEmail, dept: "billing", priority: desk.PriorityLow,
			reason: "account", tags: tags("supplier-form"),
			subject: "Supplier registration form for our accounting",
			body:    "Our new accountant needs your supplier registration form filled in (attached to our last email). Thank you!",
			steps: []step{
				reply("luc", "Hello Ms. Mitchell, the completed form is in your inbox, with a void cheque for the deposit details."),
				status("luc", solved),
			},
		},
		{
			from: "karine", via: "chantal", channel: desk.ChannelPhone, dept: "reception", priority: desk.PriorityNormal,
			reason: "misrouted", tags: tags("misrouted", "parent"),
			subject: "Parent : remboursement d'un ensemble scolaire en double",
			body: "Mme Ouellet a appelé la réception : elle a payé deux fois l'ensemble scolaire de sa fille " +
				"(commande web 91-2290). Elle souhaite être remboursée d'un des deux paiements.",
			steps: []step{
				handoff("chantal", "customer-service", "julie", "Commande web d'un parent, le service à la clientèle s'en occupe."),
				reply("chantal", "Bonjour Madame Ouellet,\n\nJulie Bergeron, du service à la clientèle, reprend votre "+
					"demande de remboursement et vous écrira aujourd'hui."),
				reply("julie", "Bonjour Madame Ouellet,\n\nLe paiement en double est confirmé ; le remboursement de "+
					"64,95 $ apparaîtra sur votre carte d'ici 3 à 5 jours ouvrables."),
				status("julie", solved),
			},
		},
	}
}

package demo

import "guichet/internal/desk"

// moreStories: the everyday mix — parents, quotes, small questions, spam, and
// some requests nobody has touched yet.
func moreStories() []story {
	return []story{
		{
			from: "karine", channel: desk.ChannelWeb, priority: desk.PriorityNormal,
			reason: "product-info", tags: tags("parent", "school-list"),
			subject: "Liste scolaire de mon fils : où commander?",
			body: "Bonjour, l'école de mon fils m'a donné votre nom pour la liste de fournitures de 3e année. " +
				"Est-ce que je peux commander directement chez vous?",
			steps: []step{
				reply("julie", "Bonjour Madame Ouellet,\n\nNous vendons surtout aux écoles, mais la Librairie-papeterie "+
					"du Quartier a la liste complète de l'école de votre fils et la prépare en un seul sac. "+
					"Si quelque chose manque, écrivez-nous : nous trouverons une solution."),
				says("Merci beaucoup pour la réponse rapide et gentille!"),
				status("julie", solved),
			},
		},
		{
			from: "david", channel: desk.ChannelEmail, priority: desk.PriorityNormal,
			reason: "incomplete-order", tags: tags("parent", "kit"),
			subject: "Calculator missing from my daughter's school kit",
			body:    "Hello, the Grade 5 kit we bought through Maplewood Academy had no calculator in it. Everything else was there.",
			steps: []step{
				handoff("julie", "customer-service", "kevin", "English-speaking parent, kit bought through Maplewood."),
				reply("kevin", "Hello Mr. Chen,\n\nSorry about that. Could you send me the kit number printed on the bag "+
					"label (it starts with K-)? Then I'll send the calculator straight to your home."),
				says("It's K-5-0318. Thanks!"),
				reply("kevin", "Thank you! The calculator leaves today by mail, you should have it within three days."),
				status("kevin", solved),
			},
		},
		{
			from: "olivier", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "product-info", tags: tags("stock", "agenda"),
			subject: "Disponibilité des agendas scolaires",
			body:    "Bonjour, quand recevrez-vous les agendas scolaires? J'ai déjà 60 clients en attente.",
			steps: []step{
				reply("julie", "Bonjour Monsieur Girard,\n\nLe fournisseur nous les promet pour le 20. Je vous écris le "+
					"jour même où ils arrivent et je vous réserve vos 60 agendas."),
				status("julie", open),
			},
		},
		{
			from: "claire", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "quote", tags: tags("quote"),
			subject: "Soumission : 300 calculatrices scientifiques",
			body:    "Bonjour, pouvez-vous nous faire une soumission pour 300 calculatrices scientifiques, livrées en deux temps?",
			steps: []step{
				assign("julie", "julie"),
				note("julie", "Vérifier le prix de l'entente avec la facturation avant d'envoyer (erreur de prix récente sur la facture 70301)."),
				status("julie", open),
			},
		},
		{
			from: "sarah", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "account", tags: tags("address"),
			subject: "New delivery address from next month",
			body:    "We're moving our receiving to the new gym building, 40 Birch Road, starting next month.",
			steps: []step{
				reply("kevin", "Thanks Sarah, the new address is on your account for every order from the 1st."),
				status("kevin", solved),
			},
		},
		{
			from: "promo@offres-gratuites.example", channel: desk.ChannelEmail, priority: desk.PriorityNormal,
			subject: "Félicitations!!! Vous avez gagné une tablette",
			body:    "Cliquez ici pour réclamer votre prix avant minuit. Offre exclusive réservée aux gagnants.",
			steps:   []step{spam("chantal")},
		},
		{
			from: "jf", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "account", tags: tags("portal", "access"),
			subject: "Accès au portail de commandes pour notre nouvelle secrétaire",
			body:    "Bonjour, Mme Isabelle Morin remplace Mme Vachon au secrétariat de l'école des Érables. Pouvez-vous lui donner accès au portail?",
			steps: []step{
				reply("julie", "Bonjour Monsieur Poirier, Mme Morin a reçu son invitation au portail ; l'accès de Mme Vachon est fermé."),
				status("julie", solved),
			},
		},
		{
			from: "david", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityLow,
			reason: "product-info", tags: tags("returns"),
			subject: "Question about your returns policy",
			body:    "Can unopened items from the kit be returned if my daughter's teacher doesn't need them?",
			steps: []step{
				reply("kevin", "Yes: unopened items can be returned within 30 days, and we pay the return shipping."),
				status("kevin", solved),
			},
		},
		{
			from: "louise", channel: desk.ChannelEmail, priority: desk.PriorityLow, reason: "delivery",
			subject: "Livrez-vous le samedi?",
			body:    "Notre école est fermée en semaine pendant la rénovation. Est-il possible de recevoir un samedi matin?",
			steps: []step{
				handoff("julie", "shipping", "", "Question de livraison : horaires du samedi."),
				reply("marc", "Bonjour Madame Paquette, oui : nous livrons le samedi matin sur rendez-vous. Je vous propose le 14, entre 9 h et 11 h."),
				status("marc", waitingReq),
			},
		},
		{
			from: "patrick", channel: desk.ChannelWeb, dept: "shipping", priority: desk.PriorityHigh,
			reason: "delivery", tags: tags("urgent"),
			subject: "Livraison urgente vendredi possible?",
			body:    "Un client de Trois-Rivières a besoin de 20 boîtes de papier pour vendredi matin. Est-ce faisable?",
			steps: []step{
				reply("marc", "Oui si la commande est saisie avant 14 h aujourd'hui ; je la mets sur le camion de jeudi soir."),
				status("marc", solved),
			},
		},
		{
			from: "gabrielle", channel: desk.ChannelWeb, dept: "reception", priority: desk.PriorityLow,
			reason: "office-supplies", tags: tags("room"),
			subject: "Salle de conférence pour la formation du transporteur",
			body:    "Est-ce que la grande salle est libre mardi de 13 h à 15 h pour une formation avec Rapide-Nord?",
			steps: []step{
				reply("chantal", "C'est réservé à votre nom, et j'avise l'accueil pour les visiteurs."),
				status("chantal", solved),
			},
		},
		{
			from: "denis", channel: desk.ChannelWeb, dept: "hr", priority: desk.PriorityNormal,
			reason: "training", tags: tags("formation"),
			subject: "Renouvellement de ma carte de cariste",
			body:    "Ma carte de conducteur de chariot élévateur expire à la fin du mois. Quand est la prochaine formation?",
		},
		{
			from: "parent.tremblay@courriel.example", channel: desk.ChannelEmail, priority: desk.PriorityNormal,
			subject: "Sac d'école reçu avec une fermeture brisée",
			body: "Bonjour, le sac à dos commandé pour mon fils est arrivé avec la fermeture éclair brisée. " +
				"Comment faire pour l'échanger? Merci, Marie Tremblay",
		},
		{
			from: "emily", channel: desk.ChannelEmail, dept: "billing", priority: desk.PriorityNormal,
			reason: "invoice-question", tags: tags("invoice"),
			subject: "Copies of all invoices for the fiscal year end",
			body:    "Our auditors ask for a copy of every invoice since July 1st. Could you send them as one PDF?",
		},
		{
			from: "michael", channel: desk.ChannelEmail, dept: "shipping", priority: desk.PriorityNormal,
			reason:  "delivery",
			subject: "Deliveries after 3 pm at Riverside High?",
			body:    "Our custodian starts at 3 pm. Could deliveries to Riverside High be scheduled after that?",
		},
		{
			from: "sarah", via: "kevin", channel: desk.ChannelPhone, dept: "customer-service",
			priority: desk.PriorityUrgent, reason: "order-status", tags: tags("urgent", "art-supplies"),
			subject: "Art supplies needed for Friday's exhibition",
			body: "Phone call from Sarah Mitchell: the art exhibition moved to this Friday and order 48955 (paint, brushes, " +
				"canvas boards) is scheduled for next Tuesday. Can we ship it earlier?",
			steps: []step{
				note("kevin", "Asked Nadia if the order can be picked today."),
				reply("kevin", "Hello Sarah, I'm checking with the warehouse now and will call you back before 2 pm."),
				status("kevin", open),
			},
		},
		{
			from: "jf", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityLow,
			reason:  "product-info",
			subject: "Marqueurs effaçables : autre marque acceptée?",
			body:    "Si les marqueurs habituels sont en rupture, nous acceptons une autre marque de qualité équivalente.",
		},
		{
			from: "tom", channel: desk.ChannelWeb, dept: "it", priority: desk.PriorityNormal,
			reason: "access", tags: tags("password", "erp"),
			subject: "ERP password reset",
			body:    "I'm locked out of the ERP after my vacation. Can you reset my password?",
			steps: []step{
				reply("samuel", "Done: you'll be asked to choose a new password at your next login."),
				status("samuel", solved),
			},
		},
	}
}

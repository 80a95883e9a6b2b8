package demo

import "guichet/internal/desk"

// internalStories: colleagues asking other departments — the internal customers.
func internalStories() []story {
	return []story{
		{
			from: "amelie", channel: desk.ChannelWeb, dept: "engineering", priority: desk.PriorityNormal,
			reason: "erp-question", tags: tags("erp"),
			subject: "ERP : substituer un article sur une commande déjà libérée",
			body: "Bonjour l'ingénierie,\n\nUn client (CSS des Deux-Rives) accepte un cartable 1½ po à la place du 1 po " +
				"en rupture. La commande 48650 est déjà libérée pour la préparation : quelle transaction dois-je " +
				"utiliser pour remplacer l'article sans annuler toute la commande?\n\nMerci, Amélie (service à la clientèle)",
			steps: []step{
				says("Petite relance : le client attend ma réponse pour confirmer sa livraison. Quelqu'un peut regarder?"),
				note("julie", "Troisième question ERP de l'équipe restée sans réponse ce mois-ci. J'en parle à la rencontre "+
					"entre départements : il nous faut un délai de réponse convenu avec l'ingénierie."),
				priority("julie", desk.PriorityHigh),
				says("Deuxième relance. Sans réponse d'ici demain, j'annule et je ressaisis la commande, ce qui retarde la livraison de trois jours."),
			},
		},
		{
			from: "patrick", channel: desk.ChannelWeb, dept: "engineering", priority: desk.PriorityNormal,
			reason: "erp-question", tags: tags("erp", "price-list"),
			subject: "ERP: where is the customer-specific price list for Riverside?",
			body: "Hi, I'm preparing a quote for Riverside School Board. Where can I see their contract prices in the ERP? " +
				"The standard price list shows higher prices. Patrick",
			steps: []step{
				reply("priya", "Hi Patrick, open the customer record, tab 'Pricing', then 'Agreements': the Riverside "+
					"contract (AGR-0091) lists every item at its agreed price. The quote screen picks it up automatically "+
					"if you enter the customer number first."),
				says("Found it, thanks Priya!"),
				status("priya", solved),
			},
		},
		{
			from: "denis", channel: desk.ChannelWeb, dept: "reception", priority: desk.PriorityLow,
			reason: "office-supplies", tags: tags("supplies"),
			subject: "Gants en nitrile : sur quelle tablette?",
			body: "Allô, on n'a plus de gants en nitrile à l'entrepôt. Où est-ce que je trouve une boîte dans les " +
				"fournitures du bureau? Denis, entrepôt",
			steps: []step{
				reply("chantal", "Bonjour Denis! Armoire des fournitures à côté de la cuisine, deuxième tablette à gauche. "+
					"J'en ai commandé deux caisses pour l'entrepôt, elles arrivent mercredi."),
				says("Trouvé, merci Chantal!"),
				status("chantal", solved),
			},
		},
		{
			from: "tom", channel: desk.ChannelWeb, dept: "it", priority: desk.PriorityHigh,
			reason: "equipment", tags: tags("scanner", "wifi"),
			subject: "Handheld scanner in aisle 12 won't connect",
			body:    "The handheld scanner in aisle 12 keeps dropping the Wi-Fi, so we can't confirm picks. We're using paper lists for now.",
			steps: []step{
				reply("samuel", "On my way. Meanwhile, take the spare scanner from the charging rack by the office door (number 7)."),
				note("samuel", "Battery swollen and the Wi-Fi card loose. Replaced the unit; sent the old one for repair."),
				reply("samuel", "Scanner replaced, it's on the rack and paired. Tell me if the Wi-Fi drops again in that aisle."),
				status("samuel", solved),
			},
		},
		{
			from: "gabrielle", channel: desk.ChannelWeb, dept: "hr", priority: desk.PriorityNormal,
			reason: "vacation", tags: tags("vacances"),
			subject: "Question sur mes vacances d'été",
			body:    "Bonjour, je suis arrivée en mars. Ai-je droit à deux semaines cet été ou seulement à une?",
			steps: []step{
				reply("isabelle", "Bonjour Gabrielle, pour une première année vous avez droit à une semaine payée, et vous "+
					"pouvez prendre une deuxième semaine sans solde si votre superviseur l'approuve. Je peux vous aider à faire la demande."),
				says("Merci, je vais en parler à Marc-André."),
				status("isabelle", solved),
			},
		},
		{
			from: "helene", channel: desk.ChannelWeb, dept: "it", priority: desk.PriorityNormal,
			reason: "equipment", tags: tags("printer"),
			subject: "Imprimante de la facturation : bourrages à répétition",
			body:    "L'imprimante de la facturation bloque à chaque lot de factures depuis lundi. On perd beaucoup de temps.",
			steps: []step{
				assign("samuel", "samuel"),
				note("samuel", "Rouleau d'entraînement usé. Pièce commandée, livraison prévue mardi."),
				reply("samuel", "Bonjour Hélène, la pièce à remplacer arrive mardi. D'ici là, vos lots peuvent sortir sur "+
					"l'imprimante de la réception : je l'ai ajoutée à vos postes."),
				status("samuel", open),
			},
		},
		{
			from: "amelie", channel: desk.ChannelWeb, dept: "engineering", priority: desk.PriorityNormal,
			reason: "report", tags: tags("erp", "report", "quality"),
			subject: "Rapport des retours par cause pour la réunion qualité",
			body: "Bonjour, pour la réunion qualité du mois, pouvez-vous produire un rapport des retours des 90 derniers " +
				"jours par cause (incomplet, erroné, endommagé) et par étape (prise de commande, préparation, expédition)?",
			steps: []step{
				assign("etienne", "etienne"),
				reply("etienne", "Bonjour Amélie, je vous le prépare pour jeudi. Je vais aussi ajouter le coût des "+
					"réexpéditions, ça devrait intéresser la direction."),
				status("etienne", open),
			},
		},
		{
			from: "patrick", channel: desk.ChannelWeb, dept: "warehouse", priority: desk.PriorityNormal,
			reason: "process", tags: tags("wrong-item", "picking"),
			subject: "Picking errors: college-ruled vs wide-ruled notebooks",
			body: "Customers received the wrong notebooks twice this month. Could the bins for 20-1130 and 20-1131 be " +
				"separated or labelled more clearly?",
			steps: []step{
				reply("nadia", "Bonjour Patrick, bonne idée. On a déplacé le 20-1131 dans l'allée 6 et ajouté des étiquettes de couleur. "+
					"On surveille les erreurs des deux prochaines semaines."),
				note("nadia", "Même problème possible avec les cahiers Canada 32 et 40 pages ; à vérifier à l'inventaire."),
				status("nadia", solved),
			},
		},
		{
			from: "gabrielle", channel: desk.ChannelWeb, dept: "it", priority: desk.PriorityNormal,
			reason: "access", tags: tags("access", "carrier"),
			subject: "Accès au portail du transporteur",
			body:    "Je n'ai pas encore d'accès au portail de Rapide-Nord pour imprimer les étiquettes. Qui peut me l'ouvrir?",
			steps: []step{
				reply("samuel", "Bonjour Gabrielle, votre compte est créé ; vous avez reçu un courriel pour choisir votre mot de passe."),
				status("samuel", solved),
			},
		},
		{
			from: "tom", channel: desk.ChannelWeb, dept: "hr", priority: desk.PriorityNormal,
			reason: "payroll", tags: tags("payroll"),
			subject: "Pay stub missing overtime hours",
			body:    "My last pay stub shows 2 hours of overtime but I worked 6 during inventory weekend.",
			steps: []step{
				reply("isabelle", "Hi Tom, I've asked your supervisor to confirm the inventory weekend hours. I'll get back to you by Thursday."),
				status("isabelle", waitingDept),
			},
		},
		{
			from: "helene", channel: desk.ChannelWeb, dept: "engineering", priority: desk.PriorityUrgent,
			reason: "erp-incident", tags: tags("erp", "billing-run"),
			subject: "La facturation en lot plante depuis la mise à jour",
			body: "Depuis la mise à jour de dimanche, la facturation en lot s'arrête à environ 40 factures avec une " +
				"erreur de délai. Nous n'avons pas pu facturer hier.",
			steps: []step{
				assign("etienne", "etienne"),
				note("etienne", "Requête sur les escomptes devenue lente après la mise à jour : index manquant sur les lignes de prix."),
				reply("etienne", "Bonjour Hélène, nous avons trouvé la cause. Le correctif est installé ce soir ; vous "+
					"pourrez relancer les lots de mardi et mercredi demain matin."),
				status("etienne", open),
			},
		},
		{
			from: "amelie", channel: desk.ChannelWeb, dept: "billing", priority: desk.PriorityLow,
			reason: "process", tags: tags("credit"),
			subject: "Quel code de raison pour un crédit de transport?",
			body:    "Un client demande qu'on lui crédite le transport d'une commande livrée en retard. Quel code de raison utiliser?",
			steps: []step{
				reply("luc", "Bonjour Amélie, utilisez le code CR-TR (crédit transport) et mettez le numéro de la commande en référence."),
				status("luc", solved),
			},
		},
	}
}

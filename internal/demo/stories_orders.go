package demo

import "guichet/internal/desk"

// orderStories: customers about their orders — incomplete, wrong, damaged, late.
func orderStories() []story {
	return []story{
		{
			key: "pencils", from: "nathalie", channel: desk.ChannelEmail, dept: "customer-service",
			priority: desk.PriorityHigh, reason: "incomplete-order", tags: tags("commande-incomplete", "rentree"),
			subject: "Commande 48213 incomplète : il manque des crayons HB",
			body: "Bonjour,\n\nNous avons reçu ce matin la commande 48213 pour l'école primaire des Érables. " +
				"Il manque 12 boîtes de crayons HB (article 10-2204) sur les 30 commandées. La rentrée est lundi.\n\n" +
				"Pouvez-vous nous dire quand le reste arrivera?\n\nNathalie Lefebvre\nApprovisionnement, CSS des Deux-Rives",
			steps: []step{
				assign("julie", "julie"),
				note("julie", "ERP : la ligne 3 a été préparée à 18 au lieu de 30. Bac 10-2204 vide au moment de la préparation ; "+
					"l'entrepôt confirme qu'il reste 40 boîtes en réserve."),
				reply("julie", "Bonjour Madame Lefebvre,\n\nVous avez raison, il manquait 12 boîtes sur la commande 48213 ; "+
					"l'erreur vient de chez nous. Elles partent aujourd'hui par messagerie, sans frais, et arriveront "+
					"vendredi à l'école des Érables. Je vous écris dès que j'ai le numéro de suivi.\n\nJulie Bergeron"),
				says("Merci beaucoup, vendredi c'est parfait."),
				reply("julie", "Numéro de suivi : RN-5520-1187. Bonne rentrée à toute l'équipe!"),
				status("julie", solved),
			},
		},
		{
			from: "jf", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "incomplete-order", tags: tags("commande-incomplete"),
			subject: "Crayons manquants — école des Érables",
			body: "Bonjour, je suis le secrétaire de l'école des Érables. Notre commande est arrivée sans une partie " +
				"des crayons. Est-ce qu'une deuxième livraison est prévue? Merci, Jean-François Poirier",
			steps: []step{
				reply("julie", "Bonjour Monsieur Poirier,\n\nVotre collègue Nathalie Lefebvre nous a signalé le même "+
					"problème ce matin : les 12 boîtes manquantes arrivent vendredi. Comme votre centre de services "+
					"partage ses demandes, vous pouvez suivre la demande d'origine dans le portail. Je regroupe les deux "+
					"pour que personne n'ait à se répéter."),
				merge("julie", "pencils"),
			},
		},
		{
			key: "notebooks", from: "sarah", channel: desk.ChannelEmail, priority: desk.PriorityNormal,
			reason: "wrong-item", tags: tags("wrong-item", "return"),
			subject: "Wrong notebooks in our order 48302",
			body: "Hello,\n\nWe ordered 200 college-ruled notebooks (item 20-1130) and received wide-ruled ones " +
				"(20-1131). Our Grade 7 teachers need them next week. What should we do with the boxes we received?\n\n" +
				"Sarah Mitchell, Office Manager, Maplewood Academy",
			steps: []step{
				handoff("julie", "customer-service", "kevin", "Wrong item shipped to an English-speaking school; Kevin handles Maplewood."),
				reply("kevin", "Hello Ms. Mitchell,\n\nI'm sorry about the mix-up. The right notebooks leave our warehouse "+
					"today and will reach you Thursday. Please keep the wide-ruled boxes closed: a courier will pick them "+
					"up on Friday with a prepaid label, nothing for you to pay or print.\n\nKevin O'Brien"),
				note("kevin", "Second wide/college-ruled mix-up this month. The bins 20-1130 and 20-1131 are side by side in aisle 4. Raised it with the warehouse."),
				says("Thank you Kevin, the new notebooks arrived and the courier took the old boxes this morning."),
				reply("kevin", "Great, thank you for letting me know. Have a good start of term!"),
				status("kevin", solved),
			},
		},
		{
			from: "louise", via: "julie", channel: desk.ChannelPhone, dept: "customer-service",
			priority: desk.PriorityHigh, reason: "damaged", tags: tags("damaged", "carrier"),
			subject: "Boîtes endommagées : cartables mouillés à la livraison",
			body: "Appel de Mme Paquette (École Le Petit Monde) : 3 des 8 boîtes livrées hier étaient écrasées et " +
				"mouillées ; une vingtaine de cartables 1 po sont inutilisables. Elle a pris des photos et gardé les boîtes.",
			steps: []step{
				note("julie", "Transporteur : Rapide-Nord, bon de livraison 77-40312. Il faut ouvrir une réclamation chez eux."),
				handoff("julie", "shipping", "marc", "Réclamation transporteur et remplacement des cartables abîmés."),
				reply("julie", "Bonjour Madame Paquette,\n\nMerci pour votre appel. Marc-André Lavoie, à l'expédition, "+
					"s'occupe maintenant de votre dossier : il remplace les cartables et règle la réclamation avec le "+
					"transporteur. Vous n'avez rien à payer."),
				reply("marc", "Bonjour Madame Paquette,\n\nPour compléter la réclamation, pouvez-vous nous confirmer le "+
					"nombre exact de cartables abîmés et nous envoyer deux ou trois photos des boîtes? Le remplacement "+
					"part dès que j'ai le nombre."),
				status("marc", waitingReq),
			},
		},
		{
			from: "emily", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "order-status", tags: tags("order-status", "back-to-school"),
			subject: "Status of PO RSB-2291 (back-to-school kits)",
			body: "Hi, could you tell me where we are with PO RSB-2291? It covers the 450 kits for our five elementary " +
				"schools. The principals keep asking me. Thanks, Emily Walsh, Procurement, Riverside School Board",
			steps: []step{
				assign("kevin", "kevin"),
				reply("kevin", "Hi Emily,\n\nThe 450 kits are packed: 300 left yesterday (tracking RN-5519-0042), the last "+
					"150 leave tomorrow morning and should be delivered Wednesday. I'll write again once they're on the truck."),
				reply("kevin", "Update: the last 150 kits are on the truck, tracking RN-5521-0310."),
				says("Perfect, thank you for keeping me posted."),
				status("kevin", solved),
			},
		},
		{
			from: "michael", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityHigh,
			reason: "damaged", tags: tags("damaged", "carrier"),
			subject: "Crushed boxes of copy paper",
			body: "Four of the ten boxes of copy paper delivered to Riverside High this morning were crushed and torn. " +
				"The driver left before we could check. Can you replace them? Michael Grant, Facilities",
			steps: []step{
				handoff("kevin", "shipping", "marc", "Carrier damage, replacement and claim."),
				reply("marc", "Hello Mr. Grant,\n\nI'm sorry. Four replacement boxes leave tomorrow and I'm opening a "+
					"claim with the carrier on our side. No need to return the damaged ones."),
				status("marc", solved),
			},
		},
		{
			from: "olivier", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "wrong-item", tags: tags("wrong-item"),
			subject: "Commande 48877 : mauvais format de papier",
			body: "Bonjour, nous avons reçu du papier format légal (8½ x 14) au lieu du format lettre commandé. " +
				"Mes clients attendent leurs listes scolaires. Olivier Girard, Librairie-papeterie du Quartier",
			steps: []step{
				reply("julie", "Bonjour Monsieur Girard,\n\nToutes mes excuses. Le format lettre part aujourd'hui et "+
					"notre livreur reprendra le format légal au même passage, demain avant midi."),
				says("Reçu, merci pour la rapidité."),
				status("julie", solved),
			},
		},
		{
			from: "louise", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "incomplete-order", tags: tags("commande-incomplete"),
			subject: "Il manque les ciseaux pour gauchers",
			body: "Bonjour, la commande de la semaine dernière ne contenait pas les 6 paires de ciseaux pour gauchers. " +
				"Ce sont de petites quantités, mais pour ces élèves c'est important. Merci! Louise Paquette",
			steps: []step{
				reply("julie", "Bonjour Madame Paquette,\n\nVous avez tout à fait raison, et ces six élèves comptent "+
					"autant que les autres. Les ciseaux étaient en rupture ; ils sont arrivés hier et partent "+
					"aujourd'hui à nos frais."),
				status("julie", solved),
			},
		},
		{
			from: "sarah", channel: desk.ChannelEmail, dept: "shipping", priority: desk.PriorityLow,
			reason: "shipping", tags: tags("packing-slip"),
			subject: "Packing slip doesn't match the boxes",
			body:    "The packing slip lists 12 boxes but we received 11 — though nothing seems to be missing. Could you check?",
			steps: []step{
				reply("marc", "Good catch: two small items were packed together in one box, so 11 boxes is right and "+
					"nothing is missing. We'll print the real box count on slips from now on."),
				status("marc", solved),
			},
		},
		{
			from: "nathalie", channel: desk.ChannelEmail, dept: "shipping", priority: desk.PriorityNormal,
			reason: "delivery", tags: tags("rentree", "delivery"),
			subject: "Calendrier de livraison de la rentrée",
			body: "Pouvez-vous nous confirmer les dates de livraison pour nos 14 écoles? Certaines n'ont pas de " +
				"quai de réception et ferment à 15 h.",
			steps: []step{
				assign("marc", "marc"),
				reply("marc", "Bonjour Madame Lefebvre,\n\nJe prépare le calendrier école par école en tenant compte "+
					"des heures de fermeture. Vous l'aurez au plus tard jeudi midi."),
				status("marc", open),
			},
		},
		{
			from: "michael", channel: desk.ChannelEmail, dept: "customer-service", priority: desk.PriorityNormal,
			reason: "order-status", tags: tags("backorder"),
			subject: "Backorder on glue sticks — any ETA?",
			body:    "Our order 48590 shows the glue sticks (item 30-0412) as backordered. Do you have a date?",
			steps: []step{
				reply("kevin", "Hi Michael, our supplier promised the glue sticks for the 15th. I'll confirm as soon as they're received."),
				status("kevin", open),
			},
		},
	}
}

package bench

// The vocabulary the generated requests are written with. Lists are ranked:
// the generator draws from them with a Zipf law, so the first words of a list
// are common (a search for them matches a large share of requests) and the
// last ones are selective (a handful of matches in a million).

// products: the school supplies people write about, French and English.
var productsFR = []string{
	"crayons", "cahiers", "cartables", "calculatrices", "ciseaux", "bâtons de colle", "marqueurs",
	"papier", "agendas", "règles", "gommes à effacer", "sacs à dos", "surligneurs", "stylos",
	"duo-tangs", "pochettes", "rapporteurs d'angle", "compas", "taille-crayons", "crayons de couleur",
	"feutres", "pastels", "gouache", "pinceaux", "cartons", "tableaux blancs", "effaces à tableau",
	"étuis à crayons", "intercalaires", "feuilles mobiles", "cahiers d'exercices", "dictionnaires",
	"globes terrestres", "microscopes", "écouteurs", "clés USB", "agrafeuses", "trombones", "punaises",
	"rubans adhésifs", "pâte à modeler", "boîtes à lunch", "tabliers d'art", "équerres", "blocs-notes",
	"chevalets", "ardoises", "perforatrices", "lamineuses", "rouleaux de papier kraft",
}

var productsEN = []string{
	"pencils", "notebooks", "binders", "calculators", "scissors", "glue sticks", "markers", "paper",
	"planners", "rulers", "erasers", "backpacks", "highlighters", "pens", "folders", "pockets",
	"protractors", "compasses", "sharpeners", "coloured pencils", "felt pens", "crayons", "paint",
	"brushes", "construction paper", "whiteboards", "whiteboard erasers", "pencil cases", "dividers",
	"loose-leaf paper", "workbooks", "dictionaries", "globes", "microscopes", "headphones",
	"flash drives", "staplers", "paper clips", "thumbtacks", "tape", "modelling clay", "lunch boxes",
	"art smocks", "set squares", "notepads", "easels", "slates", "hole punches", "laminators",
	"kraft paper rolls",
}

// places: cities and towns of Québec, the long tail of the vocabulary.
var places = []string{
	"Montréal", "Québec", "Laval", "Gatineau", "Longueuil", "Sherbrooke", "Lévis", "Saguenay",
	"Trois-Rivières", "Terrebonne", "Brossard", "Repentigny", "Drummondville", "Granby", "Blainville",
	"Mirabel", "Mascouche", "Châteauguay", "Rimouski", "Victoriaville", "Shawinigan", "Rouyn-Noranda",
	"Joliette", "Sorel-Tracy", "Vaudreuil-Dorion", "Boucherville", "Salaberry-de-Valleyfield",
	"Sept-Îles", "Alma", "Val-d'Or", "Magog", "Thetford", "Baie-Comeau", "Rivière-du-Loup",
	"Sainte-Julie", "Chambly", "Mont-Laurier", "Matane", "Gaspé", "Amos", "Roberval", "Dolbeau",
	"Lachute", "Cowansville", "Montmagny", "Beloeil", "Chibougamau", "Nicolet", "Louiseville",
	"Bécancour", "Coaticook", "Farnham", "Bromont", "Sutton", "Knowlton", "Huntingdon", "Ormstown",
	"Rigaud", "Hudson", "Lachine", "Verdun", "Pointe-Claire", "Beaconsfield", "Kirkland", "Westmount",
	"Outremont", "Anjou", "Rosemont", "Ahuntsic", "Saint-Laurent", "Dorval", "Charlesbourg",
	"Beauport", "Sillery", "Cap-Rouge", "Limoilou", "Lévis-Lauzon", "Chicoutimi", "Jonquière",
	"La Baie", "Tadoussac", "Forestville", "Port-Cartier", "Havre-Saint-Pierre", "Natashquan",
	"Carleton", "Bonaventure", "Chandler", "Percé", "Sainte-Anne-des-Monts", "Amqui", "Causapscal",
	"Mont-Joli", "Trois-Pistoles", "Cabano", "Dégelis", "Pohénégamook", "La Pocatière", "Kamouraska",
	"Saint-Pascal", "Baie-Saint-Paul", "La Malbaie", "Saint-Siméon", "Clermont", "Portneuf",
	"Donnacona", "Pont-Rouge", "Saint-Raymond", "Shannon", "Stoneham", "Lac-Beauport", "Wendake",
	"Sainte-Marie", "Saint-Georges", "Beauceville", "Lac-Mégantic", "Disraeli", "Plessisville",
	"Princeville", "Warwick", "Acton Vale", "Richmond", "Windsor", "Asbestos", "Danville",
	"Waterloo", "Stanstead", "Ayer's Cliff", "North Hatley", "Lennoxville", "Compton", "Weedon",
	"Maniwaki", "Mont-Tremblant", "Sainte-Agathe", "Saint-Sauveur", "Val-David", "Morin-Heights",
	"Piedmont", "Prévost", "Saint-Jérôme", "Sainte-Adèle", "Rawdon", "Chertsey", "Saint-Donat",
	"Berthierville", "Lavaltrie", "Lanoraie", "Saint-Gabriel", "La Tuque", "Parent", "Chapais",
	"Lebel-sur-Quévillon", "Matagami", "Radisson", "Kuujjuaq", "Inukjuak", "Salluit", "Puvirnituq",
	"Chisasibi", "Wemindji", "Waskaganish", "Mistissini", "Oujé-Bougoumou", "Fermont", "Schefferville",
}

// schools: school names that read well in both "l'école X" and "X school".
var schools = []string{
	"Sainte-Marie", "Saint-Joseph", "Maplewood", "Riverside", "Notre-Dame", "Pierre-Dupuy", "Jeanne-Mance",
	"Marguerite-Bourgeoys", "Lakeview", "Hillcrest", "Sunnydale", "Westwood", "Félix-Leclerc", "Gabrielle-Roy",
	"Émile-Nelligan", "Anne-Hébert", "Louis-Hémon", "Champlain", "Laurentide", "Vanier", "Frontenac", "Cartier",
	"Tecumseh", "Pine Ridge", "Oakwood", "Birchmount", "Cedarbrook", "Willowdale", "Elmridge", "Saint-Exupéry",
	"Marie-Victorin", "Jacques-Cartier", "Mont-Royal", "Bois-Joli", "Belle-Rive", "Beausoleil", "Val-Fleuri",
	"Harmony", "Greenfield", "Sainte-Famille", "Saint-Rédempteur", "Monseigneur-Laval", "Horizon", "Arc-en-ciel",
}

// Common words that every kind of message uses, in both languages. Searching
// for these matches a large share of the data set.
var commonFR = []string{"commande", "livraison", "école", "boîtes", "facture", "client", "retour", "transporteur"}
var commonEN = []string{"order", "delivery", "school", "boxes", "invoice", "customer", "return", "carrier"}

// People's names, for agents and requesters.
var firstNames = []string{
	"Marie", "Jean", "Sophie", "Luc", "Nathalie", "Pierre", "Isabelle", "Marc", "Julie", "François",
	"Chantal", "Michel", "Catherine", "André", "Geneviève", "Stéphane", "Émilie", "Martin", "Valérie",
	"Patrick", "Sarah", "David", "Emily", "Michael", "Jessica", "Kevin", "Amanda", "Daniel", "Priya",
	"Mohamed", "Fatima", "Nguyen", "Ana", "Carlos", "Mei", "Olivier", "Camille", "Gabriel", "Léa", "Samuel",
}

var lastNames = []string{
	"Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
	"Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard",
	"Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc",
	"Smith", "Brown", "Wilson", "Walsh", "Grant", "Mitchell", "Chen", "Haddad", "Raman", "Nguyen", "Silva", "Diallo",
}

// departmentNames names the generated departments; beyond the list, names repeat with a region.
var departmentNames = []string{
	"Service à la clientèle", "Expédition", "Entrepôt", "Facturation", "Ingénierie (ERP)",
	"Technologies de l'information", "Ressources humaines", "Réception", "Achats", "Comptes clients",
	"Ventes institutionnelles", "Ventes au détail", "Retours", "Qualité", "Transport", "Inventaire",
	"Marketing", "Paie", "Service aux écoles anglophones", "Soumissions",
}

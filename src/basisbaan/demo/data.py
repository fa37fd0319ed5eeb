"""Fixed synthetic material for the demo. Places are real names; people and
organisations are made up (e-mail addresses end in example.org)."""

# (name, kind, x_km, y_km) — Groningen wijken and dorpen, positions relative to the centre.
GRONINGEN_AREAS = [
    ("Centrum", "wijk", 0.0, 0.0),
    ("Oosterpoort", "wijk", 0.6, -0.9),
    ("Schildersbuurt", "wijk", 1.2, 0.6),
    ("Oosterparkwijk", "wijk", 1.6, 0.1),
    ("De Hoogte", "wijk", 1.0, 1.3),
    ("Korrewegwijk", "wijk", 0.7, 1.9),
    ("Selwerd", "wijk", -0.6, 2.0),
    ("Paddepoel", "wijk", -1.4, 2.6),
    ("Vinkhuizen", "wijk", -2.7, 1.2),
    ("Hoogkerk", "dorp", -4.6, 0.2),
    ("Beijum", "wijk", 2.3, 3.6),
    ("Lewenborg", "wijk", 3.9, 2.5),
    ("Ruischerbrug", "dorp", 5.1, 1.6),
    ("Helpman", "wijk", 0.7, -2.0),
    ("De Wijert", "wijk", -0.3, -2.2),
    ("Corpus den Hoorn", "wijk", -1.6, -1.8),
    ("Hoornse Meer", "wijk", -1.5, -3.4),
    ("Haren", "dorp", 1.2, -6.2),
    ("Glimmen", "dorp", 1.8, -9.0),
    ("Ten Boer", "dorp", 9.4, 4.2),
    ("Reitdiep", "wijk", -2.2, 3.9),
    ("Noorddijk", "dorp", 4.4, 3.8),
]

ASSEN_AREAS = [
    ("Centrum", "wijk", 0.0, 0.0),
    ("Assen-Oost", "wijk", 1.3, 0.2),
    ("Pittelo", "wijk", 1.0, -1.3),
    ("Noorderpark", "wijk", 0.5, 1.6),
    ("Lariks", "wijk", -1.0, -0.6),
    ("Peelo", "wijk", -0.8, 1.5),
    ("Marsdijk", "wijk", 0.2, 2.7),
    ("Kloosterveen", "wijk", -2.6, 0.9),
    ("Baggelhuizen", "wijk", -1.4, -1.9),
    ("Loon", "dorp", 1.9, 4.0),
    ("Rhee", "dorp", -1.2, 5.2),
]

GRONINGEN_GUIDANCE = ["Werkmaatjes Groningen", "Stichting Samen Verder", "Begeleidingsdienst Noord"]
ASSEN_PARTNERS = [
    # (name, kind, is_guidance)
    ("Werkplein Drentsche Aa", "other", False),
    ("Vaart Welzijn", "guidance", True),
    ("Werkpunt", "guidance", True),
]

PROVIDER_PATTERNS = [
    ("community_centre", "Buurthuis {area}"),
    ("residents", "Bewonersorganisatie {area}"),
    ("wij_team", "WIJ-team {area}"),
    ("sports_club", "Sportvereniging {area}"),
    ("shop", "Buurtsuper {area}"),
    ("foundation", "Stichting Buurtkracht {area}"),
    ("housing", "Woonstichting {area}"),
]

FIRST_NAMES = [
    "Anouk", "Bram", "Chantal", "Dirk", "Esra", "Fenna", "Gerrit", "Hanneke", "Ilse", "Jan",
    "Karin", "Lars", "Mieke", "Nadia", "Omar", "Petra", "Quinten", "Rianne", "Sven", "Tamara",
    "Umut", "Vera", "Willem", "Yasmina", "Zoë", "Arjen", "Bianca", "Cor", "Daan", "Elif",
    "Frank", "Greet", "Henk", "Ingrid", "Jeroen", "Kees", "Linda", "Marco", "Nicole", "Ozan",
]
SURNAMES = [
    ("", "Akkerman"), ("de", "Boer"), ("", "Dijkstra"), ("van der", "Veen"), ("", "Hoekstra"),
    ("", "Bakker"), ("de", "Jong"), ("", "Mulder"), ("", "Smit"), ("van", "Dijk"),
    ("", "Kuipers"), ("", "Postma"), ("", "Meijer"), ("de", "Vries"), ("", "Visser"),
    ("", "Brouwer"), ("", "Wiersma"), ("van der", "Meer"), ("", "Jansen"), ("", "Huizinga"),
    ("", "Yilmaz"), ("", "El Amrani"), ("", "Kok"), ("", "Prins"), ("", "Zijlstra"),
]

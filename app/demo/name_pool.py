"""French first names by generation and surnames, to make believable demo identities."""

import random
import unicodedata

# First names popular in France for people born in each period, so that a
# 90-year-old is not called Enzo. Accents, diaereses and hyphens on purpose: the
# search and sort code must cope with them.
_MALE: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1950, ("Jean", "Pierre", "Michel", "André", "René", "Marcel", "Roger", "Raymond",
            "Georges", "Bernard", "Jacques", "Henri", "Robert", "Lucien", "Maurice",
            "Gérard", "Claude", "Guy", "Joseph", "Émile", "Fernand", "Louis", "Paul", "Yves")),
    (1980, ("Philippe", "Alain", "Patrick", "Christophe", "Thierry", "Éric", "Pascal",
            "Didier", "Frédéric", "Laurent", "Stéphane", "Olivier", "Jean-Pierre",
            "Jean-Luc", "Dominique", "François", "Bruno", "Hervé", "Benoît", "Gilles",
            "Denis", "Mohamed", "Franck", "José")),
    (2000, ("Nicolas", "Julien", "Sébastien", "Mathieu", "Romain", "Guillaume", "Jérémy",
            "Kévin", "Anthony", "Maxime", "Alexandre", "Thomas", "Antoine", "Florian",
            "Benjamin", "Mehdi", "Karim", "Yannick", "Cédric", "Jérôme", "Loïc", "Rémi",
            "Clément", "Mamadou")),
    (9999, ("Lucas", "Hugo", "Théo", "Nathan", "Enzo", "Louis", "Gabriel", "Raphaël",
            "Arthur", "Jules", "Léo", "Tom", "Noé", "Adam", "Mathis", "Maël", "Timothée",
            "Ethan", "Sacha", "Gaspard", "Aaron", "Ibrahim", "Youssef", "Côme")),
)  # fmt: skip
_FEMALE: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1950, ("Marie", "Jeanne", "Germaine", "Simone", "Lucienne", "Yvonne", "Marguerite",
            "Suzanne", "Madeleine", "Denise", "Paulette", "Odette", "Colette", "Monique",
            "Jacqueline", "Geneviève", "Renée", "Andrée", "Thérèse", "Gisèle", "Huguette",
            "Josette", "Hélène", "Françoise")),
    (1980, ("Nathalie", "Isabelle", "Sylvie", "Catherine", "Martine", "Christine",
            "Véronique", "Valérie", "Sandrine", "Brigitte", "Patricia", "Chantal", "Nadine",
            "Corinne", "Marie-Claire", "Béatrice", "Florence", "Pascale", "Anne", "Fabienne",
            "Muriel", "Fatima", "Agnès", "Maryvonne")),
    (2000, ("Émilie", "Julie", "Aurélie", "Céline", "Élodie", "Stéphanie", "Audrey",
            "Laëtitia", "Mélanie", "Camille", "Marion", "Pauline", "Anaïs", "Sarah", "Laura",
            "Élise", "Anne-Sophie", "Claire", "Amandine", "Chloé", "Noémie", "Karima",
            "Océane", "Aminata")),
    (9999, ("Léa", "Emma", "Jade", "Louise", "Chloé", "Inès", "Manon", "Zoé", "Lina",
            "Alice", "Léna", "Juliette", "Romane", "Clémence", "Maëlys", "Éléa", "Héloïse",
            "Margaux", "Rose", "Ambre", "Agathe", "Aïcha", "Lou", "Anaëlle")),
)  # fmt: skip
_FAMILY = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
    "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
    "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin",
    "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
    "Masson", "Gérard", "Nguyen", "Boyer", "Lemaire", "Duval", "Joly", "Roche", "Noël",
    "Meyer", "Meunier", "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun",
    "Brunet", "Schmitt", "Leroux", "Colin", "Fernandes", "Renard", "Arnaud", "Caron",
    "Aubert", "Giraud", "Leclerc", "Vidal", "Lemoine", "Picard", "Lacroix", "Fabre",
    "Rivière", "Le Gall", "Ménard", "Prévost", "Carré", "Lévêque", "Lebœuf", "Bénard",
    "Le Bihan", "Kervella", "Da Silva", "Dos Santos", "Ferreira", "N'Diaye", "Diallo",
    "Traoré", "Ben Salah", "Haddad", "Mansouri", "Benhamou", "de La Tour", "d'Harcourt",
    "Tran", "Hoarau", "Payet", "Santoni", "Paoli", "Casanova", "Muñoz", "Öztürk",
)  # fmt: skip
# Surnames common in Corsica, for patients born there.
CORSICAN_FAMILY = ("Santoni", "Paoli", "Casanova", "Luciani", "Marchetti", "Poli")


class NamePool:
    """Draws first names for a sex and birth year, and surnames."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def given(self, female: bool, birth_year: int) -> str:
        """One first name, sometimes two (``Élodie Marie``) as on a birth certificate."""
        pools = _FEMALE if female else _MALE
        era = next(i for i, (until, _) in enumerate(pools) if birth_year < until)
        first = self._rng.choice(pools[era][1])
        if self._rng.random() < 0.3:
            # A second name, often from the grandparents' generation.
            second = self._rng.choice(pools[max(0, era - 1)][1])
            if second != first:
                return f"{first} {second}"
        return first

    def family(self) -> str:
        return self._rng.choice(_FAMILY)

    def corsican_family(self) -> str:
        return self._rng.choice(CORSICAN_FAMILY)

    @staticmethod
    def ascii_handle(text: str) -> str:
        """``Lebœuf`` → ``leboeuf``, ``N'Diaye`` → ``ndiaye``: what fits in an e-mail address."""
        text = text.casefold().replace("œ", "oe").replace("æ", "ae")
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == "-"))

"""The translations of the reader-facing messages, from which the catalogs are written.

Run ``python -m sphinx_podcast_ext.translations`` (or ``nox -s catalogs``)
after changing a message: it extracts the messages with Babel
(``pybabel extract -F babel.cfg``), writes ``<lang>/LC_MESSAGES/sphinx_podcast_ext.po``
for every language below with these translations (messages not listed here stay
untranslated there: build warnings read by authors, say) and compiles the ``.mo``
files Sphinx loads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "sphinx_podcast_ext"
LANGUAGES = ("fr", "de", "es", "pt")

#: English message → (French, German, Spanish, Portuguese).
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "Archives": ("Archives", "Archiv", "Archivo", "Arquivo"),
    "Posted in %s": ("Publié en %s", "Veröffentlicht %s", "Publicado en %s", "Publicado em %s"),
    "Tags": ("Thèmes", "Themen", "Temas", "Temas"),
    "Posts tagged %s": (
        "Articles sur le thème %s",
        "Beiträge zum Thema %s",
        "Artículos sobre %s",
        "Artigos sobre %s",
    ),
    "Categories": ("Catégories", "Kategorien", "Categorías", "Categorias"),
    "Posts in %s": ("Articles dans %s", "Beiträge in %s", "Artículos en %s", "Artigos em %s"),
    "Authors": ("Auteurs", "Autoren", "Autores", "Autores"),
    "Posts by %s": ("Articles de %s", "Beiträge von %s", "Artículos de %s", "Artigos de %s"),
    "Locations": ("Lieux", "Orte", "Lugares", "Locais"),
    "Posts from %s": ("Articles de %s", "Beiträge aus %s", "Artículos desde %s", "Artigos de %s"),
    "Languages": ("Langues", "Sprachen", "Idiomas", "Idiomas"),
    "All posts": ("Tous les épisodes", "Alle Folgen", "Todos los episodios", "Todos os episódios"),
    "Drafts": ("Brouillons", "Entwürfe", "Borradores", "Rascunhos"),
    "Not in this archive yet.": (
        "Pas encore dans cette archive.",
        "Noch nicht in diesem Archiv.",
        "Todavía no está en este archivo.",
        "Ainda não está neste arquivo.",
    ),
    "Episode": ("Épisode", "Folge", "Episodio", "Episódio"),
    "Listen to the episode: ": (
        "Écouter l’épisode : ",
        "Folge anhören: ",
        "Escuchar el episodio: ",
        "Ouvir o episódio: ",
    ),
    "Watch the episode: ": (
        "Regarder l’épisode : ",
        "Folge ansehen: ",
        "Ver el episodio: ",
        "Assistir ao episódio: ",
    ),
    "Episode link (not a web address): %s": (
        "Lien de l’épisode (pas une adresse web) : %s",
        "Link zur Folge (keine Webadresse): %s",
        "Enlace del episodio (no es una dirección web): %s",
        "Link do episódio (não é um endereço web): %s",
    ),
    "Show": ("Émission", "Sendung", "Programa", "Programa"),
    "Guests": ("Invités", "Gäste", "Invitados", "Convidados"),
    "Guest": ("Invité", "Gast", "Invitado", "Convidado"),
    "Host": ("Animateur", "Moderation", "Presentador", "Apresentador"),
    "Date": ("Date", "Datum", "Fecha", "Data"),
    "Duration": ("Durée", "Dauer", "Duración", "Duração"),
    "Play the episode from %s": (
        "Lire l’épisode à partir de %s",
        "Folge ab %s abspielen",
        "Reproducir el episodio desde %s",
        "Reproduzir o episódio a partir de %s",
    ),
    "Search the archive": (
        "Rechercher dans l’archive",
        "Im Archiv suchen",
        "Buscar en el archivo",
        "Pesquisar no arquivo",
    ),
    "A word, a guest, a topic…": (
        "Un mot, un invité, un sujet…",
        "Ein Wort, ein Gast, ein Thema …",
        "Una palabra, un invitado, un tema…",
        "Uma palavra, um convidado, um tema…",
    ),
    "see all": ("tout voir", "alle ansehen", "ver todo", "ver tudo"),
    "Search": ("Rechercher", "Suchen", "Buscar", "Pesquisar"),
    "Episodes": ("Épisodes", "Folgen", "Episodios", "Episódios"),
    "Shows": ("Émissions", "Sendungen", "Programas", "Programas"),
    "Quotes": ("Citations", "Zitate", "Citas", "Citações"),
    "Years": ("Années", "Jahre", "Años", "Anos"),
    "Quoted in other posts": (
        "Cité dans d’autres épisodes",
        "In anderen Folgen zitiert",
        "Citado en otros episodios",
        "Citado em outros episódios",
    ),
    "Episodes with %s.": (
        "Les épisodes avec %s.",
        "Folgen mit %s.",
        "Episodios con %s.",
        "Episódios com %s.",
    ),
    "Episodes of %s.": (
        "Les épisodes de %s.",
        "Folgen von %s.",
        "Episodios de %s.",
        "Episódios de %s.",
    ),
    "None yet: they are listed here once posts name them.": (
        "Aucun pour l’instant : ils apparaîtront ici dès qu’un épisode les nommera.",
        "Noch keine: Sie erscheinen hier, sobald eine Folge sie nennt.",
        "Ninguno todavía: aparecerán aquí cuando un episodio los nombre.",
        "Nenhum ainda: aparecerão aqui quando um episódio os mencionar.",
    ),
    "Unattributed": ("Sans attribution", "Ohne Zuordnung", "Sin atribuir", "Sem atribuição"),
    "Key quotes": ("Citations clés", "Schlüsselzitate", "Citas clave", "Citações-chave"),
    "Every key quote, by speaker.": (
        "Toutes les citations clés, par intervenant.",
        "Alle Schlüsselzitate, nach Person.",
        "Todas las citas clave, por persona.",
        "Todas as citações-chave, por pessoa.",
    ),
    "“%s”": ("« %s »", "„%s“", "«%s»", "“%s”"),
    "the episode": ("l’épisode", "die Folge", "el episodio", "o episódio"),
    "Play": ("Lire", "Abspielen", "Reproducir", "Reproduzir"),
    "(loads the YouTube player)": (
        "(charge le lecteur YouTube)",
        "(lädt den YouTube-Player)",
        "(carga el reproductor de YouTube)",
        "(carrega o leitor do YouTube)",
    ),
    "Episode player": (
        "Lecteur de l’épisode",
        "Player der Folge",
        "Reproductor del episodio",
        "Leitor do episódio",
    ),
    "Listen: %s": ("Écouter : %s", "Anhören: %s", "Escuchar: %s", "Ouvir: %s"),
    "Listen to the episode": (
        "Écouter l’épisode",
        "Folge anhören",
        "Escuchar el episodio",
        "Ouvir o episódio",
    ),
    "Listen": ("Écouter", "Anhören", "Escuchar", "Ouvir"),
    "Download the episode": (
        "Télécharger l’épisode",
        "Folge herunterladen",
        "Descargar el episodio",
        "Baixar o episódio",
    ),
    "%(time)s: %(label)s": (
        "%(time)s : %(label)s",
        "%(time)s: %(label)s",
        "%(time)s: %(label)s",
        "%(time)s: %(label)s",
    ),
    "Chapters": ("Chapitres", "Kapitel", "Capítulos", "Capítulos"),
    "Watch the episode": (
        "Regarder l’épisode",
        "Folge ansehen",
        "Ver el episodio",
        "Assistir ao episódio",
    ),
    "Open the episode": (
        "Ouvrir l’épisode",
        "Folge öffnen",
        "Abrir el episodio",
        "Abrir o episódio",
    ),
    "Also on": ("Aussi sur", "Auch auf", "También en", "Também em"),
    "%d min read": (
        "%d min de lecture",
        "%d Min. Lesezeit",
        "%d min de lectura",
        "%d min de leitura",
    ),
    "at %s": ("à %s", "bei %s", "en %s", "em %s"),
    "Related posts": (
        "Épisodes liés",
        "Verwandte Folgen",
        "Episodios relacionados",
        "Episódios relacionados",
    ),
    "%s: the post's title and key quote": (
        "%s : le titre et la citation clé",
        "%s: Titel und Schlüsselzitat",
        "%s: el título y la cita clave",
        "%s: o título e a citação-chave",
    ),
    "Read more ...": ("Lire la suite…", "Weiterlesen …", "Leer más…", "Ler mais…"),
    "%s: the feed": ("%s : le flux", "%s: der Feed", "%s: el canal", "%s: o feed"),
    "in context": ("en contexte", "im Zusammenhang", "en contexto", "no contexto"),
    "By letter": ("Par lettre", "Nach Buchstabe", "Por letra", "Por letra"),
    "Pages": ("Pages", "Seiten", "Páginas", "Páginas"),
    "Newer": ("Plus récents", "Neuere", "Más recientes", "Mais recentes"),
    "Previous": ("Précédente", "Vorherige", "Anterior", "Anterior"),
    "Page %(number)s of %(count)s": (
        "Page %(number)s sur %(count)s",
        "Seite %(number)s von %(count)s",
        "Página %(number)s de %(count)s",
        "Página %(number)s de %(count)s",
    ),
    "Older": ("Plus anciens", "Ältere", "Más antiguos", "Mais antigos"),
    "Next": ("Suivante", "Nächste", "Siguiente", "Próxima"),
    "No posts yet.": (
        "Aucun épisode pour l’instant.",
        "Noch keine Folgen.",
        "Todavía no hay episodios.",
        "Ainda não há episódios.",
    ),
    "Subscribe": ("S’abonner", "Abonnieren", "Suscribirse", "Assinar"),
    "The archive": ("L’archive", "Das Archiv", "El archivo", "O arquivo"),
    "This post has moved to": (
        "Cet épisode a déménagé :",
        "Diese Folge ist umgezogen nach",
        "Este episodio se ha movido a",
        "Este episódio mudou para",
    ),
}


def build() -> None:
    """Extract, write every language's ``.po`` with :data:`MESSAGES`, compile the ``.mo``."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    root = LOCALE.parent.parent
    template = LOCALE / f"{DOMAIN}.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "podcast_gettext",
            "--no-default-keywords",
            "--omit-header",
            "--sort-by-file",
            "-o",
            str(template),
            ".",
        ],
        check=True,
        cwd=root,
    )
    with template.open("rb") as handle:
        messages = read_po(handle)
    for index, language in enumerate(LANGUAGES):
        catalog = Catalog(locale=language, domain=DOMAIN, project="sphinx-podcast-ext")
        for message in messages:
            if not message.id:
                continue
            translated = MESSAGES.get(str(message.id))
            catalog.add(
                message.id,
                translated[index] if translated else "",
                locations=message.locations,
                flags=message.flags,
            )
        folder = LOCALE / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{DOMAIN}.po").open("wb") as handle:
            write_po(handle, catalog, omit_header=False, sort_output=False, width=100)
        with (folder / f"{DOMAIN}.mo").open("wb") as handle:
            write_mo(handle, catalog)


if __name__ == "__main__":
    build()

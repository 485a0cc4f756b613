"""Word lists and cue patterns shared by the features and the rules. Several languages, since crawls are not all English."""
from __future__ import annotations

import re

STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being has have had do does did
    not no it its this that these those he she they we you i his her their our your him them us me my who whom which
    what when where why how than then there here also after before about into over under more most such only very
    can could would should will may might must said says say just all any some one two new
    der die das und oder aber nicht ist sind war waren ein eine einer eines einem einen den dem des zu im in mit von
    für auf aus bei nach als auch es sie er wir ihr ich sich dass wie wird werden wurde hat haben noch nur so
    le la les un une des du de et ou mais ne pas est sont était été il elle ils elles nous vous je se que qui dans
    sur pour par avec au aux ce cette ces son sa ses leur plus a été
    el la los las un una unos unas y o pero no es son fue era de del en con por para que se su sus al lo como más
    il lo gli i una uno e ed o ma non è sono era di da in con su per che si del della dei delle al alla nel
    het een en of maar niet is zijn was waren van in op met voor aan dat die deze ook bij naar als er
    o os as um uma e ou mas não é são foi de do da dos das em no na com por para que se seu sua ao
    i w z na do nie jest są był była że się to jak po od przez dla ale lub oraz
    """.split()
)

# Short lines that head a list of links away from the article.
TEASER_HEADER_PHRASES: tuple[str, ...] = (
    "what'?s hot", "trending(?: now| stories| news)?", "popular(?: now| stories| posts| articles)?",
    "most (?:read|popular|viewed|shared|commented)", "keep reading", "continue reading", "read more", "read next",
    "up next", r"more (?:news|stories|from|on|in)\b.*",
    "related(?: articles| stories| posts| news| content| coverage| topics| links)?",
    "you (?:may|might) (?:also )?like", "recommended(?: for you| stories| articles)?",
    "editors?'?s? (?:picks|choice)", "latest(?: posts| news| stories| articles)?", "top stories", "more stories",
    "also read", "don'?t miss", "in other news", "see also", "further reading", "around the web", "from the web",
    "elsewhere on .*", "more to explore",
    "meistgelesen", "meist gelesen", "weitere artikel", "mehr zum thema", "das könnte sie auch interessieren",
    "auch interessant", "neueste artikel", "top-themen",
    "les plus lus", "à lire aussi", "a lire aussi", "sur le même sujet", "nos articles", "dans la même rubrique",
    "à la une", "articles similaires",
    "lo más leído", "lo mas leido", "más noticias", "mas noticias", "te puede interesar", "noticias relacionadas",
    "también te puede interesar",
    "i più letti", "più letti", "potrebbe interessarti", "articoli correlati", "leggi anche",
    "meest gelezen", "lees ook", "gerelateerde artikelen", "meer nieuws",
    "mais lidas", "leia também", "relacionadas", "notícias relacionadas",
    "najczęściej czytane", "czytaj także", "zobacz też", "polecamy",
)

# Inline teasers that point at another story from inside the body.
INLINE_TEASER_PHRASES: tuple[str, ...] = (
    "read more", "read also", "also read", "related", "see also", "more", "watch", "listen", "click here",
    "read the full story", "read next", "recommended",
    "mehr zum thema", "lesen sie auch", "lesen sie mehr", "auch interessant", "siehe auch", "à lire aussi",
    "a lire aussi", "lire aussi", "voir aussi", "lee también", "lea también", "te puede interesar", "leggi anche",
    "potrebbe interessarti", "lees ook", "leia também", "leia mais", "czytaj także", "czytaj też",
)

# Lines that, once the article has been told, start the comments, the next-story block or the footer.
END_MARKER_PHRASES: tuple[str, ...] = (
    "add a comment", "leave a (?:reply|comment)", "post a comment", "write a comment", r"comments(?: \(\d+\))?",
    r"\d+ comments?", "join the (?:conversation|discussion)", "show comments", "view comments", "comments are closed",
    "you must be logged in to post a comment", "leave a reply cancel reply",
    "kommentar(?:e)? (?:schreiben|verfassen)", "kommentare", "laisser un commentaire", "commentaires",
    "deja un comentario", "comentarios", "lascia un commento", "commenti", "reageer", "reacties",
    "deixe um comentário", "comentários", "dodaj komentarz", "komentarze",
)

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz ")


def _never_ascii(char: str) -> bool:
    return len(char) == 1 and not any(form.isascii() for form in (char, char.lower(), char.upper(), char.casefold()))


def _start_keys(phrase: str) -> tuple[str, ...]:
    """The lower-cased two-character starts of the lines that `phrase` (a regex alternative) can match, when those
    starts are plain ASCII. An empty answer means only lines starting with non-ASCII can match it."""
    if phrase.startswith(r"\d"):
        return tuple(digit + chr(second) for digit in "0123456789" for second in range(128))
    if phrase[:1] in _PLAIN and phrase[1:2] in _PLAIN and phrase[2:3] not in ("?", "*", "+", "{"):
        return (phrase[:2],)
    if phrase[:1] in _PLAIN and _never_ascii(phrase[1:2]):
        return ()  # its second character is not ASCII in any case
    if not phrase[:1].isascii() and _never_ascii(phrase[:1]):
        return ()
    if phrase[:1] in _PLAIN and phrase[1:2] not in ("?", "*", "+", "{"):
        return tuple(phrase[0] + chr(second) for second in range(128))
    raise ValueError(f"no start key for the pattern {phrase!r}")


class AnchoredPhrases:
    """`^(?:phrase|phrase|…)tail`, case-insensitive, matched fast: a line whose first two characters are ASCII can
    only match the phrases that start the same way, so it is tried against a small regex of those phrases alone
    (none at all for most lines). Any other line goes to the regex of all phrases, so the answer never changes:
    an alternation matches exactly when one of its alternatives does."""

    def __init__(self, phrases: tuple[str, ...], tail: str) -> None:
        self.phrases = phrases
        self.pattern = re.compile(r"^(?:" + "|".join(phrases) + ")" + tail, re.IGNORECASE)
        by_start: dict[str, list[str]] = {}
        for phrase in phrases:
            for key in _start_keys(phrase):
                by_start.setdefault(key, []).append(phrase)
        compiled: dict[tuple[str, ...], re.Pattern] = {}
        self.by_start: dict[str, re.Pattern] = {}
        for key, group in by_start.items():
            alternatives = tuple(group)
            if alternatives not in compiled:
                compiled[alternatives] = re.compile(r"^(?:" + "|".join(alternatives) + ")" + tail, re.IGNORECASE)
            self.by_start[key] = compiled[alternatives]

    def match(self, text: str) -> bool:
        head = text[:2]
        if len(head) == 2 and head.isascii():
            narrow = self.by_start.get(head.lower())
            return narrow is not None and narrow.match(text) is not None
        return self.pattern.match(text) is not None


# One-word headings that open a page's back matter or chrome rather than a section of its article (besides the
# teaser and end-of-article headers above, which the rules test on their own).
BACK_MATTER_HEADINGS: frozenset[str] = frozenset(
    "references sources notes footnotes endnotes bibliography citations disclaimer disclosure disclosures credits "
    "acknowledgements acknowledgments tags topics categories share comment newsletter about contact advertisement "
    "advertising sponsored resources links news archives archive menu search login subscribe more updates "
    "corrections correction".split()
)
TEASER_HEADERS = AnchoredPhrases(TEASER_HEADER_PHRASES, r"\s*[:»>›.]*$")
INLINE_TEASERS = AnchoredPhrases(INLINE_TEASER_PHRASES, r"\s*[:»>›|–-]\s*\S")
END_MARKERS = AnchoredPhrases(END_MARKER_PHRASES, r"\s*[:.!]*$")
# The plain regexes, for callers that want a Match object; their answers are the ones above.
TEASER_HEADER = TEASER_HEADERS.pattern
INLINE_TEASER = INLINE_TEASERS.pattern
END_MARKER = END_MARKERS.pattern


# Cue tests below take the lower-cased text and its set of word tokens: set look-ups and substring tests are
# an order of magnitude cheaper than case-insensitive regex alternations, and these run on every block.
_CAPTION_WORDS = frozenset(
    "image images photo photos picture pic foto fotos bild photograph illustration credit credits getty reuters afp "
    "epa shutterstock alamy dpa ansa efe keystone istock imago".split()
)
_CAPTION_PREFIX = re.compile(r"\((?:image|photo|picture|pic|foto|bild|video|credit|source|quelle)s?\s*:|^(?:watch|video|photo|foto|bild)\s*:")
_DURATION = re.compile(r"\b\d{1,2}:\d{2}$")


def caption_cue(low: str, tokens: frozenset[str]) -> bool:
    if "©" in low:
        return True
    if ":" in low and _CAPTION_PREFIX.search(low):  # both of its forms end in a colon
        return True
    if tokens & _CAPTION_WORDS and ("(" in low or ":" in low or "/" in low or len(tokens) <= 6):
        return True
    return ":" in low and _ends_in_digit(low) and bool(_DURATION.search(low))


def _ends_in_digit(low: str) -> bool:
    """What _DURATION needs at its end ($ also matches before a final newline); the check skips a full scan."""
    return low[-1:].isdecimal() or (low[-1:] == "\n" and low[-2:-1].isdecimal())


_AD_MARKERS = frozenset(
    "advertisement advertising sponsored promoted ad ads anzeige werbung publicité publicidad pubblicità advertentie "
    "publicidade reklama".split()
    + ["sponsored content", "promoted content", "paid content", "partner content", "paid post", "promoted stories"]
)
_AD_WORDS = frozenset(
    "subscribe subscription subscriber newsletter newsletters unlock paywall donate donation donations abonnieren "
    "abonnez abonnement suscríbete suscribirse iscriviti abonneer assine zasubskrybuj sponsored".split()
)
_AD_PHRASES = ("sign up", "sign-up", "get the latest", "in your inbox", "download the app", "download our app",
               "support our journalism", "support independent journalism", "free trial", "special offer")


_AD_PHRASE_RE = re.compile("|".join(re.escape(p) for p in _AD_PHRASES))


def ad_cue(low: str, tokens: frozenset[str]) -> bool:
    if low.strip(" :.-–") in _AD_MARKERS:
        return True
    if tokens & _AD_WORDS:
        return True
    return _AD_PHRASE_RE.search(low) is not None


_SOCIAL_WORDS = frozenset(
    "facebook twitter instagram linkedin pinterest whatsapp youtube tiktok telegram reddit email e-mail flipboard "
    "messenger mastodon bluesky threads".split()
)
_NAV_STARTS = ("share", "tweet", "print", "home", "menu", "close menu", "search", "login", "log in", "sign in", "register",
               "contact", "about us", "privacy", "terms", "cookie", "by ", "von ", "par ", "por ", "di ", "door ", "posted ",
               "updated ", "published ", "skip to", "back to top", "follow us", "tags:", "topics:", "filed under")
_NAV_PHRASES = ("min read", "mins read", "minute read", "lesezeit", "temps de lecture", "de lectura", "all rights reserved",
                "copyright", "cookie", "press enter to search", "skip to", "back to top", "terms of", "privacy policy")


_NAV_PHRASE_RE = re.compile("|".join(re.escape(p) for p in _NAV_PHRASES))


def chrome_phrase(low: str) -> bool:
    """The lower-cased line holds a phrase of site chrome ("all rights reserved", "privacy policy", "min read")."""
    return _NAV_PHRASE_RE.search(low) is not None


def nav_cue(low: str, tokens: frozenset[str]) -> bool:
    if tokens & _SOCIAL_WORDS:
        return True
    if low.startswith(_NAV_STARTS):
        return True
    return _NAV_PHRASE_RE.search(low) is not None


_DATE_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september october "
    "november december monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag "
    "freitag samstag sonntag januar februar märz mai juni juli oktober dezember lundi mardi mercredi jeudi vendredi samedi "
    "dimanche janvier février mars avril juin juillet août septembre octobre novembre décembre enero febrero marzo abril "
    "mayo junio julio agosto septiembre octubre noviembre diciembre ago updated published".split()
)
_YEAR_OR_NUMERIC_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")


def date_cue(low: str, tokens: frozenset[str], has_digit: bool) -> bool:
    if not has_digit:
        return False
    if tokens & _DATE_WORDS:
        return True
    return bool(_YEAR_OR_NUMERIC_DATE.search(low))


# The heading of a table of contents: "Table of Contents", "Contents [hide]", "In this article", "Jump to:". Of those,
# TOC_TITLE takes the names of the box itself: heading nothing else, they go even with no items under them, where
# "In this guide" may head the guide's summary.
_TOC_BOX_NAMES = (
    "table of contents", "contents", "article contents", "inhaltsverzeichnis", "sommaire", "table des matières",
    "índice", "indice", "sommario", "inhoudsopgave", "spis treści", "sumário",
)
_TOC_OTHER_HEADINGS = ("in this (?:article|post|guide)", "on this page", "jump to", "inhalt", "contenido", "contenidos",
                       "inhoud")
_TOC_TAIL = r"\s*(?:[:»>›.]|\[?(?:hide|show|toggle)\]?)*\s*$"
TOC_TITLE = re.compile(r"^\W*(?:" + "|".join(_TOC_BOX_NAMES) + ")" + _TOC_TAIL, re.IGNORECASE)
TOC_HEADER = re.compile(r"^\W*(?:" + "|".join(_TOC_BOX_NAMES + _TOC_OTHER_HEADINGS) + ")" + _TOC_TAIL, re.IGNORECASE)
# Lower-cased, one of these is in every line TOC_HEADER matches.
TOC_KEYS = (
    "contents", "in this", "on this page", "jump to", "inhalt", "sommaire", "table des mati", "índice", "indice",
    "contenido", "sommario", "inhoud", "spis treści", "sumário",
)

# A line that is nothing but an ad marker: "Advertisement", "[Sponsored]", "Ads by Google", "Advertisement: Story
# continues below", and "Continue reading the main story", which news sites print under the ads inside a story.
# "Advertising" alone is left out: as a menu item it is the "advertise with us" link.
AD_MARKER_LINE = re.compile(
    r"^\W*(?:(?:advertisements?|ads? by google|ad[ -]?feature|sponsored(?: (?:content|links?|stories|posts?))?"
    r"|promoted(?: (?:content|stories|links))?|paid (?:content|post)|partner content|anzeige|werbung|publicité"
    r"|publicidad|pubblicità|advertentie|reklama|реклама)"
    r"(?:\W*$|\s*[:–—-]\s*.{0,40}\b(?:continues?|below|after)\b.{0,20}$)"
    r"|(?:the )?(?:story|article|content|text) continues (?:below|after)(?: (?:this|the))? (?:advertisement|ad)\W*$"
    r"|continue reading the main story\W*$)",
    re.IGNORECASE,
)
# Lower-cased, one of these is in every line AD_MARKER_LINE matches: a page is searched for them first.
ABOUT_KEYS = ("about",)  # in every "About the author" heading (rules/core.py's author_box)
AD_MARKER_KEYS = (
    "advert", "ads by google", "ad by google", "ad feature", "adfeature", "ad-feature", "sponsored", "promoted",
    "paid content", "paid post", "partner content", "anzeige", "werbung", "publicit", "publicidad", "pubblicit", "reklama",
    "реклама", "continues", "continue reading the main story",
)
_CREDIT_WORD = r"(?:photo|picture|image|pic|foto|photograph|credit|bild)s?(?:\s+credits?)?"
_CREDIT_AGENCY = r"getty(?: images)?|wireimage|filmmagic|reuters|afp|ap|epa|shutterstock|alamy|pa(?: images| wire)?|dpa"
# A picture credit on its own ("Photo: AP", "(Photo by Damon Tarver)") or closing a caption ("Mourne Mountains
# (picture: John Cleare)", "K.J. Choi at Waialae. (Ferrey/WireImage)", "Picasso paintings. Photograph: EPA").
# "Photo/Multimedia Archive" and "Photo gallery: …" are links, not credits; nor is "Photograph by artist", where no
# name follows.
CREDIT_LINE = re.compile(
    rf"^\W*{_CREDIT_WORD}\s*(?::|\bby\b)\s*(?-i:[A-Z]).{{0,60}}$"
    rf"|\(\s*{_CREDIT_WORD}\s*(?::|\bby\b)[^()]{{1,60}}\)\W*$"
    rf"|[.!?]\s+{_CREDIT_WORD}\s*(?::|\bby\b)\s*(?-i:[A-Z])[^.!?]{{0,60}}$"
    rf"|\([^()]{{1,40}}/\s*(?:{_CREDIT_AGENCY})\s*\)\W*$",
    re.IGNORECASE,
)
# Lower-cased, one of these is in every line CREDIT_LINE matches.
CREDIT_KEYS = (
    "photo", "pic", "image", "foto", "credit", "bild", "getty", "wireimage", "filmmagic", "reuters", "afp", "ap)",
    "ap )", "epa", "shutterstock", "alamy", "pa)", "pa )", "pa images", "pa wire", "dpa",
)

# A line that describes a picture rather than tells the story: the alt text a renderer printed in place of an image
# ("Screenshot of a 90s Geocities-style website", "Grouped bar graph: Cost of College…", "Close-up of a …"). A
# leading "The" is left out: "The Picture of Health" is a heading and "The chart shows…" a sentence of the story.
ALT_TEXT_LINE = re.compile(
    r"^(?:(?:a|an)\s+)?(?:(?:screenshot|photo|photograph|picture|image|illustration|graphic|diagram|infographic"
    r"|(?:grouped |stacked )?(?:bar|line|pie) (?:graph|chart)|chart|graph)s?\s*(?:of|showing|shows|with|depicting|:)"
    r"|(?:close-?up|view|portrait|aerial view|rendering|mockup|collage|photo illustration|stock photo|headshot)"
    r"\s+(?:of|showing|with))\s",
    re.IGNORECASE,
)

# Lower-cased, one of these is in every line ALT_TEXT_LINE matches.
ALT_TEXT_KEYS = (
    "screenshot", "photo", "picture", "image", "illustration", "graph", "diagram", "chart", "close", "view",
    "portrait", "rendering", "mockup", "collage", "headshot",
)

# A disclosure or consent notice rather than the story: affiliate-commission notes ("If you buy through our links
# we may earn a commission", "This post may contain affiliate links"), price caveats of deal posts, the cookie
# consent text a dump prints inline ("We and our 100 partners store and/or access information on a device") and
# the consent under a sign-up form ("By submitting this form, you authorize the University to contact you"), and
# the rights and liability notices of wire copy and link lists ("This material may not be published, broadcast,
# rewritten or redistributed", "… is not responsible for the content of external sites").
# Each reading with the lower-cased keys one of which every line it matches holds: disclosure_lines looks for all the
# keys in one scan and tries a reading only on the lines holding one of its own keys, where one regex of them all
# was tried at every position of every line holding any key.
_MODAL_EARN = tuple(f"{modal} {verb}" for modal in ("may", "might", "will", "could") for verb in ("earn", "receive", "get"))
SMALL_PRINT: tuple[tuple[tuple[str, ...], re.Pattern], ...] = tuple(
    (keys, re.compile(pattern, re.IGNORECASE)) for keys, pattern in (
        (_MODAL_EARN,
         r"\b(?:we|i|us|site|publisher|[a-z]+ media) (?:may|might|will|could) (?:earn|receive|get) (?:a |an )?"
         r"(?:small |tiny )?(?:affiliate |sales )?(?:commission|compensation|share of)"),
        (("and/or access", "partners store", "partners use", "web traffic", "subject to change", "brought to you by"),
         r"store and/or access information on a device|our (?:\d+ )?partners (?:store|use)|pay us for web traffic"
         r"|availability (?:are |is )?subject to change|brought to you by .{0,40}partners"),
        (("affiliate",),
         r"(?:this|our) (?:post|article|site|page|content) (?:may )?contains? affiliate"
         r"|\bthis (?:article|post|page|podcast|video|site|website|blog post|review|guide|content) (?:includes|uses|use"
         r"|has|contains?|may contain|might contain) affiliate|affiliate links (?:are|were|may be) used"
         r"|uses affiliate links"),
        (("we earn", "we receive", "i earn", "i receive", "may earn", "may receive"),
         r"(?:through|via|from) (?:our|these|the) (?:affiliate )?links?,? (?:we|i) (?:may )?(?:earn|receive)"),
        # the consent a form or a cookie banner asks for ("By submitting this form, you authorize …", "We use cookies")
        (tuple(f"by {verb}" for verb in ("submitting", "clicking", "signing up", "subscribing", "registering",
                                         "entering", "providing", "continuing", "checking", "using this", "completing")),
         r"\bby (?:submitting|clicking|signing up|subscribing|registering|entering|providing|continuing|checking"
         r"|using this|completing)\b[^.]{0,100}?\b(?:you|i) (?:hereby )?(?:agree|consent|authori[sz]e|acknowledge"
         r"|accept|understand|confirm)"),
        (("use cookies", "uses cookies", "cookie policy", "cookies policy", "cookie settings", "cookies settings",
          "cookie preferences", "cookies preferences"),
         r"\b(?:we|this (?:site|website)) uses? cookies\b|\bcookies? (?:policy|settings|preferences)\b"),
        # rights and liability notices of wire copy and link lists
        (("may not be published", "not responsible for the content", "full article contains"),
         r"this material may not be published|not responsible for the content of external"
         r"|full article contains \d+ words and appears in"),
        # more ways of saying that links pay
        (("purchases made", "of the links", "links in this", "supported by commission", "reader-supported",
          "placement", *(f"{noun} {word}" for noun in ("commission", "commissions") for word in ("from", "through",
                                                                                               "via", "on"))),
         r"purchases made (?:through|via|from|on) (?:our|these|the) (?:affiliate )?links"
         r"|(?:some|many|all) of the links (?:in|on) this (?:article|post|page|site|story|review|guide|podcast) are"
         r"|links in this (?:article|post|page|story|review|guide|podcast|blog post) (?:may|might|can|could|are|will)"
         r"|commissions? (?:from|through|via|on) (?:\w+ ){0,2}(?:affiliate )?links\b"
         r"|earns? commissions? from (?:some |the )?(?:listed |featured )?(?:providers|partners|brands|retailers"
         r"|companies)|supported by commissions|\breader-supported\b|\bthis is a (?:paid|sponsored) placement"),
        # the site's notes on how it writes
        (("editorial", "sourcing guidelines", "primary sources", "disclosure policy"),
         r"(?:our|see|visit|read|learn (?:more )?about) (?:our )?editorial (?:policy|policies|guidelines|process"
         r"|standards)|strict sourcing guidelines|requires writers to use primary sources"
         r"|(?:our|read) (?:full )?disclosure policy"),
    )
)
SMALL_PRINT_KEYS = tuple(keys for keys, _ in SMALL_PRINT)

# What a page prints where its player, plugin or script did not run: "This video is no longer available.", "Your
# browser does not support the video tag.", "You need the latest Flash Player to view video content.", "Please enable
# JavaScript to view the comments." The phrase must begin within the line's first nine words, so a body sentence
# that ends in a stray player notice (a dump gluing two lines) keeps its label.
PLAYER_NOTICE_LINE = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,8}?(?:"
    r"(?:video|clip|media|audio|content)(?: file)? (?:is|has been) (?:currently |temporarily )?"
    r"(?:no longer |not |un)\s?available"
    r"|(?:your |this |the )?browser (?:does not|doesn't|cannot|can't|is unable to) (?:support|play|display)"
    r"|(?:enable|turn on|activate|requires?|need) (?:your )?javascript\b"
    r"|javascript (?:is |be )?(?:disabled|not enabled|must be enabled|enabled|required|is required)\b"
    r"|(?:need|requires?|install|download|update|upgrade)\b[^.]{0,40}\bflash (?:player|plug-?in)"
    r"|flash (?:player|plug-?in) (?:is )?required"
    r"|(?:video|clip) is playable (?:across|on) all"
    r")",
    re.IGNORECASE,
)
# Lower-cased, one of these is in every line PLAYER_NOTICE_LINE matches.
PLAYER_NOTICE_KEYS = ("available", "browser", "javascript", "flash", "playable")

SEPARATORS = frozenset("|»·›>/•–")
SENTENCE_END = frozenset('.!?"”’»)…:;。！？」』')
# Scripts written without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar), as code point
# ranges: one \w+ run of them is a whole phrase, so their characters are counted instead, about two to a word.
# The text features, the rules and the wrapped-dump joiner (segment/unwrap.py) all read them from here.
UNSPACED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
)
UNSPACED = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in UNSPACED_RANGES) + "]")
# Function characters of Chinese and Japanese (particles, the possessive, copulas, common pronouns and connectives),
# counted as stopwords in unspaced text, where STOPWORDS cannot match a whole phrase.
UNSPACED_STOP_CHARS = frozenset("的了是在和与及也都就而但并把被对为于从这那其之着过我他她们你它不有のにはをがでともへや")
# Sentence ends of those scripts; they are followed by the next sentence with no space.
UNSPACED_SENTENCE_MARKS = frozenset("。！？")

# A line of source code or a shell session, as a text dump prints a <pre> block: one code line per dump line, in
# no sentence. Tech articles put such blocks between their paragraphs, and the model, which reads them as chrome
# (short, no stopwords, odd punctuation), would otherwise break the article apart there.
_CODE_CLOSERS = frozenset(("}", "};", "});", "},", "})", ")", ");", "]", "];", "```", "*/"))
_CODE_KEYWORDS = (
    "def", "class", "func", "fn", "type", "struct", "interface", "import", "package", "return", "const", "let", "var",
    "public", "private", "static", "async", "SELECT", "FROM", "WHERE", "CREATE", "INSERT", "UPDATE", "DELETE",
    "ALTER", "GROUP BY", "ORDER BY", "WITH",
)
CODE_LINE = re.compile(
    r"(?:" + "|".join(_CODE_KEYWORDS) + r")\b[^.!?]*$"
    r"|(?://|/\*|#include|\$ |>>> |@\w+\()"
    r"|(?:if|for|while|switch|catch)\s*\(.*[)}{]\s*$"
    r"|[\w.$\[\]'\"]+\s*(?:[-+*/|&]?=|:=|=>|->)\s*\S.*$"
    r"|[\w.$]+\([^()]*(?:\([^()]*\)[^()]*)*\)\s*[;{,]?$"
    r"|<\/?[a-z][\w-]*(?:\s[^<>]*)?\/?>"
    r"|[-\w]+\s*:\s*[^\s:][^:]*;$"
)
_CODE_FIRST_CHARS = frozenset("/#$>@")  # the shapes above that start with a sign rather than a word
_CODE_FIRST_WORDS = frozenset(keyword.split()[0] for keyword in _CODE_KEYWORDS)


def code_line(text: str) -> bool:
    """text: a block's clean text (stripped). A line that reads as code: one that ends in "{", or in ";" after a
    word, a declaration or statement keyword, an assignment, a call standing alone, a tag, a CSS rule. A closing
    bracket alone (code_closer) ends a listing but does not start one: "]" is a text dump's form field too."""
    if not text:
        return False
    last = text[-1]
    if last == "{" or last == ";" and " " in text:
        return True
    # Every other shape needs one of these; most lines have none, and these tests cost less than the pattern.
    if not ("=" in text or "(" in text or "<" in text or "-" in text or last == ";" or text[0] in _CODE_FIRST_CHARS
            or text.split(None, 1)[0].rstrip(":;,") in _CODE_FIRST_WORDS):
        return False
    return CODE_LINE.match(text) is not None


def code_closer(text: str) -> bool:
    return text in _CODE_CLOSERS

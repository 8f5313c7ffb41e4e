"""The word lists behind `demo_data`, and the unique names, addresses and links drawn from them.

Everything is fictitious: companies live on reserved `.example` domains, and
names are combined at random from per-culture pools. Note templates use the
placeholders `{topic}`, `{company}`, `{other}`, `{role}`, `{cafe}`, `{conf}`,
`{city}`, `{discipline}`, `{news}` and `{mine}`; `demo_data` fills them all every time.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple, TypeVar

from goodwill.domain.model import Channel

T = TypeVar("T")


class Culture(NamedTuple):
    weight: int
    given: tuple[str, ...]
    family: tuple[str, ...]
    cities: tuple[str, ...]
    #: Family name first, as in "Nguyễn Thị Lan"; the last given word is the call name.
    family_first: bool = False


class Company(NamedTuple):
    name: str
    domain: str
    weight: int
    #: The local part of work addresses there: "{g}.{f}", "{g}{f}", "{i}{f}" or "{g}".
    pattern: str = "{g}.{f}"


class Discipline(NamedTuple):
    name: str
    weight: int
    titles: tuple[str, ...]
    topics: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


#: One culture a paragraph: weight (a `*` marks family-name-first), given names,
#: family names, home cities; fields split by `;`, names by `,`.
_CULTURES_TEXT = """
14; Emily, James, Olivia, Liam, Hannah, Noah, Grace, Oliver, Sophie, Daniel, Rachel, Ethan,
Megan, Samuel; Whitfield, Carter, Hughes, Bennett, Foster, Hayes, Morgan, Reid, Sullivan,
Porter, Ellis, Brooks; London, Manchester, New York, Austin, Toronto, Sydney, Chicago, Seattle

9; Ana María, José Luis, Lucía, Javier, Carmen, Mateo, Valentina, Diego, Sofía, Alejandro,
Mariana, Andrés; Núñez, García, Fernández, López, Martínez, Jiménez, Ortega, Ramírez, Castillo,
Herrera, Domínguez, Peña; Madrid, Barcelona, Mexico City, Buenos Aires, Bogotá, Santiago

5; Søren, Astrid, Ingrid, Bjørn, Freja, Magnus, Sigrid, Lars, Maja, Henrik, Åsa, Eirik;
Lindqvist, Østergaard, Halvorsen, Nyström, Åberg, Johansson, Bergström, Dahl, Sørensen, Lund,
Kjær, Holm; Copenhagen, Stockholm, Oslo, Aarhus, Gothenburg

5; Jürgen, Lena, Matthias, Katrin, Lukas, Anja, Tobias, Jana, Florian, Miriam; Müller, Schäfer,
Weiß, Köhler, Becker, Hoffmann, Krüger, Vogel, Neumann, Brandt; Berlin, Munich, Hamburg, Vienna,
Zurich

5; Chloé, Étienne, Hélène, François, Amélie, Benoît, Camille, Léa, Théo, Margaux, Julien, Inès;
Lefèvre, Dubois, Moreau, Girard, Rousseau, Fontaine, Mercier, Lambert, Bonnet, Gauthier; Paris,
Lyon, Montréal, Brussels, Geneva

4; João, Beatriz, Thiago, Larissa, Inês, Rafael, Camila, Gonçalo, Mariana, Lucas; Gonçalves,
Araújo, Magalhães, Ribeiro, Carvalho, Sousa, Conceição, Pereira, Azevedo, Lopes; Lisbon, Porto,
São Paulo, Rio de Janeiro

3; Giulia, Marco, Francesca, Luca, Chiara, Matteo, Alessia, Niccolò; Rossi, Bianchi, Esposito,
Colombo, Ricci, De Luca, Moretti, Galli; Milan, Rome, Turin, Bologna

3; Sanne, Daan, Femke, Joris, Lotte, Bram, Anouk, Sem; de Vries, Jansen, Bakker, Visser,
van den Berg, Smit, Mulder, de Jong; Amsterdam, Rotterdam, Utrecht

2; Łukasz, Małgorzata, Agnieszka, Paweł, Zofia, Tomasz, Katarzyna, Michał; Nowak, Wójcik,
Kaczmarek, Mazur, Krawczyk, Zając, Wróbel, Pawlak; Warsaw, Kraków, Wrocław

2; Ayşe, Mehmet, Elif, Emre, Zeynep, Burak, Selin, Çağla, İlker, Deniz; Yılmaz, Demir, Şahin,
Çelik, Öztürk, Aydın, Kaya, Arslan; Istanbul, Ankara, İzmir, Berlin

4; Chidi, Ngozi, Adaeze, Emeka, Oluwaseun, Funmilayo, Tunde, Chiamaka, Ikenna, Yetunde; Okafor,
Adeyemi, Eze, Okonkwo, Balogun, Nwosu, Adebayo, Obi, Ogunleye, Afolabi; Lagos, Abuja, London,
Houston

2; Wanjiru, Amani, Achieng, Baraka, Zawadi, Njeri, Kiprop, Auma; Mwangi, Otieno, Kariuki,
Njoroge, Odhiambo, Kamau, Wambui, Chebet; Nairobi, Kampala, Kigali

8; Priya, Arjun, Ananya, Rahul, Kavya, Vikram, Deepa, Rohan, Aditi, Karthik, Meera, Siddharth;
Raman, Iyer, Sharma, Patel, Krishnan, Reddy, Menon, Gupta, Banerjee, Nair, Desai, Chatterjee;
Bengaluru, Mumbai, Pune, Hyderabad, Chennai, London, San Francisco

5; Wei, Mei, Jun, Xiaoling, Hao, Yifan, Lin, Jiayi, Zhiwei, Yu; Zhang, Wang, Chen, Liu, Huang,
Zhao, Xu, Zhou, Wu, Tan; Shanghai, Singapore, Vancouver, San Francisco, Hong Kong, Taipei

2; Yuki, Kenji, Aiko, Takeshi, Haruka, Daisuke, Emi, Sho; Sato, Tanaka, Suzuki, Watanabe, Ito,
Nakamura, Kobayashi, Yamamoto; Tokyo, Osaka, Fukuoka

2; Ji-woo, Min-jun, Seo-yeon, Hyun-woo, Ha-eun, Do-yoon, Soo-jin, Jae-won; Kim, Park, Lee, Choi,
Jung, Kang, Cho, Yoon; Seoul, Busan

2*; Thị Lan, Văn Minh, Minh Anh, Thu Hà, Đức Anh, Quang Huy, Ngọc Mai, Bảo Long; Nguyễn, Trần,
Lê, Phạm, Hoàng, Vũ, Đặng, Bùi; Ho Chi Minh City, Hanoi, Da Nang

4; Omar, Layla, Youssef, Fatima, Karim, Nour, Rania, Tariq, Salma, Hassan; Haddad, Khalil,
Mansour, Aziz, El-Amin, Saleh, Nasser, Farouk, Hakimi, Kassem; Dubai, Cairo, Amman, Beirut,
Casablanca, Paris

2; Noa, Yael, Eitan, Avi, Tamar, Lior, Shira, Itai; Cohen, Levi, Mizrahi, Friedman, Peretz,
Ben-David, Katz, Shapiro; Tel Aviv, Haifa, New York

2; Siobhán, Seán, Niamh, Aoife, Ciarán, Pádraig, Róisín, Eoin; O'Brien, Murphy, Kavanagh, Byrne,
Walsh, Doyle, McCarthy, Ó Ceallaigh; Dublin, Cork, Galway

2; Andrea, Paolo, Bea, Miguel, Kristine, Rafael, Joy, Carlo; Santos, Reyes, Cruz, Bautista,
Dela Cruz, Villanueva, Mendoza, Ocampo; Manila, Cebu, Singapore
"""  # noqa: RUF001 (Turkish dotless i)


def _parse_cultures(text: str) -> tuple[Culture, ...]:
    cultures = []
    for paragraph in text.strip().split("\n\n"):
        weight, given, family, cities = paragraph.replace("\n", " ").split(";")
        cultures.append(
            Culture(
                int(weight.strip().rstrip("*")),
                _names(given),
                _names(family),
                _names(cities),
                family_first=weight.strip().endswith("*"),
            )
        )
    return tuple(cultures)


CULTURES = _parse_cultures(_CULTURES_TEXT)

#: Whole names used at most once each: (display name, romanised given, romanised family, city).
RARE_NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("山田 太郎", "Taro", "Yamada", "Tokyo"),
    ("佐藤 花子", "Hanako", "Sato", "Osaka"),
    ("王芳", "Fang", "Wang", "Shanghai"),
    ("陈静", "Jing", "Chen", "Shenzhen"),
    ("김민준", "Minjun", "Kim", "Seoul"),
    ("Олег Смирнов", "Oleg", "Smirnov", "Tbilisi"),
    ("Анна Кузнецова", "Anna", "Kuznetsova", "Belgrade"),
    ("Ірина Коваленко", "Iryna", "Kovalenko", "Kyiv"),
    ("Ελένη Παπαδοπούλου", "Eleni", "Papadopoulou", "Athens"),
    ("Zoë Brontë", "Zoë", "Brontë", "York"),
    ("Tereza Dvořáková", "Tereza", "Dvořáková", "Prague"),
    ("Ondřej Novák", "Ondřej", "Novák", "Brno"),
    ("Sigrún Guðmundsdóttir", "Sigrún", "Guðmundsdóttir", "Reykjavík"),
    ("Mārtiņš Bērziņš", "Mārtiņš", "Bērziņš", "Riga"),
    ("Eglė Kazlauskaitė", "Eglė", "Kazlauskaitė", "Vilnius"),
    ("Aino Virtanen", "Aino", "Virtanen", "Helsinki"),
    ("Zsófia Kovács", "Zsófia", "Kovács", "Budapest"),
    ("Ioana Popescu", "Ioana", "Popescu", "Bucharest"),
)

HUB_CITIES = _names(
    "London,Berlin,New York,San Francisco,Amsterdam,Lisbon,Singapore,Toronto,Remote"
)

COMPANIES: tuple[Company, ...] = (
    Company("Acme Analytics", "acme.example", 9),
    Company("Globex", "globex.example", 8),
    Company("Initech", "initech.example", 6, "{i}{f}"),
    Company("Hooli", "hooli.example", 6),
    Company("Northwind Traders", "northwind.example", 5),
    Company("Contoso", "contoso.example", 5, "{g}{f}"),
    Company("Fabrikam", "fabrikam.example", 4),
    Company("Lumen Labs", "lumenlabs.example", 4, "{g}"),
    Company("Brightwater Health", "brightwater.example", 4),
    Company("Copperleaf Bank", "copperleaf.example", 4, "{i}{f}"),
    Company("Tessellate AI", "tessellate.example", 3, "{g}"),
    Company("Sundial Payments", "sundial.example", 3),
    Company("Kestrel Robotics", "kestrel.example", 3),
    Company("Tidewell", "tidewell.example", 3, "{g}"),
    Company("Quillbase", "quillbase.example", 3),
    Company("Nimbus Ledger", "nimbusledger.example", 3),
    Company("Verdant Grid", "verdantgrid.example", 3),
    Company("Halcyon Freight", "halcyon.example", 2),
    Company("Tailspin Toys", "tailspin.example", 2),
    Company("Larkspur Learning", "larkspur.example", 2),
    Company("Basalt Security", "basalt.example", 2, "{g}{f}"),
    Company("Juniper Mobility", "juniper-mobility.example", 2),
    Company("Meridian Bio", "meridianbio.example", 2),
    Company("Cobalt Cart", "cobaltcart.example", 2, "{g}"),
    Company("Driftwood Games", "driftwood.example", 2),
    Company("Fernhill Insurance", "fernhill.example", 2, "{i}{f}"),
    Company("Riverstone Logistics", "riverstone.example", 2),
    Company("Mosaic Retail", "mosaicretail.example", 2),
    Company("Paperplane HR", "paperplane.example", 1, "{g}"),
    Company("Atlas Civic", "atlascivic.example", 1),
    Company("Orbital Oats", "orbitaloats.example", 1, "{g}"),
    Company("Pebble & Pine", "pebblepine.example", 1),
    Company("Marrow & Finch", "marrowfinch.example", 1),
    Company("Foxglove Studio", "foxglove.example", 1, "{g}"),
    Company("Harbor Lane Legal", "harborlane.example", 1, "{i}{f}"),
    Company("Greyhaven Consulting", "greyhaven.example", 1),
    Company("Contour Maps", "contourmaps.example", 1),
)

#: Where investors work; only people tagged `investor` are placed here.
FUNDS: tuple[Company, ...] = (
    Company("Wrenfield Partners", "wrenfield.example", 1),
    Company("Ironbark Ventures", "ironbark.example", 1, "{g}"),
    Company("Saltmarsh Capital", "saltmarsh.example", 1),
)

#: The demo user's own past employers: where former colleagues come from.
MY_EMPLOYERS = ("Acme Analytics", "Globex", "Initech")

PERSONAL_DOMAINS = ("mail.example", "inbox.example", "post.example", "fastpost.example")

DISCIPLINES: tuple[Discipline, ...] = (
    Discipline(
        "engineering",
        22,
        _names(
            "Software Engineer,Senior Engineer,Staff Engineer,Engineering Manager,"
            "Principal Engineer,Site Reliability Engineer,VP Engineering,CTO"
        ),
        _names(
            "Postgres migrations,on-call rotas,Rust rewrites,platform teams,"
            "code review culture,monolith splits,LLM evals"
        ),
    ),
    Discipline(
        "product",
        18,
        _names(
            "Product Manager,Senior Product Manager,Group PM,Head of Product,"
            "VP Product,Product Ops Lead"
        ),
        _names(
            "pricing,onboarding funnels,roadmap planning,discovery interviews,"
            "usage-based billing,PM career ladders"
        ),
    ),
    Discipline(
        "design",
        10,
        _names("Product Designer,Senior Designer,Design Lead,UX Researcher,Head of Design"),
        _names("design systems,accessibility audits,design tokens,research ops,checkout redesigns"),
    ),
    Discipline(
        "marketing",
        10,
        _names("Growth Marketer,Content Lead,Product Marketing Manager,Brand Director,CMO"),
        _names("launch plans,SEO,brand refreshes,lifecycle emails,community programmes"),
    ),
    Discipline(
        "sales",
        9,
        _names(
            "Account Executive,Sales Director,Solutions Engineer,VP Sales,Customer Success Lead"
        ),
        _names(
            "enterprise pipelines,pricing objections,sales comp plans,partner channels,renewals"
        ),
    ),
    Discipline(
        "data",
        9,
        _names("Data Scientist,Analytics Engineer,ML Engineer,Head of Data,Data Analyst"),
        _names("dbt models,experimentation platforms,churn models,data contracts,metrics layers"),
    ),
    Discipline(
        "operations",
        7,
        _names("Operations Manager,Program Manager,BizOps Lead,Chief of Staff,COO"),
        _names("vendor consolidation,OKRs,planning cycles,office moves,procurement"),
    ),
    Discipline(
        "finance",
        6,
        _names("FP&A Manager,Controller,Finance Lead,CFO,Revenue Accountant"),
        _names("Series B models,budget season,FP&A hiring,audit prep,revenue recognition"),
    ),
    Discipline(
        "people",
        5,
        _names("Talent Partner,Recruiter,Head of People,HR Business Partner,L&D Lead"),
        _names("performance reviews,hiring loops,remote policies,comp bands,manager training"),
    ),
    Discipline(
        "legal",
        4,
        _names("Product Counsel,General Counsel,Privacy Lead,Commercial Lawyer"),
        _names("GDPR audits,contract templates,AI Act compliance,open-source licences"),
    ),
)

#: Kinds (with weights) for what I give, what I ask, what they ask and what they give.
GIVE_KINDS: tuple[tuple[str, int], ...] = (
    ("shared-article", 25), ("commented", 14), ("congratulated", 12), ("advice-given", 12),
    ("helped", 10), ("thank-you", 10), ("intro-made", 8), ("job-lead", 5), ("reference", 3),
)  # fmt: skip
ASK_KINDS = (("asked-advice", 45), ("asked-intro", 25), ("asked-favour", 20), ("asked-job", 10))
THEIR_ASK_KINDS = (
    ("asked-advice", 50), ("asked-intro", 20), ("asked-job", 15), ("asked-favour", 15),
)  # fmt: skip
THEIR_GIVE_KINDS = (
    ("intro-made", 35), ("advice-given", 20), ("job-lead", 15), ("reference", 10),
    ("helped", 10), ("shared-article", 10),
)  # fmt: skip
#: What I give in answer to their ask, when I answer.
ANSWERS = {
    "asked-advice": "advice-given", "asked-intro": "intro-made",
    "asked-job": "job-lead", "asked-favour": "helped",
}  # fmt: skip
#: Gives a tag makes likelier: job leads for job-seekers, comments for writers...
TAG_GIVES = {
    "job-seeker": "job-lead", "hiring": "intro-made", "writer": "commented",
    "speaker": "commented", "founder": "helped", "mentor": "thank-you",
}  # fmt: skip

DISCIPLINE = {discipline.name: discipline for discipline in DISCIPLINES}

#: Tags and how often they are drawn; a person has none, one or two.
TAGS: tuple[tuple[str, int], ...] = (
    ("former-colleague", 10),
    ("work-friend", 8),
    ("mentor", 5),
    ("connector", 5),
    ("hiring", 6),
    ("founder", 5),
    ("writer", 4),
    ("speaker", 4),
    ("job-seeker", 4),
    ("investor", 2),
)

CONFERENCES = _names(
    "SaaStr,Mind the Product London,DevOpsDays Berlin,Config,PyCon,Web Summit,"
    "ProductCon,Leading Design,the Data Council summit,LeadDev"
)
MEETUPS = _names(
    "PMI chapter meetup,Women in Product meetup,Rust meetup,ProductTank evening,"
    "founders' breakfast,design critique night,analytics engineering meetup"
)
CAFES = _names(
    "Blue Bottle,Monmouth,the corner bakery,Kaffebar,Common Grounds,Café Lisboa,"
    "the hotel lobby,Ritual"
)
SCHOOLS = _names("business school,university,the Reforge programme,a coding bootcamp,night school")

MET_HOW = (
    "met at the {meetup}",
    "met at {conf}",
    "met via {via}",
    "met via {via}",
    "classmates at {school}",
    "cold-emailed me about {topic}",
    "interviewed with them at {company}",
    "LinkedIn: reached out about {topic}",
    "hackathon team-mate at {conf}",
    "customer of ours at {mine}",
    "neighbour in {city}",
    "co-organised volunteers at {conf}",
)

NEWS = (
    "their move to Series B",
    "the reorg at {company}",
    "a new role at {company}",
    "parental leave plans",
    "hiring plans for the {discipline} team",
    "the move to {city}",
    "their side project on {topic}",
    "their talk at {conf}",
    "a sabbatical after burnout",
    "acquisition rumours at {company}",
    "the promotion case",
    "layoffs at {other}",
)

ARCHIVED_NOTES = (
    "Left tech to open a bakery in {city}.",
    "Moved to {city}; we drifted apart.",
    "Retired early.",
    "Went back to academia.",
)

PERSON_NOTES = (
    "Prefers async; reply by email.",
    "Writing a book on {topic}.",
    "Ask about the move to {city}.",
    "Two kids; runs trail ultras.",
    "Great sounding board on {topic}.",
    "Plays in a jazz band on weekends.",
    "Knows everyone in {discipline} in {city}.",
    "Dislikes small talk: get to the point.",
    "Mentors at {school}.",
    "Vegetarian; suggest the ramen place.",
)

#: Note templates keyed "side:kind" or "side:kind:channel" (side is "me" or "them").
NOTES: dict[str, tuple[str, ...]] = {
    "me:shared-article": (
        "sent the pricing teardown",
        "shared a write-up on {topic}",
        "sent a podcast episode on {topic}",
        "forwarded a thread on {topic}",
    ),
    "me:intro-made": (
        "introduced them to the {role} at {other}",
        "intro to a founder working on {topic}",
    ),
    "me:reference": (
        "reference call for their application at {other}",
        "wrote a LinkedIn recommendation",
    ),
    "me:advice-given": ("walked through my notes on {topic}", "reviewed their plan for {topic}"),
    "me:commented": ("commented on their post about {topic}", "commented on their {conf} talk"),
    "me:congratulated": (
        "congrats on the new role at {company}",
        "congrats on the launch",
        "congrats on the promotion",
    ),
    "me:helped": (
        "reviewed their deck",
        "helped untangle {topic}",
        "sat in on their hiring loop",
    ),
    "me:job-lead": ("passed on the {role} opening at {other}",),
    "me:thank-you": ("thanked them for the intro", "thank-you note after our chat on {topic}"),
    "me:asked-job": ("asked about the {role} role at {company}", "asked for a referral at {other}"),
    "me:asked-advice": (
        "asked how they handled {topic}",
        "asked for feedback on my draft on {topic}",
    ),
    "me:asked-favour": (
        "asked them to beta-test the side project",
        "asked them to speak at our meetup",
        "asked to borrow their template for {topic}",
    ),
    "me:asked-intro": (
        "asked for an intro to their head of {discipline}",
        "asked for an intro to someone at {other}",
    ),
    "me:catch-up:coffee": ("coffee at {cafe}: {news}", "coffee at {cafe}, mostly {topic}"),
    "me:catch-up:call": ("call: {news}", "30 min call on {topic}"),
    "me:catch-up:meeting": ("lunch near their office: {news}", "walk and talk: {news}"),
    "me:catch-up:event": ("ran into them at {conf}", "drinks after {conf}: {news}"),
    "me:catch-up": (
        "quick check-in: {news}",
        "caught up on {topic}",
        "asked how things are after {news}",
    ),
    "me:birthday": ("happy birthday message", "birthday wishes"),
    "them:catch-up": (
        "they pinged to say hi: {news}",
        "they reached out about {news}",
        "they suggested a catch-up: {news}",
    ),
    "them:asked-advice": ("they asked for advice on {topic}", "they asked how we run {topic}"),
    "them:asked-intro": ("they asked for an intro to someone at {other}",),
    "them:asked-job": (
        "they asked for a referral for the {role} opening at {other}",
        "they asked about {role} roles at {other}",
    ),
    "them:asked-favour": (
        "they asked me to review their doc on {topic}",
        "they asked me to fill in a survey on {topic}",
    ),
    "them:intro-made": (
        "they introduced me to the {role} at {other}",
        "they connected me with a founder in {city}",
    ),
    "them:reference": ("they gave me a reference for {other}",),
    "them:job-lead": ("they sent me the {role} opening at {other}",),
    "them:advice-given": ("they gave me feedback on my plan for {topic}",),
    "them:helped": ("they helped me prep for an interview at {other}",),
    "them:shared-article": ("they sent me a good piece on {topic}",),
}

#: Notes for a catch-up with two or three people at once; TEAM_NOTES when they share a company.
TEAM_NOTES = ("team lunch with the {company} crew", "drinks with the {company} folks: {news}")
GROUP_NOTES = (
    "coffee at {cafe} together, mostly {topic}",
    "dinner after {conf}",
    "panel prep for {conf}",
    "breakfast meetup in {city}",
)

#: Channels (with weights) by "side:kind", falling back to "side:*".
CHANNELS: dict[str, tuple[tuple[Channel, int], ...]] = {
    "me:catch-up": (
        (Channel.COFFEE, 4),
        (Channel.CALL, 4),
        (Channel.MESSAGE, 4),
        (Channel.MEETING, 2),
        (Channel.EMAIL, 2),
        (Channel.EVENT, 1),
    ),
    "me:birthday": ((Channel.MESSAGE, 3), (Channel.SOCIAL, 2)),
    "me:commented": ((Channel.SOCIAL, 1),),
    "me:congratulated": ((Channel.SOCIAL, 2), (Channel.MESSAGE, 1)),
    "me:advice-given": ((Channel.CALL, 2), (Channel.COFFEE, 1), (Channel.EMAIL, 1)),
    "me:helped": ((Channel.CALL, 2), (Channel.MEETING, 1), (Channel.EMAIL, 1)),
    "me:*": ((Channel.EMAIL, 3), (Channel.MESSAGE, 2), (Channel.SOCIAL, 1)),
    "them:catch-up": (
        (Channel.MESSAGE, 3),
        (Channel.EMAIL, 2),
        (Channel.CALL, 1),
        (Channel.COFFEE, 1),
    ),
    "them:*": ((Channel.EMAIL, 3), (Channel.MESSAGE, 2), (Channel.CALL, 1), (Channel.SOCIAL, 1)),
}


def fill_ins(
    rng: random.Random, discipline: str | None, company: str | None, city: str | None
) -> dict[str, str]:
    """Fresh values for every note placeholder, fitted to the person."""
    field = DISCIPLINE[discipline or "product"]
    other = rng.choice(COMPANIES).name
    values = {
        "topic": rng.choice(field.topics),
        "company": company or other,
        "other": other,
        "role": rng.choice(rng.choice(DISCIPLINES).titles),
        "cafe": rng.choice(CAFES),
        "conf": rng.choice(CONFERENCES),
        "city": city if city and city != "Remote" else rng.choice(HUB_CITIES[:-1]),
        "discipline": field.name,
        "mine": rng.choice(MY_EMPLOYERS),
        "meetup": rng.choice(MEETUPS),
        "school": rng.choice(SCHOOLS),
    }
    values["news"] = rng.choice(NEWS).format(**values)
    return values


_FOLD = str.maketrans(
    {"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "\u0131": "i", "ð": "d", "þ": "th"}
)


def fold(text: str) -> str:
    """ASCII letters and digits only, lower-cased: `Núñez` -> `nunez`, `Bjørn` -> `bjorn`."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(char for char in decomposed if char.isascii() and char.isalnum())


def weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in options], [weight for _, weight in options])[0]


class NameBook:
    """Draws names, email addresses and LinkedIn slugs, none of them used twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.addresses: set[str] = set()
        self.slugs: set[str] = set()
        self.rare = list(RARE_NAMES)
        rng.shuffle(self.rare)

    def name(self) -> tuple[str, str, str, str]:
        """A unique display name, the romanised call name and family name, and a home city."""
        rng = self.rng
        for attempt in range(60):
            if self.rare and rng.random() < 0.05:
                name, first, last, city = self.rare.pop()
            else:
                culture = weighted(rng, [(c, c.weight) for c in CULTURES])
                given, last = rng.choice(culture.given), rng.choice(culture.family)
                city = rng.choice(culture.cities)
                if culture.family_first:
                    name, first = f"{last} {given}", given.split()[-1]
                else:
                    first = given.split()[0]
                    if attempt >= 30:  # the pools run short in big networks: add an initial
                        given = f"{given} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
                    name = f"{given} {last}"
            if name not in self.names:
                break
        base, number = name, 1
        while name in self.names:
            number += 1
            name = f"{base} {number}"
        self.names.add(name)
        return name, first, last, city

    def emails(self, first: str, last: str, company: Company | None) -> tuple[str, ...]:
        """A work address where they work; a personal one without a job, or as a second."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            return ()
        given, family = fold(first), fold(last)
        addresses = []
        if company is not None:
            addresses.append(self._address(company.pattern, given, family, company.domain))
        if company is None or roll > 0.87:
            pattern = rng.choice(("{g}.{f}", "{g}{f}", "{f}.{g}"))
            addresses.append(self._address(pattern, given, family, rng.choice(PERSONAL_DOMAINS)))
        return tuple(addresses)

    def _address(self, pattern: str, given: str, family: str, domain: str) -> str:
        address, number = f"{pattern.format(g=given, f=family, i=given[:1])}@{domain}", 1
        while address in self.addresses:
            number += 1
            address = f"{given}.{family}{number}@{domain}"
        self.addresses.add(address)
        return address

    def slug(self, first: str, last: str) -> str:
        """`ana-nunez`, or `ana-nunez-4b2a1c` as LinkedIn gives when the plain one is taken."""
        slug = "-".join(fold(word) for word in f"{first} {last}".split() if fold(word))
        if slug in self.slugs or self.rng.random() < 0.4:
            slug = f"{slug}-{self.rng.randrange(16**6):06x}"
        self.slugs.add(slug)
        return slug

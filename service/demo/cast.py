"""Who and what the demo is about: the regions, real library services, the pilot themes and
a fictional cast. Names and emails are invented (example.org); they reach the product only
through invitations, so they live in the erasable directory and never in events."""

from __future__ import annotations

from dataclasses import dataclass

REGIONS = {
    "north-east": "North East",
    "north-west": "North West",
    "yorkshire-and-the-humber": "Yorkshire and the Humber",
    "east-midlands": "East Midlands",
    "west-midlands": "West Midlands",
    "east-of-england": "East of England",
    "london": "London",
    "south-east": "South East",
    "south-west": "South West",
}

# code: (name, region code). Real English library services, each in its own region.
SERVICES = {
    "newcastle": ("Newcastle upon Tyne", "north-east"),
    "gateshead": ("Gateshead", "north-east"),
    "northumberland": ("Northumberland", "north-east"),
    "manchester": ("Manchester", "north-west"),
    "liverpool": ("Liverpool", "north-west"),
    "lancashire": ("Lancashire", "north-west"),
    "leeds": ("Leeds", "yorkshire-and-the-humber"),
    "sheffield": ("Sheffield", "yorkshire-and-the-humber"),
    "leicestershire": ("Leicestershire", "east-midlands"),
    "derbyshire": ("Derbyshire", "east-midlands"),
    "lincolnshire": ("Lincolnshire", "east-midlands"),
    "nottingham": ("Nottingham City", "east-midlands"),
    "nottinghamshire": ("Nottinghamshire (Inspire)", "east-midlands"),
    "worcestershire": ("Worcestershire", "west-midlands"),
    "birmingham": ("Birmingham", "west-midlands"),
    "warwickshire": ("Warwickshire", "west-midlands"),
    "norfolk": ("Norfolk", "east-of-england"),
    "suffolk": ("Suffolk Libraries", "east-of-england"),
    "essex": ("Essex", "east-of-england"),
    "haringey": ("Haringey", "london"),
    "camden": ("Camden", "london"),
    "hackney": ("Hackney", "london"),
    "kent": ("Kent", "south-east"),
    "hampshire": ("Hampshire", "south-east"),
    "oxfordshire": ("Oxfordshire", "south-east"),
    "bristol": ("Bristol", "south-west"),
    "devon": ("Devon (Libraries Unlimited)", "south-west"),
    "cornwall": ("Cornwall", "south-west"),
}

# The demo's last step: a member service joining "today". Finding it means a run finished.
LAST_SERVICE = ("westmorland-and-furness", "Westmorland and Furness", "north-west")

THEMES = {
    "evaluation": (
        "Advocacy and evidence: Evaluation",
        "Showing the difference libraries make: evaluation frameworks, outcome data, "
        "impact reports for councillors and funders.",
    ),
    "comms": (
        "Transformation: Communications and engagement",
        "Reaching residents and stakeholders: campaigns, consultation, messages that work.",
    ),
    "partnerships": (
        "Transformation: Partnerships",
        "Working with health, councils, the voluntary sector and universities: agreements, "
        "shared outcomes, joint delivery.",
    ),
}


@dataclass(frozen=True)
class Member:
    """A person in the demo. ``title`` is what the sign-in list shows."""

    key: str
    name: str
    title: str
    roles: tuple[str, ...]
    service: str | None = None
    themes: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return self.name.lower().replace(" ", ".") + "@example.org"


def _head(key: str, name: str, service: str) -> Member:
    return Member(
        key, name, f"Head of Service, {SERVICES[service][0]}", ("service_staff",), service
    )


def _expert(key: str, name: str, *themes: str) -> Member:
    topics = ", ".join(THEMES[code][0].split(": ")[1].lower() for code in themes)
    return Member(key, name, f"Expert: {topics}", ("expert",), None, themes)


def _peer(key: str, name: str, service: str, *themes: str) -> Member:
    return Member(key, name, f"Peer, {SERVICES[service][0]}", ("peer",), service, themes)


# Programme staff who look after one region: their home page and the queue start with it.
REGIONS_LOOKED_AFTER = {"tom": "west-midlands"}

NATIONAL_MANAGER = Member(
    "helen", "Helen Marsh", "Programme staff: national programme manager", ("programme_staff",)
)

CAST = [
    NATIONAL_MANAGER,
    Member(
        "tom",
        "Tom Adeyemi",
        "Programme staff: regional engagement manager (West Midlands)",
        ("programme_staff",),
    ),
    Member("graham", "Graham Pike", "Auditor for the programme board", ("auditor",)),
    _head("claire", "Claire Bennett", "worcestershire"),
    _head("daniel", "Daniel Osei", "haringey"),
    _head("fiona", "Fiona Walsh", "leicestershire"),
    _head("peter", "Peter Robson", "newcastle"),
    _head("joanne", "Joanne Hughes", "manchester"),
    _head("marcus", "Marcus Reid", "bristol"),
    _head("elaine", "Elaine Carter", "kent"),
    _head("simon", "Simon Hale", "norfolk"),
    _head("karen", "Karen Lowe", "derbyshire"),
    _head("ian", "Ian Fletcher", "lincolnshire"),
    _head("amira", "Amira Haddad", "nottingham"),
    _head("rachel", "Rachel Dunn", "leeds"),
    _head("sophie", "Sophie Grant", "camden"),
    _head("neil", "Neil Barker", "oxfordshire"),
    _head("tamsin", "Tamsin Hocking", "cornwall"),
    _head("gareth", "Gareth Milburn", "northumberland"),
    _head("vicky", "Vicky Shaw", "warwickshire"),
    _head("paul", "Paul Okonkwo", "essex"),
    _head("megan", "Megan Doyle", "liverpool"),
    _expert("sarah", "Sarah Quinn", "evaluation"),
    _expert("mark", "Mark Ellison", "evaluation", "partnerships"),
    _expert("aisha", "Aisha Rahman", "comms"),
    _expert("owen", "Owen Price", "partnerships"),
    _expert("laura", "Laura Fenwick", "comms", "partnerships"),
    _expert("james", "James Holt", "evaluation", "comms"),
    _peer("ruth", "Ruth Patel", "leicestershire", "partnerships"),
    _peer("chris", "Chris Armstrong", "gateshead", "comms"),
    _peer("lisa", "Lisa Cooper", "lancashire", "evaluation"),
    _peer("ahmed", "Ahmed Khan", "sheffield", "partnerships"),
    _peer("beth", "Beth Morris", "birmingham", "comms"),
    _peer("david", "David Frost", "suffolk", "partnerships"),
    _peer("grace", "Grace Mensah", "hackney", "comms"),
    _peer("oliver", "Oliver Bright", "hampshire", "evaluation"),
    _peer("jenny", "Jenny Tregear", "devon", "partnerships"),
    _peer("hannah", "Hannah Wood", "nottinghamshire", "evaluation"),
]

# Peers' own settings: (monthly cap in hours or None, whether each booking needs confirming).
PEER_SETTINGS = {
    "ruth": (4, False),
    "lisa": (3, False),
    "grace": (4, False),
    "oliver": (6, False),
    "ahmed": (None, True),
}

# The expert whose own change of themes waits for programme staff's approval.
THEME_CHANGE_ASKED_BY = "james"

# Shown by ``expertbank demo``: one of each kind of account, with what to look at.
SIGN_INS = {
    "helen": "",
    "tom": "",
    "graham": "read-only",
    "claire": "scenario 1: hours left to book, feedback to give",
    "daniel": "request declined",
    "fiona": "engagement under way",
    "sarah": "Worcestershire's expert: a session to record",
    "james": "asked to add a theme: waits for programme staff",
    "ruth": "capped at 4 hours a month",
    "ahmed": "a booking awaits his confirmation",
}

DEMO_PASSWORD = "library-demo-2026"


def member(key: str) -> Member:
    for person in CAST:
        if person.key == key:
            return person
    raise KeyError(key)

"""The slot extractor on phrasings written for it: exact slot values, nothing more."""

from __future__ import annotations

import pytest

from assistant.rules import CaseProfileError, extract_profile, load_rules, parse_reply, with_reply
from assistant.rules.profile import CaseProfile

pytestmark = pytest.mark.unit

PHRASINGS: list[tuple[str, dict]] = [
    # age / youth
    ("en hjemløs ung på 22", {"age": 22, "young": True, "housing_situation": "homeless"}),
    ("En 22-årig kvinde, der sover på gaden", {"age": 22, "stay": "street"}),
    ("Han er 34 år og bor på herberg", {"age": 34, "stay": "shelter"}),
    ("en ung på toogtyve", {"age": 22, "young": True}),
    ("homeless young person aged 22", {"age": 22, "young": True, "housing_situation": "homeless"}),
    (
        "She is 45 years old, sleeps rough and has schizophrenia",
        {"age": 45, "stay": "street", "psychiatric": True},
    ),
    ("en voksen borger", {"young": False}),
    # where the person stays
    ("borgeren bor på en § 110-boform", {"stay": "shelter"}),
    ("Han bor på forsorgshjem", {"stay": "shelter"}),
    ("Den unge sofasurfer hos venner", {"young": True, "stay": "sofa"}),
    ("Den unge er sofasover", {"young": True, "stay": "sofa"}),
    ("Hun sover på gaden og har ingen bolig endnu", {"stay": "street", "housing_allocated": False}),
    ("Hun har boet på herberg og sover nu og da på gaden", {"housing_situation": "homeless"}),
    ("en 19-årig, der er løsladt fra fængsel", {"age": 19}),  # released: no longer in prison
    ("en 19-årig, der afsoner og løslades om tre uger", {"age": 19, "stay": "prison"}),
    ("Borgeren bor i egen bolig", {"housing_situation": "housed", "stay": "own_home"}),
    # housing situation
    (
        "Den unge er i risiko for hjemløshed og har ikke brug for bostøtte",
        {"young": True, "housing_situation": "at_risk", "support_need": "none"},
    ),
    ("Den unge risikerer at blive sat ud af sin lejlighed", {"young": True, "housing_situation": "at_risk"}),
    (
        "Borgeren bor i egen bolig, men risikerer at blive sat ud",
        {"housing_situation": "at_risk", "stay": "own_home"},
    ),
    ("a young man at risk of homelessness", {"young": True, "housing_situation": "at_risk"}),
    # ability to use other support
    ("Borgeren kan i høj grad selv bruge andre tilbud", {"support_ability": "high"}),
    ("Borgeren kan i nogen grad bruge øvrige støttemuligheder", {"support_ability": "some"}),
    ("hun har svært ved at bruge det almindelige system", {"support_ability": "low"}),
    ("Han kan kun i lav grad benytte øvrige tilbud", {"support_ability": "low"}),
    ("kan til en vis grad benytte støttemuligheder i det øvrige system", {"support_ability": "some"}),
    (
        "The client can to a high degree use other services and needs short-term support",
        {"support_ability": "high", "support_need": "short"},
    ),
    ("He struggles to use mainstream services", {"support_ability": "low"}),
    # support need
    ("har brug for langvarig støtte", {"support_need": "long"}),
    ("har brug for længerevarende støtte", {"support_need": "long"}),
    ("har brug for kortvarig støtte i overgangen", {"support_need": "short"}),
    ("needs long-term support", {"support_need": "long"}),
    # housing allocated, with negation
    ("har fået tilbudt en lejlighed", {"housing_allocated": True}),
    ("har fået tildelt en ungdomsbolig", {"housing_allocated": True}),
    ("har skrevet under på lejekontrakten", {"housing_allocated": True}),
    ("lejekontrakten er underskrevet", {"housing_allocated": True}),
    ("vi har ikke fundet en bolig endnu", {"housing_allocated": False}),
    ("hun har endnu ikke fået tildelt en bolig", {"housing_allocated": False}),
    ("kan CTI starte, før der er fundet en bolig?", {"housing_allocated": False, "method": "CTI"}),
    ("He has been allocated a flat", {"housing_allocated": True}),
    ("No housing has been found yet", {"housing_allocated": False}),
    # months in CTI
    ("borgeren er 5 måneder inde i forløbet", {"months_in_cti": 5.0}),
    ("Borgeren er fem måneder inde i CTI-forløbet", {"months_in_cti": 5.0, "method": "CTI"}),
    ("Hun flyttede ind for fire en halv måned siden", {"months_in_cti": 4.5}),
    ("Han har været i CTI i 10 måneder", {"months_in_cti": 10.0, "method": "CTI"}),
    ("4 months into CTI", {"months_in_cti": 4.0, "method": "CTI"}),
    ("6 uger inde i CTI", {"months_in_cti": 1.4, "method": "CTI"}),
    ("Han er i måned 7 af CTI-forløbet", {"months_in_cti": 7.0, "method": "CTI"}),
    ("2,9 måneder inde i forløbet", {"months_in_cti": 2.9}),
    ("Which phase is a person in after 7 months of CTI?", {"months_in_cti": 7.0, "method": "CTI"}),
    ("Hvad sker der efter de ni måneder i CTI?", {"method": "CTI"}),
    ("CTI varer 9 måneder i forløbet", {"method": "CTI"}),
    # caseload
    ("en ICM-medarbejder har 11 borgere", {"method": "ICM", "caseload": 11, "caseload_role": "ICM"}),
    ("En CTI-medarbejder har elleve borgere", {"method": "CTI", "caseload": 11, "caseload_role": "CTI"}),
    (
        "Vores ACT-team har otte borgere pr. medarbejder",
        {"method": "ACT", "caseload": 8, "caseload_role": "ACT"},
    ),
    (
        "En myndighedskoordinator har tolv unge",
        {"young": True, "caseload": 12, "caseload_role": "MYNDIGHEDSKOORDINATOR"},
    ),
    (
        "Myndighedskoordinatoren har 21 unge tilknyttet",
        {"young": True, "caseload": 21, "caseload_role": "MYNDIGHEDSKOORDINATOR"},
    ),
    ("an ICM worker has 11 clients", {"method": "ICM", "caseload": 11, "caseload_role": "ICM"}),
    ("Hvor mange borgere må en ICM-medarbejder have?", {"method": "ICM", "caseload_role": "ICM"}),
    ("ICM har en caseload på max otte", {"method": "ICM"}),
    # complex needs
    ("skizofreni og massivt misbrug", {"complex_needs": True, "psychiatric": True, "substance": True}),
    ("Hun har en psykisk lidelse, men intet misbrug", {"psychiatric": True, "substance": False}),
    ("Han har et alkoholmisbrug og behov for behandling", {"substance": True, "treatment_need": True}),
    ("Borgeren har komplekse støttebehov", {"complex_needs": True}),
    # meetings, methods, plain questions
    ("Vi holder 2 netværksmøder om året", {"meetings_per_year": 2}),
    ("kun ét netværksmøde om året", {"meetings_per_year": 1}),
    ("CTI eller ICM til denne unge?", {"young": True}),
    ("Hvad er ACT?", {"method": "ACT"}),
    ("Hvad er Housing First?", {}),
    ("Hvordan fungerer Samarbejdsmodellen?", {"method": "SAMARBEJDSMODELLEN"}),
]


def test_there_are_at_least_forty_phrasings() -> None:
    assert len(PHRASINGS) >= 40


@pytest.mark.parametrize(("text", "expected"), PHRASINGS, ids=[t for t, _ in PHRASINGS])
def test_extract_exact_slots(text: str, expected: dict) -> None:
    p = extract_profile(text)
    assert p.known() == expected
    assert p.conflicts == ()


def test_two_answers_for_one_slot_become_a_conflict() -> None:
    p = extract_profile("Hun har fået tildelt en bolig, men vi har ikke fundet en bolig endnu.")
    assert p.housing_allocated is None
    assert p.conflicts == (("housing_allocated", ("False", "True")),)
    assert p.contradictions() == [
        "Teksten giver to forskellige oplysninger om om der er tildelt en bolig: at borgeren endnu ikke har "
        "fået tildelt en bolig og har fået tildelt en bolig eller skrevet under på en lejekontrakt. "
        "Oplys, hvad der er rigtigt."
    ]


def test_conditional_housing_mention_is_not_a_fact() -> None:
    assert extract_profile("Kan CTI starte, når der er fundet en bolig?").housing_allocated is None


def test_limit_statement_is_not_a_caseload() -> None:
    assert extract_profile("Er en caseload på højst 10 rigtig for CTI?").caseload is None


@pytest.mark.parametrize(
    ("slot", "reply", "value"),
    [
        ("housing_allocated", "ja", True),
        ("housing_allocated", "Nej, ikke endnu", False),
        ("housing_allocated", "yes", True),
        ("support_ability", "i høj grad", "high"),
        ("support_ability", "I nogen grad", "some"),
        ("support_ability", "low", "low"),
        ("support_need", "langvarig", "long"),
        ("support_need", "short", "short"),
        ("support_need", "Ingen bostøtte", "none"),
        ("housing_situation", "hjemløs", "homeless"),
        ("months_in_cti", "fem", 5.0),
        ("caseload", "elleve", 11),
        ("caseload_role", "ICM", "ICM"),
        ("young", "Ja, under 30 år", True),
        ("young", "Nej, 30 år eller ældre", False),
        ("young", "hun er 24", True),
        ("age", "22", 22),
        ("meetings_per_year", "to", 2),
        ("stay", "På gaden", "street"),
        ("method", "CTI", "CTI"),
    ],
)
def test_bare_reply_fills_the_expected_slot(slot: str, reply: str, value) -> None:
    assert getattr(extract_profile(reply, expecting=slot), slot) == value


def test_bare_reply_without_expecting_fills_nothing() -> None:
    assert extract_profile("ja").known() == {}
    assert extract_profile("i høj grad").known() == {}


def test_unreadable_reply_gives_none() -> None:
    assert parse_reply("support_ability", "det ved jeg ikke rigtig") == "low"  # "ikke" reads as low
    assert parse_reply("housing_allocated", "måske") is None
    assert parse_reply("caseload", "mange") is None


def test_every_quick_reply_option_is_understood() -> None:
    rules = load_rules()
    prompts = list(rules.prompts.items()) + [(s, p) for r in rules.rules for s, p in r.questions.items()]
    for slot, prompt in prompts:
        for option in prompt.options:
            assert getattr(extract_profile(option, expecting=slot), slot) is not None, (slot, option)


def test_with_reply_merges_into_earlier_profile() -> None:
    p = extract_profile("En hjemløs ung på 22. Hvilken metode?")
    p = with_reply(p, "support_need", "Langvarig støtte")
    assert (p.age, p.housing_situation, p.support_need) == (22, "homeless", "long")


def test_expecting_unknown_slot_is_an_error() -> None:
    with pytest.raises(CaseProfileError, match="Ukendt felt 'shoe' i expecting"):
        extract_profile("ja", expecting="shoe")


def test_extract_returns_a_case_profile() -> None:
    assert isinstance(extract_profile(""), CaseProfile)
    assert extract_profile("").is_empty()


@pytest.mark.parametrize(
    "text,slot,value",
    [
        ("can hardly use ordinary services", "support_ability", "low"),
        ("kan næsten ikke bruge andre tilbud", "support_ability", "low"),
        ("Hvorfor skal en CTI-medarbejder have mindst 20 borgere?", "caseload", 20),
    ],
)
def test_lead_added_phrasings(text, slot, value):
    assert getattr(extract_profile(text), slot) == value


# Kinds of phrasing that state a soft fact by what the person does or needs, not in the manuals'
# words. Each kind is read exactly, and its negation is not read as the fact.
KINDS: list[tuple[str, dict]] = [
    # a high degree of using the ordinary system, said as what the person does unaided
    ("Han går selv til lægen og passer sine aftaler i jobcentret", {"support_ability": "high"}),
    ("kommer hver uge hos sin kontaktperson uden at nogen skal minde ham om det", {"support_ability": "high"}),
    ("klarer sig egentlig fint", {"support_ability": "high"}),
    ("He already uses the day centre, his GP and the jobcentre on his own", {"support_ability": "high"}),
    ("kan ikke klare sig selv", {}),
    # a low degree, said as never managing it
    ("har aldrig kunnet bruge de almindelige tilbud", {"support_ability": "low"}),
    ("han møder aldrig op i psykiatrien", {"support_ability": "low"}),
    # a short need, said as settling into the home
    ("Han skal egentlig bare have hjælp til at komme godt i gang i boligen", {"support_need": "short"}),
    ("he mainly needs someone during the move and the first months", {"support_need": "short"}),
    ("har brug for kort støtte ind i en bolig", {"support_need": "short"}),
    # a long need, said as no end in sight
    ("vi kan ikke se nogen slutdato", {"support_need": "long"}),
    ("The team thinks she will need support well beyond a year", {"support_need": "long"}),
    # homelessness denied; rent arrears put the home at risk
    ("hun er IKKE hjemløs", {}),
    ("Lise (27) bor i egen 1-vær og har huslejerestance", {"age": 27, "housing_situation": "at_risk"}),
    # a note that starts with the person's name and age
    ("ahmed 22 har sofasurfet hos sin fætter i 3 uger", {"age": 22, "stay": "sofa"}),
    ("Mathilde 22 er visiteret til CTI", {"age": 22, "method": "CTI"}),
    ("Vi har boet der i 22 år", {}),
    # housing found or not, in the words of a lease and an offer
    ("hun skrev under på lejekontrakten i går", {"housing_allocated": True}),
    ("har ikke fået tilbudt eller skrevet under på noget endnu", {"housing_allocated": False}),
    ("vi har ikke fundet noget sted han kan bo endnu", {"housing_allocated": False}),
    # English couch surfing
    ("a 23 year old sleeping on friends' couches", {"age": 23, "stay": "sofa"}),
    # where the person was is not where they are
    ("Tidligere anbragt på opholdssted fra 14-17 år", {}),
    ("hun bor på et opholdssted", {"stay": "institution"}),
    # an eviction threatening the home wins over "has own flat"
    ("har egen lejlighed men er bagud med huslejen og har fået påkrav", {"housing_situation": "at_risk"}),
    # a need for a period, then managing alone: short; support over a longer time: long
    (
        "har brug for intensiv hjælp en periode og forventes at kunne klare sig selv bagefter",
        {"support_need": "short"},
    ),
    ("Vurderes at have brug for støtte over længere tid", {"support_need": "long"}),
    # drinking said as a habit
    ("Hun drikker en del (dagligt)", {"substance": True}),
    # using the ordinary offers when someone helps: to some degree
    (
        "kommer faktisk i misbrugscenteret og til lægen når nogen hjælper med at koordinere",
        {"support_ability": "some", "substance": True},
    ),
    ("kan godt bruge lægen og jobcentret med lidt hjælp", {"support_ability": "some"}),
    ("goes to the GP with a little help", {"support_ability": "some"}),
    # a home still to come ("… til han har fået lejlighed") is no home allocated
    ("skal vi vente med bostøtten til han har fået lejlighed?", {"housing_allocated": False}),
    ("han er flyttet til byen og har fået en lejlighed", {"housing_allocated": True}),
    # the coordinating effort: needed, no longer needed, or implied by cases at three agencies
    ("der er ikke brug for koordinering mere", {"coordination_need": False}),
    ("han klarer nu selv koordineringen", {"coordination_need": False}),
    ("har brug for at nogen koordinerer forløbet", {"coordination_need": True}),
    ("hun har sag i jobcentret, hos UU og i misbrugsbehandlingen", {"coordination_need": True}),
    ("hun går i jobcentret og i distriktspsykiatrien", {}),  # two agencies: no sign either way
    # meetings said by frequency
    ("vi holder netværksmøde hver eneste måned", {"meetings_per_year": 12}),
    ("netværksmøderne ligger hvert kvartal", {"meetings_per_year": 4}),
    ("we hold network meetings every other month", {"meetings_per_year": 6}),
    # "møder (selv) op … hver uge" is showing up somewhere, not a meeting frequency
    ("hun møder selv op på misbrugscentret hver uge", {"substance": True}),
    # a lease signed is a home allocated, also with a name's possessive in between
    ("lejekontrakten på Jonas' ungdomsbolig blev skrevet under i går", {"housing_allocated": True}),
    # still needing support after the nine months, or "et langt forløb": a long-term need
    ("vi vurderer det bliver et langt forløb", {"support_need": "long"}),
    # a home lost is no home at risk; an eviction notice or rent owed is
    ("han blev for tredje gang sat ud af sin lejlighed pga. huslejerestance", {}),
    ("hun skylder tre måneders husleje og har fået et varsel om ophævelse", {"housing_situation": "at_risk"}),
    # "ikke kan bruge de almindelige tilbud" is no high degree
    ("personalet vurderer, at han ikke kan bruge de almindelige tilbud, selv med en tovholder", {"support_ability": "low"}),
    # the negation before "selv kan …" in a subordinate clause, overlapping the positive reading
    ("Det vurderes, at han ikke selv kan benytte de almindelige tilbud.", {"support_ability": "low"}),
    ("vi mener at hun ikke selv kan bruge andre tilbud", {"support_ability": "low"}),
    ("hun kan sagtens selv bruge de almindelige tilbud", {"support_ability": "high"}),
    # a young person whose note denies the problems and names no risk factor has no complex needs
    (
        "hun er 21, intet misbrug og ingen psykiske problemer",
        {"age": 21, "substance": False, "psychiatric": False, "complex_needs": False},
    ),
    ("Hun er 21, intet misbrug, ingen psykiske problemer, var anbragt som barn",
     {"age": 21, "substance": False, "psychiatric": False}),
    ("han mangler bare en lejlighed", {"complex_needs": False}),
    # a short course negated a few words back is a long need
    ("han vil have brug for bostøtte i lang tid - vi forventer ikke, at han kan klare sig selv efter et kortere forløb",
     {"support_need": "long"}),
    # the method asked about is no fact of the case
    ("skal hun i samarbejdsmodellen alene eller med CTI?", {}),
    # using other support oneself, said with an infinitive: a high degree
    ("han er ret god til selv at bruge egen læge og jobcentret", {"support_ability": "high"}),
    ("she is good at using the GP and the job centre", {"support_ability": "high"}),
    ("han har behov for intensiv støtte i overgangen, ikke et langt forløb", {"support_need": "short"}),
    ("vi ser ikke at hun kan klare sig uden støtte om 9 mdr eller et år", {"support_need": "long"}),
    ("we don't think he will manage on his own after nine months", {"support_need": "long"}),
    # an age after a named person ("til Bent på 52"); a caseload "på 12" is no age
    ("kan vi bruge samarbejdsmodellen til Bent på 52?", {"age": 52, "method": "SAMARBEJDSMODELLEN"}),
    # a legal reference is a name: "§85 sager" is not 85 people, "§ 110" no age
    ("må hun have et par §85 sager ved siden af sine CTI-borgere?", {"method": "CTI"}),
    # a long need negated ("forventer ikke … i længere tid") is none; help "i selve overgangen" is short
    ("hun har brug for en fast person i selve overgangen til at bo selv. Vi forventer ikke hun skal have støtte i "
     "længere tid efter det.", {"support_need": "short"}),
    ("vi forventer ikke at han får brug for længerevarende støtte", {}),
    ("vi kan ikke se nogen slutdato", {"support_need": "long"}),
    # the people listed one per line under a line that announces them are the caseload
    ("Hun kører CTI og har pt disse forløb:\n- JH (flyttet ind i marts)\n- KL\n- PB\n- SN (ny)\nEr det for mange?",
     {"method": "CTI", "caseload": 4}),
    ("Om den unge:\n- sover hos venner\n- angst\n- ingen uddannelse", {"young": True, "stay": "sofa"}),
    # a name and an age opening a sentence; "de unge i projektet" and "en voksen datter" are others
    ("Hanne er 47 og har været hjemløs i et år. Kan hun komme med ligesom de unge i projektet? Hun har en voksen datter.",
     {"age": 47, "housing_situation": "homeless"}),
    ("Konkret: Jonas 23, har boet i egen lejlighed i halvandet år", {"age": 23, "months_in_cti": 18.0}),
    # English: "very poorly able to use" is a low degree; "manage fully with ordinary services" a high one
    ("She is very poorly able to use ordinary services on her own", {"support_ability": "low"}),
    ("after that he is expected to manage fully with ordinary services", {"support_ability": "high"}),
    # owing rent while living there is a home at risk
    ("Freja bor stadig i sin lejlighed men har restance", {"housing_situation": "at_risk"}),
    # the guide's reasons to end the model: problems less complex, contacts handled alone
    ("hans problemer er blevet meget mindre komplekse", {"coordination_need": False}),
    ("hun klarer nu selv kontakten til jobcenter og læge", {"coordination_need": False}),
    # a method named to compare is not the person's method
    ("visiteret til ICM. skal den også vente på en bolig ligesom CTI?", {"method": "ICM"}),
    # a method said not to be the one is not the method
    ("Mikkel (bostøtte, CTI, ungeindsatsen) har i alt ti unge tilknyttet. ingen af dem er ICM.",
     {"young": True, "method": "CTI", "caseload": 10}),
    # a time word between "skrev" and "under"
    ("Ahmed (22) skrev i går under på lejekontrakten til en ungdomsbolig", {"age": 22, "housing_allocated": True}),
    # an age decides over "voksne" said of other people
    ("Vi har en 21-årig, som har næsten ingen voksne omkring sig", {"age": 21}),
    # an English age in "she's 24"; "no housing problem" is no missing housing; English risk factors
    (
        "She's 24 and still lives with her mum, so no housing problem right now, but she was placed outside "
        "the home as a child, has psychiatric difficulties and keeps dropping out of education.",
        {"age": 24, "housing_situation": "at_risk"},
    ),
    ("He is 19 and has no flat yet.", {"age": 19, "housing_allocated": False}),
]


@pytest.mark.parametrize("text,expected", KINDS, ids=[k[0][:40] for k in KINDS])
def test_kinds_of_phrasing_are_read_exactly(text, expected):
    assert extract_profile(text).known() == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        # the guide's definition (003 p. 7): several of its risk factors make a young person at risk
        "pige 19 bor i egen ungdomsbolig. tidl anbragt, droppet ud af gym og har psykiske vanskeligheder.",
        "En 20-årig bor hjemme hos sin mor, har været anbragt i plejefamilie, har et hashmisbrug og ingen uddannelse.",
        "A 22-year-old who left foster care, has no job and a weak network, lives with his aunt.",
    ],
)
def test_a_young_person_with_several_of_the_guides_risk_factors_is_at_risk(text):
    assert extract_profile(text).housing_situation == "at_risk"


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,situation",
    [
        ("Mand på 45 bor i egen lejlighed, har misbrug og psykisk sygdom.", "housed"),  # not young
        ("pige 19 bor i egen ungdomsbolig og har psykiske vanskeligheder.", "housed"),  # one factor only
        ("Ung på 20 sover på gaden, har misbrug og ingen uddannelse.", "homeless"),  # homeless stays homeless
    ],
)
def test_the_risk_factors_decide_only_for_a_young_person_with_several_who_is_not_homeless(text, situation):
    assert extract_profile(text).derived().housing_situation == situation


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,allocated",
    [
        # the municipality as the subject, the keys handed over, the allocation letter
        ("Kommunen har via boliganvisningen tildelt ham en bolig, han flytter ind den 1.", True),
        ("Hun fik udleveret nøglen til sin nye lejlighed i dag, men flytter først ind på lørdag.", True),
        ("He got the keys yesterday and moves in next week.", True),
        ("Tildelingsbrevet kom i mandags.", True),
        # only on a waiting list, no offer yet
        ("Han er kun skrevet op på den almindelige venteliste, intet tilbud endnu.", False),
        ("She is on the housing waiting list, no offer yet.", False),
    ],
)
def test_housing_allocated_in_the_ways_a_note_says_it(text, allocated):
    assert extract_profile(text).housing_allocated is allocated


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Ung kvinde, 19 år. Hendes mor (53) har sagt hun ikke kan komme hjem.",
        "Pige på 19, hendes storebror på 27 bor i Aarhus.",
        "She is 19 years old; her sister, 31, lets her stay some nights.",
    ],
)
def test_an_age_said_of_a_relative_is_not_the_persons(text):
    p = extract_profile(text)
    assert (p.age, p.conflicts) == (19, ())


@pytest.mark.unit
def test_can_easily_use_the_local_services_is_a_high_ability():
    p = extract_profile("Han kan sagtens bruge de lokale tilbud bagefter.")
    assert p.support_ability == "high"
    later = extract_profile("Han vil efter et trekvart år kunne klare sig helt med de almindelige tilbud.")
    assert later.support_ability == "high"


@pytest.mark.unit
def test_a_word_cut_at_the_edge_of_the_look_back_is_no_negation():
    # "boligan-visningen" ends in "ingen": the look-back window must not start inside the word
    text = "Kommunen har via boliganvisningen tildelt ham en bolig (tildelingsbrevet kom i mandags)."
    p = extract_profile(text)
    assert (p.housing_allocated, p.conflicts) == (True, ())


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,method,role",
    [
        ("Jeg har syv borgere i CTI. Kollegaen i ICM har 6, men mit spørgsmål gælder CTI.", "CTI", "CTI"),
        ("We run CTI and ACT here; my question is about ACT: one worker has 9 clients.", "ACT", None),
    ],
)
def test_the_method_a_note_says_it_is_about_decides(text, method, role):
    p = extract_profile(text)
    assert p.method == method
    if role is not None:
        assert p.caseload_role == role


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Han er vurderet til CTI, men der er ingen bolig i sigte.",
        "Han er ikke indstillet til nogen bolig endnu.",
        "A flat might be available next spring, but nothing is allocated.",
    ],
)
def test_no_housing_in_sight_is_not_allocated(text):
    assert extract_profile(text).housing_allocated is False


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,stay",
    [
        ("Han flytter fra herberget i næste måned.", "shelter"),
        ("She is moving out of the shelter next week.", "shelter"),
    ],
)
def test_where_a_person_moves_from_is_where_they_are_until_the_move(text, stay):
    assert extract_profile(text).stay == stay


@pytest.mark.unit
def test_where_a_person_moved_from_is_not_where_they_are():
    assert extract_profile("Han flyttede fra herberget sidste år og bor nu i egen lejlighed.").stay != "shelter"

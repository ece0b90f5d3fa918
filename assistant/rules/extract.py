"""Deterministic slot extractor: free Danish or English text -> ``CaseProfile``.

Regular expressions and small lexicons only; no model, no guessing. A slot that the text
states in two different ways ends up ``None`` and is listed in ``CaseProfile.conflicts``.
Negation ("har ikke fundet en bolig endnu", "intet misbrug") turns a yes into a no.

    >>> p = extract_profile("En hjemløs ung på 22 har brug for langvarig støtte")
    >>> (p.age, p.young, p.housing_situation, p.support_need)
    (22, True, 'homeless', 'long')
    >>> extract_profile("i nogen grad", expecting="support_ability").support_ability
    'some'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.rules.numbers import NUM, NUM_HALF, parse_number
from assistant.rules.persons import about_the_subject
from assistant.rules.profile import (
    BOOL_SLOTS,
    FLOAT_SLOTS,
    INT_SLOTS,
    SLOT_NAMES,
    STAY_IMPLIES_HOMELESS,
    YOUNG_MAX_AGE,
    CaseProfile,
    CaseProfileError,
)
from assistant.rules.quantities import (
    additions,
    caseload_count,
    is_team_total,
    listed_count,
    months_since_move,
    team_size,
    without_legal_references,
)
from assistant.text import nfc

_NEGATORS = re.compile(
    r"\b(?:ikke|ikk|ik|ike|aldrig|intet|ingen|uden|not|never|no|without|hasn't|haven't|isn't|doesn't|don't|won't|can't|cannot"
    r"|wouldn't|didn't)\b"
)
_BEFORE = re.compile(
    r"\b(?:før|inden|before|until)\b"
    # "vente med bostøtten, til han har fået lejlighed": a home still to come
    r"|\b(?:indtil|til)\s+(?:han|hun|den\s+unge|borgeren|de|vi)\s+(?:\w+\s+)?$"
)
_CONDITIONAL = re.compile(r"\b(?:når|hvis|if|when|once|så snart)\b")


@dataclass(frozen=True)
class _Pattern:
    slot: str
    value: Any
    regex: re.Pattern[str]
    # negatable: a negator shortly before the match flips a bool / drops the value.
    negatable: bool = False
    priority: int = 1


def _p(slot: str, value: Any, pattern: str, negatable: bool = False, priority: int = 1) -> _Pattern:
    return _Pattern(slot, value, re.compile(pattern), negatable, priority)


_ABILITY_WORDS = (
    r"(?:bruge|benytte|anvende|gøre brug|use|using|navigate|navigere|tilbud|støttemulighed"
    r"|system|services|support)"
)

_PATTERNS: tuple[_Pattern, ...] = (
    # --- housing situation -------------------------------------------------------------
    _p("housing_situation", "at_risk", r"i risiko for (?:at (?:blive|ende i) )?hjemløs\w*"),
    _p(
        "housing_situation",
        "at_risk",
        r"risikerer at (?:blive hjemløs|miste \w*\s?(?:bolig|lejlighed)\w*|blive sat ud)",
    ),
    _p(
        "housing_situation",
        "at_risk",
        r"(?:truet af|står til) (?:udsættelse|at blive sat ud)|udsættelsestruet"
        # "hun er ved at blive sat ud pga husleje (3 mdr restance)", "about to be evicted"
        r"|\bved at blive (?:sat|smidt) ud\b|\b\d+\s*(?:mdr\.?|måneders)\s+restance\b|\babout to be evicted\b",
    ),
    _p(
        "housing_situation",
        "at_risk",
        r"(?:ved|i risiko for|risikerer) at miste (?:sin |sit |hans |hendes |deres |den |boligen|lejligheden)?"
        r"(?:bolig|lejlighed|værelse)?\w*",
    ),
    _p(
        "housing_situation",
        "at_risk",
        r"at risk of (?:homelessness|becoming homeless|eviction|losing)|facing eviction",
    ),
    # thrown out of the home they live in: "mor har truet med at smide hende ud", "threatened to kick him out"
    _p(
        "housing_situation",
        "at_risk",
        r"\b(?:truet\s+med\s+at|truer\s+med\s+at|vil|overvejer\s+at)\s+smide\s+(?:hende|ham|den\s+unge|dem)\s+ud\b"
        r"|\bthreaten(?:ed|s|ing)?\s+to\s+(?:kick|throw)\s+(?:her|him|them)\s+out\b",
        priority=2,
    ),
    _p(
        "housing_situation",
        "homeless",
        r"hjemløs(?!e(?:strategi|område|tælling|sekretariat|indsats|politik|enhed|fællesskab)\w*)\w*"
        r"|homeless(?!ness\s+(?:strategy|count|services))\w*|uden (?:fast )?(?:bolig|bopæl|tag over hovedet)",
        negatable=True,  # "hun er IKKE hjemløs"
    ),
    _p(
        "housing_situation",
        "at_risk",
        r"\b(?:husleje|leje)restance\w*|\brestance\w* (?:på|i) (?:huslejen|lejen)"
        # "bor stadig i sin lejlighed men har restance": owing rent is a home at risk
        r"|\b(?:har|fået|med|i)\s+(?:\w+\s+)?restance\w*"
        r"|rent arrears|behind (?:on|with) (?:the |her |his )?rent"
        r"|bagud med (?:huslejen|lejen)|fået (?:et )?påkrav|risiko for (?:udsættelse|at blive (?:sat|smidt) ud)|risk of eviction"
        # "i risiko for at blive smidt ud (hjemmefra)", "risikerer at blive smidt ud", "at risk of being kicked out"
        r"|risikerer\s+at\s+blive\s+(?:sat|smidt)\s+ud|at\s+risk\s+of\s+being\s+(?:kicked|thrown|put)\s+out"
        # "skylder tre måneders husleje og har fået et varsel om ophævelse"
        r"|\bskylder\s+(?:\w+\s+){0,3}?husleje\w*|varsel om (?:ophævelse|udsættelse)|ophævelse af (?:lejemålet|lejekontrakten)"
        r"|eviction notice|notice to quit|owes? (?:\w+\s+){0,3}?rent",
        priority=2,  # "har egen lejlighed men er bagud med huslejen": the home is at risk
    ),
    _p("housing_situation", "homeless", r"no fixed (?:abode|address)"),
    _p(
        "housing_situation",
        "housed",
        # "bor i egen ungdomsbolig", "bor i sin kollegielejlighed": a compound is a home too
        r"bor i (?:sin |sit |egen |eget )(?:egen |eget )?(?:\w*bolig|\w*lejlighed|hjem|\w*værelse|1-vær\w*|\d-værelses\w*)\b",
    ),
    _p("housing_situation", "housed", r"har (?:sin |sit |en )?(?:egen|eget) (?:bolig|lejlighed|hjem)\b"),
    _p("housing_situation", "housed", r"\bhoused\b|lives in (?:his|her|their) own (?:home|flat|apartment)"),
    # living at home with the parents for good ("bor fast hjemme hos sine forældre"), or a flat with a
    # lease ("has her own flat with a proper lease"); a stay "midlertidigt" or "uden kontrakt" is not
    _p(
        "housing_situation",
        "housed",
        r"\bbor\s+(?:fast\s+)?(?:hjemme\s+)?hos\s+(?:sine|sin|hans|hendes)\s+(?:forældre|mor|far)\b(?!\s+midlertidigt)"
        r"|\bbor\s+(?:fast\s+)?hjemme\b(?!\s+midlertidigt)|\blives\s+(?:at\s+home\s+)?with\s+(?:his|her|their)\s+parents\b"
        r"|\bhas\s+(?:his|her|their)\s+own\s+(?:flat|apartment|home|place)\b"
        # renting with a contract: "He rents a room with a proper contract", "lejer et værelse med kontrakt"
        r"|\brents?\s+(?:a|an|his|her|their)\s+(?:own\s+|small\s+)?(?:room|flat|apartment|place|studio)\b(?!\s+(?:without|with\s+no)\b)"
        r"|\blejer\s+(?:et|en|sit|sin)\s+(?:eget\s+|egen\s+)?(?:værelse|lejlighed|bolig)\s+med\s+(?:\w+\s+)?kontrakt",
    ),
    # --- where the person stays ------------------------------------------------------------
    _p(
        "stay",
        "street",
        r"(?:sover|sovet|sove|lever|levet|bor|boet|er|været)\b(?:\s+\w+){0,3}\s+på gaden|gadesover\w*"
        r"|(?:sover|sovet|sove|overnatter|overnattet)\s+(?:\w+\s+){0,2}?ude\b|sleep(?:s|ing)? rough"
        r"|on the streets?\b",
    ),
    _p(
        "stay",
        "shelter",
        r"herberg\w*|forsorgshjem\w*|§\s*110|110-boform\w*|\bboform\w*|natvarmestue|shelter\w*|hostel",
    ),
    _p(
        "stay",
        "sofa",
        r"sofasurf\w*|sofasover\w*|(?:sover|sovet|sove|overnatter|overnattet)\s+(?:\w+\s+){0,2}?på "
        r"(?:en |andres |venners |vennernes )?sofa\w*"
        r"|(?:sover|sovet|sove|overnatter|overnattet|bor|boet)\s+(?:\w+\s+){0,2}?hos (?:skiftende |forskellige )?"
        r"(?:venner|veninder|familie|bekendte|kammerater|kæreste\w*)"
        # with a relative other than the parents: "bor hos sin fætter", "sover hos hans moster"
        r"|(?:sover|sovet|sove|overnatter|overnattet|bor|boet)\s+(?:\w+\s+){0,2}?hos (?:sin |sit |hans |hendes )?"
        r"(?:fætter|kusine|onkel|moster|faster|morbror|farbror|bror|søster|storebror|storesøster|ven|veninde|kammerat)\b"
        r"|\buden (?:leje)?kontrakt\b|\bwithout a (?:lease|contract|tenancy)\b"
        r"|bor (?:midlertidigt )?hos (?:venner|bekendte|kammerater)|couch[- ]?surf\w*|sofa[- ]surf\w*"
        r"|(?:sleep\w*|slept|stay\w*|crash\w*|living|lives)\s+(?:\w+\s+){0,2}?(?:on|at|with)\s+(?:\w+'?s?\s+)?"
        r"(?:couch\w*|sofa\w*|friends?'?s?|family|relatives)",
    ),
    _p(
        "stay",
        "institution",
        r"døgninstitution|\binstitution\w*|indlagt|psykiatrisk afdeling|opholdssted|in hospital",
    ),
    _p(
        "stay",
        "prison",
        r"(?<!fra )(?<!ud af )(?<!from )(?:fængsel\w*|fængsl\w*)|afsoner|løslades|arresthus|\bin prison\b|\bjail\b",
    ),
    _p(
        "stay",
        "own_home",
        r"bor i (?:sin |sit |egen |eget )(?:egen |eget )?(?:\w*bolig|\w*lejlighed|hjem)\b|lives in (?:his|her"
        r"|their) own",
    ),
    _p("stay", "own_home", r"er flyttet (?:ind )?i (?:sin |sit )?(?:egen|eget) (?:bolig|lejlighed|hjem)\b"),
    # --- housing allocated (negative forms first; positive forms inside them are dropped) ----
    _p(
        "housing_allocated",
        False,
        r"(?:ikke|endnu ikke|aldrig)\s+(?:\w+\s+){0,2}?(?:fundet|fået|tildelt|anvist|tilbudt|skaffet)\s+"
        r"(?:\w+\s+)?(?:en |et |nogen |sin )?(?:\w*bolig|lejlighed|værelse)\w*",
    ),
    _p(
        "housing_allocated",
        False,
        r"ingen (?:bolig|lejlighed) (?:endnu|til)|venter (?:stadig )?på (?:en |at få en )?(?:bolig"
        r"|lejlighed)",
    ),
    _p(
        "housing_allocated",
        False,
        r"(?:før|inden) (?:der er |han har |hun har |den unge har |borgeren har )?(?:fundet|fået|tildelt"
        r"|skaffet) (?:en )?(?:bolig|lejlighed)",
    ),
    _p(
        "housing_allocated",
        False,
        r"(?:no|not yet|before) (?:housing|a flat|an apartment|a home)(?! (?:problem|issue|need|support)s?\b)"
        r"(?: has been| is| was)? ?(?:found|allocated)?\b",
    ),
    _p(
        "housing_allocated",
        False,
        r"has(?:n't| not)(?: yet)? been (?:allocated|offered|given)|no (?:flat|housing|home|apartment) yet"
        r"|^\W*no (?:flat|apartment|housing)\b|[.;,]\s*no (?:flat|apartment|housing)\b(?!\s+(?:problems?|issues?|support))"
        r"|\bnot (?:yet )?on any (?:housing )?waiting list\b",
    ),
    _p(
        "housing_allocated",
        True,
        r"(?:fået|blevet) (?:tilbudt|tildelt|anvist|visiteret til) (?:en |et |sin |egen |eget )?\w*(?:bolig"
        r"|lejlighed|værelse|hjem)\w*",
        negatable=True,
    ),
    _p(
        "housing_allocated",
        True,
        r"(?:skrevet under på|underskrevet|skrevet under) (?:en |sin |lejekontrakt\w*)\w*",
        negatable=True,
    ),
    # "skrev under på lejekontrakten i går"; "har ikke fået tilbudt eller skrevet under på noget endnu";
    # "vi har ikke fundet noget sted, han kan bo"
    _p(
        "housing_allocated",
        True,
        # a time word may come between: "skrev i går under på lejekontrakten"
        r"(?:skrev|skriver|har skrevet)\s+(?:i\s+går\s+|i\s+dag\s+|lige\s+|nu\s+|endelig\s+)?under på (?:\w+\s+)?"
        r"(?:lejekontrakt\w*|kontrakt\w*|lejlighed\w*|bolig\w*)"
        r"|(?:fået tilbudt|skrevet under på) (?:\w+ )?(?:eller (?:fået tilbudt|skrevet under på) )?noget"
        r"|fundet (?:noget|et) sted,? (?:han|hun|den unge|borgeren|de) kan bo",
        negatable=True,
    ),
    _p(
        "housing_allocated",
        True,
        r"lejekontrakt\w*(?:\s+[\wæøå.'’-]+){0,6}?\s+(?:er |blev |bliver )?(?:underskrevet|skrevet under)"
        r"|\bthe lease (?:was |has been |is )?signed|tilsagn om (?:en |et )?\w*bolig\w*",
        negatable=True,
    ),
    _p(
        "housing_allocated",
        False,
        r"(?:står|er|stadig)\s+(?:\w+\s+)?på (?:boligens |en )?venteliste|on the waiting list|waiting for a (?:flat|home)",
    ),
    _p(
        "housing_allocated",
        True,
        r"har fået (?:en |sin |egen |et )?(?:bolig|lejlighed|værelse|nøgle)\w*",
        negatable=True,
    ),
    _p("housing_allocated", True, r"(?:der er|er blevet) fundet (?:en )?(?:bolig|lejlighed)", negatable=True),
    _p(
        "housing_allocated",
        True,
        r"(?:has been|was|been) (?:allocated|offered|assigned|given) (?:a |an |her |his |their )?(?:flat"
        r"|apartment|home|housing|room)",
        negatable=True,
    ),
    _p("housing_allocated", True, r"signed (?:the|a) (?:lease|tenancy)", negatable=True),
    # the municipality as subject: "kommunen har tildelt ham en bolig", "boligselskabet anviste hende en lejlighed";
    # the keys handed over: "fik udleveret nøglen til sin nye lejlighed", "got the keys"
    _p(
        "housing_allocated",
        True,
        r"(?:har|havde|har nu)\s+(?:\w+\s+){0,3}?(?:tildelt|anvist|tilbudt|skaffet)\s+(?:ham|hende|borgeren|den unge|dem)\s+"
        r"(?:en |et |sin |egen |eget )?\w*(?:bolig|lejlighed|værelse)\w*"
        r"|\b(?:anviste|tildelte)\s+(?:ham|hende|borgeren|den unge)\s+(?:en |et )?\w*(?:bolig|lejlighed|værelse)\w*"
        r"|\bfik\s+(?:udleveret\s+)?(?:nøgle\w*|en\s+\w*bolig|en\s+\w*lejlighed)"
        r"|\b(?:got|received|was handed|has got|has been given)\s+(?:the\s+)?keys?\b|\btildelingsbrev\w*",
        negatable=True,
    ),
    # "kun skrevet op på venteliste", "intet tilbud endnu", "no offer yet", "ingen bolig i sigte",
    # "ikke indstillet til nogen bolig", "nothing is allocated"
    _p(
        "housing_allocated",
        False,
        r"\bingen\s+(?:bolig|lejlighed)\w*\s+i\s+sigte|\bikke\s+(?:\w+\s+)?indstillet\s+til\s+(?:en\s+|nogen\s+)?\w*bolig"
        r"|\bnothing\s+(?:is\s+|has\s+been\s+)?(?:allocated|offered)|\bnot\s+(?:yet\s+)?been\s+(?:allocated|offered)"
        r"|\bno\s+(?:flat|housing|home)\s+(?:is\s+|has\s+been\s+)?(?:allocated|offered)"
        # "the housing office hasn't found him anything yet"
        r"|\b(?:hasn't|has\s+not|haven't|have\s+not)\s+(?:yet\s+)?found\s+(?:him|her|them)\s+anything",
        priority=2,
    ),
    _p(
        "housing_allocated",
        False,
        r"skrevet\s+op\s+(?:\w+\s+){0,4}?(?:på\s+)?(?:\w+\s+)?venteliste\w*|\bintet\s+(?:boligtilbud|tilbud)\s+(?:om\s+\w+\s+)?endnu"
        r"|\bno\s+(?:housing\s+)?offer\s+yet\b|\bon\s+(?:a|the)\s+(?:housing\s+)?waiting\s+list\b",
        priority=2,
    ),
    # --- ability to use other support -------------------------------------------------------
    # a negated negation: "det er (altså) ikke fordi han ikke kan bruge de almindelige tilbud", "der er
    # ikke tale om at han ikke kan bruge systemet"
    _p(
        "support_ability",
        "high",
        r"\bikke\s+(?:fordi|tale\s+om\s+at|sådan\s+at|så\s+meget\s+det\s+at)\s+(?:\w+\s+){1,2}?ikke\s+(?:selv\s+)?kan"
        r"\s+(?:selv\s+)?(?:bruge|benytte|anvende)"
        r"|\bnot\s+(?:that|because)\s+(?:he|she|they)\s+(?:can't|cannot|can\s+not)\s+use\b",
        priority=3,
    ),
    # "kan sagtens bruge de lokale tilbud", "vil kunne klare sig helt med de almindelige tilbud"
    _p(
        "support_ability",
        "high",
        r"(?<!ikke )(?<!aldrig )(?<!not )(?:kan|vil kunne|kunne)\s+(?:sagtens\s+|godt\s+|fint\s+|selv\s+)?"
        r"(?:bruge|benytte|klare\s+sig\s+(?:helt\s+|selv\s+)?med)\s+"
        r"(?:\w+\s+){0,2}?(?:lokale|almindelige|øvrige|andre|eksisterende)\s+(?:\w+\s+)?(?:tilbud|støttetilbud|system\w*)",
        negatable=True,  # "at han ikke selv kan benytte de almindelige tilbud"
        priority=1,
    ),
    _p(
        "support_ability",
        "low",
        r"har (?:meget )?(?:svært|vanskeligt) ved at (?:bruge|benytte|anvende|gøre brug af|navigere)",
        priority=2,
    ),
    _p(
        "support_ability",
        "low",
        # "kan ikke bruge", and in a subordinate clause "at han ikke kan bruge de almindelige tilbud"
        r"kan ikke (?:selv )?(?:bruge|benytte|anvende)|\b(?:ikke|aldrig) (?:selv )?kan (?:selv )?(?:bruge|benytte|anvende)",
        priority=2,
    ),
    _p(
        "support_ability",
        "low",
        r"(?:struggles|unable|cannot|can't|finds it hard) to use"
        # "he basically cannot use any of the ordinary services on his own"
        r"|\b(?:cannot|can't|can\s+not|is\s+not\s+able\s+to|isn't\s+able\s+to)\s+(?:really\s+|actually\s+)?use\b",
        priority=2,
    ),
    _p(
        "support_ability",
        "low",
        r"can (?:hardly|barely|scarcely) use|(?:very\s+)?(?:poorly|hardly|barely|scarcely)\s+able\s+to\s+use"
        r"|(?:very\s+)?limited\s+ability\s+to\s+use",
        priority=2,
    ),
    # "expected to manage fully with ordinary services", "klarer sig med de almindelige tilbud"
    _p(
        "support_ability",
        "high",
        r"\b(?:manage|cope|get\s+by)\s+(?:fully\s+|well\s+|fine\s+)?(?:with|using)\s+(?:the\s+)?"
        r"(?:ordinary|mainstream|regular|existing|other)\s+(?:services|support|system)"
        r"|\bklare\s+sig\s+(?:fuldt\s+ud\s+|fint\s+|godt\s+)?med\s+(?:de\s+)?(?:almindelige|øvrige|eksisterende)\s+tilbud",
        negatable=True,
    ),
    _p("support_ability", "low", r"kan (?:næsten ikke|knap nok|knap|dårligt) (?:selv )?(?:bruge|benytte|anvende)", priority=2),
    _p(
        "support_ability",
        "low",
        r"kan (?:stort set|næsten|overhovedet|slet|reelt) ikke (?:selv )?(?:bruge|benytte|anvende|gøre brug af)"
        r"|(?:næsten|stort set|overhovedet|slet) ikke (?:selv )?kan (?:bruge|benytte|anvende)"
        # finding one's way in the system: "kan slet ikke navigere i systemet på egen hånd", "can't
        # navigate the system", "har svært ved at finde rundt i kommunen"
        r"|\b(?:kan|formår)\s+(?:stort set |næsten |overhovedet |slet |reelt |altså )?ikke\s+(?:selv\s+)?"
        r"(?:navigere|finde\s+rundt|overskue|håndtere)\s+(?:i\s+)?(?:\w+\s+)?(?:system\w*|kommune\w*|tilbud\w*|aftaler)"
        r"|\b(?:cannot|can't|can\s+not|unable\s+to|not\s+able\s+to)\s+(?:really\s+)?navigate\b"
        # idioms of someone the ordinary system loses: "falder ned mellem alle stole", "udebliver fra
        # alle aftaler", "falls through the cracks", "misses every appointment"
        r"|\bfald\w*\s+(?:ned\s+)?mellem\s+(?:alle\s+|to\s+)?stole\w*|\budebliv\w*\s+(?:fra\s+)?(?:alt|alle|hver|stort\s+set)"
        r"|\bfall\w*\s+through\s+(?:the|all\s+the)\s+cracks|\bmiss\w*\s+(?:every|all\s+(?:of\s+)?(?:his|her|their)?)\s*appointments?",
        priority=2,
    ),
    _p(
        "support_ability",
        "high",
        r"kan (?:sagtens |godt |fint )?(?:selv )?(?:bruge|benytte|anvende|gøre brug af) (?:andre|øvrige"
        r"|det almindelige|de almindelige|eksisterende|almindelige)",
        negatable=True,  # "personalet vurderer, at han ikke kan bruge de almindelige tilbud"
    ),
    _p(
        "support_ability",
        "high",
        r"(?:is |are )?(?:able to|can) (?:easily )?use (?:other|existing|mainstream|ordinary)",
        negatable=True,
    ),
    _p("support_ability", "high", r"i stand til at (?:bruge|benytte)", negatable=True),
    # Using the ordinary offers when someone helps or reminds ("kommer i misbrugscentret, når nogen
    # hjælper med at koordinere", "kan bruge lægen med lidt hjælp"): to some degree.
    _p(
        "support_ability",
        "some",
        r"\b(?:kommer|går|møder\s+op|bruger|benytter|passer|kan\s+(?:godt\s+|sagtens\s+)?(?:bruge|benytte|komme|gå))\b"
        # (an abbreviation's full stop, "distriktspsyk. og misbrugscentret", ends no sentence)
        r"(?:[^.;!?]|\.(?=\s+[a-zæøå])){0,90}?\b(?:når|hvis)\s+(?:der\s+er\s+)?(?:nogen|man|vi|en\s+\w+|bostøtten|hun|han)\s+(?:der\s+|som\s+)?"
        r"(?:hjælper|minder|følger|koordinerer|tager\s+(?:ham|hende)\s+med|går\s+med)\b"
        r"|\bmed\s+(?:lidt|noget|en\s+smule|en\s+del)\s+(?:hjælp|støtte|påmindelse\w*)\b"
        # "kan godt bruge tilbuddene, når han får lidt hjælp", "when he gets some help"
        r"|\b(?:når|hvis)\s+(?:han|hun|de|borgeren|den\s+unge)\s+får\s+(?:lidt\s+|noget\s+|en\s+smule\s+)?(?:hjælp|støtte|påmindelse\w*)\b"
        r"|\b(?:when|if)\s+(?:he|she|they)\s+(?:gets?|has|have)\s+(?:a\s+little\s+|some\s+)?(?:help|support|reminders?)\b"
        # "kan godt bruge nogle af de almindelige tilbud", "can use some of the ordinary services"
        r"|\b(?:kan|bruger|benytter)\s+(?:godt\s+|sagtens\s+)?(?:bruge\s+|benytte\s+)?(?:nogle|enkelte|en\s+del)\s+af\s+(?:de\s+)?"
        r"(?:almindelige|øvrige|andre|kommunale|lokale)\b"
        r"|\b(?:can|does)\s+use\s+some\s+(?:of\s+the\s+)?(?:ordinary|regular|mainstream|other)\b"
        # going along with staff: "kan godt gå til lægen og til misbrugscentret sammen med os"
        r"|\b(?:kan\s+(?:godt\s+|sagtens\s+)?)?(?:gå|går|komme|kommer|bruge|bruger|benytte)\b[^.;!?]{0,60}?\bsammen\s+med\s+"
        r"(?:os|mig|en\s+(?:med)?arbejder|en\s+\w+medarbejder|bostøtte\w*|personalet|kontaktpersonen)\b"
        r"|\b(?:goes|go|can\s+go|gets)\b[^.;!?]{0,60}?\b(?:with\s+(?:us|staff|a\s+worker|someone)|accompanied)\b"
        r"|\b(?:with\s+(?:a\s+little|some)\s+help|(?:when|if)\s+someone\s+(?:helps|reminds|coordinates|goes))\b"
        # the manuals' own measure in English: "he can use the jobcentre to some degree"
        r"|\bto\s+(?:some|a\s+certain|a\s+limited)\s+(?:degree|extent)\b",
        priority=2,
    ),
    # Using the ordinary system without help, said as what the person does ("går selv til lægen",
    # "uden at nogen skal minde ham om det", "uses the GP on his own"): a high degree.
    _p(
        "support_ability",
        "high",
        r"\b(?:går|kommer|møder op|passer|klarer|bruger|benytter|kontakter|opsøger|håndterer|ringer)\s+selv\b"
        r"|\bselv\s+(?:at\s+)?(?:går|gå|kommer|komme|passer|passe|klarer|klare|bruger|bruge|benytter|benytte"
        r"|kontakter|kontakte|opsøger|opsøge|håndterer|håndtere|ringer|ringe)\b"
        # "han er ret god til selv at bruge egen læge", "good at using the GP"
        r"|\b(?:god|dygtig|fin|flink)\s+til\s+(?:selv\s+)?(?:at\s+)?(?:bruge|benytte|passe|klare|kontakte|opsøge|komme)\b"
        r"|\bgood\s+at\s+(?:using|going|keeping|contacting|getting)\b"
        r"|på egen hånd|uden at nogen (?:skal |behøver (?:at )?)?minde|selvhjulpen|ressourcestærk"
        # "klarer sig ellers fint med de almindelige tilbud" ("klarer sig ikke særlig godt" is no high degree)
        r"|klarer sig (?:(?!ikke\b|aldrig\b|dårligt\b|knap\b|næppe\b)\w+\s+){0,2}?(?:fint|godt|selv)\b"
        r"|\bon (?:his|her|their) own\b(?!\s+(?:after|in|within|by|once)\b)"
        r"|\bby (?:him|her)self\b|\bindependently\b|manages (?:fine|well)"
        # "det klarer han fint selv bagefter"
        r"|\bklarer\s+(?:han|hun|de|det)\s+(?:\w+\s+){0,2}?selv\b"
        # the ordinary system takes over after the support: "then the normal offers can take over",
        # "så kan de almindelige tilbud tage over"
        r"|\b(?:normal|ordinary|regular|mainstream|usual)\s+(?:offers?|services?|system)\s+(?:can|will)\s+take\s+over\b"
        r"|\b(?:almindelige|ordinære|øvrige|normale)\s+(?:tilbud|system)\w*\s+(?:kan|vil)\s+(?:tage\s+over|overtage)\b"
        r"|\b(?:kan|vil)\s+(?:de\s+|det\s+)?(?:almindelige|ordinære|øvrige|normale)\s+(?:tilbud|system)\w*\s+(?:tage\s+over|overtage)\b",
        negatable=True,
    ),
    _p(
        "support_ability",
        "low",
        r"(?:aldrig|slet ikke|ikke|never|not)\s+(?:har\s+|have\s+|has\s+)?(?:kunnet|kan|formået at|been able to|able to|could)\s+"
        r"(?:\w+\s+){0,2}?(?:bruge|benytte|anvende|use)\b"
        r"|møder (?:aldrig|sjældent|ikke) op|dukker (?:aldrig|sjældent|ikke) op|(?:never|rarely) shows? up"
        # "has never once managed an appointment at the job centre … on his own"
        r"|\b(?:never|not)\s+(?:once\s+|even\s+)?(?:managed|been\s+able|able)\s+(?:to\s+\w+\s+)?(?:an?\s+)?(?:appointment|meeting)",
        priority=2,
    ),
    # --- support need -------------------------------------------------------------------
    _p(
        "support_need",
        "short",
        r"(?:hjælp|støtte)\s+(?:til\s+)?(?:at\s+)?(?:komme|falde)\s+(?:godt\s+)?(?:i\s+gang|til\s+ro)\s+(?:i|med)\s+"
        r"(?:\w+\s+)?(?:bolig\w*|lejlighed\w*|hjem\w*)"
        r"|(?:de|den)\s+første\s+(?:måneder|tid|uger)\s+(?:i|efter)\s+(?:\w+\s+)?(?:bolig\w*|lejlighed\w*|indflytning\w*)"
        r"|(?:during|through|with)\s+the\s+move\b|settl(?:e|ing)\s+in|the\s+first\s+(?:few\s+)?months\s+(?:in|after)",
        negatable=True,
    ),
    _p(
        "support_need",
        "short",
        r"(?:hjælp|støtte)\s+(?:i\s+)?en\s+(?:kortere\s+|afgrænset\s+|begrænset\s+|tidsbegrænset\s+)?periode\b"
        r"(?=.{0,120}\b(?:klare\s+sig\s+selv|bagefter|derefter|efterfølgende))"
        # "kun brug for støtte i en afgrænset periode omkring flytningen"
        r"|(?:hjælp|støtte)\s+(?:i\s+)?en\s+(?:afgrænset|begrænset|tidsbegrænset)\s+periode\b"
        r"|(?:klare|klarer)\s+sig\s+selv\s+(?:bagefter|derefter|efterfølgende)|manage on (?:her|his|their) own afterwards"
        # "vi tror hun kan klare sig selv med UU og jobcentret efter en periode med støtte"
        r"|\b(?:klare|klarer)\s+sig\s+(?:selv|alene)\b[^.;!?]{0,60}?\befter\s+(?:en|et)\s+(?:\w+\s+)?(?:periode|forløb|stykke\s+tid)\b"
        r"|\bmanage\s+(?:on\s+(?:her|his|their)\s+own|alone)\b[^.;!?]{0,60}?\bafter\s+(?:a|an)\s+(?:\w+\s+)?(?:period|spell|while)\b"
        # "after a fixed support period he'll be able to manage on his own", "efter en afgrænset periode"
        r"|\b(?:after|efter)\s+(?:a|an|en|et)\s+(?:fixed|limited|set|short|time-limited|afgrænset|begrænset|tidsbegrænset|kort)\s+"
        r"(?:support\s+)?(?:period|periode|forløb|støtteperiode)",
        negatable=True,
    ),
    # managing with the ordinary system after CTI's nine months (003 p. 11): "vi forventer, at han
    # efter ca. 9 mdr. helt kan få sin støtte fra UU og jobcentret", "after nine months she can manage"
    _p(
        "support_need",
        "short",
        r"\befter\s+(?:ca\.?\s+|cirka\s+|de\s+)?(?:9|ni)\s+(?:mdr|måneder|md)\b\.?[^.;!?]{0,80}?"
        r"\b(?:klare\s+sig|få\s+(?:\w+\s+){0,2}?(?:støtte|hjælp|behov)|dækket|fra\s+(?:det\s+|de\s+)?(?:eksisterende|almindelige|øvrige))"
        r"|\bafter\s+(?:about\s+|the\s+)?(?:9|nine)\s+months\b[^.;!?]{0,80}?\b(?:manage|cope|get\s+(?:\w+\s+){0,2}?(?:support|help)|ordinary|regular|mainstream)",
        negatable=True,
    ),
    _p(
        "support_need",
        "long",
        r"(?:ingen|nogen|uden)\s+slutdato|no end date|resten af (?:livet|sit liv)",
    ),
    _p(
        "support_need",
        "long",
        r"(?:over|i)\s+(?:en\s+)?længere\s+(?:tid|periode)|længerevarende\s+(?:støtte|forløb|indsats)"
        r"|mange år (?:frem|endnu)|permanent\w*|(?:well )?beyond a year|mere end et år|for years to come|for many years"
        # "skal have hjælp i mange år", "for years"
        r"|\b(?:støtte|hjælp|bostøtte|tovholder|brug\s+for|behov)[^.;!?]{0,40}\b(?:i|over)\s+(?:mange|flere)\s+år\b"
        r"|\b(?:support|help)[^.;!?]{0,40}\bfor\s+(?:many\s+|several\s+)?years\b"
        # "flere år regner vi med", "et godt stykke tid fremover", "for several years"
        r"|\b(?:støtte|hjælp|tovholder|bostøtte|brug\s+for|behov)[^.;!?]{0,60}\bflere\s+år\b|\bflere\s+år\s+(?:frem|fremover|endnu)\b"
        r"|\bet\s+godt\s+stykke\s+tid\s+(?:frem|fremover|endnu)|\b(?:support|help)[^.;!?]{0,60}\bfor\s+several\s+years\b",
        # "vi forventer ikke, hun skal have støtte i længere tid efter det"
        negatable=True,
    ),
    # "vi ser ikke at hun kan klare sig uden støtte om 9 mdr", "won't manage on her own after nine months":
    # still needing support after CTI's nine months is a long-term need
    _p(
        "support_need",
        "long",
        r"\b(?:ikke|aldrig)\b,?(?:\s+\S+){0,4}?\s+klare\s+sig\s+(?:selv|uden\s+(?:\w+\s+)?(?:støtte|hjælp|bostøtte))"
        r"\s+(?:om|efter|på|inden|indenfor|inden\s+for)\b"
        r"|(?:\bnot\b|n't\b|\bnever\b)(?:\s+\S+){0,4}?\s+manage\s+(?:on\s+(?:her|his|their)\s+own|alone|without\s+(?:\w+\s+)?support)"
        r"\s+(?:after|in|within|by)\b",
        priority=2,
    ),
    # a short need denied: "det bliver ikke kortvarigt", "not a short-term thing", "kan ikke klares på kort tid"
    _p(
        "support_need",
        "long",
        r"\b(?:ikke|aldrig),?\s+(?!men\b)(?:\w+\s+){0,3}?(?:kortvarig\w*|et\s+kort(?:ere)?\s+forløb|noget\s+kortvarigt|klaret\s+på\s+kort\s+tid"
        r"|klares\s+på\s+kort\s+tid)"
        r"|\bnot\s+(?:\w+\s+){0,2}?(?:short[- ]term|a\s+short(?:\s+\w+)?\s+(?:thing|course|period))",
        priority=2,
    ),
    _p(
        "support_need",
        "none",
        r"(?:ikke|intet|ingen)\s+(?:\w+\s+)?(?:behov for|brug for)\s+bostøtte|uden (?:behov for )?bostøtte"
        r"|ingen bostøtte|behøver (?:ikke|ingen)\s+(?:\w+\s+)?bostøtte|skal ikke have bostøtte",
        priority=2,
    ),
    _p(
        "support_need",
        "none",
        r"(?:does not|doesn't) (?:really |actually )?need (?:any )?(?:practical |housing )?support(?! (?:now|yet|right now))"
        r"|no need for (?:housing )?support"
        r"|without housing support",
        priority=2,
    ),
    _p(
        "support_need",
        "long",
        r"langvarig\w*|længerevarende|langsigtet|long[- ]term|i lang tid|vedvarende støtte|ongoing support"
        # "det bliver et langt forløb", "a long haul" ("ikke et langt forløb" is negated)
        r"|\blang[te]?\s+(?:forløb|periode|indsats)|\ba\s+long\s+(?:haul|time|course)",
        negatable=True,
    ),
    _p(
        "support_need",
        "short",
        r"kortvarig\w*|korterevarende|tidsbegrænset|i (?:selve )?overgangen|i en overgang\w*|kritisk\w* overgang\w*"
        r"|kort(?:ere)?\s+(?:periode|tid|forløb|støtte|bostøtte|indsats|hjælp)"
        r"|short[- ]term|in (?:a|the) transition|for a (?:few|couple of) months"
        # "needs help for a short while", "i kort tid"
        r"|\bfor\s+a\s+(?:short|little|limited)\s+(?:while|time|period)\b|\bi\s+(?:en\s+)?kort\s+(?:tid|periode)\b",
        negatable=True,
    ),
    # --- complex needs ----------------------------------------------------------------------
    _p(
        "psychiatric",
        True,
        r"skizofren\w*|psykisk\w* (?:syg\w*|lidelse\w*|vanskelighed\w*|problem\w*|ting|udfordring\w*)"
        r"|psykiatrisk\w* (?:diagnose\w*|lidelse\w*|patient)"
        r"|psykose\w*|psykotisk|bipolar|depression|personlighedsforstyrrelse|\bptsd\b|sindslid\w*"
        r"|schizophreni\w*"
        r"|mental (?:illness|health (?:problems?|issues?)|disorder)|psychiatric (?:illness|diagnosis|disorder|problems?)"
        r"|psychosis|psychotic",
        negatable=True,
    ),
    _p(
        "substance",
        True,
        r"misbrug(?!sbehandl)\w*|alkohol\w*|afhængig\w*|narkoman\w*|\bhash\b|kokain|heroin"
        r"|\bdrikker\s+(?:en\s+del|meget|dagligt|hver\s+dag|for\s+meget|tæt)|drinks\s+(?:heavily|daily|a\s+lot|every\s+day)"
        r"|substance (?:abuse|use|problem)"
        r"|addict\w*|alcohol\w*|drug (?:use|abuse|problem)|\bdrugs\b",
        negatable=True,
    ),
    # "hun mangler bare et billigt sted at bo", "ingen andre problemer", "just needs a place to live"
    _p(
        "complex_needs",
        False,
        r"\b(?:mangler|har\s+brug\s+for|behøver|needs?)\s+(?:bare|kun|blot|just|only)\s+(?:en\s+|et\s+|a\s+)?(?:\w+\s+)?"
        r"(?:bolig|lejlighed|værelse|sted\s+at\s+bo|place\s+to\s+(?:live|stay)|home|flat|room)\b"
        r"|\bingen\s+(?:andre|sociale|øvrige)\s+(?:sociale\s+)?problem\w*|\bno\s+other\s+(?:social\s+)?problems\b",
        priority=2,
    ),
    _p(
        "complex_needs",
        True,
        r"kompleks\w* (?:støtte)?behov|komplekse problem\w*|dobbeltdiagnose|complex (?:support )?(?:needs"
        r"|problems)|dual diagnosis",
        negatable=True,
    ),
    _p(
        "treatment_need",
        True,
        r"(?:behov|brug) for (?:\w+ )?behandling|behandlingsbehov|needs? (?:psychiatric |substance "
        r"|addiction )?treatment",
        negatable=True,
    ),
    # --- in Samarbejdsmodellen beside the bostøtte ----------------------------------------------
    # "visiteret til CTI + samarbejdsmodel", "ICM (+ samarbejdsmodel)", "samarbejdsmodellen og ICM",
    # "referred to CTI + the collaboration model", "CTI as part of Samarbejdsmodellen"
    _p(
        "in_samarbejdsmodellen",
        True,
        r"\b(?:cti|icm)\b[\w-]*\s*(?:\(\s*)?(?:\+|og|and|med|with|plus|i|in|inden\s+for|within|"
        r"som\s+(?:en\s+)?del\s+af|as\s+part\s+of)\s*(?:\+\s*)?(?:the\s+|en\s+)?"
        r"(?:samarbejds\s?model\w*|collaboration\s+model|cooperation\s+model|co-operation\s+model)"
        r"|(?:samarbejds\s?model\w*|collaboration\s+model|cooperation\s+model)\s*(?:\)\s*)?"
        r"(?:\+|og|and|med|with|plus)\s*(?:bostøtte\s+efter\s+|housing\s+support\s+under\s+)?(?:\(\s*)?(?:cti|icm)\b",
        negatable=True,
    ),
    # --- the coordinating effort of Samarbejdsmodellen ----------------------------------------
    _p(
        "coordination_need",
        True,
        r"(?:behov|brug)\s+for\s+(?:\w+\s+)?(?:koordinering\w*|koordination|(?:en\s+|den\s+)?koordinerende\s+indsats"
        r"|at\s+nogen\s+koordinerer|en\s+myndighedskoordinator)|needs?\s+(?:\w+\s+)?coordinat\w+",
        negatable=True,
    ),
    _p(
        "coordination_need",
        False,
        r"(?:klarer|kan\s+klare|formår\s+at\s+klare|står)\s+(?:nu\s+|godt\s+|fint\s+)?(?:selv\s+)?(?:for\s+)?koordineringen"
        r"|koordinerer\s+selv|handles?\s+(?:the\s+)?coordination\s+(?:herself|himself|on\s+(?:her|his)\s+own)"
        # the guide's two reasons to end: problems grown less complex, or the contacts handled alone
        r"|(?:problemer|udfordringer|situation)\s+(?:er\s+)?(?:blevet\s+)?(?:meget\s+|langt\s+)?mindre\s+komplekse?"
        r"|klarer\s+(?:nu\s+)?selv\s+(?:kontakten|kontakterne|sine\s+aftaler)\s+til",
        priority=2,
    ),
    # --- age group -----------------------------------------------------------------------
    # "a young homeless guy", "young lad", "a young client of ours"
    _p(
        "young",
        True,
        r"\bung(?:e|t)?\b|\byoung\s+(?:[a-z-]+\s+){0,2}?(?:person|people|man|men|woman|women|adult|adults|guy|guys|girl|girls"
        r"|boy|lad|fellow|client|clients|citizen|citizens|one|ones|mother|father|homeless)\b|\byouth\b|teenager",
    ),
    _p("young", False, r"\bvoksen\b|\bvoksne\b|\badult\b"),
    # --- meetings ------------------------------------------------------------------------
)

# Degrees of ability: a degree phrase counts only near a word about using other support.
_DEGREE = re.compile(
    r"(?:i|til en|to an?|in an?)\s+(?:meget\s+|ret\s+|rigtig\s+|særdeles\s+|temmelig\s+|very\s+|fairly\s+|quite\s+)?"
    r"(høj|stor|nogen|vis|lav|ringe|begrænset|high|large|great|some|low|limited)"
    r"\s+(?:grad|degree|extent)|i et vist omfang|\bdelvist\b|\bpartly\b"
)
_DEGREE_VALUE = {
    "høj": "high",
    "stor": "high",
    "high": "high",
    "large": "high",
    "great": "high",
    "nogen": "some",
    "vis": "some",
    "some": "some",
    "lav": "low",
    "ringe": "low",
    "begrænset": "low",
    "low": "low",
    "limited": "low",
}
_ABILITY_CONTEXT = re.compile(_ABILITY_WORDS)

_MONTH = r"(?:måneder|måned|mdr\.?|md\.?|months?)"
_WEEK = r"(?:uger|uge|weeks?)"
_MONTH_PATTERNS = (
    re.compile(NUM_HALF + rf"\s*(?P<unit>{_MONTH}|{_WEEK})\s+(?:inde i|ind i|into)\b"),
    # "5 måneder i CTI" – but not "de ni måneder i CTI" / "varer 9 måneder i forløbet" (facts, no case)
    re.compile(
        r"(?<!\bde )(?<!\bthe )(?<!varer )(?<!lasts )"
        + NUM_HALF
        + rf"\s*(?P<unit>{_MONTH}|{_WEEK})\s+(?:i|på|in|on|of)\s+(?:cti|forløbet|cti-forløbet|the cti)"
    ),
    re.compile(
        r"\b(?:efter|after)\s+"
        + NUM_HALF
        + rf"\s*(?P<unit>{_MONTH}|{_WEEK})\s+(?:i|med|in|of|on)\s+(?:cti|forløbet|cti-forløbet|the cti)"
    ),
    re.compile(
        r"(?:har været|har modtaget|har fået|has been|have been|been)\s+(?:i\s+|in\s+|on\s+|receiving\s+)?"
        r"(?:cti|forløbet|cti-forløbet|et cti-forløb|bostøtte)\w*\s+(?:i|for)\s+"
        + NUM_HALF
        + rf"\s*(?P<unit>{_MONTH}|{_WEEK})"
    ),
    # "flyttede ind for 3 uger siden" is read by quantities.months_since_move, which also adds up
    # "for et halvt år og en måned siden"
    re.compile(r"\b(?:i|in)\s+(?:måned|month)\s+" + NUM + r"\b"),
)

_AGE_PATTERNS = (
    re.compile(NUM + r"\s*-?\s*årig\w*"),
    re.compile(
        r"\b(?:ung|unge|mand|kvinde|borger|pige|dreng|fyr|person|menneske|hjemløs|hjemløse|studerende|elev|lærling"
        r"|knægt|gut|dame|herre|klient|beboer)\s+på\s+"
        + NUM
        + r"(?:\s*år)?(?!\s*(?:måned|uge|dag|mdr))"
    ),
    re.compile(r"\ber\s+" + NUM + r"\s+år\b(?!\s+(?:siden|i\b))"),
    # a named person after a preposition: "samarbejdsmodellen til Bent på 52 der …", "om Sara på 19"
    re.compile(
        r"\b(?:til|om|for|hos|about)\s+(?!en\b|et\b|den\b|det\b|de\b|a\b|an\b|the\b)[a-zæøå]{3,}\s+på\s+(?P<n>\d{2})\b"
        r"(?:\s*år)?(?!\s*(?:måned|uge|dag|mdr|timer|kr|%|borgere|unge|klienter|sager|,\d))"
    ),
    re.compile(r"\baged?\s+" + NUM + r"\b"),
    # "she's 24", "he is 19 and …"
    re.compile(
        r"\b(?:she|he)(?:'s|\s+is)\s+(?:now\s+|only\s+|just\s+)?(?P<n>\d{2})\b"
        r"(?!\s*(?:%|months?|weeks?|days?|clients|people|citizens|years?\s+(?:ago|in|into)))"
    ),
    re.compile(NUM + r"\s*-?\s*years?\s*-?\s*old"),
    # "20 y/o", "20yo", "20 yrs", "19 år gammel"
    re.compile(NUM + r"\s*(?:y/o|y\.o\.|yo|yrs?(?:\s+old)?|år\s+gammel)(?![\w/])"),
    re.compile(r"\balder(?:en)?\s+(?:på\s+|er\s+)?" + NUM + r"\b"),
    # case-note shorthand: "kvinde 38", "(m, 55)", "Kim, m, 41", "Jonas, 21,", "hun er 29,"
    re.compile(
        r"\b(?:kvinde|mand|dreng|pige|fyr|borger|woman|man|male|female)\s*,?\s*(?P<n>\d{2})\b"
        r"(?!\s*(?:%|mdr|måned|uge|dag|år siden))"
    ),
    re.compile(r"(?:^|[\s(,])(?:m|k|f)\s*,?\s*(?P<n>\d{2})\b(?!\s*(?:%|mdr|måned|uge|dag|borgere|unge|kr))"),
    re.compile(r"\b[a-zæøå]{2,}\s*,\s*(?P<n>\d{2})\s*(?:år\s*)?(?=[,.;)]|\s+(?:og|and|år|years?)\b)"),
    # a name and an age opening a sentence: "Hanne er 47 og …", "Jonas 23, har boet …", "Ali 18 er …"
    re.compile(
        r"(?:^|[.!?:]\s+)[a-zæøå]{3,}\s+(?:er\s+|is\s+)?(?P<n>\d{2})\s*(?:år\s*)?"
        r"(?=[,.;)]|\s+(?:og|and|er|har|bor|is|has|lives|sover|flytter|blev)\b)(?![.,/-]\d)"
    ),
    re.compile(r"\(\s*(?P<n>\d{2})\s*(?:år|årig|years?(?:\s+old)?)?\s*\)"),
    # a case note that starts with the person's name and age: "ahmed 22 har sofasurfet", "Ali 23 år."
    re.compile(
        r"(?:^|[.!?\n]\s*)(?!(?:i|for|på|om|med|efter|over|under|siden|ca|cirka|kl|nr|uge|dag|den|de|har|er|in|on|at)\b)"
        r"[a-zæøå]{2,}\s+(?P<n>\d{2})(?:\s*år)?(?=\s+(?:har|er|bor|sover|visiteret|skal|fik|blev|og|is|has|was)\b|\s*[,.(])"
        r"(?![.,/-]\d)"  # "Journalnotat 14.03": a date, not an age
    ),
    re.compile(
        r"\b(?:han|hun|den unge|borgeren|he|she|they)\s+(?:er|is)\s+(?P<n>\d{2})\s*(?:år)?"
        r"(?=\s*[,.;)]|\s+(?:og|and|years?|år)\b)"
    ),
    # the subject left out after "og": "bor hos sin fætter og er 22."
    re.compile(r"\bog\s+er\s+(?P<n>\d{2})\s*(?:år\s*)?(?=[,.;)]|$)"),
)

_HISTORICAL_AGE = re.compile(r"\b(?:som|da\s+\w+\s+var|fra\s+\w+\s+var|siden\s+\w+\s+var|as\s+an?|when\s+\w+\s+was)\s*$")
# An age said of someone else: "hendes mor (53)", "hans bror på 30", "her sister, 31,", "kæresten er 40"
# ("hans ekskone (39)", "her ex-husband, 50", "svigermor på 70": a former or in-law relative too.)
_RELATIVE_AGE = re.compile(
    r"\b(?:eks-?|ex-?|x-|tidligere\s+|former\s+|sviger|bonus|pleje|halv|step-?)?"
    r"(?:mor|far|mors|fars|moster|faster|morbror|farbror|onkel|tante|bror|broren|søster|søsteren|storebror|lillebror"
    r"|storesøster|lillesøster|forældre|mormor|morfar|farmor|farfar|kæreste|kæresten|datter|datteren|søn|sønnen|barn"
    r"|kone|konen|hustru|hustruen|manden|(?:hendes|sin|min)\s+mand|samlever|samleveren|svoger|svogeren|svigerinde"
    r"|nevø|niece|barnebarn|ven|vennen|veninde|veninden|kammerat|kammeraten|nabo|naboen|bofælle|bofællen"
    r"|mother|father|mum|mom|dad|brother|sister|aunt|uncle|grandmother|grandfather|girlfriend|boyfriend|daughter|son"
    r"|wife|husband|friend|neighbou?r|flatmate|roommate|nephew|niece|grandson|granddaughter"
    r"|partner|kollega|kollegaen|colleague)\)?\s*(?:\(|,\s*|på\s+|er\s+|is\s+|aged\s+)?$"
)

_ROLE_PATTERNS = (
    (
        "CTI",
        re.compile(r"\bcti[- ]?(?:bostøtte)?(?:medarbejder|team|worker|case ?manager|staff|employee)\w*"),
    ),
    (
        "ICM",
        re.compile(r"\bicm[- ]?(?:bostøtte)?(?:medarbejder|team|worker|case ?manager|staff|employee)\w*"),
    ),
    ("ACT", re.compile(r"\bact[- ]?(?:bostøtte)?(?:medarbejder|team|worker|staff|employee)\w*")),
    ("MYNDIGHEDSKOORDINATOR", re.compile(r"myndighedskoordinator\w*|authority coordinator")),
)
_PEOPLE = r"(?:borgere|unge|klienter|sager|forløb|cases|clients|citizens|young people|people|personer)"
_LIMIT_BEFORE = re.compile(r"\b(?:max|maks\w*|højst|maximum|anbefale\w*|tilladte?|recommended|allowed)\s+$", re.I)
_CASELOAD_PATTERNS = (
    re.compile(
        r"\bhar\s+(?:nu\s+|lige nu\s+|i alt\s+|tilknyttet\s+|ansvar for\s+)?" + NUM + r"\s+" + _PEOPLE + r"\b"
    ),
    re.compile(
        r"caseload\w*\s+(?:på|er|of|is|af)\s+(?:(?P<cap>max|maks\w*|højst|maximum|ca\.?|cirka)\s+)?" + NUM
    ),
    re.compile(NUM + r"\s+" + _PEOPLE + r"\s+(?:pr\.?|per|hver|each|ad gangen|at a time)"),
    re.compile(r"\b(?:has|have|with)\s+" + NUM + r"\s+" + _PEOPLE + r"\b"),
    re.compile(
        r"\b(?:have|har|haft|få|tage|has|take)\s+(?:mindst|over|op til|omkring|at least|over|up to)\s+"
        + NUM + r"\s+" + _PEOPLE + r"\b"
    ),
)
_MEETING_PATTERNS = (
    re.compile(
        NUM
        + r"\s+(?:netværksmøder|netværksmøde|møder|møde|network meetings?|meetings?)\s*(?:om|på|i|per|pr\.?"
        r"|a|each)\s*(?:året|år|year)"
    ),
    re.compile(
        r"(?:holder|har holdt|har|afholder|holds?|held|had)\s+(?:kun\s+|only\s+)?"
        + NUM
        + r"\s+(?:netværksmøder|netværksmøde|network meetings?)"
    ),
)
# Meetings by frequency ("netværksmøde hver måned", "monthly network meetings"): how many a year.
_PER_YEAR = {"weekly": 52, "fortnightly": 26, "monthly": 12, "bimonthly": 6, "quarterly": 4, "halfyearly": 2}
_MEETING_FREQUENCY = re.compile(
    # "møder (selv) op på misbrugscentret hver uge" is the verb (shows up), not a meeting
    r"(?:netværksmøde\w*|møde\w*(?!\s+(?:\w+\s+)?(?:op|frem)\b)|network\s+meetings?|meetings?)\s+(?:\w+\s+){0,6}?(?:"
    r"(?P<weekly>hver\s+(?:eneste\s+)?uge|ugentlig\w*|every\s+week|weekly)|"
    r"(?P<fortnightly>hver\s+anden\s+uge|hver\s+14\.?\s+dag|every\s+other\s+week|fortnightly)|"
    r"(?P<bimonthly>hver\s+anden\s+måned|every\s+other\s+month)|"
    r"(?P<monthly>hver\s+(?:eneste\s+)?måned|(?:en|én|1)\s+gang\s+om\s+måneden|månedlig\w*|every\s+month|monthly)|"
    r"(?P<quarterly>hvert\s+kvartal|hver\s+tredje\s+måned|kvartalsvis|every\s+quarter|quarterly)|"
    r"(?P<halfyearly>hvert\s+halve\s+år|(?:to|2)\s+gange\s+om\s+året|twice\s+a\s+year))"
)
_METHOD_PATTERNS = (
    ("CTI", re.compile(r"\bcti\b|critical time intervention")),
    ("ICM", re.compile(r"\bicm\b|intensive case management")),
    ("ACT", re.compile(r"assertive community treatment|\bact-\w+")),
)
_SM = re.compile(r"samarbejdsmodel\w*")


def _clean(text: str) -> str:
    t = nfc(text).replace("\u00ad", "").replace("\u00a0", " ").replace("–", "-").replace("—", "-")
    return " ".join(t.split())


# A move still to come: "skal fra herberg til egen bolig i næste uge", "flytter fra herberget i næste
# måned", "is moving out of the shelter": the person is still where they move from.
_MOVE_TO_COME = re.compile(
    r"\b(?:skal(?:\s+flytte)?|flytter|udskrives|løslades|udsluses|is\s+moving|moves|will\s+move|is\s+leaving|leaves"
    r"|will\s+leave|is\s+due\s+to\s+(?:move|leave))\s+(?:\w+\s+)?(?:ud\s+)?(?:fra|af|from|out\s+of)\s+(?:\S+\s+)?$"
)


def _window_before(low: str, start: int, width: int) -> str:
    """The ``width`` characters before ``start``, without a word cut at the window's edge: the
    tail "ingen" of "boliganvisningen" is no negation."""
    lo = max(0, start - width)
    before = low[lo:start]
    if lo > 0 and low[lo - 1].isalnum() and before[:1].isalnum():
        before = before.split(" ", 1)[1] if " " in before else ""
    return before


def _negated(low: str, start: int, window: int = 28) -> bool:
    before = _window_before(low, start, window)
    # only look inside the current clause; a comma before a contrast ends it too ("ikke brug for
    # massiv støtte, mest hjælp til at komme i gang", "no big needs, mainly help settling in")
    before = re.split(
        r"[.;:!?]|,\s+(?:men|but|og|and|mest|mere|snarere|primært|kun|bare|blot|mainly|mostly|just|only|rather)\b", before
    )[-1]
    return bool(_NEGATORS.search(before))


class _Collector:
    def __init__(self) -> None:
        self.values: dict[str, list[tuple[int, Any]]] = {}

    def add(self, slot: str, value: Any, priority: int = 1) -> None:
        self.values.setdefault(slot, []).append((priority, value))

    def resolve(self) -> tuple[dict[str, Any], list[tuple[str, tuple[str, ...]]]]:
        out: dict[str, Any] = {}
        conflicts: list[tuple[str, tuple[str, ...]]] = []
        for slot, found in self.values.items():
            top = max(p for p, _ in found)
            vals = list(dict.fromkeys(v for p, v in found if p == top))
            if len(vals) == 1:
                out[slot] = vals[0]
            else:
                conflicts.append((slot, tuple(str(v) for v in vals)))
        return out, conflicts


def extract_profile(text: str, expecting: str | None = None) -> CaseProfile:
    """Read the case facts stated in ``text``.

    ``expecting`` names the slot of the clarifying question just asked; a bare reply
    ("ja", "i høj grad", "langvarig", "11", "high", "yes") then fills that slot.
    """
    if expecting is not None and expecting not in SLOT_NAMES:
        raise CaseProfileError(f"Ukendt felt {expecting!r} i expecting. Brug et af: {', '.join(SLOT_NAMES)}.")
    raw = _clean(about_the_subject(text))
    low = raw.lower()
    col = _Collector()

    _match_patterns(low, col)
    _match_degree(low, col)
    _match_numbers(low, col)
    _match_methods(raw, low, col)
    if "caseload" not in col.values:
        listed = listed_count(nfc(text))  # one line per person: read before the lines are joined
        if listed is not None:
            col.add("caseload", listed + additions(low))

    if _agency_count(low) >= 3:
        col.add("coordination_need", True)  # cases at three or more agencies: someone must hold them together
    values, conflicts = col.resolve()
    _post_process(values, conflicts)
    _young_at_risk(low, values, conflicts)
    _no_complex_needs(low, values)
    if expecting is not None and values.get(expecting) is None:
        reply = parse_reply(expecting, raw)
        if reply is not None:
            values[expecting] = reply
            conflicts = [c for c in conflicts if c[0] != expecting]
    return CaseProfile(**values, conflicts=tuple(conflicts))


# Agencies a young person can have a case at (Ungeguiden's tværfaglige team), by kind.
_AGENCIES = {
    "job": r"\bjobcent\w*",
    "uu": r"\buu\b|\buu-\w+|ungdommens uddannelsesvejledning",
    "misbrug": r"\bmisbrugs(?:behandling|center|centret|centeret|konsulent)\w*",
    "psykiatri": r"\b(?:distrikts|social|regions)?psykiatri\w*",
    "kriminalforsorg": r"\bkriminalforsorg\w*",
    "børn og unge": r"\bbørn(?:e)?(?:-| og )unge\w*",
    "socialforvaltning": r"\bsocialforvaltning\w*|\bsagsbehandler\w*",
    "ydelse": r"\bydelses\w*",
}


# The guide's definition of young people at risk of homelessness (003 p. 7): "unge, hvor flere af
# følgende forhold har været eller aktuelt er tilstede: Ustabil eller manglende tilknytning til
# skole, uddannelse, beskæftigelse; Misbrug; Psykiske vanskeligheder; Opvækst med ustabilitet og
# problemer; Anbringelse uden for hjemmet; Svagt netværk; Forebyggende foranstaltninger".
_RISK_FACTORS = {
    "uddannelse": r"\bdrop(?:pet|per|ped|s)?\s+ud\b|\bdrop(?:ped|ping|s)?\s+out\b"
    r"|\b(?:ingen|uden|ikke\s+i\s+(?:gang\s+med\s+)?)\s+(?:en\s+|et\s+)?(?:uddannelse|job|arbejde|beskæftigelse|skole)\b|\barbejdsløs\w*|\bledig\b|\bunemployed\b|\bno\s+job\b"
    r"|\bnot\s+in\s+(?:school|education|work)\b|\bneet\b|\bafbrudt\w*\s+(?:sin\s+|en\s+)?(?:uddannelse|skole)"
    # "gik ud af 9. klasse og er ikke startet på noget siden", "out of education"
    r"|\b(?:gik|gået|forlod)\s+ud\s+af\s+(?:\d+\.\s*)?(?:klasse|skolen|folkeskolen)|\bikke\s+(?:startet|begyndt)\s+på\s+noget"
    r"|\bout\s+of\s+(?:school|education|work)\b|\bleft\s+school\b",
    "misbrug": r"misbrug\w*|\bryger\s+(?:hash|hamp|heroin|kokain)|\bhash\b|\bsubstance\b|\baddict\w*|\bdrugs\b"
    # slang for cannabis: "smokes a lot of weed", "kiffer hver dag", "skunk", "joints"
    r"|\bweed\b|\bskunk\b|\bjoints?\b|\bkiff?e[rt]?\b|\bkiffer\w*"
    r"|\bdrikker\s+(?:meget|dagligt|for\s+meget|tæt|hver\s+dag)|\bheavy\s+drinking\b|\bdrinks\s+(?:heavily|daily|every\s+day)\b|\bcannabis\b",
    "psykisk": r"\bpsykisk\w*\s+(?:vanskelighed|lidelse|sygdom|sårbar|problem)\w*|\bdepress\w*|\badhd\b|\bangst\b"
    r"|\bmental\s+(?:health|illness)\b|\bpsychiatric\s+(?:difficult|problem|illness|diagnos|condition)\w*|\bskizofren\w*|\bpsykose\w*|\bselvskade\w*"
    # "cutter sig", "har været tilknyttet børne- og ungdomspsyk", "psychological difficulties"
    r"|\bcutter\s+sig\b|\bskærer\s+i\s+sig\s+selv\b|\bself[- ]harm\w*|\bungdomspsyk\w*|\bbørnepsyk\w*"
    r"|\bpsychological\s+(?:difficult|problem|issue)\w*",
    "opvækst": r"\b(?:svær|ustabil|kaotisk|utryg|hård)\w*\s+opvækst\b|\bomsorgssvigt\w*|\bopvækst\s+med\b"
    r"|\b(?:difficult|troubled|unstable)\s+(?:upbringing|childhood)\b|\bneglect\w*",
    "anbringelse": r"\banbragt\w*|\banbringelse\w*|\bplejefamilie\w*|\bopholdssted\w*|\befterværn\w*|\bbørnehjem\w*"
    r"|\bfamiliepleje\w*|\bdøgninstitution\w*"
    r"|\bfoster\s+(?:care|family|home)\b|\bplaced\s+(?:in\s+care|outside\s+(?:the|her|his)\s+home)\b|\bin\s+care\s+as\s+a\s+child\b|\bleaving\s+care\b",
    "netværk": r"\b(?:svagt|spinkelt|intet|sparsomt|lille)\s+netværk\b|\buden\s+netværk\b|\bingen\s+(?:familie|venner|netværk)\b"
    r"|\bensom\w*|\bisoleret\b|\b(?:weak|no|little)\s+network\b|\bno\s+(?:family|friends)\b|\bisolated\b"
    # "hendes veninde er eneste kontakt", "ingen kontakt til familien", "no contact with family"
    r"|\beneste\s+(?:kontakt|ven|veninde|netværk)\b|\bingen\s+kontakt\s+(?:til|med)\s+(?:sin\s+|sine\s+|hans\s+|hendes\s+)?(?:familie|forældre|mor|far)\w*"
    r"|\bno\s+contact\s+with\s+(?:his\s+|her\s+|the\s+)?(?:family|parents)\b",
    "foranstaltning": r"\bforebyggende\s+foranstaltning\w*|\bpreventive\s+measures?\b",
}


def risk_factor_count(low: str, values: dict[str, Any] | None = None) -> int:
    """How many of the guide's risk factors for young people (003 p. 7) ``low`` names (0–7);
    ``values`` already read count too (a substance problem, a mental illness)."""
    read = values or {}
    named = {
        kind
        for kind, pattern in _RISK_FACTORS.items()
        # "intet misbrug og ingen psykiske problemer" names no risk factor
        if any(not _negated(low, m.start(), window=12) for m in re.finditer(pattern, low))
    }
    named |= {"misbrug"} if read.get("substance") is True else set()
    named |= {"psykisk"} if read.get("psychiatric") is True else set()
    return len(named)


def _young(values: dict[str, Any]) -> bool:
    """The text says the person is young, or gives an age the youth guide covers (15–29)."""
    age = values.get("age")
    return values.get("young") is True or (isinstance(age, int) and 15 <= age <= YOUNG_MAX_AGE)


def _young_at_risk(low: str, values: dict[str, Any], conflicts: list[tuple[str, tuple[str, ...]]]) -> None:
    """A young person who is not homeless but has several of the guide's risk factors (003 p. 7:
    "flere af følgende forhold") is at risk of homelessness by the guide's own definition."""
    if not _young(values) or values.get("housing_situation") not in (None, "housed"):
        return
    if values.get("stay") in STAY_IMPLIES_HOMELESS or any(s in ("housing_situation", "stay") for s, _ in conflicts):
        return
    if risk_factor_count(low, values) >= 2:
        values["housing_situation"] = "at_risk"


def _no_complex_needs(low: str, values: dict[str, Any]) -> None:
    """A young person whose note denies both a substance problem and a mental illness and names
    none of the guide's other risk factors has no complex problems: both target groups of the
    youth effort are "unge med komplekse problemstillinger og støttebehov" (003 p. 7)."""
    if "complex_needs" in values:
        return
    if _young(values) and values.get("substance") is False and values.get("psychiatric") is False:
        if risk_factor_count(low, values) == 0:
            values["complex_needs"] = False


def _agency_count(low: str) -> int:
    return sum(1 for pattern in _AGENCIES.values() if re.search(pattern, low))


_PAST_BEFORE = re.compile(
    r"\b(?:tidligere|engang|som barn|som teenager|i sin barndom|i barndommen|previously|formerly|as a child|used to)\b"
    # "var anbragt på opholdssted", "boede på en institution", "was placed in an institution"
    r"|\b(?:var|blev|boede|was|were|lived)\s+(?:\w+\s+)?(?:anbragt|placeret|placed)?\s*(?:på|i|in|at)\s+(?:et\s+|en\s+|an?\s+)?$"
)
# A problem named as a past one, right before it: "tidligere alkoholmisbrug", "former drug use",
# "ex-misbruger" (the note then usually says how it is now: "men ikke længere misbrug").
_PAST_NEAR = re.compile(r"\b(?:tidligere|forhenværende|fhv\.?|former|previous|previously|past|ex)[\s-]+(?:\w+\s+){0,2}$")
# … or right after it: "har haft et misbrug tidligere", "had a drug problem in the past"
_PAST_NEAR_AFTER = re.compile(
    r"\s+(?:\w+\s+)?(?:tidligere|previously|in\s+the\s+past|før\s+i\s+tiden|for\s+(?:\w+\s+){1,2}siden)\b"
)
# A support period told as ended: "… en kortere støtteperiode stoppede", "the short-term support ran out".
_ENDED_AFTER = re.compile(
    r"\s+(?:\w+\s+)?(?:stoppede|sluttede|ophørte|udløb|blev\s+afsluttet|var\s+slut|ended|stopped|ran\s+out|was\s+over)\b"
)
_PAST_AFTER = re.compile(
    r"^\S*(?:\s+\S+){0,3}?\s+(?:fra|from)\s+\d{1,2}\s*-\s*\d{1,2}\s*(?:år|years)|^\S*\s+som barn"
    # "opholdssted fra han var 13 til 18", "in care from she was 12 until 17", "indtil hun var 18"
    r"|^\S*(?:\s+\S+){0,3}?\s+(?:(?:fra|from)\s+(?:han|hun|he|she)\s+(?:var|was)\s+\d{1,2}|(?:indtil|til|until)\s+(?:han|hun|he|she)\s+(?:var|blev|was|turned)\s+\d{1,2})"
)


_EVICTED_BEFORE = re.compile(
    r"\b(?:blev|er blevet|var blevet|was|has been|got|been)\s+(?:\w+\s+){0,6}?(?:sat ud|smidt ud|udsat|evicted)\b"
)


def _clause_before(low: str, m: re.Match[str], width: int = 100) -> str:
    """The text of ``m``'s sentence before it (at most ``width`` characters; "pga." and other
    abbreviations do not end it)."""
    window = _ABBREV_DOT.sub(lambda a: a.group(1), low[max(0, m.start() - width) : m.start()])
    return re.split(r"[.;!?\n]", window)[-1]


_ABBREV_DOT = re.compile(r"\b(pga|bl\.a|fx|ca|mv|osv|dvs|jf|evt|inkl|ang)\.")


def _in_the_past(low: str, m: re.Match[str]) -> bool:
    """The match tells where the person was, not where they are ("tidligere anbragt på
    opholdssted fra 14-17 år", "as a child he lived in an institution")."""
    clause_start = max(low.rfind(".", 0, m.start()), low.rfind(";", 0, m.start()), low.rfind("\n", 0, m.start()))
    before = low[clause_start + 1 : m.start()]
    return bool(_PAST_BEFORE.search(before) or _PAST_AFTER.search(low[m.end() : m.end() + 40]))


def _match_patterns(low: str, col: _Collector) -> None:
    taken: dict[str, list[tuple[int, int, Any]]] = {}
    for pat in _PATTERNS:
        for m in pat.regex.finditer(low):
            spans = taken.setdefault(pat.slot, [])
            if any(s <= m.start() and m.end() <= e for s, e, _ in spans):
                continue  # inside an earlier (more specific) match, e.g. "i risiko for hjemløshed"
            if any((s <= m.start() < e or s < m.end() <= e) and v == pat.value for s, e, v in spans):
                continue  # the same reading again, shifted
            # A match that only overlaps an earlier one with another value is read: "ikke selv kan
            # benytte" (low) overlaps "kan benytte de almindelige tilbud" (high).
            spans.append((m.start(), m.end(), pat.value))
            value = pat.value
            if (
                pat.slot == "stay"
                and re.search(r"(?:ud af|ud fra|fra|from|left|out of)\s+(?:\S+\s+)?$", low[max(0, m.start() - 20) : m.start()])
                and not _MOVE_TO_COME.search(_window_before(low, m.start(), 45))
            ):
                continue  # "flyttede ud af boformen": where the person came from, not where they are
            if pat.slot == "stay" and _in_the_past(low, m):
                continue  # "tidligere anbragt på opholdssted fra 14-17 år": where they were, not are
            if pat.slot in ("substance", "psychiatric") and value is True and (
                _PAST_NEAR.search(low[max(0, m.start() - 30) : m.start()]) or _PAST_NEAR_AFTER.match(low, m.end())
            ):
                continue  # "tidligere alkoholmisbrug": a past problem, not a present one
            if pat.slot == "support_need" and (_in_the_past(low, m) or _ENDED_AFTER.match(low, m.end())):
                continue  # "tidligere mistet en bolig, efter at en kortere støtteperiode stoppede": a past course
            if pat.slot == "housing_situation" and pat.value == "at_risk" and _EVICTED_BEFORE.search(_clause_before(low, m)):
                continue  # "blev sat ud af sin lejlighed pga. huslejerestance": the home is lost, not at risk
            if pat.negatable:
                before = _window_before(low, m.start(), 28)
                if pat.slot == "housing_allocated":
                    if _CONDITIONAL.search(before) and not _NEGATORS.search(before):
                        continue
                    if _negated(low, m.start()) or _BEFORE.search(before):
                        value = False
                elif _negated(low, m.start(), window=45 if pat.slot == "support_need" else 20):
                    # "vi forventer ikke, at han kan klare sig selv efter et kortere forløb"
                    if isinstance(value, bool):
                        value = not value
                    elif (pat.slot, value) == ("support_ability", "high"):
                        value = "low"  # "kan ikk selv bruge hjælp fra det almindelige system"
                    else:
                        continue
            col.add(pat.slot, value, pat.priority)


def _match_degree(low: str, col: _Collector) -> None:
    for m in _DEGREE.finditer(low):
        word = m.group(1)
        value = _DEGREE_VALUE.get(word, "some") if word else "some"
        window = low[max(0, m.start() - 60) : m.end() + 60]
        if _ABILITY_CONTEXT.search(window):
            col.add("support_ability", value, 2)


def _num(m: re.Match[str]) -> float:
    n = float(parse_number(m.group("n")))
    if "half" in m.groupdict() and m.group("half"):
        n += 0.5
    return n


def _match_numbers(low: str, col: _Collector) -> None:
    low = without_legal_references(low)  # "§85-sager", "§ 110": names, not counts, ages or months
    for pat in _MONTH_PATTERNS:
        for m in pat.finditer(low):
            n = _num(m)
            unit = m.groupdict().get("unit") or "måned"
            if re.match(_WEEK, unit):
                n = round(n * 12 / 52, 1)
            if 0 <= n <= 60:
                col.add("months_in_cti", n)
    for pat in _AGE_PATTERNS:
        for m in pat.finditer(low):
            if _HISTORICAL_AGE.search(_window_before(low, m.start(), 20)):
                continue  # "diagnosticeret som 14-årig", "da han var 8": not the age now
            if _RELATIVE_AGE.search(_window_before(low, m.start("n"), 25)):
                continue  # "hendes mor (53)", "hans bror på 30": someone else's age
            n = parse_number(m.group("n"))
            if isinstance(n, int) and 14 <= n <= 99:
                col.add("age", n)
    for pat in _CASELOAD_PATTERNS:
        for m in pat.finditer(low):
            if m.groupdict().get("cap") or _LIMIT_BEFORE.search(low[max(0, m.start() - 25) : m.start()]):
                continue  # "caseload på max 10", "CTI max caseload er 10" state a limit, not this worker's caseload
            n = parse_number(m.group("n"))
            if isinstance(n, int) and 0 <= n <= 200:
                col.add("caseload", n)
    if "months_in_cti" not in col.values:
        months = months_since_move(low)
        if months is not None and 0 <= months <= 60:
            col.add("months_in_cti", months)
    count = caseload_count(low)
    if count is not None:
        # The typed parser also counts what is about to be added ("+ 2 nye"): it wins.
        col.values.pop("caseload", None)
        col.add("caseload", count)
    size = team_size(low)
    if size is not None:
        col.add("team_size", size)
    elif is_team_total(low):
        # a team's total is no worker's caseload: the rule asks how many share it instead of
        # judging the whole team's 30 against one worker's limit
        col.add("caseload_shared", True)
    for pat in _MEETING_PATTERNS:
        for m in pat.finditer(low):
            n = parse_number(m.group("n"))
            if isinstance(n, int):
                col.add("meetings_per_year", n)
    freq = _MEETING_FREQUENCY.search(low)
    if freq is not None:
        col.add("meetings_per_year", _PER_YEAR[next(k for k, v in freq.groupdict().items() if v)])
    roles = {role for role, pat in _ROLE_PATTERNS if pat.search(low)}
    focus = method_focus(low)
    if focus is not None and not roles & {"MYNDIGHEDSKOORDINATOR"}:
        roles = {focus}  # "kollegaen i ICM har 6, men mit spørgsmål gælder CTI"
    if len(roles) == 1:
        col.add("caseload_role", roles.pop())


# "samarbejdsmodellen alene eller med CTI?": the method is what is asked, not a fact of the case.
_METHOD_ASKED = re.compile(
    r"\b(?:alene|uden\s+bostøtte)\s+eller\b|\beller\s+(?:alene|uden\s+bostøtte)\b|\balone\s+or\b|\bor\s+alone\b"
)


# "skal den også vente på en bolig ligesom CTI?": a method named to compare is not the person's.
_METHOD_COMPARED = re.compile(
    r"\b(?:ligesom|som\s+ved|som\s+med|modsat|i\s+modsætning\s+til|frem\s+for|i\s+stedet\s+for|like|unlike|as\s+with)\s+"
    r"(?:\w+\s+)?(?:cti|icm|act)\b",
    re.IGNORECASE,
)


# "ingen af dem er ICM", "not ACT": a method said not to be the one.
_METHOD_NEGATED = re.compile(
    r"\b(?:ingen\s+af\s+dem\s+(?:er|får|har)|ikke|aldrig|none\s+of\s+them\s+(?:is|are|get)|not)\s+(?:i\s+|en\s+|in\s+)?"
    r"(?:cti|icm|act)\b(?!\s*-)",
    re.IGNORECASE,
)


# "mit spørgsmål gælder CTI", "my question is about ICM": the method the note is about, whatever
# else it names ("kollegaen i ICM har 6, men mit spørgsmål gælder CTI").
_METHOD_FOCUS = re.compile(
    r"\b(?:spørgsmål\w*|question|det)\s+(?:gælder|handler\s+om|drejer\s+sig\s+om|is\s+about|concerns|is\s+for)\s+"
    r"(?:kun\s+|only\s+|min\s+|my\s+)?(?P<m>cti|icm|act)\b",
    re.IGNORECASE,
)


def method_focus(low: str) -> str | None:
    """The method a note says it is about ("mit spørgsmål gælder CTI"), upper-case; else None."""
    m = _METHOD_FOCUS.search(low)
    return m.group("m").upper() if m else None


def _match_methods(raw: str, low: str, col: _Collector) -> None:
    if _METHOD_ASKED.search(low):
        return
    focus = method_focus(low)
    if focus is not None:
        col.add("method", focus, priority=2)
        return
    for not_the_method in (_METHOD_COMPARED, _METHOD_NEGATED):
        low, raw = not_the_method.sub(" ", low), not_the_method.sub(" ", raw)
    found = {name for name, pat in _METHOD_PATTERNS if pat.search(low)}
    if re.search(r"\bACT\b", raw):
        found.add("ACT")
    if len(found) == 1:
        col.add("method", found.pop())
    elif not found and _SM.search(low):
        col.add("method", "SAMARBEJDSMODELLEN")


def _post_process(values: dict[str, Any], conflicts: list[tuple[str, tuple[str, ...]]]) -> None:
    for slot, vals in list(conflicts):
        if slot == "housing_situation" and "housed" not in vals:
            conflicts.remove((slot, vals))  # "unge i hjemløshed og unge i risiko": ambiguous, ask
        elif slot == "housing_situation" and "at_risk" in vals and "homeless" not in vals:
            conflicts.remove((slot, vals))
            values["housing_situation"] = "at_risk"  # at risk of losing the home they live in
        elif slot == "stay" and all(v in STAY_IMPLIES_HOMELESS for v in vals):
            conflicts.remove((slot, vals))  # shelter sometimes, street other nights: homeless anyway
            values.setdefault("housing_situation", "homeless")
        elif slot == "young" and "age" in values:
            conflicts.remove((slot, vals))
    if "age" in values and "young" in values and values["young"] != (values["age"] <= YOUNG_MAX_AGE):
        # a stated age decides; "voksne" and "unge" in the note may be other people ("har næsten ingen
        # voksne omkring sig", "ligesom de unge i projektet")
        values.pop("young")
    if (
        values.get("psychiatric") is True
        and values.get("substance") is True
        and "complex_needs" not in values
    ):
        values["complex_needs"] = True  # dual diagnosis: psychiatric illness and substance abuse


# --- bare replies to a clarifying question ------------------------------------------------
_YES = re.compile(
    r"^(?:ja|jo|jep|yes|y|yeah|yep|korrekt|rigtigt|det (?:har|er|gør) (?:han|hun|den unge|borgeren|de))\b"
)
_NO = re.compile(r"^(?:nej|no|n|nope|ikke endnu|not yet|endnu ikke|ikke)\b")


def _reply_bool(t: str) -> bool | None:
    if _YES.search(t):
        return True
    if _NO.search(t):
        return False
    return None


_REPLY_LEXICON: dict[str, tuple[tuple[str, Any], ...]] = {
    "support_ability": (
        (r"høj|stor|\bhigh\b|large|great|\bgodt\b|selv", "high"),
        (r"nogen|vis grad|delvis|\bsome\b|partly|moderat", "some"),
        (r"\blav\b|ringe|begrænset|\blow\b|limited|svært|vanskeligt|ikke", "low"),
    ),
    "support_need": (
        (r"ingen bostøtte|ikke brug|intet behov|\bnone\b|no support|\bingen\b", "none"),
        (r"lang|long|vedvarende|permanent", "long"),
        (r"kort|short|overgang|transition|tidsbegrænset", "short"),
    ),
    "housing_situation": (
        (r"risiko|risk|truet|miste", "at_risk"),
        (r"hjemløs|homeless|ingen bolig|uden bolig", "homeless"),
        (r"egen bolig|har (?:en )?bolig|housed|own home|bor i", "housed"),
    ),
    "stay": (
        (r"gade|street|rough", "street"),
        (r"herberg|forsorgshjem|110|boform|shelter|hostel", "shelter"),
        (r"sofa|couch|venner|friends", "sofa"),
        (r"institution|indlagt|hospital", "institution"),
        (r"fængsel|prison|jail", "prison"),
        (r"egen bolig|own home|eget hjem|lejlighed", "own_home"),
    ),
    "method": (
        (r"\bcti\b|critical", "CTI"),
        (r"\bicm\b|intensive case", "ICM"),
        (r"\bact\b|assertive", "ACT"),
        (r"samarbejdsmodel", "SAMARBEJDSMODELLEN"),
    ),
    "caseload_role": (
        (r"\bcti\b", "CTI"),
        (r"\bicm\b", "ICM"),
        (r"\bact\b", "ACT"),
        (r"myndighed|koordinator|coordinator", "MYNDIGHEDSKOORDINATOR"),
    ),
}


def parse_reply(slot: str, text: str) -> Any:
    """Interpret a bare reply to the clarifying question for ``slot``; None if unreadable.

    >>> parse_reply("housing_allocated", "Nej, ikke endnu")
    False
    >>> parse_reply("caseload", "elleve")
    11
    """
    t = _clean(text).lower().strip(" .!?")
    if not t:
        return None
    if slot == "young":
        if re.search(r"under 30|\bung\b|young", t):
            return True
        if re.search(r"over 30|30 år eller|voksen|adult|ældre", t):
            return False
        m = re.search(NUM, t)
        if m and isinstance(parse_number(m.group("n")), int) and parse_number(m.group("n")) >= 14:
            return parse_number(m.group("n")) <= 29
        return _reply_bool(t)
    if slot in BOOL_SLOTS:
        return _reply_bool(t)
    if slot in INT_SLOTS or slot in FLOAT_SLOTS:
        m = re.search(NUM_HALF, t)
        if not m:
            return None
        n = _num(m)
        if slot in FLOAT_SLOTS:
            return n
        return int(n) if float(n).is_integer() else None
    for pattern, value in _REPLY_LEXICON.get(slot, ()):
        if re.search(pattern, t):
            return value
    return None


def with_reply(profile: CaseProfile, slot: str, text: str) -> CaseProfile:
    """Merge a reply to the clarifying question for ``slot`` into ``profile``."""
    return profile.merge(extract_profile(text, expecting=slot))


# A soft fact the note says is not known yet: "vi ved ikke endnu, hvor længe hun har brug for støtte",
# "we don't know yet how long she'll need support", "det er uvist, hvor godt han kan bruge tilbuddene".
# Read by meaning, such a sentence is near the phrasings of a value ("how long … need support" is
# near the long-need ones), so the reader must not fill the slot from it: the rules ask instead.
_STATED_UNKNOWN = {
    "support_need": re.compile(
        r"\b(?:ved|kender|aner)\s+(?:\w+\s+){0,2}?ikke,?\s+(?:\w+,?\s+){0,3}?hvor\s+(?:længe|lang\s+tid)"
        r"|\b(?:uvist|uklart|usikkert|svært\s+at\s+sige|for\s+tidligt\s+at\s+sige|ikke\s+afklaret)\s*,?\s+(?:\w+\s+){0,2}?"
        r"hvor\s+(?:længe|lang\s+tid)"
        r"|\b(?:don't|do\s+not|doesn't|does\s+not|didn't)\s+(?:\w+\s+){0,2}?know\s+(?:\w+\s+){0,2}?how\s+long"
        r"|\b(?:unclear|uncertain|not\s+(?:yet\s+)?sure|hard\s+to\s+say|too\s+early\s+to\s+(?:say|tell))\s*,?\s+(?:\w+\s+){0,2}?how\s+long",
        re.I,
    ),
    "support_ability": re.compile(
        r"\b(?:ved|kender|aner)\s+(?:\w+\s+){0,2}?ikke,?\s+(?:\w+,?\s+){0,3}?(?:hvor\s+godt|hvor\s+meget|hvordan|om)\s+"
        r"(?:han|hun|de|borgeren|den\s+unge)\s+(?:selv\s+)?(?:kan\s+)?(?:selv\s+)?(?:bruge|benytte|klare|gøre\s+brug)"
        r"|\b(?:uvist|uklart|usikkert|svært\s+at\s+sige)\s*,?\s+(?:\w+\s+){0,2}?(?:hvor\s+godt|hvor\s+meget|om)\s+"
        r"(?:han|hun|de|borgeren|den\s+unge)\s+(?:selv\s+)?(?:kan\s+)?(?:bruge|benytte|klare)"
        r"|\b(?:don't|do\s+not|doesn't|does\s+not)\s+(?:\w+\s+){0,2}?know\s+(?:\w+\s+){0,2}?(?:how\s+well|how\s+much|whether|if)\s+"
        r"(?:he|she|they)\s+(?:can\s+|could\s+)?(?:use|manage|cope)",
        re.I,
    ),
}


def stated_unknown(text: str) -> frozenset[str]:
    """The soft slots the text says are not known yet (see ``_STATED_UNKNOWN``); the reader
    leaves them to a clarifying question rather than reading them by meaning.

    >>> sorted(stated_unknown("She can use other services. We don't know yet how long she'll need support."))
    ['support_need']
    """
    return frozenset(slot for slot, rx in _STATED_UNKNOWN.items() if rx.search(text))


__all__ = ["extract_profile", "parse_reply", "stated_unknown", "with_reply"]

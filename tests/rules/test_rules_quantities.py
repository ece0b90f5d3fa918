"""Typed parsers for the crisp numbers of a case (``assistant.rules.quantities``): each kind of
phrasing staff use for a caseload, a team and the CTI clock, and the phrasings that must not count."""

from __future__ import annotations

import pytest

from assistant.rules.quantities import (
    caseload_count,
    caseload_update,
    listed_count,
    months_elapsed,
    months_since_move,
    months_update,
    team_size,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text,count",
    [
        ("Min kollega har fået 11 borgere tilknyttet. Er det for mange?", 11),
        ("CTI-medarbejderen har ti unge", 10),  # number words
        ("she has 7 clients and gets one more", 8),  # an addition counts
        ("hun har 9 nu + 2 nye i næste uge", 11),  # bare count, then the people added
        ("vi har 9 pr medarbejder", 9),  # per worker, no noun
        ("Vores ACT-team har 38 borgere og 5 medarbejdere", 38),
        # the level reached after additions is the load
        ("har lige fået 2 nye borgere så jeg er oppe på 13. er det ok?", 13),
        ("took on two more clients, bringing me to 12", 12),
    ],
)
def test_caseload_counts_in_the_ways_notes_state_them(text, count):
    assert caseload_count(text) == count


@pytest.mark.parametrize(
    "text",
    [
        "Anbefalingen er højst 10 borgere",  # a limit, not a load
        "en borger m 60",  # "en" introduces a person
        "Hvad er caseload i ACT?",
        "Han er 45 år og har 3 børn",  # no people attached to a worker
        "Vi har måske 10-12 borgere der ville passe til ACT",  # a target group, not a load
        "må vores CTI-folk også have et par almindelige §85 sager ved siden af?",  # a legal reference
    ],
)
def test_limits_ages_and_single_persons_are_not_caseloads(text):
    assert caseload_count(text) is None


@pytest.mark.parametrize(
    "text,size",
    [
        ("Vores ACT-team har 38 borgere og 5 medarbejdere", 5),
        ("ACT-teamet består af 4 faste medarbejdere og har 30 borgere", 4),
        ("Our team has 6 staff members and 40 clients", 6),
        ("Our ICM team is 3 support workers and we have 22 citizens between us", 3),  # a qualifier word
        ("Hun har 5 medarbejdere at sparre med", None),  # no team named
        ("alle fire ICM-medarbejdere er tilbage. Vi har i dag 30 borgere i ICM i alt", 4),  # a total
    ],
)
def test_team_size_only_for_a_team(text, size):
    assert team_size(text) == size


@pytest.mark.parametrize(
    "text,months",
    [
        ("Borgeren fik nøglerne til sin lejlighed for to uger siden.", 0.5),
        ("Han har boet på herberget i 5 mdr. For 5 uger siden flyttede han i egen bolig.", 1.2),
        ("Hun flyttede ind i egen lejlighed 1. marts, i dag er den 2. maj", 2.0),
        ("He moved into his own flat half a year ago", 6.0),
        ("5 måneder inde i CTI-forløbet", 5.0),
        ("I dag er d. 14/3-2025. Jens fik nøglerne og flyttede ind i lejligheden 2. januar.", 2.3),  # today first
        ("borgeren flyttede ind og startede cti d. 3. februar 2025. nu er det 10. juni 2025", 4.2),
        ("hun er i uge 30 af sit CTI forløb", 6.9),  # the course's week number
    ],
)
def test_the_cti_clock_counts_from_moving_into_own_home(text, months):
    assert months_since_move(text) == months


@pytest.mark.parametrize(
    "text",
    [
        "Hvorfor er CTI-forløb 12 måneder?",  # a claimed length, not elapsed time
        "Han har boet på herberget i 8 måneder",  # time elsewhere does not start the clock
        "Hvad sker der i de ni måneder?",
    ],
)
def test_lengths_and_time_elsewhere_do_not_start_the_clock(text):
    assert months_since_move(text) is None


@pytest.mark.parametrize(
    "text,earlier,after",
    [
        ("hvad hvis hun får 2 mere?", 9, 11),
        ("og hvis han får en til?", 8, 9),
        ("and if she takes on another 3?", 7, 10),
        ("hvad hvis hun har 12?", 9, 12),  # a new count replaces
        ("og hvad siger manualen?", 9, None),
    ],
)
def test_a_caseload_follow_up_adds_or_replaces(text, earlier, after):
    assert caseload_update(text, earlier) == after


@pytest.mark.parametrize(
    "text,earlier,after",
    [
        ("og nu er der gået 5 mdr mere?", 2.0, 7.0),  # more time: added
        ("og om 2 måneder?", 5.0, 7.0),  # a time ahead: added
        ("og nu er der gået 7 mdr, hvad så?", 2.0, 7.0),  # a new total
        ("hvad gør vi så?", 2.0, None),
    ],
)
def test_a_phase_follow_up_adds_or_states_the_total(text, earlier, after):
    assert months_update(text, earlier) == after


def test_elapsed_time_without_a_home_is_for_follow_ups_only():
    assert months_elapsed("nu er der gået 7 mdr") == 7.0
    assert months_elapsed("hvilken fase?") is None


@pytest.mark.parametrize(
    "text,count",
    [
        ("vores icm-medarb. har lige fået sin 9. borger i dag, er det ok?", 9),
        ("Hun har netop fået sin tiende klient", 10),
        ("she just got her 9th client, is that ok?", 9),
        ("borger nummer 11 er kommet til i dag", 11),
    ],
)
def test_the_newest_persons_number_is_the_caseload(text, count):
    assert caseload_count(text) == count


@pytest.mark.parametrize(
    "text,months",
    [
        # a part of a month stands for a day: først/primo 5, midt/medio 15, sidst/ultimo 25
        ("borgeren flyttede ind i egen lejlighed midt i januar og fik cti fra indflytningen. nu er vi sidst i maj.", 4.3),
        ("flyttede i egen bolig primo marts, vi er nu medio juni", 3.4),
        ("moved into her own flat in early February, we are now in late May", 3.6),
        ("hun fik nøglerne til sin egen lejlighed i januar. Nu er vi i april.", 3.0),
        ("I dag er det sidst i august. Han flyttede ind i sin lejlighed først i maj.", 3.7),
    ],
)
def test_dates_given_as_parts_of_months(text, months):
    assert months_since_move(text) == months


def test_a_month_name_followed_by_a_year_is_no_day():
    # "januar 2025" is no "januar 20"
    assert months_since_move("flyttede ind i egen bolig 2. januar 2025, i dag er det 14. marts 2025") == 2.3


def test_the_start_is_the_date_nearest_to_the_move_into_the_own_home():
    text = (
        "Kim var på boformen fra juni, og vi startede kontaktpersonforløbet der i august fordi vi vidste han "
        "skulle have CTI. Han flyttede dog først ind i egen bolig 1. december 2024. I dag er 15. maj 2025."
    )
    assert months_since_move(text) == 5.4


@pytest.mark.parametrize(
    "text,count",
    [
        ("jeg er ICM medarb. og har lige faaet 2 nye borgere paa, saa nu har jeg 10 i alt", 10),
        ("i alt 12 borgere", 12),
        ("teamet har tilsammen 40 borgere", 40),
    ],
)
def test_a_stated_total_is_the_caseload(text, count):
    assert caseload_count(text) == count


@pytest.mark.parametrize(
    "text,count",
    [
        ("Hun kører CTI og har pt disse forløb:\n- JH (flyttet ind i marts)\n- KL\n- PB\n- SN\nDe to vi lukkede er ikke med.", 4),
        ("Mine borgere lige nu:\n1) A\n2) B\n3) C", 3),
        ("his caseload:\n* A\n* B\n* C\n* D\n* E", 5),
        # facts about one person are no list of people; two lines are no list
        ("Om den unge:\n- 19 år\n- sover hos venner\n- angst", None),
        ("Hun har disse borgere:\n- A\n- B", None),
    ],
)
def test_people_listed_one_per_line_are_counted(text, count):
    assert listed_count(text) == count


@pytest.mark.parametrize(
    "text,count",
    [
        ("Nadia har præcis otte unge nu. Vi har en ny 19-årig, kan hun tage ham uden at ryge over?", 9),
        ("she has 8 clients; can she take him on?", 9),
    ],
)
def test_a_person_about_to_be_taken_on_counts(text, count):
    assert caseload_count(text) == count


def test_each_workers_own_count_is_no_shared_caseload():
    text = "vi har tre cti-medarbejdere i teamet. søren har p.t. tolv borgere i cti, aisha har 9 og lone har 10."
    assert (team_size(text), caseload_count(text)) == (None, 12)


def test_an_english_today_with_a_part_of_a_month():
    text = "client moved out of the shelter into her own flat in mid-september; it's mid-april now."
    assert months_since_move(text) == 7.0


@pytest.mark.parametrize(
    "text,months",
    [
        # today named by "nu/idag/det er nu" before any kind of date: day + month, a part of a month, a bare month
        ("CTI-borger flyttede ind 1. februar, nu er det midt i maj.", 3.4),
        ("cti borger flyttede ind d. 1. februar, idag er det d. 15 september.", 7.4),
        ("Hun flyttede ind i marts. Nu er det september.", 6.0),
        ("har boet i egen bolig siden marts, det er nu juli", 4.0),
        ("He moved in on March 3rd and today is July 20.", 4.6),
        # week numbers of the year, across new year
        ("Min CTI-borger flyttede ind i uge 10 og nu er vi i uge 33.", 5.3),
        ("He moved into his flat in week 40, we are now in week 6.", 4.2),
        # dates with dots and a year, across new year
        ("Indflytning 10/9-24, CTI startet samme dag. Dags dato 28.1.25.", 4.6),
        # an abbreviated month next to its day
        ("Client moved into own flat on 24 June 2024. Today is 3 Feb 2025.", 7.4),
        ("flyttede ind 3. okt., i dag er det 20. dec.", 2.6),
        # the note's own date in its header is today's
        ("Status 12.03.2024 (MH) Borger flyttede ind i egen lejlighed i Vestbyen d. 4. februar 2024.", 1.2),
        ("Journalnotat 14/3 – borger flyttede ind i egen bolig 1/1.", 2.4),
        ("Dato: 3. maj. Hun fik nøglerne til lejligheden 1. februar.", 3.0),
        ("Status pr. 1/9: han flyttede i egen bolig 1/8", 1.0),
    ],
)
def test_the_cti_clock_from_a_move_in_date_and_todays_date(text, months):
    assert months_since_move(text) == months


def test_a_note_dated_after_its_text_gives_no_today() -> None:
    # "Notat fra 3/9" names where a note came from, not today's date in a header
    assert months_since_move("Borger flyttede ind i egen bolig 1/8. Notat fra 3/9.") is None


@pytest.mark.parametrize(
    "text,months",
    [
        # the parts of one length are added up
        ("Han flyttede i egen bolig for et halvt år og en måned siden", 7.0),
        ("she moved into her flat 1 year and 2 months ago", 14.0),
        ("fik nøglerne for 2 mdr + 1 uge siden", 2.2),
        ("Han har boet i lejligheden i halvandet måned", 1.5),  # the common misspelling of halvanden
        # an age in the same clause is no elapsed time: the length followed by "siden" is
        ("Borger 45 år i CTI, flyttede ind for 2 måneder siden.", 2.0),
        # a few days or weeks is a short time
        ("Det er kun nogle dage siden han fik nøglerne og flyttede ind.", 0.1),
        ("She moved in a few weeks ago.", 0.7),
    ],
)
def test_a_length_in_parts_is_one_length_and_an_age_is_none(text, months):
    assert months_since_move(text) == months


@pytest.mark.parametrize(
    "text,count",
    [
        # the person about to be taken on, by their number
        ("louise har otte unge lige nu, og lederen foreslår at louise tager ham som nummer ni", 9),
        # several named workers each with a count: the one the question is about, plus the new person
        ("anna has 7, jonas has 8 and sara has 6. a new referral came in and jonas wants to take him", 9),
        ("mette har 9, ole har 6. ole vil gerne tage hende", 7),
        # people named in one line after a colon, and a new one starting
        ("my current cti citizens: ali, bente, carsten, dorthe, emil, frida, gustav, hanne and ib. a new one, jens, starts", 10),
        ("mine borgere: kim, lis, bo og per", 4),
        # people taken over from a colleague
        ("jeg har syv borgere i cti og skal efter påske overtage tre fra en kollega", 10),
        ("she has 6 clients and is taking over two from a colleague", 8),
        # an abbreviation's dot does not cut the count from its worker
        ("vores cti-medarbejder lone har pt. 9 borgere i forløb. er det ok?", 9),
    ],
)
def test_the_count_of_the_worker_asked_about_with_the_people_being_added(text, count):
    assert caseload_count(text) == count


def test_a_decimal_is_no_date():
    assert months_since_move("Han har boet i egen bolig i 2.5 måneder, i dag er det 1. maj") == 2.5

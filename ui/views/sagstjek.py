"""Sagstjek: a form with the case-profile fields (or free text) → every applicable rule verdict."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.errors import MetodeguideError
from assistant.rules.profile import CaseProfile
from assistant.rules.reader import Understood
from ui.i18n import t
from ui.render import render_verdict_card
from ui.state import document_origins, document_titles, get_assistant, get_settings, lang

RESULT_KEY = "mg_check_result"  # {"verdicts", "understood", "from_text"} of the last check
FILL_KEY = "mg_check_fill"  # facts read from the free text, to put into the form before it draws
# form widget key -> CaseProfile slot (the role widget also sets the method)
FORM_KEYS: dict[str, str] = {
    "f_age": "age",
    "f_hs": "housing_situation",
    "f_stay": "stay",
    "f_alloc": "housing_allocated",
    "f_ability": "support_ability",
    "f_need": "support_need",
    "f_complex": "complex_needs",
    "f_psych": "psychiatric",
    "f_subst": "substance",
    "f_treat": "treatment_need",
    "f_months": "months_in_cti",
    "f_meetings": "meetings_per_year",
    "f_role": "caseload_role",
    "f_caseload": "caseload",
}

settings = get_settings()
L = lang()

st.title(t("check_title", L))
st.caption(t("check_intro", L))
st.info(t("privacy", L))

try:
    assistant = get_assistant(settings, wait_message=t("starting", L))
except MetodeguideError as exc:
    st.error(str(exc))
    st.stop()


def _choice(label_key: str, options: list[Any], labels: dict[Any, str], key: str) -> Any:
    values = [None, *options]
    return st.selectbox(
        t(label_key, L),
        values,
        format_func=lambda v: t("unknown", L) if v is None else labels[v],
        key=key,
    )


def _yes_no(label_key: str, key: str) -> bool | None:
    return _choice(label_key, [True, False], {True: t("yes", L), False: t("no", L)}, key)  # type: ignore[no-any-return]


def _opt(*names: str) -> dict[str, str]:
    return {n: t(f"o_{n}", L) for n in names}


# The free text was read: its facts fill the same form (set before the widgets are drawn).
fill = st.session_state.pop(FILL_KEY, None)
if fill is not None:
    for widget, slot in FORM_KEYS.items():
        value = fill.get(slot)
        if widget == "f_role" and value is None:
            value = fill.get("method") if fill.get("method") in ("CTI", "ICM", "ACT") else None
        if value is None:
            # unset, so the field shows its own "Ikke angivet" (a None in the session state shows
            # Streamlit's English placeholder)
            st.session_state.pop(widget, None)
        else:
            st.session_state[widget] = value

form_tab, text_tab = st.tabs([t("check_tab_form", L), t("check_tab_text", L)])
with form_tab, st.form("mg_check_form"):
    st.subheader(t("sec_person", L))
    c1, c2 = st.columns(2)
    with c1:
        age = st.number_input(t("f_age", L), min_value=0, max_value=120, value=None, step=1, key="f_age")
        housing_situation = _choice(
            "f_housing_situation",
            ["homeless", "at_risk", "housed"],
            _opt("homeless", "at_risk", "housed"),
            "f_hs",
        )
    with c2:
        stay = _choice(
            "f_stay",
            ["street", "shelter", "sofa", "institution", "prison", "own_home"],
            _opt("street", "shelter", "sofa", "institution", "prison", "own_home"),
            "f_stay",
        )
        housing_allocated = _yes_no("f_housing_allocated", "f_alloc")
    st.subheader(t("sec_needs", L))
    c1, c2 = st.columns(2)
    with c1:
        support_ability = _choice(
            "f_support_ability", ["high", "some", "low"], _opt("high", "some", "low"), "f_ability"
        )
        support_need = _choice(
            "f_support_need", ["short", "long", "none"], _opt("short", "long", "none"), "f_need"
        )
        complex_needs = _yes_no("f_complex_needs", "f_complex")
    with c2:
        psychiatric = _yes_no("f_psychiatric", "f_psych")
        substance = _yes_no("f_substance", "f_subst")
        treatment_need = _yes_no("f_treatment_need", "f_treat")
    st.subheader(t("sec_course", L))
    c1, c2 = st.columns(2)
    with c1:
        months = st.number_input(
            t("f_months_in_cti", L), min_value=0.0, max_value=60.0, value=None, step=0.5, key="f_months"
        )
        meetings = st.number_input(
            t("f_meetings_per_year", L), min_value=0, max_value=52, value=None, step=1, key="f_meetings"
        )
    with c2:
        role = _choice(
            "f_caseload_role",
            ["CTI", "ICM", "ACT", "MYNDIGHEDSKOORDINATOR"],
            {
                "CTI": "CTI",
                "ICM": "ICM",
                "ACT": "ACT",
                "MYNDIGHEDSKOORDINATOR": t("o_myndighedskoordinator", L),
            },
            "f_role",
        )
        caseload = st.number_input(
            t("f_caseload", L), min_value=0, max_value=500, value=None, step=1, key="f_caseload"
        )
    form_submitted = st.form_submit_button(t("check_submit", L), type="primary")

with text_tab, st.form("mg_check_text"):
    case_text = st.text_area(t("check_text_label", L), placeholder=t("check_text_example", L), key="f_text")
    text_submitted = st.form_submit_button(t("check_submit", L), type="primary")

if form_submitted:
    profile = CaseProfile(
        age=None if age is None else int(age),
        housing_situation=housing_situation,
        stay=stay,
        housing_allocated=housing_allocated,
        support_ability=support_ability,
        support_need=support_need,
        complex_needs=complex_needs,
        psychiatric=psychiatric,
        substance=substance,
        treatment_need=treatment_need,
        months_in_cti=None if months is None else float(months),
        method=role if role in ("CTI", "ICM", "ACT") else None,
        caseload=None if caseload is None else int(caseload),
        caseload_role=role,
        meetings_per_year=None if meetings is None else int(meetings),
    )
    if profile.is_empty():
        st.session_state[RESULT_KEY] = None
    else:
        derived = profile.derived()
        entered = tuple(Understood(slot, value, "formular") for slot, value in derived.known().items())
        st.session_state[RESULT_KEY] = {"verdicts": assistant.check(profile), "understood": entered, "from_text": False}
elif text_submitted:
    if not case_text.strip():
        st.session_state[RESULT_KEY] = None
    else:
        reading = assistant.read_case(case_text)
        st.session_state[RESULT_KEY] = {
            "verdicts": assistant.check(case_text),
            "understood": reading.understood,
            "from_text": True,
        }
        st.session_state[FILL_KEY] = reading.profile.known()
        st.rerun()

if RESULT_KEY in st.session_state:
    result = st.session_state[RESULT_KEY]
    st.subheader(t("check_results", L))
    if result is None:
        st.warning(t("check_empty", L))
    elif not result["verdicts"]:
        st.warning(t("check_text_none" if result["from_text"] else "check_none", L))
    else:
        if result["from_text"]:
            st.caption(t("check_filled", L))
        titles = document_titles(assistant)
        origins = document_origins(assistant)
        for i, v in enumerate(result["verdicts"]):
            render_verdict_card(
                v,
                L,
                f"chk_{i}",
                titles=titles,
                fetch=assistant.document,
                understood=result["understood"],
                origins=origins,
            )

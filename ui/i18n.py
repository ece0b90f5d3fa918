"""UI strings in Danish (default) and English. ``t(key, lang, **fmt)`` looks one up.

>>> t("nav_chat", "da"), t("nav_check", "en")
('Chat', 'Case check')
>>> t("answer_meta", "da", version="abc123", mode="extraktiv", ms=12)
'Korpusversion abc123 · extraktiv · 12 ms'
"""

from __future__ import annotations

LANGS = ("da", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # --- frame
    "app_title": ("Metodeguiden", "Metodeguiden"),
    "tagline": (
        "Spørg i metodehåndbøgerne om Housing First — CTI, ICM, ACT og Samarbejdsmodellen. "
        "Hvert svar viser, hvor i håndbogen det står.",
        "Ask the Housing First method manuals — CTI, ICM, ACT and Samarbejdsmodellen. "
        "Every answer shows where in the manual it is written.",
    ),
    "privacy": (
        "🔒 Skriv ikke personoplysninger (navn, CPR-nr., adresse, telefon). Beskriv sagen generelt.",
        "🔒 Do not enter personal data (name, CPR no., address, phone). Describe the case in general terms.",
    ),
    "lang_label": ("Sprog / Language", "Sprog / Language"),
    "nav_section_work": ("Metodeguiden", "Metodeguiden"),
    "nav_section_admin": ("Administration", "Administration"),
    "nav_chat": ("Chat", "Chat"),
    "nav_check": ("Sagstjek", "Case check"),
    "nav_sources": ("Kilder", "Sources"),
    "nav_corpus": ("Korpus", "Corpus"),
    "nav_eval": ("Evaluering", "Evaluation"),
    "corpus_version_sidebar": ("Korpusversion: {version}", "Corpus version: {version}"),
    "unexpected_error": (
        "Der skete en uventet fejl. Prøv igen; hvis det gentager sig, så kontakt den ansvarlige for "
        "Metodeguiden (detaljer står i serverens log).",
        "An unexpected error occurred. Try again; if it happens again, contact whoever runs "
        "Metodeguiden (details are in the server log).",
    ),
    # --- access
    "admin_only": ("Denne side er kun for administratorer.", "This page is for administrators only."),
    "admin_password": ("Administratoradgangskode", "Administrator password"),
    "admin_login": ("Log ind som administrator", "Log in as administrator"),
    "admin_wrong": ("Forkert adgangskode. Prøv igen.", "Wrong password. Try again."),
    "admin_locked": (
        "For mange forkerte forsøg. Vent {s} sekunder, og prøv igen.",
        "Too many wrong attempts. Wait {s} seconds and try again.",
    ),
    "admin_not_configured": (
        "Der er ikke sat en administratoradgangskode, så siden er lukket. Lav en hash med "
        "`python -m ui.auth hash`, sæt den som `METODEGUIDE_ADMIN_PASSWORD_HASH` (eller "
        "`admin_password_hash` i `metodeguide.toml`), og genstart appen.",
        "No administrator password is configured, so this page is closed. Create a hash with "
        "`python -m ui.auth hash`, set it as `METODEGUIDE_ADMIN_PASSWORD_HASH` (or "
        "`admin_password_hash` in `metodeguide.toml`), and restart the app.",
    ),
    "admin_bad_config": ("Adgangen er lukket: {msg}", "Access is closed: {msg}"),
    "admin_logged_in": ("Logget ind som administrator", "Logged in as administrator"),
    "admin_logout": ("Log ud", "Log out"),
    "oidc_login": ("Log ind", "Log in"),
    "oidc_login_needed": (
        "Log ind med din arbejdskonto for at bruge Metodeguiden.",
        "Log in with your work account to use Metodeguiden.",
    ),
    "oidc_admin_denied": (
        "Din konto ({email}) er ikke administrator. Bed den ansvarlige tilføje den under "
        "`[metodeguide] admin_emails` i `.streamlit/secrets.toml`, eller brug administratoradgangskoden.",
        "Your account ({email}) is not an administrator. Ask whoever runs Metodeguiden to add it under "
        "`[metodeguide] admin_emails` in `.streamlit/secrets.toml`, or use the administrator password.",
    ),
    "login_needed_password": (
        "Metodeguiden er sat op til at kræve login (`require_login`), men der er ingen "
        "identitetsudbyder i `.streamlit/secrets.toml` ([auth]). Log ind med administratoradgangskoden.",
        "Metodeguiden requires login (`require_login`), but no identity provider is configured in "
        "`.streamlit/secrets.toml` ([auth]). Log in with the administrator password.",
    ),
    # --- chat
    "chat_title": ("Spørg metodehåndbøgerne", "Ask the method manuals"),
    "chat_placeholder": ("Skriv dit spørgsmål om metoderne …", "Ask about the methods …"),
    "chat_examples": ("Prøv for eksempel:", "Try for example:"),
    "example_1": ("Hvor lang tid varer et CTI-forløb?", "How long does a CTI course last?"),
    "example_2": (
        "En ICM-medarbejder har 11 borgere – er det ok?",
        "An ICM worker has 11 citizens – is that ok?",
    ),
    "example_3": (
        "Kan CTI starte, før der er fundet en bolig?",
        "Can CTI start before housing has been found?",
    ),
    "new_conversation": ("Ny samtale", "New conversation"),
    "recent_conversations": ("Seneste samtaler i denne browser", "Recent conversations in this browser"),
    "open_conversation": ("Åbn samtalen", "Open the conversation"),
    "delete_conversation": ("Slet samtalen", "Delete the conversation"),
    "conversation_deleted": ("Samtalen er slettet.", "The conversation was deleted."),
    "conversation_not_saved": (
        "Samtalen kunne ikke gemmes til genindlæsning: {msg}",
        "The conversation could not be saved for reloading: {msg}",
    ),
    "export": ("Hent samtalen (Markdown)", "Download conversation (Markdown)"),
    "starting": (
        "Starter Metodeguiden – indlæser håndbøgerne …",
        "Starting Metodeguiden – loading the manuals …",
    ),
    "thinking": ("Slår op i håndbøgerne …", "Looking it up in the manuals …"),
    "answer_meta": (
        "Korpusversion {version} · {mode} · {ms} ms",
        "Corpus version {version} · {mode} · {ms} ms",
    ),
    "mode_extractive": ("uddrag fra håndbøgerne", "extracts from the manuals"),
    "mode_llm": ("sprogmodel med kildekontrol", "language model, citations checked"),
    "abstain_title": (
        "**Ikke dækket af håndbøgerne.** Svaret herunder er ikke et svar fra kilderne.",
        "**Not covered by the manuals.** What follows is not an answer from the sources.",
    ),
    "related_heading": ("Relaterede passager — ikke et svar", "Related passages — not an answer"),
    "sources_heading": ("Kilder", "Sources"),
    "page": ("s. {page}", "p. {page}"),
    "page_unknown": ("side ukendt", "page unknown"),
    "open_in_reader": ("Læs hele siden under Kilder", "Read the whole page under Sources"),
    "quote_not_located": (
        "Citatet kunne ikke placeres præcist i passagen; her er citatet:",
        "The quote could not be located exactly in the passage; here is the quote:",
    ),
    "notes_heading": ("Bemærk", "Note"),
    "masked_notice": (
        "Personoplysninger i dit spørgsmål er skjult ({kinds}) og gemmes ikke.",
        "Personal data in your question was masked ({kinds}) and is not stored.",
    ),
    "feedback_prompt": ("Var svaret nyttigt?", "Was the answer useful?"),
    "feedback_comment": (
        "Kommentar (valgfri, ingen personoplysninger)",
        "Comment (optional, no personal data)",
    ),
    "feedback_send": ("Send tilbagemelding", "Send feedback"),
    "feedback_thanks": ("Tak for din tilbagemelding.", "Thank you for your feedback."),
    "feedback_failed": (
        "Tilbagemeldingen kunne ikke gemmes: {msg}",
        "The feedback could not be saved: {msg}",
    ),
    "empty_question": (
        "Der kom kun mellemrum. Skriv et spørgsmål, fx »Hvor lang tid varer et CTI-forløb?«",
        "Only spaces were sent. Type a question, e.g. “How long does a CTI course last?”",
    ),
    "answer_interrupted": (
        "Svaret blev afbrudt, da siden blev genindlæst. Stil spørgsmålet igen.",
        "The answer was interrupted when the page was reloaded. Ask the question again.",
    ),
    "ask_again": ("Stil spørgsmålet igen", "Ask the question again"),
    "you": ("Dig", "You"),
    # --- verdicts
    "verdict_badge": ("Regelvurdering", "Rule check"),
    "verdict_needs_input": ("Der mangler oplysninger", "Information is missing"),
    "badge_caseload_ok": ("Inden for grænsen", "Within the limit"),
    "badge_caseload_over": ("Over grænsen", "Above the limit"),
    "badge_start_ok": ("Kan starte nu", "Can start now"),
    "badge_start_not": ("Kan ikke starte endnu", "Cannot start yet"),
    "badge_phase": ("CTI-fase {phase}", "CTI phase {phase}"),
    "verdict_quick_replies": ("Vælg et svar, eller skriv selv:", "Pick an answer, or type your own:"),
    "verdict_missing": ("Mangler: {fields}", "Missing: {fields}"),
    "verdict_sources": ("Kilder til vurderingen", "Sources for this check"),
    "verdict_rule": ("Regel: {rule}", "Rule: {rule}"),
    "understood_fix": ("Ret det forståede", "Correct what was understood"),
    "understood_fix_help": (
        "Ret en oplysning, der er læst forkert, så vurderes sagen igen.",
        "Correct a fact that was read wrongly, and the case is checked again.",
    ),
    "understood_fix_submit": ("Vurdér igen", "Check again"),
    "understood_fix_nothing": ("Du har ikke ændret noget.", "You did not change anything."),
    "corrected_question": ("Rettelse: {facts}", "Correction: {facts}"),
    "fact_unknown": ("ukendt", "unknown"),
    # --- case check
    "check_title": ("Sagstjek", "Case check"),
    "check_intro": (
        "Udfyld det, du ved om borgeren. Felter kan stå tomme — så siger vurderingen, hvad der mangler. "
        "Vurderingerne bygger på faste regler fra håndbøgerne, ikke på gæt.",
        "Fill in what you know about the citizen. Fields can be left empty — the check then says what is "
        "missing. The checks are fixed rules from the manuals, not guesses.",
    ),
    "check_tab_form": ("Formular", "Form"),
    "check_tab_text": ("Fritekst", "Free text"),
    "check_text_label": (
        "Beskriv sagen med dine egne ord (ingen navne eller CPR-nr.)",
        "Describe the case in your own words (no names or CPR numbers)",
    ),
    "check_text_example": (
        "fx: En hjemløs ung på 22, som har brug for langvarig støtte",
        "e.g.: A homeless 22-year-old who needs long-term support",
    ),
    "check_submit": ("Vurdér sagen", "Check the case"),
    "check_results": ("Vurderinger", "Checks"),
    "check_none": (
        "Ingen regler kunne bruges på det, der er udfyldt. Udfyld flere felter.",
        "No rule applies to what was filled in. Fill in more fields.",
    ),
    "check_empty": ("Udfyld mindst ét felt.", "Fill in at least one field."),
    "check_text_none": (
        "Teksten nævner ingen af de oplysninger, reglerne bygger på (fx alder, boligsituation, "
        "støttebehov, antal borgere pr. medarbejder eller måneder i egen bolig). Beskriv sagen lidt mere.",
        "The text states none of the facts the rules use (e.g. age, housing situation, support need, "
        "citizens per worker or months in own home). Describe the case a little more.",
    ),
    "check_filled": (
        "Formularen er udfyldt med det, der blev forstået af teksten. Ret et felt under «Formular», og "
        "vurdér sagen igen.",
        "The form has been filled in with what was understood from the text. Correct a field under "
        "“Form” and check the case again.",
    ),
    "f_young": ("Under 30 år", "Under 30"),
    "f_method": ("Metode", "Method"),
    "f_team_size": ("Antal medarbejdere, der deler borgerne", "Workers sharing the citizens"),
    "f_caseload_shared": ("Antallet er hele teamets", "The number is the whole team's"),
    "f_in_samarbejdsmodellen": ("I Samarbejdsmodellen", "In Samarbejdsmodellen"),
    "unknown": ("Ikke angivet", "Not given"),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "f_age": ("Alder", "Age"),
    "f_housing_situation": ("Boligsituation", "Housing situation"),
    "f_stay": ("Hvor opholder borgeren sig?", "Where does the citizen stay?"),
    "f_housing_allocated": ("Er der anvist/fundet en bolig?", "Has housing been allocated?"),
    "f_support_ability": (
        "Kan borgeren bruge andre tilbud i det almindelige system?",
        "Can the citizen use other support in the ordinary system?",
    ),
    "f_support_need": ("Forventet støttebehov", "Expected support need"),
    "f_complex_needs": ("Komplekse behov", "Complex needs"),
    "f_psychiatric": ("Psykisk sygdom", "Mental illness"),
    "f_substance": ("Misbrug", "Substance abuse"),
    "f_treatment_need": ("Behov for behandling", "Needs treatment"),
    "f_months_in_cti": (
        "Måneder i CTI-forløbet (fra indflytning)",
        "Months into the CTI course (since moving in)",
    ),
    "f_caseload": ("Antal borgere pr. medarbejder", "Citizens per worker"),
    "f_caseload_role": ("Medarbejderens metode eller rolle", "The worker's method or role"),
    "f_meetings_per_year": ("Netværksmøder om året (unge)", "Network meetings per year (youth)"),
    "sec_person": ("Borger og bolig", "Citizen and housing"),
    "sec_needs": ("Støttebehov", "Support needs"),
    "sec_course": ("Forløb og sagsstamme", "Course and caseload"),
    "o_homeless": ("Hjemløs", "Homeless"),
    "o_at_risk": ("I risiko for hjemløshed", "At risk of homelessness"),
    "o_housed": ("Har egen bolig", "Has own housing"),
    "o_street": ("På gaden", "On the street"),
    "o_shelter": ("Forsorgshjem/herberg (§ 110)", "Shelter (§ 110)"),
    "o_sofa": ("Sofasurfer hos andre", "Sofa surfing"),
    "o_institution": ("Institution/behandling", "Institution/treatment"),
    "o_prison": ("Fængsel", "Prison"),
    "o_own_home": ("Egen bolig", "Own home"),
    "o_high": ("I høj grad", "To a high degree"),
    "o_some": ("I nogen grad", "To some degree"),
    "o_low": ("I lav grad", "To a low degree"),
    "o_short": ("Kortvarigt, i en overgang", "Short, during a transition"),
    "o_long": ("Langvarigt", "Long-term"),
    "o_none": ("Intet behov for bostøtte", "No need for housing support"),
    "o_myndighedskoordinator": ("Myndighedskoordinator", "Case coordinator (myndighed)"),
    # --- sources
    "sources_title": ("Kilder", "Sources"),
    "sources_intro": (
        "De håndbøger og dokumenter, Metodeguiden svarer ud fra. Søg i dem, eller læs en side.",
        "The manuals and documents Metodeguiden answers from. Search them, or read a page.",
    ),
    "col_title": ("Titel", "Title"),
    "col_publisher": ("Udgiver", "Publisher"),
    "col_year": ("År", "Year"),
    "col_kind": ("Type", "Kind"),
    "col_chunks": ("Passager", "Passages"),
    "col_source": ("Fil", "File"),
    # document kinds (ingest.manifest.KINDS), as shown in the Type column and filter
    "kind_guide": ("vejledning", "guide"),
    "kind_brochure": ("pjece", "brochure"),
    "kind_slides": ("slides", "slides"),
    "kind_news": ("nyhed", "news"),
    "kind_web_page": ("webside", "web page"),
    "kind_document": ("dokument", "document"),
    "search_heading": ("Søg i kilderne", "Search the sources"),
    "search_label": ("Søgeord eller spørgsmål", "Search words or question"),
    "search_docs": ("Kun i disse dokumenter", "Only in these documents"),
    "search_kind": ("Type", "Kind"),
    "search_any": ("Alle", "All"),
    "search_docs_placeholder": ("Alle dokumenter", "All documents"),
    "search_k": ("Antal resultater", "Number of results"),
    "search_none": ("Ingen passager fundet. Prøv andre ord.", "No passages found. Try other words."),
    "reader_heading": ("Læs et dokument", "Read a document"),
    "reader_doc": ("Dokument", "Document"),
    "reader_page": ("Side", "Page"),
    "reader_no_pages": (
        "Dokumentet har ingen sidetal; hele teksten vises.",
        "The document has no page numbers; the whole text is shown.",
    ),
    "reader_of": ("Side {page} af {n}", "Page {page} of {n}"),
    "reader_ocr": (
        "Siden er en scanning; teksten er læst med tekstgenkendelse (OCR) og kan indeholde fejl.",
        "This page is a scan; its text was read with OCR and may contain errors.",
    ),
    "reader_open": ("Åbn side {page}", "Open page {page}"),
    "reader_quote_first": (
        "Det citerede sted (markeret med gult; hele siden følger herunder):",
        "The quoted passage (highlighted in yellow; the whole page follows below):",
    ),
    "reader_whole_page": ("Hele siden:", "The whole page:"),
    # --- corpus
    "corpus_title": ("Korpus", "Corpus"),
    "corpus_intro": (
        "Læg nye dokumenter ind, og opdatér indekset. Det gamle indeks svarer videre, indtil det nye er "
        "færdigt — går indlæsningen galt, mistes intet.",
        "Add documents and update the index. The old index keeps answering until the new one is ready — if "
        "ingestion fails, nothing is lost.",
    ),
    "corpus_index": ("Indekset nu", "The index now"),
    "corpus_docs": ("Dokumenter", "Documents"),
    "corpus_chunks": ("Passager", "Passages"),
    "corpus_version": ("Korpusversion", "Corpus version"),
    "corpus_files": ("Filer i korpusmappen ({path})", "Files in the corpus folder ({path})"),
    "upload_label": ("Upload dokumenter", "Upload documents"),
    "upload_help": (
        "PDF, DOCX, ODT, PPTX, TXT, MD eller HTML, højst {mb} MB pr. fil. Typen afgøres af filens indhold, ikke navnet.",
        "PDF, DOCX, ODT, PPTX, TXT, MD or HTML, at most {mb} MB per file. The type is decided by the content, not the name.",
    ),
    "upload_submit": ("Gem og indlæs", "Save and ingest"),
    "ingest_only": ("Indlæs korpusmappen igen", "Ingest the corpus folder again"),
    "ingest_rebuild": ("Genopbyg hele indekset", "Rebuild the whole index"),
    "ingest_running": ("Indlæser …", "Ingesting …"),
    "ingest_log": ("Log", "Log"),
    "ingest_failed": (
        "Indlæsningen mislykkedes: {msg} Det tidligere indeks svarer stadig.",
        "Ingestion failed: {msg} The previous index still answers.",
    ),
    "upload_rejected": ("{name} blev afvist: {msg}", "{name} was rejected: {msg}"),
    "upload_saved": ("{name} er gemt som {safe}.", "{name} was saved as {safe}."),
    "upload_unreadable": (
        "Dokumentet kan ikke læses ({reason}). Gem det igen fra det oprindelige program, og upload det "
        "på ny.",
        "The document cannot be read ({reason}). Save it again from the original program and upload it anew.",
    ),
    "upload_not_kept": (
        "{name} kunne ikke indlæses og er ikke gemt: {reason}",
        "{name} could not be ingested and was not kept: {reason}",
    ),
    "res_added": ("Tilføjet", "Added"),
    "res_changed": ("Ændret", "Changed"),
    "res_removed": ("Fjernet", "Removed"),
    "res_unchanged": ("Uændret", "Unchanged"),
    "res_skipped": ("Sprunget over", "Skipped"),
    "res_warnings": (
        "Advarsler: indlæst, men noget blev repareret eller kunne ikke læses",
        "Warnings: ingested, but something was repaired or could not be read",
    ),
    "res_more": ("… og {n} flere", "… and {n} more"),
    "res_none": ("ingen", "none"),
    "meta_heading": ("Dokumenternes metadata", "Document metadata"),
    "meta_intro": (
        "Ret titel, type, år og udgiver for et dokument. Rettelsen gemmes i manifestet og vinder over det, "
        "der står i listen eller læses fra filen — også ved senere indlæsninger. Indekset opdateres straks, "
        "så kildehenvisningerne viser det nye.",
        "Correct a document's title, kind, year and publisher. The correction is stored in the manifest and "
        "wins over the list and over what is read from the file — in later ingestions too. The index is "
        "updated at once, so citations show it.",
    ),
    "meta_doc": ("Dokument", "Document"),
    "meta_year_help": ("Fire cifre, fx 2023; tomt, hvis året ikke kendes.", "Four digits, e.g. 2023; empty if unknown."),
    "meta_publisher_help": (
        "Fx Køge Kommune; tomt, hvis udgiveren ikke kendes.",
        "E.g. Køge Kommune; empty if unknown.",
    ),
    "meta_save": ("Gem metadata", "Save metadata"),
    "meta_saved": (
        "Metadata for {source} er gemt, og indekset er opdateret.",
        "The metadata of {source} is saved and the index is updated.",
    ),
    "meta_saved_not_indexed": (
        "Metadata for {source} er gemt, men indekset kunne ikke opdateres: {msg} Kør indlæsning igen.",
        "The metadata of {source} is saved, but the index could not be updated: {msg} Run ingestion again.",
    ),
    "meta_edited": ("Rettet af en administrator.", "Edited by an administrator."),
    # --- evaluation
    "eval_title": ("Evaluering", "Evaluation"),
    "eval_intro": (
        "Kør et spørgesæt mod Metodeguiden, og se hvor svarene holder, og hvor de ikke gør.",
        "Run a question set against Metodeguiden and see where the answers hold and where they do not.",
    ),
    "eval_tab_run": ("Kør spørgesæt", "Run a question set"),
    "eval_tab_feedback": ("Tilbagemeldinger", "Feedback"),
    "eval_tab_audit": ("Spørgelog", "Question log"),
    "eval_set": ("Spørgesæt", "Question set"),
    "eval_upload": ("… eller upload et sæt (YAML eller CSV)", "… or upload a set (YAML or CSV)"),
    "eval_run": ("Kør evaluering", "Run evaluation"),
    "eval_no_sets": ("Der er ingen spørgesæt i {path}.", "There are no question sets in {path}."),
    "eval_bad_set": ("Spørgesættet kan ikke bruges: {msg}", "The question set cannot be used: {msg}"),
    "eval_progress": ("Spørgsmål {i} af {n}", "Question {i} of {n}"),
    "eval_by_category": ("Andel bestået pr. kategori", "Share passed per category"),
    "eval_items": ("Spørgsmål for spørgsmål", "Question by question"),
    "eval_compare": ("Sammenlignet med forrige kørsel", "Compared with the previous run"),
    "eval_compare_with": (
        "Forrige kørsel: {ts}. Forværrede spørgsmål står først.",
        "Previous run: {ts}. Regressions first.",
    ),
    "eval_no_changes": (
        "Ingen ændringer: {n} spørgsmål gav samme resultat.",
        "No changes: {n} questions gave the same result.",
    ),
    "col_metrics": ("Mål", "Metrics"),
    # headline metrics (evals.report.HEADLINE): short labels that fit a metric card, the rest as help
    "metric_fact_recall": ("Fakta fundet", "Fact recall"),
    "metric_fact_recall_help": (
        "Andel af de forventede fakta, der står i svaret eller dets citater (fact recall).",
        "Share of the expected facts found in the answer or its quotes.",
    ),
    "metric_source_hit": ("Rigtig kilde", "Source hit"),
    "metric_source_hit_help": (
        "Andel af spørgsmålene, hvor en forventet kilde er blandt svarets citater (source hit).",
        "Share of the questions where an expected source is among the answer's citations.",
    ),
    "metric_quote_support": ("Citat fundet", "Quote support"),
    "metric_quote_support_help": (
        "Andel af spørgsmålene, hvor det forventede citat står i en af svarets kilder (quote support).",
        "Share of the questions where the expected quote is in one of the answer's sources.",
    ),
    "metric_citation_validity": ("Gyldige citater", "Citation validity"),
    "metric_citation_validity_help": (
        "Andel af svarene, hvor hvert citat står ordret i kildedokumentet (citation validity).",
        "Share of the answers where every quote occurs verbatim in its source document.",
    ),
    "metric_verdict_accuracy": ("Rigtige afgørelser", "Verdict accuracy"),
    "metric_verdict_accuracy_help": (
        "Andel af spørgsmålene, hvor regelvurderingen gav den forventede afgørelse (verdict accuracy).",
        "Share of the questions where the rule check gave the expected verdict.",
    ),
    "metric_abstention_precision": ("Afstår med rette", "Abstention precision"),
    "metric_abstention_precision_help": (
        "Af de svar, der sagde »ikke dækket af håndbøgerne«, andelen hvor det var rigtigt "
        "(abstention precision).",
        "Of the answers that said “not covered by the manuals”, the share where that was right.",
    ),
    "metric_abstention_recall": ("Afstår når den bør", "Abstention recall"),
    "metric_abstention_recall_help": (
        "Af de spørgsmål, håndbøgerne ikke dækker, andelen der fik »ikke dækket af håndbøgerne« "
        "(abstention recall).",
        "Of the questions the manuals do not cover, the share answered “not covered by the manuals”.",
    ),
    "eval_no_previous": (
        "Der er ingen tidligere kørsel af dette sæt at sammenligne med.",
        "There is no earlier run of this set to compare with.",
    ),
    # comparing two saved runs (ui/run_compare.py)
    "eval_tab_compare": ("Sammenlign kørsler", "Compare runs"),
    "eval_compare_intro": (
        "Vælg to gemte kørsler af samme spørgesæt. De spørgsmål, der blev dårligere, står først, "
        "derefter dem, der blev bedre.",
        "Pick two saved runs of the same question set. The questions that got worse come first, "
        "then those that got better.",
    ),
    "eval_compare_before": ("Før", "Before"),
    "eval_compare_after": ("Efter", "After"),
    "eval_run_label": (
        "{set} · {ts} · kode {code} · {passed}/{n} bestået",
        "{set} · {ts} · code {code} · {passed}/{n} passed",
    ),
    "eval_compare_too_few": (
        "Der skal være mindst to gemte kørsler for at sammenligne. Kør et spørgesæt under »Kør spørgesæt«.",
        "At least two saved runs are needed to compare. Run a question set under “Run a question set”.",
    ),
    "eval_compare_same_run": (
        "Du har valgt den samme kørsel to gange. Vælg to forskellige kørsler.",
        "You picked the same run twice. Pick two different runs.",
    ),
    "eval_compare_other_set": (
        "Kørslerne er af to forskellige spørgesæt ({before} og {after}), så deres spørgsmål kan ikke "
        "sammenlignes. Vælg to kørsler af samme sæt.",
        "The runs are of two different question sets ({before} and {after}), so their questions cannot "
        "be compared. Pick two runs of the same set.",
    ),
    "eval_compare_unreadable": (
        "Kørslen kan ikke læses: {msg}",
        "The run cannot be read: {msg}",
    ),
    "eval_compare_metrics": ("Nøgletal før og efter", "Key figures before and after"),
    "eval_compare_changed": (
        "Ændrede spørgsmål: {r} blev dårligere, {f} blev bedre",
        "Changed questions: {r} got worse, {f} got better",
    ),
    "eval_compare_unchanged": (
        "{n} spørgsmål gav samme resultat ({p} bestået, {f} fejlet).",
        "{n} questions gave the same result ({p} passed, {f} failed).",
    ),
    "eval_compare_added": ("Kun i efter-kørslen: {ids}", "Only in the after run: {ids}"),
    "eval_compare_removed": ("Kun i før-kørslen: {ids}", "Only in the before run: {ids}"),
    "change_failed": ("Bestået → fejlet", "Passed → failed"),
    "change_metric_drop": ("Mål faldet", "Metric dropped"),
    "change_passed": ("Fejlet → bestået", "Failed → passed"),
    "change_metric_rise": ("Mål steget", "Metric rose"),
    "eval_question": ("Spørgsmål", "Question"),
    "eval_expected": ("Forventet", "Expected"),
    "eval_changed_metrics": ("Ændret", "Changed"),
    "exp_facts": ("fakta", "facts"),
    "exp_sources": ("kilder", "sources"),
    "exp_quote": ("citat", "quote"),
    "exp_verdict": ("afgørelse", "verdict"),
    "exp_abstain": (
        "svaret skal være »ikke dækket af håndbøgerne«",
        "the answer should be “not covered by the manuals”",
    ),
    "exp_clarify": ("svaret skal spørge ind til sagen", "the answer should ask about the case"),
    "exp_none": ("intet angivet", "nothing given"),
    "result_passed": ("Bestået", "Passed"),
    "result_failed": ("Fejlet", "Failed"),
    "eval_abstained": ("Afstod: ikke dækket af håndbøgerne", "Abstained: not covered by the manuals"),
    "eval_no_answer": ("Intet svar.", "No answer."),
    "col_metric": ("Mål", "Metric"),
    "col_before": ("Før", "Before"),
    "col_after": ("Efter", "After"),
    "col_change": ("Ændring", "Change"),
    # metric names beyond the headline cards (evals.compare deltas, per-item metrics)
    "metric_pass_rate": ("Andel bestået", "Share passed"),
    "metric_clarification": ("Spørger ind", "Clarification"),
    "metric_abstention": ("Afståelse", "Abstention"),
    "metric_latency_p50_ms": ("Svartid p50 (ms)", "Latency p50 (ms)"),
    "metric_latency_p95_ms": ("Svartid p95 (ms)", "Latency p95 (ms)"),
    "eval_download_md": ("Hent rapport (Markdown)", "Download report (Markdown)"),
    "eval_download_html": ("Hent rapport (HTML)", "Download report (HTML)"),
    "eval_download_json": ("Hent run.json", "Download run.json"),
    "rating_up": ("Nyttigt", "Useful"),
    "rating_down": ("Ikke nyttigt", "Not useful"),
    "regression": ("Forværret", "Regression"),
    "fixed": ("Forbedret", "Fixed"),
    "feedback_none": ("Ingen tilbagemeldinger endnu.", "No feedback yet."),
    "audit_none": ("Ingen spørgsmål i loggen endnu.", "No questions in the log yet."),
    "audit_include_eval": (
        "Vis også spørgsmål fra evalueringskørsler",
        "Also show questions asked by evaluation runs",
    ),
    "col_origin": ("Stillet af", "Asked by"),
    "origin_user": ("Medarbejder", "Staff"),
    "origin_eval": ("Evaluering", "Evaluation"),
    "col_time": ("Tid", "Time"),
    "col_question": ("Spørgsmål", "Question"),
    "col_answer": ("Svar", "Answer"),
    "col_rating": ("Vurdering", "Rating"),
    "col_comment": ("Kommentar", "Comment"),
    "col_abstained": ("Ikke dækket", "Not covered"),
    "col_mode": ("Tilstand", "Mode"),
    "col_verdicts": ("Regler", "Rules"),
    "col_passed": ("Bestået", "Passed"),
    "col_category": ("Kategori", "Category"),
    "col_missing": ("Mangler", "Missing"),
}


def kind_label(kind: str | None, lang: str = "da") -> str:
    """A document kind as shown in the UI: ``kind_label("news", "da") == "nyhed"``; a kind
    without a translation is shown as it is, no kind as ""."""
    if not kind:
        return ""
    key = "kind_" + str(kind).strip().replace(" ", "_")
    return t(key, lang) if key in STRINGS else str(kind)


def metric_label(name: str, lang: str = "da") -> str:
    """A metric's short name as shown in the UI (``metric_label("fact_recall") == "Fakta fundet"``);
    a metric without one is shown by its own name."""
    key = f"metric_{name}"
    return t(key, lang) if key in STRINGS else name


def t(key: str, lang: str = "da", **fmt: object) -> str:
    """The string for ``key`` in ``lang`` (Danish when ``lang`` is unknown), formatted with ``fmt``."""
    da, en = STRINGS[key]
    text = en if lang == "en" else da
    return text.format(**fmt) if fmt else text

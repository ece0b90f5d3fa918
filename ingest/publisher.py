"""The publisher a dropped-in document names for itself: "Køge Kommune", "Socialstyrelsen".

Citations read "Køge Kommune, 2023, s. 2", and "ifølge Aarhus Kommune" limits a question to that
document, so a document outside the manifest needs its publisher read from the file. In order:

1. a stated publisher: "Udgivet af: Aarhus Kommune", "Udgiver: …", "Published by …",
   "© 2023 Køge Kommune", "Copyright …" (anywhere in the text);
2. the web page's site name from its metadata (``og:site_name``), unless it is a bare domain;
3. an organisation standing alone on (or opening) one of the first lines: "Aarhus Kommune",
   "Region Midtjylland", "Socialstyrelsen", a ministry or agency ("…styrelsen", "…ministeriet").

Nothing found: None (the citation shows title, year and page only). Never guessed from a name
mentioned in passing in the body text.

    >>> read_publisher("Retningslinje for bostøtte\\nUdgivet af: Køge Kommune, 2023\\n…")
    'Køge Kommune'
    >>> read_publisher("Aarhus Kommune\\nSocialforvaltningen\\nKvalitetsstandard § 85")
    'Aarhus Kommune'
    >>> read_publisher("Randers Kommunes Hjemløsestrategi\\n2014")
    'Randers Kommune'
    >>> read_publisher("Bostøtte efter § 85 ...", site_name="www.aarhus.dk") is None
    True
"""

from __future__ import annotations

import re

# An organisation's name: a municipality or region, or an agency, ministry, board or centre.
_NAME = r"[A-ZÆØÅ][\wæøåÆØÅ.\-]+"
_ORGANISATION = re.compile(
    rf"(?:{_NAME}(?:\s{_NAME})?\s(?:Kommunes|Kommune|Regions|Region|Amts|Amt)"
    rf"|Region\s{_NAME}(?:\s{_NAME})?"
    r"|[A-ZÆØÅ][\wæøå\-]*(?:styrelsen|ministeriet|rådet|centeret|centret|foreningen|instituttet|sekretariatet)"
    r"|(?:Social-|Sundheds-|Børne-|Udlændinge-)\s?og\s[A-ZÆØÅ]?[\wæøå]+(?:styrelsen|ministeriet)"
    r"|Kommunernes Landsforening|KL|VIVE|SFI|Rambøll(?:\sManagement(?:\sConsulting)?)?"
    r"|Projekt Udenfor|Kirkens Korshær|Blå Kors|Hus Forbi|Rådet for Socialt Udsatte)"
)
_STATED = re.compile(
    r"(?:\budgivet\s+af|\budgiver|\bpublished\s+by|\bpublisher|©|\bcopyright)\s*[:.]?\s*(?:\(c\)\s*)?"
    r"(?:\d{4}\s*[,.]?\s*)?(?P<name>[A-ZÆØÅ][^\n,;|()]{1,70}?)\s*(?=$|[\n,;|(]|\s\d{4}\b|\.\s|\.$)",
    re.IGNORECASE | re.MULTILINE,
)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w\-]+(?:\.[\w\-]+)+/?$", re.IGNORECASE)
_HEAD_LINES = 15
_GENITIVE = re.compile(r'\b(Kommune|Region|Amt)s$')


def read_publisher(text: str, site_name: str | None = None) -> str | None:
    """The publisher ``text`` states, else ``site_name`` (not a bare domain), else an
    organisation opening one of the first 15 non-empty lines; None when none is found."""
    for m in _STATED.finditer(text):
        name = _clean(m.group("name"))
        if name:
            return name
    site = _clean(site_name or "")
    if site and not _DOMAIN.match(site):
        return site
    lines = [line.strip(" \t•*#") for line in text.splitlines() if line.strip()]
    for line in lines[:_HEAD_LINES]:
        m = _ORGANISATION.match(line)
        if m and (m.end() == len(line) or not line[m.end()].isalnum()):
            return _GENITIVE.sub(r'\1', m.group(0))  # 'Randers Kommunes Hjemløsestrategi'
    return None


def _clean(name: str) -> str | None:
    """A publisher name tidied, or None when it is not a name (too short, too long, a sentence)."""
    name = " ".join(name.split()).strip(" .:-–")
    if not 2 <= len(name) <= 70 or len(name.split()) > 8 or not name[0].isupper():
        return None
    return name


__all__ = ["read_publisher"]

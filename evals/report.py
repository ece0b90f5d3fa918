"""Reports from a run dict (the content of run.json): Markdown and a self-contained HTML page.

The HTML has inline CSS and an inline SVG chart per category, no scripts and no external
assets; every piece of question, answer and document text is HTML-escaped. The Markdown is
not HTML-escaped (a quote mark stays ``"``): text is kept as written, with only what Markdown
itself would misread escaped by backslash — ``|`` (a table cell ends), ``\\`` and a ``<`` that
could open an HTML tag (``<script>`` -> ``\\<script>``, shown as ``<script>``; ``< 8`` stays).

    >>> import json
    >>> from evals.report import render_html
    >>> html = render_html(json.load(open("run.json")))     # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Any

HEADLINE: tuple[tuple[str, str], ...] = (
    ("fact_recall", "Fakta fundet (fact recall)"),
    ("source_hit", "Rigtig kilde citeret (source hit)"),
    ("quote_support", "Forventet citat understøttet (quote support)"),
    ("citation_validity", "Gyldige citater (citation validity)"),
    ("verdict_accuracy", "Rigtige regelafgørelser (verdict accuracy)"),
    ("abstention_precision", "Afståelse, præcision"),
    ("abstention_recall", "Afståelse, genkaldelse"),
)
CHART_METRICS: tuple[tuple[str, str, str], ...] = (
    ("pass_rate", "bestået", "#2f6f4e"),
    ("fact_recall", "fakta", "#4a7fb5"),
    ("source_hit", "kilde", "#8a6fb5"),
    ("verdict_accuracy", "afgørelse", "#c07a2c"),
    ("abstention_accuracy", "afståelse", "#7a7a7a"),
)
CATEGORY_LABELS: dict[str, str] = {
    "method_choice": "Metodevalg",
    "method_facts": "Metodefakta",
    "caseload": "Caseload",
    "cti_phases": "CTI-faser",
    "housing_first_principles": "Housing First-principper",
    "housing_law": "Boliglovgivning",
    "implementation": "Implementering",
    "youth_model": "Samarbejdsmodellen (unge)",
    "outcomes_costs": "Resultater og omkostninger",
    "strategy_history": "Strategi og historik",
    "out_of_scope": "Uden for korpus",
    "adversarial": "Falske præmisser og injektion",
}


_CATEGORY_COLUMNS = (
    "fact_recall",
    "source_hit",
    "quote_support",
    "citation_validity",
    "verdict_accuracy",
    "abstention_accuracy",
)


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        return f"{float(value):.{digits}f}"
    return str(value)


def _ms(value: Any) -> str:
    return "–" if value is None else f"{float(value):.0f} ms"


def failure_reasons(item: Mapping[str, Any]) -> list[str]:
    """``metric: reason`` for every failed metric of a run item (plus the error, if any)."""
    out = [f"fejl: {item['error']}"] if item.get("error") else []
    for name, m in item.get("metrics", {}).items():
        if m.get("passed") is False:
            out.append(f"{name}: {m.get('reason', '')}")
    return out


# --------------------------------------------------------------------------- Markdown


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def _md(text: Any) -> str:
    """One line of Markdown showing ``text`` as written (see the module docstring)."""
    t = " ".join(str(text).split()).replace("\\", "\\\\")
    return _TAG_START.sub(r"\\<", t).replace("|", "\\|")


def _code(text: Any) -> str:
    """Text for a Markdown code span (backslash escapes do not work there; backticks would end it)."""
    return " ".join(str(text).replace("`", "'").split())


def abstain_note(run: Mapping[str, Any]) -> str | None:
    """How the facts and sources of abstain items were used (None when no such item)."""
    n = sum(
        1
        for it in run["items"]
        if it.get("expected", {}).get("abstain")
        and (it["expected"].get("facts") or it["expected"].get("sources"))
    )
    if not n:
        return None
    return (
        f"{n} afståelsesspørgsmål angiver facts eller sources. Deres facts er den forventede afvisning og "
        "tælles ikke som fact recall, og deres sources tælles ikke som source hit; afståelsesmålet afgør "
        "spørgsmålet. Begge står i run.json."
    )


def category_label(category: str) -> str:
    """The Danish name of a known category; a trainer's own category as written."""
    return CATEGORY_LABELS.get(category, category)


def render_markdown(run: Mapping[str, Any]) -> str:
    s = run["summary"]
    lines = [
        f"# Evaluering: {_md(run['set'])}",
        "",
        f"- Tidspunkt: {_md(run['timestamp'])}",
        f"- Korpusversion: `{_code(run['corpus_version'])}`",
        f"- Kodeversion: `{_code(run['code_version'])}`",
        f"- Svartilstand: {_md(run['settings'].get('llm_provider', '–'))} (LLM), "
        f"indlejring {_md(run['settings'].get('embedding_backend', '–'))}",
        f"- Spørgsmål: {s['n']}, bestået: {s['passed']} ({fmt(s['pass_rate'])})",
        "",
        "## Nøgletal",
        "",
        "| Mål | Værdi |",
        "|---|---|",
    ]
    lines += [f"| {label} | {fmt(s.get(key))} |" for key, label in HEADLINE]
    lines += [
        f"| Svartid p50 | {_ms(s.get('latency_p50_ms'))} |",
        f"| Svartid p95 | {_ms(s.get('latency_p95_ms'))} |",
        "",
    ]
    note = abstain_note(run)
    if note is not None:
        lines += [f"> {_md(note)}", ""]
    lines += [
        "## Pr. kategori",
        "",
        "| Kategori | Antal | Bestået | Fakta | Kilde | Citat | Gyldige citater | Afgørelse | Afståelse |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for cat, c in run["categories"].items():
        lines.append(
            f"| {_md(category_label(cat))} | {c['n']} | {c['passed']} | "
            + " | ".join(fmt(c.get(k)) for k in _CATEGORY_COLUMNS)
            + " |"
        )
    failed = [it for it in run["items"] if not it["passed"]]
    lines += ["", f"## Fejlede spørgsmål ({len(failed)})", ""]
    if not failed:
        lines.append("Ingen.")
    for it in failed:
        lines.append(f"- **{_md(it['id'])}** ({_md(category_label(it['category']))}): {_md(it['question'])}")
        lines += [f"  - {_md(r)}" for r in failure_reasons(it)]
    lines += [
        "",
        "## Alle spørgsmål",
        "",
        "| id | kategori | bestået | spørgsmål | svar |",
        "|---|---|---|---|---|",
    ]
    for it in run["items"]:
        answer = it["answer"].get("answer", "")
        short = answer if len(answer) <= 160 else answer[:159] + "…"
        lines.append(
            f"| {_md(it['id'])} | {_md(category_label(it['category']))} | {'ja' if it['passed'] else 'nej'} "
            f"| {_md(it['question'])} | {_md(short)} |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#1f2933;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d9dee3}
.meta{color:#52606d;font-size:.9rem}.meta code{background:#f1f3f5;padding:0 .3rem;border-radius:3px}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
.card{border:1px solid #d9dee3;border-radius:6px;padding:.5rem .8rem;min-width:150px}
.card b{display:block;font-size:1.35rem}.card span{font-size:.8rem;color:#52606d}
table{border-collapse:collapse;width:100%;font-size:.88rem}th,td{border-bottom:1px solid #e4e7eb;
padding:.35rem .4rem;text-align:left;vertical-align:top}th{background:#f5f7fa}
tr.fail td:first-child{border-left:4px solid #b42318}tr.ok td:first-child{border-left:4px solid #2f6f4e}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.78rem;color:#fff}
.badge.ok{background:#2f6f4e}.badge.fail{background:#b42318}
details{margin:.2rem 0}summary{cursor:pointer;color:#334e68}
.reason{color:#b42318}.answer{white-space:pre-wrap;background:#f8f9fa;padding:.4rem;border-radius:4px}
.note{background:#f5f7fa;border-left:4px solid #4a7fb5;padding:.4rem .6rem}
.legend span{display:inline-block;margin-right:1rem;font-size:.8rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
"""


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _card(label: str, value: str) -> str:
    return f'<div class="card"><b>{_e(value)}</b><span>{_e(label)}</span></div>'


def render_chart(categories: Mapping[str, Mapping[str, Any]]) -> str:
    """Inline SVG: one row per category, one bar per metric (0–1)."""
    row_h, bar_h, label_w, bar_w = 16 * len(CHART_METRICS) + 14, 14, 230, 560
    height = row_h * max(1, len(categories)) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" height="{height}" '
        'role="img" aria-label="Resultater pr. kategori" font-family="system-ui,sans-serif" font-size="12">'
    ]
    for tick in (0.0, 0.5, 1.0):
        x = label_w + tick * bar_w
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" stroke="#d9dee3"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="#52606d">{tick:.1f}</text>'
        )
    for r, (cat, c) in enumerate(categories.items()):
        y0 = r * row_h + 4
        label = f"{category_label(cat)} ({c.get('n', 0)})"
        parts.append(f'<text x="0" y="{y0 + 12}" fill="#1f2933">{_e(label)}</text>')
        for j, (key, name, color) in enumerate(CHART_METRICS):
            value = c.get(key)
            y = y0 + j * 16
            if value is None:
                parts.append(f'<text x="{label_w + 4}" y="{y + 11}" fill="#9aa5b1">{_e(name)}: –</text>')
                continue
            w = max(0.0, min(1.0, float(value))) * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}">'
                f"<title>{_e(name)}: {float(value):.2f}</title></rect>"
            )
            parts.append(
                f'<text x="{label_w + w + 4:.1f}" y="{y + 11}" fill="#1f2933">{float(value):.2f}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _citations_html(answer: Mapping[str, Any]) -> str:
    cites = answer.get("citations", [])
    if not cites:
        return ""
    rows = "".join(
        f"<li>[{_e(c.get('n'))}] {_e(c.get('title') or c.get('source'))}, s. {_e(fmt(c.get('page')))}: "
        f"“{_e(c.get('quote', ''))}”</li>"
        for c in cites
    )
    return f"<ol>{rows}</ol>"


def _verdicts_html(answer: Mapping[str, Any]) -> str:
    out = []
    for v in answer.get("verdicts", []):
        keys = ("method", "with_samarbejdsmodellen", "can_start_now", "caseload_ok", "limit", "cti_phase")
        shown = ", ".join(f"{k}={fmt(v.get(k), 0)}" for k in keys if v.get(k) is not None)
        out.append(f"<li><b>{_e(v.get('rule'))}</b> {_e(shown)}</li>")
    return f"<ul>{''.join(out)}</ul>" if out else ""


def _note_html(note: str | None) -> str:
    return "" if note is None else f'<p class="note">{_e(note)}</p>'


def render_html(run: Mapping[str, Any]) -> str:
    s = run["summary"]
    cards = [_card("bestået", f"{s['passed']}/{s['n']}")]
    cards += [_card(label, fmt(s.get(key))) for key, label in HEADLINE]
    cards += [
        _card("svartid p50", _ms(s.get("latency_p50_ms"))),
        _card("svartid p95", _ms(s.get("latency_p95_ms"))),
    ]
    legend = "".join(
        f'<span><i style="background:{color}"></i>{_e(name)}</span>' for _, name, color in CHART_METRICS
    )
    rows = []
    for it in run["items"]:
        ok = bool(it["passed"])
        answer = it.get("answer", {})
        reasons = failure_reasons(it)
        reason_html = "".join(f'<div class="reason">{_e(r)}</div>' for r in reasons)
        abstained = " (afstod)" if answer.get("abstained") else ""
        rows.append(
            f'<tr class="{"ok" if ok else "fail"}"><td>{_e(it["id"])}</td>'
            f"<td>{_e(category_label(it['category']))}</td>"
            f'<td><span class="badge {"ok" if ok else "fail"}">{"bestået" if ok else "fejlet"}</span></td>'
            f"<td>{_e(it['question'])}{reason_html}"
            f"<details><summary>Svar{_e(abstained)}</summary>"
            f'<div class="answer">{_e(answer.get("answer", ""))}</div>'
            f"{_verdicts_html(answer)}{_citations_html(answer)}</details></td></tr>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">'
        f"<title>Evaluering: {_e(run['set'])}</title><style>{_CSS}</style></head><body>"
        f"<h1>Evaluering: {_e(run['set'])}</h1>"
        f'<p class="meta">{_e(run["timestamp"])} · korpus <code>{_e(run["corpus_version"])}</code> · '
        f"kode <code>{_e(run['code_version'])}</code> · LLM {_e(run['settings'].get('llm_provider', '–'))} · "
        f"{_e(fmt(run.get('duration_s'), 1))} s</p>"
        f'<div class="cards">{"".join(cards)}</div>'
        f"{_note_html(abstain_note(run))}"
        f'<h2>Pr. kategori</h2><p class="legend">{legend}</p>{render_chart(run["categories"])}'
        "<h2>Alle spørgsmål</h2><table><thead><tr><th>id</th><th>kategori</th><th>resultat</th>"
        f"<th>spørgsmål, begrundelse og svar</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>\n"
    )

"""The CX model in the whole-report exports and the CLI's summary: SERVQUAL, the key drivers,
the CX-indicator scorecard and the journey's friction points, with the numbers the library
computes on the same files; the summary in Indonesian; product quality when no ticket topic
is about the product (a Zendesk export with tags)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cxreport.cli import main
from cxreport.filters import Filters
from cxreport.fmt import fmt_number, fmt_percent
from cxreport.i18n import t
from cxreport.io.dataset import load_dataset
from cxreport.metrics import drivers, indicators, journey, servqual
from cxreport.render.document import build_document
from cxreport.render.html import to_html
from cxreport.report import build_report
from cxreport.summary import render_summary

DATA = Path(__file__).resolve().parent / "data"


class _Tables(HTMLParser):
    """caption -> rows of cell texts, for every table of one <section>."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._text: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("caption", "td"):
            self._text = []
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption = "".join(self._text or [])
            self.tables[self._caption] = []
            self._text = None
        elif tag == "td" and self._row is not None:
            self._row.append("".join(self._text or []))
            self._text = None
        elif tag == "tr" and self._row:
            self.tables[self._caption].append(self._row)  # type: ignore[index]
            self._row = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def section_tables(page: str, slug: str) -> dict[str, list[list[str]]]:
    body = re.search(rf'<section id="{slug}">(.*?)</section>', page, re.S)
    assert body, f"no section {slug}"
    parser = _Tables()
    parser.feed(body.group(1))
    return parser.tables


@pytest.fixture(scope="module")
def library(sample_ws):
    """The CX model computed by the library functions, on the unfiltered sample."""
    items = sample_ws.servqual_items()
    responses, tickets = sample_ws.surveys, sample_ws.tickets
    tables = {k.value: sample_ws.table(k) for k in sample_ws.kinds()}
    return {
        "servqual": servqual.servqual(responses, items),
        "drivers": drivers.key_drivers(drivers.driver_table(responses, tickets=tickets, items=items)),
        "indicators": indicators.cx_indicators(orders=tables["orders"], tickets=tables["tickets"],
                                               surveys=tables["surveys"]),
        "journey": journey.journey(surveys=tables["surveys"], tickets=tables["tickets"], ux=tables["ux"],
                                   orders=tables["orders"]),
    }


@pytest.fixture(scope="module")
def report(sample_ws):
    return build_report(sample_ws)


def two(x: float, lang: str = "en") -> str:
    return fmt_number(x, lang, 2)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_html_carries_the_cx_model_with_the_librarys_numbers(sample_ws, library, lang):
    page = to_html(build_document(sample_ws, Filters(), lang=lang))
    tables = section_tables(page, "cx_model")
    # SERVQUAL: every dimension with perception, its interval, expectation, gap and its interval, n
    rows = tables[t("chart.servqual", lang)]
    expected = [[t(f"servqual.{r['dimension']}", lang), *(two(r[c], lang) for c in (
        "perception", "ci_low", "ci_high", "expectation", "gap", "gap_ci_low", "gap_ci_high")), str(r["n"])]
        for r in library["servqual"].to_dicts()]
    assert rows == expected
    # key drivers: importance with its interval, performance, quadrant, n; the method and its limits in the caption
    (caption,) = [c for c in tables if c.startswith(t("chart.key_drivers", lang))]
    assert t("cxmodel.drivers_method", lang, n=library["drivers"]["n"][0], r2=library["drivers"]["r2"][0]) in caption
    assert tables[caption] == [[t(f"driver.{r['driver']}", lang), two(r["importance"], lang), two(r["ci_low"], lang),
                                two(r["ci_high"], lang), fmt_percent(r["performance"], lang, 1),
                                t(f"driver_quadrant.{r['quadrant']}", lang), str(r["n"])]
                               for r in library["drivers"].to_dicts()]
    # the scorecard: each indicator's value, source and n
    cards = {row[0]: row[1:] for row in tables[t("render.cx_indicators", lang)]}
    for key, card in library["indicators"].items():
        assert cards[t(f"indicator.{key}", lang)][0] == fmt_percent(card.value, lang, 1)
        assert cards[t(f"indicator.{key}", lang)][2] == str(card.n)
    # friction points, worst first, with their reasons in the document's language
    ranked = journey.friction_points(journey.journey(**{k.value: sample_ws.table(k) for k in sample_ws.kinds()
                                                        if k.value in ("surveys", "tickets", "ux", "orders")},
                                                     lang=lang))
    shown = tables[t("cxmodel.friction_points", lang)]
    assert [r[2] for r in shown] == ranked["touchpoint"].to_list()
    assert [r[4] for r in shown] == [two(x, lang) for x in ranked["friction_score"]]
    assert [html.unescape(r[5]) for r in shown] == ["; ".join(x) for x in ranked["reasons"].to_list()]
    assert shown[0][2] == "Checkout" and shown[1][2] == "Delivery"  # the sample's planted friction points


def test_the_summary_prints_the_cx_model_with_the_librarys_numbers(report, library):
    text = render_summary(report)
    for r in library["servqual"].to_dicts():
        name = t("servqual." + r["dimension"], "en")
        assert (f"  {name}: perception {two(r['perception'])}, 95% CI "
                f"{two(r['ci_low'])} to {two(r['ci_high'])}; expectation {two(r['expectation'])}, gap ") in text
    for r in library["drivers"].to_dicts():
        name = t("driver." + r["driver"], "en")
        assert (f"  {name}: importance {fmt_number(r['importance'], 'en', 3)}, 95% CI "
                f"{fmt_number(r['ci_low'], 'en', 3)} to {fmt_number(r['ci_high'], 'en', 3)}, performance "
                f"{fmt_percent(r['performance'], 'en', 1)} doing well") in text
    for key, card in library["indicators"].items():
        label = t(f"indicator.{key}", "en")
        assert f"  {label}: {fmt_percent(card.value, 'en', 1)} (Source: " in text
    checkout = library["journey"].filter(journey.pl.col("touchpoint") == "Checkout").row(0, named=True)
    assert (f"  1. Checkout (Buy): friction {two(checkout['friction_score'])}: "
            f"{'; '.join(checkout['reasons'])}") in text


def test_the_summary_in_indonesian(sample_ws, library):
    report = build_report(sample_ws, lang="id")
    text = render_summary(report, "id")
    for word in ("File", "Pesanan", "Survei", "Layanan", "Indikator CX", "Titik gesekan perjalanan, yang terburuk dahulu", "Apa yang berubah"):
        assert f"\n{word}\n" in f"\n{text}\n"
    reliability = library["servqual"].filter(servqual.pl.col("dimension") == "reliability").row(0, named=True)
    assert f"  Keandalan: persepsi {two(reliability['perception'], 'id')}, IK 95% " in text
    # the journey's text reasons are Indonesian in the JSON too, their codes beside them
    checkout = next(r for r in report["journey"] if r["touchpoint"] == "Checkout")
    assert checkout["reasons"] == [journey.reason_text(c["code"], c["params"], "id") for c in checkout["reason_codes"]]
    assert any(r.startswith("keberhasilan tugas 55% dibanding") for r in checkout["reasons"])
    english = next(r for r in build_report(sample_ws)["journey"] if r["touchpoint"] == "Checkout")
    assert english["reason_codes"] == checkout["reason_codes"]  # language-neutral
    for leftover in ("promoters", "satisfied", "Retention", "Not computed", "What moved", "perception"):
        assert leftover not in text


def zendesk_tickets(tags: list[str]) -> bytes:
    """The Zendesk-shaped export of tests/data/real with a Tags column."""
    lines = (DATA / "real" / "zendesk_tickets.csv").read_text(encoding="utf-8").splitlines()
    rows = [f"{line},{tags[i % len(tags)]}" for i, line in enumerate(lines[1:])]
    return ("\n".join([f"{lines[0]},Tags", *rows]) + "\n").encode("utf-8")


def test_product_quality_says_no_ticket_topic_is_about_the_product(tmp_path, capsys):
    path = tmp_path / "zendesk_tickets.csv"
    path.write_bytes(zendesk_tickets(["where_is_my_order vip", "billing", "how_to_brew", "refund_status"]))
    ds = load_dataset(path.name, path.read_bytes())
    assert ds.mapping["topic"] == "Tags"
    card = indicators.product_quality(None, ds.table)
    assert card.missing_code == "product_quality_no_product_topic"
    assert "no ticket topic is about the product" in card.missing and "tickets with a topic" not in card.missing
    assert main(["metrics", str(path)]) == 0
    out = capsys.readouterr().out
    assert "no ticket topic is about the product" in out and "or tickets with a topic" not in out
    assert main(["metrics", str(path), "--lang", "id"]) == 0
    assert "tidak ada topik tiket tentang produk" in capsys.readouterr().out
    # a product fault among the tags: the orders are what is missing, to count them per order
    path.write_bytes(zendesk_tickets(["where_is_my_order", "damaged_item"]))
    card = indicators.product_quality(None, load_dataset(path.name, path.read_bytes()).table)
    assert card.missing_code == "product_quality_orders"


def test_the_cli_names_the_flag_the_library_does_not(capsys, sample_ws):
    orders = str(DATA / "cli" / "orders_tiny.csv")
    assert main(["metrics", orders, "--from", "2030-01-01"]) == 2
    err = capsys.readouterr().err
    assert "--from/--to" in err and err.count("\n") == 1
    assert main(["metrics", orders, "--from", "2030-01-01", "--lang", "id"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cxreport: error: Filter tidak menyisakan") and "--from/--to" in err
    assert main(["metrics", orders, "--calibration-end", "2031-01-01"]) == 2
    assert "--calibration-end" in capsys.readouterr().err
    # the library's own words name no flag
    import datetime as dt

    from cxreport.errors import CXError

    for kwargs in ({"date_from": dt.date(2030, 1, 1)}, {"calibration_end": dt.date(2031, 1, 1)}):
        with pytest.raises(CXError) as raised:
            build_report(sample_ws, **kwargs)
        assert "--" not in str(raised.value)

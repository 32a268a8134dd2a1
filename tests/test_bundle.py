"""The app's "Notebook and data (.zip)": unzipped and run, the notebook recomputes the numbers
the app shows for the view, from the session's tables and the corrections made in the app
(a column mapping, SERVQUAL tags, a journey stage), with a foreign export among the files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import nbformat
import pytest

import cxreport
from cxreport import pins
from cxreport.errors import CXError
from cxreport.fields import Kind
from cxreport.io.dataset import load_dataset, remap
from cxreport.metrics import servqual
from cxreport.render.bundle import DATA, FOLDER, MANIFEST, NOTEBOOK, bundle_zip, load_bundle
from cxreport.render.document import build_document
from cxreport.sample import load_sample
from cxreport.state import ViewState
from cxreport.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]

# A Shopify orders export as it comes (line items on extra rows, e-mail as the customer,
# money in IDR with the subtotal beside the total), dated inside the sample's range.
SHOPIFY = "\n".join([
    "Name,Email,Financial Status,Paid at,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,"
    "Lineitem name,Lineitem price,Billing Province",
    *(f"#{1000 + i},{who}@example.com,paid,2025-{month:02d}-{day:02d} 10:05:00 +0700,IDR,{sub}.00,20000.00,0.00,"
      f"{sub + 20000}.00,2025-{month:02d}-{day:02d} 10:00:00 +0700,1,Kopi Arabika 250g,{sub}.00,{region}"
      for i, (who, month, day, sub, region) in enumerate([
          ("ani", 6, 2, 150000, "Bali"), ("budi", 7, 3, 95000, "Jawa Barat"), ("ani", 8, 4, 120000, "Bali"),
          ("citra", 8, 20, 80000, "Bali"), ("budi", 9, 9, 60000, "Jawa Barat"), ("ani", 10, 1, 110000, "Bali"),
          ("dewi", 10, 15, 70000, "Jawa Barat"), ("citra", 11, 5, 90000, "Bali")])),
    "#1001,ani@example.com,,,,,,,,2025-06-02 10:00:00 +0700,2,Drip Bag,30000.00,",
]) + "\n"
FILTERS_VIEW = ViewState(lang="id", period="month", date_from=dt.date(2025, 7, 1),
                         filters={"region": ("Bali", "Jawa Barat")}, clv_horizon=6, clv_margin=0.4)


@pytest.fixture(scope="module")
def session_ws() -> Workspace:
    """What a session holds after the sample, an upload and corrections on the Data page."""
    ws = Workspace()
    for ds in load_sample():
        ws.add(ds)
    shop = load_dataset("orders_export_1.csv", SHOPIFY.encode(), today=dt.date(2026, 11, 1))
    assert shop.kind is Kind.ORDERS and shop.mapping["amount"] == "Total"
    ws.add(remap(shop, mapping={**shop.mapping, "amount": "Subtotal"}))  # Apply mapping: revenue without shipping
    # The sample's SERVQUAL items are recognised from their question texts only (headers Q5_1 ...).
    ws.set_servqual_tags({"src_q_5_1": None, "src_q_5_2": ("reliability", "perception")})
    ws.set_journey_stages({"Delivery": "get_help"})
    return ws


def test_the_unzipped_notebook_recomputes_the_apps_numbers(session_ws, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    view = FILTERS_VIEW
    filters = pins.view_filters(view)
    doc = build_document(session_ws, filters, period=view.period, lang=view.lang, view=view)
    data = bundle_zip(session_ws, doc, view=view)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        archive.extractall(tmp_path)
    assert f"{FOLDER}/{NOTEBOOK}" in names and f"{FOLDER}/{DATA}/{MANIFEST}" in names
    assert sum(n.endswith("_table.parquet") for n in names) == len(session_ws.datasets)
    folder = tmp_path / FOLDER
    notebook = nbformat.read(folder / NOTEBOOK, as_version=4)
    first = notebook.cells[0].source
    assert first.startswith(f"# {doc.title}") and "pip install cxreport" in first and "Region: Bali, Jawa Barat" not in first
    assert "Wilayah: Bali, Jawa Barat" in first  # the filters, in the view's language

    # One probe cell at the end prints what the notebook computed, as JSON.
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import json\nprint(json.dumps({'report': json.loads(report.to_json()), 'nps': nps.to_dicts(),\n"
        "    'servqual': servqual.to_dicts(), 'journey': journey.to_dicts(), 'churn': churn.to_dicts(),\n"
        "    'clv': cxreport.metrics.clv_summary(model),\n"
        "    'key_drivers': key_drivers.to_dicts(), 'indicators': {k: c.as_dict() for k, c in indicators.items()},\n"
        "    'shop_amounts': sorted(tables['orders'].filter(pl.col('source_file') == 'orders_export_1.csv')['amount'])},\n"
        "    default=str))"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout's cxreport
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    nbformat.validate(notebook)
    printed = json.loads("".join(o.get("text", "") for o in notebook.cells[-1].outputs))

    # The same view in the library, on the session's workspace: what the app's pages show.
    def canonical(value) -> str:
        return json.dumps(value, default=str, sort_keys=True)

    expected_report = cxreport.report(session_ws, period=view.period, date_from=view.date_from,
                                      where={k: list(v) for k, v in view.filters.items()})
    assert canonical(printed["report"]) == canonical(json.loads(expected_report.to_json()))
    assert printed["report"]["filters"]["rows"]["orders"]["after"] > 0
    surveys = session_ws.filtered(Kind.SURVEYS, filters)
    assert canonical(printed["nps"]) == canonical(cxreport.metrics.nps(surveys).to_dicts())
    items = session_ws.servqual_items()
    assert ("src_q_5_2", "reliability") in [(i.column, i.dimension) for i in items]
    assert canonical(printed["servqual"]) == canonical(servqual.servqual(surveys, items).to_dicts())
    # The CX model's drivers and scorecard, as the HTML/PDF export computes them (render/document.py).
    from cxreport.metrics import drivers, indicators
    tickets = session_ws.filtered(Kind.TICKETS, filters) if session_ws.has(Kind.TICKETS) else None
    expected_drivers = drivers.key_drivers(drivers.driver_table(surveys, tickets=tickets, items=items))
    assert expected_drivers.height > 0
    assert canonical(printed["key_drivers"]) == canonical(expected_drivers.to_dicts())
    expected_cards = indicators.cx_indicators(**{k.value: session_ws.filtered(k, filters)
                                                for k in (Kind.ORDERS, Kind.TICKETS, Kind.SURVEYS) if session_ws.has(k)})
    assert canonical(printed["indicators"]) == canonical({k: c.as_dict() for k, c in expected_cards.items()})
    app_clv = pins.predictive_clv(pins.Context(session_ws, view))  # the CLV page's, with its horizon and margin
    assert canonical(printed["clv"]) == canonical(cxreport.metrics.clv_summary(app_clv))
    journey = pins.journey_table(pins.Context(session_ws, view))
    assert "get_help" in journey.filter(journey["touchpoint"] == "Delivery")["stage"].cast(str).to_list()
    assert canonical(printed["journey"]) == canonical(journey.to_dicts())
    # The uploaded Shopify orders count with the subtotal the user mapped, not the total (by hand: the export's
    # Subtotal column; every buyer has an order from July on, so the filter keeps their earlier ones too; the
    # line item's own row carries no money, as Shopify writes an order's money on its first row only).
    (shop,) = [r for r in printed["report"]["datasets"] if r["file"] == "orders_export_1.csv"]
    assert shop["mapping"]["amount"] == "Subtotal"
    assert printed["shop_amounts"] == [0.0, 60000.0, 70000.0, 80000.0, 90000.0, 95000.0, 110000.0, 120000.0, 150000.0]


def test_the_bundle_reloads_the_same_workspace_without_the_question_texts_being_read_again(session_ws, tmp_path):
    doc = build_document(session_ws, pins.view_filters(FILTERS_VIEW), lang="en")
    with zipfile.ZipFile(io.BytesIO(bundle_zip(session_ws, doc))) as archive:
        archive.extractall(tmp_path)
    data = tmp_path / FOLDER / DATA
    manifest = json.loads((data / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["servqual_tags"]["src_q_5_1"] is None
    assert manifest["servqual_tags"]["src_q_5_2"] == ["reliability", "perception"]
    assert manifest["journey_stages"] == {"Delivery": "get_help"}
    reloaded = load_bundle(data)
    assert list(reloaded.datasets) == list(session_ws.datasets)
    assert reloaded.servqual_items() == session_ws.servqual_items()
    for kind in session_ws.kinds():
        assert reloaded.table(kind).equals(session_ws.table(kind))


def test_a_folder_without_a_bundle_is_refused_in_words(tmp_path):
    with pytest.raises(CXError) as err:
        load_bundle(tmp_path)
    assert err.value.code == "bundle_not_valid"
    (tmp_path / MANIFEST).write_text(json.dumps({"format": "cxreport-bundle", "version": 1,
                                                 "datasets": [{"meta": {}, "frames": {"../../etc/x": "frame"}}]}))
    with pytest.raises(CXError):
        load_bundle(tmp_path)


@pytest.mark.parametrize("tamper", [
    lambda m: m.update(datasets=["x"]),
    lambda m: m["datasets"][0].pop("meta"),
    lambda m: m["datasets"][0].update(frames=["table"]),
    lambda m: m["datasets"][0]["meta"].update(kind={"__kind__": "nope"}),
    lambda m: m.update(servqual_tags=[1, 2]),
    lambda m: m.update(servqual_tags={"src_q_5_2": ["reliability", "perception", "x"]}),
    lambda m: m.update(servqual_tags={"src_q_5_2": ["../../etc", "<script>"]}),
    lambda m: m.update(journey_stages={"Delivery": "teleport"}),
], ids=["datasets-not-objects", "no-meta", "frames-not-a-map", "unknown-kind", "tags-not-a-map",
        "tag-of-three", "tag-not-servqual", "unknown-stage"])
def test_a_tampered_bundle_is_refused_in_words(session_ws, tmp_path, tamper):
    """A hand-edited or damaged bundle.json never gets past load_bundle as a traceback, nor
    as a workspace that fails later on a page or an export."""
    from cxreport.render.bundle import write_data

    data = write_data(session_ws, tmp_path / DATA)
    manifest = json.loads((data / MANIFEST).read_text(encoding="utf-8"))
    tamper(manifest)
    (data / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CXError) as err:
        load_bundle(data)
    assert err.value.code == "bundle_not_valid"


def test_the_views_churn_window_and_clv_settings_are_the_notebooks(session_ws):
    import ast

    from cxreport.render.notebook import to_ipynb

    view = dataclasses.replace(FILTERS_VIEW, churn_window=60, clv_horizon=24, clv_discount=0.2, clv_margin=0.4)
    doc = build_document(session_ws, pins.view_filters(view), lang="en", churn_window=60)
    notebook = to_ipynb([], doc, bundle=DATA, view=view)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            ast.parse(cell.source)
    by_tag = {c.metadata.get("cxreport"): c.source for c in notebook.cells}
    assert "window_days = 60" in by_tag["churn"] and "default_churn_window_days" not in by_tag["churn"]
    assert "horizon_months=24, annual_discount_rate=0.2, margin=0.4" in by_tag["clv"]

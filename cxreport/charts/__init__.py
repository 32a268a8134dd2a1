"""Every Altair chart of the report, in one presentation theme.

One module a section of the report (`cohorts`, `churn`, `value`, `surveys`, `service`, `ux`,
`cx_model`, `results` for the notebook), on the shared ground of `_base`; every public name
is importable from here, as ``charts.retention_heatmap``.

>>> import polars as pl
>>> from cxreport import charts
>>> clv = pl.DataFrame({"segment": ["Gold", "Silver"], "clv": [120.0, 40.0], "customers": [10, 30]})
>>> spec = charts.clv_bars(clv, "id", currency="IDR").to_dict()
>>> spec["title"]["text"], spec["encoding"]["x"]["title"]
('Nilai seumur hidup pelanggan (CLV)', 'CLV per pelanggan (IDR)')

Builders take the tidy frames the metric functions return (never raw rows: a distribution
comes in as pre-binned counts, see `histogram_bins`), plus `lang`, and return a top-level
Altair chart whose inline data holds exactly the input's rows (series are reshaped inside
Vega with fold/calculate transforms, so nothing is duplicated). Dates are labelled with
`cxreport.fmt`, numbers through a Vega locale built from the same tables, so axes and
tooltips read ``1.234,5`` and ``Agu 2024`` in Indonesian.

Each chart carries its language's locale in its top-level ``config``, so a builder's result
cannot be put inside ``alt.vconcat``/``alt.layer`` as is (Vega-Lite allows config only at
the top); draw charts one by one (that is what pages do).

Selections: `retention_heatmap` has a point selection named ``"cohort"`` (`COHORT_SELECTION`)
on the field ``cohort`` holding ISO dates. With
``event = st.altair_chart(chart, on_select="rerun")`` the picked cohorts are
``[p["cohort"] for p in event.selection["cohort"]]`` — the values `ViewState.cohorts` holds.

Theme: every builder's chart carries the theme in its own ``config``, so it looks the same
wherever it is rendered. `use_theme` also registers ``"cxreport"`` and makes it Altair's
active theme, for charts built outside this module; the app calls it on every run
(``streamlit_app.py``). Importing this module changes nothing global. Okabe–Ito colours (safe for the common colour-vision
deficiencies), large titles and labels for presenting on a projector.
"""

from __future__ import annotations

from cxreport.charts._base import (
    OKABE_ITO, BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK, YELLOW, GREY, FONT, THEME_NAME, COHORT_SELECTION, GROUP_SELECTION, HEIGHT, BAR_STEP, MAX_CELL_LABELS, cxreport_theme, use_theme, histogram_bins, TITLE_WRAP, wrap_title, vega_locale, period_axis_format, money_format,
)
from cxreport.charts.cohorts import (
    retention_heatmap, HIGHLIGHTED_COHORTS, default_highlighted_cohorts, retention_curves, cohort_sizes,
)
from cxreport.charts.churn import churn_over_time, mrr_movements, survival_curves, survival_subtitle
from cxreport.charts.value import clv_bars, clv_histogram, historical_clv_curves, calibration_holdout
from cxreport.charts.surveys import nps_trend, nps_composition, nps_by_segment, score_trend, themes_bars
from cxreport.charts.service import ticket_volume, response_times, aht_bars, backlog, nps_by_response_bucket
from cxreport.charts.ux import ux_cx_quadrant, gap_bars, ux_cx_trend, task_success_bars
from cxreport.charts.cx_model import servqual_bars, driver_quadrant, service_cx_trend, journey_map
from cxreport.charts.results import MAX_RESULT_POINTS, aggregate_result, sql_result_chart

__all__ = [
    "OKABE_ITO", "BLUE", "ORANGE", "GREEN", "PURPLE", "SKY", "VERMILLION", "BLACK", "YELLOW", "GREY", "FONT",
    "THEME_NAME", "COHORT_SELECTION", "GROUP_SELECTION", "HEIGHT", "BAR_STEP", "MAX_CELL_LABELS",
    "cxreport_theme", "use_theme", "histogram_bins", "TITLE_WRAP", "wrap_title", "vega_locale",
    "period_axis_format", "money_format", "retention_heatmap", "HIGHLIGHTED_COHORTS",
    "default_highlighted_cohorts", "retention_curves", "cohort_sizes", "churn_over_time", "mrr_movements",
    "survival_curves", "survival_subtitle", "clv_bars", "clv_histogram", "historical_clv_curves",
    "calibration_holdout", "nps_trend", "nps_composition", "nps_by_segment", "score_trend", "themes_bars",
    "ticket_volume", "response_times", "aht_bars", "backlog", "nps_by_response_bucket", "ux_cx_quadrant",
    "gap_bars", "ux_cx_trend", "task_success_bars", "servqual_bars", "driver_quadrant", "service_cx_trend",
    "MAX_RESULT_POINTS", "aggregate_result", "sql_result_chart", "journey_map",
]

"""Generate the bundled sample exports of "Kopi Kita", a fictional Indonesian coffee brand.

Run ``python sample_data/generate.py [OUT_DIR]`` (default: this folder). The output is
deterministic: one seeded numpy Generator, no wall-clock time anywhere (the xlsx zip
entries and document properties are pinned too), so two runs give byte-identical files and
the test in tests/test_sample_data.py can check that the committed files are up to date.

The world being simulated (all money in IDR, all times local Jakarta time, UTC+7):
- 4,000 webshop customers acquired 2025-01-01..2026-10-31, each with one acquisition
  channel, segment and region. They buy as in a BG/NBD world (Fader, Hardie & Lee 2005):
  each has their own Poisson purchase rate (gamma across customers) and after each repeat
  purchase drops out with their own probability (beta across customers). Purchase times
  are thinned by a seasonal intensity (Ramadan/Lebaran, 11.11, 12.12).
- Story effects planted on purpose (measured back from the files into STORY.md):
  1. "Social Ads" customers drop out far more often (higher beta mean), in the webshop
     and in the subscription.
  2. A support staffing gap in 2025-09..2025-11 makes resolution ~3x and first reply ~2x
     slower; post-contact survey scores follow the resolution time, so NPS dips then.
  3. Checkout is the weak spot: lowest UX task success, lowest survey scores, most tickets.
  4. Subscribers upgrade Basic -> Plus -> Pro often in their first year (NRR > 100% early).
  6. Ticket topics (an appended column, own seed): Delivery's tickets are mostly "where is
     my order" questions (its friction is second to Checkout's), and respondents who had
     to ask such a question report a worse CES.

The planted effects are far larger than sampling noise: with seeds 1-8 instead of SEED
every story threshold in the tests still held except one NPS drop of 9.8 points (seed 3).

This script does not import cxreport (it must run while the library changes); the story
figures are measured with plain polars by ``measure_story`` and checked by the tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import polars as pl

SEED = 20251101
HERE = Path(__file__).resolve().parent

START = np.datetime64("2025-01-01T00:00:00", "s")
N_DAYS = 669  # 2025-01-01 .. 2026-10-31 inclusive
END_DAYS = float(N_DAYS)  # simulation clock: days since START (local time)
EXPORT_TIME = "2026-10-31 23:59:59"

N_CUSTOMERS = 4000
N_BUYERS = 1400  # marketplace usernames (not linked to customer ids)

CHANNELS = np.array(["Organic Search", "Social Ads", "Referral", "Email"])
CHANNEL_WEIGHTS = np.array([0.36, 0.26, 0.20, 0.18])
SEGMENTS = np.array(["Consumer", "Office"])
REGIONS = np.array(["Jakarta", "Jawa Barat", "Jawa Timur", "Bali", "Sumatera Utara"])
REGION_WEIGHTS = np.array([0.38, 0.24, 0.18, 0.10, 0.10])
TOUCHPOINTS = np.array(["Browse", "Checkout", "Delivery", "Support", "Subscription"])

# The support staffing gap (story point 2), as calendar months.
SLOW_MONTHS = ("2025-09", "2025-10", "2025-11")

# (name, price IDR, weight) of the webshop catalogue.
PRODUCTS = [
    ("Arabica Gayo 250g", 95_000, 0.16),
    ("Toraja Sapan 250g", 110_000, 0.10),
    ("Kintamani Bali 250g", 105_000, 0.10),
    ("Robusta Lampung 500g", 85_000, 0.12),
    ("Espresso Blend 1kg", 280_000, 0.09),
    ("Drip Bag Sampler (10 pcs)", 65_000, 0.13),
    ("Cold Brew Bottle 1L", 75_000, 0.11),
    ("V60 Paper Filter (100 pcs)", 45_000, 0.08),
    ("Kopi Kita Tumbler", 150_000, 0.06),
    ("Manual Grinder", 350_000, 0.05),
]
MARKETPLACE_NAMES = [
    "Kopi Arabika Gayo 250gr - Kopi Kita",
    "Kopi Toraja Sapan 250gr - Kopi Kita",
    "Kopi Kintamani Bali 250gr - Kopi Kita",
    "Kopi Robusta Lampung 500gr - Kopi Kita",
    "Espresso Blend 1kg Biji Kopi - Kopi Kita",
    "Kopi Drip Bag isi 10 - Kopi Kita",
    "Cold Brew Kopi Susu 1 Liter - Kopi Kita",
    "Kertas Filter V60 isi 100",
    "Tumbler Kopi Kita 500ml",
    "Grinder Kopi Manual Stainless",
]
CITIES = [  # (Kota/Kabupaten, Provinsi, weight)
    ("KOTA JAKARTA SELATAN", "DKI JAKARTA", 0.17),
    ("KOTA JAKARTA BARAT", "DKI JAKARTA", 0.12),
    ("KOTA BANDUNG", "JAWA BARAT", 0.12),
    ("KOTA BEKASI", "JAWA BARAT", 0.10),
    ("KAB. BOGOR", "JAWA BARAT", 0.08),
    ("KOTA SURABAYA", "JAWA TIMUR", 0.13),
    ("KOTA MALANG", "JAWA TIMUR", 0.07),
    ("KOTA DENPASAR", "BALI", 0.07),
    ("KAB. BADUNG", "BALI", 0.04),
    ("KOTA MEDAN", "SUMATERA UTARA", 0.10),
]
PLAN_MRR = {"Basic": 99_000, "Plus": 179_000, "Pro": 299_000}
PLANS = np.array(["Basic", "Plus", "Pro"])
AGENTS = np.array(
    ["Dewi Lestari", "Budi Santoso", "Siti Rahmawati", "Agus Wibowo", "Rina Kartika",
     "Fajar Nugroho", "Putri Ayu", "Yusuf Hakim", "Intan Permata", "Hendra Gunawan"]
)


# --- time helpers -----------------------------------------------------------------------


def _day_dates() -> np.ndarray:
    return np.datetime64("2025-01-01", "D") + np.arange(N_DAYS)


def season_multiplier() -> np.ndarray:
    """Demand multiplier per day: Ramadan and the run-up to Lebaran, 11.11 and 12.12 sales."""
    days = _day_dates()
    m = np.ones(N_DAYS)

    def span(a: str, b: str) -> np.ndarray:
        return (days >= np.datetime64(a)) & (days <= np.datetime64(b))

    # Ramadan 1446 H (Lebaran 2025-03-31) and 1447 H (Lebaran 2026-03-20): gifting and hampers.
    m[span("2025-03-01", "2025-03-19")] = 1.4
    m[span("2025-03-20", "2025-03-29")] = 2.2
    m[span("2025-03-31", "2025-04-02")] = 0.6  # everyone is home for Lebaran
    m[span("2026-02-18", "2026-03-08")] = 1.4
    m[span("2026-03-09", "2026-03-18")] = 2.2
    m[span("2026-03-20", "2026-03-22")] = 0.6
    for day in ("2025-11-11", "2025-12-12"):
        m[span(day, day)] = 4.0
        d = np.datetime64(day)
        m[(days == d - 1) | (days == d + 1)] = 1.6
    return m


HOUR_WEIGHTS = np.array(
    [0.6, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.2, 2.6, 3.0, 3.2, 3.6,
     4.2, 3.8, 3.2, 3.0, 3.0, 3.2, 3.6, 4.4, 5.0, 4.8, 3.4, 1.6]
)


def _random_times_on_days(rng: np.random.Generator, day_index: np.ndarray) -> np.ndarray:
    """Fractional days: the given day plus a time of day from the shop's daily rhythm."""
    hours = rng.choice(24, size=day_index.size, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    seconds = rng.integers(0, 3600, size=day_index.size)
    return day_index + (hours * 3600 + seconds) / 86400.0


def _to_datetime(days: np.ndarray) -> pl.Series:
    """Simulation clock (days since START) -> datetime64 seconds, as a polars Series."""
    return pl.Series((START + np.floor(np.asarray(days) * 86400).astype(np.int64)).astype("datetime64[us]"))


def _random_codes(rng: np.random.Generator, n: int, length: int, alphabet: str) -> np.ndarray:
    letters = np.array(list(alphabet), dtype="<U1")
    picks = letters[rng.integers(0, len(letters), size=(n, length))]
    return np.ascontiguousarray(picks).view(f"<U{length}").ravel()


# --- purchase process --------------------------------------------------------------------


def simulate_purchases(
    rng: np.random.Generator,
    first_purchase: np.ndarray,
    rate_per_day: np.ndarray,
    dropout: np.ndarray,
    season: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """BG/NBD purchase times per buyer, thinned by season.

    Candidate events arrive at rate λ·max(season); one at day t is kept with probability
    season(t)/max(season) (Lewis-Shedler thinning of a non-homogeneous Poisson process).
    After each kept repeat purchase the buyer drops out with their probability p.
    The loop runs over events, each step vectorised over all buyers still alive.
    Returns (buyer index, purchase time) of every purchase, first purchases included.
    """
    s_max = season.max()
    buyers = [np.arange(first_purchase.size)]
    times = [first_purchase]
    now = first_purchase.copy()
    alive = now < END_DAYS
    while alive.any():
        idx = np.flatnonzero(alive)
        now[idx] += rng.exponential(1.0 / (rate_per_day[idx] * s_max))
        in_range = now[idx] < END_DAYS
        day = np.minimum(now[idx].astype(np.int64), N_DAYS - 1)
        kept = in_range & (rng.random(idx.size) < season[day] / s_max)
        buyers.append(idx[kept])
        times.append(now[idx[kept]])
        dies = kept & (rng.random(idx.size) < dropout[idx])
        alive[idx[dies | ~in_range]] = False
    return np.concatenate(buyers), np.concatenate(times)


def _acquisition_days(rng: np.random.Generator, n: int, season: np.ndarray, growth: float) -> np.ndarray:
    weights = season * (1.0 + growth * np.arange(N_DAYS) / N_DAYS)
    day = rng.choice(N_DAYS, size=n, p=weights / weights.sum())
    return _random_times_on_days(rng, day)


def _line_items(rng: np.random.Generator, n_orders: int, mean_extra_items: float) -> tuple[np.ndarray, np.ndarray]:
    """(order index, product index) per line: 1 + Poisson items, distinct products per order.

    Distinct weighted picks per order via the Gumbel-top-k trick on one matrix.
    """
    weights = np.array([w for _, _, w in PRODUCTS])
    n_items = np.minimum(1 + rng.poisson(mean_extra_items, size=n_orders), 5)
    keys = np.log(weights)[None, :] + rng.gumbel(size=(n_orders, weights.size))
    ranked = np.argsort(-keys, axis=1)
    take = np.arange(weights.size)[None, :] < n_items[:, None]
    order_idx = np.broadcast_to(np.arange(n_orders)[:, None], ranked.shape)[take]
    return order_idx, ranked[take]


# --- the company's customers -------------------------------------------------------------


def make_customers(rng: np.random.Generator, season: np.ndarray) -> pl.DataFrame:
    n = N_CUSTOMERS
    channel = rng.choice(CHANNELS, size=n, p=CHANNEL_WEIGHTS)
    segment = rng.choice(SEGMENTS, size=n, p=[0.8, 0.2])
    region = rng.choice(REGIONS, size=n, p=REGION_WEIGHTS)
    social = channel == "Social Ads"
    # Purchase rate: gamma with mean one purchase per ~70 days; offices buy more often.
    rate = rng.gamma(shape=1.8, scale=1.0 / (70 * 1.8), size=n) * np.where(segment == "Office", 1.5, 1.0)
    rate = np.clip(rate, 1 / 400, 1 / 6)
    # Dropout after a repeat purchase: beta, mean 0.10 normally, 0.45 for Social Ads buyers.
    dropout = np.where(social, rng.beta(2.7, 3.3, size=n), rng.beta(1.0, 9.0, size=n))
    # First-time buyers answering a paid-social ad are likelier not to return at all.
    one_off = social & (rng.random(n) < 0.20)
    return pl.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(1, n + 1)],
            "channel": channel,
            "segment": segment,
            "region": region,
            "rate": rate,
            "dropout": np.where(one_off, 1.0, dropout),
            "one_off": one_off,
            "acquired": _acquisition_days(rng, n, season, growth=1.2),
        }
    )


# --- 1. webshop orders -------------------------------------------------------------------


def make_orders(rng: np.random.Generator, customers: pl.DataFrame, season: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Webshop line items (export layout) and the order headers used by later files."""
    rate = customers["rate"].to_numpy()
    dropout = customers["dropout"].to_numpy()
    one_off = customers["one_off"].to_numpy()
    first = customers["acquired"].to_numpy()
    # One-off buyers never come back: drop their simulated repeat purchases.
    who, when = simulate_purchases(rng, first, rate, dropout, season)
    repeat_of_one_off = one_off[who] & (when > first[who])
    who, when = who[~repeat_of_one_off], when[~repeat_of_one_off]

    # Guest checkouts (no customer id) and a few test orders by staff.
    n_guest = 140
    guest_when = _acquisition_days(rng, n_guest, season, growth=1.2)
    test_when = np.array([3.45, 3.47, 9.60, 200.41, 512.33, 512.35])

    cust = customers.select("customer_id", "channel", "segment", "region")
    hdr = pl.concat(
        [
            pl.DataFrame({"cust_row": who, "t": when}).with_columns(
                pl.col("cust_row").cast(pl.Int64), kind=pl.lit("customer")
            ),
            pl.DataFrame({"cust_row": np.full(n_guest, -1), "t": guest_when}).with_columns(kind=pl.lit("guest")),
            pl.DataFrame({"cust_row": np.full(test_when.size, -1), "t": test_when}).with_columns(kind=pl.lit("test")),
        ]
    ).with_columns(pl.col("cust_row").cast(pl.Int64))
    n_orders = hdr.height
    u = rng.random(n_orders)
    guest_channel = rng.choice(CHANNELS, size=n_orders, p=CHANNEL_WEIGHTS)
    guest_segment = rng.choice(SEGMENTS, size=n_orders, p=[0.9, 0.1])
    guest_region = rng.choice(REGIONS, size=n_orders, p=REGION_WEIGHTS)
    hdr = (
        hdr.with_columns(
            u=pl.Series(u),
            g_channel=pl.Series(guest_channel),
            g_segment=pl.Series(guest_segment),
            g_region=pl.Series(guest_region),
        )
        .join(cust.with_row_index("cust_row").with_columns(pl.col("cust_row").cast(pl.Int64)), on="cust_row", how="left")
        .with_columns(
            customer_id=pl.when(pl.col("kind") == "test")
            .then(pl.format("TEST-00{}", (pl.int_range(pl.len()).over("kind") % 3) + 1))
            .otherwise(pl.col("customer_id")),
            channel=pl.col("channel").fill_null(pl.col("g_channel")),
            segment=pl.col("segment").fill_null(pl.col("g_segment")),
            region=pl.col("region").fill_null(pl.col("g_region")),
            status=pl.when(pl.col("kind") == "test")
            .then(pl.lit("test"))
            .when(pl.col("u") < 0.03)
            .then(pl.lit("cancelled"))
            .otherwise(pl.lit("paid")),
        )
        .sort("t", "u")
        .with_columns(order_id=pl.format("KK-{}", pl.int_range(100001, 100001 + pl.len())))
        .drop("u", "g_channel", "g_segment", "g_region")
    )

    order_idx, product_idx = _line_items(rng, n_orders, mean_extra_items=1.1)
    office = (hdr["segment"] == "Office").to_numpy()[order_idx]
    qty = rng.choice([1, 2, 3, 4], size=order_idx.size, p=[0.72, 0.19, 0.06, 0.03])
    qty = np.where(office, qty * rng.integers(1, 5, size=order_idx.size), qty)
    price = np.array([p for _, p, _ in PRODUCTS])[product_idx]
    day = np.minimum(hdr["t"].to_numpy()[order_idx].astype(np.int64), N_DAYS - 1)
    discount = np.where(season[day] >= 4.0, 0.85, np.where(season[day] >= 2.0, 0.9, 1.0))
    line_total = np.round(qty * price * discount, -2)
    lines = pl.DataFrame(
        {"row": order_idx, "product": np.array([p for p, _, _ in PRODUCTS])[product_idx], "quantity": qty, "line_total": line_total}
    ).join(hdr.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64)), on="row").drop("row")

    # Refunds: for ~2% of paid orders one line is refunded 2-12 days later, as its own row.
    paid = lines.filter(pl.col("status") == "paid").unique("order_id", keep="first", maintain_order=True)
    chosen = rng.random(paid.height) < 0.02
    refund_delay = rng.uniform(2, 12, size=paid.height)
    refunds = (
        paid.filter(pl.Series(chosen))
        .with_columns(
            t=pl.col("t") + pl.Series(refund_delay[chosen]),
            line_total=-pl.col("line_total"),
            status=pl.lit("refunded"),
        )
        .filter(pl.col("t") < END_DAYS)
    )
    lines = pl.concat([lines, refunds]).sort("t", "order_id", "status", "product")
    # A couple of exact duplicate rows, as a double-clicked export would have.
    dup_at = np.sort(rng.choice(lines.height, size=3, replace=False))
    lines = pl.concat([lines, lines[dup_at]]).sort("t", "order_id", "status", "product", maintain_order=True)

    export = lines.select(
        pl.col("order_id").alias("Order ID"),
        pl.col("customer_id").alias("Customer ID"),
        _to_datetime(lines["t"].to_numpy()).dt.strftime("%Y-%m-%d %H:%M:%S +0700").alias("Order Date"),
        pl.col("product").alias("Product"),
        pl.col("quantity").alias("Quantity"),
        pl.Series(np.char.mod("%.2f", lines["line_total"].to_numpy())).alias("Line Total"),
        pl.col("status").alias("Status"),
        pl.col("channel").alias("Sales Channel"),
        pl.col("segment").alias("Segment"),
        pl.col("region").alias("Region"),
    )
    return export, hdr


# --- 2. marketplace ----------------------------------------------------------------------


def _usernames(rng: np.random.Generator, n: int) -> np.ndarray:
    first = np.array(
        ["rina", "budi", "sari", "agus", "dewi", "andi", "putri", "yoga", "intan", "rizky", "nadia", "fajar",
         "wulan", "dimas", "ayu", "hendra", "lina", "bayu", "maya", "eko", "tika", "arif", "citra", "gilang"]
    )
    style = np.array(["", "_", ".", "kopi", "_id"])
    candidates = np.char.add(
        np.char.add(rng.choice(first, size=3 * n), rng.choice(style, size=3 * n)),
        rng.integers(1, 9999, size=3 * n).astype(str),
    )
    _, first_pos = np.unique(candidates, return_index=True)
    return candidates[np.sort(first_pos)][:n]


def make_marketplace(rng: np.random.Generator, season: np.ndarray) -> pl.DataFrame:
    n = N_BUYERS
    users = _usernames(rng, n)
    city_idx = rng.choice(len(CITIES), size=n, p=np.array([w for *_, w in CITIES]))
    rate = np.clip(rng.gamma(1.5, 1.0 / (70 * 1.5), size=n), 1 / 500, 1 / 10)
    dropout = rng.beta(2.0, 6.0, size=n)
    who, when = simulate_purchases(rng, _acquisition_days(rng, n, season, growth=0.8), rate, dropout, season)
    order = np.lexsort((who, when))
    who, when = who[order], when[order]
    n_orders = who.size
    u = rng.random(n_orders)
    status = np.where(u < 0.07, "Dibatalkan", np.where(u < 0.10, "Pengembalian", "Selesai"))
    date_code = (START.astype("datetime64[D]") + when.astype(np.int64)).astype(object)
    prefix = np.array([d.strftime("%y%m%d") for d in date_code])
    order_no = np.char.add(prefix, _random_codes(rng, n_orders, 8, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"))
    assert np.unique(order_no).size == n_orders

    order_idx, product_idx = _line_items(rng, n_orders, mean_extra_items=0.6)
    qty = rng.choice([1, 2, 3], size=order_idx.size, p=[0.75, 0.2, 0.05])
    # Marketplace prices carry the platform fee (+8%), rounded to Rp 500.
    price = np.round(np.array([p for _, p, _ in PRODUCTS]) * 1.08 / 500) * 500
    total = (qty * price[product_idx]).astype(np.int64)
    buyer = who[order_idx]
    return pl.DataFrame(
        {
            "No. Pesanan": order_no[order_idx],
            "Status Pesanan": status[order_idx],
            "Waktu Pesanan Dibuat": _to_datetime(when[order_idx]).dt.strftime("%d/%m/%Y %H:%M"),
            "Username (Pembeli)": users[buyer],
            "Nama Produk": np.array(MARKETPLACE_NAMES)[product_idx],
            "Jumlah": qty,
            "Total Pembayaran": [f"Rp {v:,}".replace(",", ".") for v in total.tolist()],
            "Kota/Kabupaten": np.array([c for c, _, _ in CITIES])[city_idx[buyer]],
            "Provinsi": np.array([p for _, p, _ in CITIES])[city_idx[buyer]],
        }
    )


# --- 3. subscriptions --------------------------------------------------------------------


def make_subscriptions(rng: np.random.Generator, customers: pl.DataFrame) -> pl.DataFrame:
    """Plan segments: a plan change closes one row and opens the next on the same day.

    Month by month (vectorised over subscribers) each active subscriber may churn, upgrade
    (Basic->Plus->Pro, frequent in the first year) or downgrade.
    """
    n = customers.height
    office = (customers["segment"] == "Office").to_numpy()
    social = (customers["channel"] == "Social Ads").to_numpy()
    takes = rng.random(n) < np.where(office, 0.25, 0.16)
    delay = np.where(rng.random(n) < 0.5, 0.0, rng.exponential(30.0, size=n))
    start = customers["acquired"].to_numpy() + delay
    takes &= start < END_DAYS - 7
    sub = np.flatnonzero(takes)
    plan = rng.choice(3, size=sub.size, p=[0.6, 0.32, 0.08])
    seg_start = start[sub].copy()
    active = np.ones(sub.size, dtype=bool)
    rows_cust, rows_plan, rows_start, rows_end = [], [], [], []
    churn = np.where(social[sub], 0.085, 0.022)
    for month in range(1, 23):
        t = start[sub] + month * 30.44 + rng.uniform(-10, 10, size=sub.size)
        live = active & (t < END_DAYS)
        u = rng.random(sub.size)
        upgrade_p = 0.12 if month <= 12 else 0.012
        churns = live & (u < churn)
        ups = live & ~churns & (plan < 2) & (u < churn + upgrade_p)
        downs = live & ~churns & ~ups & (plan > 0) & (u > 1 - 0.012)
        changed = churns | ups | downs
        rows_cust.append(sub[changed])
        rows_plan.append(plan[changed].copy())
        rows_start.append(seg_start[changed].copy())
        rows_end.append(t[changed])
        plan = plan + ups - downs
        seg_start = np.where(ups | downs, t, seg_start)
        active &= ~churns
    rows_cust.append(sub[active])
    rows_plan.append(plan[active])
    rows_start.append(seg_start[active])
    rows_end.append(np.full(active.sum(), np.nan))

    cust_row = np.concatenate(rows_cust)
    plan_name = PLANS[np.concatenate(rows_plan)]
    started = np.concatenate(rows_start)
    ended = np.concatenate(rows_end)
    fmt = "%Y-%m-%d"
    frame = (
        pl.DataFrame({"cust_row": cust_row, "plan": plan_name, "s": started, "e": ended})
        .with_columns(
            started_at=_to_datetime(started).dt.strftime(fmt),
            cancelled_at=pl.when(pl.Series(np.isnan(ended))).then(pl.lit(None)).otherwise(_to_datetime(np.nan_to_num(ended)).dt.strftime(fmt)),
            status=pl.when(pl.Series(np.isnan(ended))).then(pl.lit("active")).otherwise(pl.lit("cancelled")),
            mrr=pl.col("plan").replace_strict(PLAN_MRR, return_dtype=pl.Int64),
        )
        .join(customers.with_row_index("cust_row").with_columns(pl.col("cust_row").cast(pl.Int64)), on="cust_row")
        .sort("s", "customer_id")
    )
    return frame.select(
        subscription_id=pl.format("SUB-{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(5)),
        customer_id="customer_id",
        plan="plan",
        mrr="mrr",
        started_at="started_at",
        cancelled_at="cancelled_at",
        status="status",
        segment="segment",
        acquisition_channel="channel",
        region="region",
    )


# --- 5. tickets --------------------------------------------------------------------------


def make_tickets(rng: np.random.Generator, orders: pl.DataFrame, subs: pl.DataFrame) -> pl.DataFrame:
    """Helpdesk tickets raised a little after an order; slow service in SLOW_MONTHS.

    Returns the tickets with simulation-clock columns (the export is formatted later).
    """
    known = orders.filter(pl.col("kind") == "customer", pl.col("status") != "test").select("customer_id", "t")
    n_target = 6300
    pick = rng.integers(0, known.height, size=n_target)
    created = known["t"].to_numpy()[pick] + rng.lognormal(np.log(1.5), 1.0, size=n_target)
    cust = known["customer_id"].to_numpy()[pick]
    keep = created < END_DAYS
    created, cust = created[keep], cust[keep]
    n = created.size
    is_subscriber = np.isin(cust, subs["customer_id"].unique().to_numpy())
    stage = rng.choice(TOUCHPOINTS, size=n, p=[0.10, 0.38, 0.26, 0.10, 0.16])
    # Only subscribers write about their subscription; the others ask general questions.
    stage = np.where((stage == "Subscription") & ~is_subscriber, "Support", stage)

    month = _to_datetime(created).dt.strftime("%Y-%m").to_numpy()
    slow = np.isin(month, SLOW_MONTHS)
    channel = rng.choice(np.array(["email", "chat", "whatsapp", "phone"]), size=n, p=[0.35, 0.30, 0.25, 0.10])
    reply_median_h = np.select([channel == "email", channel == "chat", channel == "whatsapp"], [3.0, 0.12, 0.6], 0.05)
    solve_median_h = np.select([channel == "email", channel == "chat", channel == "whatsapp"], [30.0, 9.0, 16.0], 5.0)
    reply_h = rng.lognormal(np.log(reply_median_h), 0.8) * np.where(slow, 2.0, 1.0)
    solve_h = rng.lognormal(np.log(solve_median_h), 0.9) * np.where(slow, 3.3, 1.0)
    handle = np.clip(np.round(rng.lognormal(np.log(14), 0.45, size=n) * np.where(channel == "phone", 1.4, 1.0)), 5, 40)
    solve_h = np.maximum(solve_h, reply_h + handle / 60.0)
    reopens = rng.choice([0, 1, 2], size=n, p=[0.91, 0.07, 0.02])
    reopens = np.where(slow & (rng.random(n) < 0.10), reopens + 1, reopens)
    first_reply = created + reply_h / 24
    solved = created + solve_h / 24

    # Who answers: agents 0-7; agents 5-7 left before the gap, 8-9 were hired for December 2025.
    roster = np.select([month < "2025-09", month <= "2025-11"], [8, 5], 7)
    agent_idx = rng.integers(0, roster)
    agent_idx = np.where((month >= "2025-12") & (agent_idx >= 5), agent_idx + 3, agent_idx)

    # Satisfaction: mostly 4-5, lower when resolution was slow or the ticket reopened.
    sat_raw = 4.75 - 0.55 * np.log(solve_h / solve_median_h) - 0.6 * reopens + rng.normal(0, 0.55, size=n)
    satisfaction = np.clip(np.round(sat_raw), 1, 5)
    answered = (rng.random(n) < 0.45) & (solved < END_DAYS)

    status = np.select(
        [solved <= END_DAYS - 4, solved <= END_DAYS, first_reply <= END_DAYS],
        ["closed", "solved", "pending"],
        "open",
    )
    order = np.argsort(created, kind="stable")
    frame = pl.DataFrame(
        {
            "customer_id": cust,
            "created": created,
            "first_reply": np.where(first_reply <= END_DAYS, first_reply, np.nan),
            "solved": np.where(solved <= END_DAYS, solved, np.nan),
            "solve_h": solve_h,
            "status": status,
            "agent": AGENTS[agent_idx],
            "channel": channel,
            "handle": handle.astype(np.int64),
            "reopens": reopens,
            "satisfaction": np.where(answered, satisfaction, np.nan),
            "stage": stage,
        }
    )[order]
    return frame.with_columns(ticket_id=pl.int_range(10001, 10001 + pl.len()), slow=pl.Series(slow[order]))


def _format_ts(days: pl.Series) -> pl.Series:
    arr = days.to_numpy()
    text = _to_datetime(np.nan_to_num(arr)).dt.strftime("%Y-%m-%d %H:%M:%S")
    return pl.select(pl.when(pl.Series(np.isnan(arr))).then(None).otherwise(text)).to_series()


def export_tickets(tickets: pl.DataFrame) -> pl.DataFrame:
    sat = tickets["satisfaction"].to_numpy()
    return pl.DataFrame(
        {
            "Ticket ID": tickets["ticket_id"],
            "Requester ID": tickets["customer_id"],
            "Created at": _format_ts(tickets["created"]),
            "First reply at": _format_ts(tickets["first_reply"]),
            "Solved at": _format_ts(tickets["solved"]),
            "Status": tickets["status"],
            "Assignee": tickets["agent"],
            "Channel": tickets["channel"],
            "Handle time (min)": tickets["handle"],
            "Reopens": tickets["reopens"],
            "Satisfaction": pl.Series(sat).fill_nan(None).cast(pl.Int64),
            "Journey stage": tickets["stage"],
        }
    )


# --- 5b. ticket topics (an appended column, from their own RNG) ----------------------------

TOPIC_SEED = 20260701  # separate from SEED: every other column stays byte-identical
# Share of a touchpoint's tickets that are questions a page could answer ("where is my
# order", "how to ..."): Delivery's customers mostly ask where their order is.
TOPIC_INFORMATION_SHARE = {"Browse": 0.24, "Checkout": 0.22, "Delivery": 0.58, "Support": 0.20, "Subscription": 0.20}
TOPIC_PRODUCT_SHARE = {"Browse": 0.02, "Checkout": 0.02, "Delivery": 0.22, "Support": 0.14, "Subscription": 0.10}
# A respondent who answered CES <= 4 within 30 days after a ticket asked a question a page
# could have answered this much more often (information availability drives CES).
TOPIC_LOW_CES_LIFT = 0.30
TOPIC_HIGH_CES_DROP = 0.12
TOPICS = {  # (kind, touchpoint) -> (English topics, Indonesian topics)
    ("information", "Browse"): (["how to choose a roast", "how to brew cold brew"], ["cara memilih kopi", "cara seduh cold brew"]),
    ("information", "Checkout"): (["how to pay with GoPay", "how to use a voucher"], ["cara bayar pakai GoPay", "cara pakai voucher"]),
    ("information", "Delivery"): (["where is my order", "order status", "tracking number"], ["di mana pesanan saya", "status pesanan", "lacak pesanan"]),
    ("information", "Support"): (["how to change my address", "how to reset my password"], ["cara ganti alamat", "cara reset kata sandi"]),
    ("information", "Subscription"): (["how to skip a month", "how to change my plan"], ["cara lewati bulan ini", "cara ganti paket"]),
    ("product", None): (["damaged package", "wrong item", "stale beans", "leaking bottle"], ["kemasan rusak", "salah kirim", "kopi basi", "botol bocor"]),
    ("other", "Browse"): (["stock availability", "wholesale enquiry"], ["ketersediaan stok", "pembelian grosir"]),
    ("other", "Checkout"): (["payment failed", "double charge", "promo code not working"], ["pembayaran gagal", "tertagih dua kali", "kode promo gagal"]),
    ("other", "Delivery"): (["late delivery", "change courier"], ["pengiriman terlambat", "ganti kurir"]),
    ("other", "Support"): (["refund request", "invoice request", "complaint about reply"], ["minta refund", "minta faktur", "keluhan balasan"]),
    ("other", "Subscription"): (["cancel subscription", "billing date"], ["berhenti langganan", "tanggal tagihan"]),
}


def ticket_topics(tickets: pl.DataFrame, survey: pl.DataFrame) -> pl.Series:
    """The Topic column of tickets.csv: what each ticket is about, in English, or in
    Indonesian for most WhatsApp tickets. Drawn from TOPIC_SEED only, after everything else.

    Information questions are most common at Delivery (TOPIC_INFORMATION_SHARE), and more
    common for customers who gave a low CES in the 30 days after the ticket."""
    rng = np.random.default_rng(TOPIC_SEED)
    n = tickets.height
    created = _to_datetime(tickets["created"].to_numpy())
    answers = survey.select(
        customer_id=pl.col("CustomerID"), answered=pl.col("RecordedDate").str.to_datetime("%Y-%m-%d %H:%M:%S"),
        ces=pl.col("Q_CES"),
    ).drop_nulls()
    followed = (
        tickets.select("ticket_id", "customer_id").with_columns(created=created)
        .join(answers, on="customer_id")
        .filter(pl.col("answered") >= pl.col("created"), pl.col("answered") <= pl.col("created") + pl.duration(days=30))
        .group_by("ticket_id").agg(pl.col("ces").min())
    )
    ces = tickets.select("ticket_id").join(followed, on="ticket_id", how="left")["ces"].to_numpy()
    stage = tickets["stage"].to_numpy()
    p_info = np.array([TOPIC_INFORMATION_SHARE[s] for s in stage])
    p_info = np.where(np.nan_to_num(ces, nan=5) <= 4, p_info + TOPIC_LOW_CES_LIFT, p_info)
    p_info = np.where(np.nan_to_num(ces, nan=5) >= 6, p_info - TOPIC_HIGH_CES_DROP, p_info)
    p_product = np.array([TOPIC_PRODUCT_SHARE[s] for s in stage])
    u = rng.random(n)
    kind = np.where(u < p_info, "information", np.where(u < p_info + p_product, "product", "other"))
    indonesian = (tickets["channel"].to_numpy() == "whatsapp") & (rng.random(n) < 0.6)
    pick = rng.random(n)
    topics = []
    for k, s_, idn, r in zip(kind, stage, indonesian, pick):  # 6,000 rows, once, in the generator
        english, bahasa = TOPICS[(k, None if k == "product" else s_)]
        options = bahasa if idn else english
        topics.append(options[int(r * len(options))])
    return pl.Series("Topic", topics)


# --- 4. survey responses -----------------------------------------------------------------

COMMENTS: dict[tuple[str, str], list[str]] = {
    ("Browse", "low"): ["couldn't find the roast level anywhere", "search results make no sense",
                        "susah cari info tingkat sangrai", "foto produk kurang jelas"],
    ("Browse", "mid"): ["nice site but too many pop-ups", "ok, would like more tasting notes",
                        "lumayan, tapi filter produk kurang", "katalognya oke"],
    ("Browse", "high"): ["love the tasting notes", "easy to find my favourite beans",
                         "websitenya rapi dan gampang", "pilihan kopinya lengkap"],
    ("Checkout", "low"): ["checkout kept failing", "payment page froze twice", "voucher code never works",
                          "pembayaran gagal terus", "gagal bayar pakai GoPay", "kode voucher tidak bisa dipakai"],
    ("Checkout", "mid"): ["checkout is slow but it worked", "too many steps to pay",
                          "bayarnya ribet tapi akhirnya bisa", "proses checkout lama"],
    ("Checkout", "high"): ["paid in seconds", "smooth checkout with QRIS",
                           "bayar gampang", "checkout cepat"],
    ("Delivery", "low"): ["beans arrived late and stale", "package was damaged",
                          "pengiriman telat seminggu", "paket rusak waktu sampai"],
    ("Delivery", "mid"): ["delivery ok, packaging could be better", "arrived a day late",
                          "pengiriman standar", "kemasan biasa saja"],
    ("Delivery", "high"): ["fast delivery, great beans", "arrived next day, smells amazing",
                           "kopi enak, pengiriman cepat", "sampai cepat, masih segar"],
    ("Support", "low"): ["waited days for an answer", "nobody replied to my email", "had to ask three times",
                         "CS lama sekali balasnya", "komplain tidak ditanggapi", "nunggu berhari-hari"],
    ("Support", "mid"): ["support solved it eventually", "friendly but slow",
                         "CS ramah tapi lambat", "akhirnya beres"],
    ("Support", "high"): ["support fixed it in minutes", "very helpful agent",
                          "CS cepat dan ramah", "masalah langsung beres"],
    ("Subscription", "low"): ["can't pause my subscription", "charged twice this month",
                              "susah berhenti langganan", "tagihan dobel"],
    ("Subscription", "mid"): ["good beans, wish I could skip a month", "plan options are confusing",
                              "langganan oke, pilihan paket membingungkan", "lumayan"],
    ("Subscription", "high"): ["fresh beans every month, love it", "best subscription I have",
                               "langganan praktis, kopi selalu segar", "mantap, tiap bulan kopi baru"],
}

QUESTION_TEXT = {
    "ResponseId": "Response ID",
    "RecordedDate": "Recorded Date",
    "CustomerID": "CustomerID",
    "Q_NPS": "How likely are you to recommend Kopi Kita to a friend or colleague? (0-10)",
    "Q_CSAT": "Overall, how satisfied were you with your experience? (1-5)",
    "Q_CES": "Kopi Kita made it easy for me to handle my issue. (1-7)",
    "Q_Comment": "What is the main reason for your score?",
    "Touchpoint": "Touchpoint",
    "Segment": "Segment",
    "Channel": "Channel",
}
IMPORT_IDS = {
    "ResponseId": '{"ImportId":"_recordId"}',
    "RecordedDate": '{"ImportId":"recordedDate","timeZone":"Asia/Jakarta"}',
    "CustomerID": '{"ImportId":"CustomerID"}',
    "Q_NPS": '{"ImportId":"QID1"}',
    "Q_CSAT": '{"ImportId":"QID2"}',
    "Q_CES": '{"ImportId":"QID3"}',
    "Q_Comment": '{"ImportId":"QID4_TEXT"}',
    "Touchpoint": '{"ImportId":"Touchpoint"}',
    "Segment": '{"ImportId":"Segment"}',
    "Channel": '{"ImportId":"Channel"}',
}

# Experience (latent, standard-normal scale) of a survey about each touchpoint.
TOUCHPOINT_EXPERIENCE = {"Browse": 0.55, "Checkout": -0.75, "Delivery": 0.45, "Support": 0.2, "Subscription": 0.35}


def _experience(touchpoints: np.ndarray) -> np.ndarray:
    return pl.Series(touchpoints).replace_strict(TOUCHPOINT_EXPERIENCE, return_dtype=pl.Float64).to_numpy()


def make_surveys(rng: np.random.Generator, orders: pl.DataFrame, tickets: pl.DataFrame, customers: pl.DataFrame, subs: pl.DataFrame) -> pl.DataFrame:
    # (a) Post-contact surveys after a solved ticket; their mood follows how slow it was.
    solved = tickets.filter(pl.col("solved").is_not_null())
    invited = rng.random(solved.height) < 0.30
    post = solved.filter(pl.Series(invited))
    post_t = post["solved"].to_numpy() + rng.exponential(1.0, size=post.height)
    post_touch = np.where(rng.random(post.height) < 0.6, "Support", post["stage"].to_numpy())
    ticket_effect = -0.75 * np.log(post["solve_h"].to_numpy() / 15.0) - 0.4 * post["reopens"].to_numpy()
    post_z = 0.45 + np.clip(ticket_effect, -2.5, 1.5)

    # (b) Relationship surveys a few days after a purchase.
    known = orders.filter(pl.col("kind") == "customer", pl.col("status") == "paid").unique("order_id", keep="first", maintain_order=True)
    n_rel = 3300
    pick = rng.choice(known.height, size=n_rel, replace=False)
    rel_cust = known["customer_id"].to_numpy()[pick]
    rel_t = known["t"].to_numpy()[pick] + rng.uniform(1, 7, size=n_rel)
    is_subscriber = np.isin(rel_cust, subs["customer_id"].unique().to_numpy())
    rel_touch = rng.choice(TOUCHPOINTS, size=n_rel, p=[0.30, 0.34, 0.32, 0.04, 0.0])
    # Subscribers are often asked about their subscription instead.
    rel_touch = np.where(is_subscriber & (rng.random(n_rel) < 0.45), "Subscription", rel_touch)
    rel_month = _to_datetime(rel_t).dt.strftime("%Y-%m").to_numpy()
    # Outside support the gap is felt only a little (e.g. late answers about deliveries).
    rel_z = _experience(rel_touch) - np.where(np.isin(rel_month, SLOW_MONTHS), 0.05, 0.0)

    cust = np.concatenate([post["customer_id"].to_numpy(), rel_cust])
    t = np.concatenate([post_t, rel_t])
    touch = np.concatenate([post_touch, rel_touch])
    # After a ticket, how it was handled weighs more than the touchpoint itself.
    z = np.concatenate([post_z + 0.3 * _experience(post_touch), rel_z])
    z = z + rng.normal(0, 1.0, size=z.size)
    keep = t < END_DAYS
    cust, t, touch, z = cust[keep], t[keep], touch[keep], z[keep]
    n = t.size

    nps = np.clip(np.round(7.9 + 2.0 * (z + rng.normal(0, 0.45, size=n))), 0, 10)
    csat = np.clip(np.round(3.75 + 1.0 * (z + rng.normal(0, 0.45, size=n))), 1, 5)
    ces = np.clip(np.round(5.0 + 1.4 * (z + rng.normal(0, 0.45, size=n))), 1, 7)
    # Partial responses: some questions left blank.
    nps = np.where(rng.random(n) < 0.03, np.nan, nps)
    csat = np.where(rng.random(n) < 0.08, np.nan, csat)
    ces = np.where(rng.random(n) < 0.20, np.nan, ces)

    band_score = np.where(np.isnan(nps), np.nan_to_num(csat) * 2, nps)
    band = np.where(band_score <= 6, "low", np.where(band_score <= 8, "mid", "high"))
    comment = np.full(n, "", dtype=object)
    pick_u = rng.random(n)
    writes = rng.random(n) < np.where(band == "mid", 0.45, 0.65)
    for (tp, bd), options in COMMENTS.items():  # 15 template groups, not rows
        mask = writes & (touch == tp) & (band == bd)
        comment[mask] = np.array(options, dtype=object)[(pick_u[mask] * len(options)).astype(np.int64)]

    attrs = customers.select("customer_id", "segment", "channel")
    frame = (
        pl.DataFrame(
            {"customer_id": cust, "t": t, "touch": touch, "nps": nps, "csat": csat, "ces": ces, "comment": comment.astype(str)},
        )
        .join(attrs, on="customer_id", how="left")
        .sort("t", "customer_id")
    )
    n = frame.height

    def score_text(col: str) -> pl.Expr:
        return pl.col(col).fill_nan(None).cast(pl.Int64)

    return frame.select(
        ResponseId=pl.Series(np.char.add("R_", _random_codes(rng, n, 15, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789"))),
        RecordedDate=_to_datetime(frame["t"].to_numpy()).dt.strftime("%Y-%m-%d %H:%M:%S"),
        CustomerID="customer_id",
        Q_NPS=score_text("nps"),
        Q_CSAT=score_text("csat"),
        Q_CES=score_text("ces"),
        Q_Comment=pl.when(pl.col("comment") != "").then(pl.col("comment")),
        Touchpoint="touch",
        Segment="segment",
        Channel="channel",
    )


def write_qualtrics_csv(frame: pl.DataFrame, path: Path) -> None:
    """Three header rows (ids, question texts, ImportId JSON) then the responses."""
    head = io.StringIO()
    writer = csv.writer(head, lineterminator="\n")
    writer.writerow(frame.columns)
    texts, imports = servqual_questions()
    writer.writerow([{**QUESTION_TEXT, **texts}[c] for c in frame.columns])
    writer.writerow([{**IMPORT_IDS, **imports}[c] for c in frame.columns])
    body = frame.write_csv(include_header=False, line_terminator="\n")
    path.write_text(head.getvalue() + body, encoding="utf-8")


# --- 4b. the SERVQUAL block of the survey (appended columns, their own RNG) ---------------

# Drawn from SERVQUAL_SEED, never from the main generator, and appended after the existing
# columns: every earlier column of every file keeps its exact bytes.
SERVQUAL_SEED = SEED + 14
# (column, dimension, Indonesian question text) of the perception items (kenyataan), two per dimension.
SERVQUAL_ITEMS = [
    ("Q5_1", "tangibles", "Kenyataan – Bukti fisik: tampilan website dan kemasan Kopi Kita menarik (1-7)"),
    ("Q5_2", "tangibles", "Kenyataan – Bukti fisik: foto produk sesuai dengan barang yang diterima (1-7)"),
    ("Q5_3", "reliability", "Kenyataan – Keandalan: pesanan datang sesuai janji (1-7)"),
    ("Q5_4", "reliability", "Kenyataan – Keandalan: Kopi Kita dapat diandalkan (1-7)"),
    ("Q5_5", "responsiveness", "Kenyataan – Daya tanggap: CS membalas dengan cepat (1-7)"),
    ("Q5_6", "responsiveness", "Kenyataan – Daya tanggap: staf selalu bersedia membantu (1-7)"),
    ("Q5_7", "assurance", "Kenyataan – Jaminan: saya percaya pada Kopi Kita (1-7)"),
    ("Q5_8", "assurance", "Kenyataan – Jaminan: transaksi di Kopi Kita terasa aman (1-7)"),
    ("Q5_9", "empathy", "Kenyataan – Empati: Kopi Kita memberi perhatian pribadi kepada saya (1-7)"),
    ("Q5_10", "empathy", "Kenyataan – Empati: Kopi Kita memahami kebutuhan saya (1-7)"),
]
SERVQUAL_NAMES_ID = {"tangibles": "Bukti fisik", "reliability": "Keandalan", "responsiveness": "Daya tanggap",
                     "assurance": "Jaminan", "empathy": "Empati"}
SERVQUAL_DIMENSIONS = tuple(SERVQUAL_NAMES_ID)
# Per dimension: mean perception, its tie to the respondent's NPS answer, mean expectation, importance share.
SERVQUAL_PERCEPTION = {"tangibles": 5.6, "reliability": 5.3, "responsiveness": 4.7, "assurance": 5.6, "empathy": 5.0}
SERVQUAL_NPS_TIE = {"tangibles": 0.25, "reliability": 0.75, "responsiveness": 0.6, "assurance": 0.4, "empathy": 0.35}
SERVQUAL_EXPECTATION = {"tangibles": 5.7, "reliability": 6.4, "responsiveness": 6.5, "assurance": 6.2, "empathy": 5.6}
SERVQUAL_IMPORTANCE = {"tangibles": 0.12, "reliability": 0.31, "responsiveness": 0.26, "assurance": 0.17, "empathy": 0.14}
SERVQUAL_SHARE = 0.45  # respondents shown the block
SERVQUAL_EXPECTATION_SHARE = 0.4  # of them, those also asked expectations and importance


def servqual_questions() -> tuple[dict[str, str], dict[str, str]]:
    """Question text and ImportId of every SERVQUAL column, in file order."""
    texts = {c: text for c, _, text in SERVQUAL_ITEMS}
    for k, dim in enumerate(SERVQUAL_DIMENSIONS, 1):
        texts[f"Q6_{k}"] = f"Harapan – {SERVQUAL_NAMES_ID[dim]}: perusahaan kopi yang unggul seharusnya begitu (1-7)"
    for k, dim in enumerate(SERVQUAL_DIMENSIONS, 1):
        texts[f"Q7_{k}"] = f"Bobot – {SERVQUAL_NAMES_ID[dim]} (poin dari 100)"
    return texts, {c: '{"ImportId":"QID%s"}' % c[1:] for c in texts}


def add_servqual(survey: pl.DataFrame) -> pl.DataFrame:
    """Append the SERVQUAL block: 10 perception items for ~45% of respondents, and for 40%
    of those one expectation item per dimension and importance points summing to 100.

    Perceptions follow the respondent's NPS answer (reliability most, tangibles least);
    responsiveness is rated lower by post-contact respondents (Support) and in the months
    of the staffing gap. Expectations are highest for responsiveness and reliability, so
    responsiveness has the widest gap.
    """
    rng = np.random.default_rng(SERVQUAL_SEED)
    n = survey.height
    nps = survey["Q_NPS"].cast(pl.Float64).fill_null(7.9).to_numpy()
    z = (nps - 7.9) / 2.0
    support = (survey["Touchpoint"] == "Support").to_numpy()
    slow = survey["RecordedDate"].str.slice(0, 7).is_in(list(SLOW_MONTHS)).to_numpy()
    shown = rng.random(n) < SERVQUAL_SHARE
    asked_e = shown & (rng.random(n) < SERVQUAL_EXPECTATION_SHARE)
    columns: dict[str, pl.Series] = {}

    def answers(values: np.ndarray, who: np.ndarray) -> np.ndarray:
        return np.where(who, np.clip(np.round(values), 1, 7), np.nan)

    latent = {}
    for dim in SERVQUAL_DIMENSIONS:
        base = SERVQUAL_PERCEPTION[dim] + SERVQUAL_NPS_TIE[dim] * z + rng.normal(0, 0.6, size=n)
        if dim == "responsiveness":
            base = base - 0.5 * support - 0.6 * slow
        latent[dim] = base
    for column, dim, _ in SERVQUAL_ITEMS:
        columns[column] = answers(latent[dim] + rng.normal(0, 0.5, size=n), shown)
    for k, dim in enumerate(SERVQUAL_DIMENSIONS, 1):
        columns[f"Q6_{k}"] = answers(SERVQUAL_EXPECTATION[dim] + rng.normal(0, 0.6, size=n), asked_e)
    alpha = 12 * np.array([SERVQUAL_IMPORTANCE[d] for d in SERVQUAL_DIMENSIONS])
    shares = rng.dirichlet(alpha, size=n)
    points = np.round(shares * 100 / 5) * 5
    points[:, 1] += 100 - points.sum(axis=1)  # reliability absorbs the rounding: each row sums to 100
    for k in range(len(SERVQUAL_DIMENSIONS)):
        columns[f"Q7_{k + 1}"] = np.where(asked_e, points[:, k], np.nan)
    return survey.with_columns(pl.Series(c, v).fill_nan(None).cast(pl.Int64) for c, v in columns.items())


# --- 6. UX usability tests ---------------------------------------------------------------

UX_TASKS = [  # (task, journey stage, successes out of the participants who tried it)
    ("Find a medium roast under Rp 120.000", "Browse", 37),
    ("Buy a bag of beans and pay with GoPay", "Checkout", 22),
    ("Track your latest delivery", "Delivery", 35),
    ("Ask support about a late order", "Support", 32),
    ("Switch your subscription to the Plus plan", "Subscription", 33),
]
UX_SESSIONS = ["2025-06-10", "2025-06-11", "2025-06-12", "2025-06-13", "2026-04-14", "2026-04-15", "2026-04-16", "2026-04-17"]
N_PARTICIPANTS = 40


def make_ux(rng: np.random.Generator, customers: pl.DataFrame) -> pl.DataFrame:
    """40 participants x 5 tasks; success counts per task fixed (see UX_TASKS)."""
    p = N_PARTICIPANTS
    session = np.array(UX_SESSIONS)[np.arange(p) // 5]
    session_days = (np.array(session, dtype="datetime64[D]") - np.datetime64("2025-01-01")).astype(np.int64)
    acquired = customers["acquired"].to_numpy()
    ids = customers["customer_id"].to_numpy()
    # Eight prospects without a customer id; the others were customers before their session.
    customer = np.full(p, None, dtype=object)
    segment = np.full(p, "Consumer", dtype=object)
    prospects = rng.choice(p, size=8, replace=False)
    for i in np.setdiff1d(np.arange(p), prospects):  # 32 recruits: pick one eligible customer each
        eligible = np.flatnonzero(acquired < session_days[i] - 14)
        j = rng.choice(eligible)
        customer[i] = ids[j]
        segment[i] = customers["segment"][int(j)]

    k = len(UX_TASKS)
    part = np.repeat(np.arange(p), k)
    task = np.tile(np.arange(k), p)
    success = np.zeros(p * k, dtype=bool)
    for ti, (_, _, wins) in enumerate(UX_TASKS):  # five tasks: exact success counts
        winners = rng.choice(p, size=wins, replace=False)
        success[(task == ti) & np.isin(part, winners)] = True
    median_s = np.array([75.0, 160.0, 45.0, 70.0, 90.0])[task]
    time_s = np.round(rng.lognormal(np.log(median_s), 0.35) * np.where(success, 1.0, 1.7))
    errors = rng.poisson(np.where(success, 0.3, 1.8))

    # SUS: a participant's feeling (worse after failed tasks) drives all ten items.
    fails = np.bincount(part, weights=~success, minlength=p)
    feel = 0.45 - 0.45 * fails + rng.normal(0, 0.5, size=p)
    odd = np.clip(np.round(3.9 + feel[:, None] + rng.normal(0, 0.6, size=(p, 5))), 1, 5)
    even = np.clip(np.round(2.1 - feel[:, None] + rng.normal(0, 0.6, size=(p, 5))), 1, 5)
    sus = np.empty((p, 10))
    sus[:, 0::2], sus[:, 1::2] = odd, even

    frame = pl.DataFrame(
        {
            "Participant": [f"P{i + 1:02d}" for i in part],
            "Customer ID": pl.Series(customer[part].tolist(), dtype=pl.String),
            "Session date": session[part],
            "Task": np.array([t for t, _, _ in UX_TASKS])[task],
            "Journey stage": np.array([s for _, s, _ in UX_TASKS])[task],
            "Completed": np.where(success, "Yes", "No"),
            "Time on task (s)": time_s.astype(np.int64),
            "Errors": errors,
            **{f"SUS Q{q + 1}": sus[part, q].astype(np.int64) for q in range(10)},
            "Segment": segment[part].astype(str),
        }
    )
    return frame


def write_xlsx(frame: pl.DataFrame, path: Path, sheet: str) -> None:
    """Write with openpyxl, then pin every timestamp openpyxl and zipfile put in the file."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(frame.columns)
    dates = frame["Session date"].str.to_date().to_list()
    for row, day in zip(frame.rows(), dates):
        ws.append([day if name == "Session date" else value for name, value in zip(frame.columns, row)])
    for cell in ws["C"][1:]:
        cell.number_format = "yyyy-mm-dd"
    pinned = dt.datetime(2026, 11, 1, 0, 0, 0)
    wb.properties.creator = "Kopi Kita UX team"
    wb.properties.created = pinned
    buf = io.BytesIO()
    wb.save(buf)
    stamp = pinned.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


# --- the story, measured back from the written files (plain polars) -------------------

LAST_MONTH = "2026-10"


def _month_index(month: pl.Expr) -> pl.Expr:
    """'YYYY-MM' text -> months since year 0, so that cohort month + k is plain arithmetic."""
    return month.str.slice(0, 4).cast(pl.Int64) * 12 + month.str.slice(5, 2).cast(pl.Int64) - 1


def _nps(score: pl.Expr) -> pl.Expr:
    """NPS in points: 100 * (share of 9-10 - share of 0-6) among answered (Reichheld 2003)."""
    # Means of booleans skip the blanks; (a sum of booleans is unsigned and would wrap.)
    return 100 * ((score >= 9).mean() - (score <= 6).mean())


def read_survey(directory: Path) -> pl.DataFrame:
    """The Qualtrics export without its question-text and ImportId rows."""
    return pl.read_csv(
        Path(directory) / "survey_responses.csv",
        skip_rows_after_header=2,
        schema_overrides={"Q_NPS": pl.Int64, "Q_CSAT": pl.Int64, "Q_CES": pl.Int64},
    ).with_columns(pl.col("RecordedDate").str.to_datetime("%Y-%m-%d %H:%M:%S"))


def read_tickets(directory: Path) -> pl.DataFrame:
    ts = "%Y-%m-%d %H:%M:%S"
    return pl.read_csv(Path(directory) / "tickets.csv", infer_schema=False).with_columns(
        pl.col("Created at", "First reply at", "Solved at").str.to_datetime(ts, strict=True),
        month=pl.col("Created at").str.slice(0, 7),
        slow=pl.col("Created at").str.slice(0, 7).is_in(list(SLOW_MONTHS)),
    ).with_columns(
        first_reply_hours=(pl.col("First reply at") - pl.col("Created at")).dt.total_seconds() / 3600,
        resolution_hours=(pl.col("Solved at") - pl.col("Created at")).dt.total_seconds() / 3600,
    )


def month3_retention(orders: pl.DataFrame) -> pl.DataFrame:
    """Month-3 cohort retention per sales channel, from webshop line items.

    Cohort = calendar month of a customer's first paid order; retained = a paid order in
    the third month after it. Only cohorts whose third month is inside the data count.
    Returns channel, customers, retained, retention.
    """
    paid = orders.filter(pl.col("Status") == "paid", pl.col("Customer ID").is_not_null()).select(
        customer="Customer ID", channel="Sales Channel", month=_month_index(pl.col("Order Date"))
    )
    cohorts = paid.group_by("customer").agg(pl.col("channel").first(), cohort=pl.col("month").min())
    returned = paid.join(cohorts, on="customer").filter(pl.col("month") == pl.col("cohort") + 3).select("customer").unique()
    last = _month_index(pl.lit(LAST_MONTH))
    return (
        cohorts.filter(pl.col("cohort") + 3 <= last)
        .join(returned.with_columns(retained=pl.lit(True)), on="customer", how="left")
        .group_by("channel")
        .agg(customers=pl.len(), retained=pl.col("retained").fill_null(False).sum())
        .with_columns(retention=pl.col("retained") / pl.col("customers"))
        .sort("channel")
    )


def subscription_nrr(subs: pl.DataFrame, months: tuple[int, ...] = (3, 6, 12)) -> pl.DataFrame:
    """NRR k months after each subscriber's first start, pooled over cohorts seen for 12 months.

    NRR_k = MRR of those subscribers at start + k months / their MRR at start (expansion,
    contraction and churn included). Returns months, start_mrr, mrr, nrr.
    """
    rows = subs.with_columns(pl.col("started_at", "cancelled_at").str.to_date())
    first = rows.group_by("customer_id").agg(first=pl.col("started_at").min()).filter(
        pl.col("first").dt.offset_by("12mo") <= pl.lit(LAST_MONTH + "-01").str.to_date().dt.month_end()
    )
    joined = rows.join(first, on="customer_id")

    def mrr_at(k: int) -> pl.Expr:
        at = pl.col("first").dt.offset_by(f"{k}mo")
        live = (pl.col("started_at") <= at) & (pl.col("cancelled_at").is_null() | (pl.col("cancelled_at") > at))
        return pl.col("mrr").filter(live).sum().alias(f"mrr_{k}")

    totals = joined.select(mrr_at(0), *[mrr_at(k) for k in months])
    return pl.DataFrame(
        {
            "months": list(months),
            "start_mrr": [totals["mrr_0"][0]] * len(months),
            "mrr": [totals[f"mrr_{k}"][0] for k in months],
        }
    ).with_columns(nrr=pl.col("mrr") / pl.col("start_mrr"))


def subscriber_churn_6m(subs: pl.DataFrame) -> pl.DataFrame:
    """Share of subscribers with no subscription left 6 months after their first start, per channel."""
    rows = subs.with_columns(pl.col("started_at", "cancelled_at").str.to_date())
    per = rows.group_by("customer_id").agg(
        channel=pl.col("acquisition_channel").first(),
        first=pl.col("started_at").min(),
        still_active=pl.col("cancelled_at").is_null().any(),
        ended=pl.col("cancelled_at").max(),
    )
    horizon = pl.col("first").dt.offset_by("6mo")
    return (
        per.filter(horizon <= pl.lit(LAST_MONTH + "-01").str.to_date().dt.month_end())
        .group_by("channel")
        .agg(subscribers=pl.len(), churned=(~pl.col("still_active") & (pl.col("ended") <= horizon)).sum())
        .with_columns(churn_6m=pl.col("churned") / pl.col("subscribers"))
        .sort("channel")
    )


def survey_with_ticket_flag(survey: pl.DataFrame, tickets: pl.DataFrame, days: int = 30) -> pl.DataFrame:
    """Responses flagged had_ticket when the respondent opened a ticket in the `days` before."""
    recent = (
        survey.select("ResponseId", "CustomerID", "RecordedDate")
        .join(tickets.select(CustomerID="Requester ID", created="Created at"), on="CustomerID")
        .filter(pl.col("created") <= pl.col("RecordedDate"), pl.col("created") >= pl.col("RecordedDate") - pl.duration(days=days))
        .select("ResponseId")
        .unique()
        .with_columns(had_ticket=pl.lit(True))
    )
    return survey.join(recent, on="ResponseId", how="left").with_columns(pl.col("had_ticket").fill_null(False))


def servqual_by_dimension(survey: pl.DataFrame) -> pl.DataFrame:
    """Per SERVQUAL dimension: respondents, mean perception (of each respondent's item mean),
    mean expectation, the paired gap P - E over respondents with both, and the mean importance
    points / 100. Returns dimension, respondents, perception, expectation, gap, importance."""
    rows = []
    for k, dim in enumerate(SERVQUAL_DIMENSIONS, 1):  # five dimensions
        items = [c for c, d, _ in SERVQUAL_ITEMS if d == dim]
        scores = survey.select(p=pl.mean_horizontal(items), e=pl.col(f"Q6_{k}").cast(pl.Float64),
                               w=pl.col(f"Q7_{k}").cast(pl.Float64))
        rows.append({"dimension": dim, "respondents": scores["p"].drop_nulls().len(), "perception": scores["p"].mean(),
                     "expectation": scores["e"].mean(), "gap": (scores["p"] - scores["e"]).mean(),
                     "importance": scores["w"].mean() / 100})
    return pl.DataFrame(rows)


TOPIC_KIND = {topic: kind for (kind, _), (english, bahasa) in TOPICS.items() for topic in (*english, *bahasa)}


def information_by_stage(tickets: pl.DataFrame) -> pl.DataFrame:
    """Per journey stage: tickets, and the share that are questions a page could answer."""
    kind = pl.col("Topic").replace_strict(TOPIC_KIND, default="other")
    return (tickets.group_by(stage="Journey stage")
            .agg(tickets=pl.len(), information_share=(kind == "information").mean()).sort("stage"))


def ces_by_information_ticket(survey: pl.DataFrame, tickets: pl.DataFrame, days: int = 30) -> pl.DataFrame:
    """Mean CES of respondents with an information-question ticket in the `days` before
    their answer, with another ticket only, and with no ticket."""
    recent = (
        survey.select("ResponseId", "CustomerID", "RecordedDate")
        .join(tickets.select(CustomerID="Requester ID", created="Created at",
                             info=pl.col("Topic").replace_strict(TOPIC_KIND, default="other") == "information"),
              on="CustomerID")
        .filter(pl.col("created") <= pl.col("RecordedDate"), pl.col("created") >= pl.col("RecordedDate") - pl.duration(days=days))
        .group_by("ResponseId").agg(pl.col("info").any())
    )
    group = pl.when(pl.col("info")).then(pl.lit("information ticket")).when(pl.col("info").is_not_null()) \
        .then(pl.lit("other ticket only")).otherwise(pl.lit("no ticket"))
    return (survey.filter(pl.col("Q_CES").is_not_null()).join(recent, on="ResponseId", how="left")
            .group_by(group.alias("respondents")).agg(responses=pl.len(), mean_ces=pl.col("Q_CES").mean())
            .sort("mean_ces"))


def journey_friction(survey: pl.DataFrame, tickets: pl.DataFrame, ux: pl.DataFrame) -> pl.DataFrame:
    """The friction score per journey stage (docs/metrics.md): for each signal, the relative
    distance from the median stage in the bad direction, averaged over the signals."""
    scores = survey.group_by(stage="Touchpoint").agg(
        csat=(pl.col("Q_CSAT").drop_nulls() >= 4).mean(), nps=_nps(pl.col("Q_NPS").drop_nulls()) + 100)
    success = pl.col("Completed") == "Yes"
    tests = ux.group_by(stage="Journey stage").agg(
        task_success=success.mean(), time_on_task=pl.col("Time on task (s)").filter(success).log().mean().exp())
    frame = scores.join(information_by_stage(tickets), on="stage").join(tests, on="stage")
    better = {"csat": True, "nps": True, "task_success": True, "tickets": False, "information_share": False,
              "time_on_task": False}
    distance = [pl.max_horizontal(((pl.col(c).median() - pl.col(c)) if up else (pl.col(c) - pl.col(c).median()))
                                  / pl.col(c).median(), pl.lit(0.0)).alias(f"{c}_d") for c, up in better.items()]
    return (frame.with_columns(distance).select("stage", friction=pl.mean_horizontal(f"{c}_d" for c in better))
            .sort("friction", descending=True))


def measure_story(directory: Path) -> dict:
    """Every figure STORY.md quotes, read back from the files in `directory`."""
    directory = Path(directory)
    orders = pl.read_csv(directory / "orders.csv", infer_schema=False)
    subs = pl.read_csv(directory / "subscriptions.csv", schema_overrides={"mrr": pl.Float64})
    tickets = read_tickets(directory)
    survey = survey_with_ticket_flag(read_survey(directory), tickets).with_columns(
        slow=pl.col("RecordedDate").dt.strftime("%Y-%m").is_in(list(SLOW_MONTHS))
    )
    ux = pl.read_excel(directory / "ux_usability_tests.xlsx", sheet_name="Results")

    retention = month3_retention(orders)
    social = retention.filter(pl.col("channel") == "Social Ads")
    others = retention.filter(pl.col("channel") != "Social Ads")

    service = tickets.group_by("slow").agg(
        tickets=pl.len(),
        median_resolution_hours=pl.col("resolution_hours").median(),
        median_first_reply_hours=pl.col("first_reply_hours").median(),
    )
    service_by_month = (
        tickets.group_by("month")
        .agg(
            tickets=pl.len(),
            median_first_reply_hours=pl.col("first_reply_hours").median(),
            median_resolution_hours=pl.col("resolution_hours").median(),
        )
        .join(
            survey.group_by(month=pl.col("RecordedDate").dt.strftime("%Y-%m")).agg(
                responses=pl.col("Q_NPS").is_not_null().sum(), nps=_nps(pl.col("Q_NPS"))
            ),
            on="month",
            how="left",
        )
        .sort("month")
    )
    nps = survey.group_by("slow", "had_ticket").agg(responses=pl.col("Q_NPS").is_not_null().sum(), nps=_nps(pl.col("Q_NPS")))
    nps_all = survey.group_by("slow").agg(responses=pl.col("Q_NPS").is_not_null().sum(), nps=_nps(pl.col("Q_NPS")))

    def pick(frame: pl.DataFrame, column: str, **where: object) -> float:
        return float(frame.filter(*[pl.col(k) == v for k, v in where.items()])[column][0])

    csat = (
        survey.filter(pl.col("Q_CSAT").is_not_null())
        .group_by(stage="Touchpoint")
        .agg(responses=pl.len(), csat_top2=(pl.col("Q_CSAT") >= 4).mean())
        .sort("stage")
    )
    ux_success = (
        ux.group_by(stage="Journey stage")
        .agg(attempts=pl.len(), success_rate=(pl.col("Completed") == "Yes").mean())
        .sort("stage")
    )
    tickets_by_stage = tickets.group_by(stage="Journey stage").agg(tickets=pl.len()).sort("stage")
    nrr = subscription_nrr(subs)
    sub_churn = subscriber_churn_6m(subs)
    sub_social = sub_churn.filter(pl.col("channel") == "Social Ads")
    sub_others = sub_churn.filter(pl.col("channel") != "Social Ads")

    return {
        "rows": {
            "orders.csv": orders.height,
            "pesanan_marketplace.csv": pl.read_csv(directory / "pesanan_marketplace.csv", separator=";", infer_schema=False).height,
            "subscriptions.csv": subs.height,
            "survey_responses.csv": survey.height,
            "tickets.csv": tickets.height,
            "ux_usability_tests.xlsx": ux.height,
        },
        "retention_by_channel": retention,
        "retention_social": social["retained"].sum() / social["customers"].sum(),
        "retention_others": others["retained"].sum() / others["customers"].sum(),
        "resolution_slow": pick(service, "median_resolution_hours", slow=True),
        "resolution_other": pick(service, "median_resolution_hours", slow=False),
        "first_reply_slow": pick(service, "median_first_reply_hours", slow=True),
        "first_reply_other": pick(service, "median_first_reply_hours", slow=False),
        "service_by_month": service_by_month,
        "nps_slow": pick(nps_all, "nps", slow=True),
        "nps_other": pick(nps_all, "nps", slow=False),
        "nps_ticket_slow": pick(nps, "nps", slow=True, had_ticket=True),
        "nps_ticket_other": pick(nps, "nps", slow=False, had_ticket=True),
        "nps_no_ticket_slow": pick(nps, "nps", slow=True, had_ticket=False),
        "nps_no_ticket_other": pick(nps, "nps", slow=False, had_ticket=False),
        "csat_by_stage": csat,
        "ux_success_by_stage": ux_success,
        "tickets_by_stage": tickets_by_stage,
        "nrr": nrr,
        "sub_churn_by_channel": sub_churn,
        "sub_churn_social": sub_social["churned"].sum() / sub_social["subscribers"].sum(),
        "sub_churn_others": sub_others["churned"].sum() / sub_others["subscribers"].sum(),
        "servqual": servqual_by_dimension(survey),
        "information_by_stage": information_by_stage(tickets),
        "ces_by_information_ticket": ces_by_information_ticket(survey, tickets),
        "journey_friction": journey_friction(survey, tickets, ux),
    }


def _table(frame: pl.DataFrame, formats: dict[str, str]) -> str:
    """A small markdown table; `formats` maps column -> format spec ('' = as is)."""
    head = "| " + " | ".join(formats) + " |\n|" + "---|" * len(formats) + "\n"
    body = "".join(
        "| " + " | ".join(("" if row[c] is None else format(row[c], f)) for c, f in formats.items()) + " |\n"
        for row in frame.iter_rows(named=True)  # a dozen summary rows, for the document
    )
    return head + body


def render_story(f: dict) -> str:
    slow = ", ".join(SLOW_MONTHS)
    rows = "\n".join(f"- `{name}`: {n:,} rows" for name, n in f["rows"].items())
    return f"""# The Kopi Kita sample: what a good report should find

Generated by `python sample_data/generate.py` (seed {SEED}, deterministic: rerunning gives
byte-identical files, which tests/test_sample_data.py checks). Every number below is
measured back from the written files with plain polars (`measure_story` in generate.py),
so this page and the data cannot drift apart.

Kopi Kita is a fictional Indonesian coffee brand with a webshop, a marketplace store and
a coffee-bean subscription; all money in IDR, all times Jakarta local time (UTC+7),
data from 2025-01-01 to 2026-10-31 (export time {EXPORT_TIME}).

{rows}

Customer ids (`C00001` style) are shared by orders, subscriptions, surveys, tickets and UX
tests; marketplace buyers are usernames. Each webshop customer keeps one Sales Channel
(their acquisition channel), Segment and Region on all their orders.

## Deliberate data-quality wrinkles
- orders.csv: refunds are extra rows with status `refunded` and a negative Line Total
  (the original `paid` rows stay), ~3% `cancelled` orders, six `test` orders by
  `TEST-001`..`TEST-003`, guest checkouts with an empty Customer ID, and three exact
  duplicate rows.
- pesanan_marketplace.csv: `;`-separated, day-first times, `Rp 1.250.000` amounts;
  Total Pembayaran is the amount of the row (line item); statuses Selesai / Dibatalkan /
  Pengembalian.
- survey_responses.csv: three header rows (ids, question texts, ImportId JSON); some
  respondents left NPS, CSAT or CES blank; comments in English and Indonesian.
- tickets.csv: open/pending tickets have an empty Solved at; the newest have no reply yet.
- Seasonality: Ramadan and the run-up to Lebaran (March 2025, Feb-March 2026), 11.11
  and 12.12 sales spikes.

## 1. Social Ads customers churn faster
Month-3 retention (share of a first-purchase-month cohort with a paid webshop order in
the third month after; cohorts up to 2026-07):

{_table(f["retention_by_channel"], {"channel": "", "customers": ",", "retained": ",", "retention": ".1%"})}
Social Ads {f["retention_social"]:.1%} vs the other channels {f["retention_others"]:.1%}
(ratio {f["retention_social"] / f["retention_others"]:.2f}).

## 2. The support staffing gap ({slow})
Three agents left in August 2025; two new hires started in December 2025.

|  | {slow} | other months | ratio |
|---|---|---|---|
| median first reply (h) | {f["first_reply_slow"]:.2f} | {f["first_reply_other"]:.2f} | {f["first_reply_slow"] / f["first_reply_other"]:.1f}x |
| median resolution (h) | {f["resolution_slow"]:.1f} | {f["resolution_other"]:.1f} | {f["resolution_slow"] / f["resolution_other"]:.1f}x |
| NPS, all respondents | {f["nps_slow"]:.1f} | {f["nps_other"]:.1f} | {f["nps_slow"] - f["nps_other"]:+.1f} pts |
| NPS, had a ticket in the 30 days before | {f["nps_ticket_slow"]:.1f} | {f["nps_ticket_other"]:.1f} | {f["nps_ticket_slow"] - f["nps_ticket_other"]:+.1f} pts |
| NPS, no recent ticket | {f["nps_no_ticket_slow"]:.1f} | {f["nps_no_ticket_other"]:.1f} | {f["nps_no_ticket_slow"] - f["nps_no_ticket_other"]:+.1f} pts |

(Times are calendar hours, by the month a ticket was created; NPS by the month of the response.)

By month:

{_table(f["service_by_month"], {"month": "", "tickets": ",", "median_first_reply_hours": ".2f", "median_resolution_hours": ".1f", "responses": ",", "nps": ".1f"})}
## 3. Checkout is the weak spot

{_table(
        f["ux_success_by_stage"].join(f["csat_by_stage"], on="stage", how="full", coalesce=True)
        .join(f["tickets_by_stage"], on="stage", how="full", coalesce=True).sort("stage"),
        {"stage": "", "attempts": "", "success_rate": ".1%", "responses": ",", "csat_top2": ".1%", "tickets": ","},
    )}
UX task success and survey CSAT (share answering 4-5 of 5) are lowest for Checkout, and
Checkout has the most tickets by journey stage.

## 4. Subscriptions: upgrades lift NRR early; Social Ads subscribers churn more
Net revenue retention of subscribers who started up to 2025-10 (MRR k months after each
one's first start / MRR at start; upgrades Basic -> Plus -> Pro are common in year one):

{_table(f["nrr"], {"months": "", "start_mrr": ",.0f", "mrr": ",.0f", "nrr": ".1%"})}
Subscribers with no subscription left 6 months after their first start:

{_table(f["sub_churn_by_channel"], {"channel": "", "subscribers": ",", "churned": ",", "churn_6m": ".1%"})}
Social Ads {f["sub_churn_social"]:.1%} vs the other channels {f["sub_churn_others"]:.1%}.

## 5. SERVQUAL: responsiveness falls shortest of expectations
The survey's SERVQUAL block (appended columns `Q5_1`..`Q7_5`, question texts in
Indonesian: *Kenyataan* = perception, *Harapan* = expectation, *Bobot* = importance points
out of 100) was shown to part of the respondents; expectations and importance were asked
of a part of those. Answers 1-7; gap = perception - expectation over respondents with both.

{_table(f["servqual"], {"dimension": "", "respondents": ",", "perception": ".2f", "expectation": ".2f", "gap": "+.2f", "importance": ".0%"})}
Responsiveness has the widest gap ({_widest(f["servqual"])}), and reliability, the most
important dimension to respondents, the second widest.

## 6. Delivery is the friction point after checkout; information availability drives CES
tickets.csv's last column, `Topic`, says what each ticket is about (English, or Indonesian
for most WhatsApp tickets; appended from its own seed, so the other columns are unchanged).
Customers at Delivery mostly ask where their order is:

{_table(f["information_by_stage"], {"stage": "", "tickets": ",", "information_share": ".1%"})}
Friction score per stage (for each signal - CSAT, NPS, tickets, share of questions a page
could answer, UX task success, time on task - the relative distance from the median
stage in the bad direction, averaged; docs/metrics.md):

{_table(f["journey_friction"], {"stage": "", "friction": ".3f"})}
{_first_two(f["journey_friction"])}

CES (1-7) of respondents by the tickets they opened in the 30 days before answering:

{_table(f["ces_by_information_ticket"], {"respondents": "", "responses": ",", "mean_ces": ".2f"})}
Respondents who had to ask something a page could have told them report the hardest time.
"""


def _first_two(friction: pl.DataFrame) -> str:
    first, second = friction["stage"][0], friction["stage"][1]
    return f"{first} has the most friction ({friction['friction'][0]:.3f}), then {second} ({friction['friction'][1]:.3f})."


def _widest(servqual: pl.DataFrame) -> str:
    row = servqual.sort("gap").row(0, named=True)
    return f"{row['dimension']}, {row['gap']:+.2f}"


# --- orchestration -----------------------------------------------------------------------

OUTPUT_FILES = (
    "orders.csv",
    "pesanan_marketplace.csv",
    "subscriptions.csv",
    "survey_responses.csv",
    "tickets.csv",
    "ux_usability_tests.xlsx",
    "STORY.md",
)


def generate(out_dir: Path = HERE) -> None:
    """Write every sample export and STORY.md into out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    season = season_multiplier()
    customers = make_customers(rng, season)
    orders_export, order_headers = make_orders(rng, customers, season)
    orders_export.write_csv(out_dir / "orders.csv", line_terminator="\n")
    make_marketplace(rng, season).write_csv(out_dir / "pesanan_marketplace.csv", separator=";", line_terminator="\n")
    subs = make_subscriptions(rng, customers)
    subs.write_csv(out_dir / "subscriptions.csv", line_terminator="\n")
    tickets = make_tickets(rng, order_headers, subs)
    survey = make_surveys(rng, order_headers, tickets, customers, subs)
    # The Topic column is appended last, from its own RNG (it looks at the survey's CES).
    export_tickets(tickets).with_columns(ticket_topics(tickets, survey)).write_csv(
        out_dir / "tickets.csv", line_terminator="\n")
    write_qualtrics_csv(add_servqual(survey), out_dir / "survey_responses.csv")
    write_xlsx(make_ux(rng, customers), out_dir / "ux_usability_tests.xlsx", sheet="Results")
    (out_dir / "STORY.md").write_text(render_story(measure_story(out_dir)), encoding="utf-8")


def file_digests(directory: Path) -> dict[str, str]:
    return {name: hashlib.sha256((Path(directory) / name).read_bytes()).hexdigest() for name in OUTPUT_FILES}


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)

"""Small exports shaped like other tools' files, each with its right answer built in.

Every function returns the file's bytes and the figures a correct reader must find, known
by construction (the generator decides the orders, then writes them the way the tool
does), so the tests never check the library against itself. The layouts follow the tools'
documented columns: Shopee's Indonesian order export (``No. Pesanan``, ``Total
Pembayaran`` repeated on every line item, amounts as ``344.000`` without ``Rp``);
Shopify's orders export (``Name``, ``Email``, ``Financial Status``, ``Currency``,
``Total`` on the first line item only, ``Tags``, ``Payment Method``, ``Refunded Amount``,
``Cancelled at``).

Run it to write the files to a folder and look at them: ``python tests/data/make_trust_exports.py /tmp/out``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Export:
    name: str
    data: bytes
    expected: dict = field(default_factory=dict)


def _csv(rows: list[list], *, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _idr(value: int) -> str:
    """344000 -> "344.000": id-ID thousands, no currency mark (as Shopee writes it)."""
    return f"{value:,}".replace(",", ".")


def shopee_repeated_totals(seed: int = 7) -> Export:
    """Shopee-style orders: every line item repeats the order's Total Pembayaran, no Rp."""
    rng = random.Random(seed)
    header = ["No. Pesanan", "Status Pesanan", "Waktu Pesanan Dibuat", "Username (Pembeli)", "Nama Produk",
              "Jumlah", "Total Pembayaran", "Provinsi"]
    rows, totals, buyers = [header], {}, set()
    start = dt.datetime(2025, 3, 1, 9, 0)
    for i in range(40):
        order_id = f"2503{i:04d}XK"
        buyer = f"pembeli_{rng.randint(1, 15)}"
        lines = rng.choice([1, 1, 2, 3])
        total = rng.randrange(25, 900) * 1000 + rng.choice([0, 500])  # e.g. 344.000 or 344.500
        status = "Selesai" if i % 10 else "Dibatalkan"
        when = start + dt.timedelta(days=i, hours=rng.randint(0, 10))
        for k in range(lines):
            rows.append([order_id, status, when.strftime("%d-%m-%Y %H:%M"), buyer, f"Produk {k}", 1,
                         _idr(total), "JAWA BARAT"])
        if status == "Selesai":
            totals[order_id] = total
            buyers.add(buyer)
    return Export("Pesanan.Semua.20250501.csv", _csv(rows),
                  {"revenue": float(sum(totals.values())), "orders": len(totals), "customers": len(buyers),
                   "currency": "IDR"})


def shopify_marks(seed: int = 11) -> Export:
    """Shopify orders with test, refund and cancellation marks in the columns Shopify uses."""
    header = ["Name", "Email", "Financial Status", "Paid at", "Currency", "Total", "Created at", "Lineitem quantity",
              "Lineitem name", "Tags", "Payment Method", "Refunded Amount", "Cancelled at"]
    orders = [
        # name, email, status, total, tags, gateway, refunded, cancelled, lines, counts as (revenue, purchase)
        ("#1001", "contest.winner@example.com", "paid", 120.0, "", "Shopify Payments", "", "", 2, (120.0, True)),
        ("#1002", "m.latest@example.com", "paid", 80.0, "vip", "Shopify Payments", "", "", 1, (80.0, True)),
        ("#1003", "greatestfan@example.com", "paid", 45.0, "", "PayPal Express Checkout", "", "", 1, (45.0, True)),
        ("#1004", "staff@example.com", "paid", 99.0, "test, internal", "Shopify Payments", "", "", 1, None),
        ("#1005", "dev@example.com", "paid", 10.0, "", "(for testing) Bogus Gateway", "", "", 1, None),
        ("#1006", "ani@example.com", "refunded", 60.0, "", "Shopify Payments", "60.00", "", 1, (0.0, False)),
        ("#1007", "budi@example.com", "partially_refunded", 150.0, "", "Shopify Payments", "50.00", "", 2, (100.0, True)),
        ("#1008", "citra@example.com", "voided", 70.0, "", "Shopify Payments", "", "2025-04-09 10:00:00 -0400", 1, None),
        ("#1009", "dewi@example.com", "paid", 30.0, "testimonial-request", "Shopify Payments", "", "", 1, (30.0, True)),
    ]
    rows = [header]
    for i, (name, email, status, total, tags, gateway, refunded, cancelled, lines, _) in enumerate(orders):
        created = f"2025-04-{i + 1:02d} 1{i % 10}:00:00 -0400"
        for k in range(lines):
            first = k == 0
            rows.append([name, email, status if first else "", created if first else "", "USD" if first else "",
                         f"{total:.2f}" if first else "", created, 1, f"Item {k}", tags if first else "",
                         gateway if first else "", refunded if first else "", cancelled if first else ""])
    counted = [o for o in orders if o[-1] is not None]
    return Export("orders_export_1.csv", _csv(rows), {
        "revenue": sum(o[-1][0] for o in counted),
        "purchases": sorted(o[0] for o in counted if o[-1][1]),
        "excluded": sorted(o[0] for o in orders if o[-1] is None),
        "customers": sorted({o[1] for o in counted if o[-1][1]}),
        "currency": "USD",
    })


def orders_with_a_typo_year() -> tuple[Export, Export]:
    """The same monthly buyers twice: once clean, once with one order typed as 2062."""
    header = ["order_id", "customer_id", "order_date", "amount"]
    rows = [header]
    n = 0
    for month in range(1, 13):
        for c in range(1, 31):
            if (c + month) % 3:  # two thirds of customers buy each month
                n += 1
                rows.append([f"O{n}", f"C{c:02d}", f"2025-{month:02d}-{(c % 27) + 1:02d}", "100.00"])
    clean = Export("orders_clean.csv", _csv(rows))
    typo = Export("orders_typo.csv", _csv([*rows, [f"O{n + 1}", "C01", "2062-05-14", "100.00"]]),
                  {"typo_rows": 1, "typo_day": dt.date(2062, 5, 14)})
    return clean, typo


def survey_with_missing_answers() -> Export:
    """NPS/CSAT/CES with N/A-style blanks and one out-of-scale CES, per question."""
    header = ["Response ID", "Date", "NPS", "CSAT", "CES", "Comment"]
    rows = [header,
            ["R1", "2025-05-01", "10", "5", "7", "great"],
            ["R2", "2025-05-02", "N/A", "4", "6", "ok"],
            ["R3", "2025-05-03", "3", "n/a", "2", "slow"],
            ["R4", "2025-05-04", "9", "5", "-", "fine"],
            ["R5", "2025-05-05", "null", "2", "9", "CES typo"],
            ["R6", "2025-05-06", "7", "", "5", ""]]
    # By construction: NPS answers 10, 3, 9, 7 -> promoters 2, detractors 1 of 4 = +25;
    # CSAT answers 5, 4, 5, 2 -> top-2-box 3 of 4; CES answers 7, 6, 2, 5 (9 is out of scale).
    return Export("survey.csv", _csv(rows), {"nps_n": 4, "nps": 25.0, "csat_n": 4, "csat": 0.75, "ces_n": 4,
                                             "ces_mean": 5.0, "value_problems": [(6, "CES", "9")]})


def subscriptions_with_scheduled_cancellations(today: dt.date) -> Export:
    """Three subscriptions: one cancelled in the past, one cancelling next month, one open."""
    past = today - dt.timedelta(days=40)
    soon = today + dt.timedelta(days=25)
    rows = [["subscription_id", "customer_id", "mrr", "started_at", "cancelled_at"],
            ["S1", "C1", "100", "2025-01-01", past.isoformat()],
            ["S2", "C2", "100", "2025-01-01", soon.isoformat()],
            ["S3", "C3", "100", "2025-01-01", ""]]
    return Export("subscriptions.csv", _csv(rows), {"cancelled": ["S1"], "active": ["S2", "S3"]})


# Header rows as the helpdesks and shops write them (their documented export columns), with
# two tickets each whose first reply comes 30 and 90 minutes after creation: a median of 1 h.
HELPDESK_EXPORTS: dict[str, tuple[str, dict[str, str]]] = {
    "freshdesk": ("Ticket ID,Subject,Status,Source,Agent,Created time,Resolved time,Initial response time,Email",
                  {"ticket_id": "Ticket ID", "created_at": "Created time", "first_reply_at": "Initial response time",
                   "solved_at": "Resolved time", "agent": "Agent", "channel": "Source", "customer_id": "Email"}),
    "hubspot": ("Ticket ID,Ticket name,Ticket status,Ticket owner,Source,Create date,First agent reply date,Close date,"
                "Associated Contact",
                {"ticket_id": "Ticket ID", "created_at": "Create date", "first_reply_at": "First agent reply date",
                 "solved_at": "Close date", "agent": "Ticket owner", "customer_id": "Associated Contact"}),
    "intercom": ("conversation_id,conversation_state,conversation_created_at,conversation_first_response_at,"
                 "conversation_closed_at,message_author_email",
                 {"ticket_id": "conversation_id", "created_at": "conversation_created_at",
                  "first_reply_at": "conversation_first_response_at", "solved_at": "conversation_closed_at",
                  "customer_id": "message_author_email"}),
    "jira_service_management": ("Summary,Issue key,Status,Assignee,Reporter,Created,Updated,First response,Resolved",
                                {"ticket_id": "Issue key", "created_at": "Created", "first_reply_at": "First response",
                                 "solved_at": "Resolved", "agent": "Assignee", "customer_id": "Reporter"}),
}


def helpdesk_export(tool: str) -> Export:
    """Two tickets in `tool`'s header layout: replies after 30 and 90 minutes, solved after 2 and 4 hours."""
    header, mapping = HELPDESK_EXPORTS[tool]
    columns = header.split(",")
    created = [dt.datetime(2024, 6, 3, 8, 0), dt.datetime(2024, 6, 4, 9, 0)]
    values = {
        mapping["created_at"]: created,
        mapping["first_reply_at"]: [created[0] + dt.timedelta(minutes=30), created[1] + dt.timedelta(minutes=90)],
        mapping["solved_at"]: [created[0] + dt.timedelta(hours=2), created[1] + dt.timedelta(hours=4)],
    }
    rows = [columns]
    for i in range(2):
        row = []
        for c in columns:
            if c in values:
                row.append(values[c][i].strftime("%Y-%m-%d %H:%M:%S"))
            elif c == mapping["ticket_id"]:
                row.append(f"T-{i + 1}")
            elif c == mapping.get("customer_id"):
                row.append(f"customer{i + 1}@example.com")
            else:
                row.append(["Closed", "Resolved"][i] if "tatus" in c or "state" in c else f"{c} {i + 1}")
        rows.append(row)
    return Export(f"{tool}_tickets.csv", _csv(rows), {"mapping": mapping, "first_reply_median_hours": 1.0,
                                                      "resolution_median_hours": 3.0})


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    exports = [shopee_repeated_totals(), shopify_marks(), *orders_with_a_typo_year(), survey_with_missing_answers(),
               subscriptions_with_scheduled_cancellations(dt.date.today()), *map(helpdesk_export, HELPDESK_EXPORTS)]
    for e in exports:
        (out / e.name).write_bytes(e.data)
        print(e.name, e.expected)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "trust_exports")

"""Header words: what exports call each semantic field, in English and Indonesian.

A header matches a field when its normalised tokens (`header_tokens`) equal a synonym's,
or contain them as a run ("Waktu Pesanan Dibuat" contains "pesanan dibuat"). Synonyms
are listed per kind, because the same words mean different fields in different exports
("Created at" is a ticket's creation time but an order's date). The content each field
should hold (`FIELD_CONTENT`) lets recognition check a header guess against the values.
"""

from __future__ import annotations

import re
import unicodedata

from cxreport.fields import FIELD_TYPES, Kind


def header_tokens(text: str) -> tuple[str, ...]:
    """Lowercase words of a header without accents or punctuation; camelCase and digits split.

    "Username (Pembeli)" -> ("username", "pembeli"); "Q_NPS" -> ("q", "nps");
    "RecordedDate" -> ("recorded", "date"); "SUS Q1" -> ("sus", "q", "1").
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)  # camelCase -> camel Case
    text = re.sub(r"([A-Za-z])(\d)|(\d)([A-Za-z])", lambda m: " ".join(g for g in m.groups() if g), text)
    return tuple(re.findall(r"[a-z0-9]+", text.lower()))


def _syn(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(header_tokens(p) for p in phrases)


_CUSTOMER = _syn(
    "customer id", "customer", "customer number", "customer no", "client id", "user id", "user", "username",
    "buyer", "buyer username", "username pembeli", "pembeli", "member id", "account id", "email", "customer email",
    "pelanggan", "id pelanggan", "kode pelanggan", "requester id", "requester", "contact id", "respondent id",
    "external reference", "external data reference", "account", "account id", "account name", "contact",
)
_SEGMENT = _syn("segment", "customer segment", "segmen", "tier", "customer type", "tipe pelanggan", "jenis pelanggan")
_CHANNEL = _syn(
    "channel", "sales channel", "acquisition channel", "source", "utm source", "marketing channel", "saluran",
    "kanal", "sumber", "via", "platform",
)
_REGION = _syn(
    "region", "province", "provinsi", "city", "kota", "kota kabupaten", "kabupaten", "wilayah", "area", "state",
    "country", "negara", "location", "lokasi", "shipping province", "billing province",
)
_PRODUCT = _syn("product", "product name", "item", "item name", "nama produk", "produk", "sku", "barang", "nama barang", "lineitem name")
_TOUCHPOINT = _syn("touchpoint", "journey stage", "journey", "stage", "tahap", "tahapan", "titik kontak", "topic", "topik")
# A ticket's topic is what it is about, not where in the journey: tickets keep the two apart.
_TICKET_TOUCHPOINT = _syn("touchpoint", "journey stage", "journey", "stage", "tahap", "tahapan", "titik kontak")
_TICKET_TOPIC = _syn("topic", "topik", "tags", "tag", "type", "ticket type", "category", "ticket category", "kategori",
                     "jenis", "jenis tiket", "kategori tiket", "reason", "contact reason", "alasan", "issue type")

SYNONYMS: dict[Kind, dict[str, tuple[tuple[str, ...], ...]]] = {
    Kind.ORDERS: {
        "customer_id": _CUSTOMER,
        "order_id": _syn(
            "order id", "order", "order number", "order no", "no pesanan", "nomor pesanan", "id pesanan",
            "invoice", "invoice no", "invoice number", "no invoice", "nomor invoice", "transaction id",
            "id transaksi", "no transaksi", "nomor transaksi", "name",
        ),
        "order_date": _syn(
            "order date", "date", "order time", "ordered at", "created at", "purchase date", "transaction date",
            "waktu pesanan dibuat", "pesanan dibuat", "tanggal pesanan", "tanggal", "waktu", "tanggal transaksi",
            "tanggal order", "waktu pembayaran", "paid at", "dibuat", "placed at", "placed on", "order placed",
            "order placed at", "created time", "order created at", "order creation date", "order created time",
        ),
        "amount": _syn(
            "amount", "total", "line total", "order total", "revenue", "sales", "subtotal", "price", "net sales",
            "gross sales", "total pembayaran", "total harga", "harga", "jumlah pembayaran", "pendapatan",
            "penjualan", "nilai", "total penjualan", "nominal", "value",
        ),
        "quantity": _syn("quantity", "qty", "units", "jumlah", "kuantitas", "jumlah produk", "jumlah barang", "lineitem quantity"),
        "status": _syn("status", "order status", "status pesanan", "financial status", "payment status", "status pembayaran", "state"),
        "is_refund": _syn("is refund", "refund", "refunded", "dikembalikan"),
        "is_cancelled": _syn(
            "is cancelled", "cancelled", "canceled", "dibatalkan", "cancelled at", "canceled at", "cancelled time",
            "cancelled date", "cancellation date", "waktu pembatalan", "tanggal pembatalan", "waktu dibatalkan",
        ),
        "is_test": _syn("is test", "test", "test order"),
        "tags": _syn("tags", "tag", "order tags", "label", "labels"),
        "note": _syn("note", "notes", "order note", "order notes", "note attributes", "catatan", "catatan pesanan"),
        "payment_gateway": _syn(
            "payment gateway", "gateway", "payment method", "payment methods", "metode pembayaran", "payment provider",
        ),
        "refunded_amount": _syn(
            "refunded amount", "refund amount", "amount refunded", "total refunded", "refunds", "jumlah pengembalian dana",
            "total pengembalian dana", "dana dikembalikan", "nominal refund",
        ),
        "currency": _syn("currency", "currency code", "mata uang", "kode mata uang"),
        "cost": _syn("cost", "cogs", "cost of goods", "unit cost", "biaya", "modal", "hpp", "harga pokok"),
        "segment": _SEGMENT,
        "channel": _CHANNEL,
        "region": _REGION,
        "product": _PRODUCT,
        "touchpoint": _TOUCHPOINT,
    },
    Kind.SUBSCRIPTIONS: {
        "customer_id": _CUSTOMER,
        "subscription_id": _syn("subscription id", "subscription", "id langganan", "langganan", "contract id", "plan id subscription"),
        "plan": _syn("plan", "plan name", "paket", "tier", "product", "produk", "package", "nama paket"),
        "mrr": _syn("mrr", "monthly recurring revenue", "monthly amount", "monthly price", "monthly fee", "monthly charge",
                    "monthly cost", "fee", "amount", "price", "harga", "harga bulanan", "biaya bulanan", "tagihan bulanan",
                    "iuran bulanan"),
        "start_date": _syn(
            "started at", "start date", "start", "started", "started on", "created at", "subscribed at", "signup date", "activated at",
            "tanggal mulai", "mulai", "tanggal berlangganan", "dibuat",
        ),
        "cancel_date": _syn(
            "cancelled at", "canceled at", "cancel date", "cancellation date", "ended at", "end date", "churned at",
            "ended", "ended on", "ends at", "cancelled on", "canceled on",
            "tanggal batal", "tanggal berhenti", "berhenti", "dibatalkan", "tanggal berakhir", "berakhir",
        ),
        "status": _syn("status", "subscription status", "status langganan", "state"),
        "currency": _syn("currency", "currency code", "mata uang", "kode mata uang"),
        "segment": _SEGMENT,
        "channel": _CHANNEL,
        "region": _REGION,
    },
    Kind.SURVEYS: {
        "response_id": _syn("response id", "response", "id respons", "id tanggapan", "submission id", "respondent"),
        "customer_id": _CUSTOMER,
        "response_date": _syn(
            "recorded date", "response date", "date", "submitted at", "submitted", "end date", "timestamp",
            "completed at", "tanggal", "waktu", "tanggal respons", "tanggal survei", "waktu pengisian", "dibuat", "created at",
        ),
        "nps_score": _syn(
            "nps", "q nps", "nps score", "likelihood to recommend", "how likely are you to recommend",
            "recommend", "would you recommend", "rekomendasi", "merekomendasikan", "skor nps",
        ),
        "csat_score": _syn("csat", "q csat", "csat score", "satisfaction", "how satisfied", "satisfied", "kepuasan", "puas", "skor kepuasan"),
        "ces_score": _syn("ces", "q ces", "ces score", "customer effort", "effort", "easy", "made it easy", "kemudahan", "mudah"),
        "comment": _syn(
            "comment", "comments", "q comment", "feedback", "verbatim", "reason", "main reason for your score",
            "open text", "komentar", "saran", "alasan", "masukan", "ulasan", "text", "remarks",
        ),
        "touchpoint": _TOUCHPOINT,
        "segment": _SEGMENT,
        "channel": _CHANNEL,
        "region": _REGION,
        "product": _PRODUCT,
    },
    Kind.TICKETS: {
        "customer_id": _CUSTOMER + _syn("reporter", "associated contact", "message author email"),
        "ticket_id": _syn("ticket id", "ticket", "ticket number", "case id", "case number", "id tiket", "tiket", "no tiket",
                          "nomor tiket", "conversation id", "issue key", "issue id", "id"),
        "created_at": _syn("created at", "created", "opened at", "date created", "creation date", "created time", "create date",
                           "conversation created at", "conversation started at", "date opened", "dibuat", "waktu dibuat",
                           "tanggal dibuat", "tanggal", "waktu"),
        "first_reply_at": _syn(
            "first reply at", "first reply", "first response at", "first responded at", "first response",
            "conversation first response at", "conversation first replied at", "first agent reply date",
            "first agent email response date", "first response date", "initial response time", "first responded time",
            "balasan pertama", "respons pertama", "waktu balasan pertama", "dibalas",
        ),
        "solved_at": _syn("solved at", "resolved at", "closed at", "solved", "resolved", "resolution date", "resolved time",
                          "closed time", "close date", "date closed", "conversation closed at", "conversation last closed at",
                          "diselesaikan", "selesai", "waktu selesai", "tanggal selesai", "ditutup"),
        # Durations (Zendesk, Freshdesk, Intercom exports); calendar variants listed before
        # business-hours ones, so a file with both maps the calendar one (see duration_basis).
        "first_response_minutes": _syn(
            "first reply time in minutes", "first reply time in minutes within business hours",
            "first response time in minutes", "first response time in hrs", "first response time in hours",
            "first response time", "first reply time", "time to first response", "time to first reply",
            "first response minutes", "first reply minutes", "first response hours", "frt",
            "waktu respons pertama menit", "waktu respons pertama", "waktu respon pertama", "waktu balasan pertama menit",
            "durasi respons pertama", "lama respons pertama", "waktu tanggapan pertama",
        ),
        "resolution_minutes": _syn(
            "full resolution time in minutes", "full resolution time in minutes within business hours",
            "resolution time in minutes", "resolution time in hrs", "resolution time in hours", "full resolution time",
            "resolution time", "time to resolution", "time to resolve", "resolution minutes", "resolution hours",
            "first resolution time in minutes", "first resolution time in minutes within business hours",
            "waktu penyelesaian menit", "waktu penyelesaian", "lama penyelesaian", "durasi penyelesaian", "waktu resolusi",
        ),
        "status": _syn("status", "ticket status", "status tiket", "state", "conversation state"),
        "agent": _syn("assignee", "agent", "assigned to", "owner", "ticket owner", "handled by", "agen", "petugas", "cs", "staff"),
        "channel": _syn("channel", "via", "source", "saluran", "kanal", "media", "ticket channel"),
        "handle_minutes": _syn(
            "handle time min", "handle time", "handling time", "aht", "work time", "handle minutes",
            "durasi penanganan", "waktu penanganan", "durasi", "lama penanganan",
        ),
        "reopens": _syn("reopens", "reopened", "reopen count", "times reopened", "dibuka ulang", "dibuka kembali"),
        "csat_score": _syn("satisfaction", "satisfaction score", "satisfaction rating", "customer satisfaction", "csat", "rating",
                           "conversation rating", "survey results", "kepuasan", "skor", "nilai", "penilaian"),
        "touchpoint": _TICKET_TOUCHPOINT,
        "topic": _TICKET_TOPIC,
        "segment": _SEGMENT,
        "region": _REGION,
        "product": _PRODUCT,
    },
    Kind.UX: {
        "participant_id": _syn("participant", "participant id", "tester", "respondent", "peserta", "partisipan", "id peserta", "user"),
        "customer_id": _CUSTOMER,
        "test_date": _syn("session date", "test date", "date", "tanggal", "tanggal sesi", "tanggal tes", "waktu", "session"),
        "task": _syn("task", "task name", "scenario", "tugas", "skenario", "nama tugas"),
        "success": _syn("completed", "success", "task success", "completion", "succeeded", "passed", "berhasil", "sukses", "selesai", "tugas berhasil"),
        "time_on_task_seconds": _syn(
            "time on task s", "time on task", "time on task seconds", "duration s", "duration", "time s", "seconds",
            "waktu pengerjaan", "durasi", "waktu detik", "waktu tugas", "lama pengerjaan",
        ),
        "errors": _syn("errors", "error count", "mistakes", "kesalahan", "jumlah kesalahan", "error"),
        **{
            f"sus_{i}": _syn(f"sus q{i}", f"sus {i}", f"q{i} sus", f"sus item {i}", f"sus question {i}", f"sus pertanyaan {i}")
            for i in range(1, 11)
        },
        "touchpoint": _TOUCHPOINT,
        "segment": _SEGMENT,
        "region": _REGION,
        "product": _PRODUCT,
    },
    Kind.OTHER: {},
}

# Words in a file name that hint at its kind (marketplace and helpdesk names included).
KIND_FILE_WORDS: dict[Kind, tuple[str, ...]] = {
    Kind.ORDERS: ("order", "orders", "pesanan", "penjualan", "sales", "transaksi", "transactions", "marketplace", "shopee", "tokopedia"),
    Kind.SUBSCRIPTIONS: ("subscription", "subscriptions", "langganan", "berlangganan", "mrr", "plans"),
    Kind.SURVEYS: ("survey", "surveys", "survei", "nps", "csat", "responses", "feedback", "qualtrics"),
    Kind.TICKETS: ("ticket", "tickets", "tiket", "helpdesk", "zendesk", "freshdesk", "support", "cases"),
    Kind.UX: ("ux", "usability", "usabilitas", "sus", "participants"),
}

# What values each field should hold; recognition checks header guesses against these.
#   id: many distinct short strings; datetime; money/number: numeric; count: whole numbers;
#   score_0_10 / score_1_5 / score_1_7: whole numbers on that scale; rating_1_5: 1–5 or
#   satisfaction words (Good/Bad, Puas/Tidak puas, Offered); duration: numbers or h:mm(:ss);
#   bool: yes/no words; flag: yes/no words or timestamps ("Cancelled at": set when not empty);
#   currency: ISO codes (IDR, USD);
#   category: few distinct strings; text: long free text.
FIELD_CONTENT: dict[str, str] = {
    "customer_id": "id", "order_id": "id", "subscription_id": "id", "response_id": "id", "ticket_id": "id",
    "participant_id": "id_repeated",
    "order_date": "datetime", "start_date": "datetime", "cancel_date": "datetime", "response_date": "datetime",
    "created_at": "datetime", "first_reply_at": "datetime", "solved_at": "datetime", "test_date": "datetime",
    "amount": "money", "mrr": "money", "cost": "money",
    "first_response_minutes": "duration", "resolution_minutes": "duration",
    "quantity": "number", "handle_minutes": "number", "time_on_task_seconds": "number", "errors": "count", "reopens": "count",
    "nps_score": "score_0_10", "csat_score": "rating_1_5", "ces_score": "score_1_7",
    **{f"sus_{i}": "score_1_5" for i in range(1, 11)},
    "is_refund": "bool", "is_cancelled": "flag", "is_test": "bool", "success": "bool",
    "tags": "category", "note": "text", "payment_gateway": "category", "refunded_amount": "money", "currency": "currency",
    "status": "category", "plan": "category", "segment": "category", "channel": "category", "region": "category",
    "product": "category", "touchpoint": "category", "topic": "category", "agent": "category", "task": "category",
    "comment": "text",
}


# --- duration headers: their unit and whether they count business hours ---------------------

# Header word -> minutes per unit of a duration column ("Resolution Time (in Hrs)" -> 60).
DURATION_UNITS: dict[str, float] = {
    **dict.fromkeys(("seconds", "second", "secs", "sec", "s", "detik"), 1 / 60),
    **dict.fromkeys(("minutes", "minute", "mins", "min", "menit"), 1.0),
    **dict.fromkeys(("hours", "hour", "hrs", "hr", "h", "jam"), 60.0),
    **dict.fromkeys(("days", "day", "hari"), 1440.0),
}
# Phrases saying which clock a duration counts on; their "hours" is not the column's unit.
_BASIS_PHRASES: dict[tuple[str, ...], str] = {
    ("business", "hours"): "business", ("working", "hours"): "business", ("office", "hours"): "business",
    ("jam", "kerja"): "business", ("jam", "operasional"): "business", ("calendar", "hours"): "calendar",
    ("jam", "kalender"): "calendar",
}
_BASIS_WORDS: dict[str, str] = {"business": "business", "calendar": "calendar", "kalender": "calendar"}


def _without_basis_phrases(tokens: tuple[str, ...]) -> tuple[str, ...]:
    out = list(tokens)
    for phrase in _BASIS_PHRASES:
        k = len(phrase)
        i = 0
        while i <= len(out) - k:
            if tuple(out[i : i + k]) == phrase:
                del out[i : i + k]
            else:
                i += 1
    return tuple(out)


def duration_unit(header: str) -> tuple[float, str | None]:
    """Minutes per unit of a duration column, from its header, and the unit word found.

    "First Response Time (in Hrs)" -> (60.0, "hrs"); "First reply time in minutes within
    business hours" -> (1.0, "minutes"); no unit word -> (1.0, None): minutes assumed.
    A one-letter unit counts only at the end ("Resolution time (h)"), not as in "Agent's".
    """
    tokens = _without_basis_phrases(header_tokens(header))
    for i, token in enumerate(tokens):
        if token in DURATION_UNITS and (len(token) > 1 or i == len(tokens) - 1):
            return DURATION_UNITS[token], token
    return 1.0, None


def duration_basis(header: str) -> str:
    """"business" when a duration header says it counts business (working) hours only,
    "calendar" when it says calendar hours, otherwise "as exported" (the tool's own rule)."""
    tokens = header_tokens(header)
    for phrase, basis in _BASIS_PHRASES.items():
        k = len(phrase)
        if any(tokens[i : i + k] == phrase for i in range(len(tokens) - k + 1)):
            return basis
    for token in tokens:
        if token in _BASIS_WORDS:
            return _BASIS_WORDS[token]
    return "as exported"


assert all(set(SYNONYMS[k]) == set(FIELD_TYPES[k]) for k in Kind), "every field needs synonyms"
assert all(f in FIELD_CONTENT for k in Kind for f in FIELD_TYPES[k]), "every field needs a content kind"

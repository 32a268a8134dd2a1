"""Which tool an export comes from, by its headers, and what that says about its money.

A marketplace export in Indonesia is in Rupiah even when no value carries ``Rp``: Shopee
writes ``Total Pembayaran`` as ``344.000``. Knowing the platform lets the reader take the
dot in ``344.000`` as a thousands separator and label the money IDR. A platform is named
only when at least two of its characteristic headers are present, so one shared word
("Order ID") never decides it.
"""

from __future__ import annotations

from cxreport.io.vocabulary import header_tokens

# platform -> (headers characteristic of its exports, the currency its exports are in)
PLATFORMS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "Shopee": (("No. Pesanan", "Username (Pembeli)", "Waktu Pesanan Dibuat", "Total Pembayaran",
                "Harga Setelah Diskon", "Status Pesanan", "Username (Buyer)", "Order Creation Date"), "IDR"),
    "Tokopedia": (("Nomor Invoice", "Status Terakhir", "Tanggal Pembayaran", "Nama Pembeli",
                   "Jumlah Produk Dibeli", "Harga Jual (IDR)", "Total Penjualan (IDR)"), "IDR"),
    "TikTok Shop": (("Order Substatus", "Seller SKU", "SKU ID", "Created Time", "Buyer Username",
                     "Cancelation/Return Type", "Normal or Pre-order", "Order Amount"), "IDR"),
    "Shopify": (("Financial Status", "Fulfillment Status", "Lineitem name", "Lineitem quantity",
                 "Lineitem price", "Accepts Marketing"), None),
}
_CURRENCY_IN_HEADER = {"idr": "IDR", "rp": "IDR", "rupiah": "IDR", "usd": "USD", "eur": "EUR", "gbp": "GBP"}


def recognise_platform(columns: list[str], file_name: str = "") -> str | None:
    """The platform whose characteristic headers the export has (two or more), else None.

    >>> recognise_platform(["No. Pesanan", "Status Pesanan", "Total Pembayaran"])
    'Shopee'
    >>> recognise_platform(["Order ID", "Amount"]) is None
    True
    """
    have = {header_tokens(c) for c in columns}
    best, best_hits = None, 1
    for name, (headers, _currency) in PLATFORMS.items():
        hits = sum(header_tokens(h) in have for h in headers)
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def platform_currency(platform: str | None) -> str | None:
    """The currency a platform's exports are in, when it has one (IDR for Shopee)."""
    return PLATFORMS[platform][1] if platform in PLATFORMS else None


def header_currency(columns: list[str]) -> str | None:
    """A currency named by the headers themselves ("Harga Jual (IDR)", "Total (Rp)")."""
    for c in columns:
        for token in header_tokens(c):
            if token in _CURRENCY_IN_HEADER:
                return _CURRENCY_IN_HEADER[token]
    return None

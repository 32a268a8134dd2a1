"""The one translation table: key -> {"en": ..., "id": ...}.

Keys are dotted by area (``page.``, ``sidebar.``, ``dim.``, ``error.<code>``, ``chart.``,
``axis.`` ...). Placeholders use ``str.format`` names (``{name}``) and must be the same in
both languages (tests/test_i18n.py checks it). Indonesian follows everyday business usage
(KBBI spelling; loanwords such as "churn", "CLV", "NPS" kept as the industry says them).
Longer than the house's ~400 lines on purpose: it is data, not logic, and one table lets
the checks see every key in both languages at once (the completeness, placeholder and
error-code tests).
"""

from __future__ import annotations

TRANSLATIONS: dict[str, dict[str, str]] = {
    # --- app -----------------------------------------------------------------------------
    "app.title": {"en": "cxreport — customer experience report", "id": "cxreport — laporan pengalaman pelanggan"},
    "app.tagline": {
        "en": "Turn your customer exports into one clear report: retention, churn, customer value, "
        "surveys, service and UX side by side.",
        "id": "Ubah ekspor data pelanggan Anda menjadi satu laporan yang jelas: retensi, churn, nilai "
        "pelanggan, survei, layanan, dan UX berdampingan.",
    },
    # --- pages ---------------------------------------------------------------------------
    "page.data": {"en": "Data", "id": "Data"},
    "page.overview": {"en": "Overview", "id": "Ringkasan"},
    "page.cohorts": {"en": "Cohorts", "id": "Kohort"},
    "page.churn": {"en": "Churn", "id": "Churn"},
    "page.clv": {"en": "CLV", "id": "CLV"},
    "page.surveys": {"en": "NPS & surveys", "id": "NPS & Survei"},
    "page.service": {"en": "Service", "id": "Layanan"},
    "page.ux_vs_cx": {"en": "UX vs CX", "id": "UX vs CX"},
    # --- sidebar and filters -------------------------------------------------------------
    "sidebar.language": {"en": "Language", "id": "Bahasa"},
    "sidebar.filters": {"en": "Filters", "id": "Filter"},
    "sidebar.date_range": {"en": "Date range", "id": "Rentang tanggal"},
    "sidebar.period": {"en": "Granularity", "id": "Satuan waktu"},
    "sidebar.sample_note": {
        "en": "You are looking at sample data. Upload your own files on the Data page.",
        "id": "Anda sedang melihat data contoh. Unggah file Anda sendiri di halaman Data.",
    },
    "filters.all": {"en": "All", "id": "Semua"},
    "dim.segment": {"en": "Segment", "id": "Segmen"},
    "dim.channel": {"en": "Channel", "id": "Kanal"},
    "dim.region": {"en": "Region", "id": "Wilayah"},
    "dim.plan": {"en": "Plan", "id": "Paket"},
    "dim.product": {"en": "Product", "id": "Produk"},
    "dim.touchpoint": {"en": "Touchpoint", "id": "Titik sentuh"},
    "dim.cohort": {"en": "Cohort", "id": "Kohort"},
    "dim.period": {"en": "Period", "id": "Periode"},
    "period.day": {"en": "Day", "id": "Hari"},
    "period.week": {"en": "Week", "id": "Minggu"},
    "period.month": {"en": "Month", "id": "Bulan"},
    "period.quarter": {"en": "Quarter", "id": "Kuartal"},
    "kind.orders": {"en": "orders", "id": "pesanan"},
    "kind.subscriptions": {"en": "subscriptions", "id": "langganan"},
    "kind.surveys": {"en": "survey", "id": "survei"},
    "kind.tickets": {"en": "support ticket", "id": "tiket layanan"},
    "kind.ux": {"en": "UX test", "id": "uji UX"},
    "kind.other": {"en": "other", "id": "lainnya"},
    # --- common words --------------------------------------------------------------------
    "word.customers": {"en": "Customers", "id": "Pelanggan"},
    "word.revenue": {"en": "Revenue", "id": "Pendapatan"},
    "word.retention": {"en": "Retention", "id": "Retensi"},
    "word.churn_rate": {"en": "Churn rate", "id": "Tingkat churn"},
    "word.median": {"en": "Median", "id": "Median"},
    "word.p90": {"en": "90th percentile", "id": "Persentil ke-90"},
    "word.n": {"en": "n", "id": "n"},
    "word.responses": {"en": "Responses", "id": "Respons"},
    "word.confidence_interval": {"en": "95% confidence interval", "id": "Interval kepercayaan 95%"},
    "word.small_sample": {"en": "Small sample", "id": "Sampel kecil"},
    "word.small_sample_warning": {
        "en": "Small sample: fewer than {min_n} responses. Read this number with care.",
        "id": "Sampel kecil: kurang dari {min_n} respons. Baca angka ini dengan hati-hati.",
    },
    "word.significant_change": {"en": "Significant change", "id": "Perubahan signifikan"},
    "word.significant": {"en": "Significant", "id": "Signifikan"},
    "word.yes": {"en": "yes", "id": "ya"},
    "word.no": {"en": "no", "id": "tidak"},
    "word.no_data": {"en": "No data for this selection.", "id": "Tidak ada data untuk pilihan ini."},
    "word.average": {"en": "Average", "id": "Rata-rata"},
    "word.total": {"en": "Total", "id": "Total"},
    "action.upload": {"en": "Upload files", "id": "Unggah file"},
    "action.use_sample": {"en": "Use sample data", "id": "Pakai data contoh"},
    "download.csv": {"en": "Download CSV", "id": "Unduh CSV"},
    "download.png": {"en": "Download PNG", "id": "Unduh PNG"},
    "download.svg": {"en": "Download SVG", "id": "Unduh SVG"},
    # --- units (short forms used by cxreport.fmt) ---------------------------------------
    "unit.minutes_short": {"en": "min", "id": "mnt"},
    "unit.hours_short": {"en": "h", "id": "jam"},
    "unit.days_short": {"en": "d", "id": "hari"},
    "unit.days": {"en": "days", "id": "hari"},
    "unit.weeks": {"en": "weeks", "id": "minggu"},
    "unit.months": {"en": "months", "id": "bulan"},
    "unit.quarters": {"en": "quarters", "id": "kuartal"},
    # compact number suffixes: thousand, million, billion (miliar), trillion
    "compact.thousand": {"en": "k", "id": "rb"},
    "compact.million": {"en": "M", "id": "jt"},
    "compact.billion": {"en": "B", "id": "M"},
    "compact.trillion": {"en": "T", "id": "T"},
    # --- the link (URL state) ------------------------------------------------------------
    "url.invalid_value": {
        "en": "The link's value '{value}' for '{key}' is not valid; showing '{default}' instead.",
        "id": "Nilai '{value}' untuk '{key}' di tautan tidak valid; yang ditampilkan '{default}'.",
    },
    "url.invalid_value_ignored": {
        "en": "The link's value '{value}' for '{key}' is not valid and was ignored.",
        "id": "Nilai '{value}' untuk '{key}' di tautan tidak valid dan diabaikan.",
    },
    "url.unknown_key": {
        "en": "The link contains a setting '{key}' that cxreport does not know; it was ignored.",
        "id": "Tautan berisi pengaturan '{key}' yang tidak dikenal cxreport; pengaturan itu diabaikan.",
    },
    # --- guards ---------------------------------------------------------------------------
    "need.data": {
        "en": "This page needs {kind} data. Upload it on the Data page.",
        "id": "Halaman ini memerlukan data {kind}. Unggah datanya di halaman Data.",
    },
    "need.go_to_data": {"en": "Go to the Data page", "id": "Buka halaman Data"},
    "need.filters_empty": {
        "en": "The current filters leave no rows. Widen the date range or clear some filters.",
        "id": "Filter saat ini tidak menyisakan data. Perlebar rentang tanggal atau hapus sebagian filter.",
    },
    # --- errors (codes raised by cxreport.io; the code is CXError.code) -----------------
    "error.empty_file": {
        "en": "The file {name} is empty. Export it again from the source system and upload the new file.",
        "id": "File {name} kosong. Ekspor ulang dari sistem sumbernya, lalu unggah file yang baru.",
    },
    "error.header_only": {
        "en": "The file {name} has column names but no rows. Check the export's date range or filters and export it again.",
        "id": "File {name} hanya berisi nama kolom tanpa baris data. Periksa rentang tanggal atau filter ekspornya, lalu ekspor ulang.",
    },
    "error.binary_file": {
        "en": "The file {name} is not a table (it looks like a binary file). Upload a CSV, Excel, Parquet or JSON export.",
        "id": "File {name} bukan tabel (tampaknya file biner). Unggah ekspor berformat CSV, Excel, Parquet, atau JSON.",
    },
    "error.too_large": {
        "en": "The file {name} is larger than {limit_mb} MB. Export a shorter date range, or compress the file as .zip or .gz.",
        "id": "File {name} lebih besar dari {limit_mb} MB. Ekspor rentang tanggal yang lebih pendek, atau kompres file menjadi .zip atau .gz.",
    },
    "error.bad_encoding": {
        "en": "The file {name} contains characters that cannot be read as text. Save it as UTF-8 (in Excel: Save As → CSV UTF-8) and upload it again.",
        "id": "File {name} berisi karakter yang tidak bisa dibaca sebagai teks. Simpan sebagai UTF-8 (di Excel: Simpan Sebagai → CSV UTF-8), lalu unggah lagi.",
    },
    "error.no_data_sheet": {
        "en": "No sheet in the workbook {name} holds a table. Put the data on one sheet, with the column names in the first row.",
        "id": "Tidak ada lembar kerja di {name} yang berisi tabel. Letakkan data di satu lembar, dengan nama kolom di baris pertama.",
    },
    "error.missing_fields": {
        "en": "The file {name} lacks columns this report needs: {fields}. Choose the matching columns on the Data page, or add them to the export.",
        "id": "File {name} tidak memiliki kolom yang dibutuhkan laporan ini: {fields}. Pilih kolom yang sesuai di halaman Data, atau tambahkan kolom itu ke ekspor.",
    },
    "error.unreadable": {
        "en": "The file {name} could not be read as a table. Check that it opens in a spreadsheet program, then export it again as CSV.",
        "id": "File {name} tidak bisa dibaca sebagai tabel. Pastikan file bisa dibuka di program spreadsheet, lalu ekspor ulang sebagai CSV.",
    },
    "error.not_records": {
        "en": "The JSON file {name} is not a list of records. Export it as an array of objects (one per row) or as JSON Lines.",
        "id": "File JSON {name} bukan daftar record. Ekspor sebagai array objek (satu objek per baris) atau sebagai JSON Lines.",
    },
    "error.no_csv_in_zip": {
        "en": "The archive {name} contains no CSV, Excel or Parquet file. Put the export files in the archive and upload it again.",
        "id": "Arsip {name} tidak berisi file CSV, Excel, atau Parquet. Masukkan file ekspor ke dalam arsip, lalu unggah lagi.",
    },
    "error.unexpected": {
        "en": "Something went wrong while drawing this part of the page. Try another filter or reload the page; the details are in the server log.",
        "id": "Terjadi kesalahan saat menampilkan bagian halaman ini. Coba filter lain atau muat ulang halaman; rinciannya ada di log server.",
    },
    # --- chart titles --------------------------------------------------------------------
    "chart.retention_heatmap": {"en": "Retention by cohort", "id": "Retensi per kohort"},
    "chart.revenue_retention_heatmap": {"en": "Revenue retention by cohort", "id": "Retensi pendapatan per kohort"},
    "chart.retention_curves": {"en": "Retention curves", "id": "Kurva retensi"},
    "chart.cohort_sizes": {"en": "New customers per cohort", "id": "Pelanggan baru per kohort"},
    "chart.churn_over_time": {"en": "Churn over time", "id": "Churn dari waktu ke waktu"},
    "chart.mrr_movements": {"en": "MRR movements", "id": "Pergerakan MRR"},
    "chart.survival_curves": {"en": "Customer survival (Kaplan–Meier)", "id": "Ketahanan pelanggan (Kaplan–Meier)"},
    "chart.clv_bars": {"en": "Customer lifetime value", "id": "Nilai seumur hidup pelanggan (CLV)"},
    "chart.clv_histogram": {"en": "Distribution of customer value", "id": "Sebaran nilai pelanggan"},
    "chart.historical_clv": {"en": "Cumulative revenue per customer", "id": "Pendapatan kumulatif per pelanggan"},
    "chart.calibration_holdout": {"en": "Model check: predicted vs actual purchases", "id": "Uji model: pembelian prediksi vs aktual"},
    "chart.nps_trend": {"en": "NPS over time", "id": "NPS dari waktu ke waktu"},
    "chart.nps_composition": {"en": "Promoters, passives and detractors", "id": "Promotor, pasif, dan detraktor"},
    "chart.nps_by_segment": {"en": "NPS by {by}", "id": "NPS per {by}"},
    "chart.themes": {"en": "What customers talk about", "id": "Yang dibicarakan pelanggan"},
    "chart.ticket_volume": {"en": "Ticket volume", "id": "Jumlah tiket"},
    "chart.response_times": {"en": "Response and resolution times", "id": "Waktu respons dan penyelesaian"},
    "chart.aht": {"en": "Average handling time", "id": "Rata-rata waktu penanganan (AHT)"},
    "chart.backlog": {"en": "Tickets opened, solved and still open", "id": "Tiket dibuka, selesai, dan masih terbuka"},
    "chart.nps_by_response": {"en": "NPS by first response time", "id": "NPS menurut waktu respons pertama"},
    "chart.ux_cx_quadrant": {"en": "UX vs CX by {by}", "id": "UX vs CX per {by}"},
    "chart.gap": {"en": "UX minus CX by {by}", "id": "UX dikurangi CX per {by}"},
    "chart.gap_subtitle": {"en": "Positive: the product tests better than customers feel",
                           "id": "Positif: produk teruji lebih baik daripada yang dirasakan pelanggan"},
    "chart.ux_cx_trend": {"en": "UX and CX over time", "id": "UX dan CX dari waktu ke waktu"},
    "chart.task_success": {"en": "Task success rate", "id": "Tingkat keberhasilan tugas"},
    # --- axis titles and series names (units in brackets) -------------------------------
    "axis.cohort": {"en": "Cohort (first purchase)", "id": "Kohort (pembelian pertama)"},
    "axis.retention_rate": {"en": "Retained customers (% of cohort)", "id": "Pelanggan bertahan (% dari kohort)"},
    "axis.revenue_retention": {"en": "Revenue retained (% of first period)", "id": "Pendapatan bertahan (% dari periode pertama)"},
    "axis.customers": {"en": "Customers (count)", "id": "Pelanggan (jumlah)"},
    "axis.retained": {"en": "Retained customers", "id": "Pelanggan bertahan"},
    "axis.revenue": {"en": "Revenue", "id": "Pendapatan"},
    "axis.period": {"en": "Period", "id": "Periode"},
    "axis.churn_rate": {"en": "Churn rate (% of active customers)", "id": "Tingkat churn (% dari pelanggan aktif)"},
    "axis.revenue_churn_rate": {"en": "Revenue churn (% of MRR)", "id": "Churn pendapatan (% dari MRR)"},
    "axis.active_start": {"en": "Active at start", "id": "Aktif di awal periode"},
    "axis.churned": {"en": "Churned", "id": "Berhenti (churn)"},
    "axis.mrr_change": {"en": "MRR change", "id": "Perubahan MRR"},
    "axis.mrr_end": {"en": "MRR at end of period", "id": "MRR di akhir periode"},
    "mrr.new": {"en": "New", "id": "Baru"},
    "mrr.expansion": {"en": "Expansion", "id": "Ekspansi"},
    "mrr.reactivated": {"en": "Reactivated", "id": "Aktif kembali"},
    "mrr.contraction": {"en": "Contraction", "id": "Kontraksi"},
    "mrr.churned": {"en": "Churned", "id": "Churn"},
    "mrr.nrr": {"en": "Net revenue retention (NRR)", "id": "Retensi pendapatan bersih (NRR)"},
    "mrr.grr": {"en": "Gross revenue retention (GRR)", "id": "Retensi pendapatan kotor (GRR)"},
    "axis.movement": {"en": "Movement", "id": "Pergerakan"},
    "axis.time_since_start": {"en": "Time since first purchase ({unit})", "id": "Waktu sejak pembelian pertama ({unit})"},
    "axis.survival": {"en": "Still active (% of customers)", "id": "Masih aktif (% pelanggan)"},
    "axis.group": {"en": "Group", "id": "Kelompok"},
    "axis.clv": {"en": "CLV per customer", "id": "CLV per pelanggan"},
    "axis.cumulative_revenue": {"en": "Cumulative revenue per customer", "id": "Pendapatan kumulatif per pelanggan"},
    "axis.value": {"en": "Value per customer", "id": "Nilai per pelanggan"},
    "axis.bin_from": {"en": "From", "id": "Dari"},
    "axis.bin_to": {"en": "To", "id": "Sampai"},
    "axis.count": {"en": "Count", "id": "Jumlah"},
    "axis.customer_count": {"en": "Customers (count)", "id": "Pelanggan (jumlah)"},
    "axis.frequency_calibration": {"en": "Repeat purchases in calibration period", "id": "Pembelian ulang di periode kalibrasi"},
    "axis.holdout_mean": {"en": "Mean purchases in holdout period", "id": "Rata-rata pembelian di periode uji"},
    "series.actual": {"en": "Actual", "id": "Aktual"},
    "series.predicted": {"en": "Predicted", "id": "Prediksi"},
    "axis.nps": {"en": "NPS (−100 to 100)", "id": "NPS (−100 sampai 100)"},
    "axis.ci_low": {"en": "95% CI, low", "id": "IK 95%, bawah"},
    "axis.ci_high": {"en": "95% CI, high", "id": "IK 95%, atas"},
    "axis.share_responses": {"en": "Share of responses (%)", "id": "Porsi respons (%)"},
    "axis.nps_category": {"en": "Category", "id": "Kategori"},
    "nps.promoters": {"en": "Promoters (9–10)", "id": "Promotor (9–10)"},
    "nps.passives": {"en": "Passives (7–8)", "id": "Pasif (7–8)"},
    "nps.detractors": {"en": "Detractors (0–6)", "id": "Detraktor (0–6)"},
    "axis.term": {"en": "Word or phrase", "id": "Kata atau frasa"},
    "axis.mentions": {"en": "Mentions (count)", "id": "Disebut (kali)"},
    "axis.share_of_comments": {"en": "Share of comments", "id": "Porsi komentar"},
    "axis.tickets": {"en": "Tickets (count)", "id": "Tiket (jumlah)"},
    "axis.hours": {"en": "Hours", "id": "Jam"},
    "axis.measure": {"en": "Measure", "id": "Ukuran"},
    "service.first_response_median": {"en": "First response, median", "id": "Respons pertama, median"},
    "service.first_response_p90": {"en": "First response, 90th percentile", "id": "Respons pertama, persentil ke-90"},
    "service.resolution_median": {"en": "Resolution, median", "id": "Penyelesaian, median"},
    "service.resolution_p90": {"en": "Resolution, 90th percentile", "id": "Penyelesaian, persentil ke-90"},
    "axis.aht_minutes": {"en": "Average handling time (minutes)", "id": "Rata-rata waktu penanganan (menit)"},
    "axis.contacts": {"en": "Handled contacts", "id": "Kontak yang ditangani"},
    "service.opened": {"en": "Opened", "id": "Dibuka"},
    "service.solved": {"en": "Solved", "id": "Diselesaikan"},
    "service.open_at_end": {"en": "Still open at end of period", "id": "Masih terbuka di akhir periode"},
    "axis.response_bucket": {"en": "First response time", "id": "Waktu respons pertama"},
    "axis.ux_score": {"en": "UX score (0–100)", "id": "Skor UX (0–100)"},
    "axis.cx_score": {"en": "CX score (0–100)", "id": "Skor CX (0–100)"},
    "axis.gap": {"en": "UX − CX (points)", "id": "UX − CX (poin)"},
    "axis.ux_n": {"en": "UX sample (n)", "id": "Sampel UX (n)"},
    "axis.cx_n": {"en": "CX sample (n)", "id": "Sampel CX (n)"},
    "axis.quadrant": {"en": "Quadrant", "id": "Kuadran"},
    "axis.score": {"en": "Score (0–100)", "id": "Skor (0–100)"},
    "series.ux": {"en": "UX", "id": "UX"},
    "series.cx": {"en": "CX", "id": "CX"},
    "axis.task": {"en": "Task", "id": "Tugas"},
    "axis.task_success": {"en": "Task success (% of attempts)", "id": "Keberhasilan tugas (% dari percobaan)"},
    "axis.attempts": {"en": "Attempts (n)", "id": "Percobaan (n)"},
}

# --- page texts (keys the pages use) ------------------------------------------------------------
TRANSLATIONS.update({
    "data.intro": {
        "en": "Upload exports from your shop, billing, survey, helpdesk or UX-testing tools. cxreport recognises each file's kind and columns; check them below.",
        "id": "Unggah ekspor dari toko, sistem tagihan, survei, helpdesk, atau alat uji UX Anda. cxreport mengenali jenis dan kolom setiap file; periksa hasilnya di bawah.",
    },
    "data.upload": {"en": "Upload files", "id": "Unggah file"},
    "data.upload_help": {
        "en": "CSV, TSV, Excel, Parquet, JSON, or a .zip/.gz of them. Several files at once are fine.",
        "id": "CSV, TSV, Excel, Parquet, JSON, atau .zip/.gz berisi file tersebut. Boleh beberapa file sekaligus.",
    },
    "data.use_sample": {"en": "Use sample data", "id": "Pakai data contoh"},
    "data.on_sample": {
        "en": "You are looking at the sample data. Upload your own files to replace it.",
        "id": "Anda sedang melihat data contoh. Unggah file Anda sendiri untuk menggantinya.",
    },
    "data.none_loaded": {"en": "No files loaded yet.", "id": "Belum ada file yang dimuat."},
    "data.number_style": {"en": "Money is written as", "id": "Penulisan uang"},
    "data.number_style.comma": {"en": "1.250.000,50 (dot for thousands)", "id": "1.250.000,50 (titik untuk ribuan)"},
    "data.number_style.point": {"en": "1,250,000.50 (dot for decimals)", "id": "1,250,000.50 (titik untuk desimal)"},
    "data.number_style_help": {
        "en": "An amount such as 344.000 is 344 thousand in Indonesian exports and 344 elsewhere. Switch if the "
        "amounts look 1000 times too small or too large.",
        "id": "Nilai seperti 344.000 berarti 344 ribu pada ekspor Indonesia dan 344 di tempat lain. Ganti jika "
        "nilainya tampak 1000 kali terlalu kecil atau terlalu besar.",
    },
    "data.value_problems": {
        "en": "{n} answers were left out (missing or outside their scale); the rest of each response still counts.",
        "id": "{n} jawaban tidak dihitung (kosong atau di luar skalanya); jawaban lain dari respons yang sama tetap dihitung.",
    },
    "present.start": {"en": "Present", "id": "Presentasikan"},
    "present.previous": {"en": "Previous", "id": "Sebelumnya"},
    "present.next": {"en": "Next", "id": "Berikutnya"},
    "present.exit": {"en": "Leave present mode", "id": "Keluar dari mode presentasi"},
    "share.read_only": {"en": "You are viewing a shared report: filter and browse freely; the saved report does not change.",
                        "id": "Anda melihat laporan yang dibagikan: silakan memfilter dan menjelajah; laporan yang tersimpan tidak berubah."},
    "export.title": {"en": "Download the report", "id": "Unduh laporan"},
    "export.html": {"en": "Offline HTML (whole report)", "id": "HTML luring (seluruh laporan)"},
    "export.pdf": {"en": "PDF (one section per page)", "id": "PDF (satu bagian per halaman)"},
    "export.help": {
        "en": "The current view: its filters, language and the data's date range are printed in every section. "
        "The notebook and data (.zip) recompute every number of this view in Jupyter.",
        "id": "Tampilan saat ini: filter, bahasa, dan rentang tanggal data tercetak di setiap bagian. Notebook dan "
        "data (.zip) menghitung ulang setiap angka tampilan ini di Jupyter."},
    "share.title": {"en": "Save and share", "id": "Simpan dan bagikan"},
    "share.save": {"en": "Save report", "id": "Simpan laporan"},
    "share.saved": {"en": "Saved as version {version}.", "id": "Tersimpan sebagai versi {version}."},
    "share.save_first": {"en": "Save the report to share it.", "id": "Simpan laporan untuk membagikannya."},
    "share.new_links": {"en": "Share: make links", "id": "Bagikan: buat tautan"},
    "share.link.viewer": {"en": "Viewer link (read-only; filters and pages still work)",
                          "id": "Tautan pembaca (hanya baca; filter dan halaman tetap berfungsi)"},
    "share.link.editor": {"en": "Editor link (can upload and save)", "id": "Tautan editor (dapat mengunggah dan menyimpan)"},
    "share.manage": {"en": "Links to this report", "id": "Tautan ke laporan ini"},
    "share.role.viewer": {"en": "Viewer", "id": "Pembaca"},
    "share.role.editor": {"en": "Editor", "id": "Editor"},
    "share.role.draft": {"en": "Autosave", "id": "Simpan otomatis"},
    "share.active": {"en": "active", "id": "aktif"},
    "share.closed": {"en": "revoked or expired", "id": "dicabut atau kedaluwarsa"},
    "share.revoke": {"en": "Revoke", "id": "Cabut"},
    "share.expires": {"en": "Expires on", "id": "Kedaluwarsa pada"},
    "share.stamp": {"en": "Data as of {data_to}, saved {saved} · {role}",
                    "id": "Data per {data_to}, disimpan {saved} · {role}"},
    "share.not_valid_title": {"en": "Link not valid", "id": "Tautan tidak berlaku"},
    "render.data_range": {"en": "Data: {span}", "id": "Data: {span}"},
    "render.no_dates": {"en": "no dates", "id": "tanpa tanggal"},
    "render.date_filter": {"en": "Date range shown: {span}", "id": "Rentang tanggal yang ditampilkan: {span}"},
    "render.period": {"en": "Granularity: {period}", "id": "Satuan waktu: {period}"},
    "render.retention_at": {"en": "Retention at months 1, 3 and 6", "id": "Retensi pada bulan ke-1, 3, dan 6"},
    "render.everything": {"en": "Every number of the report, as `cxreport metrics --json` prints it",
                          "id": "Semua angka laporan, seperti yang dicetak `cxreport metrics --json`"},
    "render.empty": {"en": "The loaded data fill no section of the report.",
                     "id": "Data yang dimuat belum mengisi bagian mana pun dari laporan."},
    "error.no_pdf_renderer": {
        "en": "PDF export needs chromium, which is not installed. Install it (apt-get install chromium), or export "
        "HTML and print it from a browser.",
        "id": "Ekspor PDF membutuhkan chromium, yang belum terpasang. Pasang chromium (apt-get install chromium), atau "
        "ekspor HTML lalu cetak dari peramban."},
    "error.pdf_failed": {"en": "The PDF could not be made. Export HTML instead and print it from a browser.",
                         "id": "PDF tidak dapat dibuat. Ekspor HTML saja, lalu cetak dari peramban."},
    "error.store_busy": {"en": "The report store is busy with another program. Try again in a moment.",
                         "id": "Penyimpanan laporan sedang dipakai program lain. Coba lagi sebentar lagi."},
    "error.link_not_valid": {
        "en": "This link is not valid (revoked or expired). Ask its owner for a new one.",
        "id": "Tautan ini tidak berlaku (dicabut atau kedaluwarsa). Mintalah tautan baru kepada pemiliknya.",
    },
    "data.unused_files": {
        "en": "{n} file(s) loaded but not used: {names}. Open the Data page and choose what each holds and which "
        "columns the report needs.",
        "id": "{n} file dimuat tetapi belum dipakai: {names}. Buka halaman Data, lalu pilih isi tiap file dan "
        "kolom yang dibutuhkan laporan.",
    },
    "data.reading": {"en": "Reading files…", "id": "Membaca file…"},
    "data.reading_file": {"en": "Reading {name}…", "id": "Membaca {name}…"},
    "data.remove": {"en": "Remove", "id": "Hapus"},
    "data.kind": {"en": "Kind of data", "id": "Jenis data"},
    "data.tab_preview": {"en": "Preview", "id": "Pratinjau"},
    "data.tab_mapping": {"en": "Columns", "id": "Kolom"},
    "data.tab_quality": {"en": "Quality", "id": "Kualitas"},
    "data.apply_mapping": {"en": "Apply columns", "id": "Terapkan kolom"},
    "cohorts.basis": {"en": "Retention of", "id": "Retensi berdasarkan"},
    "basis.customers": {"en": "Customers", "id": "Pelanggan"},
    "basis.revenue": {"en": "Revenue", "id": "Pendapatan"},
    "cohorts.mode": {"en": "Count a customer as retained", "id": "Pelanggan dihitung bertahan"},
    "mode.on_period": {"en": "if active in that period", "id": "jika aktif di periode itu"},
    "mode.unbounded": {"en": "if active then or later", "id": "jika aktif saat itu atau sesudahnya"},
    "cohorts.mode_help.on_period": {
        "en": "Retention in period k: share of the cohort that bought in exactly that period.",
        "id": "Retensi di periode k: porsi kohort yang membeli tepat di periode itu.",
    },
    "cohorts.mode_help.unbounded": {
        "en": "Retention in period k: share of the cohort that bought in that period or any later one (never falls back up).",
        "id": "Retensi di periode k: porsi kohort yang membeli di periode itu atau sesudahnya (tidak pernah naik lagi).",
    },
    "cohorts.curves": {"en": "Retention curves", "id": "Kurva retensi"},
    "cohorts.curves_help": {
        "en": "Click cohorts in the heatmap (shift-click for several) to compare their curves.",
        "id": "Klik kohort di peta panas (shift-klik untuk beberapa) untuk membandingkan kurvanya.",
    },
    "cohorts.curves_picked": {
        "en": "{n} cohort(s) picked; double-click the heatmap to clear.",
        "id": "{n} kohort dipilih; klik dua kali peta panas untuk menghapus pilihan.",
    },
    "cohorts.sizes": {"en": "Cohort sizes", "id": "Ukuran kohort"},
    "churn.window": {"en": "Inactive for longer than (days)", "id": "Tidak aktif lebih dari (hari)"},
    "churn.window_default": {
        "en": "Suggested window: {days} days.",
        "id": "Jendela yang disarankan: {days} hari.",
    },
    "churn.mrr": {"en": "Recurring revenue (MRR)", "id": "Pendapatan berulang (MRR)"},
    "churn.survival": {"en": "How long customers stay", "id": "Berapa lama pelanggan bertahan"},
    "churn.survival_by": {"en": "Compare by", "id": "Bandingkan menurut"},
    "churn.at_risk": {"en": "Customers at risk", "id": "Pelanggan berisiko berhenti"},
    "clv.simple": {"en": "Simple CLV", "id": "CLV sederhana"},
    "clv.predictive": {"en": "Predictive CLV (BG/NBD + Gamma-Gamma)", "id": "CLV prediktif (BG/NBD + Gamma-Gamma)"},
    "clv.historical": {"en": "Revenue per customer so far", "id": "Pendapatan per pelanggan sejauh ini"},
    "clv.horizon": {"en": "Horizon (months)", "id": "Jangka waktu (bulan)"},
    "clv.discount": {"en": "Annual discount rate", "id": "Tingkat diskonto tahunan"},
    "clv.margin": {"en": "Gross margin", "id": "Margin kotor"},
    "clv.fitting": {"en": "Fitting the purchase and spend models…", "id": "Menyesuaikan model pembelian dan belanja…"},
    "clv.mean": {"en": "Average CLV", "id": "Rata-rata CLV"},
    "clv.total": {"en": "Total CLV", "id": "Total CLV"},
    "clv.p_alive": {"en": "Average chance still active", "id": "Rata-rata peluang masih aktif"},
    "clv.customers": {"en": "Customers", "id": "Pelanggan"},
    "clv.top_customers": {"en": "Most valuable customers", "id": "Pelanggan paling bernilai"},
    "clv.model_details": {"en": "Model details", "id": "Rincian model"},
    "clv.holdout_help": {
        "en": "Fitted on purchases up to {end}, then compared with what customers actually bought after.",
        "id": "Disesuaikan dengan pembelian sampai {end}, lalu dibandingkan dengan pembelian aktual sesudahnya.",
    },
    "surveys.by": {"en": "Compare by", "id": "Bandingkan menurut"},
    "surveys.nps_trend": {"en": "NPS over time", "id": "NPS dari waktu ke waktu"},
    "surveys.csat_trend": {"en": "CSAT (share rating 4–5)", "id": "CSAT (porsi nilai 4–5)"},
    "surveys.ces_trend": {"en": "Customer effort (CES, 1–7)", "id": "Upaya pelanggan (CES, 1–7)"},
    "surveys.themes": {"en": "What customers talk about", "id": "Yang dibicarakan pelanggan"},
    "surveys.search": {"en": "Search comments", "id": "Cari komentar"},
    "surveys.verbatims": {"en": "Comments", "id": "Komentar"},
    "stats.small_sample_note": {
        "en": "Hollow points: fewer than 30 responses; read them with care.",
        "id": "Titik berlubang: kurang dari 30 respons; baca dengan hati-hati.",
    },
    "service.times": {"en": "Response and resolution times", "id": "Waktu respons dan penyelesaian"},
    "service.times_help": {
        "en": "Calendar hours. Medians and 90th percentiles, because a few very slow tickets make averages mislead.",
        "id": "Jam kalender. Median dan persentil ke-90, karena beberapa tiket yang sangat lambat membuat rata-rata menyesatkan.",
    },
    "service.by_team": {"en": "Handling time by channel", "id": "Waktu penanganan per kanal"},
    "service.vs_nps": {"en": "Does a fast first reply raise NPS?", "id": "Apakah balasan pertama yang cepat menaikkan NPS?"},
    "uxcx.intro": {
        "en": "UX scores come from usability tests, CX scores from surveys, both on 0–100, per touchpoint.",
        "id": "Skor UX berasal dari uji kegunaan, skor CX dari survei, keduanya 0–100, per titik sentuh.",
    },
    "uxcx.by": {"en": "Compare by", "id": "Bandingkan menurut"},
    "uxby.touchpoint": {"en": "Touchpoint", "id": "Titik sentuh"},
    "uxby.segment": {"en": "Segment", "id": "Segmen"},
    "uxby.period": {"en": "Period", "id": "Periode"},
    "uxcx.correlation": {"en": "How UX and CX move together", "id": "Bagaimana UX dan CX bergerak bersama"},
    "uxcx.trend": {"en": "UX and CX over time", "id": "UX dan CX dari waktu ke waktu"},
    "uxcx.tasks": {"en": "Task success in usability tests", "id": "Keberhasilan tugas dalam uji kegunaan"},
})

# --- field names (cxreport.fields.FIELD_TYPES), shown when mapping columns --------------------
TRANSLATIONS.update({
    f"field.{name}": {"en": en, "id": id_}
    for name, en, id_ in (
        ("customer_id", "Customer ID", "ID pelanggan"),
        ("order_id", "Order ID", "ID pesanan"),
        ("order_date", "Order date", "Tanggal pesanan"),
        ("amount", "Amount", "Jumlah uang"),
        ("quantity", "Quantity", "Kuantitas"),
        ("status", "Status", "Status"),
        ("is_refund", "Refund", "Pengembalian dana"),
        ("is_cancelled", "Cancelled", "Dibatalkan"),
        ("is_test", "Test record", "Data uji"),
        ("tags", "Tags", "Tag"),
        ("note", "Note", "Catatan"),
        ("payment_gateway", "Payment gateway", "Gateway pembayaran"),
        ("refunded_amount", "Refunded amount", "Jumlah dana dikembalikan"),
        ("currency", "Currency", "Mata uang"),
        ("cost", "Cost", "Biaya"),
        ("segment", "Segment", "Segmen"),
        ("channel", "Channel", "Kanal"),
        ("region", "Region", "Wilayah"),
        ("product", "Product", "Produk"),
        ("touchpoint", "Touchpoint", "Titik sentuh"),
        ("subscription_id", "Subscription ID", "ID langganan"),
        ("plan", "Plan", "Paket"),
        ("mrr", "MRR (monthly recurring revenue)", "MRR (pendapatan berulang bulanan)"),
        ("start_date", "Start date", "Tanggal mulai"),
        ("cancel_date", "Cancellation date", "Tanggal berhenti"),
        ("response_id", "Response ID", "ID respons"),
        ("response_date", "Response date", "Tanggal respons"),
        ("nps_score", "NPS score (0–10)", "Skor NPS (0–10)"),
        ("csat_score", "CSAT score (1–5)", "Skor CSAT (1–5)"),
        ("ces_score", "CES score (1–7)", "Skor CES (1–7)"),
        ("comment", "Comment", "Komentar"),
        ("ticket_id", "Ticket ID", "ID tiket"),
        ("created_at", "Created at", "Dibuat pada"),
        ("first_reply_at", "First reply at", "Balasan pertama pada"),
        ("solved_at", "Solved at", "Diselesaikan pada"),
        ("first_response_minutes", "First response time (minutes)", "Waktu respons pertama (menit)"),
        ("resolution_minutes", "Resolution time (minutes)", "Waktu penyelesaian (menit)"),
        ("agent", "Agent", "Agen"),
        ("handle_minutes", "Handling time (minutes)", "Waktu penanganan (menit)"),
        ("reopens", "Reopens", "Dibuka ulang"),
        ("participant_id", "Participant ID", "ID peserta"),
        ("test_date", "Test date", "Tanggal uji"),
        ("task", "Task", "Tugas"),
        ("success", "Task success", "Keberhasilan tugas"),
        ("time_on_task_seconds", "Time on task (seconds)", "Waktu pengerjaan tugas (detik)"),
        ("errors", "Errors", "Kesalahan"),
        *((f"sus_{i}", f"SUS item {i}", f"Butir SUS {i}") for i in range(1, 11)),
    )
})

# --- overview: headlines and what moved (cxreport/headlines/) -------------------
TRANSLATIONS.update({
    "headline.customers": {"en": "Active customers", "id": "Pelanggan aktif"},
    "headline.revenue": {"en": "Revenue", "id": "Pendapatan"},
    "headline.retention_m1": {"en": "Retention, month 1", "id": "Retensi bulan ke-1"},
    "headline.retention_m3": {"en": "Retention, month 3", "id": "Retensi bulan ke-3"},
    "headline.retention_m6": {"en": "Retention, month 6", "id": "Retensi bulan ke-6"},
    "headline.churn_rate": {"en": "Churn rate", "id": "Tingkat churn"},
    "headline.clv": {"en": "Predicted CLV (mean)", "id": "Prediksi CLV (rata-rata)"},
    "headline.nps": {"en": "NPS", "id": "NPS"},
    "headline.csat": {"en": "CSAT", "id": "CSAT"},
    "headline.ces": {"en": "CES (1–7)", "id": "CES (1–7)"},
    "headline.first_response": {"en": "First response (median)", "id": "Respons pertama (median)"},
    "headline.resolution": {"en": "Resolution (median)", "id": "Penyelesaian (median)"},
    "headline.task_success": {"en": "Task success", "id": "Keberhasilan tugas"},
    "headline.sus": {"en": "SUS", "id": "SUS"},
    "overview.title": {"en": "Overview", "id": "Ringkasan"},
    "overview.what_moved": {"en": "What moved", "id": "Apa yang berubah"},
    "overview.no_cards": {
        "en": "No headline can be computed from the loaded files under these filters: every row may be dated after "
              "today, or lack a customer, a date or an amount. The Data page's quality panel says what each file holds.",
        "id": "Tidak ada angka utama yang dapat dihitung dari berkas yang dimuat dengan filter ini: semua baris mungkin "
              "bertanggal setelah hari ini, atau tidak memiliki pelanggan, tanggal, atau jumlah. Panel kualitas di halaman "
              "Data menjelaskan isi setiap berkas.",
    },
    "overview.nothing_moved": {
        "en": "Nothing moved enough to mention: no change is larger than its uncertainty.",
        "id": "Tidak ada perubahan yang cukup besar untuk disebut: tidak ada yang melebihi ketidakpastiannya.",
    },
    "overview.layer.cx": {"en": "Customers and value (CX)", "id": "Pelanggan dan nilai (CX)"},
    "overview.layer.surveys": {"en": "What customers say", "id": "Kata pelanggan"},
    "overview.layer.service": {"en": "Being helped (service)", "id": "Saat dibantu (layanan)"},
    "overview.layer.ux": {"en": "Using the product (UX)", "id": "Saat memakai produk (UX)"},
    "overview.vs_previous": {"en": "vs {period}", "id": "vs {period}"},
    "overview.help_n": {"en": "n = {n}", "id": "n = {n}"},
    "overview.help_ci": {"en": "95% interval {low} to {high}", "id": "Interval 95% {low} sampai {high}"},
    "overview.help_period": {"en": "Latest complete period: {period}", "id": "Periode lengkap terakhir: {period}"},
    "overview.help_window": {"en": "Churn = no purchase for {days} days", "id": "Churn = tidak membeli selama {days} hari"},
    "overview.help_grade": {"en": "Grade {grade} (average SUS is 68)", "id": "Nilai {grade} (rata-rata SUS adalah 68)"},
    "overview.significant": {"en": "significant change", "id": "perubahan signifikan"},
    "overview.not_significant": {"en": "within noise", "id": "masih dalam batas acak"},
    "overview.loaded": {"en": "Loaded: {kinds}", "id": "Dimuat: {kinds}"},
    "story.nps_rose": {
        "en": "NPS rose {points} points in {period} (±{moe}).",
        "id": "NPS naik {points} poin pada {period} (±{moe}).",
    },
    "story.nps_fell": {
        "en": "NPS fell {points} points in {period} (±{moe}).",
        "id": "NPS turun {points} poin pada {period} (±{moe}).",
    },
    "story.not_significant": {
        "en": "The change is within the margin of error.",
        "id": "Perubahan ini masih di dalam batas galat.",
    },
    "story.nps_worst_fall": {
        "en": "The largest significant NPS fall in the range: {points} points in {period} (±{moe}).",
        "id": "Penurunan NPS signifikan terbesar dalam rentang ini: {points} poin pada {period} (±{moe}).",
    },
    "story.resolution_slow_then": {
        "en": "In that period median ticket resolution took {hours}, against {typical} usually.",
        "id": "Pada periode itu, median penyelesaian tiket {hours}, biasanya {typical}.",
    },
    "story.detractors_waited": {
        "en": "Detractors are {share} of respondents who waited {bucket} for a first reply, against {base} of those without a ticket.",
        "id": "Detraktor mencapai {share} dari responden yang menunggu {bucket} untuk balasan pertama, dibanding {base} pada yang tidak punya tiket.",
    },
    "story.weak_channel": {
        "en": "Customers acquired via {channel} keep {rate} at month 3, against {others} for the other channels.",
        "id": "Pelanggan dari kanal {channel} bertahan {rate} di bulan ke-3, dibanding {others} untuk kanal lain.",
    },
    "story.weak_touchpoint": {
        "en": "{touchpoint} is the weak spot: the lowest UX score ({ux}) and the lowest CX score ({cx}).",
        "id": "{touchpoint} adalah titik lemah: skor UX terendah ({ux}) dan skor CX terendah ({cx}).",
    },
})

# --- more io errors, data page ---------------------------------------------------------------
TRANSLATIONS.update({
    "error.no_such_sheet": {
        "en": "The workbook {name} has no sheet called {sheet}. Pick one of its sheets from the list.",
        "id": "Workbook {name} tidak punya lembar bernama {sheet}. Pilih salah satu lembarnya dari daftar.",
    },
    "error.unknown_column": {
        "en": "The file {name} has no column {columns}. Pick a column that is in the file.",
        "id": "File {name} tidak punya kolom {columns}. Pilih kolom yang ada di file.",
    },
    "error.unknown_field": {
        "en": "{fields} is not a field of this kind of file ({name}). Pick one of the fields listed on the Data page.",
        "id": "{fields} bukan field untuk jenis file ini ({name}). Pilih salah satu field yang tercantum di halaman Data.",
    },
    "data.rows": {"en": "rows", "id": "baris"},
    "data.not_ready": {
        "en": "Not used in the report until the missing columns are mapped.",
        "id": "Belum dipakai di laporan sampai kolom yang kurang dipetakan.",
    },
})

# --- first-response buckets (service.service_vs_nps) ---------------------------------------------
TRANSLATIONS.update({
    "bucket.no ticket": {"en": "no ticket", "id": "tanpa tiket"},
    "bucket.<1h": {"en": "under 1 h", "id": "kurang dari 1 jam"},
    "bucket.1–4h": {"en": "1–4 h", "id": "1–4 jam"},
    "bucket.4–24h": {"en": "4–24 h", "id": "4–24 jam"},
    "bucket.>24h": {"en": "more than 24 h", "id": "lebih dari 24 jam"},
})
TRANSLATIONS.update({
    "uxcx.click_hint": {
        "en": "Click a point to filter the whole report by it (shift-click for several, double-click to clear).",
        "id": "Klik sebuah titik untuk memfilter seluruh laporan (shift-klik untuk beberapa, klik ganda untuk menghapus).",
    },
})
TRANSLATIONS.update({
    "service.times_help_exported": {
        "en": "Hours as the export gives them (its duration columns; they may be business hours, see the Data page). "
        "Medians and 90th percentiles, because a few very slow tickets make averages mislead.",
        "id": "Jam sesuai ekspor (kolom durasinya; bisa jadi jam kerja, lihat halaman Data). "
        "Median dan persentil ke-90, karena beberapa tiket yang sangat lambat membuat rata-rata menyesatkan.",
    },
})
TRANSLATIONS.update({
    "clv.run_holdout": {
        "en": "Check the model: fit on the first half of the data, compare with what customers did after",
        "id": "Periksa model: latih pada paruh pertama data, bandingkan dengan yang dilakukan pelanggan sesudahnya",
    },
})
TRANSLATIONS.update({
    "quadrant.both strong": {"en": "both strong", "id": "keduanya kuat"},
    "quadrant.UX strong, CX weak": {"en": "UX strong, CX weak", "id": "UX kuat, CX lemah"},
    "quadrant.UX weak, CX strong": {"en": "UX weak, CX strong", "id": "UX lemah, CX kuat"},
    "quadrant.both weak": {"en": "both weak", "id": "keduanya lemah"},
})
TRANSLATIONS.update({
    "churn.window_why": {
        "en": "{share} of repeat purchases came within {gap} days of the customer's previous one ({gaps} gaps between purchases); "
        "rounded up to the next of the usual windows ({windows} days), a customer who has not bought for more than "
        "{days} days is counted as churned.",
        "id": "{share} pembelian ulang terjadi dalam {gap} hari setelah pembelian sebelumnya ({gaps} jeda antarpembelian); "
        "dibulatkan ke atas ke jendela lazim berikutnya ({windows} hari), pelanggan yang tidak membeli lebih dari "
        "{days} hari dihitung churn.",
    },
    "churn.window_fallback": {
        "en": "No customer has bought on two different days yet, so there is no rhythm to learn from; {days} days is a common default.",
        "id": "Belum ada pelanggan yang membeli pada dua hari berbeda, jadi belum ada pola untuk dipelajari; {days} hari adalah bawaan yang umum.",
    },
})

# --- table column labels (cxreport.columns; names not listed read as words) -------------------
TRANSLATIONS.update({
    "col.customer_id": {"en": "Customer", "id": "Pelanggan"},
    "col.customers": {"en": "Customers", "id": "Pelanggan"},
    "col.cohort": {"en": "Cohort", "id": "Kohort"},
    "col.period": {"en": "Period", "id": "Periode"},
    "col.retained": {"en": "Retained", "id": "Bertahan"},
    "col.rate": {"en": "Rate", "id": "Tingkat"},
    "col.revenue": {"en": "Revenue", "id": "Pendapatan"},
    "col.revenue_rate": {"en": "Revenue retention", "id": "Retensi pendapatan"},
    "col.group": {"en": "Group", "id": "Kelompok"},
    "col.median_time": {"en": "Median lifetime (days)", "id": "Median masa aktif (hari)"},
    "col.first_order": {"en": "First order", "id": "Pesanan pertama"},
    "col.last_order": {"en": "Last order", "id": "Pesanan terakhir"},
    "col.orders": {"en": "Orders", "id": "Pesanan"},
    "col.days_since_last": {"en": "Days since last order", "id": "Hari sejak pesanan terakhir"},
    "col.expected_gap_days": {"en": "Usual gap (days)", "id": "Jeda biasa (hari)"},
    "col.risk_ratio": {"en": "Days since last ÷ usual gap", "id": "Hari sejak terakhir ÷ jeda biasa"},
    "col.status": {"en": "Status", "id": "Status"},
    "col.n": {"en": "n", "id": "n"},
    "col.nps": {"en": "NPS", "id": "NPS"},
    "col.csat": {"en": "CSAT", "id": "CSAT"},
    "col.ci_low": {"en": "95% CI low", "id": "Batas bawah IK 95%"},
    "col.ci_high": {"en": "95% CI high", "id": "Batas atas IK 95%"},
    "col.satisfied": {"en": "Satisfied (4–5)", "id": "Puas (4–5)"},
    "col.mean_score": {"en": "Mean score", "id": "Skor rata-rata"},
    "col.small_sample": {"en": "Small sample", "id": "Sampel kecil"},
    "col.comment": {"en": "Comment", "id": "Komentar"},
    "col.response_date": {"en": "Date", "id": "Tanggal"},
    "col.nps_category": {"en": "NPS group", "id": "Kelompok NPS"},
    "col.nps_score": {"en": "NPS answer", "id": "Jawaban NPS"},
    "col.touchpoint": {"en": "Touchpoint", "id": "Titik sentuh"},
    "col.stage": {"en": "Stage", "id": "Tahap"},
    "col.friction_score": {"en": "Friction score", "id": "Skor gesekan"},
    "col.rank": {"en": "Rank", "id": "Peringkat"},
    "col.reasons": {"en": "Reasons", "id": "Alasan"},
    "col.task": {"en": "Task", "id": "Tugas"},
    "col.successes": {"en": "Successes", "id": "Berhasil"},
    "col.geometric_mean_seconds": {"en": "Time on task (geometric mean, s)", "id": "Waktu tugas (rata-rata geometrik, dtk)"},
    "col.median_seconds": {"en": "Median time (s)", "id": "Median waktu (dtk)"},
    "col.errors_total": {"en": "Errors", "id": "Kesalahan"},
    "col.errors_per_attempt": {"en": "Errors per attempt", "id": "Kesalahan per percobaan"},
    "col.share_with_error": {"en": "Attempts with an error", "id": "Percobaan dengan kesalahan"},
    "col.ux_score": {"en": "UX score", "id": "Skor UX"},
    "col.cx_score": {"en": "CX score", "id": "Skor CX"},
    "col.gap": {"en": "UX − CX", "id": "UX − CX"},
    "col.quadrant": {"en": "Quadrant", "id": "Kuadran"},
    "col.clv": {"en": "CLV", "id": "CLV"},
    "col.p_alive": {"en": "P(still active)", "id": "P(masih aktif)"},
    "col.expected_purchases": {"en": "Expected purchases", "id": "Perkiraan pembelian"},
    "col.expected_spend": {"en": "Expected spend per purchase", "id": "Perkiraan belanja per pembelian"},
    "col.frequency": {"en": "Repeat purchases", "id": "Pembelian ulang"},
    "col.recency": {"en": "Recency", "id": "Kebaruan"},
    "col.monetary_value": {"en": "Mean repeat spend", "id": "Rata-rata belanja ulang"},
    "col.agent": {"en": "Agent", "id": "Agen"},
    "col.channel": {"en": "Channel", "id": "Kanal"},
    "col.segment": {"en": "Segment", "id": "Segmen"},
    "col.line": {"en": "Line", "id": "Baris"},
    "col.reason": {"en": "Reason", "id": "Alasan"},
    "col.raw": {"en": "Row as read", "id": "Baris apa adanya"},
    "col.check": {"en": "Check", "id": "Pemeriksaan"},
    "col.count": {"en": "Count", "id": "Jumlah"},
    "col.severity": {"en": "Severity", "id": "Tingkat"},
    "col.detail": {"en": "Detail", "id": "Rincian"},
    "col.action": {"en": "What the report does", "id": "Yang dilakukan laporan"},
})

# --- errors raised by metrics, the report/CLI and the io checks (code = CXError.code) ----------
# Placeholders are only the params every raise site of a code passes (tests/test_error_translations.py
# checks it). List-valued params (`columns` of *_missing_columns, `keys` of no_group_column) and
# English words (`period`) are left out: they would show as Python lists or English in the text.
TRANSLATIONS.update({
    # report / CLI: files and options
    "error.missing_file": {
        "en": "The file {name} does not exist. Check the path and the spelling, or run the command from the folder that holds it.",
        "id": "File {name} tidak ada. Periksa path dan ejaannya, atau jalankan perintah dari folder tempat file itu berada.",
    },
    "error.not_a_file": {
        "en": "{name} is a folder, not a file. Name the export files themselves, for example data/*.csv.",
        "id": "{name} adalah folder, bukan file. Sebutkan file ekspornya langsung, misalnya data/*.csv.",
    },
    "error.no_files": {
        "en": "No files were given. Name one or more export files, for example orders.csv.",
        "id": "Tidak ada file yang diberikan. Sebutkan satu atau beberapa file ekspor, misalnya orders.csv.",
    },
    "error.unknown_file": {
        "en": "{name} is not one of the files given. Use the name or the path of one of the files you listed.",
        "id": "{name} bukan salah satu file yang diberikan. Gunakan nama atau path salah satu file yang Anda cantumkan.",
    },
    "error.ambiguous_file": {
        "en": "{name} matches several of the files given. Write the file's path as you gave it, for example jan/orders.csv.",
        "id": "{name} cocok dengan beberapa file yang diberikan. Tulis path file persis seperti yang Anda berikan, misalnya jan/orders.csv.",
    },
    "error.unknown_kind": {
        "en": "{kind} is not a kind of export. Use one of: orders, subscriptions, surveys, tickets, ux, other.",
        "id": "{kind} bukan jenis ekspor yang dikenal. Gunakan salah satu dari: orders, subscriptions, surveys, tickets, ux, other.",
    },
    "error.bad_map": {
        "en": "A --map option does not name a field. Write --map FIELD=COLUMN, or --map FILE:FIELD=COLUMN for one file.",
        "id": "Salah satu opsi --map tidak menyebut field. Tulis --map FIELD=COLUMN, atau --map FILE:FIELD=COLUMN untuk satu file saja.",
    },
    "error.unmatched_map": {
        "en": "No file has a column {columns}. Check the column's spelling in the file's header row.",
        "id": "Tidak ada file yang punya kolom {columns}. Periksa ejaan nama kolom di baris judul file.",
    },
    # Replaces the earlier text: the CLI raises unknown_field without the file name.
    "error.unknown_field": {
        "en": "{fields} is not a field of this kind of export. Choose one of the fields of this kind, or change the file's kind.",
        "id": "{fields} bukan field untuk jenis ekspor ini. Pilih salah satu field jenis ini, atau ubah jenis file-nya.",
    },
    # report / CLI: filters and the model check
    "error.unknown_where_column": {
        "en": "No loaded table has a column {column} to filter on. Filter on a text column your files have, such as segment, channel or region.",
        "id": "Tidak ada tabel yang dimuat yang punya kolom {column} untuk difilter. Filter pada kolom teks yang ada di file Anda, misalnya segmen, kanal, atau wilayah.",
    },
    "error.where_not_text": {
        "en": "The column {column} does not hold text, so it cannot be filtered on a value. Filter on a dimension such as segment, channel or region; give dates as a date range.",
        "id": "Kolom {column} tidak berisi teks, jadi tidak bisa difilter menurut nilai. Filter pada dimensi seperti segmen, kanal, atau wilayah; berikan tanggal sebagai rentang tanggal.",
    },
    "error.unknown_where_value": {
        "en": "No row has {column} = {value}. Check the spelling of the value as it appears in the data.",
        "id": "Tidak ada baris dengan {column} = {value}. Periksa ejaan nilai itu seperti yang tertulis di data.",
    },
    "error.bad_date_range": {
        "en": "The start date {date_from} is after the end date {date_to}. Give the earlier date as the start and the later one as the end.",
        "id": "Tanggal awal {date_from} jatuh setelah tanggal akhir {date_to}. Isi tanggal yang lebih awal sebagai awal dan yang lebih akhir sebagai akhir.",
    },
    "error.no_rows_after_filters": {
        "en": "The filters leave no rows in any file. Widen the date range (--from/--to) or loosen --where.",
        "id": "Filter tidak menyisakan satu baris pun di file mana pun. Perlebar rentang tanggal (--from/--to) atau longgarkan --where.",
    },
    "error.calibration_without_orders": {
        "en": "Checking the CLV model (--calibration-end) needs orders, and there are none. Add an orders export (or widen the filters), or leave out --calibration-end.",
        "id": "Pengujian model CLV (--calibration-end) membutuhkan data pesanan, tetapi tidak ada pesanan. Tambahkan ekspor pesanan (atau perlebar filter), atau hapus --calibration-end.",
    },
    "error.bad_calibration_end": {
        "en": "The calibration end {calibration_end} is not inside the dates of the orders. Choose a day between the first and the last order, for example two thirds of the way in.",
        "id": "Akhir kalibrasi {calibration_end} berada di luar rentang tanggal pesanan. Pilih tanggal di antara pesanan pertama dan terakhir, misalnya sekitar dua pertiga rentangnya.",
    },
    # metrics: inputs
    "error.bad_date": {
        "en": "{value} is not a date. Write dates as YYYY-MM-DD, for example 2024-06-30.",
        "id": "{value} bukan tanggal. Tulis tanggal dengan format YYYY-MM-DD, misalnya 2024-06-30.",
    },
    "error.bad_group_column": {
        "en": "{column} cannot be used to group customers: it is one of the measured columns. Group by a dimension such as segment, channel, region or product.",
        "id": "{column} tidak bisa dipakai untuk mengelompokkan pelanggan karena termasuk kolom yang diukur. Kelompokkan menurut dimensi seperti segmen, kanal, wilayah, atau produk.",
    },
    "error.bad_churn_window": {
        "en": "The churn window must be at least one day, not {window_days}. Choose how many days without a purchase mean a customer has left, for example 90.",
        "id": "Jendela churn minimal satu hari, bukan {window_days}. Tentukan berapa hari tanpa pembelian yang menandakan pelanggan sudah pergi, misalnya 90.",
    },
    "error.clv_bad_churn_rate": {
        "en": "The churn rate {churn_rate} is not between 0 and 1. Give it as the share of customers lost per period, for example 0.05 for 5%.",
        "id": "Tingkat churn {churn_rate} tidak berada di antara 0 dan 1. Isi sebagai proporsi pelanggan yang hilang per periode, misalnya 0.05 untuk 5%.",
    },
    "error.clv_bad_horizon": {
        "en": "A horizon of {horizon_months} months is too short. Choose a horizon of at least one month.",
        "id": "Jangka waktu {horizon_months} bulan terlalu pendek. Pilih jangka waktu minimal satu bulan.",
    },
    "error.clv_bad_discount_rate": {
        "en": "The discount rate {annual_discount_rate} is negative. Give a yearly discount rate of 0 or more, such as 0.10 for 10%.",
        "id": "Tingkat diskonto {annual_discount_rate} bernilai negatif. Isi tingkat diskonto tahunan 0 atau lebih, misalnya 0.10 untuk 10%.",
    },
    "error.clv_bad_margin": {
        "en": "The gross margin {margin} is not between 0 and 1. Give the margin as a share of revenue, for example 0.4 for 40%.",
        "id": "Margin kotor {margin} tidak berada di antara 0 dan 1. Isi margin sebagai proporsi pendapatan, misalnya 0.4 untuk 40%.",
    },
    "error.score_out_of_range": {
        "en": "The column {column} should hold answers from {low} to {high}, but it has {value}. Map the column that holds this score on its {low}–{high} scale, or fix the values outside it.",
        "id": "Kolom {column} seharusnya berisi jawaban dari {low} sampai {high}, tetapi ada nilai {value}. Petakan kolom yang berisi skor ini pada skala {low}–{high}, atau perbaiki nilai yang di luar skala.",
    },
    "error.sus_items": {
        "en": "SUS needs exactly ten item columns. Map all ten SUS item columns, sus_1 to sus_10.",
        "id": "SUS membutuhkan tepat sepuluh kolom item. Petakan kesepuluh kolom item SUS, sus_1 sampai sus_10.",
    },
    "error.negative_duration": {
        "en": "Some customer lifetimes are negative. Check that each customer's end date is not before their start date.",
        "id": "Sebagian masa aktif pelanggan bernilai negatif. Pastikan tanggal akhir setiap pelanggan tidak lebih awal dari tanggal mulainya.",
    },
    "error.no_group_column": {
        "en": "None of the tables has the chosen grouping with values to compare. Choose a grouping the usability test and the surveys both have, such as touchpoint or period.",
        "id": "Tidak ada tabel yang memiliki pengelompokan yang dipilih dengan nilai untuk dibandingkan. Pilih pengelompokan yang ada di uji kegunaan dan di survei, misalnya titik sentuh atau periode.",
    },
    # metrics: a table lacks a column (code <table>_missing_columns)
    "error.orders_missing_columns": {
        "en": "The orders table lacks a column this analysis needs. Map the customer, order date and amount columns of your orders export, and group only by columns it has.",
        "id": "Tabel pesanan tidak memiliki kolom yang dibutuhkan analisis ini. Petakan kolom pelanggan, tanggal pesanan, dan jumlah dari ekspor pesanan Anda, dan kelompokkan hanya menurut kolom yang ada di ekspor itu.",
    },
    "error.subscriptions_missing_columns": {
        "en": "The subscriptions table lacks a column this analysis needs. Map the customer, start date and MRR columns of your subscriptions export, and group only by columns it has.",
        "id": "Tabel langganan tidak memiliki kolom yang dibutuhkan analisis ini. Petakan kolom pelanggan, tanggal mulai, dan MRR dari ekspor langganan Anda, dan kelompokkan hanya menurut kolom yang ada di ekspor itu.",
    },
    "error.surveys_missing_columns": {
        "en": "The survey table lacks a column this analysis needs. Map the survey's date and score columns (the comment column for themes, the customer id to link surveys to tickets), and group only by columns it has.",
        "id": "Tabel survei tidak memiliki kolom yang dibutuhkan analisis ini. Petakan kolom tanggal dan skor survei (kolom komentar untuk tema, ID pelanggan untuk menghubungkan survei dengan tiket), dan kelompokkan hanya menurut kolom yang ada di ekspor itu.",
    },
    "error.tickets_missing_columns": {
        "en": "The support ticket table lacks a column this analysis needs. Map the ticket's created date (and the reply and solved dates, or the response and resolution times, for times), and group only by columns it has.",
        "id": "Tabel tiket layanan tidak memiliki kolom yang dibutuhkan analisis ini. Petakan kolom tanggal tiket dibuat (serta tanggal dibalas dan diselesaikan, atau waktu respons dan penyelesaian, untuk analisis waktu), dan kelompokkan hanya menurut kolom yang ada di ekspor itu.",
    },
    "error.ux_missing_columns": {
        "en": "The UX test table lacks a column this analysis needs. Map the usability test's task, success, time and SUS columns, and group only by columns it has.",
        "id": "Tabel uji UX tidak memiliki kolom yang dibutuhkan analisis ini. Petakan kolom tugas, keberhasilan, waktu, dan SUS dari uji kegunaan, dan kelompokkan hanya menurut kolom yang ada di ekspor itu.",
    },
    "error.lifetimes_missing_columns": {
        "en": "The customer lifetimes table lacks a column this analysis needs. Give a table with one row per customer: how long they were observed and whether they left.",
        "id": "Tabel masa aktif pelanggan tidak memiliki kolom yang dibutuhkan analisis ini. Berikan tabel dengan satu baris per pelanggan: berapa lama pelanggan diamati dan apakah pelanggan itu berhenti.",
    },
    # metrics: nothing (or too little) to compute on
    "error.no_orders": {
        "en": "There are no orders to compute on. Check that the orders table has rows with a customer, a date up to today and an amount, and widen the filters.",
        "id": "Tidak ada pesanan untuk dihitung. Pastikan tabel pesanan memiliki baris dengan pelanggan, tanggal sampai hari ini, dan jumlah, lalu perlebar filter.",
    },
    "error.no_subscriptions": {
        "en": "There are no subscriptions to compute on. Check that the subscriptions table has rows with a customer and a start date, and widen the filters.",
        "id": "Tidak ada langganan untuk dihitung. Pastikan tabel langganan memiliki baris dengan pelanggan dan tanggal mulai, lalu perlebar filter.",
    },
    "error.no_purchases": {
        "en": "There are no purchases to summarise. Check that the orders table has rows with a customer, a date and an amount, and widen the filters.",
        "id": "Tidak ada pembelian untuk diringkas. Pastikan tabel pesanan memiliki baris dengan pelanggan, tanggal, dan jumlah, lalu perlebar filter.",
    },
    "error.no_purchases_by_end": {
        "en": "No customer bought anything by {observation_end}. Choose a later end date or widen the filters.",
        "id": "Belum ada pelanggan yang membeli hingga {observation_end}. Pilih tanggal akhir yang lebih lambat atau perlebar filter.",
    },
    "error.calibration_after_observation": {
        "en": "The calibration period ends on {calibration_end}, which is not before the end of the data ({observation_end}). Choose a calibration end earlier than the last purchase, so there is a holdout period to check the model against.",
        "id": "Periode kalibrasi berakhir pada {calibration_end}, tidak sebelum akhir data ({observation_end}). Pilih akhir kalibrasi yang lebih awal dari pembelian terakhir, agar ada periode uji untuk memeriksa model.",
    },
    "error.no_calibration_customers": {
        "en": "No customer bought anything by the calibration end ({calibration_end}). Choose a later calibration end date.",
        "id": "Belum ada pelanggan yang membeli hingga akhir kalibrasi ({calibration_end}). Pilih tanggal akhir kalibrasi yang lebih lambat.",
    },
    "error.no_complete_period": {
        "en": "No whole period has ended between the first subscription and the end date, and MRR is measured at the end of each period. Choose a shorter period or a later date.",
        "id": "Belum ada periode yang selesai antara langganan pertama dan tanggal akhir, padahal MRR diukur di akhir setiap periode. Pilih periode yang lebih pendek atau tanggal yang lebih lambat.",
    },
    "error.bgnbd_no_repeat_customers": {
        "en": "No customer made a repeat purchase, so repeat buying cannot be modelled. Use a longer period of orders, or check that customer ids are consistent across orders.",
        "id": "Tidak ada pelanggan yang melakukan pembelian ulang, sehingga pola pembelian ulang tidak bisa dimodelkan. Gunakan periode pesanan yang lebih panjang, atau pastikan ID pelanggan konsisten di semua pesanan.",
    },
    "error.gamma_gamma_too_few_spenders": {
        "en": "Only {customers} customer(s) made a repeat purchase with a positive amount, so spend per purchase cannot be modelled. Use a longer period of orders so that more customers buy twice.",
        "id": "Hanya {customers} pelanggan yang melakukan pembelian ulang dengan jumlah positif, sehingga belanja per pembelian tidak bisa dimodelkan. Gunakan periode pesanan yang lebih panjang agar lebih banyak pelanggan yang membeli dua kali.",
    },
    "error.clv_too_few_repeat_customers": {
        "en": "Only {repeat_customers} customer(s) bought more than once; at least {needed} are needed to predict future purchases. Use a longer period of orders or widen the filters.",
        "id": "Hanya {repeat_customers} pelanggan yang membeli lebih dari sekali; dibutuhkan minimal {needed} untuk memprediksi pembelian berikutnya. Gunakan periode pesanan yang lebih panjang atau perlebar filter.",
    },
    "error.clv_spend_unbounded": {
        "en": "Spend per purchase varies so much between customers that its average cannot be estimated. Check for extreme or mistaken amounts (test orders, wrong currency) and filter them out.",
        "id": "Belanja per pembelian sangat bervariasi antarpelanggan sehingga rata-ratanya tidak bisa diperkirakan. Periksa jumlah yang ekstrem atau keliru (pesanan uji coba, mata uang yang salah), lalu saring keluar.",
    },
    "error.clv_one_period": {
        "en": "The orders cover a single period, so churn cannot be observed. Give a churn rate, or use orders that span more periods.",
        "id": "Pesanan hanya mencakup satu periode, sehingga churn tidak bisa diamati. Isi tingkat churn, atau gunakan pesanan yang mencakup lebih banyak periode.",
    },
    "error.clv_no_churn": {
        "en": "Every customer bought again in the next period, so no churn was observed and CLV would be infinite. Give a churn rate, or use a shorter period.",
        "id": "Setiap pelanggan membeli lagi di periode berikutnya, sehingga tidak ada churn yang teramati dan CLV menjadi tak terhingga. Isi tingkat churn, atau gunakan periode yang lebih pendek.",
    },
})
TRANSLATIONS.update({
    "service.no_team_measures": {
        "en": "This export has no handling time or satisfaction per ticket, so there is nothing to compare by channel or agent.",
        "id": "Ekspor ini tidak punya waktu penanganan atau kepuasan per tiket, jadi tidak ada yang bisa dibandingkan per kanal atau agen.",
    },
})
TRANSLATIONS.update({
    "overview.help_period_partial": {
        "en": "Period so far (the data has no complete one yet): {period}",
        "id": "Periode sejauh ini (data belum punya periode yang lengkap): {period}",
    },
})

# --- honest sentences and headlines, the CLI's trust fixes ---------------------
TRANSLATIONS.update({
    "story.nps_rose_change": {
        "en": "NPS rose {points} points in {period}; the margin of error of that change is ±{moe} (n = {n}, and {n_before} the period before).",
        "id": "NPS naik {points} poin pada {period}; batas galat perubahan itu ±{moe} (n = {n}, dan {n_before} pada periode sebelumnya).",
    },
    "story.nps_fell_change": {
        "en": "NPS fell {points} points in {period}; the margin of error of that change is ±{moe} (n = {n}, and {n_before} the period before).",
        "id": "NPS turun {points} poin pada {period}; batas galat perubahan itu ±{moe} (n = {n}, dan {n_before} pada periode sebelumnya).",
    },
    "story.nps_change_identical": {
        "en": "NPS changed {change} points in {period}, but within each period every answer was the same (n = {n}, and {n_before} the period before), so this change has no margin of error to judge it by.",
        "id": "NPS berubah {change} poin pada {period}, tetapi dalam tiap periode semua jawaban sama (n = {n}, dan {n_before} pada periode sebelumnya), sehingga perubahan ini tidak punya batas galat untuk menilainya.",
    },
    "story.nps_worst_fall_change": {
        "en": "The largest significant NPS fall in the range: {points} points in {period} (±{moe} on the change; n = {n}, and {n_before} the period before).",
        "id": "Penurunan NPS signifikan terbesar dalam rentang ini: {points} poin pada {period} (±{moe} untuk perubahannya; n = {n}, dan {n_before} pada periode sebelumnya).",
    },
    "story.detractors_waited_n": {
        "en": "Detractors are {share} of the {n} respondents who waited {bucket} for a first reply, against {rest} of the other {rest_n} respondents: a significant difference.",
        "id": "Detraktor mencapai {share} dari {n} responden yang menunggu {bucket} untuk balasan pertama, dibanding {rest} dari {rest_n} responden lainnya: perbedaan yang signifikan.",
    },
    "story.weak_channel_n": {
        "en": "Customers acquired via {channel} keep {rate} at month 3 (n = {n}), against {others} for the other channels (n = {others_n}): a significant difference.",
        "id": "Pelanggan dari kanal {channel} bertahan {rate} di bulan ke-3 (n = {n}), dibanding {others} untuk kanal lain (n = {others_n}): perbedaan yang signifikan.",
    },
    "story.weak_touchpoint_n": {
        "en": "{touchpoint} is the weak spot: the lowest UX score ({ux}, n = {ux_n}) and the lowest CX score ({cx}, n = {cx_n}), both significantly below the other touchpoints.",
        "id": "{touchpoint} adalah titik lemah: skor UX terendah ({ux}, n = {ux_n}) dan skor CX terendah ({cx}, n = {cx_n}), keduanya signifikan di bawah titik sentuh lainnya.",
    },
    "overview.help_ci_degenerate": {
        "en": "All {n} answers identical: an interval cannot be computed from them, which is not certainty",
        "id": "Semua {n} jawaban sama: interval tidak bisa dihitung darinya, dan itu bukan kepastian",
    },
    "overview.help_change_moe": {
        "en": "Change {moe}: {verdict}",
        "id": "Perubahan {moe}: {verdict}",
    },
    "error.clv_churn_not_observed": {
        "en": "Churn is only known for complete periods that start at least {window_days} days after the first order, and these orders have none. Give a churn rate, use orders that span a longer time, or a shorter churn window.",
        "id": "Churn hanya diketahui untuk periode lengkap yang dimulai minimal {window_days} hari setelah pesanan pertama, dan pesanan ini tidak punya periode seperti itu. Isi tingkat churn, gunakan pesanan yang mencakup waktu lebih panjang, atau jendela churn yang lebih pendek.",
    },
    "error.no_usable_file": {
        "en": "No file can be used for metrics: {files}. Set a file's kind, or map the fields it is missing.",
        "id": "Tidak ada file yang bisa dipakai untuk metrik: {files}. Tetapkan jenis file, atau petakan kolom yang belum ada.",
    },
})

# --- the public Python API (cxreport.load, Workspace.orders ...) ---------------
TRANSLATIONS.update({
    # --- the SQL sandbox (cxreport.sql) ------------------------------------------------------
    "error.sql_empty": {
        "en": "There is no SQL statement to run. Write one query, for example SELECT * FROM orders LIMIT 10.",
        "id": "Tidak ada pernyataan SQL untuk dijalankan. Tulis satu kueri, misalnya SELECT * FROM orders LIMIT 10.",
    },
    "error.sql_several_statements": {
        "en": "Only one statement runs at a time, and this text holds {count}. Run them one at a time; a comment does not hide the second.",
        "id": "Hanya satu pernyataan yang dijalankan sekali jalan, sedangkan teks ini berisi {count}. Jalankan satu per satu; komentar tidak menyembunyikan pernyataan kedua.",
    },
    "error.sql_not_read_only": {
        "en": "Only a read-only query runs here, and this is a {statement} statement. The sandbox reads the loaded data with SELECT, WITH, PIVOT, UNPIVOT, DESCRIBE, SUMMARIZE or VALUES; it cannot write files, change settings, attach databases or load extensions.",
        "id": "Di sini hanya kueri baca yang dijalankan, sedangkan ini pernyataan {statement}. Sandbox membaca data yang dimuat dengan SELECT, WITH, PIVOT, UNPIVOT, DESCRIBE, SUMMARIZE, atau VALUES; sandbox tidak dapat menulis file, mengubah pengaturan, melampirkan database, atau memuat ekstensi.",
    },
    "error.sql_failed": {
        "en": "DuckDB could not run the query: {error}. Check the names with DESCRIBE <view>; docs/sql.md lists every view and its columns.",
        "id": "DuckDB tidak dapat menjalankan kueri: {error}. Periksa nama-namanya dengan DESCRIBE <view>; docs/sql.md memuat setiap view beserta kolomnya.",
    },
    "error.sql_failed_at": {
        "en": "DuckDB could not run the query: {error} (at line {line}, column {column}). Check the names with DESCRIBE <view>; docs/sql.md lists every view and its columns.",
        "id": "DuckDB tidak dapat menjalankan kueri: {error} (di baris {line}, kolom {column}). Periksa nama-namanya dengan DESCRIBE <view>; docs/sql.md memuat setiap view beserta kolomnya.",
    },
    "error.sql_timeout": {
        "en": "The query ran longer than {seconds} s and was stopped. Narrow it (fewer rows, no cross join), or raise the limit (CXREPORT_SQL_TIMEOUT_S).",
        "id": "Kueri berjalan lebih dari {seconds} detik dan dihentikan. Persempit kuerinya (lebih sedikit baris, tanpa cross join), atau naikkan batasnya (CXREPORT_SQL_TIMEOUT_S).",
    },
    "error.sql_too_large": {
        "en": "The result is larger than {megabytes} MB. Select fewer columns or aggregate; shorten long text columns.",
        "id": "Hasilnya lebih besar dari {megabytes} MB. Pilih lebih sedikit kolom atau agregasikan; perpendek kolom teks yang panjang.",
    },
    "error.sql_out_of_memory": {
        "en": "The query needed more than the {megabytes} MB of memory it may use. Aggregate earlier, join fewer rows, or raise the limit (CXREPORT_SQL_MEMORY_MB).",
        "id": "Kueri membutuhkan lebih dari {megabytes} MB memori yang diizinkan. Agregasikan lebih awal, gabungkan lebih sedikit baris, atau naikkan batasnya (CXREPORT_SQL_MEMORY_MB).",
    },
    "error.sql_worker_died": {
        "en": "The query's worker process stopped before it answered (it reached its memory or CPU-time limit). Narrow the query, or raise CXREPORT_SQL_MEMORY_MB or CXREPORT_SQL_TIMEOUT_S.",
        "id": "Proses pekerja kueri berhenti sebelum menjawab (mencapai batas memori atau waktu CPU). Persempit kuerinya, atau naikkan CXREPORT_SQL_MEMORY_MB atau CXREPORT_SQL_TIMEOUT_S.",
    },
    "error.no_files_match": {
        "en": "No export file matches {pattern}. Check the folder and the pattern, for example exports/*.csv.",
        "id": "Tidak ada file ekspor yang cocok dengan {pattern}. Periksa folder dan polanya, misalnya exports/*.csv.",
    },
    "error.no_table": {
        "en": "No {kind} export is loaded. Load one, or set a file's kind to {kind}.",
        "id": "Belum ada ekspor {kind} yang dimuat. Muat satu, atau atur jenis sebuah file menjadi {kind}.",
    },
    "error.table_not_ready": {
        "en": "The file {name} lacks fields its metrics need: {fields}. Load it again with a mapping from each field to its column.",
        "id": "File {name} tidak punya kolom yang dibutuhkan metriknya: {fields}. Muat ulang dengan memetakan setiap kolom tersebut ke kolom di file.",
    },
})

# --- limits on what a file may cost (cxreport/io/limits.py, docs/limits.md) ---
TRANSLATIONS.update({
    "error.unpacked_too_large": {
        "en": "The file {name} unpacks to {size_mb} MB; this session can read at most {limit_mb} MB unpacked. Export a shorter date range, or split the export into several files.",
        "id": "File {name} berukuran {size_mb} MB setelah diekstrak; sesi ini hanya bisa membaca paling banyak {limit_mb} MB hasil ekstrak. Ekspor rentang tanggal yang lebih pendek, atau pecah ekspor menjadi beberapa file.",
    },
    "error.damaged_archive": {
        "en": "The file {name} is a damaged {what} archive. Compress the export again and upload it.",
        "id": "File {name} adalah arsip {what} yang rusak. Kompres ulang ekspornya, lalu unggah lagi.",
    },
    "error.sheet_too_large": {
        "en": "The sheet '{sheet}' of {name} reaches cell {cell}, so it spans {cells} cells; at most {limit} can be read. Delete the rows and columns beyond the table (in Excel, Ctrl+End shows the last used cell), save, and upload it again.",
        "id": "Sheet '{sheet}' di {name} mencapai sel {cell}, sehingga mencakup {cells} sel; paling banyak {limit} sel yang bisa dibaca. Hapus baris dan kolom di luar tabel (di Excel, Ctrl+End menunjukkan sel terakhir yang terpakai), simpan, lalu unggah lagi.",
    },
    "error.too_many_columns": {
        "en": "The file {name} has {columns} columns; at most {limit} can be read. Export only the columns the report needs.",
        "id": "File {name} memiliki {columns} kolom; paling banyak {limit} kolom yang bisa dibaca. Ekspor hanya kolom yang dibutuhkan laporan.",
    },
    "error.json_too_deep": {
        "en": "The JSON file {name} nests values {depth} levels deep; a table can hold at most {limit}. Export flat records (one object per row, with plain values), or flatten the nested fields first.",
        "id": "File JSON {name} memiliki nilai bersarang sedalam {depth} tingkat; tabel hanya bisa menampung paling banyak {limit}. Ekspor rekaman datar (satu objek per baris, dengan nilai sederhana), atau ratakan dulu field yang bersarang.",
    },
    "error.session_memory": {
        "en": "Reading {name} needs about {need_mb} MB of memory; this session has {left_mb} MB left of its {limit_mb} MB. Remove files you no longer need on the Data page, or export a shorter date range.",
        "id": "Membaca {name} butuh memori sekitar {need_mb} MB; sesi ini tinggal punya {left_mb} MB dari {limit_mb} MB. Hapus file yang tidak diperlukan lagi di halaman Data, atau ekspor rentang tanggal yang lebih pendek.",
    },
    "error.zip_too_many": {
        "en": "The archive {name} holds {found} tables; the first {limit} were read, the rest left out: {left_out}. Upload the rest in another archive, or as separate files.",
        "id": "Arsip {name} berisi {found} tabel; {limit} tabel pertama sudah dibaca, sisanya tidak: {left_out}. Unggah sisanya dalam arsip lain, atau sebagai file terpisah.",
    },
})

# --- nothing from a link or a file rendered as Markdown; widget bounds ---
TRANSLATIONS.update({
    "cohorts.capped": {
        "en": "The heatmap and the curves show the latest {shown} of {total} cohorts, so the page stays quick; the table below and its CSV have all of them. Pick a longer period (week, month) to see the whole history drawn.",
        "id": "Heatmap dan kurva menampilkan {shown} kohort terbaru dari {total}, agar halaman tetap cepat; tabel di bawah dan CSV-nya memuat semuanya. Pilih periode yang lebih panjang (minggu, bulan) untuk melihat seluruh riwayat.",
    },
})
# The CX model page (issue 14): SERVQUAL, key drivers, service against CX.
TRANSLATIONS.update({
    "page.cx_model": {"en": "Why: the CX model", "id": "Mengapa: model CX"},
    "cxmodel.intro": {
        "en": "What drives the scores: service quality on its five SERVQUAL dimensions, the key drivers of NPS, and how much customer service weighs in the experience.",
        "id": "Apa yang menggerakkan skor: kualitas layanan pada lima dimensi SERVQUAL, pendorong utama NPS, dan seberapa besar peran layanan pelanggan dalam pengalaman.",
    },
    "cxmodel.servqual": {"en": "Service quality (SERVQUAL)", "id": "Kualitas layanan (SERVQUAL)"},
    "cxmodel.no_servqual": {
        "en": "The survey has no SERVQUAL items. Questions on reliability, responsiveness, assurance, empathy and tangibles (Keandalan, Daya tanggap, Jaminan, Empati, Bukti fisik) are recognised by their text; tag them on the Data page if they are not.",
        "id": "Survei tidak memiliki butir SERVQUAL. Pertanyaan tentang keandalan, daya tanggap, jaminan, empati dan bukti fisik dikenali dari teksnya; tandai di halaman Data bila belum dikenali.",
    },
    "cxmodel.servqual_score": {
        "en": "SERVQUAL score, mean {basis} over the dimensions: {unweighted} unweighted, {weighted} weighted by the importance respondents gave each dimension.",
        "id": "Skor SERVQUAL, rata-rata {basis} atas dimensi: {unweighted} tanpa bobot, {weighted} dengan bobot kepentingan yang diberikan responden.",
    },
    "cxmodel.drivers": {"en": "Key drivers of NPS", "id": "Pendorong utama NPS"},
    "cxmodel.drivers_method": {
        "en": "Importance is each driver's share of the R² of the 0–10 recommend answer (exact Shapley decomposition over every subset of drivers), with seeded bootstrap 95% intervals, on the {n:,} respondents who answered every driver (R² = {r2:.2f}). This is correlation, not causation: a driver that moves with NPS may not move it, and drivers that move together share their importance.",
        "id": "Kepentingan adalah bagian tiap pendorong dari R² jawaban rekomendasi 0–10 (dekomposisi Shapley persis atas setiap himpunan pendorong), dengan interval bootstrap 95% berbenih, pada {n:,} responden yang menjawab semua pendorong (R² = {r2:.2f}). Ini korelasi, bukan sebab-akibat: pendorong yang bergerak bersama NPS belum tentu menggerakkannya, dan pendorong yang bergerak bersama berbagi kepentingannya.",
    },
    "cxmodel.fix_first": {"en": "Fix first: {drivers}.", "id": "Perbaiki dulu: {drivers}."},
    "cxmodel.service": {"en": "Customer service against CX", "id": "Layanan pelanggan terhadap CX"},
    "cxmodel.service_split": {
        "en": "NPS {with_ticket:+.1f} among the {n_with:,} respondents with a ticket in the 30 days before, {without:+.1f} among the {n_without:,} without ({change:+.1f} points, p = {p:.3f}{significance}). Among ticket holders the service they got (wait, resolution, reopens, tickets) explains {r2:.0%} of the variance of their 0–10 answer.",
        "id": "NPS {with_ticket:+.1f} pada {n_with:,} responden yang punya tiket dalam 30 hari sebelumnya, {without:+.1f} pada {n_without:,} yang tidak ({change:+.1f} poin, p = {p:.3f}{significance}). Di antara pemilik tiket, layanan yang mereka terima (waktu tunggu, penyelesaian, dibuka ulang, jumlah tiket) menjelaskan {r2:.0%} variasi jawaban 0–10 mereka.",
    },
    "cxmodel.significant": {"en": ", significant", "id": ", signifikan"},
    "cxmodel.not_significant": {"en": ", not significant", "id": ", tidak signifikan"},
    "cxmodel.no_tickets": {
        "en": "Load a tickets export with the same customer ids as the survey to compare the service with the experience.",
        "id": "Muat ekspor tiket dengan ID pelanggan yang sama dengan survei untuk membandingkan layanan dengan pengalaman.",
    },
    "chart.servqual": {"en": "SERVQUAL: perception per dimension", "id": "SERVQUAL: persepsi per dimensi"},
    "chart.servqual_subtitle": {
        "en": "Mean on 1–7 with 95% interval; red tick = expectation, label = gap (perception − expectation)",
        "id": "Rata-rata 1–7 dengan interval 95%; garis merah = harapan, label = kesenjangan (persepsi − harapan)",
    },
    "chart.key_drivers": {"en": "Key drivers: importance × performance", "id": "Pendorong utama: kepentingan × kinerja"},
    "chart.key_drivers_subtitle": {
        "en": "Share of NPS variance explained (Shapley R², 95% interval) against the share of respondents doing well",
        "id": "Bagian variasi NPS yang dijelaskan (R² Shapley, interval 95%) terhadap bagian responden yang baik",
    },
    "chart.service_cx": {"en": "Service times and NPS by period", "id": "Waktu layanan dan NPS per periode"},
    "axis.dimension": {"en": "Dimension", "id": "Dimensi"},
    "axis.servqual_role": {"en": "Role", "id": "Peran"},
    "axis.first_response_median": {"en": "Median first response (h)", "id": "Median respons pertama (jam)"},
    "axis.resolution_median": {"en": "Median resolution (h)", "id": "Median penyelesaian (jam)"},
    "axis.perception": {"en": "Perception (1–7)", "id": "Persepsi (1–7)"},
    "axis.expectation": {"en": "Expectation (1–7)", "id": "Harapan (1–7)"},
    "axis.servqual_gap": {"en": "Gap (P − E)", "id": "Kesenjangan (P − H)"},
    "axis.respondents": {"en": "Respondents", "id": "Responden"},
    "axis.driver": {"en": "Driver", "id": "Pendorong"},
    "axis.importance": {"en": "Importance (share of R²)", "id": "Kepentingan (bagian R²)"},
    "axis.performance": {"en": "Performance (share doing well)", "id": "Kinerja (bagian yang baik)"},
    # A SERVQUAL dimension reads the same as a dimension and as a key driver.
    **{f"{prefix}.{d}": {"en": en, "id": id_} for prefix in ("servqual", "driver") for d, en, id_ in (
        ("tangibles", "Tangibles", "Bukti fisik"), ("reliability", "Reliability", "Keandalan"),
        ("responsiveness", "Responsiveness", "Daya tanggap"), ("assurance", "Assurance", "Jaminan"),
        ("empathy", "Empathy", "Empati"))},
    "servqual.basis_gap": {"en": "gap (perception − expectation)", "id": "kesenjangan (persepsi − harapan)"},
    "servqual.basis_perception": {"en": "perception", "id": "persepsi"},
    "servqual.none": {"en": "not an item", "id": "bukan butir"},
    "servqual.perception": {"en": "perception", "id": "kenyataan (persepsi)"},
    "servqual.expectation": {"en": "expectation", "id": "harapan"},
    "servqual.importance": {"en": "importance", "id": "bobot kepentingan"},
    "data.servqual_items": {"en": "SERVQUAL items", "id": "Butir SERVQUAL"},
    "data.servqual_help": {
        "en": "Survey columns not mapped to a field, with the SERVQUAL dimension and role recognised from their text. Correct a row and apply.",
        "id": "Kolom survei yang tidak dipetakan ke field, dengan dimensi dan peran SERVQUAL yang dikenali dari teksnya. Koreksi baris lalu terapkan.",
    },
    "data.apply_servqual": {"en": "Apply SERVQUAL tags", "id": "Terapkan tanda SERVQUAL"},
    "driver.csat": {"en": "CSAT", "id": "CSAT"},
    "driver.ces": {"en": "CES (ease)", "id": "CES (kemudahan)"},
    "driver.had_ticket": {"en": "had a ticket", "id": "punya tiket"},
    "driver.wait": {"en": "wait for first reply", "id": "tunggu balasan pertama"},
    "driver_quadrant.fix first": {"en": "fix first", "id": "perbaiki dulu"},
    "driver_quadrant.keep up": {"en": "keep up", "id": "pertahankan"},
    "driver_quadrant.low priority": {"en": "low priority", "id": "prioritas rendah"},
    "driver_quadrant.possible overkill": {"en": "possible overkill", "id": "mungkin berlebihan"},
    "error.no_servqual_items": {
        "en": "The survey has no SERVQUAL items tagged with a dimension. Tag them on the Data page.",
        "id": "Survei tidak memiliki butir SERVQUAL yang ditandai dengan dimensi. Tandai di halaman Data.",
    },
    "error.no_drivers": {
        "en": "No driver varies among the respondents who answered them all. Load a survey with CSAT, CES or SERVQUAL answers beside the NPS question.",
        "id": "Tidak ada pendorong yang bervariasi di antara responden yang menjawab semuanya. Muat survei dengan jawaban CSAT, CES atau SERVQUAL di samping pertanyaan NPS.",
    },
    "error.too_many_drivers": {
        "en": "{drivers} drivers is more than the exact decomposition can fit (at most 10).",
        "id": "{drivers} pendorong melebihi yang dapat dihitung dekomposisi persis (paling banyak 10).",
    },
    "error.too_few_respondents": {
        "en": "Only {n} respondents answered every driver: too few for a key-driver analysis. Widen the filters.",
        "id": "Hanya {n} responden yang menjawab semua pendorong: terlalu sedikit untuk analisis pendorong. Perluas filter.",
    },
    "error.no_ticket_split": {
        "en": "The respondents cannot be split into those with and without a ticket. Load tickets and surveys with the same customer ids.",
        "id": "Responden tidak dapat dipisah menjadi yang punya dan tidak punya tiket. Muat tiket dan survei dengan ID pelanggan yang sama.",
    },
    "error.drivers_missing_columns": {
        "en": "The table has no column {columns}: name the column that holds the 0–10 recommend answer.",
        "id": "Tabel tidak memiliki kolom {columns}: sebutkan kolom yang berisi jawaban rekomendasi 0–10.",
    },
})

# --- manager-ready pages: charts that say what they show, tables in the reader's language ---
TRANSLATIONS.update({
    "data.upload_limit": {"en": "Up to {limit} MB per file", "id": "Maksimal {limit} MB per file"},
    "data.upload_button": {"en": "Upload", "id": "Unggah"},
    "service.no_ticket": {"en": "no ticket", "id": "tanpa tiket"},
    "word.unknown": {"en": "Unknown", "id": "Tidak diketahui"},
    "word.all_comments": {"en": "All comments", "id": "Semua komentar"},
    "word.lowest": {"en": "Lowest", "id": "Terendah"},
    "word.highest": {"en": "Highest", "id": "Tertinggi"},
    "chart.retention_range": {"en": "Range of all cohorts", "id": "Rentang semua kohort"},
    "chart.retention_curves_subtitle": {
        "en": "Coloured: the picked cohorts (or four spread over time); grey: the range of all cohorts",
        "id": "Berwarna: kohort yang dipilih (atau empat yang tersebar); abu-abu: rentang semua kohort",
    },
    "chart.survival_subtitle": {
        "en": "95% confidence interval. Day 0 starts below 100%: customers who bought once and never "
              "came back ({share}) end on their first day.",
        "id": "Interval kepercayaan 95%. Hari ke-0 di bawah 100%: pelanggan yang membeli sekali lalu "
              "tidak kembali ({share}) berakhir pada hari pertamanya.",
    },
    "axis.revenue_churn_share": {"en": "Revenue churn (% of revenue)", "id": "Churn pendapatan (% dari pendapatan)"},
    "axis.first_response_hours": {"en": "First response (hours)", "id": "Respons pertama (jam)"},
    "axis.resolution_hours": {"en": "Resolution (hours)", "id": "Penyelesaian (jam)"},
    "chart.aht_by": {"en": "Average handling time by {by}", "id": "Rata-rata waktu penanganan per {by}"},
})

# --- tables in the reader's language: column labels, the data-quality report, dataset notes ---
TRANSLATIONS.update({
    "overview.card_period_partial": {"en": "{period} (so far)", "id": "{period} (sejauh ini)"},
    "overview.card_span": {"en": "{start} – {end}", "id": "{start} – {end}"},
    "overview.card_ci": {"en": "95% CI {low} to {high}", "id": "IK 95% {low} s.d. {high}"},
    "table.first_rows": {"en": "The first {n} of {total} rows; the CSV has them all.",
                         "id": "{n} baris pertama dari {total}; CSV berisi semuanya."},
    "col.mrr_start": {"en": "MRR at start", "id": "MRR awal"},
    "col.mrr_end": {"en": "MRR at end", "id": "MRR akhir"},
    "col.new": {"en": "New", "id": "Baru"},
    "col.expansion": {"en": "Expansion", "id": "Ekspansi"},
    "col.contraction": {"en": "Contraction", "id": "Kontraksi"},
    "col.churned": {"en": "Churned", "id": "Churn"},
    "col.reactivated": {"en": "Reactivated", "id": "Aktif kembali"},
    "col.nrr": {"en": "NRR", "id": "NRR"},
    "col.grr": {"en": "GRR", "id": "GRR"},
    "col.logo_churn_rate": {"en": "Subscriber churn", "id": "Churn pelanggan langganan"},
    "col.revenue_churn_rate": {"en": "Revenue churn", "id": "Churn pendapatan"},
    "col.customers_start": {"en": "Subscribers at start", "id": "Pelanggan langganan awal"},
    "col.customers_new": {"en": "New subscribers", "id": "Pelanggan langganan baru"},
    "col.customers_churned": {"en": "Subscribers churned", "id": "Pelanggan langganan churn"},
    "col.customers_reactivated": {"en": "Subscribers reactivated", "id": "Pelanggan langganan aktif kembali"},
    "col.customers_end": {"en": "Subscribers at end", "id": "Pelanggan langganan akhir"},
    "col.model": {"en": "Model", "id": "Model"},
    "col.parameter": {"en": "Parameter", "id": "Parameter"},
    "col.value": {"en": "Value", "id": "Nilai"},
    "col.arpu": {"en": "Revenue per customer per period (ARPU)", "id": "Pendapatan per pelanggan per periode (ARPU)"},
    "col.margin": {"en": "Gross margin", "id": "Margin kotor"},
    "col.churn_rate": {"en": "Churn rate", "id": "Tingkat churn"},
    "col.churn_rate_observed": {"en": "Churn measured in the data", "id": "Churn terukur dari data"},
    "col.expected_lifetime_periods": {"en": "Expected lifetime (periods)", "id": "Perkiraan masa aktif (periode)"},
    "col.periods": {"en": "Periods", "id": "Periode"},
    "col.churn_window_days": {"en": "Churn window (days)", "id": "Jendela churn (hari)"},
    "col.churn_periods": {"en": "Periods with churn", "id": "Periode dengan churn"},
    "col.churn_first_period": {"en": "First churn period", "id": "Periode churn pertama"},
    "col.churn_last_period": {"en": "Last churn period", "id": "Periode churn terakhir"},
    "col.active_start": {"en": "Active at start", "id": "Aktif di awal"},
    "col.ux_task_success": {"en": "Task success", "id": "Keberhasilan tugas"},
    "col.ux_sus": {"en": "SUS (0–100)", "id": "SUS (0–100)"},
    "col.ux_n": {"en": "UX n", "id": "n UX"},
    "col.cx_csat": {"en": "CSAT", "id": "CSAT"},
    "col.cx_nps": {"en": "NPS", "id": "NPS"},
    "col.cx_n": {"en": "CX n", "id": "n CX"},
    "col.tickets": {"en": "Tickets", "id": "Tiket"},
    "col.ticket_share": {"en": "Share of tickets", "id": "Porsi tiket"},
    "col.ux_basis": {"en": "UX score from", "id": "Skor UX dari"},
    "col.cx_basis": {"en": "CX score from", "id": "Skor CX dari"},
    "col.ux_measure": {"en": "UX measure", "id": "Ukuran UX"},
    "col.cx_measure": {"en": "CX measure", "id": "Ukuran CX"},
    "col.pearson_r": {"en": "Pearson r", "id": "r Pearson"},
    "col.pearson_p": {"en": "p (Pearson)", "id": "p (Pearson)"},
    "col.spearman_rho": {"en": "Spearman ρ", "id": "ρ Spearman"},
    "col.spearman_p": {"en": "p (Spearman)", "id": "p (Spearman)"},
    "col.share": {"en": "Share of rows", "id": "Porsi baris"},
    "col.column": {"en": "Column", "id": "Kolom"},
    "col.question": {"en": "Question", "id": "Pertanyaan"},
    "col.dimension": {"en": "Dimension", "id": "Dimensi"},
    "col.role": {"en": "Role", "id": "Peran"},
    "col.perception": {"en": "Perception (mean)", "id": "Persepsi (rata-rata)"},
    "col.sd": {"en": "Standard deviation", "id": "Simpangan baku"},
    "col.n_expectation": {"en": "n (expectation)", "id": "n (harapan)"},
    "col.expectation": {"en": "Expectation (mean)", "id": "Harapan (rata-rata)"},
    "col.n_gap": {"en": "n (gap)", "id": "n (kesenjangan)"},
    "col.gap_ci_low": {"en": "Gap: 95% CI low", "id": "Kesenjangan: batas bawah IK 95%"},
    "col.gap_ci_high": {"en": "Gap: 95% CI high", "id": "Kesenjangan: batas atas IK 95%"},
    "col.gap_p": {"en": "Gap: p", "id": "Kesenjangan: p"},
    "col.gap_significant": {"en": "Gap significant", "id": "Kesenjangan signifikan"},
    "col.weight": {"en": "Weight", "id": "Bobot"},
    "col.driver": {"en": "Driver", "id": "Pendorong"},
    "col.importance": {"en": "Importance", "id": "Kepentingan"},
    "col.importance_share": {"en": "Share of importance", "id": "Porsi kepentingan"},
    "col.performance": {"en": "Performance", "id": "Kinerja"},
    "col.r2": {"en": "R²", "id": "R²"},
    "col.first_response_hours_median": {"en": "First response, median (h)", "id": "Respons pertama, median (jam)"},
    "col.resolution_hours_median": {"en": "Resolution, median (h)", "id": "Penyelesaian, median (jam)"},
    "col.source_line": {"en": "Line in file", "id": "Baris di file"},
    "col.T": {"en": "Weeks since first purchase", "id": "Minggu sejak pembelian pertama"},
    "quality.check.rows_read": {"en": "Rows read", "id": "Baris terbaca"},
    "quality.check.rows_rejected": {"en": "Rows rejected", "id": "Baris ditolak"},
    "quality.check.duplicate_rows": {"en": "Duplicate rows", "id": "Baris duplikat"},
    "quality.check.duplicate_ids": {"en": "Duplicate ids", "id": "ID duplikat"},
    "quality.check.missing_customer_ids": {"en": "Missing customer ids", "id": "ID pelanggan kosong"},
    "quality.check.date_range": {"en": "Date range", "id": "Rentang tanggal"},
    "quality.check.future_dates": {"en": "Future dates", "id": "Tanggal di masa depan"},
    "quality.check.refunds": {"en": "Refunds", "id": "Pengembalian dana"},
    "quality.check.test_or_cancelled": {"en": "Test or cancelled orders", "id": "Pesanan uji atau dibatalkan"},
    "quality.severity.info": {"en": "info", "id": "info"},
    "quality.severity.warning": {"en": "warning", "id": "peringatan"},
    "quality.severity.error": {"en": "error", "id": "galat"},
    "quality.action.rows_read": {
        "en": "Every row read is listed here; the checks below say what happens to some of them.",
        "id": "Setiap baris yang terbaca dihitung di sini; pemeriksaan di bawah menjelaskan apa yang terjadi pada sebagian di antaranya.",
    },
    "quality.action.rows_rejected": {
        "en": "Rejected rows are left out of every metric; download them to fix them at the source.",
        "id": "Baris yang ditolak tidak dihitung di metrik mana pun; unduh untuk memperbaikinya di sumbernya.",
    },
    "quality.action.duplicate_rows": {
        "en": "Exact duplicate rows are kept as they are; remove them at the source if the export repeated them.",
        "id": "Baris yang persis sama tetap dihitung; hapus di sumbernya jika ekspor mengulangnya.",
    },
    "quality.action.duplicate_ids": {
        "en": "Rows sharing an id are all counted; check whether the export repeats them.",
        "id": "Baris dengan ID yang sama semuanya dihitung; periksa apakah ekspor mengulangnya.",
    },
    "quality.action.missing_customer_ids": {
        "en": "Rows without a customer id count in totals but not in per-customer metrics (retention, churn, value).",
        "id": "Baris tanpa ID pelanggan dihitung dalam total, tetapi tidak dalam metrik per pelanggan (retensi, churn, nilai).",
    },
    "quality.action.date_range": {"en": "The date filter starts from this range.",
                                  "id": "Filter tanggal dimulai dari rentang ini."},
    "quality.action.future_dates": {
        "en": "Rows dated after today, or far beyond the rest of the export (a typo year), are left out of every metric; "
              "check the export's dates.",
        "id": "Baris bertanggal setelah hari ini, atau jauh melewati sisa ekspor (salah ketik tahun), tidak dihitung di "
              "metrik mana pun; periksa tanggal ekspor.",
    },
    "quality.action.refunds": {
        "en": "Refund rows are subtracted from revenue; orders refunded in full add no revenue and are not purchases.",
        "id": "Baris pengembalian dana dikurangkan dari pendapatan; pesanan yang dananya dikembalikan penuh tidak "
              "menambah pendapatan dan bukan pembelian.",
    },
    "quality.action.test_or_cancelled": {"en": "Test and cancelled orders are left out of every metric.",
                                         "id": "Pesanan uji dan yang dibatalkan tidak dihitung di metrik mana pun."},
    "quality.detail.range": {"en": "{v0} to {v1}", "id": "{v0} s.d. {v1}"},
    "quality.detail.after": {"en": "after {v0}", "id": "setelah {v0}"},
    "quality.detail.after_found": {"en": "after {v0}; {v1} to {v2}", "id": "setelah {v0}; {v1} s.d. {v2}"},
    "quality.detail.negative": {"en": "{v0} rows with a negative amount", "id": "{v0} baris dengan jumlah negatif"},
    "quality.detail.test_cancelled": {"en": "{v0} test, {v1} cancelled", "id": "{v0} uji, {v1} dibatalkan"},
    "quality.detail.no_dates": {"en": "no dates", "id": "tidak ada tanggal"},
    "note.skipped_header_rows": {"en": "Skipped {v0} extra header rows ({v1}).",
                                 "id": "{v0} baris judul tambahan dilewati ({v1})."},
    "nps_category.promoter": {"en": "Promoter", "id": "Promotor"},
    "nps_category.passive": {"en": "Passive", "id": "Pasif"},
    "nps_category.detractor": {"en": "Detractor", "id": "Detraktor"},
    "measure.task_success": {"en": "Task success", "id": "Keberhasilan tugas"},
    "measure.sus": {"en": "SUS", "id": "SUS"},
    "measure.csat": {"en": "CSAT", "id": "CSAT"},
    "measure.nps": {"en": "NPS", "id": "NPS"},
    "measure.ces": {"en": "CES", "id": "CES"},
    "note.qualtrics_export": {"en": "Qualtrics export", "id": "ekspor Qualtrics"},
    "note.column_descriptions": {"en": "a description of each column", "id": "deskripsi setiap kolom"},
    "note.money_in": {"en": "Money is in {v0}.", "id": "Mata uang: {v0}."},
    "note.money_in_header": {"en": "Money is in {v0}, as its column's name says.",
                             "id": "Mata uang: {v0}, sesuai nama kolomnya."},
    "note.money_in_platform": {"en": "Money is in {v0}: {v1} exports are in {v0}.",
                               "id": "Mata uang: {v0}; ekspor {v1} memakai {v0}."},
    "note.remembered": {"en": "Used the kind and columns you chose before for a file with these columns.",
                        "id": "Memakai jenis dan kolom yang Anda pilih sebelumnya untuk file dengan kolom yang sama."},
    "note.rejected": {"en": "{v0} rows were rejected because a required value is missing or wrong; see the rejected rows.",
                      "id": "{v0} baris ditolak karena nilai wajib kosong atau salah; lihat baris yang ditolak."},
    "note.no_scores": {"en": "No NPS, CSAT or CES column is mapped: survey scores cannot be computed.",
                       "id": "Tidak ada kolom NPS, CSAT, atau CES yang dipetakan: skor survei tidak dapat dihitung."},
    # the rest of the library's notes (cxreport/io/quality.py matches them)
    "note.dayfirst": {"en": "Dates were read as day/month (05/03 = 5 March), as is usual in Indonesian data. If that is "
                            "wrong, export the dates as YYYY-MM-DD.",
                      "id": "Tanggal dibaca sebagai hari/bulan (05/03 = 5 Maret), seperti lazimnya data Indonesia. Jika "
                            "keliru, ekspor tanggal sebagai YYYY-MM-DD."},
    "note.monthfirst": {"en": "Dates were read as month/day (05/03 = May 3), as no day above 12 decides it. If that is "
                              "wrong, export the dates as YYYY-MM-DD.",
                        "id": "Tanggal dibaca sebagai bulan/hari (05/03 = 3 Mei), karena tidak ada hari di "
                              "atas 12 yang memastikannya. Jika keliru, ekspor tanggal sebagai YYYY-MM-DD."},
    "note.money_chosen": {"en": "Money read as you chose: {v0}.", "id": "Uang dibaca sesuai pilihan Anda: {v0}."},
    "note.not_mapped": {"en": "Not mapped yet, but needed: {v0}. Choose the matching columns.",
                        "id": "Belum dipetakan, padahal diperlukan: {v0}. Pilih kolom yang sesuai."},
    "note.flag_dates": {"en": "'{v0}' holds dates: a row counts as yes when it has one, no when it is empty.",
                        "id": "'{v0}' berisi tanggal: baris dihitung ya bila berisi tanggal, tidak bila kosong."},
    "note.thousands_comma": {
        "en": "Amounts in '{v0}' such as 344.000 were read as thousands (344,000), as is usual in Indonesian exports. "
              "If they are decimals, switch the number style on the Data page.",
        "id": "Jumlah di '{v0}' seperti 344.000 dibaca sebagai ribuan (344.000), seperti lazimnya ekspor Indonesia. "
              "Jika itu desimal, ganti gaya angka di halaman Data."},
    "note.thousands_point": {
        "en": "Amounts in '{v0}' such as 344.000 were read with a decimal point (344). If the dot separates thousands "
              "(Indonesian style), switch the number style on the Data page.",
        "id": "Jumlah di '{v0}' seperti 344.000 dibaca dengan titik desimal (344). Jika titik itu pemisah ribuan "
              "(gaya Indonesia), ganti gaya angka di halaman Data."},
    "note.mixed_currencies": {
        "en": "The export mixes currencies ({v0}); figures add them up as {v1}: filter to one currency for exact totals.",
        "id": "Ekspor ini mencampur mata uang ({v0}); angka menjumlahkannya sebagai {v1}: saring ke satu mata uang "
              "untuk total yang tepat."},
    "note.not_values": {"en": "{v0} values in '{v1}' are not {v2}; they are left empty.",
                        "id": "{v0} nilai di '{v1}' bukan {v2}; nilai itu dikosongkan."},
    "note.outside": {"en": "{v0} values in '{v1}' are outside {v2}–{v3}; they are left empty.",
                     "id": "{v0} nilai di '{v1}' di luar {v2}–{v3}; nilai itu dikosongkan."},
    "note.unit.dates": {"en": "dates", "id": "tanggal"},
    "note.unit.numbers": {"en": "numbers", "id": "angka"},
    "note.unit.whole_numbers": {"en": "whole numbers", "id": "bilangan bulat"},
    "note.unit.flags": {"en": "yes/no values", "id": "nilai ya/tidak"},
    "note.unit.seconds": {"en": "seconds", "id": "detik"},
    "note.unit.hours": {"en": "hours", "id": "jam"},
    "note.unit.days": {"en": "days", "id": "hari"},
    "note.duration_no_unit": {"en": "'{v0}' does not say its unit; its durations are read as minutes.",
                              "id": "'{v0}' tidak menyebut satuannya; durasinya dibaca sebagai menit."},
    "note.duration_converted": {"en": "'{v0}' is in {v1}; it was converted to minutes (×{v2}).",
                                "id": "'{v0}' dalam {v1}; dikonversi ke menit (×{v2})."},
    "note.business_hours": {"en": "'{v0}' counts business hours only: times read from it are business-hours times.",
                            "id": "'{v0}' hanya menghitung jam kerja: waktu yang dibaca darinya adalah waktu jam kerja."},
    "note.rating_two_words": {
        "en": "{v0} ratings in '{v1}' are words: Good, Satisfied and Puas count as 5, Bad, Unsatisfied and Tidak puas "
              "as 1 on the 1–5 scale, so CSAT is the share of good ratings.",
        "id": "{v0} penilaian di '{v1}' berupa kata: Good, Satisfied, dan Puas dihitung 5, Bad, Unsatisfied, dan Tidak "
              "puas dihitung 1 pada skala 1–5, jadi CSAT adalah porsi penilaian baik."},
    "note.rating_five_labels": {
        "en": "{v0} ratings in '{v1}' are words on a five-label scale: Very satisfied = 5, Satisfied = 4, Neutral = 3, "
              "Unsatisfied = 2, Very unsatisfied = 1.",
        "id": "{v0} penilaian di '{v1}' berupa kata pada skala lima label: Very satisfied = 5, Satisfied = 4, "
              "Neutral = 3, Unsatisfied = 2, Very unsatisfied = 1."},
    "note.no_rating": {
        "en": "{v0} values in '{v1}' say the survey was offered or not offered but not answered (Offered, Unoffered); "
              "they count as no rating.",
        "id": "{v0} nilai di '{v1}' menyatakan survei ditawarkan atau tidak ditawarkan tetapi tidak dijawab (Offered, "
              "Unoffered); nilai itu dihitung sebagai tanpa penilaian."},
    "note.line_items": {
        "en": "{v0} line-item rows carry the order total on the first row only (Shopify style); their amount counts "
              "as 0. Revenue by product counts each order's total under the product on its first row.",
        "id": "{v0} baris item membawa total pesanan hanya di baris pertama (gaya Shopify); jumlahnya dihitung 0. "
              "Pendapatan per produk menghitung total tiap pesanan pada produk di baris pertamanya."},
    "note.order_totals": {
        "en": "Every row of an order repeats the order's total ({v0} orders with several rows): it counts once per "
              "order, on the order's first row; the other {v1} rows count 0.",
        "id": "Setiap baris pesanan mengulang total pesanan ({v0} pesanan dengan beberapa baris): total dihitung sekali "
              "per pesanan, di baris pertamanya; {v1} baris lainnya dihitung 0."},
    "note.nul_lines": {"en": "{v0} line(s) hold NUL bytes (binary data, not text) and were left out; they are listed "
                             "as rejected.",
                       "id": "{v0} baris berisi byte NUL (data biner, bukan teks) dan dilewati; baris itu tercantum "
                             "sebagai ditolak."},
    "note.headerless": {"en": "The file has no header row: its columns are named column_1 to column_{v0} and were "
                              "recognised by their content.",
                        "id": "File tidak punya baris judul: kolomnya dinamai column_1 sampai column_{v0} dan dikenali "
                              "dari isinya."},
    "note.cp1252": {"en": "{v0} line(s) were not valid UTF-8 and were read as Windows-1252 (the rest of the file is "
                          "UTF-8); check their accented letters.",
                    "id": "{v0} baris bukan UTF-8 yang sah dan dibaca sebagai Windows-1252 (sisa file UTF-8); periksa "
                          "huruf beraksennya."},
    "note.unsplit": {"en": "{v0} rows could not be split into the header's columns; they are listed as rejected.",
                     "id": "{v0} baris tidak dapat dipecah ke kolom judul; baris itu tercantum sebagai ditolak."},
    "note.archive": {"en": "The archive holds {v0} tables; only {v1} was read here (not: {v2}).",
                     "id": "Arsip berisi {v0} tabel; hanya {v1} yang dibaca di sini (tidak: {v2})."},
})

# --- the notebook (cells, pins, its file) ------------------------------------------
_NB_FIX = {"en": " Download the notebook again from the app, or fix the file as docs/notebook.md describes.",
           "id": " Unduh lagi notebook dari aplikasi, atau perbaiki file seperti dijelaskan di docs/notebook.md."}


def _nb_field(en: str, id_: str) -> dict[str, str]:
    """A field of a notebook file that is not valid: where it is, what it should be, what to do."""
    return {"en": f"The notebook file is not valid: {{where}} {en}." + _NB_FIX["en"],
            "id": f"File notebook tidak valid: {{where}} {id_}." + _NB_FIX["id"]}


TRANSLATIONS.update({
    "page.notebook": {"en": "Notebook", "id": "Notebook"},
    "notebook.intro": {
        "en": "Tell the story around the numbers: notes, SQL over the loaded data, charts of its results and charts pinned "
              "from the report's pages. The notebook is saved, shared, presented and exported with the report.",
        "id": "Ceritakan kisah di balik angka: catatan, SQL atas data yang dimuat, grafik dari hasilnya, dan grafik yang "
              "disematkan dari halaman laporan. Notebook disimpan, dibagikan, dipresentasikan, dan diekspor bersama laporan.",
    },
    "notebook.read_only": {"en": "You are viewing this notebook through a viewer link: it cannot be changed.",
                           "id": "Anda melihat notebook ini lewat tautan pembaca: notebook tidak bisa diubah."},
    "notebook.empty": {
        "en": "The notebook is empty. Add a note or a SQL cell above, or use “Add to notebook” under any chart or card "
              "of the report.",
        "id": "Notebook masih kosong. Tambahkan catatan atau sel SQL di atas, atau pakai “Tambah ke notebook” di bawah "
              "grafik atau kartu mana pun di laporan.",
    },
    "notebook.pin": {"en": "Add to notebook", "id": "Tambah ke notebook"},
    "notebook.pin_help": {"en": "Pin this, in the view on screen, to the Notebook page; it is redrawn from the current data.",
                          "id": "Sematkan ini, dengan tampilan di layar, ke halaman Notebook; digambar ulang dari data terkini."},
    "notebook.pinned": {"en": "Added to the notebook.", "id": "Ditambahkan ke notebook."},
    "notebook.add.note": {"en": "Add note", "id": "Tambah catatan"},
    "notebook.add.sql": {"en": "Add SQL", "id": "Tambah SQL"},
    "notebook.add.chart": {"en": "Add chart of a SQL result", "id": "Tambah grafik hasil SQL"},
    "notebook.add.chart_needs_sql": {"en": "Add a SQL cell first.", "id": "Tambahkan sel SQL dulu."},
    "notebook.kind.note": {"en": "Note", "id": "Catatan"},
    "notebook.kind.sql": {"en": "SQL", "id": "SQL"},
    "notebook.kind.chart": {"en": "Chart of a SQL result", "id": "Grafik hasil SQL"},
    "notebook.kind.pin": {"en": "Pinned from the report", "id": "Disematkan dari laporan"},
    "notebook.up": {"en": "Move up", "id": "Naikkan"},
    "notebook.down": {"en": "Move down", "id": "Turunkan"},
    "notebook.duplicate": {"en": "Duplicate", "id": "Gandakan"},
    "notebook.delete": {"en": "Delete", "id": "Hapus"},
    "notebook.edit_note": {"en": "Edit note", "id": "Ubah catatan"},
    "notebook.note_label": {"en": "Note (Markdown)", "id": "Catatan (Markdown)"},
    "notebook.note_help": {
        "en": "Markdown: # headings, **bold**, lists, links, `code`. HTML and images are shown as text.",
        "id": "Markdown: # judul, **tebal**, daftar, tautan, `kode`. HTML dan gambar ditampilkan sebagai teks.",
    },
    "notebook.sql_label": {"en": "SQL (DuckDB)", "id": "SQL (DuckDB)"},
    "notebook.run": {"en": "Run", "id": "Jalankan"},
    "notebook.use_filters": {"en": "Apply the report's filters", "id": "Terapkan filter laporan"},
    "notebook.use_filters_help": {
        "en": "On: the views hold the rows the sidebar's date range and filters keep. Off: every loaded row.",
        "id": "Aktif: view berisi baris yang lolos rentang tanggal dan filter di sidebar. Nonaktif: semua baris yang dimuat.",
    },
    "notebook.filters_on": {"en": "Under the report's filters.", "id": "Dengan filter laporan."},
    "notebook.filters_off": {"en": "On every loaded row (the report's filters are off for this cell).",
                             "id": "Atas semua baris yang dimuat (filter laporan tidak berlaku untuk sel ini)."},
    "notebook.truncated": {"en": "The result has more rows than the {rows:,} shown; add a LIMIT or aggregate in the query.",
                           "id": "Hasilnya punya lebih banyak baris daripada {rows:,} yang ditampilkan; tambahkan LIMIT "
                                 "atau agregasikan di kueri."},
    "notebook.ran": {"en": "{rows:,} rows in {seconds} s.", "id": "{rows:,} baris dalam {seconds} detik."},
    "notebook.views": {"en": "Views and columns you can query", "id": "View dan kolom yang bisa dikueri"},
    "notebook.views_help": {
        "en": "One view per kind of export (canonical columns), one per file (file_…), and the report's results.",
        "id": "Satu view per jenis ekspor (kolom baku), satu per file (file_…), dan hasil-hasil laporan.",
    },
    "notebook.chart_no_source": {"en": "Pick the SQL cell whose result to draw.",
                                 "id": "Pilih sel SQL yang hasilnya akan digambar."},
    "notebook.chart_run_first": {"en": "Run that SQL cell first: its result is what this chart draws.",
                                 "id": "Jalankan dulu sel SQL itu: hasilnya yang digambar grafik ini."},
    "notebook.source": {"en": "SQL cell", "id": "Sel SQL"},
    "notebook.source_n": {"en": "Cell {n}", "id": "Sel {n}"},
    "notebook.mark": {"en": "Mark", "id": "Bentuk"},
    "notebook.marks.bar": {"en": "Bar", "id": "Batang"},
    "notebook.marks.line": {"en": "Line", "id": "Garis"},
    "notebook.marks.point": {"en": "Point", "id": "Titik"},
    "notebook.marks.area": {"en": "Area", "id": "Area"},
    "notebook.x": {"en": "x", "id": "x"},
    "notebook.y": {"en": "y", "id": "y"},
    "notebook.color": {"en": "Colour", "id": "Warna"},
    "notebook.none": {"en": "(none)", "id": "(tidak ada)"},
    "notebook.aggregate_label": {"en": "Aggregate", "id": "Agregasi"},
    "notebook.aggregate.sum": {"en": "Sum of", "id": "Jumlah"},
    "notebook.aggregate.mean": {"en": "Mean of", "id": "Rata-rata"},
    "notebook.aggregate.count": {"en": "Count of rows", "id": "Jumlah baris"},
    "notebook.aggregate.median": {"en": "Median of", "id": "Median"},
    "notebook.aggregate.min": {"en": "Minimum of", "id": "Minimum"},
    "notebook.aggregate.max": {"en": "Maximum of", "id": "Maksimum"},
    "notebook.aggregate.none": {"en": "None (rows as they are)", "id": "Tidak ada (baris apa adanya)"},
    "notebook.count": {"en": "Rows", "id": "Baris"},
    "notebook.chart_title": {"en": "{y} by {x}", "id": "{y} menurut {x}"},
    "notebook.follow_filters": {"en": "Follow the report's filters", "id": "Ikuti filter laporan"},
    "notebook.follow_filters_help": {
        "en": "On: the pin shows the sidebar's date range and filters. Off: it keeps those it was pinned with.",
        "id": "Aktif: sematan memakai rentang tanggal dan filter di sidebar. Nonaktif: memakai yang berlaku saat disematkan.",
    },
    "notebook.pin_from": {"en": "from {page}", "id": "dari {page}"},
    "notebook.pin_follows": {"en": "follows the report's filters", "id": "mengikuti filter laporan"},
    "notebook.pin_keeps": {"en": "keeps its own filters: {filters}", "id": "memakai filternya sendiri: {filters}"},
    "notebook.file": {"en": "Notebook file", "id": "File notebook"},
    "notebook.file_help": {
        "en": "A small JSON file with the cells, not the data: upload it next month on the new exports to get the same "
              "notebook again.",
        "id": "File JSON kecil berisi sel-selnya, bukan datanya: unggah lagi bulan depan dengan ekspor baru untuk "
              "mendapatkan notebook yang sama.",
    },
    "notebook.download": {"en": "Download notebook", "id": "Unduh notebook"},
    "notebook.upload": {"en": "Upload a notebook file (replaces the cells above)",
                        "id": "Unggah file notebook (mengganti sel di atas)"},
    "notebook.uploaded": {"en": "Notebook read: {n} cells.", "id": "Notebook terbaca: {n} sel."},
    "render.notebook_cut": {"en": "First {shown:,} of {total:,} rows.", "id": "{shown:,} baris pertama dari {total:,}."},
    "error.notebook_too_large": {
        "en": "The notebook file is larger than {limit_kb} KB. A notebook holds text and settings, not data: check that "
              "this is the right file.",
        "id": "File notebook lebih besar dari {limit_kb} KB. Notebook berisi teks dan pengaturan, bukan data: periksa "
              "apakah ini file yang benar.",
    },
    "error.notebook_not_json": {
        "en": "The notebook file is not JSON text. Choose the .json file the app's “Download notebook” gave you.",
        "id": "File notebook bukan teks JSON. Pilih file .json yang diberikan “Unduh notebook” di aplikasi.",
    },
    "error.notebook_wrong_format": {
        "en": "This file is not a cxreport notebook: a notebook file is JSON with \"format\": \"cxreport-notebook\".",
        "id": "File ini bukan notebook cxreport: file notebook adalah JSON dengan \"format\": \"cxreport-notebook\".",
    },
    "error.notebook_too_new": {
        "en": "This notebook was written by a newer cxreport (format version {version}); this one reads versions up to "
              "{supported}. Update cxreport to open it. Your current notebook is unchanged.",
        "id": "Notebook ini dibuat oleh cxreport yang lebih baru (format versi {version}); versi ini hanya membaca sampai "
              "versi {supported}. Perbarui cxreport untuk membukanya. Notebook Anda saat ini tidak berubah.",
    },
    "error.notebook_not_text": _nb_field("must be text", "harus berupa teks"),
    "error.notebook_too_long": _nb_field("is too long", "terlalu panjang"),
    "error.notebook_control_characters": _nb_field("holds control characters", "berisi karakter kontrol"),
    "error.notebook_not_flag": _nb_field("must be true or false", "harus true atau false"),
    "error.notebook_bad_choice": _nb_field("is not one of the values the format allows",
                                           "bukan salah satu nilai yang diizinkan format"),
    "error.notebook_bad_view": _nb_field("is not a view of the report (URL keys and values)",
                                         "bukan tampilan laporan (kunci dan nilai URL)"),
    "error.notebook_not_object": _nb_field("must be a JSON object", "harus berupa objek JSON"),
    "error.notebook_unknown_kind": _nb_field("must be note, sql, chart or pin", "harus note, sql, chart, atau pin"),
    "error.notebook_unknown_field": _nb_field("is not a field this format knows", "bukan field yang dikenal format ini"),
    "error.notebook_bad_id": _nb_field("must be 1 to 32 lower-case letters and digits",
                                       "harus 1 sampai 32 huruf kecil dan angka"),
    "error.notebook_bad_source": _nb_field("must be the id of a SQL cell of this notebook",
                                           "harus id sel SQL di notebook ini"),
    "error.notebook_unknown_chart": _nb_field("must name a chart or card of the report",
                                              "harus nama grafik atau kartu laporan"),
    "error.notebook_bad_version": _nb_field("must be a whole number from 1", "harus bilangan bulat mulai 1"),
    "error.notebook_not_list": _nb_field("must be a list", "harus berupa daftar"),
    "error.notebook_too_many_cells": _nb_field("has more cells than a notebook may hold",
                                               "punya lebih banyak sel daripada yang boleh"),
    "error.notebook_duplicate_id": _nb_field("has two cells with the same id", "punya dua sel dengan id yang sama"),
    "error.pin_needs_data": {
        "en": "This pin needs {kind} data under the current filters. Upload that export, or widen the filters.",
        "id": "Sematan ini butuh data {kind} dengan filter saat ini. Unggah ekspor itu, atau perluas filternya.",
    },
    "error.pin_unknown": {
        "en": "The pinned chart {chart} is no longer part of the report. Delete the pin, and pin the chart again from its page.",
        "id": "Grafik sematan {chart} tidak lagi ada di laporan. Hapus sematan, lalu sematkan lagi grafiknya dari halamannya.",
    },
    "error.pin_no_card": {
        "en": "The data under these filters give no such card. Widen the filters, or load the export this card needs.",
        "id": "Data dengan filter ini tidak menghasilkan kartu tersebut. Perluas filter, atau muat ekspor yang dibutuhkan.",
    },
    "error.pin_no_grouping": {
        "en": "The data have no column {column} to group by. Choose another grouping.",
        "id": "Data tidak punya kolom {column} untuk pengelompokan. Pilih pengelompokan lain.",
    },
    "error.chart_cell_incomplete": {
        "en": "Pick the columns for x and y (y is not needed to count rows).",
        "id": "Pilih kolom untuk x dan y (y tidak diperlukan untuk menghitung baris).",
    },
    "error.chart_cell_missing_column": {
        "en": "The SQL result has no column {column}. Pick another column, or change the query.",
        "id": "Hasil SQL tidak punya kolom {column}. Pilih kolom lain, atau ubah kuerinya.",
    },
    "error.chart_cell_not_numeric": {
        "en": "The column {column} is not a number, so it cannot be summed or averaged. Pick a numeric column for y, or count rows.",
        "id": "Kolom {column} bukan angka, jadi tidak bisa dijumlah atau dirata-rata. Pilih kolom angka untuk y, atau hitung baris.",
    },
})


# --- The CX model page: the CX-indicator scorecard and the journey with its friction points --------
TRANSLATIONS.update({
    "cxmodel.indicators": {"en": "CX indicators", "id": "Indikator CX"},
    "cxmodel.indicators_intro": {
        "en": "One card per area of the experience, from whatever the loaded exports allow; each says where it comes from and on how many.",
        "id": "Satu kartu per area pengalaman, dari ekspor yang dimuat; tiap kartu menyebut sumber dan jumlah datanya.",
    },
    "indicator.product_quality": {"en": "Product quality: complaints and returns per order",
                                  "id": "Kualitas produk: keluhan dan retur per pesanan"},
    "indicator.speed_of_service": {"en": "Speed of service: within target", "id": "Kecepatan layanan: sesuai target"},
    "indicator.information_availability": {"en": "Information availability: questions a page could answer",
                                           "id": "Ketersediaan informasi: pertanyaan yang bisa dijawab halaman"},
    "indicator.information_availability_ces": {"en": "Information availability: CES (1–7)",
                                               "id": "Ketersediaan informasi: CES (1–7)"},
    "indicator.staff_interaction": {"en": "Staff interaction: CSAT of agent-handled tickets",
                                    "id": "Interaksi staf: CSAT tiket yang ditangani agen"},
    "indicator.source": {"en": "Source: {source} · n = {n}", "id": "Sumber: {source} · n = {n}"},
    "indicator.missing": {"en": "Not in the data. Load {export}.", "id": "Tidak ada di data. Muat {export}."},
    "indicator.missing.product_quality": {
        "en": "an orders export (refunded or returned orders), or tickets with a topic",
        "id": "ekspor pesanan (pesanan yang dikembalikan atau direfund), atau tiket dengan topik"},
    "indicator.missing.speed_of_service": {
        "en": "a tickets export with created, first reply and solved times",
        "id": "ekspor tiket dengan waktu dibuat, balasan pertama dan selesai"},
    "indicator.missing.information_availability": {
        "en": "a tickets export with a topic, tag or type column, or a survey with the CES question",
        "id": "ekspor tiket dengan kolom topik, tag atau jenis, atau survei dengan pertanyaan CES"},
    "indicator.missing.staff_interaction": {
        "en": "a tickets export with the agent and the customer's satisfaction rating",
        "id": "ekspor tiket dengan agen dan penilaian kepuasan pelanggan"},
    "indicator.detail.product_quality": {
        "en": "{returned} of {orders} orders returned, {complaints} product tickets",
        "id": "{returned} dari {orders} pesanan diretur, {complaints} tiket soal produk"},
    "indicator.detail.speed_of_service": {
        "en": "first response ≤ {first_target} h: {first_share} (median {first_median}); resolution ≤ {solve_target} h: {solve_share} (median {solve_median})",
        "id": "respons pertama ≤ {first_target} jam: {first_share} (median {first_median}); penyelesaian ≤ {solve_target} jam: {solve_share} (median {solve_median})"},
    "indicator.detail.information_availability": {
        "en": "CES {ces} overall; {ces_with} with such a ticket in the 30 days before, {ces_without} without",
        "id": "CES {ces} keseluruhan; {ces_with} dengan tiket seperti itu dalam 30 hari sebelumnya, {ces_without} tanpa"},
    "indicator.detail.staff_interaction": {
        "en": "agent CSAT from {low} to {high}, IQR {iqr} points ({agents} agents with ≥ {min_n} ratings)",
        "id": "CSAT agen dari {low} sampai {high}, IQR {iqr} poin ({agents} agen dengan ≥ {min_n} penilaian)"},
    "cxmodel.journey": {"en": "The journey and its friction points", "id": "Perjalanan pelanggan dan titik gesekannya"},
    "cxmodel.journey_intro": {
        "en": "Touchpoints along the stages of the journey, sized by customers and coloured by friction: how far a touchpoint is from the journey's median on each signal, in the bad direction, averaged. Click a touchpoint to filter the report by it.",
        "id": "Titik sentuh di sepanjang tahap perjalanan, besarnya menurut jumlah pelanggan dan warnanya menurut gesekan: seberapa jauh titik sentuh dari median perjalanan pada tiap sinyal, ke arah buruk, dirata-rata. Klik titik sentuh untuk memfilter laporan."},
    "cxmodel.no_journey": {
        "en": "No table names a touchpoint. Map the column that says where in the journey a survey, ticket or test was (touchpoint, journey stage).",
        "id": "Tidak ada tabel yang menyebut titik sentuh. Petakan kolom yang menyatakan tahap perjalanan survei, tiket atau tes (titik sentuh, tahap)."},
    "cxmodel.friction_points": {"en": "Friction points, worst first", "id": "Titik gesekan, yang terburuk dahulu"},
    "cxmodel.stage_overrides": {"en": "Journey stages set by hand: {stages}", "id": "Tahap perjalanan yang diatur manual: {stages}"},
    "stage.discover": {"en": "Discover", "id": "Menemukan"},
    "stage.buy": {"en": "Buy", "id": "Membeli"},
    "stage.receive_use": {"en": "Receive / use", "id": "Menerima / memakai"},
    "stage.get_help": {"en": "Get help", "id": "Minta bantuan"},
    "stage.return_recommend": {"en": "Return / recommend", "id": "Kembali / merekomendasikan"},
    "stage.none": {"en": "No stage", "id": "Tanpa tahap"},
    "journey.reason.csat": {"en": "CSAT {value} against {median}", "id": "CSAT {value} dibanding {median}"},
    "journey.reason.nps": {"en": "NPS {value} against {median}", "id": "NPS {value} dibanding {median}"},
    "journey.reason.tickets_per_1000_orders": {"en": "tickets {ratio}× the median", "id": "tiket {ratio}× median"},
    "journey.reason.information_share": {"en": "questions a page could answer {value} of tickets against {median}",
                                         "id": "pertanyaan yang bisa dijawab halaman {value} dari tiket dibanding {median}"},
    "journey.reason.task_success": {"en": "task success {value} against {median}",
                                    "id": "keberhasilan tugas {value} dibanding {median}"},
    "journey.reason.time_on_task_seconds": {"en": "time on task {value} s against {median} s",
                                            "id": "waktu tugas {value} dtk dibanding {median} dtk"},
    "chart.journey": {"en": "The journey: friction per touchpoint", "id": "Perjalanan pelanggan: gesekan per titik sentuh"},
    "axis.stage": {"en": "Stage", "id": "Tahap"},
    "axis.friction_score": {"en": "Friction score", "id": "Skor gesekan"},
    "journey.csat": {"en": "CSAT (4–5 of 5)", "id": "CSAT (4–5 dari 5)"},
    "col.tickets_per_1000_orders": {"en": "Tickets per 1,000 orders", "id": "Tiket per 1.000 pesanan"},
    "data.journey_stages": {"en": "Journey stages of the touchpoints", "id": "Tahap perjalanan titik sentuh"},
    "data.apply_journey_stages": {"en": "Apply stages", "id": "Terapkan tahap"},
    "data.journey_stages_help": {
        "en": "Recognised from each touchpoint's name; change a stage where it is wrong.",
        "id": "Dikenali dari nama tiap titik sentuh; ubah tahapnya bila salah."},
    "error.unknown_stage": {"en": "{stages} is not a journey stage. Use discover, buy, receive_use, get_help or return_recommend.",
                            "id": "{stages} bukan tahap perjalanan. Gunakan discover, buy, receive_use, get_help atau return_recommend."},
    "error.no_touchpoint": {
        "en": "No table names a touchpoint. Map the column that says where in the journey a survey, ticket or test was.",
        "id": "Tidak ada tabel yang menyebut titik sentuh. Petakan kolom yang menyatakan tahap perjalanan survei, tiket atau tes."},
})
TRANSLATIONS.update({"field.topic": {"en": "Topic (or tags, type)", "id": "Topik (atau tag, jenis)"}})

# --- the CLI's text summary (`cxreport metrics`, cxreport/summary.py) and its flags, the CX model in
# the exports, product quality without product topics ------------------------------------------------
TRANSLATIONS.update({
    "summary.files": {"en": "Files", "id": "File"},
    "summary.file_used": {"en": "{file}: {kind} ({sure} sure), {rows} rows{rejected}{extra}",
                          "id": "{file}: {kind} (yakin {sure}), {rows} baris{rejected}{extra}"},
    "summary.rejected": {"en": ", {n} rejected", "id": ", {n} ditolak"},
    "summary.file_not_recognised": {"en": "{file}: NOT USED, not recognised; set its kind with --kind {file}=KIND",
                                    "id": "{file}: TIDAK DIPAKAI, tidak dikenali; tetapkan jenisnya dengan --kind {file}=KIND"},
    "summary.file_missing": {
        "en": "{file}: NOT USED, read as {kind} but missing {fields}; map them with --map FIELD=COLUMN",
        "id": "{file}: TIDAK DIPAKAI, terbaca sebagai {kind} tetapi tanpa {fields}; petakan dengan --map FIELD=COLUMN"},
    **{f"summary.kind.{k}": {"en": k, "id": id_} for k, id_ in (
        ("orders", "pesanan"), ("subscriptions", "langganan"), ("surveys", "survei"), ("tickets", "tiket"),
        ("ux", "uji UX"), ("other", "lainnya"))},
    "summary.dates": {"en": "dates {start} to {end}", "id": "tanggal {start} sampai {end}"},
    "summary.start": {"en": "start", "id": "awal"},
    "summary.end": {"en": "end", "id": "akhir"},
    "summary.or": {"en": " or ", "id": " atau "},
    "summary.kept": {"en": "{kind} {after} of {before}", "id": "{kind} {after} dari {before}"},
    "summary.filters": {"en": "Filters: {parts} (rows kept: {kept})", "id": "Filter: {parts} (baris tersisa: {kept})"},
    "summary.orders": {"en": "Orders", "id": "Pesanan"},
    "summary.retention_at": {"en": "month {month} {rate} ({n})", "id": "bulan ke-{month} {rate} ({n})"},
    "summary.retention": {"en": "Retention: {parts}", "id": "Retensi: {parts}"},
    "summary.latest_churn": {"en": "; latest churn rate {rate} ({period}, {n})",
                             "id": "; tingkat churn terakhir {rate} ({period}, {n})"},
    "summary.churn": {"en": "Churn: inactive for more than {days} days{latest}",
                      "id": "Churn: tidak aktif lebih dari {days} hari{latest}"},
    "summary.at_risk": {"en": "Customers at risk (overdue by their own rhythm): {n}",
                        "id": "Pelanggan berisiko (terlambat menurut ritme belanjanya sendiri): {n}"},
    "summary.clv": {
        "en": "Predictive CLV (BG/NBD + Gamma-Gamma, {months} months, as of {as_of}): mean {mean}, median {median}, total {total} ({n})",
        "id": "CLV prediktif (BG/NBD + Gamma-Gamma, {months} bulan, per {as_of}): rata-rata {mean}, median {median}, total {total} ({n})"},
    "summary.holdout": {
        "en": "CLV model check (fit to {start}, holdout to {end}): {predicted} repeat purchases predicted, {actual} actual ({n})",
        "id": "Uji model CLV (dilatih sampai {start}, diuji sampai {end}): {predicted} pembelian ulang diprediksi, {actual} terjadi ({n})"},
    "summary.spend_check": {"en": "; spend per holdout purchase {predicted} predicted, {actual} actual ({n})",
                            "id": "; belanja per pembelian periode uji {predicted} diprediksi, {actual} terjadi ({n})"},
    "summary.spend_model": {"en": "Spend model (Gamma-Gamma) on the same period: p {p}, q {q}, v {v} ({n}){check}",
                            "id": "Model belanja (Gamma-Gamma) pada periode yang sama: p {p}, q {q}, v {v} ({n}){check}"},
    "summary.simple_basis": {
        "en": " = {churned} of {active} customers active at the start of {periods} {units} churned, {days}-day window as in Churn",
        "id": " = {churned} dari {active} pelanggan aktif di awal {periods} {units} berhenti, jendela {days} hari seperti di Churn"},
    "summary.given": {"en": " (given)", "id": " (ditetapkan)"},
    "summary.simple_clv": {"en": "Simple CLV (ARPU {arpu} / churn {rate} per {unit}{basis}): {clv}",
                           "id": "CLV sederhana (ARPU {arpu} / churn {rate} per {unit}{basis}): {clv}"},
    **{f"summary.unit.{p}": {"en": p, "id": id_} for p, id_ in (
        ("day", "hari"), ("week", "minggu"), ("month", "bulan"), ("quarter", "kuartal"))},
    **{f"summary.units.{p}": {"en": p + "s", "id": id_} for p, id_ in (
        ("day", "hari"), ("week", "minggu"), ("month", "bulan"), ("quarter", "kuartal"))},
    "summary.subscriptions": {"en": "Subscriptions", "id": "Langganan"},
    "summary.subscription_line": {"en": "{period}: MRR {mrr}, NRR {nrr}, GRR {grr}, logo churn {logo}",
                                  "id": "{period}: MRR {mrr}, NRR {nrr}, GRR {grr}, churn pelanggan {logo}"},
    "summary.surveys": {"en": "Surveys", "id": "Survei"},
    "summary.nps_identical": {"en": "(all answers identical: no interval can be computed) ",
                              "id": "(semua jawaban sama: interval tidak dapat dihitung) "},
    "summary.nps": {"en": "NPS {score} {margin}({n}: {promoters} promoters, {passives} passives, {detractors} detractors)",
                    "id": "NPS {score} {margin}({n}: {promoters} promotor, {passives} pasif, {detractors} detraktor)"},
    "summary.csat": {"en": "CSAT {score} satisfied (4-5 of 5){interval} ({n})",
                     "id": "CSAT {score} puas (4-5 dari 5){interval} ({n})"},
    "summary.ces": {"en": "CES {score} of 7{interval} ({n})", "id": "CES {score} dari 7{interval} ({n})"},
    "summary.no_interval": {"en": ", all answers identical: no interval can be computed",
                            "id": ", semua jawaban sama: interval tidak dapat dihitung"},
    "summary.interval": {"en": ", 95% CI {low} to {high}", "id": ", IK 95% {low} sampai {high}"},
    "summary.service": {"en": "Service", "id": "Layanan"},
    "summary.service.first_response_hours": {
        "en": "First response: median {median}, 90% within {p90} ({n}, {basis} hours)",
        "id": "Respons pertama: median {median}, 90% dalam {p90} ({n}, jam {basis})"},
    "summary.service.resolution_hours": {
        "en": "Resolution: median {median}, 90% within {p90} ({n}, {basis} hours)",
        "id": "Penyelesaian: median {median}, 90% dalam {p90} ({n}, jam {basis})"},
    "summary.basis.calendar": {"en": "calendar", "id": "kalender"},
    "summary.basis.business": {"en": "business", "id": "kerja"},
    "summary.aht": {"en": "Average handling time: {mean} min ({n})", "id": "Rata-rata waktu penanganan: {mean} mnt ({n})"},
    "summary.volume": {"en": "Tickets: {tickets} over {periods} periods", "id": "Tiket: {tickets} dalam {periods} periode"},
    "summary.ux": {"en": "UX", "id": "UX"},
    "summary.sus": {"en": "SUS {score} (grade {grade}{interval}, {n})", "id": "SUS {score} (nilai {grade}{interval}, {n})"},
    "summary.task": {"en": "Task {task}: {rate} succeeded{interval} ({n})", "id": "Tugas {task}: {rate} berhasil{interval} ({n})"},
    "summary.headline.customers": {"en": "Customers", "id": "Pelanggan"},
    "summary.headline.revenue": {"en": "Revenue", "id": "Pendapatan"},
    "summary.headline.churn_rate": {"en": "Churn rate", "id": "Tingkat churn"},
    "summary.headline.nps": {"en": "NPS", "id": "NPS"},
    "summary.headline.csat": {"en": "CSAT", "id": "CSAT"},
    "summary.headline.ces": {"en": "CES", "id": "CES"},
    "summary.headline.first_response": {"en": "First response (median)", "id": "Respons pertama (median)"},
    "summary.headline.resolution": {"en": "Resolution (median)", "id": "Penyelesaian (median)"},
    "summary.change": {"en": ", {change} on the period before", "id": ", {change} dibanding periode sebelumnya"},
    "summary.change_margin": {"en": " (±{margin}, {verdict})", "id": " (±{margin}, {verdict})"},
    "summary.significant": {"en": "significant", "id": "signifikan"},
    "summary.within_noise": {"en": "within noise", "id": "masih dalam batas acak"},
    "summary.in_period": {"en": " in {period}", "id": " pada {period}"},
    "summary.latest_period": {"en": "Latest complete period", "id": "Periode lengkap terakhir"},
    "summary.what_moved": {"en": "What moved", "id": "Apa yang berubah"},
    "summary.not_computed": {"en": "Not computed", "id": "Tidak dihitung"},
    "summary.servqual": {"en": "SERVQUAL (mean on 1–7)", "id": "SERVQUAL (rata-rata 1–7)"},
    "summary.servqual_line": {"en": "{dimension}: perception {perception}{interval}{gap} ({n})",
                              "id": "{dimension}: persepsi {perception}{interval}{gap} ({n})"},
    "summary.servqual_gap": {"en": "; expectation {expectation}, gap {gap}{interval}",
                             "id": "; harapan {expectation}, kesenjangan {gap}{interval}"},
    "summary.key_drivers": {"en": "What drives NPS (Shapley share of R²; correlation, not causation)",
                            "id": "Pendorong NPS (bagian R² Shapley; korelasi, bukan sebab-akibat)"},
    "summary.driver_line": {"en": "{driver}: importance {importance}{interval}{performance}{quadrant} ({n})",
                            "id": "{driver}: kepentingan {importance}{interval}{performance}{quadrant} ({n})"},
    "summary.driver_performance": {"en": ", performance {share} doing well", "id": ", kinerja {share} baik"},
    "summary.indicators": {"en": "CX indicators", "id": "Indikator CX"},
    "summary.friction_points": {"en": "Journey friction points, worst first",
                                "id": "Titik gesekan perjalanan, yang terburuk dahulu"},
    "summary.friction_line": {"en": "{rank}. {touchpoint} ({stage}): friction {score}{reasons}",
                              "id": "{rank}. {touchpoint} ({stage}): gesekan {score}{reasons}"},
    "summary.no_friction": {"en": "No touchpoint is worse than the journey's median.",
                            "id": "Tidak ada titik sentuh yang lebih buruk dari median perjalanan."},
    "report.no_rows": {"en": "No rows left after the filters.", "id": "Tidak ada baris yang tersisa setelah filter."},
    # The CLI's own words for a library error that a flag can fix (cxreport/cli.py).
    "cli.hint.no_rows_after_filters": {
        "en": "The data runs from {data_from} to {data_to}; widen --from/--to or loosen --where.",
        "id": "Data mencakup {data_from} sampai {data_to}; perlebar --from/--to atau longgarkan --where."},
    "cli.hint.calibration_without_orders": {
        "en": "Add an orders export (or widen the filters), or leave out --calibration-end.",
        "id": "Tambahkan ekspor pesanan (atau perlebar filter), atau hapus --calibration-end."},
    "cli.hint.bad_calibration_end": {
        "en": "Choose a day between them for --calibration-end, for example two thirds of the way in.",
        "id": "Pilih tanggal di antaranya untuk --calibration-end, misalnya sekitar dua pertiga rentangnya."},
    "cli.hint.bad_date_range": {
        "en": "Give the earlier date with --from and the later one with --to.",
        "id": "Isi tanggal yang lebih awal di --from dan yang lebih akhir di --to."},
    "cli.hint.where_not_text": {
        "en": "With --where, filter on a text column; use --from/--to for dates.",
        "id": "Dengan --where, filter pada kolom teks; gunakan --from/--to untuk tanggal."},
    "cli.hint.no_usable_file": {
        "en": "Set a file's kind with --kind FILE=KIND, or map the missing fields with --map FIELD=COLUMN.",
        "id": "Tetapkan jenis file dengan --kind FILE=KIND, atau petakan field yang belum ada dengan --map FIELD=COLUMN."},
    "indicator.missing.product_quality_no_product_topic": {
        "en": "an orders export (refunded or returned orders); no ticket topic is about the product",
        "id": "ekspor pesanan (pesanan yang dikembalikan atau direfund); tidak ada topik tiket tentang produk"},
    "indicator.missing.product_quality_orders": {
        "en": "an orders export (refunded or returned orders), to count the product tickets per order",
        "id": "ekspor pesanan (pesanan yang dikembalikan atau direfund), untuk menghitung tiket produk per pesanan"},
    "render.cx_indicators": {"en": "CX-indicator scorecard", "id": "Kartu skor indikator CX"},
    "col.indicator": {"en": "Indicator", "id": "Indikator"},
    "col.source": {"en": "Source", "id": "Sumber"},
    "col.missing": {"en": "Missing", "id": "Tidak tersedia"},
})

# The notebook and its data, downloaded from the app (cxreport.render.bundle).
TRANSLATIONS.update({
    "export.bundle": {"en": "Notebook and data (.zip)", "id": "Notebook dan data (.zip)"},
    "bundle.how_to_run": {
        "en": "**How to run it.** This notebook recomputes every number of the report, under the filters below, from "
        "the data in the folder `{folder}` beside it: the app's tables, column mappings and corrections (SERVQUAL "
        "tags, journey stages).\n\n"
        "1. `pip install cxreport` (the version named below, or later), and Jupyter (`pip install notebook`).\n"
        "2. Unzip the download; keep this notebook and its `{folder}` folder together.\n"
        "3. Open it (`jupyter notebook report.ipynb`) and run all cells, or run it without opening it: "
        "`jupyter nbconvert --to notebook --execute report.ipynb`.",
        "id": "**Cara menjalankannya.** Notebook ini menghitung ulang setiap angka laporan, dengan filter di bawah, "
        "dari data di folder `{folder}` di sampingnya: tabel, pemetaan kolom, dan koreksi dari aplikasi (tag "
        "SERVQUAL, tahap perjalanan).\n\n"
        "1. `pip install cxreport` (versi yang tertulis di bawah, atau lebih baru), dan Jupyter (`pip install notebook`).\n"
        "2. Ekstrak unduhan; simpan notebook ini bersama folder `{folder}`-nya.\n"
        "3. Buka (`jupyter notebook report.ipynb`) dan jalankan semua sel, atau jalankan tanpa membukanya: "
        "`jupyter nbconvert --to notebook --execute report.ipynb`."},
    "error.bundle_not_valid": {
        "en": "The folder {folder} holds no cxreport data this version can read. Unzip the download from the app "
        "again, next to the notebook, or update cxreport.",
        "id": "Folder {folder} tidak berisi data cxreport yang dapat dibaca versi ini. Ekstrak lagi unduhan dari "
        "aplikasi, di samping notebook, atau perbarui cxreport."},
})

# Tables on screen: an interval as one column (cxreport.columns.join_intervals); a short header's
# whole name in its tooltip.
TRANSLATIONS.update({
    "col.ci": {"en": "95% CI", "id": "IK 95%"},
    "col.gap_ci": {"en": "Gap: 95% CI", "id": "Kesenjangan: IK 95%"},
    "col.agree_ci": {"en": "Agree: 95% CI", "id": "Setuju: IK 95%"},
    "reason.not_value": {"en": "{v0} '{v1}' is not {v2}", "id": "{v0} '{v1}' bukan {v2}"},
    "reason.a_date": {"en": "a date", "id": "tanggal"},
    "reason.a_number": {"en": "a number", "id": "angka"},
    "reason.a_whole_number": {"en": "a whole number", "id": "bilangan bulat"},
    "reason.a_flag": {"en": "a yes/no value", "id": "nilai ya/tidak"},
    "reason.empty": {"en": "{v0} is empty", "id": "{v0} kosong"},
    "reason.nul": {"en": "holds a NUL byte (binary data, not text)", "id": "berisi byte NUL (data biner, bukan teks)"},
    "reason.fields": {"en": "has {v0} fields where the header has {v1}", "id": "berisi {v0} kolom, padahal judul berisi {v1}"},
    "reason.unsplit": {"en": "cannot be split into fields ({v0})", "id": "tidak dapat dipecah menjadi kolom ({v0})"},
    "reason.answer_not_number": {
        "en": "not a number: this answer is left out, the response's other answers count",
        "id": "bukan angka: jawaban ini tidak dihitung, jawaban lain dari respons itu tetap dihitung"},
    "reason.answer_outside": {
        "en": "outside the {v0} scale {v1}–{v2}: this answer is left out, the response's other answers count",
        "id": "di luar skala {v0} {v1}–{v2}: jawaban ini tidak dihitung, jawaban lain dari respons itu tetap dihitung"},
    "indicator.area.product_quality": {"en": "Product quality", "id": "Kualitas produk"},
    "indicator.area.speed_of_service": {"en": "Speed of service", "id": "Kecepatan layanan"},
    "indicator.area.information_availability": {"en": "Information availability", "id": "Ketersediaan informasi"},
    "indicator.area.staff_interaction": {"en": "Staff interaction", "id": "Interaksi staf"},
    "data.card_missing": {"en": "not used yet: needs {fields}", "id": "belum dipakai: perlu {fields}"},
    "data.card_missing_help": {"en": "Still missing: {fields}. Pick the matching columns on the Columns tab below.",
                               "id": "Masih kurang: {fields}. Pilih kolom yang sesuai di tab Kolom di bawah."},
    "col.days_since_first": {"en": "Days since first purchase", "id": "Hari sejak pembelian pertama"},
    "col.weeks_since_first": {"en": "Weeks since first purchase", "id": "Minggu sejak pembelian pertama"},
    "col.months_since_first": {"en": "Months since first purchase", "id": "Bulan sejak pembelian pertama"},
    "col.quarters_since_first": {"en": "Quarters since first purchase", "id": "Kuartal sejak pembelian pertama"},
    "colhelp.nrr": {"en": "Net revenue retention: (MRR at start + expansion − contraction − churned) / MRR at start.",
                    "id": "Retensi pendapatan bersih: (MRR awal + ekspansi − kontraksi − churn) / MRR awal."},
    "colhelp.grr": {"en": "Gross revenue retention: (MRR at start − contraction − churned) / MRR at start.",
                    "id": "Retensi pendapatan kotor: (MRR awal − kontraksi − churn) / MRR awal."},
    # --- the engines (cxreport.engine: --engine spark) ---
    "engine.row_level": {
        "en": "Needs every row on one machine; the Spark engine computes only what aggregates can give. "
              "Run without --engine spark for this section.",
        "id": "Memerlukan setiap baris di satu mesin; mesin Spark hanya menghitung yang dapat diberikan agregat. "
              "Jalankan tanpa --engine spark untuk bagian ini."},
    "error.unknown_engine": {
        "en": "There is no engine called '{engine}'. Choose one of: {choices}.",
        "id": "Tidak ada mesin bernama '{engine}'. Pilih salah satu: {choices}."},
    "error.spark_not_installed": {
        "en": "The Spark engine needs pyspark, which is not installed. Install it with pip install 'cxreport[spark]' "
              "(it needs Java 17 or newer).",
        "id": "Mesin Spark memerlukan pyspark, yang belum terpasang. Pasang dengan pip install 'cxreport[spark]' "
              "(memerlukan Java 17 atau lebih baru)."},
    "error.spark_not_started": {
        "en": "Spark did not start ({detail}). Check that Java 17 or newer is installed (java -version) and that the "
              "master URL is reachable.",
        "id": "Spark tidak dapat dimulai ({detail}). Periksa bahwa Java 17 atau lebih baru terpasang (java -version) "
              "dan URL master dapat dijangkau."},
    "error.engine_folder": {
        "en": "The folder {name} must hold the Parquet files or the CSV files of one table. Give one folder per "
              "table: its Parquet or CSV files, in partition subfolders or not.",
        "id": "Folder {name} harus berisi file Parquet atau file CSV dari satu tabel. Berikan satu folder per tabel: "
              "file Parquet atau CSV-nya, dalam subfolder partisi atau tidak."},
    "error.engine_format": {
        "en": "The engine reads Parquet and CSV files; {name} is neither. Convert it to Parquet or CSV, or load it "
              "with the default engine.",
        "id": "Mesin ini membaca file Parquet dan CSV; {name} bukan keduanya. Ubah ke Parquet atau CSV, atau muat "
              "dengan mesin bawaan."},
    "error.engine_unreadable_values": {
        "en": "{count} values of '{column}' in {name} cannot be read by the engine, for example '{example}'. Write "
              "that column as a typed column (a date, a number) or as ISO dates and plain numbers (1234.50), or "
              "load the file with the default engine, which reads export formats.",
        "id": "{count} nilai '{column}' di {name} tidak dapat dibaca mesin, misalnya '{example}'. Tulis kolom itu "
              "sebagai kolom bertipe (tanggal, angka) atau sebagai tanggal ISO dan angka biasa (1234.50), atau muat "
              "file dengan mesin bawaan, yang membaca format ekspor."},
    "error.engine_reads_differently": {
        "en": "The engine would read '{column}' in {name} differently from the app. Load the file with the default "
              "engine, which reads export formats (line items, day-first dates, money with thousands dots), or "
              "write the table with typed columns.",
        "id": "Mesin akan membaca '{column}' di {name} berbeda dari aplikasi. Muat file dengan mesin bawaan, yang "
              "membaca format ekspor (item baris, tanggal dengan hari di depan, uang dengan titik ribuan), atau "
              "tulis tabel dengan kolom bertipe."},
    "error.engine_nothing_known": {
        "en": "None of the tables is orders, subscriptions, surveys, tickets or UX tests. Check the paths, or load "
              "the files with the default engine and set their kind.",
        "id": "Tidak ada tabel yang berupa pesanan, langganan, survei, tiket, atau uji UX. Periksa path-nya, atau "
              "muat file dengan mesin bawaan dan atur jenisnya."},
    "error.engine_option": {
        "en": "{option} does not work with the Spark engine yet. Leave it out, or run without --engine spark.",
        "id": "{option} belum dapat dipakai dengan mesin Spark. Hilangkan, atau jalankan tanpa --engine spark."},
})

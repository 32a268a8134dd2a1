"""The one translation table: key -> {"en": ..., "id": ...}.

Keys are dotted by area (``page.``, ``sidebar.``, ``dim.``, ``error.<code>``, ``chart.``,
``axis.`` ...). Placeholders use ``str.format`` names (``{name}``) and must be the same in
both languages (tests/test_i18n.py checks it). Indonesian follows everyday business usage
(KBBI spelling; loanwords such as "churn", "CLV", "NPS" kept as the industry says them).
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
    "chart.backlog": {"en": "Tickets opened, solved and still open", "id": "Tiket dibuka, diselesaikan, dan masih terbuka"},
    "chart.nps_by_response": {"en": "NPS by first response time", "id": "NPS menurut waktu respons pertama"},
    "chart.ux_cx_quadrant": {"en": "UX vs CX by {by}", "id": "UX vs CX per {by}"},
    "chart.gap": {"en": "UX minus CX by {by} (positive: the product tests better than customers feel)", "id": "UX dikurangi CX per {by} (positif: produk teruji lebih baik daripada yang dirasakan pelanggan)"},
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
    "data.reading": {"en": "Reading files…", "id": "Membaca file…"},
    "data.reading_file": {"en": "Reading {name}…", "id": "Membaca {name}…"},
    "data.remove": {"en": "Remove", "id": "Hapus"},
    "data.kind": {"en": "Kind of data", "id": "Jenis data"},
    "data.tab_preview": {"en": "Preview", "id": "Pratinjau"},
    "data.tab_mapping": {"en": "Columns", "id": "Kolom"},
    "data.tab_quality": {"en": "Quality", "id": "Kualitas"},
    "data.apply_mapping": {"en": "Apply columns", "id": "Terapkan kolom"},
    "data.missing_fields": {
        "en": "Still missing: {fields}. Pick the matching columns above.",
        "id": "Masih kurang: {fields}. Pilih kolom yang sesuai di atas.",
    },
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

# --- overview: headlines and what moved (added with cxreport/headlines.py) -------------------
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
        "id": "Perubahan ini masih di dalam margin of error.",
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
        "en": "{share} of repeat purchases came within {gap} days of the customer's previous one ({gaps} gaps between purchases), "
        "so a customer who has not bought for more than {days} days is counted as churned.",
        "id": "{share} pembelian ulang terjadi dalam {gap} hari setelah pembelian sebelumnya ({gaps} jeda antarpembelian), "
        "jadi pelanggan yang tidak membeli lebih dari {days} hari dihitung churn.",
    },
    "churn.window_fallback": {
        "en": "No customer has bought on two different days yet, so there is no rhythm to learn from; {days} days is a common default.",
        "id": "Belum ada pelanggan yang membeli pada dua hari berbeda, jadi belum ada pola untuk dipelajari; {days} hari adalah bawaan yang umum.",
    },
})

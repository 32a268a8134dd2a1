"""Upload a file on the Data page, see it recognised, correct a column, and see the report follow."""

import re

import pytest

from cxreport.i18n import t

# Two money columns: recognition picks one as the amount, the user corrects it to the other.
ORDERS_CSV = """order_id,customer_id,order_date,gross_amount,net_amount,channel
1,A,2025-01-05,100.00,80.00,Email
2,A,2025-02-10,50.00,40.00,Email
3,B,2025-01-20,200.00,150.00,Referral
4,B,2025-03-02,30.00,20.00,Email
5,C,2025-02-14,70.00,60.00,Referral
6,C,2025-03-21,20.00,10.00,Email
"""
# The overview compares the latest complete month with the one before: the data ends on
# 2025-03-21, so that month is February 2025, with orders 2 (A) and 5 (C):
#   active customers = |{A, C}| = 2
#   revenue on gross_amount = 50 + 70 = 120;  on net_amount = 40 + 60 = 100
REVENUE_GROSS, REVENUE_NET = "120", "100"


@pytest.mark.e2e
def test_upload_recognise_correct_mapping_and_report_follows(app, tmp_path):
    upload = tmp_path / "shop_orders.csv"
    upload.write_text(ORDERS_CSV)
    app.open("/data")
    app.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(upload)
    app.wait()
    assert app.errors() == []

    # recognised: the file's panel names its kind and row count
    header = app.page.locator('[data-testid="stExpander"] summary').filter(has_text="shop_orders.csv")
    assert header.count() == 1
    assert f"— {t('kind.orders', 'en')} (" in header.inner_text()
    assert f"6 {t('data.rows', 'en')}" in header.inner_text()
    amount = app.page.get_by_role("combobox", name=re.compile("^" + re.escape(t("field.amount", "en"))))  # label also carries confidence
    assert amount.input_value() == "gross_amount"

    app.go_to(t("page.overview", "en"))
    assert app.errors() == []
    cards = app.metrics()
    assert cards[t("headline.customers", "en")] == "2"
    assert cards[t("headline.revenue", "en")] == REVENUE_GROSS

    app.go_to(t("page.data", "en"))
    amount = app.page.get_by_role("combobox", name=re.compile("^" + re.escape(t("field.amount", "en"))))
    amount.click()
    app.page.get_by_role("option", name="net_amount", exact=True).click()
    app.page.get_by_role("button", name=t("data.apply_mapping", "en")).click()
    app.wait()
    assert app.errors() == []
    assert app.page.get_by_role("combobox", name=re.compile("^" + re.escape(t("field.amount", "en")))).input_value() == "net_amount"
    app.screenshot("data_uploaded")

    app.go_to(t("page.overview", "en"))
    assert app.errors() == []
    cards = app.metrics()
    assert cards[t("headline.customers", "en")] == "2"
    assert cards[t("headline.revenue", "en")] == REVENUE_NET

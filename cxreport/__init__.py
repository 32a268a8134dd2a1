"""cxreport: customer-experience reports from raw exports (library; no Streamlit here)."""

__version__ = "0.1.0"

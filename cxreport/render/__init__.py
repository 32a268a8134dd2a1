"""Whole-report outputs: the document every one of them shares, offline HTML, PDF, notebook."""

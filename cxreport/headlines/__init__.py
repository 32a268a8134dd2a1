"""The few numbers that matter, each with its change, n and interval, and what moved in words.

`headlines` computes one `Headline` per metric the loaded data allows, for the latest
complete period against the one before it (a month by default). `story` turns the
data's largest movements into plain sentences for managers, e.g. "NPS fell 9 points in
Oct 2025 (±6)" or "Customers acquired via Social Ads keep 13% at month 3, against 31% for
the others". `card` shows a headline as the Overview and the exports do. Three jobs, one
module each: `numbers`, `story`, `cards`; every name is importable from here. Plain
library code: the Overview page, the CLI and tests call them.
"""

from __future__ import annotations

from cxreport.headlines.numbers import Headline, Unit, headlines, latest_complete_period
from cxreport.headlines.story import story
from cxreport.headlines.cards import LAYERS, Card, card

__all__ = ["Headline", "Unit", "headlines", "latest_complete_period", "story", "LAYERS", "Card", "card"]

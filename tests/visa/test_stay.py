"""Length of stay in the visitor's words, in nine languages."""
from __future__ import annotations

import pytest

from visa.stay import stay_days


@pytest.mark.parametrize("text, days", [
    ("Do I need a visa for a two-week holiday?", 14),
    ("And if I want to stay 2 months?", 60),
    ("deux semaines", 14), ("trois mois", 90), ("dos semanas", 14), ("zwei Wochen", 14), ("drei Monate", 90),
    ("две недели", 14), ("два месяца", 60), ("两周", 14), ("两个月", 60), ("2週間", 14), ("二か月", 60),
    ("두 달", 60), ("2개월", 60), ("2 tháng", 60), ("hai tuần", 14), ("45 days", 45), ("a fortnight", 14),
    ("one year", 365), ("năm ngày", 5), ("两个星期", 14), ("兩個星期", 14), ("三个礼拜", 21), ("兩週", 14), ("兩個月", 60),
])
def test_stay_in_days(text, days):
    assert stay_days(text) == days


@pytest.mark.parametrize("text", ["Do I need a visa?", "e2e week", "3月2日に入国します", "in 2027年", ""])
def test_no_stay(text):
    assert stay_days(text) is None

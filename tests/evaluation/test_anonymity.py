"""k-anonymity by generalisation and suppression, on hand-made rows (no database)."""

import random
from collections import Counter

import pytest

from basisbaan.evaluation import anonymity
from basisbaan.evaluation.anonymity import ALL, Ladder

AGE = Ladder(
    "age",
    (anonymity.band(10), anonymity.band(20), anonymity.to_all),
    ("5", "10", "20", "all"),
)
AREA = Ladder("area", (anonymity.constant("GM9999", keep_blank=False),), ("wijk", "municipality"))
START = Ladder("start", (anonymity.quarter, anonymity.year, anonymity.to_all))


def _independent_k(rows, columns):
    groups = Counter(tuple(row[c] for c in columns) for row in rows)
    return min(groups.values())


def test_ladder_steps():
    assert anonymity.band(10)("45-49") == "40-49"
    assert anonymity.band(20)("45-49") == "40-59"
    assert anonymity.band(20)("60-64") == "60-79"
    assert anonymity.band(8)(32) == "32-39"
    assert anonymity.band(12)(0) == "0-11" and anonymity.band(12)(23) == "12-23"
    assert anonymity.band(12)("") == ""
    assert anonymity.quarter("2025-03") == "2025-Q1" and anonymity.quarter("2025-10") == "2025-Q4"
    assert anonymity.year("2025-10") == "2025"
    assert anonymity.quarter("") == "" and anonymity.year("") == ""
    assert anonymity.to_all("anything") == ALL
    assert anonymity.constant("GM9999")("WK999901") == "GM9999"
    assert anonymity.constant("GM9999")("") == ""
    assert anonymity.constant("GM9999", keep_blank=False)("") == "GM9999"
    assert anonymity.grouped({"exited": "exited"}, "in")("permanent") == "in"
    assert anonymity.grouped({"exited": "exited"}, "in")("exited") == "exited"
    assert AGE.apply("45-49", 0) == "45-49" and AGE.apply("45-49", 3) == ALL
    assert AGE.top == 3 and AGE.label(1) == "10"


def test_class_sizes_and_k():
    rows = [{"a": 1, "b": "x"}, {"a": 1, "b": "x"}, {"a": 2, "b": "x"}]
    assert anonymity.class_sizes(rows, ["a", "b"]) == {(1, "x"): 2, (2, "x"): 1}
    assert anonymity.k_of(rows, ["a", "b"]) == 1
    assert anonymity.k_of(rows, ["b"]) == 3
    assert anonymity.k_of([], ["a"]) is None


def test_combinations_lowest_total_level_first():
    combos = anonymity.combinations([AGE, AREA])
    assert combos[0] == (0, 0)
    assert [sum(c) for c in combos] == sorted(sum(c) for c in combos)
    assert len(combos) == 4 * 2 and combos[-1] == (3, 1)


def test_already_k_anonymous_rows_are_left_alone():
    rows = [{"id": i, "age": "45-49", "area": "WK999901", "score": i} for i in range(6)]
    result = anonymity.anonymise(rows, [AGE, AREA], k=5)
    assert result.levels == {"age": 0, "area": 0}
    assert result.rows == rows and result.k == 6 and result.suppressed == 0


def test_least_generalisation_that_reaches_k():
    # Two five-year bands of three people each: the ten-year band makes one class of six.
    rows = [{"age": "40-44", "area": "WK1"} for _ in range(3)]
    rows += [{"age": "45-49", "area": "WK1"} for _ in range(3)]
    result = anonymity.anonymise(rows, [AGE, AREA], k=5)
    assert result.levels == {"age": 1, "area": 0}
    assert {r["age"] for r in result.rows} == {"40-49"}
    assert result.k == 6 and result.suppressed == 0


def test_among_equal_totals_the_one_dropping_fewest_rows_wins():
    rows = [{"age": "40-44", "area": "WK0"} for _ in range(5)]
    rows += [{"age": "40-44", "area": "WK1"} for _ in range(3)]
    rows += [{"age": "45-49", "area": "WK1"} for _ in range(2)]
    rows += [{"age": "60-64", "area": "WK0"}]
    # Total level 1: the wider age band drops 1 row (60-64), the municipality drops 3.
    result = anonymity.anonymise(rows, [AGE, AREA], k=5, max_suppressed_share=0.3)
    assert result.levels == {"age": 1, "area": 0}
    assert result.suppressed == 1
    assert {r["age"] for r in result.rows} == {"40-49"}
    assert _independent_k(result.rows, ["age", "area"]) >= 5


def test_outliers_are_suppressed_within_the_budget():
    rows = [{"id": i, "age": "30-34", "area": "WK1"} for i in range(19)]
    rows.append({"id": 19, "age": "80-84", "area": "WK1"})
    result = anonymity.anonymise(rows, [AGE, AREA], k=5, max_suppressed_share=0.05)
    assert result.levels == {"age": 0, "area": 0}  # one row of 20 is within 5 %
    assert result.suppressed == 1
    assert [r["id"] for r in result.rows] == list(range(19))  # order kept
    without_budget = anonymity.anonymise(rows, [AGE, AREA], k=5, max_suppressed_share=0)
    assert without_budget.suppressed == 0 and without_budget.levels["age"] == 3


def test_other_columns_are_not_touched():
    rows = [
        {"age": f"{a}-{a + 4}", "area": "WK1", "start": f"2025-{m:02d}", "who5": a + m}
        for a, m in [(40, 1), (45, 2), (50, 3), (55, 2), (42, 1), (47, 3)]
    ]
    result = anonymity.anonymise(rows, [AGE, START], k=5)
    assert [r["who5"] for r in result.rows] == [r["who5"] for r in rows]
    assert [r["area"] for r in result.rows] == ["WK1"] * 6
    assert _independent_k(result.rows, ["age", "start"]) >= 5
    assert result.levels == {"age": 2, "start": 1}  # 40-59 and 2025-Q1


def test_fewer_rows_than_k_gives_nothing():
    rows = [{"age": "40-44", "area": "WK1"} for _ in range(4)]
    result = anonymity.anonymise(rows, [AGE, AREA], k=5)
    assert result.rows == [] and result.k is None and result.suppressed == 4
    assert result.levels == {"age": 3, "area": 1}
    empty = anonymity.anonymise([], [AGE, AREA], k=5)
    assert empty.rows == [] and empty.suppressed == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_tables_always_reach_k(seed):
    rng = random.Random(seed)
    rows = [
        {
            "age": f"{a}-{a + 4}",
            "area": f"WK{rng.randint(1, 12)}",
            "start": f"{rng.randint(2021, 2026)}-{rng.randint(1, 12):02d}",
        }
        for a in (rng.choice(range(20, 65, 5)) for _ in range(rng.randint(5, 400)))
    ]
    result = anonymity.anonymise(rows, [AGE, AREA, START], k=5)
    assert result.k >= 5
    assert _independent_k(result.rows, ["age", "area", "start"]) >= 5
    assert result.suppressed <= len(rows) * 0.05
    assert len(result.rows) + result.suppressed == len(rows)

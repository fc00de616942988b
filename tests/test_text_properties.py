"""Property tests of the tokenising and span helpers."""

from hypothesis import given
from hypothesis import strategies as st

from edition.checks.spans import numbers_written
from edition.model.text import parse_passage_id, rejoin_thousands, span_text, spans_cover, tokenize

words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789'–⁄", min_size=1, max_size=8), min_size=1, max_size=60
)


@given(words)
def test_tokenize_inverts_joining_with_any_whitespace(tokens):
    assert tokenize(" ".join(tokens) + " ") == tokens
    assert tokenize("\n\t".join(tokens)) == tokens


@st.composite
def partitions(draw):
    """A random cut of n tokens into contiguous spans."""
    n = draw(st.integers(min_value=1, max_value=300))
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=n - 1), max_size=40))) if n > 1 else []
    bounds = [0] + cuts + [n]
    return n, [(bounds[i], bounds[i + 1] - 1) for i in range(len(bounds) - 1)]


@given(partitions())
def test_a_partition_covers_exactly(partition):
    n, spans = partition
    assert spans_cover(spans, n) == []


@given(partitions(), st.data())
def test_removing_a_span_leaves_a_gap(partition, data):
    n, spans = partition
    index = data.draw(st.integers(min_value=0, max_value=len(spans) - 1))
    problems = spans_cover(spans[:index] + spans[index + 1 :], n)
    assert any("gap" in p for p in problems)


@given(partitions(), st.data())
def test_stretching_a_span_makes_an_overlap(partition, data):
    n, spans = partition
    if len(spans) < 2:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(spans) - 2))
    first, last = spans[index]
    spans = spans[:index] + [(first, last + 1)] + spans[index + 1 :]
    assert any("overlap" in p for p in spans_cover(spans, n))


@given(words, st.data())
def test_span_text_is_the_joined_slice(tokens, data):
    first = data.draw(st.integers(min_value=0, max_value=len(tokens) - 1))
    last = data.draw(st.integers(min_value=first, max_value=len(tokens) - 1))
    assert span_text(tokens, first, last).split() == tokens[first : last + 1]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=3))
def test_split_round_thousands_are_rejoined(leading, groups):
    number = leading * 1000**groups
    written = f"{number:,}"  # 75,000
    damaged = written.replace(",", " ").split()  # ['75', '000'], as the preprocessing left it
    assert rejoin_thousands(damaged) == [(0, len(damaged) - 1, written)]
    assert numbers_written(" ".join(damaged)) == [float(number)]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_digit_groups_that_are_not_round_thousands_stay_apart(leading, group):
    damaged = [str(leading), f"{group:03d}"]  # like the ISBN fragment `1 024`
    assert rejoin_thousands(damaged) == []


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_a_split_range_is_rejoined_with_both_ends(low, high):
    damaged = [str(low), f"000–{high}", "000"]
    assert rejoin_thousands(damaged) == [(0, 2, f"{low},000–{high},000")]
    assert numbers_written(" ".join(damaged)) == [low * 1000.0, high * 1000.0]


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=999), st.sampled_from(["", "a", "b"]))
def test_passage_ids_round_trip(section, ordinal, split):
    assert parse_passage_id(f"{section}.{ordinal}{split}") == (section, ordinal, split)


@given(st.text(max_size=10))
def test_malformed_passage_ids_are_refused(text):
    import re

    if re.fullmatch(r"[1-9][0-9]*\.[1-9][0-9]*[a-z]?", text):
        return
    try:
        parse_passage_id(text)
    except ValueError as error:
        assert "S.N" in str(error)
    else:
        raise AssertionError(f"{text!r} was accepted")

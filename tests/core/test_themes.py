"""Themes on hand-computed fixtures: the keep-list, stop-words, stems, days, history."""

from datetime import date

from server.core.themes import find_themes, week_counts, win_terms

MON, TUE, WED, THU = (date(2026, 11, d) for d in (16, 17, 18, 19))


def keys(themes):
    return {theme.key: theme for theme in themes}


def test_said_no_survives_the_stop_word_list_as_a_phrase():
    wins = [
        ("a", MON, "Said no to an extra shift"),
        ("b", WED, "said NO to the committee."),
        ("c", THU, "Finished the report"),
    ]
    themes = keys(find_themes(wins))
    assert set(themes) == {"said no"}
    said_no = themes["said no"]
    assert (said_no.label, said_no.wins, said_no.days, said_no.kind) == ("said no", 2, 2, "new")
    assert said_no.win_ids == ("a", "b")


def test_keep_list_words_that_only_make_sense_in_a_phrase_never_stand_alone():
    terms = win_terms("Said no, not today")
    assert "said no" in terms
    assert not {"no", "said", "not"} & terms.keys()


def test_stop_words_go_and_inflections_share_one_stem_labelled_by_the_usual_spelling():
    wins = [
        ("a", MON, "Went for a walk"),
        ("b", TUE, "walk at lunch"),
        ("c", WED, "Walked home with Sam"),
    ]
    walk = keys(find_themes(wins))["walk"]
    assert (walk.label, walk.wins, walk.days) == ("walk", 3, 3)
    assert "went" not in win_terms("Went for a walk")


def test_a_word_from_one_day_only_or_one_win_only_is_not_a_theme():
    wins = [
        ("a", TUE, "Played guitar"),
        ("b", TUE, "more guitar practice"),
        ("c", WED, "Baked bread"),
    ]
    assert find_themes(wins) == []


def test_a_word_is_counted_once_per_win():
    assert week_counts(["walk walk walk", "a walk"]) == {"walk": 2, "walk walk": 1}


def test_new_returning_and_steady_come_from_the_persons_own_previous_weeks():
    wins = [
        ("a", MON, "Said no to overtime"),
        ("b", TUE, "said no again"),
        ("c", MON, "Yoga class"),
        ("d", WED, "yoga at home"),
        ("e", TUE, "Called mum"),
        ("f", THU, "called mum back"),
    ]
    history = [{}, {"yoga": 2}, {}, {"yoga": 1}, {}, {"yoga": 1, "call mum": 1}, {}, {}]
    themes = keys(find_themes(wins, history))
    assert themes["said no"].kind == "new"
    assert themes["yoga"].kind == "steady"  # in 3 of the 8 weeks
    assert themes["call mum"].kind == "returning"  # in 1 of them
    # score = wins / (1 + usual per week): yoga 2 / (1 + 4/8), "said no" 2 / 1.
    assert themes["yoga"].score == round(2 / 1.5, 3)
    assert themes["said no"].score == 2.0
    assert themes["call mum"].label == "called mum"


def test_a_word_a_phrase_explains_is_dropped_and_one_it_does_not_explain_stays():
    explained = [
        ("a", MON, "Morning walk"),
        ("b", TUE, "morning walk by the river"),
        ("c", WED, "walk after dinner"),
    ]
    assert set(keys(find_themes(explained))) == {"morn walk"}
    mostly_other_walks = [
        *explained,
        ("d", THU, "evening walk"),
        ("e", THU, "short walk"),
    ]
    # "morning walk" holds 2 of 5 walks: not most of them, so "walk" stays a theme too.
    assert {"morn walk", "walk"} <= set(keys(find_themes(mostly_other_walks)))

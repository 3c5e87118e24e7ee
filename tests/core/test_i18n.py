import pytest
from django.utils import translation

from migdev.core.i18n import (
    LANGUAGE_CODES,
    LocalizedText,
    UnknownLanguage,
    listed,
    normalize_language,
)


def test_fallback_goes_to_english_then_any_language():
    text = LocalizedText(
        en="Bolivia (Plurinational State of)", fr="Bolivie (État plurinational de)"
    )
    assert text.get_text("fr") == "Bolivie (État plurinational de)"
    assert text.get_text("ru") == "Bolivia (Plurinational State of)"
    assert LocalizedText(ar="بوليفيا").get_text("es") == "بوليفيا"
    assert LocalizedText().get_text("en") == ""


def test_active_language_is_used_by_default():
    text = LocalizedText({"zh-hans": "法国", "en": "France"})
    with translation.override("zh-hans"):
        assert str(text) == "法国"
    with translation.override("ar"):
        assert str(text) == "France"


def test_missing_lists_languages_without_text():
    text = LocalizedText(en="France", fr="France", es=" ")
    assert text.missing() == ["ar", "zh-hans", "ru", "es"]
    assert LocalizedText(dict.fromkeys(LANGUAGE_CODES, "x")).missing() == []


@pytest.mark.parametrize(
    "code,expected",
    [("zh", "zh-hans"), ("zh_Hans", "zh-hans"), ("AR", "ar"), ("en", "en")],
)
def test_language_codes_are_normalized(code, expected):
    assert normalize_language(code) == expected


def test_unknown_language_says_which_codes_exist():
    with pytest.raises(UnknownLanguage, match="use one of ar, zh-hans, en, fr, ru, es"):
        LocalizedText(de="Frankreich")


def test_names_sort_without_accents_and_chinese_by_pinyin():
    from migdev.core.i18n import sort_key

    assert sorted(
        ["Érythrée", "Estonie", "Egypte"], key=lambda n: sort_key(n, "fr")
    ) == ["Egypte", "Érythrée", "Estonie"]
    names = ["中国", "阿富汗", "巴西", "法国", "埃及"]
    assert sorted(names, key=lambda n: sort_key(n, "zh-hans")) == [
        "阿富汗",
        "埃及",
        "巴西",
        "法国",
        "中国",
    ]
    with translation.override("zh-hans"):
        assert sort_key("中国") == sort_key("中国", "zh-hans")


def test_listed_joins_as_the_language_writes_a_list():
    assert listed(["DZA", "MAR"], "en") == "DZA, MAR"
    assert listed(["DZA", "MAR"], "zh-hans") == "DZA、MAR"
    assert listed(["DZA", "MAR"], "ar") == "DZA، MAR"
    assert listed(["a, b", "c"], "zh", semicolon=True) == "a, b；c"
    with translation.override("zh-hans"):
        assert listed(x for x in ("阿尔及利亚", "摩洛哥")) == "阿尔及利亚、摩洛哥"


def test_a_fields_errors_are_joined_as_sentences_of_the_language():
    from django.forms.utils import ErrorList
    from django.template import Context, Template

    template = Template("{{ errors|sentences }}")
    errors = ErrorList(["请填写此字段。", "值须小于 <10>。"])
    with translation.override("zh-hans"):
        assert template.render(Context({"errors": errors})) == (
            "请填写此字段。值须小于 &lt;10&gt;。"
        )
    with translation.override("fr"):
        two = ErrorList(["Ce champ est obligatoire.", "Trop long."])
        assert template.render(Context({"errors": two})) == (
            "Ce champ est obligatoire. Trop long."
        )


def test_an_acronym_after_a_name_once_and_escaped():
    from django.template import Context, Template

    template = Template("{{ name }}{% acronym_after name acronym %}")

    def render(name, acronym):
        return template.render(Context({"name": name, "acronym": acronym}))

    assert render("Mediterranean Transit Migration Dialogue", "MTM") == (
        "Mediterranean Transit Migration Dialogue (MTM)"
    )
    assert render("5+5 Dialogue", "5+5") == "5+5 Dialogue"
    assert render("Test", "") == "Test"
    assert render("Test", "<b>") == "Test (&lt;b&gt;)"
    with translation.override("zh-hans"):
        assert (
            render("地中海过境移徙问题对话", "MTM") == "地中海过境移徙问题对话（MTM）"
        )

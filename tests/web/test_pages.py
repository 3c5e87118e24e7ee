import pytest

LANGS = ["ar", "zh-hans", "en", "fr", "ru", "es"]
pytestmark = pytest.mark.django_db


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"/{lang}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/states/",
        "/states/FRA/",
        "/states/HKG/",
        "/organizations/",
        "/organizations/iom/",
        "/groupings/",
        "/groupings/941/",
        "/reports/",
        "/cooperation/",
        "/un-system/",
        "/forum/",
        "/forum/practices/",
        "/consultations/",
    ],
)
def test_pages_answer_in_every_language(client, lang, path):
    response = client.get(_prefix(lang) + path)
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if lang == "ar" else "ltr"
    tag = "zh-Hans" if lang == "zh-hans" else lang
    assert f'<html lang="{tag}" dir="{direction}">' in html
    # The selector names each language as the UN does, Chinese as 中文.
    assert '<option value="zh-hans" lang="zh-Hans"' in html and ">中文</option>" in html


def test_state_page_names_codes_and_groupings_in_french(client):
    html = client.get("/fr/states/BOL/").content.decode()
    assert "Bolivie (État plurinational de)" in html
    assert "068" in html and "BOL" in html
    assert "Amérique du Sud" in html


def test_chinese_state_page(client):
    html = client.get("/zh-hans/states/CHN/").content.decode()
    assert "中国" in html


def test_unknown_state_is_a_friendly_404(client):
    response = client.get("/fr/states/XYZ/")
    assert response.status_code == 404
    assert (
        "Not found" in response.content.decode()
        or "introuvable" in response.content.decode().lower()
    )


def test_state_list_filters(client):
    html = client.get("/states/?status=observer").content.decode()
    assert "Holy See" in html and "State of Palestine" in html and "France" not in html


def test_user_text_is_escaped(client, make_user):
    from migdev.registry.models import Contact, Country

    Contact.objects.create(
        kind=Contact.Kind.FOCAL_POINT,
        country=Country.objects.get(iso3="FRA"),
        name="<script>alert(1)</script>",
    )
    client.force_login(make_user(make_user.SECRETARIAT))
    html = client.get("/states/FRA/contacts/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_language_switch_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/states/FRA/"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/states/FRA/"


def test_the_switcher_offers_a_path_every_language_can_translate(client):
    html = client.get("/ar/states/FRA/?as_of=2008-03-18").content.decode()
    assert 'name="next" type="hidden" value="/states/FRA/?as_of=2008-03-18"' in html
    response = client.post(
        "/i18n/setlang/",
        {"language": "zh-hans", "next": "/states/FRA/?as_of=2008-03-18"},
    )
    assert response["Location"] == "/zh-hans/states/FRA/?as_of=2008-03-18"

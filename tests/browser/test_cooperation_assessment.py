"""A development-focus assessment in a real browser, in French: the
secretariat opens the form from the mechanism's page, fills the checklist
with evidence, is told to justify a group other than the checklist's, saves
it as a draft; a colleague reviews it and the mechanism appears in the
classification table (A/63/265, ¶57–63)."""

from __future__ import annotations

import pytest

from migdev.cooperation.models import Assessment, Mechanism
from migdev.cooperation.services import themes_load
from migdev.core.i18n import LocalizedText
from tests.browser.test_consultation_cycle import _log_in

pytestmark = [pytest.mark.browser]


def test_assessment_from_the_checklist_to_the_table(
    live_server, reference_data, make_user, page
):
    themes_load()
    m = Mechanism.objects.create(
        code="bali-process",
        kind=Mechanism.Kind.RCP,
        name=LocalizedText({"en": "Bali Process", "fr": "Processus de Bali"}),
    )
    assessor = make_user(make_user.SECRETARIAT)
    base = live_server.url
    _log_in(page, base, assessor)
    page.goto(f"{base}/fr/cooperation/mechanisms/{m.code}/")
    page.get_by_role("link", name="Évaluer la place du développement").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().endswith("Processus de Bali")
    page.fill("#id_period_start", "2006-01-01")
    page.fill("#id_period_end", "2008-06-30")
    row = page.locator("tr[data-theme=trafficking-smuggling]")
    row.locator("select").select_option("2")
    row.locator("input").fill("Conférence ministérielle de 2002")
    row = page.locator("tr[data-theme=remittances]")
    row.locator("select").select_option("1")
    row.locator("input").fill("Atelier de 2007")
    page.select_option("#id_group", "3")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_load_state()
    # The checklist gives group 2: the form asks why, on the justification.
    error = page.locator("#id_justification ~ .field-error")
    assert "2" in error.inner_text() and not Assessment.objects.exists()
    # The form kept what was entered.
    assert page.locator("tr[data-theme=remittances] input").input_value() == (
        "Atelier de 2007"
    )
    page.fill("#id_justification", "L'atelier n'a eu aucune suite.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/fr/cooperation/mechanisms/{m.code}/")
    a = Assessment.objects.get()
    assert (a.group, a.status, a.assessor) == (3, "draft", assessor)
    assert a.items.get(theme__code="remittances").evidence == "Atelier de 2007"

    # A colleague reviews it; the table of ¶57–63 shows it.
    page.context.clear_cookies()
    _log_in(page, base, make_user(make_user.SECRETARIAT))
    page.goto(f"{base}/fr/cooperation/mechanisms/{m.code}/")
    page.get_by_role("button", name="Examiner et rendre public").click()
    page.wait_for_load_state()
    a.refresh_from_db()
    assert a.status == "reviewed"
    page.goto(f"{base}/fr/cooperation/classification/")
    assert "Processus de Bali" in page.locator("tr[data-group='3']").inner_text()

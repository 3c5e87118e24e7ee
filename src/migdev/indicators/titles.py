"""Titles of the releases the import commands make, in the six languages.

A release's title is a six-language text (``Release.title``); what is shown
falls back to English, then to any language that has one
(``LocalizedText.get_text``). The secretariat may correct a title until the
release is published (``services.release_retitle``).
"""

from __future__ import annotations

from migdev.core.i18n import LocalizedText


def _six(en: str, fr: str, es: str, ru: str, zh: str, ar: str) -> LocalizedText:
    return LocalizedText.six(en=en, fr=fr, es=es, ru=ru, zh=zh, ar=ar)


def ims(revision: int | None) -> LocalizedText:
    """International Migrant Stock REVISION, as published by UN DESA."""
    rev = f" {revision}" if revision else ""
    return _six(
        f"International Migrant Stock{rev} (UN DESA), as published",
        f"Nombre de migrants internationaux{rev} (DAES de l'ONU), tel que publié",
        f"Número de migrantes internacionales{rev} (DAES de las Naciones Unidas), "
        "según se publicó",
        f"Численность международных мигрантов{rev} (ДЭСВ ООН), в опубликованном виде",
        f"国际移民存量{rev}（联合国经社部），按公布数据",
        f"عدد المهاجرين الدوليين{rev} (إدارة الشؤون الاقتصادية والاجتماعية "
        "بالأمم المتحدة)، كما نُشر",
    )


def estimate(*, illustrative: bool) -> LocalizedText:
    """An estimate of the migrant stock by the engine (illustrative or not)."""
    if illustrative:
        return _six(
            "Illustrative estimate of the international migrant stock "
            "(migdev stock engine)",
            "Estimation illustrative du nombre de migrants internationaux "
            "(moteur de calcul de migdev)",
            "Estimación ilustrativa del número de migrantes internacionales "
            "(motor de cálculo de migdev)",
            "Иллюстративная оценка численности международных мигрантов "
            "(расчетный модуль migdev)",
            "国际移民存量示例性估计数（migdev计算引擎）",
            "تقدير توضيحي لعدد المهاجرين الدوليين (محرك الحساب في migdev)",
        )
    return _six(
        "Estimate of the international migrant stock (migdev stock engine)",
        "Estimation du nombre de migrants internationaux (moteur de calcul de migdev)",
        "Estimación del número de migrantes internacionales "
        "(motor de cálculo de migdev)",
        "Оценка численности международных мигрантов (расчетный модуль migdev)",
        "国际移民存量估计数（migdev计算引擎）",
        "تقدير عدد المهاجرين الدوليين (محرك الحساب في migdev)",
    )


def wdi() -> LocalizedText:
    """Remittances from the World Development Indicators."""
    return _six(
        "Personal remittances received and paid (World Development Indicators)",
        "Envois de fonds personnels reçus et versés "
        "(Indicateurs du développement dans le monde)",
        "Remesas personales recibidas y pagadas (Indicadores del desarrollo mundial)",
        "Полученные и отправленные личные денежные переводы "
        "(Показатели мирового развития)",
        "收到和支付的个人汇款（世界发展指标）",
        "التحويلات المالية الشخصية الواردة والمدفوعة (مؤشرات التنمية العالمية)",
    )


def knomad(year: str) -> LocalizedText:
    """The KNOMAD bilateral remittance matrix of ``year``."""
    return _six(
        f"Bilateral remittance estimates for {year} (KNOMAD)",
        f"Estimations des envois de fonds bilatéraux pour {year} (KNOMAD)",
        f"Estimaciones de las remesas bilaterales para {year} (KNOMAD)",
        f"Оценки двусторонних денежных переводов за {year} год (KNOMAD)",
        f"{year}年双边汇款估计数（KNOMAD）",
        f"تقديرات التحويلات المالية الثنائية لعام {year} (KNOMAD)",
    )


def prices(first: str, last: str, *, illustrative: bool) -> LocalizedText:
    """Remittance prices of the quarters ``first`` to ``last``."""
    span = first if first == last else f"{first}–{last}"
    if illustrative:
        return _six(
            f"Illustrative remittance prices, {span}",
            f"Prix illustratifs des envois de fonds, {span}",
            f"Precios ilustrativos de las remesas, {span}",
            f"Иллюстративная стоимость денежных переводов, {span}",
            f"示例性汇款价格，{span}",
            f"أسعار توضيحية للتحويلات المالية، {span}",
        )
    return _six(
        f"Remittance prices, {span} (Remittance Prices Worldwide)",
        f"Prix des envois de fonds, {span} (Remittance Prices Worldwide)",
        f"Precios de las remesas, {span} (Remittance Prices Worldwide)",
        f"Стоимость денежных переводов, {span} (Remittance Prices Worldwide)",
        f"汇款价格，{span}（Remittance Prices Worldwide）",
        f"أسعار التحويلات المالية، {span} (Remittance Prices Worldwide)",
    )


def sdmx(dataset: str) -> LocalizedText:
    """A release read from an SDMX-CSV file."""
    return _six(
        f"{dataset}, imported from SDMX-CSV",
        f"{dataset}, importé depuis un fichier SDMX-CSV",
        f"{dataset}, importado de un archivo SDMX-CSV",
        f"{dataset}, импортировано из файла SDMX-CSV",
        f"{dataset}，从SDMX-CSV文件导入",
        f"{dataset}، مستورد من ملف SDMX-CSV",
    )

"""The indicators migdev stores, with their names in the six languages, units
and the SDG targets and Global Compact objectives they serve (stored as the
registry's framework tags, ``registry.FrameworkTarget``).

GCM objective 1: collect and utilize accurate and disaggregated data as a
basis for evidence-based policies; objective 20: promote faster, safer and
cheaper transfer of remittances and foster financial inclusion of migrants.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    unit: str
    names: dict[str, str]
    sdg_targets: tuple[str, ...] = ()
    gcm_objectives: tuple[int, ...] = ()

    @property
    def tags(self) -> tuple[str, ...]:
        """Codes of the registry's framework targets (``sdg-10.7``, ``gcm-1``)."""
        return tuple(f"sdg-{t}" for t in self.sdg_targets) + tuple(
            f"gcm-{o}" for o in self.gcm_objectives
        )


def _n(en: str, fr: str, es: str, ru: str, zh: str, ar: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "es": es, "ru": ru, "zh-hans": zh, "ar": ar}


CATALOGUE: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "migrant_stock",
        "persons",
        _n(
            "International migrant stock",
            "Nombre de migrants internationaux",
            "Número de migrantes internacionales",
            "Численность международных мигрантов",
            "国际移民存量",
            "عدد المهاجرين الدوليين",
        ),
        ("10.7", "17.18"),
        (1,),
    ),
    IndicatorSpec(
        "population",
        "thousands",
        _n(
            "Total population",
            "Population totale",
            "Población total",
            "Общая численность населения",
            "总人口",
            "مجموع السكان",
        ),
        ("17.18",),
        (1,),
    ),
    IndicatorSpec(
        "migrant_share",
        "percent",
        _n(
            "International migrants as a percentage of the population",
            "Migrants internationaux en pourcentage de la population",
            "Migrantes internacionales como porcentaje de la población",
            "Доля международных мигрантов в населении, в процентах",
            "国际移民占人口的百分比",
            "المهاجرون الدوليون كنسبة مئوية من السكان",
        ),
        ("10.7", "17.18"),
        (1,),
    ),
    IndicatorSpec(
        "female_share",
        "percent",
        _n(
            "Female migrants as a percentage of all international migrants",
            "Femmes migrantes en pourcentage des migrants internationaux",
            "Mujeres migrantes como porcentaje de los migrantes internacionales",
            "Доля женщин среди международных мигрантов, в процентах",
            "女性移民占国际移民的百分比",
            "المهاجرات كنسبة مئوية من مجموع المهاجرين الدوليين",
        ),
        ("10.7", "17.18"),
        (1,),
    ),
    IndicatorSpec(
        "growth_rate",
        "percent",
        _n(
            "Annual rate of change of the migrant stock",
            "Taux annuel de variation du nombre de migrants",
            "Tasa anual de variación del número de migrantes",
            "Среднегодовой темп изменения численности мигрантов",
            "移民存量年变化率",
            "معدل التغير السنوي في عدد المهاجرين",
        ),
        ("10.7",),
        (1,),
    ),
    IndicatorSpec(
        "refugees",
        "persons",
        _n(
            "Refugees and asylum seekers",
            "Réfugiés et demandeurs d'asile",
            "Refugiados y solicitantes de asilo",
            "Беженцы и лица, ищущие убежища",
            "难民和寻求庇护者",
            "اللاجئون وملتمسو اللجوء",
        ),
        ("10.7.4",),
        (1,),
    ),
    IndicatorSpec(
        "refugee_share",
        "percent",
        _n(
            "Refugees and asylum seekers as a percentage of international migrants",
            "Réfugiés et demandeurs d'asile en pourcentage des migrants internationaux",
            "Refugiados y solicitantes de asilo como porcentaje de los migrantes internacionales",
            "Доля беженцев и лиц, ищущих убежища, среди международных мигрантов, в процентах",
            "难民和寻求庇护者占国际移民的百分比",
            "اللاجئون وملتمسو اللجوء كنسبة مئوية من المهاجرين الدوليين",
        ),
        ("10.7.4",),
        (1,),
    ),
    IndicatorSpec(
        "refugee_growth_rate",
        "percent",
        _n(
            "Annual rate of change of the refugee stock",
            "Taux annuel de variation du nombre de réfugiés",
            "Tasa anual de variación del número de refugiados",
            "Среднегодовой темп изменения численности беженцев",
            "难民存量年变化率",
            "معدل التغير السنوي في عدد اللاجئين",
        ),
        ("10.7.4",),
        (1,),
    ),
    IndicatorSpec(
        "remittances_received",
        "USD",
        _n(
            "Personal remittances, received (current US dollars)",
            "Envois de fonds personnels reçus (dollars des États-Unis courants)",
            "Remesas personales recibidas (dólares corrientes de los Estados Unidos)",
            "Полученные личные денежные переводы (в текущих долларах США)",
            "收到的个人汇款(现值美元)",
            "التحويلات المالية الشخصية الواردة (بدولارات الولايات المتحدة الجارية)",
        ),
        ("17.3.2",),
        (20,),
    ),
    IndicatorSpec(
        "remittances_paid",
        "USD",
        _n(
            "Personal remittances, paid (current US dollars)",
            "Envois de fonds personnels versés (dollars des États-Unis courants)",
            "Remesas personales pagadas (dólares corrientes de los Estados Unidos)",
            "Отправленные личные денежные переводы (в текущих долларах США)",
            "支付的个人汇款(现值美元)",
            "التحويلات المالية الشخصية المدفوعة (بدولارات الولايات المتحدة الجارية)",
        ),
        ("17.3.2",),
        (20,),
    ),
    IndicatorSpec(
        "remittances_received_gdp",
        "percent",
        _n(
            "Personal remittances received as a percentage of GDP",
            "Envois de fonds personnels reçus en pourcentage du PIB",
            "Remesas personales recibidas como porcentaje del PIB",
            "Полученные личные денежные переводы в процентах от ВВП",
            "收到的个人汇款占国内生产总值的百分比",
            "التحويلات المالية الشخصية الواردة كنسبة مئوية من الناتج المحلي الإجمالي",
        ),
        ("17.3.2",),
        (20,),
    ),
    IndicatorSpec(
        "remittances_bilateral",
        "USD millions",
        _n(
            "Bilateral remittance estimate (millions of US dollars)",
            "Estimation des envois de fonds bilatéraux (millions de dollars des États-Unis)",
            "Estimación de las remesas bilaterales (millones de dólares de los Estados Unidos)",
            "Оценка двусторонних денежных переводов (млн долларов США)",
            "双边汇款估计数(百万美元)",
            "تقدير التحويلات المالية الثنائية (بملايين دولارات الولايات المتحدة)",
        ),
        ("17.3.2",),
        (20,),
    ),
    IndicatorSpec(
        "remittance_cost_200",
        "percent",
        _n(
            "Average total cost of sending 200 US dollars",
            "Coût total moyen de l'envoi de 200 dollars des États-Unis",
            "Costo total promedio del envío de 200 dólares de los Estados Unidos",
            "Средняя общая стоимость перевода 200 долларов США",
            "汇出200美元的平均总成本",
            "متوسط التكلفة الإجمالية لإرسال 200 دولار من دولارات الولايات المتحدة",
        ),
        ("10.c.1",),
        (20,),
    ),
    IndicatorSpec(
        "remittance_cost_500",
        "percent",
        _n(
            "Average total cost of sending 500 US dollars",
            "Coût total moyen de l'envoi de 500 dollars des États-Unis",
            "Costo total promedio del envío de 500 dólares de los Estados Unidos",
            "Средняя общая стоимость перевода 500 долларов США",
            "汇出500美元的平均总成本",
            "متوسط التكلفة الإجمالية لإرسال 500 دولار من دولارات الولايات المتحدة",
        ),
        ("10.c",),
        (20,),
    ),
    IndicatorSpec(
        "remittance_cost_smart",
        "percent",
        _n(
            "SmaRT average cost of sending 200 US dollars (three cheapest services)",
            "Coût moyen SmaRT de l'envoi de 200 dollars des États-Unis (trois services les moins chers)",
            "Costo promedio SmaRT del envío de 200 dólares de los Estados Unidos (tres servicios más baratos)",
            "Средняя стоимость SmaRT перевода 200 долларов США (три самые дешевые услуги)",
            "汇出200美元的SmaRT平均成本(三项最便宜的服务)",
            "متوسط تكلفة SmaRT لإرسال 200 دولار من دولارات الولايات المتحدة (أرخص ثلاث خدمات)",
        ),
        ("10.c.1",),
        (20,),
    ),
)

BY_CODE = {spec.code: spec for spec in CATALOGUE}

"""The themes good practices are filed under: those of the Forum's first two
meetings (A/63/265, ¶12, ¶15)."""

from django.db import migrations

THEMES = [
    (
        "human-capital",
        {
            "ar": "تنمية رأس المال البشري وتنقل اليد العاملة",
            "zh-hans": "人力资本发展和劳工流动",
            "en": "Human capital development and labour mobility",
            "fr": "Développement du capital humain et mobilité de la main-d'œuvre",
            "ru": "Развитие человеческого капитала и мобильность рабочей силы",
            "es": "Desarrollo del capital humano y movilidad laboral",
        },
    ),
    (
        "remittances",
        {
            "ar": "التحويلات المالية وغيرها من موارد المغتربين",
            "zh-hans": "汇款和其他侨民资源",
            "en": "Remittances and other diaspora resources",
            "fr": "Envois de fonds et autres ressources de la diaspora",
            "ru": "Денежные переводы и другие ресурсы диаспоры",
            "es": "Remesas y otros recursos de la diáspora",
        },
    ),
    (
        "coherence",
        {
            "ar": "اتساق السياسات والمؤسسات والشراكات",
            "zh-hans": "政策和体制的协调统一和伙伴关系",
            "en": "Policy and institutional coherence and partnerships",
            "fr": "Cohérence des politiques et des institutions, et partenariats",
            "ru": "Согласованность политики и институтов и партнерства",
            "es": "Coherencia normativa e institucional y alianzas",
        },
    ),
    (
        "protection",
        {
            "ar": "حماية المهاجرين وتمكينهم من أجل التنمية",
            "zh-hans": "保护和扶持移民促进发展",
            "en": "Protecting and empowering migrants for development",
            "fr": "Protéger et autonomiser les migrants pour le développement",
            "ru": "Защита мигрантов и расширение их возможностей в интересах развития",
            "es": "Proteger y empoderar a los migrantes para el desarrollo",
        },
    ),
    (
        "regular-migration",
        {
            "ar": "الهجرة النظامية والحد من الهجرة غير النظامية",
            "zh-hans": "合法移徙和减少非正常迁移",
            "en": "Regular migration and reducing irregular migration",
            "fr": "Migration régulière et réduction de la migration irrégulière",
            "ru": "Законная миграция и сокращение нелегальной миграции",
            "es": "Migración regular y reducción de la migración irregular",
        },
    ),
    (
        "data-research",
        {
            "ar": "البيانات والبحوث بشأن الهجرة والتنمية",
            "zh-hans": "移徙与发展的数据和研究",
            "en": "Data and research on migration and development",
            "fr": "Données et recherche sur la migration et le développement",
            "ru": "Данные и исследования по миграции и развитию",
            "es": "Datos e investigación sobre migración y desarrollo",
        },
    ),
]


def load(apps, schema_editor):
    Theme = apps.get_model("forum", "Theme")
    for order, (code, name) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

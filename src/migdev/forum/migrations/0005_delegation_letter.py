from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_broadcast_submission_key"),
    ]

    operations = [
        migrations.RenameField(
            model_name="delegation",
            old_name="note_verbale",
            new_name="letter",
        ),
        migrations.AlterField(
            model_name="delegation",
            name="letter",
            field=models.FileField(
                blank=True,
                upload_to="forum/letters/%Y/",
                verbose_name="note verbale or nomination letter",
            ),
        ),
        migrations.AddField(
            model_name="delegation",
            name="letter_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="name of the letter's file"
            ),
        ),
    ]

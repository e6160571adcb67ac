from django.db import migrations


def create_global_sequence(apps, schema_editor):
    CodeSequence = apps.get_model("customers", "CodeSequence")
    if not CodeSequence.objects.filter(branch__isnull=True).exists():
        CodeSequence.objects.create(branch=None, prefix="C", digits=6, next_number=1)


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [
        migrations.RunPython(create_global_sequence, migrations.RunPython.noop)
    ]

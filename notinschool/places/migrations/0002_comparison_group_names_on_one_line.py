"""Comparison group names saved before names were kept to one line of printable characters are
cleaned the same way the form and the service now clean them."""

from django.db import migrations


def clean_names(apps, schema_editor):
    from notinschool.core.forms import single_line

    ComparisonGroup = apps.get_model("places", "ComparisonGroup")
    for group in ComparisonGroup.objects.only("id", "name"):
        cleaned = single_line(group.name) or "Unnamed group"
        if cleaned != group.name:
            ComparisonGroup.objects.filter(pk=group.pk).update(name=cleaned)


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(clean_names, migrations.RunPython.noop)]

"""Clean report data saved before saves were checked (issue 8).

Lone surrogates (which made pages answer 500) become U+FFFD, NUL bytes (which
PostgreSQL refuses) are dropped, NaN and infinities are removed. Rows already
clean are left as they are.
"""

from django.db import migrations


def repair_stored_data(apps, schema_editor):
    from chibo.web.save import repair

    for name in ("Report", "ReportVersion"):
        model = apps.get_model("chibo", name)
        for row in model.objects.only("pk", "data").iterator(chunk_size=200):
            cleaned = repair(row.data)
            if cleaned is not row.data:
                model.objects.filter(pk=row.pk).update(data=cleaned)


class Migration(migrations.Migration):
    dependencies = [("chibo", "0001_initial")]

    operations = [migrations.RunPython(repair_stored_data, migrations.RunPython.noop, elidable=True)]

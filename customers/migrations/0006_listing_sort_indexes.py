"""Indexes that let the Customer Listing sort a million rows without sorting.

The listing pages through customers ordered by (name, id), by code or by
(join_date, id); with these indexes PostgreSQL reads the first rows of a
page in order and stops, where it would otherwise sort every visible
customer. The tie-breaking id keeps namesakes in a stable order across
pages. Plain B-tree indexes, so SQLite creates them too.
"""

from django.db import migrations

SORT_INDEXES = {
    "customer_name_id": "(name, id)",
    "customer_code_sort": "(code)",
    "customer_join_date_id": "(join_date, id)",
}


class Migration(migrations.Migration):
    dependencies = [("customers", "0005_programmes")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON customers_customer {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in SORT_INDEXES.items()
    ]

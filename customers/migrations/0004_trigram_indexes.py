"""Trigram indexes for the Customer Listing's "contains" searches.

Django compiles `icontains` to `UPPER(col) LIKE UPPER(%s)`, so the indexes
are on UPPER(col); the digits columns are searched with a plain LIKE. They
exist on PostgreSQL only; SQLite scans the table instead.
"""

from django.db import migrations

TRIGRAM_INDEXES = {
    "customer_name_trgm": "UPPER(name) gin_trgm_ops",
    "customer_code_trgm": "UPPER(code) gin_trgm_ops",
    "customer_email_trgm": "UPPER(email) gin_trgm_ops",
    "customer_mobile_digits_trgm": "mobile_digits gin_trgm_ops",
    "customer_phone_digits_trgm": "telephone_digits gin_trgm_ops",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("customers", "Customer")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0003_permissions")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

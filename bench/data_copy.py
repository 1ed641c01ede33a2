"""Writing many rows fast: PostgreSQL's ``COPY`` (ids taken from the table's sequence first, so the
objects know them, as ``bulk_create`` would tell), ``bulk_create`` elsewhere (SQLite, for the test).
Django's ``bulk_create`` compiles a statement of every value, which costs more than the data at a few
million rows; ``COPY`` streams them."""
import datetime
import decimal
import io
import json
import uuid

from django.db import connection, models

BATCH = 2000


def insert(rows):
    """Insert model instances of one model (a list); their ``pk`` is set afterwards."""
    if not rows:
        return rows
    model = type(rows[0])
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(rows, batch_size=BATCH)
    _take_ids(model, rows)
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_text(_value(row, f)) for f in fields))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                                  "FROM STDIN", buffer)
    return rows


def _take_ids(model, rows):
    missing = [row for row in rows if row.pk is None]
    if not missing:
        return
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, pk, len(missing)])
        for row, (pk_value,) in zip(missing, cursor.fetchall()):
            row.pk = pk_value
    for row in rows:
        row._state.adding, row._state.db = False, "default"


def _value(row, field):
    if isinstance(field, models.ForeignKey):
        value = getattr(row, field.attname)
        if value is None and field.is_cached(row):
            related = field.get_cached_value(row)
            value = related.pk if related is not None else None
            setattr(row, field.attname, value)
        return value
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = getattr(row, field.attname) or datetime.datetime.now(datetime.UTC)
        setattr(row, field.attname, value)
        return value
    value = getattr(row, field.attname)
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.FileField):
        return str(value) if value else ""
    return value


def _text(value):
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime.datetime, datetime.date, uuid.UUID, decimal.Decimal)):
        return str(value)
    text = str(value)
    if any(ch in text for ch in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text

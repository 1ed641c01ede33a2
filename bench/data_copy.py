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
    fields = list(model._meta.concrete_fields)
    readers = [_reader(f) for f in fields]
    lines = ("\t".join([_text(read(row)) for read in readers]) for row in rows)
    _copy(model._meta.db_table, [f.column for f in fields], lines)
    return rows


def copy_rows(model, attnames, tuples):
    """Insert plain tuples of ``attnames`` (no instances: the fastest way for millions of rows of a
    model without relations to fill in); elsewhere than PostgreSQL, as instances with bulk_create."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(attnames, values, strict=True))) for values in tuples],
                                  batch_size=BATCH)
        return
    columns = [model._meta.get_field(name).column for name in attnames]
    jsons = [isinstance(model._meta.get_field(name), models.JSONField) for name in attnames]
    lines = ("\t".join([_text(json.dumps(v) if j else v) for v, j in zip(values, jsons, strict=True)])
             for values in tuples)
    _copy(model._meta.db_table, columns, lines)


def _copy(table, columns, lines):
    buffer = io.StringIO()
    for line in lines:
        buffer.write(line)
        buffer.write("\n")
    buffer.seek(0)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN", buffer)


def reserve_ids(model, count):
    """``count`` new ids for ``model`` (from its sequence; on SQLite, after the largest, one writer)."""
    if count == 0:
        return []
    if connection.vendor == "postgresql":
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, pk, count])
            return [value for (value,) in cursor.fetchall()]
    start = (model.objects.aggregate(last=models.Max("pk"))["last"] or 0) + 1
    taken = getattr(connection, "_bench_reserved", {})
    start = max(start, taken.get(model, 0))
    taken[model] = start + count
    connection._bench_reserved = taken
    return list(range(start, start + count))


def _take_ids(model, rows):
    missing = [row for row in rows if row.pk is None]
    if not missing:
        return
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, pk, len(missing)])
        for row, (pk_value,) in zip(missing, cursor.fetchall(), strict=True):
            row.pk = pk_value
    for row in rows:
        row._state.adding, row._state.db = False, "default"


def _reader(field):
    """A function giving the field's value of a row as it is stored."""
    attname = field.attname
    if isinstance(field, models.ForeignKey):
        def read(row):
            value = row.__dict__.get(attname)
            if value is None and field.is_cached(row):
                related = field.get_cached_value(row)
                value = related.pk if related is not None else None
                row.__dict__[attname] = value
            return value
        return read
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        def read_now(row):
            value = row.__dict__.get(attname) or datetime.datetime.now(datetime.UTC)
            row.__dict__[attname] = value
            return value
        return read_now
    if isinstance(field, models.JSONField):
        return lambda row: json.dumps(row.__dict__[attname], ensure_ascii=False)
    if isinstance(field, models.FileField):
        return lambda row: str(row.__dict__[attname] or "")
    return lambda row: row.__dict__[attname]


SIMPLE = {bool: lambda v: "t" if v else "f", int: str, float: str, datetime.datetime: str, datetime.date: str,
          uuid.UUID: str, decimal.Decimal: str}


def _text(value):
    if value is None:
        return r"\N"
    simple = SIMPLE.get(type(value))
    if simple is not None:
        return simple(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text

"""The people of the benchmark's data: visitors (about one per three requests) with Indonesian names
(a few surnames, such as Santoso, shared by many, so a search for one is a real search), some
institutions, and a few more officers per office besides the demo accounts."""
import datetime

from bench.data_copy import insert
from django.contrib.auth.hashers import make_password

from accounts.models import IdentityType, Role, Segment, User

FIRST_NAMES = (
    "Ahmad", "Agus", "Andi", "Ani", "Arif", "Bambang", "Budi", "Citra", "Dedi", "Dewi", "Dian", "Eko",
    "Endang", "Fajar", "Fitri", "Gita", "Hadi", "Hendra", "Ika", "Indah", "Irfan", "Joko", "Kartika",
    "Lestari", "Lukman", "Maya", "Muhammad", "Nina", "Nur", "Putri", "Rahmat", "Rina", "Rizki", "Sari",
    "Siti", "Sri", "Taufik", "Tri", "Wahyu", "Wulan", "Yanti", "Yusuf", "Zainal", "Galih", "Ratna",
    "Hasan", "Intan", "Kurnia", "Mega", "Novi",
)
SURNAMES = (
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Rahmawati", "Kusuma", "Pratama", "Lestari", "Siregar",
    "Nasution", "Hakim", "Syahputra", "Gunawan", "Setiawan", "Purnomo", "Utami", "Wibowo", "Susanto",
    "Halim", "Rusdi", "Fauzi", "Anwar", "Mahmud", "Ramadhan", "Firmansyah", "Hartono", "Sulistyo",
    "Aminah", "Permana", "Nugroho",
)
# Common surnames come up more often (Santoso about one visitor in twelve).
SURNAME_WEIGHTS = tuple(8 if name in ("Santoso", "Wijaya", "Saputra") else 3 if i < 12 else 1
                        for i, name in enumerate(SURNAMES))
UNIVERSITIES = ("Universitas Lambung Mangkurat", "Universitas Palangka Raya", "Universitas Borneo Tarakan",
                "Universitas Islam Kalimantan", "Politeknik Negeri Banjarmasin")
COMPANIES = ("PT Borneo Data Analitika", "PT Kalimantan Riset Nusantara", "CV Mitra Statistika",
             "PT Banua Konsultan", "PT Tarakan Energi")
AGENCIES = ("Pemerintah Kabupaten Kotabaru", "Pemerintah Kota Banjarmasin",
            "Pemerintah Provinsi Kalimantan Selatan", "Pemerintah Kabupaten Kotawaringin Timur",
            "Pemerintah Provinsi Kalimantan Utara")
UNITS = ("Dinas Kesehatan", "Dinas Pendidikan", "Bappeda", "Dinas Pertanian", "Dinas Sosial",
         "Dinas Perhubungan", "Dinas Kependudukan dan Pencatatan Sipil")
SEGMENTS = ((Segment.INDIVIDUAL, 30), (Segment.ACADEMIC, 30), (Segment.PRIVATE, 15),
            (Segment.GOVERNMENT, 20), (Segment.OTHER, 5))
BATCH = 2000
# Visitors of the benchmark never sign in with a password (the harness signs in its own accounts).
UNUSABLE_PASSWORD = make_password(None)


def person_name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]}"


def _visitor(rng, index, joined):
    segment = rng.choices([s for s, _w in SEGMENTS], [w for _s, w in SEGMENTS])[0]
    fields = {
        "email": f"bench.pengguna.{index}@contoh.id", "full_name": person_name(rng), "role": Role.VISITOR,
        "segment": segment, "phone": f"+62812{rng.randrange(10**7, 10**8)}",
        "identity_type": IdentityType.KTP, "identity_number": f"63{rng.randrange(10**13, 10**14)}",
        "date_joined": joined, "password": UNUSABLE_PASSWORD,
    }
    if segment == Segment.ACADEMIC:
        fields["institution"] = rng.choice(UNIVERSITIES)
    elif segment == Segment.PRIVATE:
        fields.update(institution=rng.choice(COMPANIES), npwp=f"{rng.randrange(10**14, 10**15)}")
    elif segment == Segment.GOVERNMENT:
        fields.update(institution=rng.choice(AGENCIES), agency_unit=rng.choice(UNITS))
    return User(**fields)


def make_visitors(rng, count, first_day, now):
    """``count`` visitors, joined over the period; returns {segment: [user ids]} and all ids."""
    span = (now - first_day).total_seconds()
    by_segment, ids = {}, []
    for start in range(0, count, BATCH):
        batch = [_visitor(rng, i, first_day + datetime.timedelta(seconds=rng.random() * span * 0.9))
                 for i in range(start, min(count, start + BATCH))]
        for user in insert(batch):
            by_segment.setdefault(user.segment, []).append(user.pk)
            ids.append(user.pk)
    # bulk_create on SQLite gives no ids before Django 5's RETURNING support for it: read them back.
    if not ids or ids[0] is None:
        by_segment, ids = {}, []
        for pk, segment in User.objects.filter(email__startswith="bench.pengguna.").values_list("pk", "segment"):
            by_segment.setdefault(segment, []).append(pk)
            ids.append(pk)
    return by_segment, ids


def make_officers(rng, offices, per_office=3):
    """A few officers per office besides the demo one (so the queue's "assigned to" varies); returns
    {office id: [officer ids]} including the demo accounts, and {office id: head id}."""
    extra = [User(email=f"bench.petugas.{office.code}.{n}@pst.test", full_name=f"{person_name(rng)}",
                  role=Role.OFFICER, office=office, password=UNUSABLE_PASSWORD)
             for office in offices for n in range(per_office)]
    insert(extra)
    officers, heads = {}, {}
    for pk, role, office_id in User.objects.filter(office__in=offices, is_active=True).values_list(
            "pk", "role", "office_id").order_by("pk"):
        if role == Role.OFFICER:
            officers.setdefault(office_id, []).append(pk)
        elif role == Role.HEAD:
            heads.setdefault(office_id, pk)
    return officers, heads

"""Each service's rows for a chunk of stories, as its step hooks would have written them: a
consultation's details (and meetings), an order with its lines and download links, a recommendation's
form, review rounds, documents and letter; the contact of a request recorded from another channel
and the desk's details of a walk-in. Files are rows only (no bytes on disk)."""
import datetime
import uuid

from bench.data_copy import insert
from bench.data_people import person_name
from requests_app.desk_models import DeskDetails
from requests_app.models import CODE_ALPHABET, Document
from requests_app.remote_models import RemoteContact
from services.consultation.models import Consultation, Meeting
from services.product_sales.models import DownloadLink, Order, OrderLine, Product
from services.recommendation.demo import DEMO_FS3_ANSWERS
from services.recommendation.models import Letter, Recommendation, ReviewRound

FS3_SECTIONS = ["organiser", "persons", "general", "variables", "design", "sample", "collection",
                "processing", "dissemination", "attachments"]
TITLES = ("Survei Kepuasan Layanan Puskesmas", "Survei Ekonomi Kreatif", "Survei Angkatan Kerja Daerah",
          "Survei Harga Komoditas Pertanian", "Survei Pariwisata Daerah", "Survei Kesehatan Ibu dan Anak")


def events_of(story, action):
    return [e for e in story.events if e.action == action]


def first_at(story, action):
    found = events_of(story, action)
    return found[0].created_at if found else None


def last_at(story, action):
    found = events_of(story, action)
    return found[-1].created_at if found else None


def write(ctx, stories):
    by_slug = {}
    for story in stories:
        by_slug.setdefault(story.request.service_kind.slug, []).append(story)
    _contacts(ctx, stories)
    _consultations(ctx, by_slug.get("konsultasi", []))
    _orders(ctx, by_slug.get("penjualan-produk", []))
    _recommendations(ctx, by_slug.get("rekomendasi", []))


def _contacts(ctx, stories):
    remote, desk = [], []
    for story in stories:
        request = story.request
        if request.channel in ("whatsapp", "livechat", "email", "phone"):
            remote.append(RemoteContact(request=request, full_name=person_name(ctx.rng),
                                        phone=f"+62813{ctx.rng.randrange(10**7, 10**8)}",
                                        recorded_by_id=story.officer))
        elif request.channel == "walk_in" and request.visitor_id:
            desk.append(DeskDetails(request=request, full_name="", phone=""))
    insert(remote)
    insert(desk)


def _consultations(ctx, stories):
    rows, meetings = [], []
    for story in stories:
        request, rng = story.request, ctx.rng
        walk_in_guest = request.channel == "walk_in" and not request.visitor_id
        last_officer = last_at(story, "message")
        waiting = last_officer if request.status == "in_process" and story.events[-1].actor_id == story.officer \
            and story.events[-1].action == "message" else None
        rows.append(Consultation(
            request=request, topic=rng.choice(["data", "metadata", "classification", "method", "other"]),
            searched_for=rng.choice(["kemiskinan", "inflasi", "penduduk", "KBLI", ""]),
            awaiting_visitor_since=waiting,
            guest_name=person_name(rng) if walk_in_guest else "",
            guest_contact=f"+62814{rng.randrange(10**7, 10**8)}" if walk_in_guest else "",
            duration_minutes=rng.randrange(10, 60) if request.channel == "walk_in" else None,
        ))
        for event in events_of(story, "propose_meeting"):
            answer = next((e for e in events_of(story, "accept_meeting")), None)
            meetings.append(Meeting(
                token=uuid.UUID(int=rng.getrandbits(128), version=4), request=request,
                proposed_by_id=story.officer, kind="video", link="https://meet.contoh.id/pst",
                starts_at=event.created_at + datetime.timedelta(days=1), answer="accepted" if answer else "proposed",
                answered_at=answer.created_at if answer else None, created_at=event.created_at, event_id=event.id,
                answer_event_id=answer.id if answer else None))
    insert(rows)
    insert(meetings)


def _products(ctx, office):
    cache = ctx.__dict__.setdefault("products", {})
    if office.pk not in cache:
        cache[office.pk] = list(Product.objects.filter(office=office, is_active=True)) or \
            list(Product.objects.filter(is_active=True))
    return cache[office.pk]


def _order(story, rng):
    request, plan = story.request, story.plan
    confirmed, verified = first_at(story, "confirm_order"), last_at(story, "verify_payment")
    billing = last_at(story, "issue_billing")
    free = not plan.paid
    accepted = request.submitted_at if request.channel == "online" and request.submitted_at else None
    return Order(
        request=request, abstract="Data dipakai untuk penelitian dan perencanaan daerah.",
        medium=plan.medium, npwp="", total=None if confirmed is None else (0 if free else rng.randrange(5, 300) * 1000),
        zero_tariff_applied=bool(confirmed and free), confirmed_at=confirmed,
        confirmed_by_id=story.officer if confirmed else None,
        billing_code=f"8{rng.randrange(10**14, 10**15)}" if billing else "",
        billing_expires_at=billing + datetime.timedelta(days=7) if billing else None,
        payment_verified_at=verified, payment_verified_by_id=story.officer if verified else None,
        ready_for_pickup_at=first_at(story, "ready_for_pickup"),
        delivered_at=first_at(story, "deliver") or first_at(story, "hand_over"),
        sppd_accepted_name=person_name(rng) if accepted else "", sppd_accepted_at=accepted,
        sppd_accepted_ip="127.0.0.1" if accepted else None,
    )


def _orders(ctx, stories):
    rng = ctx.rng
    orders = [_order(story, rng) for story in stories]
    insert(orders)
    lines, owners = [], []
    for story, order in zip(stories, orders):
        prepared = first_at(story, "prepare_file")
        for product in rng.sample(_products(ctx, story.request.office), k=rng.choice([1, 1, 2])):
            lines.append(OrderLine(
                order=order, product=product, format="pdf", created_at=story.request.created_at,
                quantity=rng.randrange(1, 200), unit="halaman",
                amount=None if order.total is None else (order.total or 0), rate_label="Tarif PP",
                line_token=uuid.UUID(int=rng.getrandbits(128), version=4),
                file=f"deliveries/bench/{uuid.UUID(int=rng.getrandbits(128)).hex}.pdf" if prepared else "",
                file_name=f"{product.slug}.pdf" if prepared else "", file_extension=".pdf" if prepared else "",
                file_content_type="application/pdf" if prepared else "", file_size=1024 if prepared else None,
                prepared_at=prepared))
            owners.append(story)
    insert(lines)
    links = []
    for line, story in zip(lines, owners):
        delivered = first_at(story, "deliver")
        if delivered and story.request.visitor_id:
            links.append(DownloadLink(token=f"bench{rng.getrandbits(160):040x}", line=line,
                                      buyer_id=story.request.visitor_id, created_at=delivered,
                                      expires_at=delivered + datetime.timedelta(days=14)))
    insert(links)


def _documents(ctx, stories):
    """The cover letter and questionnaire of each recommendation (rows; no file bytes)."""
    rng, docs = ctx.rng, []
    for story in stories:
        request = story.request
        for name in ("surat-pengantar.pdf", "kuesioner.pdf"):
            docs.append(Document(
                token=uuid.UUID(int=rng.getrandbits(128), version=4), request=request,
                file=f"requests/bench/{uuid.UUID(int=rng.getrandbits(128)).hex}.pdf", original_name=name,
                content_type="application/pdf", extension=".pdf", size=20480,
                uploaded_by_id=request.visitor_id or story.officer, uploaded_at=request.created_at))
    insert(docs)
    return docs


def _answers(rng, title):
    answers = {key: dict(value) for key, value in DEMO_FS3_ANSWERS.items()}
    answers["general"] = dict(answers["general"], activity_title=title)
    return answers


def _recommendations(ctx, stories):
    rng = ctx.rng
    docs = _documents(ctx, stories)
    forms = []
    for index, story in enumerate(stories):
        title = f"{rng.choice(TITLES)} {story.request.office.name.removeprefix('BPS ')} " \
                f"{story.request.created_at.year + 1}"
        filed = story.request.status != "draft"
        forms.append(Recommendation(
            request=story.request, form="fs3", answers=_answers(rng, title),
            completed_sections=FS3_SECTIONS[:-1] if filed else FS3_SECTIONS[:rng.randrange(1, 9)],
            saved_sections=FS3_SECTIONS[:-1], title=title,
            cover_letter=docs[2 * index], questionnaire=docs[2 * index + 1]))
    insert(forms)
    insert([r for story, form in zip(stories, forms) for r in _rounds(story, form)])
    insert([letter for story in stories if (letter := _letter(ctx, story))])


def _rounds(story, form):
    """One round per submission (first filing and every resubmission), reviewed by the next step."""
    rounds, submissions = [], [e for e in story.events if e.action in ("submit", "file_at_desk", "resubmit")]
    for number, event in enumerate(submissions, start=1):
        later = [e for e in story.events if e.created_at > event.created_at
                 and e.action in ("return", "declare_feasible", "reject")]
        review = later[0] if later else None
        outcome = {"return": "revise", "declare_feasible": "feasible"}.get(review.action, "pending") \
            if review else "pending"
        rounds.append(ReviewRound(
            recommendation=form, number=number, submitted_at=event.created_at, answers=form.answers,
            documents={}, outcome=outcome, note=review.note if review else "",
            reviewed_at=review.created_at if review and outcome != "pending" else None,
            reviewed_by_id=story.officer if review and outcome != "pending" else None))
    return rounds


def letter_code(rng):
    symbols = "".join(rng.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(symbols[i:i + 4] for i in range(0, 16, 4))


def _letter(ctx, story):
    drafted = last_at(story, "draft_letter")
    if drafted is None:
        return None
    request = story.request
    state = {"awaiting_approval": "awaiting", "completed": "issued"}.get(request.status, "draft")
    letter = Letter(request=request, office=request.office, code=letter_code(ctx.rng), state=state,
                    subject="Rekomendasi Kegiatan Statistik", addressee="Kepala Dinas",
                    body="Berdasarkan hasil pemeriksaan, kegiatan dinyatakan layak.",
                    drafted_by_id=story.officer, drafted_at=drafted)
    if state == "issued":
        ctx.letters.issue(letter, story, last_at(story, "approve"))
    return letter

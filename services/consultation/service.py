"""Konsultasi Statistik as a service type: a conversation with the office; it closes itself after
7 days without the visitor's reply, and a visitor's reply reopens it within 30 days of that closing."""
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app import workflow
from requests_app.models import Status
from requests_app.registry import DeskLink, ServiceType
from services.consultation import rules as own_rules
from services.consultation.rules import REOPEN_WITHIN, SILENCE, Action

# A visitor's own step does not mail the visitor; a message by either side tells only the other side.
AWAITS_VISITOR_AFTER = (Action.MESSAGE, Action.PROPOSE_MEETING)
VISITOR_ANSWERS = (Action.MESSAGE, Action.REOPEN, Action.ACCEPT_MEETING, Action.DECLINE_MEETING, "resubmit")
ENDS_WAITING = ("complete", "reject", "cancel", "close_inactive")


class ConsultationService(ServiceType):
    slug = own_rules.SERVICE_SLUG
    rules = own_rules.RULES
    event_labels = own_rules.EVENT_LABELS
    visitor_messages = own_rules.VISITOR_MESSAGES
    staff_messages = own_rules.STAFF_MESSAGES
    hints = {
        "process": _("Mulai menjawab; pesan pertama Anda di percakapan juga memulainya."),
        "complete": _("Tutup konsultasi dengan ringkasan jawaban (tulis di catatan, wajib)."),
    }
    SILENCE = SILENCE
    REOPEN_WITHIN = REOPEN_WITHIN
    visitor_panels = {"after_answer": ("consultation/_conversation.html",)}
    staff_panels = {"main": ("consultation/_conversation.html", "consultation/_staff_panel.html"),
                    "requester": ("consultation/_walk_in_guest.html",)}
    shown_in_panels = (Action.MESSAGE,)
    mutual_actions = (Action.MESSAGE,)
    queue_related = ("consultation",)  # a walk-in guest's name
    step_related = ("consultation",)
    queue_search = ("consultation__guest_name", "consultation__guest_institution")
    records_remote = True  # asked by WhatsApp, email or phone too (the standard's online procedure)
    ticket_prefix = "K"
    walk_in_url = "consultation:walk_in"
    desk_links = (DeskLink(_("Catat konsultasi kunjungan langsung"), "consultation:walk_in"),
                  DeskLink(_("Artikel basis pengetahuan kantor"), "consultation:articles",
                           "outline-secondary"))

    def refusal(self, request, rule, actor, note=""):
        if rule.action == "close_inactive" and request.status == Status.IN_PROCESS:
            details = getattr(request, "consultation", None)
            if details is None or details.awaiting_visitor_since is None:
                return _("Konsultasi ini tidak sedang menunggu jawaban pengguna layanan.")
            return None
        reason = super().refusal(request, rule, actor, note=note)
        if reason:
            return reason
        if rule.action == "complete" and not note.strip():
            return _("Tuliskan ringkasan jawaban sebelum menutup konsultasi.")
        if rule.action == Action.REOPEN and (request.closed_at is None
                                             or timezone.now() - request.closed_at > REOPEN_WITHIN):
            return _("Konsultasi ini ditutup lebih dari 30 hari yang lalu. Silakan ajukan konsultasi baru.")
        if rule.action == Action.MAKE_ARTICLE and not (request.status == Status.COMPLETED
                                                       or request.channel == "walk_in"):
            return _("Artikel dibuat dari konsultasi yang sudah selesai.")
        return None

    def step(self, request, event, data):
        from services.consultation.models import Consultation

        details = getattr(request, "consultation", None)  # loaded with the request, or fetched here
        if details is None:
            details, _created = Consultation.objects.get_or_create(request=request)
        if event.action in AWAITS_VISITOR_AFTER and event.actor_id != request.visitor_id:
            details.awaiting_visitor_since = event.created_at
            details.silence_warning_sent_at = None
        elif event.action in VISITOR_ANSWERS:
            details.awaiting_visitor_since = None
            details.silence_warning_sent_at = None
        elif event.action in ENDS_WAITING:
            details.awaiting_visitor_since = None
        else:
            return
        details.save(update_fields=["awaiting_visitor_since", "silence_warning_sent_at"])

    @property
    def system_messages(self):
        from services.consultation.emails import silence_warning_email

        return {Action.SILENCE_WARNING: silence_warning_email}

    def note_heading(self, event):
        return _("Pesan") if event.action == Action.MESSAGE else ""

    def email_details(self, event, for_staff):
        from services.consultation.emails import meeting_details

        return meeting_details(event, for_staff)

    # Filing: the knowledge base first; "ask an officer" only after a search.
    def start_filing(self, request, standard):
        if request.method == "GET" and "tanya" not in request.GET and not request.GET.get("draf"):
            from services.consultation import knowledge

            query = request.GET.get("q", "").strip()[:200]
            hits = knowledge.search(query, office=standard.office) if query else []
            return render(request, "consultation/consultation_search.html", {
                "standard": standard, "office": standard.office, "query": query, "hits": hits,
                "searched": bool(query)})
        return None

    def request_form_class(self):
        from services.consultation.forms import ConsultationRequestForm

        return ConsultationRequestForm

    def request_form_initial(self, draft):
        details = getattr(draft, "consultation", None)
        return {"topic": details.topic, "searched_for": details.searched_for} if details else {}

    def save_request_details(self, draft, data):
        from services.consultation.models import Consultation

        Consultation.objects.update_or_create(
            request=draft, defaults={"topic": data["topic"],
                                     "searched_for": (data.get("searched_for") or "")[:200]})

    # Pages
    def page_context(self, user, service_request):
        from services.consultation.pages import conversation_context

        return conversation_context(user, service_request)

    def staff_context(self, request, service_request, forms):
        from services.consultation.forms import MeetingForm

        user = request.user
        return {
            "meeting_form": forms.get("meeting_form") or MeetingForm(office=service_request.office,
                                                                     auto_id="meeting_%s"),
            "can_propose_meeting": workflow.may(service_request, Action.PROPOSE_MEETING, user),
            "can_make_article": workflow.may(service_request, Action.MAKE_ARTICLE, user),
        }

    def visitor_task(self, service_request):
        from requests_app.pages import VisitorTask, latest_event

        details = getattr(service_request, "consultation", None)
        waiting = details is not None and details.awaiting_visitor_since
        if not waiting or service_request.status not in workflow.WORKING:
            return None
        asked = latest_event(service_request, AWAITS_VISITOR_AFTER, by_staff=True)
        return VisitorTask(_("Petugas menunggu balasan Anda"), asked.display_note if asked else "",
                           details.awaiting_visitor_since, details.awaiting_visitor_since + SILENCE,
                           _("Ditutup otomatis bila belum Anda balas sampai"), _("Balas pesan"),
                           "#percakapan")

    def your_turn(self):
        return Q(status__in=workflow.WORKING, consultation__awaiting_visitor_since__isnull=False)

    def waiting_for(self, service_request):
        return _("Petugas mengusulkan pertemuan: terima atau tolak usulannya.")

    def waiting_on_visitor(self, now, earliest):
        """A follow-up meeting proposed by ``earliest`` or before, still to confirm."""
        from requests_app.models import OPEN_STATUSES
        from services.consultation.models import Meeting

        meetings = Meeting.objects.filter(
            answer=Meeting.Answer.PROPOSED, created_at__lte=earliest, starts_at__gt=now,
            request__status__in=list(OPEN_STATUSES),
        ).select_related("request__office", "request__service_kind", "request__visitor")
        for meeting in meetings.iterator(chunk_size=200):
            yield meeting.request, meeting.created_at

    def walk_in_guest(self, service_request):
        details = getattr(service_request, "consultation", None)
        return details if details is not None and details.guest_name else None

    def create_demo(self):
        from services.consultation.demo import create_demo_consultations

        return create_demo_consultations()

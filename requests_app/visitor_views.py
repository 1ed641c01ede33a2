"""The visitor's side: file a request, check answers, confirmation, my requests, a request's page."""
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.roles import role_required
from requests_app import filing, workflow
from requests_app.access import get_request_for, visible_requests
from requests_app.behaviours import behaviour_for, behaviour_for_service
from requests_app.forms import DocumentsForm, NoteForm, RequestForm, VisitorAnswerForm
from requests_app.models import Status
from requests_app.pages import YOUR_TURN, request_page_context, visitor_requests, visitor_task, with_days_left
from services.catalogue import selectors
from services.consultation import knowledge
from services.consultation.forms import ConsultationRequestForm
from services.consultation.models import Consultation
from services.product_sales import orders
from services.product_sales import views as order_views
from services.product_sales.forms import OrderAnswerForm, PaymentProofForm
from services.recommendation import views as recommendation_views

UPLOAD_LIMIT_MB = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
# A request page holds three forms: each gets its own element ids.
ANSWER_IDS, CANCEL_IDS, DOCUMENTS_IDS = "answer_%s", "cancel_%s", "documents_%s"


def _request_form(request, section, draft=None, data=None, files=None, is_consultation=False):
    uploaded = set()
    asked = request.GET.get("q", "").strip()[:200]
    initial = {"submission_token": uuid.uuid4(), "purpose": asked, "searched_for": asked}
    if draft is not None:
        uploaded = set(draft.documents.filter(is_current=True, requirement__isnull=False)
                       .values_list("requirement_id", flat=True))
        initial = {"submission_token": draft.submission_token, "purpose": draft.purpose}
        details = Consultation.objects.filter(request=draft).first()
        if details:
            initial.update(topic=details.topic, searched_for=details.searched_for)
        for pk in draft.confirmed_requirements.values_list("pk", flat=True):
            initial[f"confirm_{pk}"] = True
    form_class = ConsultationRequestForm if is_consultation else RequestForm
    return form_class(
        data, files,
        initial=initial,
        requirements=section.requirements_for(request.user.segment),
        uploaded_requirement_ids=uploaded,
        upload_limit_mb=UPLOAD_LIMIT_MB,
    )


def profile_redirect(request):
    messages.warning(request, _("Lengkapi profil Anda dulu: petugas memerlukan identitas dan segmen Anda "
                                "sesuai standar pelayanan. Setelah disimpan, kembali ke halaman layanan."))
    return redirect(f"{reverse('accounts:profile')}?{urlencode({'next': request.get_full_path()})}")


def _save(request, form, standard, purpose):
    data = form.cleaned_data
    return filing.save_draft(
        visitor=request.user,
        standard=standard,
        token=data.get("submission_token") or form.initial["submission_token"],
        purpose=purpose,
        confirmed_ids=form.confirmed_requirement_ids(),
        files_by_requirement=form.files_by_requirement(),
        supporting=data.get("supporting") or [],
        language=get_language(),
    )


@role_required(Role.VISITOR)
def new_request(request, office_code, service_slug):
    standard = selectors.standard_in_force(office_code, service_slug)
    section = filing.online_section(standard)
    if request.user.missing_profile_fields():
        return profile_redirect(request)
    if behaviour_for_service(service_slug).sells_products:
        return order_views.new_order_redirect(request, standard)
    not_eligible = behaviour_for_service(service_slug).filing_refusal(request.user)
    if not_eligible:
        return render(request, "requests_app/not_eligible.html",
                      {"standard": standard, "office": standard.office, "reason": not_eligible}, status=403)
    if behaviour_for_service(service_slug).recommends:
        return recommendation_views.start(request, standard)
    is_consultation = behaviour_for_service(service_slug).has_conversation
    draft = None
    draft_code = request.GET.get("draf")
    if draft_code:
        draft = get_request_for(request.user, draft_code)
        if draft.status != Status.DRAFT:
            return redirect(draft)
    elif is_consultation and request.method == "GET" and "tanya" not in request.GET:
        return _search_first(request, standard)
    if request.method == "POST":
        form = _request_form(request, section, draft, request.POST, request.FILES, is_consultation)
        if form.is_valid():
            draft = _save(request, form, standard, form.cleaned_data["purpose"])
            if is_consultation:
                filing.save_consultation_details(draft, form.cleaned_data["topic"],
                                                 form.cleaned_data["searched_for"])
            if draft.status != Status.DRAFT:  # the form was sent twice after submission
                return redirect("requests_app:confirmation", draft.code)
            return redirect("requests_app:check", draft.code)
        # Keep what was valid: files already checked are stored on the draft, not lost.
        if form.cleaned_data.get("submission_token") and (
            form.files_by_requirement() or form.cleaned_data.get("supporting")
        ):
            draft = _save(request, form, standard, request.POST.get("purpose", "").strip())
    else:
        form = _request_form(request, section, draft, is_consultation=is_consultation)
    documents = draft.documents.filter(is_current=True) if draft else []
    return render(request, "requests_app/new.html", {
        "form": form, "standard": standard, "office": standard.office, "section": section,
        "draft": draft, "documents": documents, "upload_limit_mb": UPLOAD_LIMIT_MB,
    })


def _search_first(request, standard):
    """Consultation: the knowledge base first; "ask an officer" only after a search."""
    query = request.GET.get("q", "").strip()[:200]
    hits = knowledge.search(query, office=standard.office) if query else []
    return render(request, "consultation/consultation_search.html", {
        "standard": standard, "office": standard.office, "query": query, "hits": hits,
        "searched": bool(query),
    })


@role_required(Role.VISITOR)
def check_answers(request, code):
    draft = get_request_for(request.user, code)
    if draft.status != Status.DRAFT:
        return redirect("requests_app:confirmation", draft.code) if draft.submitted_at else redirect(draft)
    if behaviour_for(draft).sells_products:
        return order_views.order_check(request, draft)
    if recommendation_views.is_recommendation(draft):
        return recommendation_views.check(request, draft)
    if request.method == "POST":
        try:
            workflow.perform(draft, workflow.Action.SUBMIT, request.user, language=get_language())
        except workflow.ActionRefused as refused:
            draft.refresh_from_db()
            if draft.status != Status.DRAFT:  # a double submit: the first one won
                return redirect("requests_app:confirmation", draft.code)
            messages.error(request, str(refused))
            return redirect("requests_app:check", draft.code)
        return redirect("requests_app:confirmation", draft.code)
    return render(request, "requests_app/check.html", request_page_context(request, draft))


@role_required(Role.VISITOR)
def confirmation(request, code):
    submitted = get_request_for(request.user, code)
    if submitted.status == Status.DRAFT:
        return redirect("requests_app:check", submitted.code)
    return render(request, "requests_app/confirmation.html", request_page_context(request, submitted))


@role_required(Role.VISITOR)
def discard_draft(request, code):
    """Asks first; a draft is thrown away only from this page's button. Pressed twice, the second
    press finds the draft gone and lands where the first did."""
    if request.method == "POST":
        return _discard(request, code)
    draft = get_request_for(request.user, code)
    if draft.status != Status.DRAFT:
        return redirect(draft)
    back = (reverse("product_sales:order_edit", args=[draft.code]) if behaviour_for(draft).sells_products
            else reverse("requests_app:check", args=[draft.code]))
    return render(request, "requests_app/discard_draft.html",
                  {"service_request": draft, "office": draft.office, "back": back})


def _discard(request, code):
    draft = visible_requests(request.user).filter(code=code).first()
    if draft is None and not filing.was_discarded(request.user, code):
        raise Http404("No such request for this user.")
    if draft is not None and draft.status != Status.DRAFT:
        return redirect(draft)  # sent meanwhile: nothing is discarded
    if draft is not None:  # else discarded already (the first of two presses): the same answer
        try:
            filing.discard_draft(draft, request.user)
        except workflow.ActionRefused as refused:
            messages.error(request, str(refused))
            return redirect("requests_app:check", draft.code)
    messages.success(request, _("Draf dibuang."))
    return redirect("requests_app:mine")


@role_required(Role.VISITOR)
def my_requests(request):
    page = Paginator(visitor_requests(request.user), 20).get_page(request.GET.get("halaman"))
    with_days_left(page)
    return render(request, "requests_app/my_requests.html", {"page": page, "your_turn": YOUR_TURN})


def render_detail(request, service_request, *, answer_form=None, cancel_form=None, documents_form=None,
                  payment_form=None, status=200):
    context = request_page_context(request, service_request)
    context["task"] = visitor_task(service_request)
    sells_products = behaviour_for(service_request).sells_products
    answer_form_class = OrderAnswerForm if sells_products else VisitorAnswerForm
    actions = {rule.action for rule in workflow.allowed_actions(service_request, request.user)}
    version = service_request.version
    context.update(
        # A returned request is answered here; if the answer is refused (e.g. a form still incomplete),
        # the reason is shown with the form.
        can_answer=workflow.Action.RESUBMIT in actions or (
            service_request.status == Status.RETURNED and service_request.visitor_id == request.user.pk),
        can_cancel=workflow.Action.CANCEL in actions,
        can_add_documents=service_request.is_open and service_request.status != Status.RETURNED,
        answer_form=answer_form or answer_form_class(
            initial={"action": workflow.Action.RESUBMIT, "version": version,
                     "abstract": context["order"].abstract if "order" in context else ""},
            auto_id=ANSWER_IDS),
        cancel_form=cancel_form or NoteForm(
            initial={"action": workflow.Action.CANCEL, "version": version}, auto_id=CANCEL_IDS),
        documents_form=documents_form or DocumentsForm(auto_id=DOCUMENTS_IDS),
        upload_limit_mb=UPLOAD_LIMIT_MB,
    )
    if recommendation_views.is_recommendation(service_request):
        context.update(recommendation_views.visitor_context(request, service_request))
    if sells_products:
        context["payment_form"] = payment_form or PaymentProofForm(initial={"version": version},
                                                                   auto_id="payment_%s")
        context["can_pay"] = workflow.may(service_request, workflow.Action.SUBMIT_PAYMENT, request.user)
    return render(request, "requests_app/detail.html", context, status=status)


@role_required(Role.VISITOR)
def detail(request, code):
    service_request = get_request_for(request.user, code)
    if service_request.status == Status.DRAFT:
        return redirect("requests_app:check", service_request.code)
    return render_detail(request, service_request)


@role_required(Role.VISITOR)
@require_POST
def act(request, code):
    """The visitor's actions on a request page: answer a return, cancel. Bad input or a refusal
    shows the page again with what was typed."""
    service_request = get_request_for(request.user, code)
    is_cancel = request.POST.get("action") == workflow.Action.CANCEL
    sells_products = behaviour_for(service_request).sells_products
    form_class = OrderAnswerForm if sells_products and not is_cancel else VisitorAnswerForm
    form = form_class(request.POST, request.FILES, auto_id=CANCEL_IDS if is_cancel else ANSWER_IDS)
    form_slot = {"cancel_form" if is_cancel else "answer_form": form}
    if not form.is_valid():
        return render_detail(request, service_request, status=400, **form_slot)
    data = form.cleaned_data
    try:
        if data["action"] == workflow.Action.RESUBMIT and sells_products:
            orders.answer_return(service_request, request.user, data["note"], data["files"], data["version"],
                                 abstract=data["abstract"], language=get_language())
            messages.success(request, _("Perbaikan Anda terkirim. Petugas akan memeriksanya."))
        elif data["action"] == workflow.Action.RESUBMIT:
            filing.answer_return(service_request, request.user, data["note"], data["files"],
                                 data["version"], language=get_language())
            messages.success(request, _("Perbaikan Anda terkirim. Petugas akan memeriksanya."))
        elif data["action"] == workflow.Action.CANCEL:
            workflow.perform(service_request, workflow.Action.CANCEL, request.user, note=data["note"],
                             expected_version=data["version"], language=get_language())
            messages.success(request, _("Permintaan Anda telah dibatalkan."))
        else:
            raise workflow.ActionRefused(_("Tindakan tidak dikenal."))
    except workflow.ActionRefused as refused:
        service_request.refresh_from_db()
        form.add_error(None, str(refused))
        return render_detail(request, service_request, status=409, **form_slot)
    return redirect(service_request)


@role_required(Role.VISITOR)
@require_POST
def add_documents(request, code):
    service_request = get_request_for(request.user, code)
    form = DocumentsForm(request.POST, request.FILES, auto_id=DOCUMENTS_IDS)
    if not form.is_valid():
        return render_detail(request, service_request, documents_form=form, status=400)
    try:
        filing.add_documents(service_request, request.user, form.cleaned_data["files"],
                             form.cleaned_data["note"], language=get_language())
    except workflow.ActionRefused as refused:
        form.add_error(None, str(refused))
        return render_detail(request, service_request, documents_form=form, status=409)
    messages.success(request, _("Dokumen Anda tersimpan."))
    return redirect(service_request)

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
from requests_app.forms import DocumentsForm, NoteForm, RequestForm, VisitorAnswerForm
from requests_app.models import Status
from requests_app.pages import YOUR_TURN, request_page_context, visitor_requests, visitor_task, with_days_left
from requests_app.registry import request_panels, service_for, service_for_slug
from services.catalogue import selectors

UPLOAD_LIMIT_MB = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
# A request page holds three forms: each gets its own element ids.
ANSWER_IDS, CANCEL_IDS, DOCUMENTS_IDS = "answer_%s", "cancel_%s", "documents_%s"


def _request_form(request, service, section, draft=None, data=None, files=None):
    uploaded = set()
    asked = request.GET.get("q", "").strip()[:200]
    initial = {"submission_token": uuid.uuid4(), "purpose": asked, "searched_for": asked}
    if draft is not None:
        uploaded = set(draft.documents.filter(is_current=True, requirement__isnull=False)
                       .values_list("requirement_id", flat=True))
        initial = {"submission_token": draft.submission_token, "purpose": draft.purpose}
        initial.update(service.request_form_initial(draft))
        for pk in draft.confirmed_requirements.values_list("pk", flat=True):
            initial[f"confirm_{pk}"] = True
    form_class = service.request_form_class() or RequestForm
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
    service = service_for_slug(service_slug)
    if request.user.missing_profile_fields():
        return profile_redirect(request)
    elsewhere = service.filing_elsewhere(request, standard)
    if elsewhere is not None:
        return elsewhere
    not_eligible = service.filing_refusal(request.user)
    if not_eligible:
        return render(request, "requests_app/not_eligible.html",
                      {"standard": standard, "office": standard.office, "reason": not_eligible}, status=403)
    draft = None
    draft_code = request.GET.get("draf")
    if draft_code:
        draft = get_request_for(request.user, draft_code)
        if draft.status != Status.DRAFT:
            return redirect(draft)
    started = service.start_filing(request, standard)
    if started is not None:
        return started
    return _request_form_page(request, service, standard, section, draft)


def _request_form_page(request, service, standard, section, draft):
    if request.method == "POST":
        form = _request_form(request, service, section, draft, request.POST, request.FILES)
        if form.is_valid():
            draft = _save(request, form, standard, form.cleaned_data["purpose"])
            service.save_request_details(draft, form.cleaned_data)
            if draft.status != Status.DRAFT:  # the form was sent twice after submission
                return redirect("requests_app:confirmation", draft.code)
            return redirect("requests_app:check", draft.code)
        # Keep what was valid: files already checked are stored on the draft, not lost.
        if form.cleaned_data.get("submission_token") and (
            form.files_by_requirement() or form.cleaned_data.get("supporting")
        ):
            draft = _save(request, form, standard, request.POST.get("purpose", "").strip())
    else:
        form = _request_form(request, service, section, draft)
    documents = draft.documents.filter(is_current=True) if draft else []
    return render(request, "requests_app/new.html", {
        "form": form, "standard": standard, "office": standard.office, "section": section,
        "draft": draft, "documents": documents, "upload_limit_mb": UPLOAD_LIMIT_MB,
    })


@role_required(Role.VISITOR)
def check_answers(request, code):
    draft = get_request_for(request.user, code)
    if draft.status != Status.DRAFT:
        return redirect("requests_app:confirmation", draft.code) if draft.submitted_at else redirect(draft)
    own_page = service_for(draft).check_page(request, draft)
    if own_page is not None:
        return own_page
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
    back = service_for(draft).edit_url(draft) or reverse("requests_app:check", args=[draft.code])
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


def render_detail(request, service_request, *, status=200, **forms):
    """The visitor's page of a request; ``forms`` are bound forms (with their errors) to show again."""
    service = service_for(service_request)
    context = request_page_context(request, service_request)
    context["task"] = visitor_task(service_request)
    user = request.user
    version = service_request.version
    answer_form_class = service.answer_form_class(service_request) or VisitorAnswerForm
    context.update(
        # A returned request is answered here; if the answer is refused (e.g. a form still incomplete),
        # the reason is shown with the form.
        can_answer=workflow.may(service_request, workflow.Action.RESUBMIT, user) or (
            service_request.status == Status.RETURNED and service_request.visitor_id == user.pk),
        can_cancel=workflow.may(service_request, workflow.Action.CANCEL, user),
        can_add_documents=workflow.may(service_request, workflow.Action.ADD_DOCUMENTS, user),
        answer_form=forms.get("answer_form") or answer_form_class(
            initial={"action": workflow.Action.RESUBMIT, "version": version,
                     **service.answer_initial(service_request)},
            auto_id=ANSWER_IDS),
        cancel_form=forms.get("cancel_form") or NoteForm(
            initial={"action": workflow.Action.CANCEL, "version": version}, auto_id=CANCEL_IDS),
        documents_form=forms.get("documents_form") or DocumentsForm(auto_id=DOCUMENTS_IDS),
        upload_limit_mb=UPLOAD_LIMIT_MB,
        panels=service.visitor_panels,
        request_panels=request_panels(user, service_request),
    )
    context.update(service.visitor_context(request, service_request, forms))
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
    service = service_for(service_request)
    is_cancel = request.POST.get("action") == workflow.Action.CANCEL
    form_class = (VisitorAnswerForm if is_cancel
                  else service.answer_form_class(service_request) or VisitorAnswerForm)
    form = form_class(request.POST, request.FILES, auto_id=CANCEL_IDS if is_cancel else ANSWER_IDS)
    form_slot = {"cancel_form" if is_cancel else "answer_form": form}
    if not form.is_valid():
        return render_detail(request, service_request, status=400, **form_slot)
    data = form.cleaned_data
    try:
        if data["action"] == workflow.Action.RESUBMIT:
            if service.answer_return(service_request, request.user, data, language=get_language()) is None:
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

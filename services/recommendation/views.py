"""Recommendation pages: the agency's form in sections, the officer's review and letter, the walk-in
desk, the letter's download, and the public register and verification pages."""
import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import desk
from accounts.models import Role, Segment
from accounts.roles import role_required
from pst_portal.page_cache import cached_public_page
from requests_app import workflow
from requests_app.access import get_request_for, visible_requests
from requests_app.models import Status
from requests_app.registry import service_for_slug
from requests_app.signals import announce_walk_in, walk_in_guest
from requests_app.uploads import ACCEPT_ATTRIBUTE
from services.catalogue import selectors
from services.catalogue.models import Channel
from services.recommendation import letters, recommendations, rounds, verification
from services.recommendation.design_forms import AttachmentsForm
from services.recommendation.forms import (
    CompareLetterForm,
    LetterForm,
    ReviewForm,
    StartForm,
    SubmitRecommendationForm,
)
from services.recommendation.models import Letter, normalize_letter_code
from services.recommendation.register import RegisterFilter, register_rows
from services.recommendation.rules import SERVICE_SLUG, Action
from services.recommendation.section_forms import VariablesForm

SERVICE = SERVICE_SLUG


def _form_url(service_request):
    return reverse("recommendation:recommendation_form", args=[service_request.code])


def _recommendation_request(user, code):
    """The request of ``code`` the user may see, if it is a recommendation with its form; else 404."""
    service_request = get_request_for(user, code)
    if not is_recommendation(service_request):
        raise Http404("Not a recommendation.")
    return service_request


def _editable(request, code):
    """The request whose form the user may edit now, or 404."""
    service_request = _recommendation_request(request.user, code)
    if not recommendations.may_edit(service_request, request.user):
        raise Http404("This form cannot be edited now.")
    return service_request


def start(request, standard):
    """Look first (the register), then choose FS3 or FP-KPA; the draft keeps the agency's answers."""
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid():
            service_request = recommendations.start(
                request.user,
                standard,
                form.cleaned_data["form"],
                form.cleaned_data["submission_token"],
                language=get_language(),
            )
            if service_request.status != Status.DRAFT:
                return redirect(service_request)
            return redirect(_form_url(service_request))
    else:
        form = StartForm(initial={"submission_token": uuid.uuid4()})
    drafts = (
        visible_requests(request.user).filter(
            status=Status.DRAFT,
            office=standard.office,
            service_kind=standard.service_kind,
            channel=Channel.ONLINE,  # a walk-in draft is the officer's to record
        )
        .select_related("recommendation")
        .order_by("-created_at")
    )
    return render(
        request,
        "recommendation/recommendation_start.html",
        {
            "standard": standard,
            "office": standard.office,
            "form": form,
            "drafts": drafts,
            "recent": register_rows()[:5],
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.VISITOR, Role.OFFICER)
def form_overview(request, code):
    service_request = _editable(request, code)
    recommendation = service_request.recommendation
    rows = recommendations.progress(recommendation, recommendations.notes_to_fix(recommendation))
    return render(
        request,
        "recommendation/recommendation_form.html",
        {
            "service_request": service_request,
            "recommendation": recommendation,
            "rows": rows,
            "complete": all(row.done for row in rows),
            "office": service_request.office,
            "is_desk": request.user.role == Role.OFFICER,
        },
    )


@role_required(Role.VISITOR, Role.OFFICER)
def form_section(request, code, key):
    service_request = _editable(request, code)
    recommendation = service_request.recommendation
    section = recommendations.section_for(recommendation, key)
    status = 200
    if request.method == "POST":
        form = section.form_class(request.POST, request.FILES, recommendation=recommendation)
        try:
            done = recommendations.save_section(service_request, section, form, request.user)
        except workflow.ActionRefused as refused:  # submitted from another tab meanwhile
            messages.error(request, str(refused))
            return redirect(service_request)
        recommendation.refresh_from_db()
        if "add_rows" in request.POST and isinstance(form, VariablesForm):
            form = VariablesForm(recommendation=recommendation, rows=form.rows())
        elif "continue" in request.POST and not done:
            status = 400
            messages.error(
                request,
                _(
                    "Bagian ini belum lengkap: perbaiki isian yang ditandai. Isian Anda sudah "
                    "disimpan sebagai draf."
                ),
            )
        else:
            if done:
                messages.success(request, _("Tersimpan: %(section)s.") % {"section": section.title})
            else:
                messages.info(
                    request, _("Draf tersimpan. Bagian ini belum lengkap; Anda dapat melanjutkannya nanti.")
                )
            following = _next_section(recommendation, section) if "continue" in request.POST else None
            target = (
                reverse("recommendation:recommendation_section", args=[code, following.key])
                if following
                else _form_url(service_request)
            )
            return redirect(target)
    else:
        form = recommendations.form_to_show(recommendation, section)
    all_sections = recommendations.sections(recommendation)
    return render(
        request,
        "recommendation/recommendation_section.html",
        {
            "service_request": service_request,
            "recommendation": recommendation,
            "section": section,
            "form": form,
            "note": recommendations.notes_to_fix(recommendation).get(section.key, ""),
            "position": all_sections.index(section) + 1,
            "count": len(all_sections),
            "office": service_request.office,
            "accept": ACCEPT_ATTRIBUTE,
            "is_variables": isinstance(form, VariablesForm),
            "is_attachments": isinstance(form, AttachmentsForm),
        },
        status=status,
    )


def _next_section(recommendation, section):
    ordered = recommendations.sections(recommendation)
    after = ordered[ordered.index(section) + 1 :]
    return next((s for s in after if not recommendations.is_done(recommendation, s)), None) or next(
        (s for s in ordered if not recommendations.is_done(recommendation, s)), None
    )


def check(request, draft):
    """Check your answers: every section, the standard's statements, then submit (once)."""
    if draft.channel == Channel.WALK_IN:
        messages.info(
            request,
            _(
                "Formulir ini sedang direkam petugas di meja layanan; Anda dapat "
                "mengikutinya setelah petugas mencatatnya."
            ),
        )
        return redirect("requests_app:mine")
    recommendation = draft.recommendation
    requirements = draft.section.requirements_for(request.user.segment)
    data = request.POST if request.method == "POST" else None  # nothing ticked is still a submission
    form = SubmitRecommendationForm(data, requirements=requirements)
    missing = recommendations.missing_sections(recommendation)
    if request.method == "POST" and form.is_valid() and not missing:
        try:
            recommendations.submit(draft, request.user, form.confirmed_ids(), language=get_language())
        except workflow.ActionRefused as refused:
            draft.refresh_from_db()
            if draft.status != Status.DRAFT:  # a double submit: the first one won
                return redirect("requests_app:confirmation", draft.code)
            messages.error(request, str(refused))
        else:
            return redirect("requests_app:confirmation", draft.code)
    return render(
        request,
        "recommendation/recommendation_check.html",
        {
            "service_request": draft,
            "recommendation": recommendation,
            "form": form,
            "missing": missing,
            "form_rows": recommendations.progress(recommendation),
            "office": draft.office,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.OFFICER)
@require_POST
def record_at_desk(request, code):
    service_request = _editable(request, code)
    try:
        recommendations.record_at_desk(service_request, request.user)
    except workflow.ActionRefused as refused:
        messages.error(request, str(refused))
        return redirect(_form_url(service_request))
    messages.success(request, _("Formulir dicatat lengkap; tenggat 30 hari kerja mulai dihitung."))
    return redirect(service_request.get_staff_url())


@role_required(Role.OFFICER)
def walk_in(request):
    """Seed 003/004 at the desk: the agency's account is found or made, and the officer records the
    form with it."""
    office = request.user.office
    standard = selectors.standard_in_force(office.code, SERVICE)
    if not standard.sections.filter(channel=Channel.WALK_IN).exists():
        raise Http404("This office does not serve recommendations at the desk.")
    from services.recommendation.forms import WalkInAgencyForm

    guest = walk_in_guest(request)  # the guest book's entry of the ticket served, when there is one
    form = WalkInAgencyForm(request.POST or None, initial={
        key: guest[key] for key in ("email", "full_name", "phone", "institution") if key in guest})
    found = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        told = {key: data[key] for key in ("full_name", "phone", "institution", "agency_unit")}
        told_agency = {**told, "segment": Segment.GOVERNMENT}
        found = desk.visitor_from_form(request, form, told_agency)
    if found is not None:
        agency, created = found
        refused = service_for_slug(SERVICE).filing_refusal(desk.as_told(agency, told_agency))
        if refused:
            form.add_error("email", refused)
        else:
            service_request = recommendations.start(
                agency, standard, data["form"], uuid.uuid4(), channel=Channel.WALK_IN
            )
            desk.record_told(service_request, **told)
            announce_walk_in(request, service_request)
            desk.welcome(
                request, agency, created,
                new_account=_("Akun instansi dibuat; penanggung jawab menerima email untuk "
                              "membuat kata sandi. Rekam formulirnya sekarang."),
                existing_account=_("Formulir dibuat pada akun instansi yang sudah ada. "
                                   "Rekam isiannya sekarang."),
            )
            return redirect(_form_url(service_request))
    drafts = (
        visible_requests(request.user).filter(
            office=office, service_kind=standard.service_kind, channel=Channel.WALK_IN, status=Status.DRAFT
        )
        .select_related("visitor", "recommendation", "desk_details")
        .order_by("-created_at")
    )
    context = {"form": form, "office": office, "standard": standard, "drafts": drafts}
    return render(request, "recommendation/walk_in_recommendation.html", context,
                  status=400 if form.errors else 200)


# ---------------------------------------------------------------- officer and head


def staff_context(service_request, user, *, review_form=None, letter_form=None):
    """What the recommendation panel of the staff page shows and offers."""
    recommendation = service_request.recommendation
    letter = getattr(service_request, "letter", None)
    context = {
        "recommendation": recommendation,
        "letter": letter,
        "rounds": rounds.round_history(recommendation),
        "form_rows": recommendations.progress(recommendation),
    }
    # What the rules allow this person now, nothing else.
    may_review = workflow.may(service_request, Action.DECLARE_FEASIBLE, user) or workflow.may(
        service_request, Action.RETURN, user
    )
    if may_review:
        context["review_form"] = review_form or ReviewForm(
            sections=recommendations.sections(recommendation),
            initial={"version": service_request.version},
        )
    if workflow.may(service_request, Action.DRAFT_LETTER, user):
        initial = {"version": service_request.version}
        if letter is not None:
            initial.update(subject=letter.subject, addressee=letter.addressee, body=letter.body)
        else:
            initial.update(letters.letter_defaults(service_request))
        context["letter_form"] = letter_form or LetterForm(initial=initial, auto_id="letter_%s")
    approve = workflow.rule_for(service_request, Action.APPROVE)
    kind = workflow.actor_kind(service_request, user)
    if kind in approve.actors and service_request.status in approve.sources:
        # Why there is no approve button (the office's template, the portal's address), said plainly.
        context["approval_refusal"] = workflow.refusal(service_request, approve, user)
    return context


def _staff_page(request, service_request, status, **forms):
    from requests_app.staff_views import render_staff_detail

    return render_staff_detail(request, service_request, recommendation_forms=forms, status=status)


@role_required(Role.OFFICER)
@require_POST
def review(request, code):
    service_request = _recommendation_request(request.user, code)
    form = ReviewForm(request.POST, sections=recommendations.sections(service_request.recommendation))
    if not form.is_valid():
        return _staff_page(request, service_request, 400, review_form=form)
    try:
        recommendations.review(
            service_request,
            request.user,
            feasible=form.cleaned_data["outcome"] == ReviewForm.FEASIBLE,
            checklist=form.checklist(),
            section_notes=form.section_notes(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except workflow.ActionRefused as refused:
        service_request.refresh_from_db()
        form.add_error(None, str(refused))
        return _staff_page(request, service_request, 409, review_form=form)
    if form.cleaned_data["outcome"] == ReviewForm.FEASIBLE:
        messages.success(request, _("Formulir dinyatakan layak. Susun surat rekomendasinya."))
    else:
        messages.success(request, _("Formulir dikembalikan kepada instansi dengan catatan; tenggat dijeda."))
    return redirect(service_request.get_staff_url() + "#rekomendasi")


@role_required(Role.OFFICER)
@require_POST
def letter(request, code):
    service_request = _recommendation_request(request.user, code)
    form = LetterForm(request.POST, auto_id="letter_%s")
    if not form.is_valid():
        return _staff_page(request, service_request, 400, letter_form=form)
    data = form.cleaned_data
    try:
        letters.draft_letter(
            service_request,
            request.user,
            subject=data["subject"],
            addressee=data["addressee"],
            body=data["body"],
            expected_version=data["version"],
            for_approval="for_approval" in request.POST,
        )
        if "for_approval" in request.POST:
            messages.success(request, _("Surat diajukan kepada kepala kantor untuk disetujui."))
        else:
            messages.success(request, _("Draf surat tersimpan."))
    except workflow.ActionRefused as refused:
        service_request.refresh_from_db()
        form.add_error(None, str(refused))
        return _staff_page(request, service_request, 409, letter_form=form)
    return redirect(service_request.get_staff_url() + "#surat")


@role_required(Role.OFFICER, Role.HEAD)
def letter_preview(request, code):
    """The letter as it would print, marked DRAF: nothing is numbered or stored."""
    service_request = get_request_for(request.user, code)
    letter_row = Letter.objects.filter(request=service_request).select_related("office", "request").first()
    if letter_row is None or letter_row.is_issued:
        raise Http404("No draft letter.")
    content = letters.render_letter(letter_row, draft=True)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draf-surat-{service_request.code}.pdf"'
    return response


# ---------------------------------------------------------------- the issued letter


def letter_download(request, code):
    """The stored PDF, unchanged: for the agency and the office's staff."""
    if not request.user.is_authenticated:
        raise Http404("No such letter.")
    service_request = get_request_for(request.user, code)
    if request.user.role == Role.VISITOR and service_request.visitor_id != request.user.pk:
        raise Http404("No such letter.")
    letter_row = getattr(service_request, "letter", None)
    if letter_row is None or not letter_row.is_issued:
        raise Http404("No issued letter.")
    name = f"surat-rekomendasi-{service_request.code}.pdf"
    return FileResponse(
        letter_row.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


def verify(request, code):
    """Anyone: is this letter genuine? Its details and fingerprint, and a comparison of a copy."""
    letter_row = verification.find_issued_letter(code)
    if letter_row is None:
        return render(request, "recommendation/verify_unknown.html", {"code": code[:40]}, status=404)
    uploaded = None
    form = CompareLetterForm()
    if request.method == "POST":
        form = CompareLetterForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["pdf"]
    return render(
        request,
        "recommendation/verify.html",
        {
            "letter": letter_row,
            "form": form,
            "verdict": verification.verdict(letter_row, uploaded),
            "office": letter_row.office,
        },
        status=400 if form.errors else 200,
    )


def verify_lookup(request):
    typed = request.GET.get("kode", "").strip()
    if typed:
        code = normalize_letter_code(typed)
        if not code:  # not the shape of a letter code (e.g. a letter number): nothing to look up
            return render(request, "recommendation/verify_unknown.html", {"code": typed[:40]}, status=404)
        return redirect("recommendation:verify_letter", code)
    return render(request, "recommendation/verify_lookup.html", {})


@cached_public_page  # its first page; a search or another page is rendered each time
def register(request):
    register_filter = RegisterFilter(request.GET or None, queryset=register_rows())
    if not register_filter.is_bound:
        rows = register_rows()
    else:  # a value the filter does not offer (an office with no letters yet) matches nothing
        rows = register_filter.qs if register_filter.is_valid() else register_rows().none()
    page = Paginator(rows, 20).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "recommendation/register.html",
        {
            "filter": register_filter,
            "page": page,
            "page_query": query.urlencode(),
        },
    )


def is_recommendation(service_request):
    return hasattr(service_request, "recommendation")


def visitor_context(request, service_request):
    """The recommendation panel of the agency's own page."""
    recommendation = service_request.recommendation
    letter_row = getattr(service_request, "letter", None)
    return {
        "recommendation": recommendation,
        "letter": letter_row if letter_row is not None and letter_row.is_issued else None,
        "form_rows": recommendations.progress(recommendation, recommendations.notes_to_fix(recommendation)),
        "rounds": rounds.round_history(recommendation),
        "can_edit_form": recommendations.may_edit(service_request, request.user),
    }

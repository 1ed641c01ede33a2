"""Consultation pages: the conversation (updated in place with htmx), meetings, walk-in records,
and officers' knowledge-base articles."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.roles import role_required
from accounts.session_lifetime import background_refresh
from requests_app import workflow
from requests_app.access import get_request_for, is_staff_of
from requests_app.registry import service_for
from requests_app.signals import announce_walk_in, walk_in_guest
from services.catalogue.models import Standard
from services.consultation import conversation as consultation
from services.consultation.forms import ArticleForm, MeetingForm, MessageForm, WalkInConsultationForm
from services.consultation.models import Article
from services.consultation.pages import conversation_context
from services.consultation.rules import Action
from services.consultation.service import ConsultationService


def _conversation_request(user, code):
    service_request = get_request_for(user, code)
    if service_for(service_request).slug != ConsultationService.slug:
        raise Http404("This service has no conversation.")
    return service_request


@background_refresh  # polled every 20 s by the open page: no activity of the person
@login_required
def conversation_partial(request, code):
    """The message list alone, for htmx to refresh in place (the form being written is untouched)."""
    service_request = _conversation_request(request.user, code)
    return render(request, "consultation/_conversation_messages.html",
                  conversation_context(request.user, service_request))


@login_required
@require_POST
def post_message(request, code):
    service_request = _conversation_request(request.user, code)
    status_before = service_request.status
    form = MessageForm(request.POST, request.FILES, auto_id="message_%s")
    error = None
    if form.is_valid():
        try:
            consultation.post_message(service_request, request.user, form.cleaned_data["body"],
                                      form.cleaned_data["files"], language=get_language())
        except workflow.ActionRefused as refused:
            error = str(refused)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    back = service_request.get_staff_url() if is_staff_of(request.user, service_request) \
        else service_request.get_absolute_url()
    if request.htmx:
        service_request.refresh_from_db()
        context = conversation_context(request.user, service_request)
        context["error"] = error
        response = render(request, "consultation/_conversation_messages.html", context)
        if not error:
            response["HX-Trigger"] = "messageSent"
        if service_request.status != status_before:
            # The officer's first message started processing: the page's actions changed with it.
            response["HX-Refresh"] = "true"
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Pesan terkirim."))
    return redirect(back + "#percakapan")


@role_required(Role.OFFICER)
@require_POST
def propose_meeting(request, code):
    service_request = _conversation_request(request.user, code)
    form = MeetingForm(request.POST, office=service_request.office, auto_id="meeting_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            consultation.propose_meeting(
                service_request, request.user, kind=data["kind"], starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"], place=data["place"], link=data["link"],
                note=data["note"],
            )
            messages.success(request, _("Usulan pertemuan terkirim kepada pengguna layanan."))
            return redirect(service_request.get_staff_url() + "#percakapan")
        except workflow.ActionRefused as refused:
            service_request.refresh_from_db()
            form.add_error(None, str(refused))
    from requests_app.staff_views import render_staff_detail

    return render_staff_detail(request, service_request, meeting_form=form, status=400)


@role_required(Role.VISITOR)
@require_POST
def answer_meeting(request, code, token):
    service_request = _conversation_request(request.user, code)
    accept = request.POST.get("jawaban") == "terima"
    try:
        consultation.answer_meeting(service_request, request.user, token, accept,
                                    note=request.POST.get("note", "")[:2000], language=get_language())
        messages.success(request, _("Pertemuan diterima. Undangan kalendernya sudah kami kirim bersama "
                                    "usulan pertemuan ini.") if accept
                         else _("Usulan pertemuan ditolak. Petugas akan menghubungi Anda."))
    except workflow.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect(service_request.get_absolute_url() + "#percakapan")


@role_required(Role.OFFICER)
def walk_in(request):
    """Record a consultation answered at the desk."""
    standard = (Standard.objects.in_force()
                .filter(office=request.user.office, service_kind__slug="konsultasi")
                .select_related("office", "service_kind").first())
    if standard is None:
        raise Http404("This office has no consultation standard in force.")
    guest = walk_in_guest(request)  # the guest book's entry of the ticket served, when there is one
    form = WalkInConsultationForm(request.POST or None, initial={
        "guest_name": guest.get("full_name"), "guest_contact": guest.get("email") or guest.get("phone"),
        "guest_institution": guest.get("institution"), "question": guest.get("purpose")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded = consultation.record_walk_in(
            request.user, standard, guest_name=data["guest_name"], guest_contact=data["guest_contact"],
            guest_institution=data["guest_institution"], topic=data["topic"], question=data["question"],
            answer=data["answer"], duration_minutes=data["duration_minutes"],
        )
        announce_walk_in(request, recorded)
        messages.success(request, _("Konsultasi kunjungan langsung tercatat dengan kode %(code)s.")
                         % {"code": recorded.code})
        return redirect(recorded.get_staff_url())
    return render(request, "consultation/walk_in.html", {"form": form, "office": request.user.office})


@role_required(Role.OFFICER)
@require_POST
def make_article(request, code):
    service_request = _conversation_request(request.user, code)
    try:
        with transaction.atomic():
            workflow.perform(service_request, Action.MAKE_ARTICLE, request.user)
            article = consultation.article_from_consultation(service_request, request.user)
    except workflow.ActionRefused as refused:
        messages.error(request, str(refused))
        return redirect(service_request.get_staff_url())
    messages.success(request, _("Draf artikel dibuat dari jawaban ini, tanpa identitas pengguna layanan. "
                                "Periksa dan terbitkan."))
    return redirect("consultation:article_edit", article.pk)


def _office_articles(user):
    return Article.objects.filter(office=user.office)


@role_required(Role.OFFICER, Role.HEAD)
def articles(request):
    return render(request, "consultation/articles.html", {
        "articles": _office_articles(request.user).order_by("-updated_at"), "office": request.user.office,
    })


@role_required(Role.OFFICER, Role.HEAD)
def article_edit(request, pk=None):
    article = get_object_or_404(_office_articles(request.user), pk=pk) if pk else None
    published = article is not None and article.status == Article.Status.PUBLISHED
    form = ArticleForm(request.POST or None, instance=article, initial={"publish": published})
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        if article is None:
            edited.office = request.user.office
            edited.author = request.user
            edited.slug = consultation.unique_article_slug(edited.title)
        edited.status = Article.Status.PUBLISHED if form.cleaned_data["publish"] else Article.Status.DRAFT
        edited.save()
        messages.success(request, _("Artikel tersimpan.") if edited.status == Article.Status.DRAFT
                         else _("Artikel terbit."))
        return redirect("consultation:article_edit", edited.pk)
    return render(request, "consultation/article_edit.html", {"form": form, "article": article})


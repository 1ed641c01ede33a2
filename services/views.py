from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from . import knowledge, selectors
from .models import Article, Channel
from .pdf import render_pdf


def home(request):
    return render(
        request,
        "services/home.html",
        {"groups": selectors.offices_by_province(), "service_kinds": selectors.service_kinds()},
    )


def catalogue(request):
    return render(
        request,
        "services/catalogue.html",
        {"groups": selectors.offices_by_province(), "service_kinds": selectors.service_kinds()},
    )


def standard_detail(request, office_code, service_slug):
    standard = selectors.standard_in_force(office_code, service_slug)
    return render(
        request,
        "services/standard_detail.html",
        {
            "standard": standard,
            "office": standard.office,
            "earlier_versions": selectors.earlier_versions(standard),
            "has_online_channel": any(s.channel == Channel.ONLINE for s in standard.sections.all()),
        },
    )


def standard_pdf(request, office_code, service_slug):
    standard = selectors.standard_in_force(office_code, service_slug)
    pdf = render_pdf("services/standard_pdf.html", {"standard": standard, "office": standard.office})
    filename = slugify(f"standar-pelayanan-{standard.office.code}-{standard.service_kind.slug}") + ".pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def knowledge_base(request):
    """Search the knowledge base, or browse it by topic."""
    query = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topik", "")
    hits = knowledge.search(query) if query else None
    articles = Article.objects.published().select_related("office").order_by("topic", "title")
    if topic in Article.Topic.values:
        articles = articles.filter(topic=topic)
    return render(request, "services/knowledge.html", {
        "query": query, "hits": hits, "articles": articles, "topics": Article.Topic.choices, "topic": topic,
    })


def article_detail(request, slug):
    article = Article.objects.select_related("office").filter(slug=slug).first()
    user = request.user
    may_preview = article is not None and user.is_authenticated and (
        user.is_staff or (article.office_id and article.office_id == user.office_id)
    )
    if article is None or (article.status != Article.Status.PUBLISHED and not may_preview):
        raise Http404("No such article.")
    return render(request, "services/article.html", {"article": article})

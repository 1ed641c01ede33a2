from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from . import knowledge, pricing, selectors
from .models import Article, Channel, Office, Product
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


def product_catalogue(request):
    """Products of every office, searchable by title, survey and variable, with their full price."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("jenis", "")
    office_code = request.GET.get("kantor", "")
    products = Product.objects.available().select_related("office")
    if query:
        products = products.filter(
            Q(title__icontains=query) | Q(survey__icontains=query) | Q(area__icontains=query)
            | Q(variables__label__icontains=query) | Q(variables__name__iexact=query)
        ).distinct()
    if kind in Product.Kind.values:
        products = products.filter(kind=kind)
    if office_code:
        products = products.filter(office__code=office_code)
    page = Paginator(products.order_by("office__code", "kind", "-year", "title"), 20).get_page(
        request.GET.get("halaman"))
    return render(request, "services/products.html", {
        "page": page, "query": query, "kind": kind, "office_code": office_code,
        "kinds": Product.Kind.choices,
        "offices": Office.objects.filter(is_active=True, products__is_active=True)
        .distinct().order_by("code"),
    })


def product_detail(request, office_code, slug):
    product = pricing.products_with_variables().filter(office__code=office_code, slug=slug).first()
    if product is None:
        raise Http404("No such product.")
    try:
        full = pricing.quote_line(product)
    except pricing.PricingError:
        full = None
    return render(request, "services/product.html", {
        "product": product, "office": product.office, "full": full,
        "variables": list(product.variables.all()),
        "sales": selectors.product_sales(product.office),
        "terms": pricing.price_terms(product) if full else None,
    })

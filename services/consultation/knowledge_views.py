from django.http import Http404
from django.shortcuts import render

from services.consultation import knowledge
from services.consultation.models import Article


def knowledge_base(request):
    """Search the knowledge base, or browse it by topic."""
    query = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topik", "")
    hits = knowledge.search(query) if query else None
    articles = Article.objects.published().select_related("office").order_by("topic", "title")
    if topic in Article.Topic.values:
        articles = articles.filter(topic=topic)
    return render(request, "consultation/knowledge.html", {
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
    return render(request, "consultation/article.html", {"article": article})



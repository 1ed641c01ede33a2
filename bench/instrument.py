"""The yardstick view and the query counter, served only under bench.settings."""
from django.db import connections
from django.shortcuts import render

from services.catalogue.models import Office

QUERIES_HEADER = "X-Bench-Queries"


class QueryCounter:
    """A ``connection.execute_wrapper``: counts every statement run through it."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    """Writes the number of queries an answer took (every database alias) into ``X-Bench-Queries``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCounter()
        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERIES_HEADER] = str(counter.count)
        return response


def yardstick(request):
    """What every page is compared with: one query on a unique index and a tiny template."""
    office = Office.objects.filter(code=request.GET.get("office", "6500")).first()
    return render(request, "bench/yardstick.html", {"office": office})
